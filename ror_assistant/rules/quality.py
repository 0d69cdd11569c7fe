"""Quality warnings: the ANS "exigences qualité" that apply to a unit or an EG, plus the checks
the interview needs on top of them.

The ANS rules are transcriptions of the BI views ``V_DIM_ExigenceQualite_*`` (ror-model.md §4):
CO1, CO3, CP5, CP6 per unit; CO2, EX3–EX5 and RE1.2 per EG. Each warning names its rule code,
says in French what is wrong and how to fix it. Parts that need FINESS authorisations (CO1,
CO2, EX3–EX5) are only evaluated when the site's authorisations are known: an unknown is not an
écart. Product checks (codes ``NOS-OBSOLETE``, ``NOS-INCONNU``, ``AGE``) are not ANS rules;
they catch what would silently lower the peuplement or mislead the people reading the ROR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ror_assistant.description import CodedAnswer, UnitDescription
from ror_assistant.nomenclature import Catalog
from ror_assistant.rules.coded import concept_of
from ror_assistant.rules.peuplement import SiteDescription
from ror_assistant.rules.validation import check_age_range
from ror_assistant.textfold import fold


class Severity(StrEnum):
    ECART = "écart"  # an ANS quality requirement is not met: it shows on the ARS dashboards
    ATTENTION = "attention"  # a product check: the value is suspicious or will not count
    INFORMATION = "information"


@dataclass(frozen=True)
class QualityWarning:
    """One warning: rule code (CO1, RE1.2, NOS-OBSOLETE…), what is wrong, how to fix it."""

    code: str
    message: str
    fix: str
    severity: Severity
    unit_id: int | None = None
    unit_name: str = ""


def _warning(code: str, unit: UnitDescription | None, message: str, fix: str,
             severity: Severity = Severity.ECART) -> QualityWarning:
    return QualityWarning(code, message, fix, severity,
                          unit.id if unit else None, unit.nom if unit else "")


def _codes(answers: list[CodedAnswer]) -> set[str]:
    return {answer.code.strip() for answer in answers}


def _code(answer: CodedAnswer | None) -> str | None:
    return answer.code.strip() if answer is not None and answer.code.strip() else None


def _authorised(site: SiteDescription | None, activite: str, modalites: set[str]) -> bool | None:
    """Whether the EG holds a FINESS authorisation (activité, one of ``modalites``); None if unknown."""
    if site is None or site.authorisations is None:
        return None
    return any(auth.activite == activite and auth.modalite in modalites for auth in site.authorisations)


# -- CO1: urgences -------------------------------------------------------------------------------


def _co1(unit: UnitDescription, site: SiteDescription | None) -> list[QualityWarning]:
    """CO1: an open UE with mode 33 (Accueil des urgences) and AO 157 and/or 249 must have
    "urgence(s)" in its name, and its EG must hold the matching FINESS authorisation:
    activité 14 modalité 23 for AO 157, 14/24 for AO 249 (both when both are declared),
    as V_DIM_ExigenceQualite_CO1 computes it."""
    activities = _codes(unit.activites_operationnelles) & {"157", "249"}
    if _code(unit.mode_prise_en_charge) != "33" or not activities:
        return []
    warnings = []
    if "urgence" not in fold(unit.nom):
        warnings.append(_warning(
            "CO1", unit,
            f"L'offre « {unit.nom or 'sans nom'} » est un accueil des urgences mais son nom ne contient pas « urgence(s) ».",
            "Renommez l'offre, par exemple « Accueil des urgences adultes » ou « Urgences pédiatriques »."))
    needed = []
    if "157" in activities and _authorised(site, "14", {"23"}) is False:
        needed.append("médecine d'urgence (activité 14, modalité 23) pour les urgences polyvalentes (157)")
    if "249" in activities and _authorised(site, "14", {"24"}) is False:
        needed.append("urgences pédiatriques (activité 14, modalité 24) pour les urgences pédiatriques (249)")
    if needed:
        warnings.append(_warning(
            "CO1", unit,
            "L'établissement n'a pas l'autorisation FINESS de " + " ni de ".join(needed) + ".",
            "Vérifiez l'activité opérationnelle déclarée ; si l'autorisation existe, signalez à l'ARS l'écart avec FINESS."))
    return warnings


# -- CO3: unités sensibles -----------------------------------------------------------------------

#: Folded name fragments of V_DIM_ExigenceQualite_CO3 (SQL LIKE, accent/case-insensitive) and
#: how to show them. "service medico-psycologique" is the ANS spelling; the correct one is added.
SENSITIVE_KEYWORDS = {
    "uhsir": "UHSIR", "uhsi": "UHSI", "securisee interregionale": "sécurisée interrégionale",
    "securite inter-regionale": "sécurité inter-régionale", "securise": "sécurisé", "detenus": "détenus",
    "usmp": "USMP", "penitentia": "pénitentiaire", "uhsa": "UHSA", "specialement amenage": "spécialement aménagé",
    "service medico-psycologique": "service médico-psychologique",
    "service medico-psychologique": "service médico-psychologique",
    "ufdh": "UFDH", "umdh": "UMDH", "nrbc": "NRBC", "decontamination": "décontamination", "contamine": "contaminé",
}
#: EHPAD (500), centres de santé (124) and ville sectors hold "sécurisé" Alzheimer units, not UHSI.
CO3_EXCLUDED_CATEGORIES = frozenset({"500", "124", "SA05", "SA07", "SA08", "SA09"})
NRBC_ACTS = frozenset({"0006", "0007", "0008"})


def sensitive_keyword(name: str) -> str | None:
    """The CO3 keyword found in ``name``, as displayed ("SMPR" only when the name is not about
    réadaptation)."""
    folded = fold(name)
    for keyword, shown in SENSITIVE_KEYWORDS.items():
        if keyword in folded:
            return shown
    if "smpr" in folded and "readaptation" not in folded:
        return "SMPR"
    return None


def _co3(unit: UnitDescription, categorie: str | None) -> list[QualityWarning]:
    """CO3: a UE whose name (or its UF's name) carries a sensitive-unit keyword, or with AO 089
    (médecine pénitentiaire), must have uniteSensible = true (EG categories 500, 124 and ville
    sectors excluded); a UE flagged sensitive without any of these is listed too."""
    keyword = sensitive_keyword(unit.nom)
    parent = unit.oi_path[-1] if unit.oi_path else ""
    parent_keyword = sensitive_keyword(parent) if parent else None
    penitentiary = "089" in _codes(unit.activites_operationnelles)
    nrbc = sorted(NRBC_ACTS & _codes(unit.codes("acteSpecifique")))
    nrbc_note = f" Actes NRBC déclarés : {', '.join(nrbc)}." if nrbc else ""
    matched = (keyword or parent_keyword or penitentiary) and categorie not in CO3_EXCLUDED_CATEGORIES
    if matched and unit.unite_sensible is not True:
        if keyword:
            why = f"son nom contient « {keyword} »"
        elif parent_keyword:
            why = f"elle dépend de « {parent} »"
        else:
            why = "elle porte l'activité 089 Médecine pénitentiaire"
        return [_warning("CO3", unit,
                         f"L'offre « {unit.nom or 'sans nom'} » n'est pas déclarée unité sensible alors que {why}.{nrbc_note}",
                         "Cochez « Unité sensible » : son contenu sera masqué au grand public et aux profils non habilités.")]
    if unit.unite_sensible is True and not (keyword or parent_keyword or penitentiary):
        return [_warning("CO3", unit,
                         f"L'offre « {unit.nom or 'sans nom'} » est déclarée unité sensible sans nom ni activité "
                         f"d'unité sensible (UHSI, UHSA, USMP, SMPR, UMDH, NRBC, 089…).{nrbc_note}",
                         "Si c'est bien une unité sensible, indiquez-le dans son nom ; sinon décochez « Unité sensible ».")]
    return []


# -- CP5 / CP6: médico-social hébergement --------------------------------------------------------

CP6_CATEGORIES = frozenset(
    "178 182 183 186 188 189 190 192 194 195 196 197 198 202 207 209 221 228 238 246 249 252 253 255 "
    "354 370 377 379 381 382 390 395 396 402 437 445 446 448 449 460 500 501 502".split()
)
CP5_PH_CATEGORIES = frozenset("183 186 194 195 255 390 395 437".split())
CP5_PA_CATEGORIES = frozenset("202 207 500 501 502".split())
ACCUEIL_MODES = frozenset({"46", "47", "48"})


def _cp5_cp6(unit: UnitDescription, categorie: str | None) -> list[QualityWarning]:
    """CP5 / CP6 (V_DIM_ExigenceQualite_CP5_CP6): open UEs in mode 46/47/48 of a médico-social
    EG, catégorie d'organisation ≠ 38 (plateforme de répit) or empty.
    CP5 (PH categories with any of 46/47/48, PA categories with 46 only): type d'offre and
    temporalité d'accueil both filled. CP6: places installées > 0, unless type d'offre 25 (PASA)."""
    mode = _code(unit.mode_prise_en_charge)
    type_offre = _code(unit.type_offre)
    if mode not in ACCUEIL_MODES or categorie not in CP6_CATEGORIES or type_offre == "38":
        return []
    warnings = []
    cp5 = categorie in CP5_PH_CATEGORIES or (categorie in CP5_PA_CATEGORIES and mode == "46")
    missing = [label for label, value in (("le type d'offre", type_offre), ("la temporalité d'accueil",
               _code(unit.temporalite_accueil))) if value is None]
    if cp5 and missing:
        warnings.append(_warning(
            "CP5", unit,
            f"Il manque {' et '.join(missing)} de l'offre d'accueil « {unit.nom or 'sans nom'} ».",
            "Renseignez le type d'offre (par exemple hébergement permanent) et la temporalité d'accueil "
            "(permanent ou temporaire)."))
    if type_offre != "25" and unit.places_installees <= 0:
        warnings.append(_warning(
            "CP6", unit,
            f"L'offre d'accueil « {unit.nom or 'sans nom'} » n'a aucune place installée.",
            "Indiquez le nombre de places installées de l'offre (capacité du lieu de réalisation)."))
    return warnings


# -- product checks ------------------------------------------------------------------------------


def _coded_answers(unit: UnitDescription) -> list[CodedAnswer]:
    singles = [unit.champ_activite, unit.mode_prise_en_charge, unit.type_offre, unit.temporalite_accueil]
    return [*filter(None, singles), *unit.activites_operationnelles, *unit.publics, *unit.other_codes]


def _nomenclature_checks(unit: UnitDescription, catalog: Catalog) -> list[QualityWarning]:
    """A deprecated code is kept (answers are never dropped) but flagged so it gets replaced;
    a code that does not resolve is flagged because ANS will ignore it (−1 "non rapproché")."""
    warnings = []
    for answer in _coded_answers(unit):
        concept = concept_of(catalog, answer)
        shown = f"« {answer.label or answer.free_text or answer.code} » ({answer.attribute}, code {answer.code})"
        if concept is None:
            warnings.append(_warning(
                "NOS-INCONNU", unit, f"{shown} n'est pas un code de la nomenclature : ANS ne le comptera pas.",
                "Choisissez une valeur dans la liste proposée.", Severity.ATTENTION))
        elif answer.deprecated or not concept.active:
            end = f" depuis le {concept.date_fin:%d/%m/%Y}" if concept.date_fin else ""
            warnings.append(_warning(
                "NOS-OBSOLETE", unit, f"{shown} est un code obsolète{end} ; il est conservé mais doit être remplacé.",
                "Choisissez la valeur actuelle qui lui correspond.", Severity.ATTENTION))
    return warnings


def _age_check(unit: UnitDescription) -> list[QualityWarning]:
    """Ages in order and within 0–120 years (ANS only checks both are filled: FG_Patientele)."""
    patientele = unit.patientele
    if patientele.age_min is None or patientele.age_max is None:
        return []
    checked = check_age_range(patientele.age_min, patientele.age_min_unit, patientele.age_max, patientele.age_max_unit)
    if checked.ok:
        return []
    return [_warning("AGE", unit, checked.problem, f"Corrigez la patientèle : {checked.hint}", Severity.ATTENTION)]


def unit_warnings(unit: UnitDescription, catalog: Catalog, site: SiteDescription | None = None) -> list[QualityWarning]:
    """Every warning about one open unit: CO1, CO3, CP5, CP6 and the product checks.
    ``site`` supplies the EG category when the unit lacks it and the FINESS authorisations CO1
    needs; without it CO1 checks the name only. A closed unit gets no warning (out of scope)."""
    if unit.closed_on is not None:
        return []
    categorie = unit.eg_categorie or (site.categorie if site else None)
    return [*_co1(unit, site), *_co3(unit, categorie), *_cp5_cp6(unit, categorie),
            *_nomenclature_checks(unit, catalog), *_age_check(unit)]


# -- EG rules ------------------------------------------------------------------------------------

_REANIMATION = (
    ("EX3", "15", {"09"}, {"121", "122", "123", "124", "125", "126", "127", "129"}, "réanimation adulte",
     "une activité de réanimation adulte (121 à 127 ou 129)"),
    ("EX4", "15", {"10", "98"}, {"130"}, "réanimation pédiatrique", "l'activité 130 Réanimation spécialisée pédiatrique"),
    ("EX5", "03", {"04"}, {"128"}, "réanimation néonatale", "l'activité 128 Réanimation spécialisée néonatale"),
)


def _ex3_ex5(site: SiteDescription) -> list[QualityWarning]:
    """EX3 / EX4 / EX5: an EG authorised in FINESS for réanimation adulte (15/09), pédiatrique
    (15/10 or 15/98) or néonatale (03/04) must describe ≥1 open offer with the matching AO."""
    if site.authorisations is None:
        return []
    activities = set().union(*(_codes(unit.activites_operationnelles) for unit in site.open_units()))
    return [
        _warning(code, None,
                 f"L'établissement est autorisé en {label} (FINESS) mais aucune offre ne déclare {expected}.",
                 f"Décrivez l'unité de {label} ou ajoutez l'activité à l'offre existante.")
        for code, activite, modalites, ao, label, expected in _REANIMATION
        if _authorised(site, activite, modalites) and not activities & ao
    ]


MATERNITY_MODES = frozenset({"14", "28", "29", "30", "34"})
MATERNITY_ACTIVITIES = frozenset({"094", "100", "128", "260", "369"})
_MATERNITY_TYPES = {"01": "Type 1", "02": "Type 2A", "03": "Type 2B", "04": "Type 3"}
# Offer families each maternity type requires (True) or excludes (False), V_DIM_ExigenceQualite_CO2.
_FAMILIES = {"obstétrique": {"100", "260"}, "néonatalogie": {"094"}, "soins intensifs néonatals": {"369"},
             "réanimation néonatale": {"128"}}
_EXPECTED_FAMILIES = {
    "01": {"obstétrique"},
    "02": {"obstétrique", "néonatalogie"},
    "03": {"obstétrique", "néonatalogie", "soins intensifs néonatals"},
    "04": {"obstétrique", "néonatalogie", "soins intensifs néonatals", "réanimation néonatale"},
}
# FINESS activité 03 (périnatalité): modalité 01 obstétrique → type 1, 02 néonatalogie → 2A,
# 03 soins intensifs néonatals → 2B, 04 réanimation néonatale → 3; the TRE_R253 codes match.
_AUTHORISED_TYPES = ("04", "03", "02", "01")


def _maternity_type(unit: UnitDescription, catalog: Catalog) -> str | None:
    """The TRE_R253 maternity type declared on the unit (niveau d'expertise 01–04), if any."""
    types = [answer.code for answer in unit.codes("niveauExpertise")
             if (concept := concept_of(catalog, answer)) is not None and concept.system.startswith("TRE_R253")]
    return max(types, default=None)


def _co2(site: SiteDescription, catalog: Catalog) -> list[QualityWarning]:
    """CO2 (V_DIM_ExigenceQualite_CO2): the open offers in HC/HJ/HN/HS (or kangourou) with AO
    100/260/094/369/128 or a maternity type form the EG's maternity. Conforme when the highest
    declared type (TRE_R253) matches the set of offers (type 1 = obstétrique only; 2A + néonat;
    2B + soins intensifs; 3 + réanimation néonatale), equals the FINESS-authorised type (when
    authorisations are known) and at least one of these offers has "maternité" in its name."""
    offers = []
    for unit in site.open_units():
        if _code(unit.mode_prise_en_charge) not in MATERNITY_MODES:
            continue
        declared = _maternity_type(unit, catalog)
        if _codes(unit.activites_operationnelles) & MATERNITY_ACTIVITIES or declared:
            offers.append((unit, declared))
    if not offers:
        return []
    warnings = []
    declared_type = max((declared for _, declared in offers if declared), default=None)
    present = {family for family, codes in _FAMILIES.items()
               if any(_codes(unit.activites_operationnelles) & codes for unit, _ in offers)}
    if declared_type is None:
        warnings.append(_warning(
            "CO2", None, "Des offres de maternité ou de néonatalogie sont décrites mais aucun type de maternité n'est déclaré.",
            "Sur l'offre d'obstétrique, renseignez le niveau d'expertise « Maternité de type 1, 2A, 2B ou 3 »."))
    else:
        expected = _EXPECTED_FAMILIES[declared_type]
        missing, extra = sorted(expected - present), sorted(present - expected)
        if missing or extra:
            parts = ([f"il manque : {', '.join(missing)}"] if missing else []) + \
                    ([f"en trop : {', '.join(extra)}"] if extra else [])
            warnings.append(_warning(
                "CO2", None,
                f"Les offres décrites ne correspondent pas à une maternité de {_MATERNITY_TYPES[declared_type].lower()} ({' ; '.join(parts)}).",
                "Complétez les offres (activités 100/260, 094, 369, 128) ou corrigez le type de maternité déclaré."))
        if site.authorisations is not None:
            authorised = next((kind for kind in _AUTHORISED_TYPES if _authorised(site, "03", {kind})), None)
            if authorised != declared_type:
                shown = _MATERNITY_TYPES[authorised].lower() if authorised else "aucune autorisation de périnatalité"
                warnings.append(_warning(
                    "CO2", None,
                    f"Le type de maternité déclaré ({_MATERNITY_TYPES[declared_type].lower()}) diffère de celui autorisé dans FINESS ({shown}).",
                    "Corrigez le type de maternité déclaré, ou signalez à l'ARS l'écart avec FINESS."))
    if not any("maternite" in fold(unit.nom) for unit, _ in offers):
        warnings.append(_warning(
            "CO2", None, "Aucune offre de la maternité n'a « maternité » dans son nom.",
            "Renommez l'offre d'obstétrique, par exemple « Maternité - hospitalisation complète »."))
    return warnings


def _one_year_before(day: date) -> date:
    """DATEADD(year, -1, day): 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _sql_round2(count: int, total: int) -> Decimal:
    """ROUND(count / total, 2) as SQL Server computes it (half away from zero, not banker's)."""
    return (Decimal(count) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _re12(site: SiteDescription, today: date) -> list[QualityWarning]:
    """RE1.2 (V_DIM_ExigenceQualite_RE1.2): freshness of the EG's open UEs (the UE's date is its
    latest update, contacts and telecoms included — storage folds them into ``updated_at``).
    0 UE → conforme; < 8 UEs → ≥ 1 updated after today − 1 year; ≥ 8 → the share updated,
    rounded to 2 decimals, ≥ 25 %. Ville sectors are excluded."""
    if site.categorie in {"SA05", "SA07", "SA08", "SA09"}:
        return []
    units = site.open_units()
    if not units:
        return []
    limit = datetime.combine(_one_year_before(today), time.min)
    fresh = sum(1 for unit in units if unit.updated_at is not None and unit.updated_at.replace(tzinfo=None) > limit)
    total = len(units)
    if total < 8:
        needed = 1
    else:
        needed = next(count for count in range(total + 1) if _sql_round2(count, total) >= Decimal("0.25"))
    if fresh >= needed:
        return []
    return [_warning(
        "RE1.2", None,
        f"{fresh} offre(s) sur {total} mise(s) à jour depuis le {limit:%d/%m/%Y} : il en faut au moins {needed}.",
        "Relisez et confirmez les offres les plus anciennes : une mise à jour de l'offre, d'un contact ou "
        "d'une coordonnée compte.")]


def site_warnings(site: SiteDescription, catalog: Catalog, today: date | None = None) -> list[QualityWarning]:
    """EG-level warnings: CO2 (maternité), EX3–EX5 (réanimations, when FINESS authorisations are
    known) and RE1.2 (freshness, as of ``today``). Unit-level rules come from :func:`unit_warnings`."""
    return [*_co2(site, catalog), *_ex3_ex5(site), *_re12(site, today or date.today())]
