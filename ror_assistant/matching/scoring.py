"""Score the concepts of a value set against an answer: word similarity, then coverage.

Word level (:func:`word_matches`), from strongest to weakest:

* same stem ("cardiologique" / "cardiologie") → 1.0;
* the typed word is the beginning of a label word, i.e. a truncation ("néonat" → "néonatale",
  "pneumo" → "pneumologie") → 0.55 to 0.95, the completion used by more labels scoring much
  higher ("onco" is oncologie, the general head word, long before onco-génétique or
  oncogériatrie: a clipped word means the general specialty); a lexicon truncation entry may restrict which
  label words it completes ("réa" → réanimation only);
* stems of one family ("chirurgical" / "chirurgie"), or a long common beginning
  ("addicto" / "addictives") → 0.85 / 0.7;
* a typo (RapidFuzz ratio ≥ 88 on words of 6 letters or more) → up to 0.8.

Concept level (:func:`score_concepts`): for each name of the concept, the IDF-weighted share
of the *label* found in the answer and the share of the *answer* found in the label, averaged.
Long descriptions then behave like search queries (which label is most present in the text),
short answers like strings (which label is closest). Words of the answer unknown to the whole
value set are ignored: "adultes" says nothing about an activity and must not dilute its score.
Definitions (R211) add a small bonus for answer words found in them *and not in the label*,
being vocabulary of lower trust than labels (a field of lower weight, as in BM25F): only 206
of the 548 activities have one, so a word already found in the label must not earn more for
the concepts that happen to be defined.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from ror_assistant.matching.ages import AGE_WORDS
from ror_assistant.matching.index import Name, ValueSetIndex
from ror_assistant.matching.lexicon import QueryGroup, QueryWord
from ror_assistant.matching.normalize import FULL_WORDS
from ror_assistant.matching.normalize import stem as stem_of

LABEL_SHARE = 0.4
"""Weight of label coverage against answer coverage in a name's score."""

FULL_LABEL_SHARE = 0.2
"""Part of the concept score taken from its full label, whatever name matched best: breaks
ties between concepts that share a parenthesised synonym such as "(cancérologie)"."""

DEFINITION_BONUS = 6.0
"""Points added at most when the answer's words appear in the concept's definition."""

