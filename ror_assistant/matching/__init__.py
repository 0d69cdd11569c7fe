"""Free-text answers → ROR nomenclature codes, with a verdict (sure, ambiguous, none).

Public API::

    from ror_assistant.matching import Matcher, MatchResult, Candidate, FIELDS
    matcher = Matcher.default()
    result = matcher.match("activite", "HDJ onco adultes")
"""

from ror_assistant.matching.ages import AgeRange, age_range_hint
from ror_assistant.matching.fields import FIELDS, Field
from ror_assistant.matching.matcher import Matcher
from ror_assistant.matching.results import Candidate, MatchResult, follow_up_question
from ror_assistant.matching.normalize import Quantity, alias_key, normalize

__all__ = ["FIELDS", "AgeRange", "Candidate", "Field", "MatchResult", "Matcher", "Quantity", "age_range_hint",
           "alias_key", "follow_up_question", "normalize"]
