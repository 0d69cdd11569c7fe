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

import gc
import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ror_assistant.errors import UserError
from ror_assistant.matching.ages import with_age_words
from ror_assistant.matching.champ import ChampEvidence, derive_champ
from ror_assistant.matching.champ_modes import in_champ
from ror_assistant.matching.fields import FIELDS
from ror_assistant.matching.heads import (HEAD_BOOST, head_weights, names_its_unit, profession_subject,
                                          without_negated_places, without_negated_stays, without_other_stays,
                                          without_served, without_staff)
from ror_assistant.matching.index import ValueSetIndex, build_index, searched_label
from ror_assistant.matching.lexicon import Lexicon, QueryWord, load_lexicon
from ror_assistant.matching.mode_phrases import ModePhrases, load_mode_phrases
from ror_assistant.matching.normalize import (Normalized, Quantity, Word, alias_key, normalize, without_defined_acronyms,
                                              without_place_names)
from ror_assistant.matching.scoring import (AGE_WORDS, ANSWER_HEAD_WORDS, CLIPPED_WORDS_MAX, DEFAULT_QUALIFIERS,
                                           DISCIPLINE_HEADS, ELDER_WORDS, FULL_WORDS, GENERAL_QUALIFIERS, SURGERY_STEMS,
                                           bm25_query, score_concepts, word_matches)
from ror_assistant.matching.results import FOLLOW_UP_BAND, Candidate, MatchResult, Verdict, Via, follow_up_question
from ror_assistant.matching.successors import SuccessorEntry, load_successors
from ror_assistant.nomenclature.catalog import Catalog, load_catalog
from ror_assistant.textfold import fold


SURE_SCORE = 60.0
"""Below this score the best code is never taken without asking."""
SURE_SCORE_LONG = 75.0
"""A long description (more than SHORT_ANSWER_WORDS words) shares words with many labels by
chance ("création du lien" → lien social): it needs a higher score to be sure."""
SURE_MARGIN = 15.0
"""Gap the best code needs over the next one to be sure."""
SURE_MARGIN_LONG = 20.0
"""Gap a long description needs: its many words give the runner-up points by chance."""
BM25_SHARE = 0.1
"""Share of the BM25 ranking in the fused score: fused = (1 − s)·fuzzy + s·top·bm25/max(bm25)
(tuned on even bench ids, checked on odd ones: docs/matching.md). The BM25 part is scaled by the
best fuzzy score, so the fused score keeps the fuzzy scale the verdict thresholds rest on."""
HEAD_FOUND = 0.85
"""Query weight a label's head word needs (typed, expanded, or completed from a clip) for a sure
verdict (:meth:`Matcher._head_found`)."""
STATED_FIELDS = frozenset({"mode"})
STATED_BOOST = 2.0
"""Weight, in the mode query, of the spans the lexicon marks as stating the mode."""
SURE_CHECKS = frozenset({"agreement", "head", "coverage", "named"})
"""Conditions a ``sure`` verdict needs beyond score and gap (the benchmark switches them off one
by one to measure the trade-off, docs/matching.md): the fuzzy and BM25 rankings agree on the
first code; the answer names the head of its label; its words are mostly explained; the word
naming a unit (« unité kangourou ») is one the labels or the lexicon read."""
SURE_COVERAGE = 0.4
"""Share of an answer's words (beyond three) the best code must account for to be sure."""
SPLIT_MARGIN = 10.0
"""Points the parts of « cardio et pneumo » must beat the whole by for a multi-concept answer to be
sure: a split that barely wins is a question."""
STRONG_SCORE = 80.0
STRONG_MARGIN = 10.0
"""A near-complete match ("réa néonat" → Réanimation spécialisée néonatale) needs a smaller gap."""
NONE_BELOW = 30.0
"""Below this score nothing is proposed as a match: verdict none."""
SUCCESSOR_FACTOR = 0.97
"""A successor reached through a deprecated label ranks just under an equally good active label."""
ACTIVITY_FOLLOW_UP = "Quelle est l'activité ou la spécialité de l'unité (par exemple cardiologie, oncologie médicale) ?"
"""Asked when an activité answer only says how (mode), for whom (age) or how many (lits)."""
CAPACITY_MODES = {"lits": "hospitalisation complète", "berceaux": "hospitalisation complète",
                  "couveuses": "hospitalisation complète", "chambres": "hospitalisation complète",
                  "fauteuils": "hospitalisation de jour", "méridiennes": "hospitalisation de jour",
                  "salles": "plateau technique"}
"""A capacity in lits states the mode: the SAE and ATIH count *lits* for hospitalisation complète
and *places* for partial hospitalisation (places stay undecided: jour, nuit, HAD, médico-social)."""
RESIDENCE_WORDS = frozenset({"ehpad", "mas", "fam", "eam", "foyer", "foyers", "residents", "resident", "cantou",
                             "uvp", "residence", "maison", "lhss", "halte", "chrs", "gir", "repit", "protegee", "protegees",
                             "uhr", "retraite"})
"""Words of a médico-social or social residence (a maison d'accueil spécialisée or de retraite,
the lits halte soins santé, a CHRS, residents rated in GIR, a stay « de répit »): there, lits and chambres are the residents' own
(Hébergement, 46); the hospitalisation complète of lits is a health establishment's."""
LONG_TERM_CARE_WORDS = frozenset({"usld", "sld", "longue"})
"""Words of the unité de soins de longue durée: a health-care unit whose beds are an
hospitalisation complète, even where its patients are called residents and rated in GIR."""
SUCCESSOR_ORDER = 0.5
"""Points each successor loses per rank in its entry (listed best first): a near tie of their own
labels goes to the usual successor (« chirurgie générale » → digestive and visceral first)."""
SUCCESSOR_SPLIT = 6.0
"""Points a deprecated code's successor loses, at most, against a co-successor whose own label
fits the answer better."""
CUE_ONLY_WORDS = 3
"""Mode answers longer than this are read through their mode cues only (:meth:`Lexicon.cue_spans`,
« en hôpital de jour », « 20 lits », « équipe mobile »); without a cue the verdict is none: a
description that does not say how patients are taken care of must not get a guessed mode."""
CUE_FIELDS = frozenset({"mode"})
UNIT_MODE = "hospitalisation complète"
"""Mode implied by a description that names a *unité* and says nothing else of the mode
(« unité de psychiatrie du sujet âgé », « une unité de soins protégés »): in hospital usage an
unité without qualifier is an inpatient unit (ambulatory ones are named hôpital de jour,
consultation, CMP…; the SAE counts the beds of the « unités d'hospitalisation »). Only a
proposal, never sure, and never taken when the text has a cue of its own."""
_UNIT_NAMED = re.compile(r"\bunites?\b")
_IN_THE_WARDS = re.compile(r"\b(?:dans|aupres|au sein)\s+(?:de\s+|d'\s*)?(?:les\s+|des\s+|tous\s+les\s+|toutes\s+les\s+)?"
                           r"(?:(?:autres|differents|differentes|divers|diverses)\s+)?(?:services|unites)\b")
"""« l'équipe mobile passe *dans les services* »: a mobile team working inside the hospital."""
_LIAISON_TEAM = re.compile(r"\bequipes? (?:\w+ )*?d'?\s?(?:appui et de )?liaison\b")
"""« équipe de liaison », « équipe gérontologique d'appui et de liaison »: a team the wards call in."""
WARDS_TEAM = "équipe mobile intra-hospitalière"
OUTSIDE_TEAM = "équipe mobile extra-hospitalière"
BOTH_SIDES_TEAM = "équipe mobile extra et intra-hospitalière"
RANKED_KEEP = 100
"""Candidates kept per ranking (a long description touches hundreds of codes; at most a few are
shown, the verdict compares two)."""
RANK_CACHE_SIZE = 2048
"""Rankings kept per matcher (cleared when full)."""
PHYSICIAN_WORDS = frozenset({"medecin", "medecins"})
"""The person (folded, as typed), not the discipline « médecine » its stem shares."""
STRUCTURE_NOUNS = frozenset({"centre", "centres", "equipe", "equipes", "plateau", "plateaux", "maison", "maisons"})
"""Nouns that name any kind of structure: a code read through them alone (« centre », « centre
de planification ») is a proposal, never sure."""
ESTABLISHMENT = re.compile(r"\b(?:centres? hospitaliers?(?: universitaires?| regionale?s?)?|hopita(?:l|ux)|chr?u?|ghu?|ght"
                           r"|(?:(?<=\bla )|(?<=\bune )|(?<=\bcette )|(?<=\bnotre ))clinique)\b")