_COMBINING_FORM = re.compile(r"[a-z]{2,}o")
"""The first part of a compound written as one word (« cardio » of « cardiovasculaires »)."""
_MIN_PREFIX = 3
_MIN_FAMILY = 5
_MIN_SUFFIX = 6
SURFACE_TYPO_CUTOFF = 85
"""RapidFuzz ratio a whole misspelt word needs (7 letters at least): two letters swapped in an
8-letter word (« urgneces », « acceuil ») is 87.5, under the 88 asked of stems."""
ELDER_WORDS = frozenset({"agee", "agees", "ages"})
"""« (personnes) âgées » says who the unit cares for, like an age word; unlike one it also names
a discipline (gériatrie, through the vocabulary), so it keeps a weight of its own."""
PUBLIC_AFTER_HEAD = 0.5
"""Weight of an elder word that follows another concept (« SSIAD personnes âgées »: the SSIAD's
soins infirmiers *for* older people, not gériatrie): the noun first in a French phrase names
the unit, the public after it qualifies it."""
CHILD_WORDS = frozenset({"enfant", "enfants"})
CHILD_PEDIATRIC = 0.85
"""« enfants » in an answer says the « pédiatrique » of a label (« réa enfants » → Réanimation
spécialisée pédiatrique), a little less than the word itself."""
NOT_HEAD_FACTOR = 0.92
"""An approximate word match (clip, family, typo) on a label word that is not the head counts less."""
NOT_HEAD_EXACT_FACTOR = 0.93
"""An exact one a little less too: French labels put the specialty first ("Oncologie médicale"),
a word found as a modifier ("Chirurgie oncologique") is a weaker reading of "oncologie"."""
HEADLESS_FACTOR = 0.95
"""Factor for a concept none of whose names starts with a word of the answer (tuned on even
bench ids, checked on odd ids: docs/matching.md)."""
GENERAL_QUALIFIERS = frozenset({"general", "polyvalent"})
"""Label words meaning "no sub-specialty" ("Cardiologie générale", "Réanimation polyvalente"):
a bare specialty ("cardio", "réa") means exactly that, so they count as mostly covered and the
most general label wins over "Cardiologie interventionnelle"."""
GENERAL_COVERAGE = 0.8
DEFAULT_QUALIFIERS = frozenset({"complet"})
"""Label words of the unmarked reading of a head that has equally common alternatives: a bare
« hospitalisation » usually means Hospitalisation *complète* (« hospitalisation
conventionnelle »), so HC ranks first, but jour, semaine and nuit are as real: the matcher still
asks (:meth:`ror_assistant.matching.matcher.Matcher._result`). Covered like a general qualifier."""
LINKING_QUALIFIERS = frozenset({"specialis", "hospitalier"})
"""Label words that only link a head to its specialty or place (« Urgences *spécialisées*
obstétricales », « Réanimation *spécialisée* pédiatrique », « Urgences pédiatriques
*hospitalières* »): nobody says them (« urgences gynéco », « réa pédiatrique »), so a missing one
costs little; less covered than a general qualifier, so a bare « urgences » stays polyvalentes."""
LINKING_COVERAGE = 0.6
ORIENTATION = "orientation"
"""The link of a « P orientation S » label (« Kinésithérapie orientation Pédiatrie », « Diététique
orientation Dénutrition »): nobody says it (« kiné enfants », « diététicienne dénutrition »), so it
links like « spécialisées », but only when the profession P heads the answer (a terse answer, or
one whose first word says P's most telling word, « infirmiers » of Soins infirmiers: « Le kiné
intervient auprès des patients en fin de vie », « IDE EMSP »). A profession named in a team (« un
médecin, deux IDE, une psychologue ») does not make the unit that profession's orientation."""
COORDINATED_COVERAGE = 0.5
"""Coverage of a label word coordinated with a word the answer says: « chir thoracique » says
Chirurgie thoracique *et pulmonaire* (the head and one of its alternatives) more than Chirurgie
*oncologique* thoracique (a restriction it does not make). Half covered: the other alternative
may be what the answer means instead. Only when the answer says nothing more (« chirurgie
des malformations vasculaires encéphaliques » is not Chirurgie vasculaire *et endovasculaire*),
and in terse answers only (a head and its modifiers, up to
:data:`ANSWER_HEAD_WORDS` words): in a sentence, a label half present is more often an
incidental word (« travaillant avec la rhumatologie et l'orthopédie »)."""
ANSWER_HEAD_FACTOR = 0.9
"""Factor for a concept lacking the head of a short answer: the first word of « urgences
maternité » that heads some label (« urgences ») says what kind of unit it is; the other words
qualify it, so Obstétrique, which reads « maternité » alone, comes after Urgences spécialisées
obstétricales."""
ANSWER_HEAD_WORDS = 4
"""Longest answer (in words) read as a head and its modifiers; longer ones are descriptions.
In a description, the same factor applies to a code that reads none of the words of the unit's
named head (« service de *médecine gériatrique* »), « médecine » alone not counting."""
TRADE_FACTOR = 0.8
"""Factor for a code whose names do not name the care profession a description is about (« La
kiné en gériatrie, on travaille la marche… », « Infirmière en diabétologie, elle apprend les
injections… »): the unit is that profession's work (a « P orientation S » label, or P itself),
not the specialty S of the patients it sees. A terse answer (« kiné centre douleur ») reads its
head anyway: there, :data:`ANSWER_HEAD_FACTOR`."""
DISCIPLINE_HEADS = frozenset({"medecin", "medical"})
"""« médecine X » names the discipline X (« médecine palliative » is Soins palliatifs, « médecine
digestive » Gastro-entérologie): « médecine » is no kind of unit the labels keep, so it is no
answer head."""
DISCIPLINE_WEIGHT = 0.3
"""Weight of « médecine » / « médical » followed by a word the labels know: it introduces the
specialty (« médecine cardiologique » is Cardiologie, not Médecine générale); the labels that
keep it (Médecine interne, Médecine polyvalente) still read it."""
PROFESSION_FACTOR = 0.97
"""Factor for a « P orientation S » label (« Kinésithérapie orientation Cardiologie », « Médecine
générale à orientation Médecine vasculaire ») when the answer does not name the profession P: it
is S as practised by P, so « angio » is Médecine vasculaire first, the general practitioner's
orientation just under it."""
CANCER_STEMS = frozenset({"oncolog", "carcinolog", "cancer", "cancerolog"})
"""Label stems that restrict a label to cancer care (« Chirurgie *oncologique* ophtalmologique »)."""
RESTRICTED_FACTOR = 0.75
"""Factor for a code restricted to cancer care right after its head (« Chirurgie *oncologique*
ophtalmologique », not « Soins de support en oncologie », which its own words define) when the
answer reads no cancer at all: « chirurgie ophtalmologique », « chirurgie de la cataracte » are
Ophtalmologie. The restriction is what the code is for; one unsaid word of a common stem (low
IDF) would otherwise cost it little."""
CANCER_READ = 0.7
"""Similarity from which an answer word reads a cancer stem (a misspelt « oncolgie » does)."""
TUMOUR = ("tumeur", "tumor")
"""« tumeurs de l'enfant », « tumoral »: cancer said without a label's word for it."""
SURGERY_STEMS = frozenset({"chirurg", "chirurgical"})
SURGERY_UNSAID = 0.85
"""Factor for a code of cancer *surgery* (« Chirurgie oncologique thoracique ») when the answer
reads cancer but no surgery (« onco thoracique », « neuro-oncologie, gliomes »): the medical
oncology of the organ is meant, as RESTRICTED_FACTOR sets cancer surgery aside when no cancer is
read. Surgery is read from a surgical word, clip or act (« chir », « opérés », « prostatectomie »
through the vocabulary)."""
RELATED_READING = 0.9
"""Reading factor at or under which a reading comes from the clinical vocabulary (RELATED_FACTOR)."""
SURGICAL_WORD = re.compile(r"^(?:oper|chir|bloc|exerese|resection|curage|enlev|retir|lambeau)|(?:ectomie|tomie|plastie)s?$")
"""A word that says surgery is done: the verb, the theatre, a removal or an « -ectomie »."""
PHONETIC_FACTOR = 0.95
"""Similarity kept by a word read with the spelling of its sound (« nefro » → néphrologie): the
spelling a hurried typist uses for the sound, a little less sure than the word itself."""
PHONETIC_SPELLINGS = (("f", "ph"), ("th", "t"))
"""A word no label reads as typed is tried with « ph » for its « f » (« nefro ») and « t » for its
« th » (« hepatho », « osthéo »)."""
CLIPPED_WORDS_MAX = 8
"""Answers up to this many words may contain clipped words ("réa néonat"); longer ones are
descriptions written in full words."""


