"""How people describe a mode de prise en charge without naming it (``nomenclatures/mode_phrases.yaml``).

« ils viennent juste dormir », « on les hospitalise chez eux », « on passe voir les patients dans
les étages »: a cadre de santé who does not know the official label describes how patients come
and go, where the team goes, when they sleep there. The lexicon reads words and phrases; these
are sentences with a verb and room between their parts, so they are regular expressions over the
folded answer, kept as data with their meaning and source like the lexicon. What they find is a
*described* mode: the matcher proposes it, never surely (:meth:`Matcher._cue_reading`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ror_assistant.datafiles import load_model
from ror_assistant.paths import nomenclatures_dir
from ror_assistant.textfold import fold

MODE_PHRASES_HINT = ("chaque entrée a pattern (expression régulière sur le texte en minuscules, sans accents ni "
                     "apostrophes), reads (les libellés de mode qu'elle décrit, le plus courant d'abord), meaning et "
                     "source ; unless facultatif (expression qui, trouvée dans la réponse, écarte l'entrée) ; sure "
                     "facultatif (true : la description ne dit qu'un mode) ; whole facultatif (true : cherchée dans toute la "
                     "réponse, « après les urgences » compris) ; team_places : outside et inside, les lieux où va "
                     "une équipe mobile, et denied_by, les mots qui les nient (pattern, meaning, source).")


def _bounded(pattern: str) -> str:
    """The expression as searched: between word boundaries."""
    return rf"\b(?:{pattern})\b"


def _compiled(value: str) -> str:
    try:
        re.compile(_bounded(value))  # the form searched, so that re's cache serves ModePhrases
    except re.error as error:
        raise ValueError(f"expression régulière invalide ({error.msg})") from error
    return value


class ModePhrase(BaseModel):
    """One way of describing a mode, with the mode labels it describes."""

    model_config = ConfigDict(extra="forbid")

    pattern: str = Field(min_length=3)
    reads: list[str] = Field(min_length=1, description="mode labels (or their words), the usual one first")
    unless: str | None = None
    sure: bool = Field(default=False, description="the description says one mode only: it may be sure")
    whole: bool = Field(default=False, description="searched in the whole answer, the stays it names after "
                                                   "« après » included (« moins de 24 h après les urgences »)")
    meaning: str = Field(min_length=3)
    source: str = Field(min_length=3)

    @field_validator("pattern", "unless")
    @classmethod
    def _a_regular_expression(cls, value: str | None) -> str | None:
        return value if value is None else _compiled(value)


class TeamPlace(BaseModel):
    """Where a mobile team goes, as an expression over the folded answer."""

    model_config = ConfigDict(extra="forbid")

    pattern: str = Field(min_length=3)
    meaning: str = Field(min_length=3)
    source: str = Field(min_length=3)

    @field_validator("pattern")
    @classmethod
    def _a_regular_expression(cls, value: str) -> str:
        return _compiled(value)


class TeamPlaces(BaseModel):
    """The places that tell a mobile team's mode: inside the hospital, outside it, and the
    words that deny a place said just before it in the same clause (« jamais hors de l'hôpital »)."""

    model_config = ConfigDict(extra="forbid")

    outside: TeamPlace
    inside: TeamPlace
    denied_by: TeamPlace


class ModePhraseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrases: list[ModePhrase]
    team_places: TeamPlaces


#: How far back (in characters) a denial still bears on a team's place.
DENIAL_REACH = 30

_APOSTROPHES = re.compile(r"['’`]")
_SPACES = re.compile(r"\s+")


def phrase_text(text: str) -> str:
    """The form the patterns read: folded (lower case, no accents), apostrophes as spaces."""
    return _SPACES.sub(" ", _APOSTROPHES.sub(" ", fold(text)))


class ModePhrases:
    """The compiled phrases of a file; :meth:`described` finds the modes an answer describes."""

    def __init__(self, phrases: list[ModePhrase], team_places: TeamPlaces) -> None:
        self.phrases = phrases
        self._outside = re.compile(_bounded(team_places.outside.pattern))
        self._inside = re.compile(_bounded(team_places.inside.pattern))
        self._denied = re.compile(_bounded(team_places.denied_by.pattern))
        self._compiled = [(re.compile(_bounded(phrase.pattern)),
                           re.compile(_bounded(phrase.unless)) if phrase.unless else None, phrase)
                          for phrase in phrases]

    def matching(self, text: str, whole: str | None = None) -> list[ModePhrase]:
        """The entries whose pattern ``text`` meets, in file order (only the ``sure`` ones, when
        some are). ``whole``: the answer before
        its other stays were set aside (:func:`~ror_assistant.matching.heads.without_other_stays`),
        where the entries marked ``whole`` are searched: the UHCD is told by the urgences it follows."""
        folded = phrase_text(text)
        entire = folded if whole is None else phrase_text(whole)
        found = [phrase for pattern, unless, phrase in self._compiled
                 if pattern.search(entire if phrase.whole else folded)
                 and not (unless and unless.search(entire if phrase.whole else folded))]
        # an entry that says one mode only (« c'est l'hôpital à la maison ») outweighs the
        # looser ones the same words meet (« chez eux »: lieux de vie or HAD)
        return [phrase for phrase in found if phrase.sure] or found

    def team_places(self, text: str) -> tuple[bool, bool]:
        """Whether ``text`` says a team goes inside the hospital, and outside it. The places
        outside are read first and set aside: « en dehors de l'hôpital » is no hospital ward."""
        folded = phrase_text(text)
        outside = any(not self._said_not(folded, found.start()) for found in self._outside.finditer(folded))
        rest = self._outside.sub(" ", folded)
        return any(not self._said_not(rest, found.start()) for found in self._inside.finditer(rest)), outside

    def _said_not(self, text: str, start: int) -> bool:
        """A denial (« pas », « jamais ») before ``start`` in the same clause, a few words back."""
        clause = re.split(r"[.;,:!?]", text[max(0, start - DENIAL_REACH):start])[-1]
        return bool(self._denied.search(clause))

    def described(self, text: str) -> list[str]:
        """The mode labels ``text`` describes, in file order, each once."""
        return list(dict.fromkeys(read for phrase in self.matching(text) for read in phrase.reads))


def default_mode_phrases_path() -> Path:
    return nomenclatures_dir() / "mode_phrases.yaml"


def load_mode_phrases(path: Path | None = None) -> ModePhrases:
    """Read and validate a mode phrase file; a mistake raises DataFileError naming file and line.
    Without argument: the bundled file."""
    if path is None:
        return _bundled()
    return _phrases(load_model(path, ModePhraseFile, MODE_PHRASES_HINT))


@cache
def _bundled() -> ModePhrases:
    return _phrases(load_model(default_mode_phrases_path(), ModePhraseFile, MODE_PHRASES_HINT))


def _phrases(data: ModePhraseFile) -> ModePhrases:
    return ModePhrases(data.phrases, data.team_places)
