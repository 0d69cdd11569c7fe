"""Free-text answer → ranked ROR codes with a verdict: sure, ambiguous or none.

The pipeline is normalise → lexicon → score → rank → verdict. The verdict rests on the *gap*
between the first two codes more than on the absolute score (field notes D: close scores
among top candidates are the norm; the gap decides). An ambiguous answer comes with a short
French follow-up question built from the labels in competition, e.g. "hospitalisation" →
« Hospitalisation complète, de jour ou de semaine ? ».

No UI and no database here: aliases learnt per establishment are passed in as a mapping
``alias_key(text) → code`` by the caller (see :mod:`ror_assistant.matching.aliases`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Literal

from ror_assistant.errors import UserError
from ror_assistant.matching.champ import derive_champ
from ror_assistant.matching.fields import FIELDS
from ror_assistant.matching.index import ValueSetIndex, build_index
from ror_assistant.matching.lexicon import Lexicon, load_lexicon
from ror_assistant.matching.normalize import Quantity, alias_key, normalize
from ror_assistant.matching.scoring import AGE_WORDS, score_concepts
from ror_assistant.matching.successors import SuccessorEntry, load_successors
from ror_assistant.nomenclature.catalog import Catalog, load_catalog
from ror_assistant.textfold import fold

Verdict = Literal["sure", "ambiguous", "none"]
Via = Literal["label", "lexicon", "alias", "successor", "code"]

SURE_SCORE = 60.0
"""Below this score the best code is never taken without asking."""
SURE_SCORE_LONG = 75.0
"""A long description (more than SHORT_ANSWER_WORDS words) shares words with many labels by
chance ("création du lien" → lien social): it needs a higher score to be sure."""
SURE_MARGIN = 15.0
"""Gap the best code needs over the next one to be sure."""
STRONG_SCORE = 80.0
STRONG_MARGIN = 10.0
"""A near-complete match ("réa néonat" → Réanimation spécialisée néonatale) needs a smaller gap."""
NONE_BELOW = 30.0
"""Below this score nothing is proposed as a match: verdict none."""
FOLLOW_UP_BAND = 10.0
"""Codes within this many points of the best one are named in the follow-up question."""
SUCCESSOR_FACTOR = 0.97
"""A successor reached through a deprecated label ranks just under an equally good active label."""
ACTIVITY_FOLLOW_UP = "Quelle est l'activité ou la spécialité de l'unité (par exemple cardiologie, oncologie médicale) ?"
"""Asked when an activité answer only says how (mode), for whom (age) or how many (lits)."""
CAPACITY_MODES = {"lits": "hospitalisation complète", "berceaux": "hospitalisation complète",
                  "couveuses": "hospitalisation complète"}
"""A capacity in lits states the mode: the SAE and ATIH count *lits* for hospitalisation complète
and *places* for partial hospitalisation (places stay undecided: jour, nuit, HAD, médico-social)."""
SUCCESSOR_SPLIT = 6.0
"""Points a deprecated code's successor loses, at most, against a co-successor whose own label
fits the answer better."""
SHORT_ANSWER_WORDS = 8
"""Only answers this short are split into several concepts; longer ones are descriptions."""

SPOTTED_FIELDS = ("activite", "mode", "public", "type_offre", "equipement", "acte")
"""Fields looked for in a long description by :meth:`Matcher.match_all` (champ is derived)."""
SURE_ONLY_FIELDS = frozenset({"type_offre", "equipement", "acte"})
"""Fields with many specialised codes: a description mentions them in passing, so only a sure
match is worth showing."""
HOSPITAL_MODES = frozenset({"09", "13", "28", "29", "30", "31", "33", "34"})
"""R213 modes that only health establishments use (hospitalisations, urgences, HAD)."""
CHAMP_CODES = ("01", "02", "03", "04")
"""Champs of health and médico-social units (05 Ville and 06 Social are not derived)."""

_CONCEPT_SEPARATORS = re.compile(r"\s+(?:et|&|\+)\s+|\s*[,;/+]\s*", re.IGNORECASE)
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
    labels = list(dict.fromkeys(_PARENTHESIS.sub("", candidate.label).strip() for candidate in candidates))
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


class Matcher:
    """Matches answers of every field of :data:`FIELDS`; build once, query many times."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon | None = None,
                 successors: Mapping[tuple[str, str], SuccessorEntry] | None = None) -> None:
        self.catalog = catalog
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.successors = successors if successors is not None else load_successors()
        self._indexes: dict[str, ValueSetIndex] = {}
        self._active: dict[str, dict[str, str]] = {}
        self._deprecated: dict[str, dict[str, str]] = {}
        for spec in FIELDS.values():
            if spec.value_set in self._indexes:
                continue
            active = catalog.active_concepts(spec.value_set)
            deprecated = [concept for concept in catalog.deprecated_concepts(spec.value_set)
                          if concept.code not in {item.code for item in active}]
            self._indexes[spec.value_set] = build_index(spec.value_set, active, deprecated)
            self._active[spec.value_set] = {concept.code: concept.libelle for concept in active}
            self._deprecated[spec.value_set] = {concept.code: concept.libelle for concept in deprecated}

    @classmethod
    def default(cls) -> "Matcher":
        """The matcher over the bundled nomenclatures and lexicon."""
        return cls(load_catalog())

    # -- public API -------------------------------------------------------------------
    def match(self, field_key: str, text: str, limit: int = 5,
              aliases: Mapping[str, str] | None = None) -> MatchResult:
        """Rank the active codes of ``field_key``'s value set for ``text``."""
        spec = FIELDS.get(field_key)
        if spec is None:
            raise UserError(f"Champ inconnu : « {field_key} ».",
                            f"utilisez l'un de : {', '.join(FIELDS)}.")
        normalized = normalize(text)
        quantities = list(normalized.quantities)
        ranked = self._rank(spec.key, spec.value_set, text)
        pinned = self._pinned(spec.value_set, text, aliases)
        if pinned is not None:
            ranked = [pinned, *[candidate for candidate in ranked if candidate.code != pinned.code]]
            return self._result(spec.key, text, ranked, limit, quantities, forced_sure=True)
        result = self._result(spec.key, text, ranked, limit, quantities)
        if result.verdict == "none" and spec.key == "activite" and self._only_other_fields(text):
            result.follow_up = ACTIVITY_FOLLOW_UP
        parts = self._concept_parts(spec.key, text, limit, result)
        if parts:
            return self._combine(spec.key, text, parts, limit, quantities)
        return result

    def match_all(self, text: str, limit: int = 5) -> dict[str, MatchResult]:
        """Every field a long description speaks about, for the interview's first open question.

        "Hôpital de jour d'oncologie pour adultes" → activite, mode, champ… Fields with many
        technical codes (équipement, acte) are kept only when sure, the others when not none.
        The champ d'activité, rarely written, is derived (:mod:`ror_assistant.matching.champ`)
        from champ words of the text and the matched activité; MCO by default is a question.
        """
        results: dict[str, MatchResult] = {}
        for key in SPOTTED_FIELDS:
            result = self.match(key, text, limit)
            if result.verdict == "sure" or (result.verdict == "ambiguous" and key not in SURE_ONLY_FIELDS):
                results[key] = result
        champ = self._champ(text, results.get("activite"), limit, results.get("mode"))
        if champ is not None:
            results["champ"] = champ
        return results

    def _champ(self, text: str, activite: MatchResult | None, limit: int,
               mode: MatchResult | None = None) -> MatchResult | None:
        """The champ derived from the text's champ words and the matched activité (:mod:`champ`)."""
        best = activite.best if activite is not None and activite.verdict != "none" else None
        hospital = bool(mode and mode.best and mode.best.code in HOSPITAL_MODES)
        evidence = derive_champ(text, (best.code, best.label, activite.verdict == "sure") if best else None,
                                hospital)
        if evidence is None:
            return None
        value_set = FIELDS["champ"].value_set
        label = self._active[value_set][evidence.code]
        score = 90.0 if evidence.sure else 50.0
        candidate = Candidate(evidence.code, label, value_set, score, (evidence.reason,), "label")
        others = [Candidate(code, other, value_set, score / 2, (), "label")
                  for code, other in self._active[value_set].items() if code != evidence.code and code in CHAMP_CODES]
        if evidence.sure:
            return MatchResult("champ", text, "sure", [candidate, *others][:limit], score / 2, None,
                               list(normalize(text).quantities))
        return MatchResult("champ", text, "ambiguous", [candidate, *others][:limit], score / 2,
                           f"Champ d'activité : {label} ?", list(normalize(text).quantities))

    def _only_other_fields(self, text: str) -> bool:
        """The answer states a mode, an age or a capacity but no activity ("hospit complète adultes")."""
        normalized = normalize(text)
        return bool(self.lexicon.foreign_spans(normalized.words, "activite") or normalized.quantities
                    or any(word.text in AGE_WORDS for word in normalized.words))

    def codes_of(self, field_key: str) -> dict[str, str]:
        """Active code → label of a field's value set (for display and validation)."""
        return dict(self._active[FIELDS[field_key].value_set])

    # -- ranking ----------------------------------------------------------------------
    def _rank(self, field_key: str, value_set: str, text: str) -> list[Candidate]:
        index = self._indexes[value_set]
        normalized = normalize(text)
        groups = self.lexicon.groups(normalized.words, field_key)
        if field_key == "mode":
            stated = {CAPACITY_MODES[quantity.unit] for quantity in normalized.quantities if quantity.unit in CAPACITY_MODES}
            for phrase in sorted(stated):
                groups += self.lexicon.groups(normalize(phrase).words, field_key)
        best: dict[str, Candidate] = {}
        scored = score_concepts(index, groups)
        direct = {index.concepts[position].concept.code: score for position, score, _, _ in scored
                  if index.concepts[position].concept.active}
        for position, score, matched, via_lexicon in scored:
            concept = index.concepts[position].concept
            via: Via = "lexicon" if via_lexicon else "label"
            if concept.active:
                found = [Candidate(concept.code, concept.libelle, value_set, score, matched, via)]
            else:
                codes = self._successor_codes(value_set, concept.code)
                # several successors ("Urgences gynéco-obstétricales" → 259 and 260): the one whose
                # own label fits the answer better comes first instead of a tie
                own_best = max((direct.get(code, 0.0) for code in codes), default=0.0) or 1.0
                found = [Candidate(code, self._active[value_set][code], value_set,
                                   score * SUCCESSOR_FACTOR
                                   - (SUCCESSOR_SPLIT * (1 - direct.get(code, 0.0) / own_best) if len(codes) > 1 else 0.0),
                                   matched, "successor", replaces=concept.code)
                         for code in codes]
            for candidate in found:
                current = best.get(candidate.code)
                if current is None or candidate.score > current.score:
                    best[candidate.code] = candidate
        return sorted(best.values(), key=lambda candidate: (-candidate.score, len(candidate.label), candidate.code))

    def _successor_codes(self, value_set: str, code: str) -> list[str]:
        """Active codes replacing deprecated ``code``: same label first, then the curated table."""
        label = fold(self._deprecated[value_set].get(code, ""))
        same_label = [active for active, text in self._active[value_set].items() if fold(text) == label]
        if same_label:
            return same_label
        entry = self.successors.get((value_set, code))
        if entry is None:
            return []
        return [successor for successor in entry.successors if successor in self._active[value_set]]

    def _pinned(self, value_set: str, text: str, aliases: Mapping[str, str] | None) -> Candidate | None:
        """A code the person typed, or the establishment's alias for this answer: it comes first."""
        if aliases:
            code = aliases.get(alias_key(text))
            if code in self._active[value_set]:
                return Candidate(code, self._active[value_set][code], value_set, 100.0, (text.strip(),), "alias")
        typed = text.strip()
        if typed in self._active[value_set]:
            return Candidate(typed, self._active[value_set][typed], value_set, 100.0, (typed,), "code")
        if typed in self._deprecated[value_set]:
            for code in self._successor_codes(value_set, typed):
                return Candidate(code, self._active[value_set][code], value_set, 100.0, (typed,), "successor",
                                 replaces=typed)
        return None

    # -- verdict ----------------------------------------------------------------------
    def _result(self, field_key: str, text: str, ranked: list[Candidate], limit: int,
                quantities: list[Quantity], forced_sure: bool = False) -> MatchResult:
        top = ranked[0].score if ranked else 0.0
        margin = top - ranked[1].score if len(ranked) > 1 else top
        if forced_sure:
            verdict: Verdict = "sure"
        elif not ranked or top < NONE_BELOW:
            verdict = "none"
        elif ((top >= (SURE_SCORE if len(normalize(text).words) <= SHORT_ANSWER_WORDS else SURE_SCORE_LONG)
               and margin >= SURE_MARGIN) or (top >= STRONG_SCORE and margin >= STRONG_MARGIN)):
            verdict = "sure"
        else:
            verdict = "ambiguous"
        follow_up = None
        if verdict == "ambiguous":
            close = [candidate for candidate in ranked[:3] if candidate.score >= top - FOLLOW_UP_BAND]
            follow_up = follow_up_question(close) or f"Voulez-vous dire « {ranked[0].label} » ?"
        kept = ranked[:limit] if verdict != "none" else []
        return MatchResult(field_key, text, verdict, kept, margin if ranked else 0.0, follow_up, quantities)

    # -- several concepts in one answer --------------------------------------------------
    def _concept_parts(self, field_key: str, text: str, limit: int, whole: MatchResult) -> list[MatchResult]:
        """Results per part of "cardio et pneumo", when the parts match better than the whole.

        "Chirurgie thoracique et pulmonaire" is one label: the whole matches it better than
        either part, so it stays one concept.
        """
        pieces = [piece for piece in _CONCEPT_SEPARATORS.split(text) if normalize(piece).words]
        if len(pieces) < 2 or len(normalize(text).words) > SHORT_ANSWER_WORDS:
            return []
        spec = FIELDS[field_key]
        parts = [self._result(field_key, piece, self._rank(field_key, spec.value_set, piece), limit,
                              list(normalize(piece).quantities)) for piece in pieces]
        if any(part.verdict == "none" for part in parts):
            return []
        codes = [part.candidates[0].code for part in parts]
        if len(set(codes)) < len(codes):
            return []
        whole_score = whole.candidates[0].score if whole.candidates else 0.0
        parts_score = sum(part.candidates[0].score for part in parts) / len(parts)
        return parts if parts_score > whole_score else []

    def _combine(self, field_key: str, text: str, parts: list[MatchResult], limit: int,
                 quantities: list[Quantity]) -> MatchResult:
        firsts = [part.candidates[0] for part in parts]
        rest = sorted((candidate for part in parts for candidate in part.candidates[1:]
                       if candidate.code not in {first.code for first in firsts}),
                      key=lambda candidate: -candidate.score)
        candidates = list(dict((candidate.code, candidate) for candidate in [*firsts, *rest]).values())
        verdict: Verdict = "sure" if all(part.verdict == "sure" for part in parts) else "ambiguous"
        follow_up = next((part.follow_up for part in parts if part.follow_up), None)
        margin = min(part.margin for part in parts)
        return MatchResult(field_key, text, verdict, candidates[:max(limit, len(firsts))], margin, follow_up,
                           quantities, parts)
