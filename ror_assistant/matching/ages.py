"""Age range hints from words of an answer: "adultes", "enfants", "plus de 65 ans".

The ROR patientèle is an age *range* (min and max with UCUM units, ror-model §2.3), not an
age-class code, so the interview needs numbers: "HDJ onco adultes" → 18 a to 120 a. Explicit
ages written by the person win over words. Bounds follow the ROR questionnaire defaults
(0 d to 120 a) and common French hospital practice (pediatrics up to 18 years).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ror_assistant.textfold import fold


class AgeRange(NamedTuple):
    min: int
    min_unit: str
    max: int
    max_unit: str


MAX_AGE = AgeRange(0, "d", 120, "a")
AGE_WORDS = frozenset({"adulte", "adultes", "enfant", "enfants", "adolescent", "adolescents", "ado", "ados"})
"""Words saying *who* is cared for (read by :func:`ror_assistant.matching.ages.age_range_hint`):
they belong to the public/age fields, not to the answer's coverage. They still complete a
label that contains them ("psy enfants" → Psychiatrie de l'enfant, through label coverage) but
a label lacking them loses nothing, and an answer made only of them matches nothing: "HDJ onco
adultes" is oncology, never "Psychiatrie adulte"."""


CHILD_AGE_WORDS = frozenset({"enfant", "enfants", "adolescent", "adolescents", "ado", "ados"})
"""The age words of children's care (pediatric labels cover children and adolescents)."""
PEDIATRIC_STEMS = ("pediatr", "pedopsy", "neonat")
"""Stem beginnings of the labels for children (« Médecine pédiatrique », « pédopsychiatrie »)."""


_WORD_RANGES: tuple[tuple[re.Pattern[str], AgeRange], ...] = tuple(
    (re.compile(pattern), age_range) for pattern, age_range in (
        (r"\b(?:nouveau-nes?|nouveaux-nes|neonat\w*|prematures?)\b", AgeRange(0, "d", 28, "d")),
        (r"\b(?:nourrissons?)\b", AgeRange(0, "d", 2, "a")),
        (r"\b(?:adolescents?|ados?)\b", AgeRange(12, "a", 18, "a")),
        (r"\b(?:enfants?|pediatri\w*|pedopsy\w*|ped)\b", AgeRange(0, "d", 18, "a")),
        (r"\b(?:personnes? agees?|sujets? ages?|geriatri\w*|geronto\w*|seniors?)\b", AgeRange(60, "a", 120, "a")),
        (r"\b(?:adultes?)\b", AgeRange(18, "a", 120, "a")),
    ))

_BETWEEN = re.compile(r"\b(?:de|entre)\s+(\d{1,3})\s*(?:ans\s+)?(?:a|et)\s+(\d{1,3})\s*ans\b")
_OVER = re.compile(r"\b(?:plus de|de plus de|au-dela de|a partir de|des|>=?)\s*(\d{1,3})\s*ans\b")
_UNDER = re.compile(r"\b(?:moins de|jusqu'a|<=?)\s*(\d{1,3})\s*ans\b")


def age_range_hint(text: str) -> AgeRange | None:
    """The age range the answer implies, or None when it says nothing about ages.

    Several age words widen the range ("enfants et adultes" → 0 d to 120 a).
    """
    folded = fold(text)
    if match := _BETWEEN.search(folded):
        return AgeRange(int(match.group(1)), "a", int(match.group(2)), "a")
    if match := _OVER.search(folded):
        return AgeRange(int(match.group(1)), "a", MAX_AGE.max, "a")
    if match := _UNDER.search(folded):
        return AgeRange(0, "d", int(match.group(1)), "a")
    found = [age_range for pattern, age_range in _WORD_RANGES if pattern.search(folded)]
    if not found:
        return None
    lowest = min(found, key=lambda item: (item.min_unit == "a", item.min))
    highest = max(found, key=lambda item: (item.max_unit == "a", item.max))
    return AgeRange(lowest.min, lowest.min_unit, highest.max, highest.max_unit)


_YEARS = r"(\d{1,3})\s*ans\b"
_SAID_RANGE = re.compile(r"\b(?:(?:de|entre|des|dès)\s+)?(\d{1,3})\s*(?:ans\s*)?(?:-|–|à|a|et)\s*" + _YEARS, re.IGNORECASE)
_SAID_OVER = re.compile(r"(?:\b(?:de\s+)?(?:plus\s+de|au-del[aà]\s+de|[aà]\s+partir\s+de|d[eè]s)\s*|[>≥]=?\s*)" + _YEARS,
                        re.IGNORECASE)
_SAID_UNDER = re.compile(r"(?:\b(?:moins\s+de|jusqu'[aà])\s*|[<≤]=?\s*)" + _YEARS, re.IGNORECASE)


def _age_word(low: int, high: int | None) -> str | None:
    """The public a range of years names, when it names one: adolescents from 11 to 21,
    children from below 11 (up to 18–21 with them), older people from 60, adults from 15 on."""
    if high is not None and low >= 11 and high <= 21:
        return "adolescents"
    if high is not None and high <= 21:
        return "enfants"
    if low >= 60 and (high is None or high >= 90):
        return "personnes âgées"
    if 15 <= low < 60 and (high is None or high >= 60):
        return "adultes"
    return None


def with_age_words(text: str) -> str:
    """``text`` with the ages said in years replaced by the public they name (« psychiatrie
    0-12 ans » → « psychiatrie enfants », « plus de 75 ans » → « personnes âgées »), so that
    a number weighs like the word a person could have typed; ages naming no one public
    (« dès 3 ans », « tout âge ») are left as they are."""
    if "ans" not in text.lower():
        return text

    def replace(match: re.Match[str], low: int, high: int | None) -> str:
        word = _age_word(low, high)
        if word is None:
            return match.group(0)
        return "" if fold(word) in fold(text) else word  # « enfants de 0 à 18 ans » says it once

    text = _SAID_RANGE.sub(lambda match: replace(match, int(match.group(1)), int(match.group(2))), text)
    text = _SAID_OVER.sub(lambda match: replace(match, int(match.group(1)), None), text)
    return _SAID_UNDER.sub(lambda match: replace(match, 0, int(match.group(1))), text)
