"""ANS rules over a unit's description: peuplement flags, quality warnings, value validation.

Pure functions over :mod:`ror_assistant.description` models and the nomenclature catalog — no
database, no front end — so the interview, the review sheet and the campaign tracking compute
exactly the same thing. Rule codes (FG_Contact, CO1, RE1.2…) are those of the ANS BI views
described in docs/rules.md and ror-model.md §3–4.
"""

from ror_assistant.rules.peuplement import (
    FinessAuthorisation,
    FlagReason,
    SiteDescription,
    SiteStatusRow,
    Status,
    UnitFlags,
    site_status,
    unit_flags,
)
from ror_assistant.rules.quality import QualityWarning, Severity, site_warnings, unit_warnings
from ror_assistant.rules.validation import (
    Age,
    AgeRange,
    Checked,
    Phone,
    ValidationError,
    check_age_range,
    check_email,
    check_finess,
    check_phone,
    check_postal_code,
    check_siren,
    check_siret,
    parse_age,
    parse_age_range,
)

__all__ = [
    "Age", "AgeRange", "Checked", "FinessAuthorisation", "FlagReason", "Phone", "QualityWarning",
    "Severity", "SiteDescription", "SiteStatusRow", "Status", "UnitFlags", "ValidationError",
    "check_age_range", "check_email", "check_finess", "check_phone", "check_postal_code",
    "check_siren", "check_siret", "parse_age", "parse_age_range", "site_status", "site_warnings",
    "unit_flags", "unit_warnings",
]
