"""Accent and case folding shared by every text comparison in the product.

RapidFuzz does not fold accents (rapidfuzz#319): "reanimation" vs "réanimation" scores 90.9.
Everything that compares French words (matching, nomenclature search, quality rules on unit
names) folds both sides with :func:`fold` so that accents typed or not give the same result.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'", "‘": "'", "ʼ": "'"})
_COMBINING = re.compile("[\u0300-\u036f]")
"""The combining diacritics NFKD splits Latin letters into (é → e + U+0301): one regex pass is
faster than testing each character, which matters when the matcher folds every label at start."""


def _fold_once(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LIGATURES))).casefold()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ``text``, expand œ/æ, unify apostrophes and drop combining accents.

    Folding twice gives the same text: a rare letter can reveal another only once folded
    (« Ǣ » loses its macron and becomes « æ », itself « ae »), so non-ASCII results are folded
    again until they stop changing."""
    folded = _fold_once(text)
    while not folded.isascii():
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded
