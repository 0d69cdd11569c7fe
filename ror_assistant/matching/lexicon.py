"""The lexicon of hospital abbreviations and synonyms, kept as data in nomenclatures/lexicon.yaml.

Référents write "HDJ", "USIC", "réa", "hôpital de jour": words that never appear in the NOS
labels. Each lexicon entry says what a short form means *in the ROR context* and where that
meaning comes from, so a reviewer can check it without reading Python.

Three kinds, following the field notes (section D):

* ``acronym`` — letters standing for words ("HDJ" → "hospitalisation de jour"); the answer
  is scored both as typed and as expanded, the better reading wins.
* ``synonym`` — another way to say the same thing ("hôpital de jour", "maternité"); read only
  as its expansion, since the typed words would match labels on their own ("jour" alone
  would pull "Accueil de jour").
* ``states`` (optional, any kind) — the field the span *states*: "HDJ", "hospit complète",
  "en ambulatoire" state the mode; when another field (the activité) is matched, the span is
  removed from the query, so that "HDJ onco adultes" is scored as "onco" for the activité
  (answers are parsed across fields before the activity is matched).
* ``truncation`` — a clipped word ("réa", "néonat"). It is **not** replaced: the prefix
  scorer already matches "néonat" with "néonatale" and "néonatalogie", and blind expansion
  would pick one of them wrongly. The entry only lists, when needed, which words the clip can
  complete to ("réa" is réanimation, never réadaptation).
* ``related`` — clinical vocabulary kept in nomenclatures/vocabulary.yaml (techniques, organs,
  diseases → the specialty that practises them: « coronarographie » → cardiologie
  interventionnelle). Read as typed *and* as the related words, the related reading counting
  less (:data:`RELATED_FACTOR`) than a synonym: a label word the person typed always wins.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ror_assistant.datafiles import load_model
from ror_assistant.matching.ages import AGE_WORDS, CHILD_AGE_WORDS, PEDIATRIC_STEMS
from ror_assistant.matching.normalize import FULL_WORDS, Word, normalize
from ror_assistant.paths import nomenclatures_dir
from ror_assistant.textfold import fold

LEXICON_HINT = ("chaque entrée a term, kind (acronym, synonym ou truncation), meaning et source ; "
                "expansion pour acronym et synonym, completes pour truncation ; context facultatif "
                "(liste de mots dont l'un doit figurer dans la réponse) ; not_with facultatif (liste de mots "
                "dont aucun ne doit y figurer) ; after et before facultatifs (listes de mots dont l'un doit "
                "précéder, ou suivre, le terme de peu) ; alone et exact facultatifs.")


class LexiconEntry(BaseModel):
    """One short form or synonym, with its meaning in the ROR context and its source."""

    model_config = ConfigDict(extra="forbid")

    term: str = Field(min_length=1)
    kind: Literal["acronym", "synonym", "truncation", "related"]
    expansion: list[str] = Field(default_factory=list, description="readings of an acronym or synonym")
    completes: list[str] = Field(default_factory=list, description="words a truncation may stand for")
    fields: list[str] = Field(default_factory=list, description="fields where the entry applies; all if empty")
    states: str | None = Field(default=None, description="field this span states (mode, age…): the other "
                                                           "fields drop it from their query")
    context: list[str] = Field(default_factory=list, description="words of which the answer must contain one "
                                                                 "for the entry to apply (« cardio » next to "
                                                                 "« SMR » is the cardio-vascular mention)")
    not_with: list[str] = Field(default_factory=list, description="words of which none may be in the answer for the "
                                                                  "entry to apply (a fracture in a SMR is the locomotor "
                                                                  "mention, not in a geriatric SMR)")
    after: list[str] = Field(default_factory=list, description="words of which one must come just before the term "
                                                               "(within AFTER_WINDOW words) for the entry to apply: "
                                                               "« uro » after « RCP » is the RCP's organ, the urinary "
                                                               "tract; « avant RCP » names no RCP")
    before: list[str] = Field(default_factory=list, description="words of which one must come just after the term "
                                                                "(within BEFORE_WINDOW words): « SI » before a specialty "
                                                                "is the soins intensifs, elsewhere « si » is a conjunction")
    alone: bool = Field(default=False, description="the entry applies only when it is all the answer says for the "
                                                   "field (« médecine » alone is médecine polyvalente)")
    exact: bool = Field(default=False, description="the entry matches the words as written, not their stems "
                                                   "(« jours », a duration, is not the « jour » of hôpital de jour)")
    meaning: str = Field(min_length=3)
    source: str = Field(min_length=3)

    @field_validator("expansion", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _kind_has_what_it_needs(self) -> "LexiconEntry":
        if self.kind in {"acronym", "synonym", "related"} and not self.expansion:
            raise ValueError(f"« {self.term} » ({self.kind}) doit avoir une expansion")
        if self.kind == "truncation" and (self.expansion or not self.completes):
            raise ValueError(f"« {self.term} » est une troncature : pas d'expansion, mais completes "
                             "(les débuts de mots qu'elle abrège)")
        if not normalize(self.term).words:
            raise ValueError(f"« {self.term} » ne contient aucun mot significatif")
        for word in [*self.context, *self.not_with, *self.after, *self.before]:
            if len(normalize(word).words) != 1:
                raise ValueError(f"contexte « {word} » de « {self.term} » : un seul mot significatif par élément")
        return self

    @property
    def context_stems(self) -> frozenset[str]:
        return frozenset(normalize(word).words[0].stem for word in self.context)

    @property
    def not_with_stems(self) -> frozenset[str]:
        return frozenset(normalize(word).words[0].stem for word in self.not_with)

    @property
    def after_stems(self) -> frozenset[str]:
        return frozenset(normalize(word).words[0].stem for word in self.after)

    @property
    def before_stems(self) -> frozenset[str]:
        return frozenset(normalize(word).words[0].stem for word in self.before)


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[LexiconEntry]


MISSPELT_MIN = 7
MISSPELT_RATIO = 88
"""A word no label reads, of 7 letters or more, that is this close (RapidFuzz ratio) to a word of
a lexicon or vocabulary term beginning with the same two letters is read as that word:
« sevrage tabagqiue » finds the vocabulary's « sevrage tabagique », as « urolgie » finds the
labels' « urologie »."""
AFTER_WINDOW = 3
"""Words (stop words aside) within which an ``after`` word must precede its term: « RCP de
sénologie », « staff onco digestif », « réunion de concertation dédiée aux tumeurs endocrines »."""
BEFORE_WINDOW = 1
"""Words within which a ``before`` word must follow its term: right after it (« SI urologie »,
« SI post-op digestifs »), not « si besoin, cardio »."""
CLIP_OF_ENTRY_MIN = 4
"""Shortest clip read as the beginning of a lexicon word (« mater »; « ma » would be anything)."""
JOINED_REST_MIN = 5
"""A clip typed joined to its next word (« oncodigestif ») is split only when that word has five
letters or more: « onco » + « log » is no reading of anything."""
RELATED_FACTOR = 0.8
"""A reading reached through the clinical vocabulary counts this much of a typed/synonym reading:
« dialyse » → néphrologie is likely, not certain (a synonym reading counts 1.0)."""
LATER_READING_FACTOR = 0.98
"""An expansion listed after the first counts this much: the lexicon lists the usual meaning
first, and it wins when two readings fit as well (a hair, never against a better fit)."""