"""The establishment around a unit (« au centre hospitalier du Rouvray », « site du Nouvel
Hôpital », « à la clinique »): a sentence names it beside the unit, it says no kind of care
(« génétique clinique » does)."""
SAME_SOUND = frozenset({("y", "i"), ("i", "y")})
"""Letters a French speller puts one for the other (« hémodyalise »): a change between them is a slip."""
LABEL_TYPO_MIN = 7
"""Shortest typed word read as a label word it misspells by one slip (:meth:`Matcher._label_spelt`)."""
UNMARKED_FIELDS = frozenset({"activite"})
UNMARKED_MIN_WORDS = 2
UNMARKED_SPAN = 8
UNMARKED_BAND = 10.0
UNMARKED_MARGIN = 10.0
"""Of the codes reading the same word of a sentence, within ``UNMARKED_BAND`` points of the
first, the one that word alone reads first by ``UNMARKED_MARGIN`` points (the usual one) comes
first (:meth:`Matcher._unmarked_first`)."""
CLIP_OF_MODIFIER_MIN = 5
"""Shortest clip of a label modifier that may instead clip a lexicon word (« mater »; « loco »
is the locomoteur of the labels)."""
EXACT_NAME_KINDS = frozenset({"label", "label_core", "short_label"})
"""Names that, typed out, say their code (not a parenthesis such as « (cancérologie) », shared
by many labels, nor another designation)."""
SHORT_ANSWER_WORDS = 8
"""Only answers this short are split into several concepts; longer ones are descriptions."""
LONG_SPLIT_FIELDS = frozenset({"activite"})
"""Fields whose long descriptions are also read part by part (« urgences maternité et
gynécologiques », « une unité de réanimation, une USC et un SMR »): a unit has several activités."""
TOLD_MEETING = "réunion de concertation"
"""The beginning of the mode labels of a meeting (RCP, RCP de recours) that, told in a
description (:mod:`ror_assistant.matching.mode_phrases`), also say the unit's activité."""
TOLD_EMERGENCY = "urgences"
_TOLD_EMERGENCY = re.compile(r"\b(?:de garde|d astreinte|en urgence|sans delai)\b")
_NOT_EMERGENCY_UNIT = re.compile(r"\b(?:maison medicale|generalistes?|medecins? traitants?|intensi\w*|crises?|hospitalis\w*"
                                 r"|lits|naissances?|accouchements?|bebes|maternites?|sages?-femmes?|residents?)\b")
"""A specialist on call, seen « en urgence », « sans délai »: in a description that names no unit,
the specialty's emergencies (« Urgences spécialisées … »), as a meeting told is its RCP; not where
the on-call serves beds, births, residents, a crisis or general practice (:data:`_NOT_EMERGENCY_UNIT`)."""
PART_SCORE = 60.0
"""Score a part of a long sentence needs to add its own concept (with the head of its label named)."""
PART_WORDS = 5
"""Longest part (in normalised words) of a long sentence read as a concept of its own."""

SPOTTED_FIELDS = ("activite", "mode", "public", "type_offre", "equipement", "acte")
"""Fields looked for in a long description by :meth:`Matcher.match_all` (champ is derived)."""
SURE_ONLY_FIELDS = frozenset({"type_offre", "equipement", "acte"})
"""Fields with many specialised codes: a description mentions them in passing, so only a sure
match is worth showing."""
HOSPITAL_MODES = frozenset({"09", "13", "28", "29", "30", "31", "33", "34"})
"""R213 modes that only health establishments use (hospitalisations, urgences, HAD)."""
CHAMP_CODES = ("01", "02", "03", "04")
"""Champs of health and médico-social units (05 Ville and 06 Social are not derived)."""