def _implicit_coverage(stems: tuple[str, ...], position: int, merged: dict[str, float],
                       unexplained: bool = False, partners: tuple[tuple[int, ...], ...] = (),
                       lead: frozenset[str] = frozenset(), idf: dict[str, float] | None = None) -> float:
    """How far the label word at ``position`` counts as said when the answer does not say it.
    « générale », « polyvalente » mean *no* sub-specialty: implied by a bare head (« cardio »), not
    when the answer adds a word the label does not read (« médecine palliative » is not Médecine
    générale). A linking word is implied only when the words it links to are said: « urgences
    maternité » implies Urgences *spécialisées* obstétricales, « soins de pédiatrie néonatale » does
    not imply Soins *intensifs* spécialisés néonatalogie. ``lead``: the label stems the answer's
    lead words read (:data:`ORIENTATION`), ``idf`` the value set's."""
    stem = stems[position]
    if stem in GENERAL_QUALIFIERS or stem in DEFAULT_QUALIFIERS:
        return 0.0 if unexplained else GENERAL_COVERAGE
    if stem in LINKING_QUALIFIERS and all(merged.get(before, 0.0) >= 0.85 for before in stems[:position]):
        return LINKING_COVERAGE
    if stem == ORIENTATION and position and idf is not None \
            and max(stems[:position], key=idf.__getitem__) in lead:  # « infirmiers » of Soins infirmiers
        return LINKING_COVERAGE
    if partners and not unexplained and merged.get(stems[0], 0.0) >= 0.85 \
            and any(merged.get(stems[other], 0.0) >= 0.85 for other in partners[position]):
        return COORDINATED_COVERAGE
    return 0.0


def _common_prefix(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first, second):
        if a != b:
            break
        length += 1
    return length