VOCABULARY_HINT = ("chaque entrée a term (texte ou liste), related (texte ou liste de mots des libellés "
                   "R211), meaning et source ; fields facultatif (activite par défaut).")


class VocabularyEntry(BaseModel):
    """Technique, organ or clinical word → specialty words, with its meaning and source."""

    model_config = ConfigDict(extra="forbid")

    term: list[str] = Field(min_length=1)
    related: list[str] = Field(min_length=1)
    fields: list[str] = Field(default_factory=lambda: ["activite"])
    not_with: list[str] = Field(default_factory=list, description="words of which none may be in the answer for the "
                                                                  "reading to apply (a « labo » of sleep or effort "
                                                                  "is no biology laboratory)")
    meaning: str = Field(min_length=3)
    source: str = Field(min_length=3)

    @field_validator("term", "related", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _words(self) -> "VocabularyEntry":
        for text in [*self.term, *self.related]:
            if not normalize(text).words:
                raise ValueError(f"« {text} » ne contient aucun mot significatif")
        return self

    def lexicon_entries(self) -> list[LexiconEntry]:
        return [LexiconEntry(term=term, kind="related", expansion=self.related, fields=self.fields,
                             not_with=self.not_with, meaning=self.meaning, source=self.source) for term in self.term]


class VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[VocabularyEntry]


@dataclass(frozen=True)
class QueryWord:
    """A word to score; ``completes`` restricts the label words a truncation may match."""

    text: str
    stem: str
    completes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryGroup:
    """What one typed word (or lexicon phrase) may mean: the typed reading first, then expansions."""

    typed: str
    readings: tuple[tuple[QueryWord, ...], ...]
    factors: tuple[float, ...] = ()
    """Trust of each reading (1.0 when empty): related readings count :data:`RELATED_FACTOR`."""
    related: bool = False
    """The readings come from the clinical vocabulary (kind ``related``)."""

    def factor(self, position: int) -> float:
        return self.factors[position] if position < len(self.factors) else 1.0


def _public_said(entry: LexiconEntry, words: tuple[Word, ...]) -> frozenset[str]:
    """The age words of the answer when the entry's reading is already for that public:
    « pédiatrie enfants » is still « pédiatrie » alone (Médecine pédiatrique), whereas « médecine
    ados » is no « médecine » alone (Médecine polyvalente), but the medicine of adolescents."""
    said = {word.text for word in words if word.text in AGE_WORDS}
    if not said:
        return frozenset()
    public = {word.stem for reading in entry.expansion for word in normalize(reading).words}
    if any(stem.startswith(PEDIATRIC_STEMS) for stem in public):
        return frozenset(said & CHILD_AGE_WORDS)
    return frozenset()


def _in_context(word: Word, context: frozenset[str]) -> bool:
    """The word is one of the context words, or a clip of one (« rééduc » for rééducation)."""
    return word.stem in context or len(word.text) >= 4 and any(item.startswith(word.text) for item in context)


class Lexicon:
    """Lookup of lexicon terms inside a normalised answer, longest phrase first."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        self.entries = entries
        self._by_first: dict[str, list[tuple[tuple[str, ...], LexiconEntry]]] = {}
        self._context: dict[int, frozenset[str]] = {id(entry): entry.context_stems for entry in entries if entry.context}
        self._not_with: dict[int, frozenset[str]] = {id(entry): entry.not_with_stems for entry in entries if entry.not_with}
        self._after: dict[int, frozenset[str]] = {id(entry): entry.after_stems for entry in entries if entry.after}
        self._before: dict[int, frozenset[str]] = {id(entry): entry.before_stems for entry in entries if entry.before}
        self._exact: dict[int, tuple[str, ...]] = {}
        for entry in entries:
            words = tuple(word.stem for word in normalize(entry.term).words)
            self._by_first.setdefault(words[0], []).append((words, entry))
            if entry.exact:
                self._exact[id(entry)] = tuple(word.text for word in normalize(entry.term).words)
        for candidates in self._by_first.values():
            # longest first; at equal length an entry bound to a context, when it holds, goes
            # before the general one (« cardio » next to « SMR »)
            candidates.sort(key=lambda item: (-len(item[0]), not (item[1].context or item[1].after or item[1].before
                                                                   or item[1].alone)))
        # one-word terms of plain entries, for clips of them (« mater » → maternité)
        self._whole_words = sorted(((words[0].text, entry) for entry in entries
                                   if entry.kind in {"synonym", "related"} and not (entry.context or entry.after or entry.before
                                                                                   or entry.alone
                                                                                   or entry.exact or entry.states)
                                   for words in [normalize(entry.term).words] if len(words) == 1)
                                  , key=lambda item: item[0])
        self._whole_texts = [text for text, _ in self._whole_words]
        # every word of every term, for misspellings of them (« tabagqiue », « judicaire »)
        self._spellings = sorted({word.text: word for entry in entries for word in normalize(entry.term).words
                                  if len(word.text) >= MISSPELT_MIN}.values(), key=lambda word: word.text)
        self._spelling_texts = [word.text for word in self._spellings]
        # one-word clips in combining form (« onco », « neuro », « diabéto »), for a clip typed
        # joined to the next word
        self._combining_clips = sorted({words[0].text for entry in entries if entry.kind != "related"
                                        for words in [normalize(entry.term).words]
                                        if len(words) == 1 and len(words[0].text) >= 3 and words[0].text.endswith("o")},
                                       key=len, reverse=True)

    def spelling_of(self, word: Word) -> Word | None:
        """The word of some term ``word`` misspells (a ratio of :data:`MISSPELT_RATIO` at
        least, both of :data:`MISSPELT_MIN` letters or more), or None."""
        if len(word.text) < MISSPELT_MIN:
            return None
        # the beginning is rarely where a fast typist slips; a place name differs there too
        start = bisect_left(self._spelling_texts, word.text[:2])
        end = bisect_left(self._spelling_texts, word.text[:2] + "~")
        found = process.extractOne(word.text, self._spelling_texts[start:end], scorer=fuzz.ratio, processor=None,
                                   score_cutoff=MISSPELT_RATIO)
        if found is None:  # two letters swapped (« acceuil »): one slip, though the ratio is low
            found = process.extractOne(word.text, self._spelling_texts[start:end], scorer=OSA.distance, processor=None,
                                       score_cutoff=1)
        return self._spellings[start + found[2]] if found else None

    def clips_joined(self, text: str) -> list[tuple[str, str]]:
        """(clip, rest) for each clip of the lexicon in combining form (ending in « o ») that
        ``text`` begins with, longest clip first: « oncodigestif » → (« onco », « digestif »). The
        caller decides whether the rest is a word (:meth:`Matcher._unjoined`)."""
        return [(clip, text[len(clip):]) for clip in self._combining_clips
                if text.startswith(clip) and len(text) - len(clip) >= JOINED_REST_MIN]

    def knows(self, word: str, field: str | None = None) -> bool:
        """``word`` alone is an entry of the lexicon or of the clinical vocabulary (for ``field``,
        when given)."""
        words = normalize(word).words
        return len(words) == 1 and any(len(phrase) == 1 and (field is None or not entry.fields or field in entry.fields)
                                       for phrase, entry in self._by_first.get(words[0].stem, ()))

    def starts_entry(self, stem: str, field: str) -> bool:
        """Some entry (a phrase, maybe) of ``field`` or stating another field begins with this
        word (« psychiatrie » begins activité entries only: for the mode it says nothing)."""
        return any(not entry.fields or field in entry.fields or entry.states is not None
                   for _, entry in self._by_first.get(stem, ()))

    def _find(self, words: tuple[Word, ...], start: int, field: str, alone_ok: bool = True, accept=None,
              silent: frozenset[str] = frozenset(), told: frozenset[str] = frozenset()) -> tuple[int, LexiconEntry] | None:
        """The longest entry starting at ``start`` that applies to ``field`` or states another
        field (and that ``accept`` keeps, when given). ``told``: stems the answer says by what it
        tells (a meeting told, « les dossiers sont discutés », says « réunion de concertation »),
        which stand before every term for the entries' ``after``."""
        for phrase, entry in self._by_first.get(words[start].stem, ()):
            if accept is not None and not accept(entry):
                continue
            applies = not entry.fields or field in entry.fields
            foreign = entry.states is not None and entry.states != field
            if not (applies or foreign):
                continue
            context = self._context.get(id(entry))
            if context and not any(_in_context(word, context) for word in words):
                continue
            not_with = self._not_with.get(id(entry))
            if not_with and any(_in_context(word, not_with) for word in words):
                continue
            after = self._after.get(id(entry))
            if after and after.isdisjoint(told) \
                    and not any(_in_context(word, after) for word in words[max(0, start - AFTER_WINDOW):start]):
                continue
            before = self._before.get(id(entry))
            if before and not any(_in_context(word, before)
                                  for word in words[start + len(phrase):start + len(phrase) + BEFORE_WINDOW]):
                continue
            if tuple(word.stem for word in words[start:start + len(phrase)]) != phrase:
                continue
            exact = self._exact.get(id(entry))
            if exact and tuple(word.text for word in words[start:start + len(phrase)]) != exact:
                continue
            if entry.alone and not (alone_ok and self._says_only(words, start, len(phrase), field,
                                                                 silent | _public_said(entry, words))):
                continue
            return len(phrase), entry
        return None

    def _says_only(self, words: tuple[Word, ...], start: int, length: int, field: str,
                   silent: frozenset[str] = frozenset()) -> bool:
        """The span is all the answer says for ``field``: every other word belongs to a span
        stating another field (« HDJ » in « HDJ médecine ») or is ``silent``, a word that means
        nothing for the field (« bilantés » in « patients bilantés en HDJ médecine »)."""
        covered = set(range(start, start + length)) | {number for number, word in enumerate(words)
                                                        if word.text in silent}
        phrase = [word.stem for word in words[start:start + length]]
        index = 0
        while index < len(words):
            found = self._find(words, index, field, alone_ok=False)
            span = found[0] if found is not None else length
            # the span said again (« le département de psychiatrie … lits en psychiatrie ») says
            # no more; inside a longer phrase (« équipe mobile intra-hospitalière ») it does
            if span == length and [word.stem for word in words[index:index + span]] == phrase \
                    or found is not None and found[1].states is not None and found[1].states != field:
                covered.update(range(index, index + span))
            index += span if found is not None else 1
        return len(covered) == len(words)

    def foreign_spans(self, words: tuple[Word, ...], field: str) -> list[tuple[int, int, LexiconEntry]]:
        """(start, end, entry) of the spans that state a field other than ``field``."""
        spans = []
        index = 0
        while index < len(words):
            found = self._find(words, index, field)
            if found is None:
                index += 1
                continue
            length, entry = found
            if entry.states is not None and entry.states != field:
                spans.append((index, index + length, entry))
            index += length
        return spans

    def cue_spans(self, words: tuple[Word, ...], field: str) -> list[tuple[int, int, LexiconEntry]]:
        """(start, end, entry) of the spans that say something about ``field`` itself: entries
        that state it (« HDJ » for the mode) or are written for it alone (``fields: [mode]``,
        « lits », « équipe mobile »). A long description is read for its mode through these
        spans only: the rest of the sentence is about the activity, the patients, the place."""
        def is_cue(entry: LexiconEntry) -> bool:
            return entry.states == field or (bool(entry.fields) and field in entry.fields and entry.kind != "truncation")

        spans = []
        index = 0
        while index < len(words):
            # the longest cue, even inside a longer entry about something else (« consultation
            # mémoire » is an activity entry; its « consultation » still states the mode)
            found = self._find(words, index, field, accept=is_cue)
            if found is None:
                index += 1
                continue
            length, entry = found
            spans.append((index, index + length, entry))
            index += length
        return spans

    def _clip_of(self, text: str, field: str, words: tuple[Word, ...] = ()) -> list[LexiconEntry]:
        """The one-word entries ``text`` is a clip of (« mater » → maternité, « neuroped » →
        neuropédiatrie): clips of lexicon words, as of label words, read what they abbreviate,
        at the trust of a related reading, under the entry's conditions on the answer's ``words``
        (a « labo » of sleep is no biology laboratory)."""
        if len(text) < CLIP_OF_ENTRY_MIN or text in FULL_WORDS:
            return []
        start = bisect_left(self._whole_texts, text)
        found = []
        for term, entry in self._whole_words[start:]:
            if not term.startswith(text):
                break
            if term != text and (not entry.fields or field in entry.fields):
                context, not_with = self._context.get(id(entry)), self._not_with.get(id(entry))
                if context and not any(_in_context(word, context) for word in words):
                    continue
                if not_with and any(_in_context(word, not_with) for word in words):
                    continue
                found.append(entry)
        return found

    @staticmethod
    def _trust(entry: LexiconEntry, typed_words: tuple[Word, ...], readings: list) -> tuple[float, ...]:
        """The factor of each reading of ``entry`` (the typed reading first, when kept).

        A related reading counts :data:`RELATED_FACTOR`, unless it is made of words the person
        typed: then it is what they said (« vaccinations internationales » reads Vaccinations
        before the travellers' infectious diseases it also relates to). Of several expansions
        or related readings, the first listed is the usual one and wins a tie
        (:data:`LATER_READING_FACTOR`): « IME » is first the schooling, « SMUR » first the team
        going out."""
        if entry.kind == "related":
            typed_stems = {word.stem for word in typed_words}
            return (1.0, *[1.0 if {word.stem for word in reading} <= typed_stems
                           else RELATED_FACTOR * (LATER_READING_FACTOR if number else 1.0)
                           for number, reading in enumerate(readings[1:])])
        if len(entry.expansion) < 2:
            return ()
        first = len(readings) - len(entry.expansion)  # the first expansion's position
        return tuple(1.0 if number <= first else LATER_READING_FACTOR for number in range(len(readings)))

    def groups(self, words: tuple[Word, ...], field: str,
               silent: frozenset[str] = frozenset(), clips: frozenset[str] = frozenset(),
               told: frozenset[str] = frozenset()) -> tuple[QueryGroup, ...]:
        """Group the answer's words into :class:`QueryGroup` with the readings the lexicon adds
        (``silent``: words that mean nothing for the field, see :meth:`_says_only`; ``clips``:
        words that may be clips of a one-word entry; ``told``: see :meth:`_find`)."""
        result: list[QueryGroup] = []
        index = 0
        while index < len(words):
            found = self._find(words, index, field, silent=silent, told=told)
            if found is None:
                word = words[index]
                readings = [(QueryWord(word.text, word.stem),)]
                clipped = self._clip_of(word.text, field, words) if word.text in clips else []
                for entry in clipped:
                    readings += [tuple(QueryWord(item.text, item.stem) for item in normalize(expansion).words)
                                 for expansion in entry.expansion]
                factors = (1.0, *[RELATED_FACTOR] * (len(readings) - 1)) if clipped else ()
                result.append(QueryGroup(word.text, tuple(readings), factors, related=bool(clipped)))
                index += 1
                continue
            length, entry = found
            if entry.states is not None and entry.states != field:
                index += length  # said for another field: "HDJ" in an activité answer
                continue
            typed_words = words[index:index + length]
            typed = " ".join(word.text for word in typed_words)
            if entry.kind == "truncation":
                completes = tuple(fold(item) for item in entry.completes)
                reading = tuple(QueryWord(word.text, word.stem, completes) for word in typed_words)
                result.append(QueryGroup(typed, (reading,)))
            else:
                # an acronym may appear as such in labels ("(USIC)"); a synonym phrase is replaced
                readings = [tuple(QueryWord(word.text, word.stem) for word in typed_words)] \
                    if entry.kind in {"acronym", "related"} else []
                for expansion in entry.expansion:
                    readings.append(tuple(QueryWord(word.text, word.stem) for word in normalize(expansion).words))
                result.append(QueryGroup(typed, tuple(readings), self._trust(entry, typed_words, readings),
                                         related=entry.kind == "related"))
            index += length
        return tuple(result)


def default_lexicon_path() -> Path:
    return nomenclatures_dir() / "lexicon.yaml"


def default_vocabulary_path() -> Path:
    return nomenclatures_dir() / "vocabulary.yaml"


def load_vocabulary(path: Path | None = None) -> list[LexiconEntry]:
    """Read and validate a clinical vocabulary file (kind ``related``); a mistake raises
    DataFileError naming file and line."""
    entries = load_model(path or default_vocabulary_path(), VocabularyFile, VOCABULARY_HINT).entries
    return [item for entry in entries for item in entry.lexicon_entries()]


def load_lexicon(path: Path | None = None, vocabulary: Path | None = None) -> Lexicon:
    """Read and validate a lexicon file (and optionally a vocabulary file); a mistake raises
    DataFileError naming file and line. Without arguments: the bundled lexicon *and* vocabulary."""
    if path is None and vocabulary is None:
        return _bundled_lexicon()
    entries = load_model(path or default_lexicon_path(), LexiconFile, LEXICON_HINT).entries
    if vocabulary is not None:
        entries = [*entries, *load_vocabulary(vocabulary)]
    return Lexicon(entries)


@cache
def _bundled_lexicon() -> Lexicon:
    entries = load_model(default_lexicon_path(), LexiconFile, LEXICON_HINT).entries
    vocabulary = default_vocabulary_path()
    return Lexicon([*entries, *(load_vocabulary(vocabulary) if vocabulary.is_file() else [])])
