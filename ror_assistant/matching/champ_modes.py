"""A mode read for a unit of the médico-social or social champ, in that champ's own terms.

People say « la journée », « ils dorment sur place », « séjours temporaires » of an EHPAD, an
IME or a CHRS as they would of a hospital ward, and the words read first as the hospital's
modes. The ROR keeps two families apart (ror-model.md, rules CP5/CP6): health establishments
hospitalise — complète (28), de jour (29), de nuit (30) —, médico-social and social structures
receive — hébergement (46), accueil de jour (47), accueil de nuit (48). Once the unit's champ
is known (confirmed at the champ question, or read sure from the description), a hospital mode
read in a médico-social unit is its counterpart: the same rhythm, the champ's word.

Measured in docs/matching.md, round 18. No gold of the benchmark sets gives a hospital mode to
a médico-social unit; the other direction (hébergement in a hospital) is not translated, as
health establishments do list hébergement units (hôtels hospitaliers, maisons de parents).
"""

from __future__ import annotations

from dataclasses import replace

from ror_assistant.matching.results import FOLLOW_UP_BAND, Candidate, MatchResult, follow_up_question

MEDICO_SOCIAL_CHAMPS = frozenset({"04", "06"})
"""TRE_R227 04 Médico-social and 06 Social."""
COUNTERPARTS = {"28": "46", "29": "47", "30": "48"}
"""Hospital mode → the médico-social mode of the same rhythm (TRE_R213)."""


def in_champ(result: MatchResult, champ: str | None, labels: dict[str, str]) -> MatchResult:
    """``result`` (a mode reading) for a unit of ``champ``: unchanged outside the médico-social
    and social champs; there, each hospital mode replaced by its counterpart (``labels``: the
    active mode labels), a code proposed once at its best score. When the two modes the reading
    hesitated between become one (« hôpital de jour » or « accueil de jour » in an EHPAD), the
    verdict is the reading's sure one; otherwise it is kept."""
    if champ not in MEDICO_SOCIAL_CHAMPS or not any(candidate.code in COUNTERPARTS for candidate in result.candidates):
        return result
    candidates: list[Candidate] = []
    for candidate in result.candidates:
        code = COUNTERPARTS.get(candidate.code, candidate.code)
        if code not in labels or any(kept.code == code for kept in candidates):
            continue
        candidates.append(candidate if code == candidate.code
                          else replace(candidate, code=code, label=labels[code], replaces=None))
    if not candidates:
        return result
    merged = len(result.candidates) > 1 and candidates[0].code == COUNTERPARTS.get(result.candidates[1].code,
                                                                                  result.candidates[1].code)
    margin = candidates[0].score - candidates[1].score if len(candidates) > 1 else candidates[0].score
    verdict = result.verdict
    if verdict == "ambiguous" and merged and margin >= result.margin:
        verdict = "sure"
    follow_up = None
    if verdict == "ambiguous":
        close = [candidate for candidate in candidates[:3] if candidate.score >= candidates[0].score - FOLLOW_UP_BAND]
        follow_up = follow_up_question(close) or f"Voulez-vous dire « {candidates[0].label} » ?"
    return replace(result, candidates=candidates, verdict=verdict, margin=margin, follow_up=follow_up,
                   concepts=[in_champ(part, champ, labels) for part in result.concepts])
