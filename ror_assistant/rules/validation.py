"""Validation of the values a référent types during the interview.

Every check returns a :class:`Checked`: either the normalised value (what storage keeps and
export writes) with a display form, or a French message saying what is wrong and how to fix
it. Nothing here raises on bad input; :meth:`Checked.unwrap` turns a refusal into a
:class:`ValidationError` for callers that prefer exceptions. Values that are accepted but
worth a second look (unknown phone range, Corsican FINESS key not checked) carry a ``notice``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, Literal, TypeVar

from ror_assistant.description import AgeUnit
from ror_assistant.errors import UserError
from ror_assistant.textfold import fold

T = TypeVar("T")


class ValidationError(UserError):
    """A typed value was refused; ``message`` says why, ``hint`` how to type it."""


@dataclass(frozen=True)
class Checked(Generic[T]):
    """Result of a check: ``value`` when accepted, else ``problem`` and ``hint`` in French."""

    value: T | None = None
    display: str = ""
    problem: str = ""
    hint: str = ""
    notice: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def unwrap(self) -> T:
        """The accepted value, or :class:`ValidationError` with the French message."""
        if self.problem or self.value is None:
            raise ValidationError(self.problem, self.hint or None)
        return self.value

    @classmethod
    def accept(cls, value: T, display: str, notice: str = "") -> "Checked[T]":
        return cls(value=value, display=display, notice=notice)

    @classmethod
    def reject(cls, problem: str, hint: str) -> "Checked[T]":
        return cls(problem=problem, hint=hint)


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) key check, used by SIREN, SIRET and FINESS numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _compact(text: str) -> str:
    return re.sub(r"[\s.\-_/]", "", text)


# -- phone numbers ---------------------------------------------------------------------------

Canal = Literal["1", "2"]  # JDV_J225: 1 Téléphone mobile, 2 Téléphone fixe

# Overseas departments dial like metropolitan France (10 digits, leading 0) but have their own
# country code: the first four digits say which (ARCEP plan). 06xx are their mobile ranges.
_OVERSEAS_PREFIXES = {
    "0262": "RE", "0263": "RE", "0692": "RE", "0693": "RE",
    "0269": "YT", "0639": "YT",
    "0590": "GP", "0690": "GP", "0691": "GP",
    "0594": "GF", "0694": "GF",
    "0596": "MQ", "0696": "MQ", "0697": "MQ",
}


@dataclass(frozen=True)
class Phone:
    """A phone number as ROR stores it (E.164) and as people read it, with the proposed canal."""

    e164: str
    national: str
    canal: Canal
    region: str

    @property
    def mobile(self) -> bool:
        return self.canal == "1"


def _pairs(digits: str) -> str:
    return " ".join(digits[index:index + 2] for index in range(0, len(digits), 2))


def check_phone(text: str) -> Checked[Phone]:
    """A French phone number typed in any usual way ("01 23 45 67 89", "+33 1 23 45 67 89",
    "0123456789", overseas "0262 …"), normalised to E.164 with the canal to propose
    (JDV_J225 1 = mobile for 06/07, 2 = fixe otherwise). Numbers of the right shape in a range
    the phonenumbers data does not know yet are accepted with a notice: allocations move
    faster than the library."""
    raw = text.strip()
    hint = "tapez les 10 chiffres, par exemple 01 23 45 67 89, ou le format international +33 1 23 45 67 89."
    if not raw:
        return Checked.reject("Aucun numéro saisi.", hint)
    if re.search(r"[^\d\s.\-+()]", raw):
        return Checked.reject(f"« {raw} » contient des caractères qui ne sont pas des chiffres.", hint)
    compact = re.sub(r"[^\d+]", "", raw)
    if compact.startswith(("+", "00")) and not compact.startswith(("+33", "0033")):
        return _foreign_phone(raw, hint)
    if compact.startswith(("+33", "0033")):
        compact = "0" + compact.removeprefix("+33").removeprefix("0033").removeprefix("0")
    if len(compact) == 9 and compact[0] != "0":
        return Checked.reject(f"« {raw} » n'a que 9 chiffres : il manque sans doute le 0 initial.",
                              f"essayez 0{compact[0]} {_pairs(compact[1:])}.")
    if not re.fullmatch(r"0[1-9]\d{8}", compact):
        return Checked.reject(f"« {raw} » n'est pas un numéro français à 10 chiffres commençant par 0.", hint)
    import phonenumbers  # deferred for start-up time (~10 ms)

    canal: Canal = "1" if compact[1] in "67" else "2"
    region = _OVERSEAS_PREFIXES.get(compact[:4], "FR")
    number = phonenumbers.parse(compact, region)
    if phonenumbers.is_valid_number(number):
        return Checked.accept(Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                                    _pairs(compact), canal, region), _pairs(compact))
    if compact[1] == "8":
        return Checked.reject(f"« {raw} » n'est pas un numéro spécial (08…) attribué.",
                              "vérifiez le numéro ou donnez plutôt le numéro direct du service.")
    e164 = f"+{phonenumbers.country_code_for_region(region)}{compact[1:]}"
    return Checked.accept(Phone(e164, _pairs(compact), canal, region), _pairs(compact),
                          notice="Ce numéro n'appartient à aucune tranche attribuée connue : vérifiez-le.")


def _foreign_phone(raw: str, hint: str) -> Checked[Phone]:
    import phonenumbers  # deferred for start-up time

    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return Checked.reject(f"« {raw} » n'est pas un numéro de téléphone reconnu.", hint)
    if not phonenumbers.is_valid_number(number):
        return Checked.reject(f"« {raw} » n'est pas un numéro valide pour l'indicatif +{number.country_code}.", hint)
    mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    region = phonenumbers.region_code_for_number(number) or ""
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    notice = "" if region in _OVERSEAS_PREFIXES.values() else "Numéro étranger : vérifiez qu'il est bien joignable depuis la France."
    return Checked.accept(Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                                display, "1" if mobile else "2", region), display, notice)


# -- e-mail ------------------------------------------------------------------------------------


def check_email(text: str) -> Checked[str]:
    """An e-mail address, normalised (domain in lower case); the domain is not queried."""
    # Deferred for start-up time: email_validator builds its grammar on import (~14 ms).
    from email_validator import EmailNotValidError, validate_email

    raw = text.strip()
    if not raw:
        return Checked.reject("Aucune adresse saisie.", "tapez une adresse du type prenom.nom@etablissement.fr.")
    try:
        normalised = validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError:
        if "@" not in raw:
            problem = f"« {raw} » n'a pas d'arobase (@)."
        elif raw.count("@") > 1:
            problem = f"« {raw} » contient plusieurs arobases (@)."
        else:
            problem = f"« {raw} » n'est pas une adresse électronique valide (partie après @ ou caractères interdits)."
        return Checked.reject(problem, "vérifiez l'adresse, elle doit ressembler à secretariat.cardio@chu-exemple.fr.")
    return Checked.accept(normalised, normalised)


# -- postal code -------------------------------------------------------------------------------

_OVERSEAS_POSTAL = {"971", "972", "973", "974", "975", "976", "977", "978", "980", "984", "986", "987", "988", "989"}


def check_postal_code(text: str) -> Checked[str]:
    """A French postal code: 5 digits, departments 01–95 (Corsica 20xxx), overseas 971–978,
    Monaco 980 and the collectivities 984–989."""
    raw = text.strip()
    compact = re.sub(r"\s", "", raw)
    hint = "le code postal a 5 chiffres, par exemple 44000 ou 01000."
    if re.fullmatch(r"\d{4}", compact):
        return Checked.reject(f"« {raw} » n'a que 4 chiffres : il manque sans doute le 0 initial.",
                              f"essayez 0{compact}.")
    if not re.fullmatch(r"\d{5}", compact):
        return Checked.reject(f"« {raw} » n'est pas un code postal à 5 chiffres.", hint)
    if "01" <= compact[:2] <= "95" or compact[:3] in _OVERSEAS_POSTAL:
        return Checked.accept(compact, compact)
    return Checked.reject(f"« {raw} » ne commence pas par un numéro de département existant.", hint)


# -- ages --------------------------------------------------------------------------------------

_DAYS_PER_UNIT: dict[str, Fraction] = {"j": Fraction(1), "mo": Fraction(1461, 48), "a": Fraction(1461, 4)}
_UNIT_WORDS: dict[str, AgeUnit] = {
    "j": "j", "jour": "j", "jours": "j", "d": "j",
    "mo": "mo", "m": "mo", "mois": "mo",
    "a": "a", "an": "a", "ans": "a", "annee": "a", "annees": "a", "y": "a",
}
_UNIT_LABELS = {"j": ("jour", "jours"), "mo": ("mois", "mois"), "a": ("an", "ans")}
MAX_AGE = Fraction(120) * _DAYS_PER_UNIT["a"]


@dataclass(frozen=True)
class Age:
    value: int
    unit: AgeUnit

    @property
    def days(self) -> Fraction:
        return self.value * _DAYS_PER_UNIT[self.unit]

    def __str__(self) -> str:
        singular, plural = _UNIT_LABELS[self.unit]
        return f"{self.value} {singular if self.value <= 1 else plural}"


@dataclass(frozen=True)
class AgeRange:
    """Patientèle ages as ROR stores them: minimum and maximum, each with its UCUM-like unit."""

    minimum: Age
    maximum: Age

    def __str__(self) -> str:
        if self.minimum.unit == self.maximum.unit:
            return f"{self.minimum.value} à {self.maximum}"
        return f"{self.minimum} à {self.maximum}"


_NUMBER_UNIT = r"(\d+)\s*([a-z]+)?"
_RANGE = re.compile(rf"^(?:de\s+)?{_NUMBER_UNIT}\s*(?:a|-|–|jusqu'a)\s*{_NUMBER_UNIT}$")
_SINGLE = re.compile(rf"^{_NUMBER_UNIT}$")
_AGE_HINT = "indiquez l'âge en chiffres avec son unité, par exemple « 18 ans », « 3 mois » ou « 0 à 17 ans »."


def _unit(word: str | None) -> AgeUnit | None:
    return _UNIT_WORDS.get(word) if word else None


def _bounded(age: Age, label: str) -> Checked[Age]:
    if age.days > MAX_AGE:
        return Checked.reject(f"L'âge {label} ({age}) dépasse 120 ans.",
                              "l'âge maximum conventionnel du ROR est 120 ans.")
    return Checked.accept(age, str(age))


def parse_age(text: str) -> Checked[Age]:
    """One age typed as "18 ans", "3 mois", "15 jours" (unit j / mo / a)."""
    folded = fold(text).strip()
    match = _SINGLE.match(folded)
    if not match:
        return Checked.reject(f"« {text.strip()} » n'est pas un âge en chiffres.", _AGE_HINT)
    unit = _unit(match.group(2))
    if unit is None:
        return Checked.reject(f"« {text.strip()} » : l'unité de l'âge manque ou n'est pas reconnue.",
                              "ajoutez « jours », « mois » ou « ans » après le nombre.")
    return _bounded(Age(int(match.group(1)), unit), "saisi")


def parse_age_range(text: str) -> Checked[AgeRange]:
    """An age range typed as "0 à 17 ans", "de 3 mois à 6 ans" or "18-90 ans". Words such as
    "adultes" are not ages: the interview maps them to a range itself, this only reads numbers."""
    folded = fold(text).strip()
    match = _RANGE.match(folded)
    if not match:
        return Checked.reject(f"« {text.strip()} » n'est pas une tranche d'âge en chiffres.",
                              "indiquez l'âge minimum et l'âge maximum, par exemple « 18 à 120 ans » ou « 0 à 17 ans ».")
    low_unit, high_unit = _unit(match.group(2)), _unit(match.group(4))
    if (match.group(2) and low_unit is None) or (match.group(4) and high_unit is None):
        return Checked.reject(f"« {text.strip()} » : unité d'âge non reconnue.", "utilisez « jours », « mois » ou « ans ».")
    notice = ""
    if high_unit is None:
        high_unit = low_unit or "a"
        notice = "" if low_unit else "Unité non précisée : les âges sont compris en années."
    return check_age_range(int(match.group(1)), low_unit or high_unit, int(match.group(3)), high_unit, notice)


def check_age_range(age_min: int, min_unit: AgeUnit, age_max: int, max_unit: AgeUnit, notice: str = "") -> Checked[AgeRange]:
    """Minimum ≤ maximum once both are converted to days, each between 0 and 120 years."""
    if age_min < 0 or age_max < 0:
        return Checked.reject("Un âge ne peut pas être négatif.", "utilisez 0 pour « dès la naissance ».")
    low, high = Age(age_min, min_unit), Age(age_max, max_unit)
    for age, label in ((low, "minimum"), (high, "maximum")):
        bounded = _bounded(age, label)
        if not bounded.ok:
            return Checked.reject(bounded.problem, bounded.hint)
    if low.days > high.days:
        return Checked.reject(f"L'âge minimum ({low}) est supérieur à l'âge maximum ({high}).",
                              "inversez les deux âges ou corrigez l'unité (jours, mois, ans).")
    result = AgeRange(low, high)
    return Checked.accept(result, str(result), notice)


# -- identifiers -------------------------------------------------------------------------------


def check_finess(text: str) -> Checked[str]:
    """A FINESS number: 9 characters, department 2A/2B allowed for Corsica, last digit a Luhn key
    on the whole number. The key is checked for all-digit numbers (verified on published
    numbers); for 2A/2B numbers the way letters enter the key is not documented, so only the
    format is checked and a notice says so."""
    raw = text.strip()
    compact = _compact(raw).upper()
    hint = "le numéro FINESS a 9 caractères, par exemple 750712184 (2A ou 2B en tête pour la Corse)."
    if len(compact) != 9:
        return Checked.reject(f"« {raw} » a {len(compact)} caractères au lieu de 9.", hint)
    if not re.fullmatch(r"(\d\d|2A|2B)\d{7}", compact):
        return Checked.reject(f"« {raw} » n'est pas au format FINESS (chiffres, 2A ou 2B seulement en tête).", hint)
    if compact[:2] in {"2A", "2B"}:
        return Checked.accept(compact, compact, notice="Numéro corse : la clé de contrôle n'a pas été vérifiée.")
    if not luhn_valid(compact):
        return Checked.reject(f"La clé de contrôle du numéro FINESS « {raw} » est fausse : un chiffre est sans doute mal tapé.",
                              "recopiez le numéro depuis finess.esante.gouv.fr ou l'arrêté d'autorisation.")
    return Checked.accept(compact, compact)


#: La Poste's SIRETs share one SIREN and do not follow Luhn: their digit sum is a multiple of 5.
LA_POSTE_SIREN = "356000000"


def check_siren(text: str) -> Checked[str]:
    """A SIREN: 9 digits with a Luhn key."""
    raw = text.strip()
    compact = _compact(raw)
    if not re.fullmatch(r"\d{9}", compact):
        return Checked.reject(f"« {raw} » n'est pas un SIREN : il faut 9 chiffres.", "le SIREN figure sur l'avis de situation INSEE (9 chiffres).")
    if not luhn_valid(compact):
        return Checked.reject(f"La clé de contrôle du SIREN « {raw} » est fausse : un chiffre est sans doute mal tapé.",
                              "vérifiez le numéro sur annuaire-entreprises.data.gouv.fr.")
    return Checked.accept(compact, f"{compact[:3]} {compact[3:6]} {compact[6:]}")


def check_siret(text: str) -> Checked[str]:
    """A SIRET: 14 digits with a Luhn key, except La Poste (SIREN 356000000) whose
    establishments are checked by a digit sum multiple of 5."""
    raw = text.strip()
    compact = _compact(raw)
    if not re.fullmatch(r"\d{14}", compact):
        return Checked.reject(f"« {raw} » n'est pas un SIRET : il faut 14 chiffres (SIREN + 5 chiffres).",
                              "le SIRET figure sur l'avis de situation INSEE de l'établissement.")
    if compact.startswith(LA_POSTE_SIREN):
        valid = luhn_valid(compact) or sum(int(char) for char in compact) % 5 == 0
    else:
        valid = luhn_valid(compact)
    if not valid:
        return Checked.reject(f"La clé de contrôle du SIRET « {raw} » est fausse : un chiffre est sans doute mal tapé.",
                              "vérifiez le numéro sur annuaire-entreprises.data.gouv.fr.")
    return Checked.accept(compact, f"{compact[:3]} {compact[3:6]} {compact[6:9]} {compact[9:]}")
