"""Pre-computed search structures for one value set, built once when the matcher starts.

Every label is folded, split into words and stemmed here, so that a query only folds its own
few words (the 5 ms budget per query on J16's 1,305 codes leaves no room to re-fold labels).
A concept is searchable under several *names*: its label, the label without the part in
parentheses ("Oncologie médicale" for "Oncologie médicale (cancérologie)"), that part alone
("USIC", "cancérologie"), its short label and its other designations. Words are weighted by
an IDF over the value set: "soins" or "médecine" count less than "néonatale".
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field, replace

from ror_assistant.matching.bm25 import BM25Index, build_bm25
from ror_assistant.matching.normalize import normalize
from ror_assistant.nomenclature.models import Concept
from ror_assistant.textfold import fold

_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_EXCLUSION = re.compile(r"\s*\(hors [^()]*\)", re.IGNORECASE)
"""« (hors carcinologie) »: what the concept is *not*; its words name another concept, so a
name never reads them (« carcino digestive » is not Chirurgie digestive … (hors carcinologie))."""

LABEL_NAME = "label"
"""The full label; every concept has exactly one name of this kind."""


@dataclass(frozen=True)
class Name:
    """One way a concept is written: its stems (in order, unique) and a trust factor."""

    kind: str
    stems: tuple[str, ...]
    factor: float
    partners: tuple[tuple[int, ...], ...] = field(default=(), compare=False, repr=False)
    """For each stem, the positions of the words it is coordinated with (« thoracique » and
    « pulmonaire » in « Chirurgie thoracique *et* pulmonaire »): alternatives, one of which the
    answer may say for both."""
    stem_set: frozenset[str] = field(init=False, compare=False, repr=False)
    """The stems as a set: scoring skips, at C speed, the answer words a name cannot contain."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "stem_set", frozenset(self.stems))


@dataclass
class IndexedConcept:
    concept: Concept
    names: tuple[Name, ...]
    definition_stems: frozenset[str]
    profession: frozenset[str] = frozenset()
    """Stems of the profession of a « P (à) orientation S » label (« Kinésithérapie orientation
    Cardiologie »): S as practised by P, see :func:`profession_stems`."""

    @property
    def full_label(self) -> Name:
        return self.names[0]


@dataclass
class ValueSetIndex:
    """Concepts of one value set (active and deprecated) with their vocabulary."""

    value_set: str
    concepts: list[IndexedConcept]
    idf: dict[str, float]
    surfaces: dict[str, str]  # folded word as written in a label → its stem
    postings: dict[str, list[int]]  # stem → positions in ``concepts``
    sorted_surfaces: list[str] = field(default_factory=list)
    sorted_stems: list[str] = field(default_factory=list)
    reversed_surfaces: list[str] = field(default_factory=list)  # each surface written backwards
    word_cache: dict = field(default_factory=dict)
    bm25: BM25Index | None = None
    head_stems: frozenset[str] = frozenset()
    """First stems of every name: the words a label is *of* (« réanimation », « urgences »)."""
    trade_stems: frozenset[str] = frozenset()
    """The telling stem of each profession of a « P orientation S » label (« kinesitherap »,
    « infirmier », « dietet »): the word that says the profession, not « soins » or « médecine »."""
    acronyms: frozenset[str] = frozenset()
    """Label words written in capitals (« USINV », « SMUR », « CRRA »): an acronym is typed whole
    or not at all, so « USIN » (soins intensifs néonatals) is no clip of « USINV »."""

    def surfaces_starting_with(self, prefix: str) -> list[str]:
        start = bisect_left(self.sorted_surfaces, prefix)
        found = []
        for surface in self.sorted_surfaces[start:]:
            if not surface.startswith(prefix):
                break
            found.append(surface)
        return found

    def surfaces_ending_with(self, suffix: str) -> list[str]:
        backwards = suffix[::-1]
        start = bisect_left(self.reversed_surfaces, backwards)
        found = []
        for candidate in self.reversed_surfaces[start:]:
            if not candidate.startswith(backwards):
                break
            found.append(candidate[::-1])
        return found

    def stems_starting_with(self, prefix: str) -> list[str]:
        start = bisect_left(self.sorted_stems, prefix)
        found = []
        for candidate in self.sorted_stems[start:]:
            if not candidate.startswith(prefix):
                break
            found.append(candidate)
        return found


_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")