def _word_in_name(matches: dict[str, float], name: Name) -> float:
    """How well one answer word is found in a name, best as the name's head word ("onco" and
    "oncologie" are Oncologie médicale before Chirurgie oncologique)."""
    if name.stem_set.isdisjoint(matches):
        return 0.0  # most words of a reading are not in a given name: decided at C speed
    best = 0.0
    for position, stem in enumerate(name.stems):
        similarity = matches.get(stem, 0.0)
        if similarity and position:
            similarity *= NOT_HEAD_FACTOR if similarity < 1.0 else NOT_HEAD_EXACT_FACTOR
        best = max(best, similarity)
    return best


def word_matches(index: ValueSetIndex, word: QueryWord, clipped: bool = True) -> dict[str, float]:
    """Label stems of ``index`` that ``word`` may stand for, with a similarity in (0, 1].

    ``clipped`` allows reading the word as a truncation; it is off for long descriptions
    copied from web pages, where "intra" is "intra-vitréennes", not "intracrânienne".
    """
    key = (word.text, word.stem, word.completes, clipped)
    cached = index.word_cache.get(key)
    if cached is not None:
        return cached
    found: dict[str, float] = {}

    def offer(stem: str, similarity: float) -> None:
        if similarity > found.get(stem, 0.0):
            found[stem] = similarity

    if word.stem in index.idf:
        offer(word.stem, 1.0)
    if len(word.text) >= _MIN_PREFIX and (clipped or word.completes) and word.text not in FULL_WORDS:
        # a lexicon truncation lists the beginnings it stands for, which need not extend the clip
        # itself (« cardio » → cardiaque): look them up too
        beginnings = {word.text, *(item for item in word.completes if len(item) >= _MIN_PREFIX)}
        completions = sorted({surface for beginning in beginnings for surface in index.surfaces_starting_with(beginning)
                              if not word.completes and surface not in index.acronyms
                              or any(surface.startswith(item) for item in word.completes)})
        if completions:
            # the most used completion is the likely meaning of a clip; with a lexicon entry,
            # within each beginning it lists ("cardio" → cardiologie; "cardiaque" for itself)
            by_meaning: dict[str, set[str]] = {}
            for surface in completions:
                meaning = next((item for item in word.completes if surface.startswith(item)), "")
                by_meaning.setdefault(meaning, set()).add(index.surfaces[surface])
            low, high = (0.55, 0.95) if len(word.text) >= 4 or word.completes else (0.5, 0.85)
            for stems in by_meaning.values():
                most_used = max(len(index.postings[stem]) for stem in stems)
                for stem in stems:
                    share = len(index.postings[stem]) / most_used
                    offer(stem, low + (high - low) * share ** 0.5)
    if word.completes:
        index.word_cache[key] = found
        return found
    qstem = word.stem
    if len(word.text) >= _MIN_SUFFIX:  # "vasculaires" in "cardiovasculaires"
        for surface in index.surfaces_ending_with(word.text):
            # only after a combining form (« cardio- »): « urologie » is not the end of « neurologie »
            if surface != word.text and _COMBINING_FORM.fullmatch(surface[:-len(word.text)]):
                offer(index.surfaces[surface], 0.85)
    if len(qstem) >= _MIN_FAMILY and word.text not in FULL_WORDS:
        for length in range(len(qstem), _MIN_FAMILY - 1, -1):
            for stem in index.stems_starting_with(qstem[:length]):
                shorter = min(len(stem), len(qstem))
                if length == shorter:  # one stem is the beginning of the other
                    offer(stem, 0.85)
                elif length >= 0.8 * shorter:
                    offer(stem, 0.7)
            if length < 0.8 * len(qstem):
                break
    if len(qstem) >= 6:
        for stem, ratio, _ in process.extract(qstem, index.sorted_stems, scorer=fuzz.ratio, processor=None,
                                              score_cutoff=88, limit=5):
            offer(stem, 0.8 * ratio / 100)
    if not found and len(word.text) >= 7:
        # a misspelt word whose stem is short (« urolgie » → « urolg ») or whose misspelt ending
        # escapes the stemmer (« dieteticque », « bariatirque »): compare the words
        for surface, ratio, _ in process.extract(word.text, index.sorted_surfaces, scorer=fuzz.ratio, processor=None,
                                                 score_cutoff=SURFACE_TYPO_CUTOFF, limit=5):
            offer(index.surfaces[surface], 0.8 * ratio / 100)
    if max(found.values(), default=0.0) < 1.0:
        # « nefro », « farmacie », « hepatho », « osthéo »: the French spelling typed as it sounds
        for written, sounded in PHONETIC_SPELLINGS:
            if written in word.text:
                spelt = word.text.replace(written, sounded)
                for stem_found, similarity in word_matches(index, QueryWord(spelt, stem_of(spelt)), clipped).items():
                    offer(stem_found, PHONETIC_FACTOR * similarity)
    index.word_cache[key] = found
    return found


