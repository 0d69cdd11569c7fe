"""BM25 ranking of a value set's concepts, the second, independent ranking of the matcher.

Long descriptions behave like search queries rather than like short strings: most of their
words are noise, a few rare words decide. BM25 (Robertson & Zaragoza, "The Probabilistic
Relevance Framework: BM25 and Beyond", 2009) weighs each query word by its rarity (IDF), saturates
repeated words (k1) and normalises by document length (b). Here a concept's document is the
weighted bag of its stems over several fields, as in BM25F (each field's term frequency is
length-normalised against that field's average length, then weighted and summed; k1 saturates
the sum), so a long R211 definition does not penalise the concepts that have one:

* the label (with its parenthesised part) ×3,
* the short label and the other designations ×2,
* the R211 definition ×1 (206 of 548 activities have one).

Lexicon synonyms and the clinical vocabulary enter on the query side: the query terms are the
stems of every reading of the answer (typed, expanded, related) with the reading's trust as
query-term weight, and the label stems a clipped word may complete (« onco » → oncologie) with
their similarity. Everything on the document side is computed once when the matcher starts.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"label": 3.0, "other": 2.0, "definition": 1.0}


@dataclass
class BM25Index:
    """Weighted term frequencies per concept position, document lengths and IDF."""

    tf: list[dict[str, float]]  # already weighted and length-normalised per field (BM25F)
    idf: dict[str, float]
    postings: dict[str, list[int]]

    def score(self, query: dict[str, float]) -> dict[int, float]:
        """position → BM25 score for ``query`` (stem → query-term weight)."""
        scores: dict[int, float] = {}
        for stem, weight in query.items():
            idf = self.idf.get(stem)
            if idf is None:
                continue
            for position in self.postings[stem]:
                tf = self.tf[position][stem]
                scores[position] = scores.get(position, 0.0) + weight * idf * tf * (K1 + 1) / (tf + K1)
        return scores


def build_bm25(documents: list[dict[str, list[tuple[str, ...]]]]) -> BM25Index:
    """``documents[position]`` maps a field kind (label, other, definition) to its word lists."""
    averages: dict[str, float] = {}
    for kind in FIELD_WEIGHTS:
        lengths = [sum(len(stems) for stems in fields[kind]) for fields in documents if fields.get(kind)]
        averages[kind] = (sum(lengths) / len(lengths)) if lengths else 1.0
    tfs: list[dict[str, float]] = []
    postings: dict[str, list[int]] = {}
    for position, fields in enumerate(documents):
        weighted: dict[str, float] = {}
        for kind, texts in fields.items():
            counts = Counter(stem for stems in texts for stem in stems)
            if not counts:
                continue
            norm = 1 - B + B * sum(counts.values()) / (averages[kind] or 1.0)
            for stem, count in counts.items():
                weighted[stem] = weighted.get(stem, 0.0) + FIELD_WEIGHTS[kind] * count / norm
        tfs.append(weighted)
        for stem in weighted:
            postings.setdefault(stem, []).append(position)
    total = max(len(documents), 1)
    idf = {stem: math.log(1 + (total - len(items) + 0.5) / (len(items) + 0.5)) for stem, items in postings.items()}
    return BM25Index(tfs, idf, postings)