def _stems(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for word in normalize(text).words:
        seen.setdefault(word.stem, None)
    return tuple(seen)


_COORDINATION = re.compile(r"(\s+(?:et|ou)\s+|\s*,\s*)", re.IGNORECASE)


def _name(kind: str, text: str, factor: float) -> Name:
    """A name with the coordinated words of its text: the last word before « et » or « ou » and
    the first one after it. A comma coordinates only when it follows the label's first word
    (« Gériatrie, Gérontologie »: two names of the head); further on it lists the parts of a
    whole as often (« endocrinologie, diabétologie, métabolisme »)."""
    stems = _stems(text)
    split = _COORDINATION.split(_PARENTHESIS.sub(" ", text))
    if len(split) == 1:
        return Name(kind, stems, factor)
    partners: dict[int, set[int]] = {}
    pieces, links = [_stems(piece) for piece in split[::2]], split[1::2]
    for number, (before, after) in enumerate(zip(pieces, pieces[1:])):
        if "," in links[number] and (number or len(before) != 1):
            continue
        if before and after and before[-1] in stems and after[0] in stems:
            first, second = stems.index(before[-1]), stems.index(after[0])
            if first != second:
                partners.setdefault(first, set()).add(second)
                partners.setdefault(second, set()).add(first)
    return Name(kind, stems, factor, tuple(tuple(sorted(partners.get(position, ()))) for position in range(len(stems)))
                if partners else ())


def searched_label(label: str) -> str:
    """The label without its exclusion clause (:data:`_EXCLUSION`)."""
    return _EXCLUSION.sub("", label)


def concept_names(concept: Concept) -> tuple[Name, ...]:
    """The names a concept is searched under, the full label first."""
    libelle = searched_label(concept.libelle)
    names = [_name(LABEL_NAME, libelle, 1.0)]
    inside = _PARENTHESIS.findall(libelle)
    outside = _PARENTHESIS.sub(" ", libelle)
    if inside:
        names.append(_name("label_core", outside, 1.0))
        names.extend(_name("label_parenthesis", part, 0.92) for part in inside)
    if concept.libelle_court:
        names.append(_name("short_label", concept.libelle_court, 0.95))
    names.extend(_name("designation", other, 0.95) for other in concept.autres_designations)
    unique: dict[tuple[str, ...], Name] = {}
    for name in names:
        if name.stems and name.stems not in unique:
            unique[name.stems] = name
    return tuple(unique.values())


_ORIENTATION = re.compile(r"^([^,:()]+?) (?:a )?orientation (?!vers )", re.IGNORECASE)


def profession_stems(label: str) -> frozenset[str]:
    """The profession P of a label « P (à) orientation S » (Médecine générale à orientation
    Médecine vasculaire, Kinésithérapie / Soins infirmiers / Diététique / Ergothérapie / Orthoptie
    orientation …); empty for other labels (« Accueil et orientation », « Orientation vers … »)."""
    found = _ORIENTATION.match(fold(label))
    if found is None or " et " in f" {found.group(1)} ":
        return frozenset()
    return frozenset(_stems(found.group(1)))


def _alternatives_only(concepts: list[IndexedConcept]) -> None:
    """Keep the coordinated words that are alternatives. « Equipe mobile extra et
    intra-hospitalière » is the team doing both, since « Equipe mobile intra-hospitalière » is
    another code: a word whose removal leaves the name of another concept has no partner."""
    written = {name.stem_set for item in concepts for name in item.names}
    for item in concepts:
        names = []
        for name in item.names:
            if name.partners:
                partners = tuple(() if name.stem_set - {stem} in written else others
                                 for stem, others in zip(name.stems, name.partners))
                kept = tuple(tuple(other for other in others if partners[other]) for others in partners)
                name = replace(name, partners=kept if any(kept) else ())
            names.append(name)
        item.names = tuple(names)


def build_index(value_set: str, active: list[Concept], deprecated: list[Concept]) -> ValueSetIndex:
    concepts = [IndexedConcept(concept, concept_names(concept), frozenset(_stems(concept.definition)),
                               profession_stems(concept.libelle))
                for concept in [*active, *deprecated]]
    _alternatives_only(concepts)
    postings: dict[str, list[int]] = defaultdict(list)
    surfaces: dict[str, str] = {}
    acronyms: set[str] = set()
    for position, item in enumerate(concepts):
        for stem in {stem for name in item.names for stem in name.stems}:
            postings[stem].append(position)
        texts = [searched_label(item.concept.libelle), item.concept.libelle_court, *item.concept.autres_designations]
        for text in texts:
            for word in normalize(text).words:
                surfaces[word.text] = word.stem
            acronyms.update(fold(found) for found in _ACRONYM.findall(text or ""))
    total = max(len(concepts), 1)
    idf = {stem: math.log(1 + total / len(positions)) for stem, positions in postings.items()}
    bm25 = build_bm25([_bm25_fields(item.concept) for item in concepts])
    return ValueSetIndex(value_set=value_set, concepts=concepts, idf=idf, surfaces=surfaces,
                         postings=dict(postings), sorted_surfaces=sorted(surfaces), sorted_stems=sorted(idf),
                         reversed_surfaces=sorted(surface[::-1] for surface in surfaces), bm25=bm25,
                         head_stems=frozenset(name.stems[0] for item in concepts for name in item.names if name.stems),
                         trade_stems=frozenset(max(item.profession, key=idf.__getitem__)
                                               for item in concepts if item.profession),
                         acronyms=frozenset(acronyms))


def _all_stems(text: str) -> tuple[str, ...]:
    """Every stem of ``text`` with repetitions (term frequency counts for BM25)."""
    return tuple(word.stem for word in normalize(text).words)


def _bm25_fields(concept: Concept) -> dict[str, list[tuple[str, ...]]]:
    """The BM25F fields of a concept: label, short label + designations, definition."""
    others = [_all_stems(text) for text in [concept.libelle_court, *concept.autres_designations] if text]
    fields = {"label": [_all_stems(searched_label(concept.libelle))], "other": others}
    if concept.definition:
        fields["definition"] = [_all_stems(concept.definition)]
    return fields
