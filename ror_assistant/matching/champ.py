"""The champ d'activité (TRE_R227) of a described unit, derived rather than fuzzy-matched.

People rarely write the champ; fuzzy-matching the text against the four labels made « soins
intensifs » an SMR unit (« Soins Médicaux et de réadaptation »). The champ is instead read from
two kinds of evidence, each explainable:

* **words of the text** that name a champ or a structure only found in it: psychiatrie, CMP,
  CATTP (or written in full) → 03 PSY; SSR, SMR, soins de suite, réadaptation → 02 SMR; EHPAD,
  SSIAD, SAAD, IME, ESAT, MAS, FAM / EAM, EANM / foyer de vie, SAVS, SAMSAH, CMPP, médico-social
  → 04 (structures of art. L312-1 CASF);
* **the matched activité**: a psychiatric label → 03; a « Réadaptation … » / SSR label → 02; an
  activity of the médico-social prestation families (ASS_A14, which links R211 codes to the
  SERAFIN-PH and hors-SERAFIN families, restricted to the R211 prestation range 285–325, since
  A14 also links sanitary activities such as Soins palliatifs) → 04; any other activity → 01 MCO.

The verdict is ``sure`` only when the evidence is strong: a champ word in the text that no other
evidence contradicts, or a sure activité whose label belongs to one champ. MCO reached only
because nothing else was found is a question, never sure.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from ror_assistant.matching.heads import without_other_stays, without_partners
from ror_assistant.paths import nomenclatures_dir
from ror_assistant.textfold import fold

PSY, SMR, MCO, MS = "03", "02", "01", "04"

_TEXT_SIGNALS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((code, re.compile(pattern)) for code, pattern in (
    (PSY, r"\b(?:psychiatr\w*|pedopsy\w*|gerontopsy\w*|psychogeriatr\w*|cmp|cattp|cmpea|cmpi?|sante mentale"
          r"|centres? medico-? ?psychologiques?|centres? d ?'? ?accueil therapeutiques? a temps partiel)\b"),
    (SMR, r"\b(?:ssr|smr|soins de suite|readaptation|reeducation)\b"),
    (MS, r"\b(?:ehpad|ssiad|saad|spasad|sessad|ime|esat|mas|fam|eam|eanm|savs|samsah|cmpp|camsp|medico-? ?social\w*"
         r"|medico-? ?psycho-? ?pedagogiques?|instituts? medico-? ?educatifs?|residences? autonomie"
         r"|foyers? de vie|foyers? d ?'? ?accueil medicalises?|maisons? d ?'? ?accueil specialisees?"
         r"|lhss|lits? halte soins? sante|lits? d ?'? ?accueil medicalises?)\b"),
    (MCO, r"\b(?:mco|medecine,? chirurgie,? obstetrique)\b"),
))
_CMPP = re.compile(r"\b(?:cmpp|medico-? ?psycho-? ?pedagogiques?)\b")

_PSY_LABEL = re.compile(r"psychiatr")
_SMR_LABEL = re.compile(r"^readaptation|soins de suite|\(ssr\)|\bsmr\b")
MS_RANGE = range(285, 326)
"""R211 codes of the médico-social prestations (« Soins médicaux somatiques » … « Soutien aux
aidants »): the README of the development set and ASS_A14 both place them in the médico-social."""


@dataclass(frozen=True)
class ChampEvidence:
    code: str
    sure: bool
    reason: str


@cache
def medico_social_activities() -> frozenset[str]:
    """R211 codes of the médico-social prestation range that ASS_A14 also links to a family.

    ASS_A14 alone is not enough: it links sanitary activities too (Soins palliatifs 170,
    Addictologie 404, Pharmacie à usage intérieur 397 are SERAFIN prestations *as well*), so
    outside the 285–325 range a family link is not evidence of the médico-social champ.
    """
    codes = {f"{number:03d}" for number in MS_RANGE}
    path = nomenclatures_dir() / "nos" / "ASS_A14-FamilleActivite-ActiviteOperationnelle.csv"
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            linked = {row["code_activite_R211"] for row in csv.DictReader(handle) if row.get("code_activite_R211")}
        codes = {code for code in codes if code in linked} or codes
    return frozenset(codes)


_VISITING = re.compile(r"\b(?:equipes? mobiles?|mobiles?|se deplac\w*|deplacent|intervien\w*|a domicile|au domicile"
                       r"|(?:va|vont|allons|passe|passent) (?:aussi |egalement )?(?:en|dans))\b")
_VISITED = re.compile(r"\b(?:en|dans les|dans le|aupres des?|aux)\s+(?:services\s+|secteur\s+)?(?:ehpad|mas|fam|eam|foyers?|ime"
                      r"|esat|ssr|smr|mco|medico-? ?social)\b")
_RECIPIENTS = re.compile(r"\baux\s+(?:ehpad|mas|fam|eam|foyers|ime|esat)\b")
"""« conseils aux services et aux EHPAD »: the establishments a unit serves are not the unit."""


def text_champs(text: str) -> set[str]:
    """Champs named by words of the text (a CMPP is médico-social, not a psychiatric CMP); not
    the structures a stay comes from or goes to (« avant retour ou SMR », :func:`without_other_stays`),
    nor those a visiting team goes into (« on se déplace en EHPAD et au domicile »)."""
    folded = without_partners(_RECIPIENTS.sub(" , ", fold(without_other_stays(text))))
    if _VISITING.search(folded):
        folded = _VISITED.sub(" , ", folded)
    found = {code for code, pattern in _TEXT_SIGNALS if pattern.search(folded)}
    if _CMPP.search(folded) and PSY in found and not re.search(r"\bpsychiatr", folded):
        found.discard(PSY)
    return found


def activity_champ(code: str, label: str) -> str:
    """The champ an activité belongs to, from its code and label."""
    folded = fold(label)
    if _PSY_LABEL.search(folded):
        return PSY
    if _SMR_LABEL.search(folded):
        return SMR
    if code in medico_social_activities():
        return MS
    return MCO


def derive_champ(text: str, activity: tuple[str, str, bool] | None,
                 hospital_mode: bool = False) -> ChampEvidence | None:
    """The champ for ``text`` given the best activité ``(code, label, sure)``, or None.

    ``hospital_mode``: the text states a hospital mode (HAD, hospitalisation, urgences…), so
    that without any activité MCO is still worth asking about."""
    in_text = text_champs(text)
    from_activity = activity_champ(activity[0], activity[1]) if activity else None
    activity_sure = bool(activity and activity[2])
    if len(in_text) == 1:
        (code,) = in_text
        agrees = from_activity in (None, code) or not activity_sure
        return ChampEvidence(code, agrees, "mot du texte")
    if len(in_text) > 1:
        code = from_activity if from_activity in in_text else sorted(in_text)[0]
        return ChampEvidence(code, False, "plusieurs champs nommés")
    if from_activity is None:
        return ChampEvidence(MCO, False, "mode hospitalier") if hospital_mode else None
    if from_activity != MCO:
        return ChampEvidence(from_activity, activity_sure, "activité")
    return ChampEvidence(MCO, False, "activité sanitaire")
