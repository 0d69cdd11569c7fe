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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ror_assistant.datafiles import load_model
from ror_assistant.matching.normalize import Word, normalize
from ror_assistant.paths import nomenclatures_dir
from ror_assistant.textfold import fold

LEXICON_HINT = ("chaque entrée a term, kind (acronym, synonym ou truncation), meaning et source ; "
                "expansion pour acronym et synonym, completes pour truncation.")


class LexiconEntry(BaseModel):
    """One short form or synonym, with its meaning in the ROR context and its source."""

    model_config = ConfigDict(extra="forbid")

    term: str = Field(min_length=1)
    kind: Literal["acronym", "synonym", "truncation"]
    expansion: list[str] = Field(default_factory=list, description="readings of an acronym or synonym")
    completes: list[str] = Field(default_factory=list, description="words a truncation may stand for")
    fields: list[str] = Field(default_factory=list, description="fields where the entry applies; all if empty")
    states: str | None = Field(default=None, description="field this span states (mode, age…): the other "
                                                           "fields drop it from their query")
    meaning: str = Field(min_length=3)
    source: str = Field(min_length=3)

    @field_validator("expansion", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _kind_has_what_it_needs(self) -> "LexiconEntry":
        if self.kind in {"acronym", "synonym"} and not self.expansion:
            raise ValueError(f"« {self.term} » ({self.kind}) doit avoir une expansion")
        if self.kind == "truncation" and (self.expansion or not self.completes):
            raise ValueError(f"« {self.term} » est une troncature : pas d'expansion, mais completes "
                             "(les débuts de mots qu'elle abrège)")
        if not normalize(self.term).words:
            raise ValueError(f"« {self.term} » ne contient aucun mot significatif")
        return self


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[LexiconEntry]


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


class Lexicon:
    """Lookup of lexicon terms inside a normalised answer, longest phrase first."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        self.entries = entries
        self._by_first: dict[str, list[tuple[tuple[str, ...], LexiconEntry]]] = {}
        for entry in entries:
            words = tuple(word.stem for word in normalize(entry.term).words)
            self._by_first.setdefault(words[0], []).append((words, entry))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))

    def _find(self, words: tuple[Word, ...], start: int, field: str) -> tuple[int, LexiconEntry] | None:
        """The longest entry starting at ``start`` that applies to ``field`` or states another field."""
        for phrase, entry in self._by_first.get(words[start].stem, ()):
            applies = not entry.fields or field in entry.fields
            foreign = entry.states is not None and entry.states != field
            if not (applies or foreign):
                continue
            if tuple(word.stem for word in words[start:start + len(phrase)]) == phrase:
                return len(phrase), entry
        return None

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

    def groups(self, words: tuple[Word, ...], field: str) -> tuple[QueryGroup, ...]:
        """Group the answer's words into :class:`QueryGroup` with the readings the lexicon adds."""
        result: list[QueryGroup] = []
        index = 0
        while index < len(words):
            found = self._find(words, index, field)
            if found is None:
                word = words[index]
                result.append(QueryGroup(word.text, ((QueryWord(word.text, word.stem),),)))
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
                    if entry.kind == "acronym" else []
                for expansion in entry.expansion:
                    readings.append(tuple(QueryWord(word.text, word.stem) for word in normalize(expansion).words))
                result.append(QueryGroup(typed, tuple(readings)))
            index += length
        return tuple(result)


def default_lexicon_path() -> Path:
    return nomenclatures_dir() / "lexicon.yaml"


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and validate a lexicon file; a mistake raises DataFileError naming file and line."""
    if path is None:
        return _bundled_lexicon()
    return Lexicon(load_model(path, LexiconFile, LEXICON_HINT).entries)


@cache
def _bundled_lexicon() -> Lexicon:
    return Lexicon(load_model(default_lexicon_path(), LexiconFile, LEXICON_HINT).entries)
