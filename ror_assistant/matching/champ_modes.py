"""A mode read for a unit of the médico-social or social champ, in that champ's own terms.

People say « la journée », « ils dorment sur place », « séjours temporaires » of an EHPAD, an
IME or a CHRS as they would of a hospital ward, and the words read first as the hospital's
modes. The ROR keeps two families apart (ror-model.md, rules CP5/CP6): health establishments
hospitalise — complète (28), de jour (29), de nuit (30) —, médico-social and social structures
receive — hébergement (46), accueil de jour (47), accueil de nuit (48). Once the unit's champ
is known (confirmed at the champ question, or read sure from the description), a hospital mode
read in a médico-social unit is its counterpart: the same rhythm, the champ's word.

Measured in docs/matching.md, round 18. No gold of the benchmark sets gives a hospital mode to
a médico-social unit. The other direction holds in the SMR and psychiatry champs (round 20):
« 30 lits », « des séjours », « les résidents » of a SMR gériatrique or a psychogeriatric ward
read as an hébergement, but these champs hospitalise (of the 718 descriptions of
benchmarks/data in them, two list an hébergement). MCO is left as it is: hospitals do list
hébergement units (hôtels hospitaliers, maisons de parents) and the USLD houses its residents.
"""

from __future__ import annotations

from dataclasses import replace

from ror_assistant.matching.results import FOLLOW_UP_BAND, Candidate, MatchResult, follow_up_question

MEDICO_SOCIAL_CHAMPS = frozenset({"04", "06"})
"""TRE_R227 04 Médico-social and 06 Social."""
COUNTERPARTS = {"28": "46", "29": "47", "30": "48"}
"""Hospital mode → the médico-social mode of the same rhythm (TRE_R213)."""
HOSPITALISING_CHAMPS = frozenset({"02", "03"})
"""TRE_R227 02 SMR and 03 Psychiatrie: their stays are hospitalisations."""
HOSPITAL_COUNTERPARTS = {social: hospital for hospital, social in COUNTERPARTS.items()}
"""Médico-social mode → the hospital mode of the same rhythm."""


def in_champ(result: MatchResult, champ: str | None, labels: dict[str, str]) -> MatchResult:
    """``result`` (a mode reading) for a unit of ``champ``: in the médico-social and social
    champs, each hospital mode replaced by its counterpart; in the SMR and psychiatry champs,
    each médico-social one by its hospital counterpart; unchanged elsewhere (``labels``: the
    active mode labels), a code proposed once at its best score. When the two modes the reading
    hesitated between become one (« hôpital de jour » or « accueil de jour » in an EHPAD), the
    verdict is the reading's sure one; otherwise it is kept."""
    counterparts = (COUNTERPARTS if champ in MEDICO_SOCIAL_CHAMPS
                    else HOSPITAL_COUNTERPARTS if champ in HOSPITALISING_CHAMPS else {})
    if not any(candidate.code in counterparts for candidate in result.candidates) \
            or (result.best is not None and result.best.via in {"code", "alias"}):
        return result  # a code typed, an alias learnt: the person's own choice
    candidates: list[Candidate] = []
    for candidate in result.candidates:
        code = counterparts.get(candidate.code, candidate.code)
        if code not in labels or any(kept.code == code for kept in candidates):
            continue
        candidates.append(candidate if code == candidate.code
                          else replace(candidate, code=code, label=labels[code], replaces=None))
    if not candidates:
        return result
    merged = len(result.candidates) > 1 and candidates[0].code == counterparts.get(result.candidates[1].code,
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