def score_concepts(index: ValueSetIndex, groups: tuple[QueryGroup, ...], boosts: dict[str, float] | None = None,
                   subject: frozenset[str] = frozenset()) -> list[tuple[int, float, tuple[str, ...], bool]]:
    """(position in index, score 0–100, typed words that matched, whether a lexicon reading
    did better than the typed words) for every concept the answer touches.

    ``boosts`` multiplies the weight of some typed words in the answer's coverage (the head
    noun phrase of a description: :func:`ror_assistant.matching.heads.head_weights`); ``subject``
    the words of the profession the description is about (:func:`ror_assistant.matching.heads.profession_subject`)."""
    groups = tuple({group.typed: group for group in groups}.values())  # a word said twice counts once
    boosts = boosts or {}
    clipped = len(groups) <= CLIPPED_WORDS_MAX
    terse = len(groups) <= ANSWER_HEAD_WORDS
    group_matches = [[[word_matches(index, word, clipped) for word in reading] for reading in group.readings]
                     for group in groups]
    weights = []
    for group, readings in zip(groups, group_matches):
        best = 0.0
        for reading in readings:
            known = [max(index.idf[stem] for stem in matches) for matches in reading if matches]
            if known:
                best = max(best, sum(known) / len(reading))
        weights.append(0.0 if group.typed in AGE_WORDS else best * boosts.get(group.typed, 1.0))
    # « médecine cardiologique », « médecine cardio »: the discipline word only introduces the
    # specialty after it, which says what the unit is (a label without it leaves nothing unsaid)
    discipline = [bool(weight) and {word.stem for word in group.readings[0]} <= DISCIPLINE_HEADS
                  and number + 1 < len(groups) and bool(weights[number + 1])
                  and not {word.stem for word in groups[number + 1].readings[0]} <= DISCIPLINE_HEADS
                  for number, (group, weight) in enumerate(zip(groups, weights))]
    weights = [weight * DISCIPLINE_WEIGHT if introduces else weight for weight, introduces in zip(weights, discipline)]
    weights = [weight * PUBLIC_AFTER_HEAD if group.typed in ELDER_WORDS and any(weights[:number]) else weight
               for number, (group, weight) in enumerate(zip(groups, weights))]
    total_weight = sum(weights)
    if total_weight == 0:
        return []
    # coordinated label words count as said only for an answer every word of which the labels know
    terse = terse and all(weight or group.typed in AGE_WORDS for group, weight in zip(groups, weights))
    touched: set[int] = set()
    for readings in group_matches:
        for reading in readings:
            for matches in reading:
                for stem in matches:
                    touched.update(index.postings[stem])
    flat = [matches for readings in group_matches for reading in readings for matches in reading]
    merged: dict[str, float] = {}  # label stem → best similarity of any answer word
    for matches in flat:
        for stem, similarity in matches.items():
            if similarity > merged.get(stem, 0.0):
                merged[stem] = similarity
    if any(group.typed in CHILD_WORDS for group in groups) and "pediatr" in index.idf:
        # « réa enfants », « urgences enfants »: the labels say « pédiatrique » for children
        merged["pediatr"] = max(merged.get("pediatr", 0.0), CHILD_PEDIATRIC)
    # every label stem each group may stand for: a name sharing none of them scores 0 for it
    group_stems = [frozenset(stem for reading in readings for matches in reading for stem in matches)
                   for readings in group_matches]
    head = _answer_head(index, groups, group_matches, weights)
    # the named head of a description (« service de médecine gériatrique »): its words that say
    # more than the discipline
    described = {group.typed for group, weight in zip(groups, weights)
                 if weight and boosts.get(group.typed, 1.0) > 1
                 and not {word.stem for word in group.readings[0]} <= DISCIPLINE_HEADS}
    # the profession a description is about (« La kiné en gériatrie… »): its work is a label
    # that names the profession
    trades = {stem for group, readings in zip(groups, group_matches) if not subject.isdisjoint(group.typed.split())
              for reading in readings for matches in reading
              for stem, similarity in matches.items() if similarity >= 0.85 and stem in index.trade_stems}
    # an age the answer says that some label reads with all its other words (« médecine de
    # l'adolescent », « réa enfants » → Réanimation spécialisée *pédiatrique*): a name without it
    # does not imply its « générale » / « polyvalente »
    age_stems = {word.stem for group in groups if group.typed in AGE_WORDS for word in group.readings[0]}
    if any(group.typed in CHILD_WORDS for group in groups):
        age_stems = age_stems - {"enfant"} | {"pediatr"}
    others = [stems for group, stems in zip(groups, group_stems) if group.typed not in AGE_WORDS]

    def reads_the_age(name) -> bool:
        return not age_stems.isdisjoint(name.stem_set)

    age_named = bool(age_stems) and any(reads_the_age(name) and all(not name.stem_set.isdisjoint(stems) for stems in others)
                                        for position in touched for name in index.concepts[position].names)
    cancer_read = any(merged.get(stem, 0.0) >= CANCER_READ for stem in CANCER_STEMS) \
        or any(word.stem.startswith(TUMOUR) for group in groups for word in group.readings[0])
    # surgery said, or read through a synonym: a vocabulary reading (« gliome » → oncologie or
    # chirurgie neurologique) names what the disease may need, not what the unit does
    surgery_read = any(matches.get(stem, 0.0) >= 0.85 for group, readings in zip(groups, group_matches)
                       for number, reading in enumerate(readings) if group.factor(number) > RELATED_READING
                       for matches in reading for stem in SURGERY_STEMS) \
        or any(SURGICAL_WORD.search(word) for group in groups for word in group.typed.split())
    # what the answer's lead words read: all its words in a terse answer, else the first one
    # that the labels know (« Le kiné intervient… », not « un médecin, deux IDE… »)
    leading = [readings for readings, weight in zip(group_matches, weights) if weight]
    leading = leading if len(groups) <= ANSWER_HEAD_WORDS else leading[:1]
    lead = frozenset(stem for readings in leading for reading in readings for matches in reading
                     for stem, similarity in matches.items() if similarity >= 0.85)
    results = []
    for position in touched:
        item = index.concepts[position]
        best_name, best_groups, best_lexicon = 0.0, (), False
        full = 0.0
        for name in item.names:
            answer_cov = 0.0
            matched = []
            lexicon_used = False
            unexplained = False  # an answer word this name does not read
            for group, readings, weight, stems, introduces in zip(groups, group_matches, weights, group_stems,
                                                                  discipline):
                if not weight:
                    continue
                if name.stem_set.isdisjoint(stems):
                    unexplained = unexplained or not introduces
                    continue
                reading_scores = [group.factor(number) * sum(_word_in_name(matches, name)
                                                             for matches in reading) / len(reading)
                                  for number, reading in enumerate(readings)]
                score = max(reading_scores)
                if score:
                    matched.append(group.typed)
                    lexicon_used = lexicon_used or reading_scores[0] < score
                else:
                    unexplained = True
                answer_cov += weight * score
            answer_cov /= total_weight
            label_weight = sum(index.idf[stem] for stem in name.stems)
            age_unread = age_named and not reads_the_age(name)
            label_cov = sum(index.idf[stem] * max(merged.get(stem, 0.0),
                                                  _implicit_coverage(name.stems, number, merged,
                                                                     unexplained or age_unread,
                                                                     name.partners if terse else (), lead, index.idf))
                            for number, stem in enumerate(name.stems)) / label_weight
            value = LABEL_SHARE * label_cov + (1 - LABEL_SHARE) * answer_cov
            if name is item.full_label:
                full = value
            if value * name.factor > best_name:
                best_name, best_groups, best_lexicon = value * name.factor, tuple(matched), lexicon_used
        score = (1 - FULL_LABEL_SHARE) * best_name + FULL_LABEL_SHARE * full
        if not any(name.stems and merged.get(name.stems[0], 0.0) >= 0.85 for name in item.names):
            # none of the concept's names has its head word in the answer: « onco gynéco » names
            # the oncology of an organ, not *Chirurgie* oncologique gynécologique; « soins de
            # support » is not a *Réunion* de concertation
            score *= HEADLESS_FACTOR
        if head and not any(stem in head for name in item.names for stem in name.stems):
            score *= ANSWER_HEAD_FACTOR
        if age_named and not any(reads_the_age(name) for name in item.names):
            # « chirurgie viscérale enfants »: a label reads the age said with the other words;
            # one that does not is for another public, however fully it reads the rest
            score *= ANSWER_HEAD_FACTOR
        if described and described.isdisjoint(best_groups):
            # « Le service de médecine gériatrique … dépendance physique » is not Médecine *physique*
            score *= ANSWER_HEAD_FACTOR
        if trades and all(name.stem_set.isdisjoint(trades) for name in item.names):
            score *= ANSWER_HEAD_FACTOR if terse else TRADE_FACTOR
        if not cancer_read and all(not name.stem_set.isdisjoint(CANCER_STEMS) for name in item.names) \
                and any(len(name.stems) > 1 and name.stems[1] in CANCER_STEMS for name in item.names):
            score *= RESTRICTED_FACTOR
        if cancer_read and not surgery_read and all(name.stems and name.stems[0] in SURGERY_STEMS
                                                     and not name.stem_set.isdisjoint(CANCER_STEMS) for name in item.names):
            score *= SURGERY_UNSAID
        if item.profession and merged.get(max(item.profession, key=index.idf.__getitem__), 0.0) < 0.85:
            # the profession's most telling word is not said (« générale » of Médecine générale,
            # « infirmiers » of Soins infirmiers; « médecine » or « soins » alone do not name it)
            score *= PROFESSION_FACTOR
        if item.definition_stems:
            in_definition = [weight for group, readings, weight in zip(groups, group_matches, weights)
                             if weight and group.typed not in best_groups and any(stem in item.definition_stems
                                               for reading in readings for matches in reading for stem in matches
                                               if matches[stem] >= 0.85)]
            score += DEFINITION_BONUS / 100 * sum(in_definition) / total_weight
        results.append((position, min(100.0, 100 * score), best_groups, best_lexicon))
    return results