_COMPLEMENT = re.compile(r"\s*(?:a|au|aux|en|dans|chez|pour|sur|avec|par|vers)\b")
"""In a mode answer, a part that starts with a preposition says where or how, not another mode
(in an activité answer « dédiée aux leucémies et aux autogreffes » names two activities)."""
_ADJECTIVE = re.compile(r"(?:iques?|ales?|aux|aires?|ifs?|ives?|eux|euses?|ees?)$")
"""Endings of French adjectives (pédiatrique, néonatale, vasculaires, digestive…)."""
_UNIT_APPOSITION = re.compile(r"\bunites? ([a-z]+)")
"""« l'unité kangourou », « unité Alzheimer »: the word right after « unité » names the unit
(a preposition or an adjective the labels know says nothing against it)."""
_SENTENCE_SEPARATORS = re.compile(r"\s+(?:et|ainsi que|&|\+)\s+|\s*[,;:/+]\s*|\s+[–—-]\s+", re.IGNORECASE)
_CONCEPT_SEPARATORS = re.compile(r"\s+(?:et|&|\+)\s+|\s*[,;/+]\s*", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_TYPED_PARTS = re.compile(r"\s*[,;/+]\s*")


def _plural(word: str) -> bool:
    """A folded French word written in the plural (« pédiatriques », « médicaux »)."""
    return word.endswith(("s", "x")) and len(word) > 3


def _capacity_modes(normalized, text: str = "") -> set[str]:
    """The modes the capacities of an answer state (:data:`CAPACITY_MODES`): « 20 lits » in a
    MAS or an EHPAD, « 4 chambres d'hébergement temporaire », are an Hébergement (:data:`RESIDENCE_WORDS`); lits kept only on weekdays,
    only at night or under 24 hours after the urgences are the hospitalisation of that span
    (:func:`_bed_span`)."""
    elsewhere = {word.text for match in _RESIDENCE_ELSEWHERE.finditer(fold(text)) for word in normalize(match.group(0)).words}
    residence = (any(word.text in RESIDENCE_WORDS and word.text not in elsewhere for word in normalized.words)
                 or bool(_LODGING.search(fold(text)))) \
        and not any(word.text in LONG_TERM_CARE_WORDS for word in normalized.words)
    modes = set()
    for quantity in normalized.quantities:
        mode = CAPACITY_MODES.get(quantity.unit)
        if mode == "hospitalisation complète":
            mode = "hébergement" if residence else _bed_span(normalized, text) or mode
        if mode:
            modes.add(mode)
    return modes


_WEEKDAYS_ONLY = re.compile(r"\b(?:lundi(?: \d{1,2} ?h ?\d{0,2})? au vendredi|fermee? (?:le |les )?(?:week-?ends?|samedis?)"
                            r"|hors week-?ends?)\b")
_NIGHT_ONLY = re.compile(r"\b(?:entree le soir|sortie le matin|pour la nuit|la nuit pour|lits de nuit"
                         r"|dorm\w* (?:\w+ )?(?:le soir|la nuit))\b")
_DOOR_BEDS = re.compile(r"\blits?[ -]portes?\b")
_RESIDENCE_ELSEWHERE = re.compile(
    r"\b(?:places?|attente|ingerables?|orientations?|entree|admission|retour|transferts?|avec)\s+"
    r"(?:d['’ ]\s*|de\s+|en\s+|dans\s+|vers\s+)?(?:(?:une?|la|le|l['’ ]|les|des)\s*)?(?:places?\s+(?:d['’ ]\s*|en\s+))?"
    r"(?:ehpad|residences?(?:\s+accueil)?|foyers?|mas|fam|maisons? de retraite)\b"
    r"|\b(?:a|de)\s+la\s+maison\b(?!\s+(?:de\s+retraite|d['’ ]\s*accueil|d['’ ]\s*enfants))|\bmaisons?\s+des\s+parents\b")
"""A residence named as somewhere else (« en attente d'une place d'EHPAD », « ingérable en EHPAD »,
« avec la résidence accueil de la ville »), or a home (« ingérables *à la maison* », « la *maison des
parents* en face »): its beds are not the unit's."""
_LODGING = re.compile(r"\b(?:lits|chambres|places) d ?'? ?hebergement\b")
_UNDER_A_DAY = re.compile(r"\bmoins de 24 ?h")
_DAY_ONLY = re.compile(r"\b(?:en journee|a la journee|lits de jour)\b")


def _bed_span(normalized, text: str) -> str | None:
    """The hospitalisation whose span the answer says, for beds (ATIH definitions): lits porte
    are the UHCD's, open on weekdays only (« du lundi 7 h au vendredi ») is the hospitalisation de semaine, entering at night and leaving in the
    morning the hospitalisation de nuit, kept under 24 hours after the urgences the UHCD, beds
    used « en journée » an hospitalisation de jour."""
    folded = fold(text)
    if _DOOR_BEDS.search(folded):  # « 6 lits-portes »: the number took « lits », the entry « lits porte »
        return "hospitalisation courte durée"
    if _WEEKDAYS_ONLY.search(folded):
        return "hospitalisation de semaine"
    if _NIGHT_ONLY.search(folded):
        return "hospitalisation de nuit"
    if _UNDER_A_DAY.search(folded) and any(word.stem == "urgenc" for word in normalized.words):
        return "hospitalisation courte durée"
    if _DAY_ONLY.search(folded):
        return "hospitalisation de jour"
    return None


def _exact_names(index: ValueSetIndex, active: set[str]) -> dict[tuple[str, ...], str]:
    """Stems of the label, the label without its parenthesis and the short label → code, for
    the names only one active concept bears: a person who types a label means that code."""
    found: dict[tuple[str, ...], set[str]] = {}
    for item in index.concepts:
        if item.concept.code in active:
            for name in item.names:
                if name.kind in EXACT_NAME_KINDS:
                    found.setdefault(name.stems, set()).add(item.concept.code)
    return {stems: codes.pop() for stems, codes in found.items() if len(codes) == 1}


class Matcher:
    """Matches answers of every field of :data:`FIELDS`; build once, query many times."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon | None = None,
                 successors: Mapping[tuple[str, str], SuccessorEntry] | None = None,
                 mode_phrases: ModePhrases | None = None) -> None:
        # the build makes some hundred thousand small objects that live as long as the matcher:
        # the cyclic garbage collector, run over and over meanwhile, finds nothing to free and
        # costs a third of the time in the app (anything cyclic is collected once it is back on)
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(catalog, lexicon, successors, mode_phrases)
        finally:
            if collecting:
                gc.enable()

    def _build(self, catalog: Catalog, lexicon: Lexicon | None,
               successors: Mapping[tuple[str, str], SuccessorEntry] | None,
               mode_phrases: ModePhrases | None) -> None:
        self.catalog = catalog
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self._mode_phrases = mode_phrases
        self.successors = successors if successors is not None else load_successors()
        self._indexes: dict[str, ValueSetIndex] = {}
        self._active: dict[str, dict[str, str]] = {}
        self._deprecated: dict[str, dict[str, str]] = {}
        self._agree = False  # set by _fuse: both rankings put the same code first
        self._split_clear = False  # set by _concept_parts
        self._agree_head = False
        self._positions: dict[str, dict[str, int]] = {}
        self._successor_cache: dict[tuple[str, str], list[str]] = {}
        self._rank_cache: dict[tuple, tuple[list[Candidate], bool, bool]] = {}
        self._exact: dict[str, dict[tuple[str, ...], str]] = {}
        for spec in FIELDS.values():
            if spec.value_set in self._indexes:
                continue
            active = catalog.active_concepts(spec.value_set)
            deprecated = [concept for concept in catalog.deprecated_concepts(spec.value_set)
                          if concept.code not in {item.code for item in active}]
            members = catalog.value_set(spec.value_set)
            if members.codes_repeat:  # J186: each code said with its table, or labels collide
                active, deprecated = ([concept.model_copy(update={"code": members.qualified(concept.system, concept.code)})
                                       for concept in concepts] for concepts in (active, deprecated))
            self._indexes[spec.value_set] = build_index(spec.value_set, active, deprecated)
            self._active[spec.value_set] = {concept.code: concept.libelle for concept in active}
            self._deprecated[spec.value_set] = {concept.code: concept.libelle for concept in deprecated}
            self._exact[spec.value_set] = _exact_names(self._indexes[spec.value_set], set(self._active[spec.value_set]))

    @classmethod
    def default(cls) -> "Matcher":
        """The matcher over the bundled nomenclatures and lexicon."""
        return cls(load_catalog())

    # -- public API -------------------------------------------------------------------
    @property
    def mode_phrases(self) -> ModePhrases:
        """The modes told rather than named, loaded at the first mode answer (not at build)."""
        if self._mode_phrases is None:
            self._mode_phrases = load_mode_phrases()
        return self._mode_phrases

    def match(self, field_key: str, text: str, limit: int = 5,
              aliases: Mapping[str, str] | None = None) -> MatchResult:
        """Rank the active codes of ``field_key``'s value set for ``text``."""
        spec = FIELDS.get(field_key)
        if spec is None:
            raise UserError(f"Champ inconnu : « {field_key} ».",
                            f"utilisez l'un de : {', '.join(FIELDS)}.")
        typed = text
        if spec.key == "activite":
            text = without_staff(text)
        text = self._label_spelt(spec.key, spec.value_set, text)
        text = without_defined_acronyms(with_age_words(without_place_names(text)), keep=lambda acronym, spelt:
                                        self._acronym_kept(spec.key, spec.value_set, acronym, spelt))
        normalized = normalize(text)
        quantities = list(normalized.quantities)
        ranked = self._rank(spec.key, spec.value_set, text)
        agree = self._agree
        pinned = self._pinned(spec.value_set, typed, aliases)
        if pinned is not None:
            ranked = [pinned, *[candidate for candidate in ranked if candidate.code != pinned.code]]
            return self._result(spec.key, typed, ranked, limit, quantities, forced_sure=True)
        result = self._result(spec.key, text, ranked, limit, quantities, agree=agree)
        if result.verdict == "none" and spec.key == "activite" and self._only_other_fields(text):
            result.follow_up = ACTIVITY_FOLLOW_UP
        parts = self._concept_parts(spec.key, text, limit, result)
        if parts:
            result = self._combine(spec.key, text, parts, limit, quantities)
        elif spec.key in LONG_SPLIT_FIELDS and self._long(text) and result.candidates:
            self._sentence_parts(spec.key, text, limit, result)
        result.text = typed  # the answer as the person wrote it
        return result

    def _acronym_kept(self, field_key: str, value_set: str, acronym: str, spelt: str) -> bool:
        """An acronym the text spells out is kept when the lexicon knows it, or when a label
        uses it for what the spelt-out words read (« unités cognitivo-comportementales (UCC) »),
        not for something else (« unité commune de chimiothérapie (UCC) »)."""
        if self.lexicon.knows(acronym):
            return True
        if acronym not in self._indexes[value_set].acronyms:
            return False
        ranked = self._rank(field_key, value_set, spelt)
        return bool(ranked) and acronym in fold(ranked[0].label).split(" (")[-1]

    def match_name(self, field_key: str, name: str, limit: int = 5) -> MatchResult:
        """A unit's name (or its service's) read for ``field_key``. A name's « Centre », « Plateau »,
        « Équipe » is the structure, not its mode: « Centre d'orthogénie », « Plateau
        endoscopie », « Équipe Nord » read through that noun alone say no mode — as an answer
        at the mode question, « centre de réf » does mean a Centre spécialisé (round 18: the
        modes unit names suggest, wrong 147 → 103, right 1,318 → 1,317)."""
        result = self.match(field_key, name, limit)
        if field_key == "mode" and result.best is not None and not result.concepts and all(
                word.text in STRUCTURE_NOUNS for item in result.best.matched_words for word in normalize(item).words):
            return MatchResult(field_key, result.text, "none", [], 0.0, None, result.quantities)
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

    def mode_in_champ(self, result: MatchResult, champ: str | None) -> MatchResult:
        """A mode reading for a unit of ``champ`` (TRE_R227): a hospital mode read in a
        médico-social or social unit is that champ's counterpart (:mod:`champ_modes`)."""
        return in_champ(result, champ, self._active[FIELDS["mode"].value_set])

    def _champ(self, text: str, activite: MatchResult | None, limit: int,
               mode: MatchResult | None = None) -> MatchResult | None:
        """The champ derived from the text's champ words and the matched activité (:mod:`champ`)."""
        best = activite.best if activite is not None and activite.verdict != "none" else None
        hospital = bool(mode and mode.best and mode.best.code in HOSPITAL_MODES)
        evidence = derive_champ(text, (best.code, best.label, activite.verdict == "sure") if best else None,
                                hospital)
        return self._champ_result(text, evidence, limit)

    def champ_for_unit(self, text: str, activite: tuple[str, str] | None, mode_code: str | None,
                       limit: int = 5) -> MatchResult | None:
        """The champ of a unit from its names (``text``: the unit's and its service's) and its
        *confirmed* activité ``(code, label)`` and mode: what the interview proposes at the champ
        question when the description did not settle it. A confirmed psychiatric or SMR
        activité makes the champ sure; MCO, reached by default, stays a question."""
        evidence = derive_champ(text, (*activite, True) if activite else None, mode_code in HOSPITAL_MODES)
        return self._champ_result(text, evidence, limit)

    def _champ_result(self, text: str, evidence: ChampEvidence | None, limit: int) -> MatchResult | None:
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
    def _cue_text(self, field_key: str, text: str) -> str | None:
        """The words of a long answer that state ``field_key`` (its mode cues), joined; "" when
        it has none; None when the answer is read whole (short answer, or another field)."""
        reading = self._cue_reading(field_key, text)
        return None if reading is None else reading[0]

    def _cue_reading(self, field_key: str, text: str) -> tuple[str, bool] | None:
        """(cue text, stated): ``stated`` when a cue *states* the field (« en hôpital de jour »,
        « HAD », « consultations ») or a capacity in lits/places-like units is typed. Cues that
        only imply it (« réanimation », « urgences », « séjour ») are often incidental in a
        description (« adressés par les urgences », « transféré en réanimation »): they make a
        proposal, never a sure one."""
        if field_key not in CUE_FIELDS:
            return None
        normalized = normalize(text)
        if len(normalized.words) <= CUE_ONLY_WORDS:
            # a short answer is read whole, unless it only names a unit by its activity
            # (« Unité de psychiatrie du sujet âgé »): no word of it speaks of a mode
            known = self._indexes[FIELDS[field_key].value_set].idf
            activity = self._indexes[FIELDS["activite"].value_set].idf
            if _UNIT_NAMED.search(fold(text)) and not self.lexicon.cue_spans(normalized.words, field_key) \
                    and not any(word.stem in known for word in normalized.words) \
                    and any(word.stem in activity for word in normalized.words):
                return UNIT_MODE, False
            told = self.mode_phrases.matching(without_negated_places(text))
            if told:  # « ils vivent ici », « on les hospitalise chez eux »: a mode told
                reads = dict.fromkeys(read for phrase in told for read in phrase.reads)
                if all(phrase.sure for phrase in told):  # it says one mode: the other words add none
                    return " ".join(reads), True
                return " ".join([normalized.key, *reads]), False
            return None
        if self._in_one_name(self._indexes[FIELDS[field_key].value_set], {word.stem for word in normalized.words}):
            return None  # a label typed out (« Soins externes et traitements ambulatoires ») is read whole
        normalized = self._cue_spelt(normalize(without_negated_stays(without_other_stays(text))), field_key)
        spans = self.lexicon.cue_spans(normalized.words, field_key)
        # a cue in the name of a structure around the unit or working with it (« hospitalisés par
        # l'intermédiaire du service des urgences ») speaks of that structure's mode
        around = {word for word, weight in head_weights(text).items() if weight < 1}
        spans = [span for span in spans
                 if not all(word.text in around for word in normalized.words[span[0]:span[1]])] or spans
        # a cue read through its context says its expansion (« hébergement » in an USLD is an
        # hospitalisation complète): the cue text alone no longer has the context
        phrases = [entry.expansion[0] if entry.context and entry.kind == "synonym"
                   else " ".join(word.text for word in normalized.words[start:end]) for start, end, entry in spans]
        # a label of the field written out in the sentence (« Placements en accueil familial
        # thérapeutique ») says it, as a cue of the lexicon would
        phrases += self._labels_written(FIELDS[field_key].value_set, normalized)
        # a part of the answer that is a label typed short (« acc de jour, jeunes autistes »,
        # « HS, bilans programmés »): read alone, as a short answer is
        typed_short = self._labels_typed_short(field_key, text)
        phrases += typed_short
        told = self.mode_phrases.matching(without_other_stays(text), whole=text)  # a mode told, not named
        phrases += [read for phrase in told for read in phrase.reads]
        if _IN_THE_WARDS.search(fold(without_negated_places(text))) and (any("mobile" in fold(phrase) for phrase in phrases)
                                                 or _LIAISON_TEAM.search(fold(text))):
            # « services » is no word the matcher keeps: said here; with a place outside the
            # hospital (« à domicile », « en EHPAD »), the team works on both sides
            outside = [phrase for phrase in phrases if phrase == OUTSIDE_TEAM]
            phrases = [phrase for phrase in phrases if phrase != OUTSIDE_TEAM] + [BOTH_SIDES_TEAM if outside else WARDS_TEAM]
        capacities = sorted(_capacity_modes(normalized, text))
        stated = bool(capacities) or bool(typed_short) or any(entry.states == field_key for _, _, entry in spans) \
            or bool(told) and all(phrase.sure for phrase in told)
        if not phrases and not capacities and _UNIT_NAMED.search(fold(text)):
            return UNIT_MODE, False
        return " ".join(dict.fromkeys([*phrases, *capacities])), stated

    def _labels_typed_short(self, field_key: str, text: str) -> list[str]:
        """The label a typed answer opens with, clipped or as an acronym, before its first comma,
        « + » or parenthesis (« acc de jour, jeunes autistes », « HS, bilans programmés »): read
        alone, as a short answer is. Typed answers only (:data:`SHORT_ANSWER_WORDS` words at
        most): a description's short pieces are asides, not its mode; and never before an
        « et », which joins the parts of a mode told (« ils dorment ici et repartent le matin »)."""
        if len(normalize(text).words) > SHORT_ANSWER_WORDS:
            return []
        first = _TYPED_PARTS.split(_PARENTHESIS.sub(",", text), maxsplit=1)[0]
        words = normalize(first).words
        if not 0 < len(words) <= CUE_ONLY_WORDS or first.strip() == text.strip() or not self._abbreviated(
                self._indexes[FIELDS[field_key].value_set], field_key, words, first):
            return []
        result = self.match(field_key, first, limit=1)
        return [result.best.label] if result.verdict == "sure" and result.best is not None else []

    def _abbreviated(self, index: ValueSetIndex, field_key: str, words: tuple, typed: str) -> bool:
        """Every word is a label word, its clip (« acc », « thérap ») or an acronym the lexicon
        knows, typed in capitals (« HS »), and one at least is not written out: a label typed
        short, not a sentence (« tous les mardis », « ils arrivent sans rendez-vous »)."""
        def clip(word) -> bool:
            return len(word.text) >= 3 and word.text not in index.surfaces and bool(index.surfaces_starting_with(word.text))

        def acronym(word) -> bool:
            return len(word.text) <= 5 and word.text.upper() in typed and self.lexicon.knows(word.text, field_key)

        return all(word.text in index.surfaces or clip(word) or acronym(word) for word in words) \
            and any(clip(word) or acronym(word) for word in words)

    def _labels_written(self, value_set: str, normalized: Normalized) -> list[str]:
        """The labels of ``value_set`` written out, word for word, in the answer; three words at
        least (« lieu de vie » in a FAM's description is the FAM, not « Sur les lieux de vie »)."""
        stems = tuple(word.stem for word in normalized.words)
        return [" ".join(word.text for word in normalized.words[start:start + len(label)])
                for label in self._exact[value_set] if len(label) > 2
                for start in range(len(stems) - len(label) + 1) if stems[start:start + len(label)] == label]

    def _rank(self, field_key: str, value_set: str, text: str) -> list[Candidate]:
        """Ranked candidates of ``text`` (cached: the parts of an answer are ranked several
        times while splitting it); sets ``_agree`` and ``_agree_head`` as the ranking did."""
        if field_key == "mode":
            text = without_served(text)
        key = (field_key, value_set, text, SURE_CHECKS)
        cached = self._rank_cache.get(key)
        if cached is None:
            if len(self._rank_cache) >= RANK_CACHE_SIZE:
                self._rank_cache.clear()
            ranked = self._rank_uncached(field_key, value_set, text)
            cached = self._rank_cache[key] = (ranked, self._agree, self._agree_head)
        ranked, self._agree, self._agree_head = cached
        return list(ranked)

    def _rank_uncached(self, field_key: str, value_set: str, text: str) -> list[Candidate]:
        cue_text = self._cue_text(field_key, text)
        if cue_text is not None:
            if not cue_text:
                self._agree = False
                return []
            text = cue_text
        index = self._indexes[value_set]
        normalized = normalize(text)
        silent = self._silent(index, field_key, normalized.words)
        spelt = self._unjoined(index, self._spelt(normalized, silent), silent)
        if spelt != normalized:
            normalized, silent = spelt, self._silent(index, field_key, spelt.words)
        # « pédiatrie générale » is read as « pédiatrie »: the qualifier says « no sub-specialty »
        words = tuple(word for number, word in enumerate(normalized.words)
                      if not (word.text in silent and word.stem in GENERAL_QUALIFIERS)
                      and not (field_key == "activite" and self._bare_physician(index, normalized.words, number)))
        # in a short answer, a word no label reads, or reads only as a modifier (« mater » of
        # « maternelle »), may be a clip of a lexicon word (« neuroped » → neuropédiatrie,
        # « mater » → maternité); a clip of a label head (« onco », « chimio ») stays one
        clips = frozenset(word.text for word in normalized.words if self._clip_only(index, word)) \
            if len(normalized.words) <= CLIPPED_WORDS_MAX else frozenset()
        # in a sentence, a word no label heads and the lexicon does not know (« inaugurée »,
        # « acceptant », « travaux ») does not stop « psychiatrique » from being all it says
        said_alone = silent | self._incidental(index, field_key, normalized.words) \
            if len(normalized.words) > ANSWER_HEAD_WORDS else silent
        if said_alone is not silent and field_key == "activite":
            # the establishment named beside the unit (« au centre hospitalier du Rouvray ») says
            # no activité, and no « hospitalières » of a label (for the mode it does: « dans les
            # services de l'hôpital » is intra-hospitalier)
            establishment = self._establishment(text)
            said_alone |= establishment
            words = tuple(word for word in words if word.text not in establishment)
        meeting, told_words = self._told(field_key, text, normalized)
        groups = self._label_words_first(index, self.lexicon.groups(
            words or normalized.words, field_key, said_alone, clips,
            frozenset(word.stem for word in told_words) if meeting else frozenset()))
        told = self.lexicon.groups(told_words, field_key) if told_words else ()
        groups += told
        if field_key == "mode":
            stated = _capacity_modes(normalized, text)
            for phrase in sorted(stated):
                groups += self.lexicon.groups(normalize(phrase).words, field_key)
        head = head_weights(text) if len(normalized.words) > 2 else {}
        boosts = {group.typed: max(head[word] for word in group.typed.split() if word in head)
                  for group in groups if head.keys() & set(group.typed.split())}
        boosts.update((group.typed, HEAD_BOOST) for group in told)
        if field_key in STATED_FIELDS:
            # phrases the lexicon knows to state this field (« hôpital de jour », « HAD ») are
            # what a description says about it; the rest of the sentence is about other things
            for start, end, entry in self.lexicon.foreign_spans(normalized.words, "activite"):
                if entry.states == field_key and (not entry.fields or field_key in entry.fields):
                    boosts[" ".join(word.text for word in normalized.words[start:end])] = STATED_BOOST
        best: dict[str, Candidate] = {}
        scored = score_concepts(index, groups, boosts, profession_subject(text) if len(normalized.words) > 2 else frozenset())
        direct = {index.concepts[position].concept.code: score for position, score, _, _ in scored
                  if index.concepts[position].concept.active}
        for position, score, matched, via_lexicon in scored:
            concept = index.concepts[position].concept
            via: Via = "lexicon" if via_lexicon else "label"
            if concept.active:
                found = [Candidate(concept.code, concept.libelle, value_set, score, matched, via)]
            elif {word for item in matched for word in item.split()} <= STRUCTURE_NOUNS:
                continue  # « centre » alone is no « SAMU-Centre 15 » (deprecated, now Régulation médicale)
            else:
                codes = self._successor_codes(value_set, concept.code)
                # several successors ("Urgences gynéco-obstétricales" → 259 and 260): the one whose
                # own label fits the answer better comes first instead of a tie
                own_best = max((direct.get(code, 0.0) for code in codes), default=0.0) or 1.0
                found = [Candidate(code, self._active[value_set][code], value_set,
                                   score * SUCCESSOR_FACTOR
                                   - (SUCCESSOR_SPLIT * (1 - direct.get(code, 0.0) / own_best) if len(codes) > 1 else 0.0)
                                   - SUCCESSOR_ORDER * rank,
                                   matched, "successor", replaces=concept.code)
                         for rank, code in enumerate(codes)]
            for candidate in found:
                current = best.get(candidate.code)
                if current is None or candidate.score > current.score:
                    best[candidate.code] = candidate
        fuzzy = sorted(best.values(), key=lambda candidate: (-candidate.score, len(candidate.label), candidate.code))
        fused = self._fuse(index, value_set, groups, boosts, fuzzy)
        if field_key in UNMARKED_FIELDS and len(normalized.words) > UNMARKED_MIN_WORDS:
            fused = self._unmarked_first(field_key, value_set, fused, normalized)
        return fused

    def _unmarked_first(self, field_key: str, value_set: str, ranked: list[Candidate],
                        normalized: Normalized) -> list[Candidate]:
        """In a sentence, of the codes at the head of the ranking that read the same one word of
        it (« le service de réanimation d'Épinal… » → Réanimation médicale, polyvalente,
        pédiatrique…), the usual one comes first: the one that word typed alone reads first by a
        margin (« réanimation » → polyvalente), with the ages the sentence says. The rest of the
        sentence says nothing of which sibling it is, and how rare a label's other word is
        (« médicale », « primaire ») says nothing either. The scores stay where they were; only
        the codes change places."""
        if len(ranked) < 2 or len(ranked[0].matched_words) != 1:
            return ranked  # one word (or phrase) of the sentence, the head of a family: not a mix of words
        words = ranked[0].matched_words
        slots = [number for number, candidate in enumerate(ranked[:UNMARKED_SPAN])
                 if candidate.matched_words == words and ranked[0].score - candidate.score <= UNMARKED_BAND]
        if len(slots) < 2:
            return ranked
        ages = [word.text for word in normalized.words if word.text in AGE_WORDS | ELDER_WORDS]
        alone = " ".join(dict.fromkeys([*words, *ages]))
        if len(normalize(alone).words) >= min(len(normalized.words), ANSWER_HEAD_WORDS + 1):
            return ranked  # the word alone is no shorter than the answer, or still a sentence
        short = self._rank(field_key, value_set, alone)
        if len(short) < 2 or short[0].score - short[1].score < UNMARKED_MARGIN:
            return ranked  # no usual one (« immunologie »: clinique or biologique)
        usual = next((ranked[slot] for slot in slots if ranked[slot].code == short[0].code), None)
        if usual is None:
            return ranked
        group = [usual, *(ranked[slot] for slot in slots if ranked[slot] is not usual)]
        reordered = list(ranked)
        for slot, candidate in zip(slots, group):
            reordered[slot] = replace(candidate, score=ranked[slot].score)
        return reordered

    def _label_spelt(self, field_key: str, value_set: str, text: str) -> str:
        """A typed answer (:data:`CLIPPED_WORDS_MAX` words at most) with each word one slip away
        from a label word written as that word (« cardiolgie » → cardiologie, « pédiatrque » →
        pédiatrique): one letter left out or added, or two swapped, in a word of
        :data:`LABEL_TYPO_MIN` letters or more that no label and no lexicon entry reads as it
        is. A letter changed is left to the fuzzy reading: it is as often another word
        (« injections » is not « infections »), unless it sounds the same (« hémodyalise »). Read right, the word weighs and heads the
        answer as the label word does; the whole answer is rewritten, so that its parts read
        the same word."""
        words = normalize(text).words
        if len(words) > CLIPPED_WORDS_MAX:
            return text
        index = self._indexes[value_set]
        for word in words:
            right = self._label_spelling(index, field_key, word)
            if right is not None:
                text = re.sub(rf"\b{re.escape(word.text)}\b", right, fold(text))
        return text

    def _label_spelling(self, index: ValueSetIndex, field_key: str, word) -> str | None:
        if len(word.text) < LABEL_TYPO_MIN or word.text in index.surfaces or word.stem in index.idf \
                or word.text in FULL_WORDS or self.lexicon.knows(word.text, field_key):
            return None
        start = bisect_left(index.sorted_surfaces, word.text[:2])
        end = bisect_left(index.sorted_surfaces, word.text[:2] + "~")
        found = process.extractOne(word.text, index.sorted_surfaces[start:end], scorer=OSA.distance, processor=None,
                                   score_cutoff=1)
        if found is None:
            return None
        if len(found[0]) == len(word.text) and sorted(found[0]) != sorted(word.text):
            changed = {(typed, right) for typed, right in zip(word.text, found[0]) if typed != right}
            if not changed <= SAME_SOUND:
                return None  # a letter changed, not left out, added or swapped
        return found[0]

    def _spelt(self, normalized: Normalized, silent: frozenset[str]) -> Normalized:
        """The answer with each word nothing reads replaced by the lexicon word it misspells
        (:meth:`Lexicon.spelling_of`): « sevrage tabagqiue » is read « sevrage tabagique »."""
        if not silent:
            return normalized
        words = tuple(self.lexicon.spelling_of(word) or word
                      if word.text in silent and word.stem not in GENERAL_QUALIFIERS else word
                      for word in normalized.words)
        return normalized if words == normalized.words else replace(normalized, words=words)

    def _unjoined(self, index: ValueSetIndex, normalized: Normalized, silent: frozenset[str]) -> Normalized:
        """Each word nothing reads that is a clip of the lexicon typed joined to a label word,
        read as the two: « oncodigestif » → « onco digestif », « diabetonutrition » →
        « diabeto nutrition » (the hyphen or the space left out)."""
        if not silent:
            return normalized
        words: list = []
        for word in normalized.words:
            split = next((normalize(f"{clip} {rest}").words for clip, rest in self.lexicon.clips_joined(word.text)
                          if word.text in silent and (rest in index.surfaces or self.lexicon.knows(rest))), None)
            words.extend(split or (word,))
        return normalized if len(words) == len(normalized.words) else replace(normalized, words=tuple(words))

    def _cue_spelt(self, normalized: Normalized, field_key: str) -> Normalized:
        """A description with its misspelt cue words read right (« hospitalistion complète »):
        a word no entry of the field starts, nor any label of it reads, may misspell one."""
        known = self._indexes[FIELDS[field_key].value_set].surfaces
        words = tuple(self.lexicon.spelling_of(word) or word
                      if word.text not in known and not self.lexicon.starts_entry(word.stem, field_key) else word
                      for word in normalized.words)
        return normalized if words == normalized.words else replace(normalized, words=words)

    @staticmethod
    def _clip_only(index: ValueSetIndex, word) -> bool:
        """No label reads the word, or only as the clip of a modifier (« mater » of « maternel »,
        never a label head; five letters at least): it may clip a lexicon word instead."""
        if not word_matches(index, QueryWord(word.text, word.stem)):
            return True
        if len(word.text) < CLIP_OF_MODIFIER_MIN or word.text in index.surfaces:
            return False
        completed = index.surfaces_starting_with(word.text)
        return bool(completed) and all(index.surfaces[surface] not in index.head_stems for surface in completed)

    def _silent(self, index: ValueSetIndex, field_key: str, words: tuple) -> frozenset[str]:
        """Words that mean nothing for the field: neither its labels (as typed, clipped or
        misspelt) nor the lexicon read them. In a short answer, « générale », « polyvalente » say
        no more than the head before them (« pédiatrie générale » is « pédiatrie »), unless the
        answer is a phrase of some label (« médecine générale »)."""
        stems = tuple(word.stem for word in words)
        general = len(words) <= ANSWER_HEAD_WORDS and not self._phrase_of_a_name(index, stems)
        return frozenset(word.text for number, word in enumerate(words)
                         if general and word.stem in GENERAL_QUALIFIERS and not self._qualifies_a_clip(index, words, number)
                         or not self.lexicon.knows(word.text, field_key) and not self.lexicon.starts_entry(word.stem, field_key)
                         and not word_matches(index, QueryWord(word.text, word.stem)))

    @staticmethod
    def _establishment(text: str) -> frozenset[str]:
        """The words naming the establishment around the unit (:data:`ESTABLISHMENT`), except in
        a phrase that states a mode (« hôpital de jour »: its words are read there)."""
        folded = fold(text)
        return frozenset(word for found in ESTABLISHMENT.finditer(folded)
                         if not folded[found.end():].startswith((" de jour", " de nuit", " de semaine"))
                         for word in found.group().split())

    def _incidental(self, index: ValueSetIndex, field_key: str, words: tuple) -> frozenset[str]:
        """Words of a sentence that name no kind of care: no label begins with them (as typed,
        clipped or misspelt) and the lexicon does not know them for the field."""
        return frozenset(word.text for word in words
                         if not self.lexicon.knows(word.text, field_key) and not self.lexicon.starts_entry(word.stem, field_key)
                         and not any(stem in index.head_stems and similarity >= HEAD_FOUND
                                     for stem, similarity in word_matches(index, QueryWord(word.text, word.stem), True).items()))

    def _qualifies_a_clip(self, index: ValueSetIndex, words: tuple, number: int) -> bool:
        """The general qualifier at ``number`` follows a word some label reads with it, clipped
        or not (« med polyvalente » is Médecine polyvalente, not « med »)."""
        if not number:
            return False
        before = words[number - 1]
        heads = [stem for stem, similarity in word_matches(index, QueryWord(before.text, before.stem), True).items()
                 if similarity >= HEAD_FOUND]
        return any(self._phrase_of_a_name(index, (stem, words[number].stem)) for stem in heads)

    @staticmethod
    def _phrase_of_a_name(index: ValueSetIndex, stems: tuple[str, ...]) -> bool:
        """Some name has these stems one after the other."""
        if not stems or not all(stem in index.idf for stem in stems):
            return False
        positions = set.intersection(*(set(index.postings[stem]) for stem in stems))
        size = len(stems)
        return any(name.stems[start:start + size] == stems for position in positions
                   for name in index.concepts[position].names for start in range(len(name.stems) - size + 1))

    @staticmethod
    def _label_words_first(index: ValueSetIndex, groups: tuple) -> tuple:
        """Drop the related (vocabulary) readings of words the value set's labels already use:
        « chimiothérapie » is a label word (164), not a hint of Oncologie médicale (one word only
        when it heads a label: « âgées » qualifies « Psychiatrie du sujet âgé », its reading of
        Gériatrie stays); and the age words of the readings the person did not type when the
        answer says an age."""
        kept = []
        # a group says an age when it is an age word, or when every reading of it names one
        # (« infanto-juvénile » → psychiatrie de l'enfant et de l'adolescent)
        ages = {number for number, group in enumerate(groups) if group.typed in AGE_WORDS | ELDER_WORDS
                or all(any(word.text in AGE_WORDS for word in reading) for reading in group.readings)}
        for number, group in enumerate(groups):
            # the age said (« âgées » says one, though no reading carries an age word of ours)
            said = {word.stem for other in ages - {number} for reading in groups[other].readings
                    for word in reading if word.text in AGE_WORDS | ELDER_WORDS}
            if group.related and Matcher._label_phrase(index, {word.stem for word in group.readings[0]}):
                group = replace(group, readings=group.readings[:1], factors=(), related=False)
            elif said:
                # the age a disease or a structure usually comes with (« schizophrénie », « CMP »
                # → psychiatrie *adulte*) gives way to the age the answer says (« … des
                # adolescents », « CMP enfants »)
                typed = set(group.typed.split())
                group = replace(group, readings=tuple(
                    tuple(word for word in reading if word.text not in AGE_WORDS or word.text in typed or word.stem in said)
                    or reading
                    for reading in group.readings))
            kept.append(group)
        return tuple(kept)

    @staticmethod
    def _label_phrase(index: ValueSetIndex, stems: set[str]) -> bool:
        """The words say what a label says: all in one name, and one word alone only when it
        heads some label (« âgées » only qualifies « Psychiatrie du sujet âgé »)."""
        return Matcher._in_one_name(index, stems) and (len(stems) > 1 or stems <= index.head_stems)

    @staticmethod
    def _in_one_name(index: ValueSetIndex, stems: set[str], headed: bool = False) -> bool:
        """Some name of the value set has all ``stems``: a phrase of label words only when the
        words go together in a label (« centre lourd » is dialysis vocabulary, though « centre »
        and « lourd » each appear in some label). ``headed``: a name whose head is one of them
        (the words list the complements of « Explorations fonctionnelles … » without naming it)."""
        if not all(stem in index.idf for stem in stems):
            return False
        if len(stems) == 1:
            return True
        positions = set.intersection(*(set(index.postings[stem]) for stem in stems))
        return any(stems <= name.stem_set and (not headed or name.stems[0] in stems)
                   for position in positions for name in index.concepts[position].names)

    def _fuse(self, index: ValueSetIndex, value_set: str, groups, boosts: dict[str, float],
              fuzzy: list[Candidate]) -> list[Candidate]:
        """Fuzzy ranking fused with BM25; records whether both rankings put the same code first."""
        self._agree = not SURE_CHECKS
        if not fuzzy or index.bm25 is None:
            return fuzzy
        query = bm25_query(index, groups, boosts)
        self._agree_head = self._head_found(index, fuzzy[0], bm25_query(index, groups) if boosts else query)
        bm25: dict[str, float] = {}
        for position, value in index.bm25.score(query).items():
            concept = index.concepts[position].concept
            codes = [concept.code] if concept.active else self._successor_codes(value_set, concept.code)
            factor = 1.0 if concept.active else SUCCESSOR_FACTOR
            for code in codes:
                bm25[code] = max(bm25.get(code, 0.0), value * factor)
        if not bm25:
            return fuzzy
        top = fuzzy[0].score
        highest = max(bm25.values())
        by_code = {candidate.code: candidate for candidate in fuzzy}
        scored = []
        for code in {*by_code, *bm25}:
            score = (1 - BM25_SHARE) * (by_code[code].score if code in by_code else 0.0) \
                + BM25_SHARE * top * bm25.get(code, 0.0) / highest
            scored.append((-score, len(self._active[value_set][code]), code))
        scored.sort()
        # only the head of the ranking is ever shown or compared: build candidates for it alone
        fused = [replace(by_code[code], score=-score) if code in by_code
                 else Candidate(code, self._active[value_set][code], value_set, -score)
                 for score, _, code in scored[:RANKED_KEEP]]
        bm25_first = sorted(bm25.items(), key=lambda item: -item[1])
        unique = len(bm25_first) == 1 or bm25_first[1][1] < bm25_first[0][1]
        self._agree = (("agreement" not in SURE_CHECKS or (unique and bm25_first[0][0] == fuzzy[0].code == fused[0].code))
                       and ("head" not in SURE_CHECKS or self._agree_head))
        return fused

    def _head_found(self, index: ValueSetIndex, best: Candidate, query: dict[str, float]) -> bool:
        """The answer names the head word of one of the best code's names (« onco thoracique »
        does not say *Chirurgie* oncologique thoracique, « douleurs chroniques » does not say
        *Algologie*): a label whose head was never typed is a guess, never sure."""
        codes = {best.code, best.replaces} - {None}
        positions = self._positions.get(index.value_set)
        if positions is None:
            positions = self._positions[index.value_set] = {item.concept.code: number for number, item
                                                            in enumerate(index.concepts)}
        for code in codes:
            item = index.concepts[positions[code]] if code in positions else None
            if item is not None and any(name.stems and query.get(name.stems[0], 0.0) >= HEAD_FOUND
                                        for name in item.names):
                return True
        return False

    def _successor_codes(self, value_set: str, code: str) -> list[str]:
        """Active codes replacing deprecated ``code``: same label first, then the curated table."""
        key = (value_set, code)
        if key not in self._successor_cache:
            self._successor_cache[key] = self._find_successors(value_set, code)
        return self._successor_cache[key]

    def _find_successors(self, value_set: str, code: str) -> list[str]:
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
        code = self._exact[value_set].get(tuple(dict.fromkeys(word.stem for word in normalize(searched_label(typed)).words)))
        if code is not None:  # the label itself (« Psychiatrie adulte »), however it is typed
            return Candidate(code, self._active[value_set][code], value_set, 100.0, (typed,), "label")
        return None

    # -- verdict ----------------------------------------------------------------------
    def _result(self, field_key: str, text: str, ranked: list[Candidate], limit: int,
                quantities: list[Quantity], forced_sure: bool = False, agree: bool = True) -> MatchResult:
        """The verdict: ``sure`` needs a high score, a gap over the runner-up (larger for long
        descriptions) *and* ``agree``: the fuzzy and BM25 rankings put the same code first."""
        top = ranked[0].score if ranked else 0.0
        # a mode read from its cues is judged on them, not on the whole sentence
        cue = self._cue_reading(field_key, text)
        judged = cue[0] if cue and cue[0] else text
        agree = agree and (cue is None or cue[1])
        agree = agree and ("coverage" not in SURE_CHECKS or self._covers(judged, ranked[0] if ranked else None))
        agree = agree and ("named" not in SURE_CHECKS or self._unit_name_read(field_key, judged))
        default = bool(ranked) and self._unsaid_default(field_key, judged, ranked[0])
        agree = agree and not default
        margin = top - ranked[1].score if len(ranked) > 1 else top
        if forced_sure:
            verdict: Verdict = "sure"
        elif not ranked or top < NONE_BELOW or self._discipline_only(field_key, ranked[0]):
            verdict = "none"
        elif agree and (self._long(judged) and top >= SURE_SCORE_LONG and margin >= SURE_MARGIN_LONG
                        or not self._long(judged) and ((top >= SURE_SCORE and margin >= SURE_MARGIN)
                                                     or (top >= STRONG_SCORE and margin >= STRONG_MARGIN))):
            verdict = "sure"
        else:
            verdict = "ambiguous"
        follow_up = None
        if verdict == "ambiguous":
            # an unmarked reading is asked against its alternatives, however far behind
            close = ranked[:3] if default else [candidate for candidate in ranked[:3]
                                                if candidate.score >= top - FOLLOW_UP_BAND]
            follow_up = follow_up_question(close) or f"Voulez-vous dire « {ranked[0].label} » ?"
        kept = ranked[:limit] if verdict != "none" else []
        return MatchResult(field_key, text, verdict, kept, margin if ranked else 0.0, follow_up, quantities)

    def _bare_physician(self, index: ValueSetIndex, words: tuple[Word, ...], number: int) -> bool:
        """« un médecin passe tous les jours », « nos médecins coordonnateurs »: the person, whose
        word the labels' « Médecine » shares; no activité unless a word of the labels or of the
        lexicon follows (« médecin généraliste », « médecin du sport », « médecin de la douleur »),
        or precedes it ending the answer (« ostéo médecin »)."""
        if words[number].text not in PHYSICIAN_WORDS:
            return False

        def known(word: Word) -> bool:
            return self.lexicon.knows(word.text, "activite") or word_matches(index, QueryWord(word.text, word.stem))

        if number + 1 < len(words):
            return not known(words[number + 1])
        return number == 0 or not known(words[number - 1])  # « ostéo médecin »: the physician's practice

    @staticmethod
    def _discipline_only(field_key: str, best: Candidate) -> bool:
        """A mode read from nothing but the word of a discipline: « Chirurgie thoracique »,
        « Réa chir 2 » name surgery, not how patients are received (both units are in
        hospitalisation complète), yet « chirurgie » alone matched Chirurgie ambulatoire; what
        says that mode is « ambulatoire », « de jour », « UCA », a day told (round 18)."""
        if field_key != "mode":
            return False
        words = [word for item in best.matched_words for word in normalize(item).words]
        return bool(words) and all(word.stem in SURGERY_STEMS or word.text == "chir" for word in words)

    def _unit_name_read(self, field_key: str, text: str) -> bool:
        """The word naming a unit right after « unité » means something to the field's labels or
        the lexicon. « l'unité kangourou au sein de la maternité » is not surely Obstétrique:
        « kangourou », which nothing reads, is what the unit is."""
        index = self._indexes[FIELDS[field_key].value_set]
        for found in _UNIT_APPOSITION.finditer(fold(text)):
            words = normalize(found.group(1)).words
            if words and not self.lexicon.knows(words[0].text, field_key) \
                    and not word_matches(index, QueryWord(words[0].text, words[0].stem)):
                return False
        return True

    @staticmethod
    def _covers(text: str, best: Candidate | None) -> bool:
        """The best code explains enough of the answer: its matched words are at least
        :data:`SURE_COVERAGE` of the answer's words (« préserver la création du lien mère-enfant »
        touches « Accompagnements pour créer … le lien social » through two words of six)."""
        if best is None:
            return False
        words = [word for word in normalize(text).words if word.text not in AGE_WORDS]
        said = {word for item in best.matched_words for word in item.split()}
        if said <= STRUCTURE_NOUNS:
            return False  # « centre de planification » is not surely a « Centre spécialisé »
        matched = sum(len(item.split()) for item in best.matched_words)
        return len(words) <= 3 or matched >= SURE_COVERAGE * len(words)

    def _unsaid_default(self, field_key: str, text: str, best: Candidate) -> bool:
        """The best code is the unmarked reading of the answer (« hospitalisation » → HC) without
        the answer saying so, as typed, through the lexicon (« HC ») or by a capacity in lits: a
        likely reading, still a question."""
        label = {word.stem for word in normalize(best.label).words} & DEFAULT_QUALIFIERS
        if not label:
            return False
        normalized = normalize(text)
        said = {word.stem for group in self.lexicon.groups(normalized.words, field_key)
                for reading in group.readings for word in reading}
        said |= {word.stem for mode in _capacity_modes(normalized, text) for word in normalize(mode).words}
        return not label & said

    @staticmethod
    def _long(text: str) -> bool:
        return len(normalize(text).words) > SHORT_ANSWER_WORDS

    # -- several concepts in one answer --------------------------------------------------
    def _concept_parts(self, field_key: str, text: str, limit: int, whole: MatchResult) -> list[MatchResult]:
        """Results per part of "cardio et pneumo", when the parts match better than the whole.

        "Chirurgie thoracique et pulmonaire" is one label: the whole matches it better than
        either part, so it stays one concept.
        """
        pieces = [piece for piece in _CONCEPT_SEPARATORS.split(text) if normalize(piece).words]
        if len(pieces) == 1 and whole.candidates and (not self._agree_head or not self._covers_all(text, whole.best)):
            pieces = self._juxtaposed(field_key, text, whole.best)
        if len(pieces) < 2 or len(normalize(text).words) > SHORT_ANSWER_WORDS:
            return []
        index = self._indexes[FIELDS[field_key].value_set]
        if self._in_one_name(index, {word.stem for word in normalize(text).words}, headed=True):
            # « accueil de jour et de nuit » is one name (Hébergement (accueil jour et nuit));
            # « endocrinologie-diabétologie » is two, though an exploration label lists both
            return []
        if field_key == "mode" and any(_COMPLEMENT.match(fold(piece)) for piece in pieces[1:]):
            return []  # « équipe mobile … en EHPAD et à domicile »: where the team goes, one mode
        if field_key == "mode" and self.mode_phrases.described(text):
            return []  # « ils dorment à l'hôpital et travaillent le jour »: one mode, told
        if any(weight < 1 for weight in head_weights(text).values()):
            return []  # a unit named inside its service: one unit described, not a list
        spec = FIELDS[field_key]
        pieces = self._shared_modifiers(field_key, pieces)
        ages = [word.text for word in normalize(text).words if word.text in AGE_WORDS]
        parts = []
        for piece in pieces:
            ranked = self._rank(field_key, spec.value_set, piece)
            said = {word.text for word in normalize(piece).words}
            other_ages = [age for age in ages if age not in said]
            if other_ages and ranked and self._reads_another_age(ranked[0], other_ages):
                # an age said once is the whole answer's (« pédopsy enfants, troubles anxieux »:
                # the troubles anxieux of children, not the adult psychiatry they usually go with)
                ranked = self._rank(field_key, spec.value_set, " ".join([piece, *other_ages]))
            parts.append(self._result(field_key, piece, ranked, limit, list(normalize(piece).quantities),
                                      agree=self._agree))
        if any(part.verdict == "none" for part in parts):
            return []
        codes = [part.candidates[0].code for part in parts]
        if len(set(codes)) < len(codes):
            return []
        whole_score = whole.candidates[0].score if whole.candidates else 0.0
        parts_score = sum(part.candidates[0].score for part in parts) / len(parts)
        if parts_score <= whole_score:
            return []
        self._split_clear = parts_score >= whole_score + SPLIT_MARGIN
        return parts

    @staticmethod
    def _reads_another_age(candidate: Candidate, ages: list[str]) -> bool:
        """The code's label is for an age the answer does not say (« Psychiatrie adulte » for an
        answer about children)."""
        label = {word.stem for word in normalize(candidate.label).words if word.text in AGE_WORDS}
        said = {word.stem for word in normalize(" ".join(ages)).words}
        return bool(label) and label.isdisjoint(said)

    @staticmethod
    def _covers_all(text: str, best: Candidate) -> bool:
        """The best code reads every word of the answer (age words aside)."""
        said = {word for item in best.matched_words for word in item.split()}
        return all(word.text in said for word in normalize(text).words if word.text not in AGE_WORDS)

    def _juxtaposed(self, field_key: str, text: str, best: Candidate) -> list[str]:
        """« endoc diabeto », « cardio pneumo »: two or three words side by side, each the head of
        some label, read whole as a label none of them heads (Explorations fonctionnelles
        endocrinologie, diabétologie…) or as one of them only (Pneumologie): a list without its
        « et ». Empty when the whole reads its first word as the head of its label (« urgences
        gynéco obst », « neuroradio interv thrombectomies »: a head and its modifiers)."""
        words = normalize(text).words
        if field_key != "activite" or not 2 <= len(words) <= 3 or any(word.stem in DISCIPLINE_HEADS for word in words):
            return []  # « médecine cardio »: médecine introduces the specialty (scoring.DISCIPLINE_WEIGHT)
        index = self._indexes[FIELDS[field_key].value_set]

        def heads(word) -> bool:  # as typed, clipped or through the lexicon
            readings = [reading for group in self.lexicon.groups((word,), field_key) for reading in group.readings]
            return any(stem in index.head_stems and similarity >= HEAD_FOUND for reading in readings
                       for item in reading for stem, similarity in word_matches(index, item).items())

        # adjectives qualify the noun before them (« urologie pédiatrique »): no list of specialties
        label = normalize(best.label).words
        first = {stem for group in self.lexicon.groups(words[:1], field_key) for reading in group.readings
                 for item in reading for stem, similarity in word_matches(index, item).items() if similarity >= HEAD_FOUND}
        if label and label[0].stem in first and (len(words) > 2 or len(best.matched_words) == 2):
            return []  # a label headed by the first word reads both: a head and its modifier
        if len(words) == 3:
            # « urgences gynéco obst »: a head and two modifiers is the head twice (« urgences
            # gynéco », « urgences obst »), when each pair reads a label that head heads
            pairs = [f"{words[0].text} {word.text}" for word in words[1:]]
            if all(self._headed_by(field_key, pair, first) for pair in pairs):
                return pairs
        return [word.text for word in words] if all(heads(word) and not _ADJECTIVE.search(word.text)
                                                    for word in words) else []

    def _headed_by(self, field_key: str, text: str, heads: set[str]) -> bool:
        """The best reading of ``text`` is a label whose first word is one of ``heads``."""
        ranked = self._rank(field_key, FIELDS[field_key].value_set, text)
        label = normalize(ranked[0].label).words if ranked else ()
        return bool(label) and label[0].stem in heads

    def _told(self, field_key: str, text: str, normalized: Normalized) -> tuple[bool, tuple[Word, ...]]:
        """What a description that names no unit tells of its activité, and whether it is a meeting.

        « Chaque dossier est présenté… on tranche », « avis collégial »: a meeting told rather than
        named (read by the told modes) is the unit's RCP, and its organ words are the RCP's, as
        after « RCP ». « L'urologue de garde prend… », « on prend en urgence les hémorragies
        digestives »: a specialist's emergencies. Neither in a description that names its unit
        (« le centre de sénologie … passe en RCP »): there it is a step of that unit's work."""
        if field_key != "activite" or len(normalized.words) <= ANSWER_HEAD_WORDS or names_its_unit(text):
            return False, ()
        meeting = next((read for read in self.mode_phrases.described(text) if read.startswith(TOLD_MEETING)), None)
        if meeting is not None:
            return True, normalize(meeting).words
        folded = fold(text)
        if _TOLD_EMERGENCY.search(folded) and not _NOT_EMERGENCY_UNIT.search(folded):
            return False, normalize(TOLD_EMERGENCY).words
        return False, ()

    def _sentence_parts(self, field_key: str, text: str, limit: int, whole: MatchResult) -> None:
        """A long sentence naming several activities keeps its first code and gains the others.

        The sentence is cut at « et », « ainsi que », commas, semicolons, colons and dashes; a
        part adds its concept when its best code scores at least :data:`PART_SCORE` with the head
        of its label named (« gynécologiques » alone names no head). The whole reading's first
        code stays first (concept 0 when no part gives it); the parts' codes follow it in the
        candidates, ranked just under it, and ``whole.concepts`` lists one result per concept.
        """
        pieces = _SENTENCE_SEPARATORS.split(text)
        if len(pieces) < 2:
            return
        # a part naming an activity is a short phrase (« la diabétologie », « une unité de
        # pneumologie »); longer clauses are description, and ranking them costs time
        pieces = [piece for piece in pieces if 1 <= len(normalize(piece).words) <= PART_WORDS
                  and self._names_a_head(FIELDS[field_key].value_set, field_key, piece)]
        spec = FIELDS[field_key]
        parts: dict[str, MatchResult] = {}
        for piece in pieces:
            ranked = self._rank(field_key, spec.value_set, piece)
            if not ranked or ranked[0].score < PART_SCORE or not self._agree_head:
                continue
            part = self._result(field_key, piece, ranked, limit, list(normalize(piece).quantities), agree=self._agree)
            parts.setdefault(part.candidates[0].code, part)
        first = whole.candidates[0]
        others = [part for code, part in parts.items() if code != first.code]
        if not others:
            return
        head = parts.get(first.code) or replace(whole, concepts=[])
        whole.concepts = [head, *others]
        top = first.score
        added = [replace(part.candidates[0], score=min(part.candidates[0].score, top - 0.01 * (number + 1)))
                 for number, part in enumerate(others)]
        codes = {candidate.code for candidate in added}
        # the whole reading's runners-up come after the concepts, their scores kept under them so
        # that the list reads in score order (a bar shorter than the one below it looks wrong)
        floor = added[-1].score
        rest = [replace(candidate, score=min(candidate.score, floor - 0.01 * (number + 1)))
                for number, candidate in enumerate(candidate for candidate in whole.candidates[1:]
                                                   if candidate.code not in codes)]
        whole.candidates = [first, *added, *rest][:max(limit, len(added) + 1)]

    def _names_a_head(self, value_set: str, field_key: str, piece: str) -> bool:
        """The piece (as typed or through the lexicon) contains the head word of some label: a
        cheap test before ranking it, since a part must name its label's head anyway."""
        heads = self._indexes[value_set].head_stems
        groups = self.lexicon.groups(normalize(piece).words, field_key)
        return any(word.stem in heads for group in groups for reading in group.readings for word in reading)

    def _shared_modifiers(self, field_key: str, pieces: list[str]) -> list[str]:
        """French coordination shares words between the parts: « urgences maternité et
        gynécologiques » is urgences gynécologiques, « réanimation et surveillance continue
        pédiatriques » is pediatric for both. A one-word part takes the word of the part before
        that reads best with it; the last word of the last part is tried on the short parts
        before it. A reading is kept only when it scores higher, with the head of its label named."""
        spec = FIELDS[field_key]

        def best(piece: str) -> float:
            ranked = self._rank(field_key, spec.value_set, piece)
            return ranked[0].score if ranked and self._agree_head else 0.0

        def explains(piece: str, word: str) -> bool:
            # the shared word is read by the best code of the piece, which names its label head
            # and scores like a concept (« réanimation pédiatriques » → Réanimation spécialisée
            # pédiatrique, whereas a bare « réanimation » reads best as Réanimation polyvalente)
            ranked = self._rank(field_key, spec.value_set, piece)
            return bool(ranked) and self._agree_head and ranked[0].score >= PART_SCORE \
                and word in ranked[0].matched_words

        def first_code(piece: str) -> str | None:
            ranked = self._rank(field_key, spec.value_set, piece)
            return ranked[0].code if ranked else None

        def heads_its_reading(piece: str, word: str) -> bool:
            # the word would be the head of what the piece reads (« médecine polyvalente et
            # post-urgences »: « urgences » is no modifier shared with « médecine polyvalente »)
            typed = normalize(word).words
            return bool(typed) and self._headed_by(field_key, piece, {typed[0].stem})

        words = [[word.text for word in normalize(piece).words] for piece in pieces]
        result = list(pieces)
        for number in range(1, len(pieces)):
            if len(words[number]) == 1 and words[number - 1]:
                # the modifier qualifies the head of the part before, its first word that reads
                # well with it (« urgences maternité et gynécologiques »: urgences, not maternité)
                alone = best(pieces[number])
                own = first_code(pieces[number])  # None: the part reads no code at all
                # an adjective alone names no unit (« smur néonatal et pédiatrique »): it qualifies
                # the head before it whenever that reads better, by any margin
                margin = 0.0 if _ADJECTIVE.search(words[number][0]) else SPLIT_MARGIN
                for word in dict.fromkeys(words[number - 1]):
                    reading = f"{word} {pieces[number]}"
                    # in « X et Y », a Y that reads no code stays unread when the word it would
                    # borrow reads the same without it: « neuroradiologie interventionnelle et
                    # anévrysmes » is no plain Neuroradiologie beside its interventional one
                    lone = own is None and len(pieces) == 2 and first_code(reading) == first_code(word)
                    if best(reading) > alone + margin and not lone:
                        result[number] = reading
                        break
        last = words[-1]
        if len(last) >= 2 and not heads_its_reading(f"{result[0]} {last[-1]}", last[-1]):
            for number in range(len(pieces) - 1):
                if 1 <= len(words[number]) <= 2 and last[-1] not in words[number]:
                    reading = f"{result[number]} {last[-1]}"
                    # a plural adjective shared with a singular noun qualifies it too
                    # (« réanimation et surveillance continue pédiatriques »): kept even when the
                    # noun alone reads a little better as its general label
                    agrees = _plural(last[-1]) and not any(_plural(word) for word in words[number])
                    if best(reading) > best(result[number]) or (agrees and explains(reading, last[-1])):
                        result[number] = reading
        return result

    def _combine(self, field_key: str, text: str, parts: list[MatchResult], limit: int,
                 quantities: list[Quantity]) -> MatchResult:
        # the concepts in score order (the parts keep the answer's order): the best-read concept
        # is the one proposed first, never a weaker one because it was typed first; at equal
        # scores the answer's order decides, and the later concept shows a hair lower (no tie)
        firsts = sorted((part.candidates[0] for part in parts), key=lambda candidate: -candidate.score)
        for number in range(1, len(firsts)):
            if firsts[number].score >= firsts[number - 1].score:
                firsts[number] = replace(firsts[number], score=firsts[number - 1].score - 0.01)
        rest: dict[str, Candidate] = {}
        for candidate in sorted((candidate for part in parts for candidate in part.candidates[1:]),
                                key=lambda candidate: -candidate.score):
            if candidate.code not in rest and candidate.code not in {first.code for first in firsts}:
                rest[candidate.code] = candidate  # a code two parts propose keeps its better score
        # each concept's runners-up come after all the concepts, scored under them (score order)
        candidates = [*firsts, *(replace(candidate, score=min(candidate.score, firsts[-1].score - 0.01 * (number + 1)))
                                 for number, candidate in enumerate(rest.values()))]
        # sure only if every part is sure and the split clearly beats reading the answer whole
        verdict: Verdict = "sure" if self._split_clear and all(part.verdict == "sure" for part in parts) \
            else "ambiguous"
        follow_up = next((part.follow_up for part in parts if part.follow_up), None)
        if verdict == "ambiguous" and follow_up is None:
            follow_up = "Plusieurs activités : " + " et ".join(f"« {first.label} »" for first in firsts) + " ?"
        margin = min(part.margin for part in parts)
        return MatchResult(field_key, text, verdict, candidates[:max(limit, len(firsts))], margin, follow_up,
                           quantities, parts)
