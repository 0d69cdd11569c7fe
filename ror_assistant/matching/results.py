"""What the matcher answers: ranked candidates, a verdict, and the follow-up question it asks
when unsure. Kept apart from the matcher so that what reads a result (the interview, the
champ's modes, the CLI) does not need the matcher's machinery."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

from ror_assistant.matching.normalize import Quantity
from ror_assistant.textfold import fold

Verdict = Literal["sure", "ambiguous", "none"]
Via = Literal["label", "lexicon", "alias", "successor", "code"]

FOLLOW_UP_BAND = 10.0
"""Codes within this many points of the best one are named in the follow-up question."""
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True)
class Candidate:
    """One proposed code. ``replaces`` names the deprecated code the answer pointed at, if any."""

    code: str
    label: str
    value_set: str
    score: float
    matched_words: tuple[str, ...] = ()
    via: Via = "label"
    replaces: str | None = None


@dataclass
class MatchResult:
    field: str
    text: str
    verdict: Verdict
    candidates: list[Candidate]
    margin: float = 0.0
    follow_up: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    concepts: list["MatchResult"] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def to_dict(self) -> dict:
        """Plain data for JSON output (CLI, logs): no Python objects left."""
        return {
            "query": self.text,
            "field": self.field,
            "verdict": self.verdict,
            "margin": round(self.margin, 1),
            "follow_up": self.follow_up,
            "quantities": [asdict(quantity) for quantity in self.quantities],
            "candidates": [{**asdict(candidate), "score": round(candidate.score, 1),
                            "matched_words": list(candidate.matched_words)} for candidate in self.candidates],
            "concepts": [concept.to_dict() for concept in self.concepts],
        }


def follow_up_question(candidates: list[Candidate]) -> str | None:
    """A short French question naming the codes in competition, sharing their common head.

    ["Hospitalisation complète (HC)", "Hospitalisation de jour (HJ)", "Hospitalisation de
    semaine (HS)"] → « Hospitalisation complète, de jour ou de semaine ? »
    """
    labels = list(dict.fromkeys(bare_label(candidate.label) for candidate in candidates))
    if len(labels) < 2:
        return None
    words = [label.split() for label in labels]
    common = 0
    while all(len(item) > common + 1 for item in words) and len({fold(item[common]) for item in words}) == 1:
        common += 1
    head = " ".join(words[0][:common])
    tails = [" ".join(item[common:]) for item in words]
    choices = ", ".join(tails[:-1]) + " ou " + tails[-1]
    if head:
        return f"{head} {choices} ?"
    return f"Précisez : {choices} ?"


def bare_label(label: str) -> str:
    """A label without its parenthesis (« Soins intensifs spécialisés cardiologie (USIC) » →
    « Soins intensifs spécialisés cardiologie »): how labels are named and compared in words."""
    return _PARENTHESIS.sub("", label).strip()