def _answer_head(index: ValueSetIndex, groups: tuple[QueryGroup, ...], group_matches: list, weights: list[float]
                 ) -> frozenset[str]:
    """Label stems the head of a short answer stands for: its first word, when it reads (typed,
    clip or expansion, similarity ≥ 0.85) as the head of some label. Empty for one-word answers
    and for descriptions (« l'autre de soins classiques (UNV) »), which do not start with a head
    followed by its modifiers."""
    if not 2 <= len(groups) <= ANSWER_HEAD_WORDS or not weights[0]:
        return frozenset()
    heads = frozenset(stem for reading in group_matches[0] for matches in reading
                      for stem, similarity in matches.items() if similarity >= 0.85 and stem in index.head_stems)
    return frozenset() if heads <= DISCIPLINE_HEADS else heads


def bm25_query(index: ValueSetIndex, groups: tuple[QueryGroup, ...],
               boosts: dict[str, float] | None = None) -> dict[str, float]:
    """Query terms for :mod:`ror_assistant.matching.bm25`: stem → weight.

    Every reading of every group contributes (typed, lexicon expansion, related vocabulary at
    its lower trust), each word through its exact stem when the value set knows it (definitions
    included), otherwise through the label stems it may complete or approximate (:func:`word_matches`, similarity as weight). Age
    words weigh nothing; head words of a description weigh ``boosts``."""
    boosts = boosts or {}
    clipped = len({group.typed for group in groups}) <= CLIPPED_WORDS_MAX
    bm25 = index.bm25
    query: dict[str, float] = {}

    def offer(stem: str, weight: float) -> None:
        if weight > query.get(stem, 0.0):
            query[stem] = weight

    for group in groups:
        if group.typed in AGE_WORDS:
            continue
        boost = boosts.get(group.typed, 1.0)
        for number, reading in enumerate(group.readings):
            factor = group.factor(number) * boost
            for word in reading:
                if bm25 is not None and word.stem in bm25.idf and not word.completes:
                    offer(word.stem, factor)  # a full word: its own stem only
                    continue
                for stem, similarity in word_matches(index, word, clipped).items():
                    offer(stem, factor * similarity)
    return query
