"""Turn a free-text answer into comparable words, keeping numbers with units aside.

People type "USIC 8 lits", "HDJ d'onco", "L’Hôpital de Jour": before any scoring, the text is
folded (accents, case, œ, curly apostrophes: :func:`ror_assistant.textfold.fold`), elisions
(l', d', qu'…) are removed, French stop words are dropped and "8 lits" is kept as a
:class:`Quantity` — a capacity, never a word to match against activity labels.

Words are also reduced to a light stem (:func:`stem`) so that "cardiologique" and
"cardiologie", "pédiatriques" and "pédiatrie" compare equal without a dictionary; truncations
such as "néonat" are *not* stemmed away, they are handled by prefix scoring in
:mod:`ror_assistant.matching.scoring`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ror_assistant.textfold import fold

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette d dans de des du elle elles en est et il ils je j l la le les
    leur leurs lui m ma mais me mes n ne nos notre nous on ou par pas pour qu que qui s sa se ses
    son sont sur t ta te tes toi ton tous tout tres un une vos votre vous y ont ete etre ainsi
    dont donc lors comme aussi afin entre chez bien car
    """.split()
)
"""Words that carry no meaning for choosing a code (folded forms). "sans" is kept, joined to
the word it governs (:data:`_WITHOUT`)."""

GENERIC_WORDS = frozenset(
    """
    prise charge patient patients service services unite unites structure structures departement
    pole secteur etablissement personne personnes dedie dediee dedies dediees permet permettent
    propose proposent nouveau nouvelle nouvel situation situations activite activites
    pluridisciplinaire pluridisciplinaires multidisciplinaire multidisciplinaires pluriprofessionnel
    pluriprofessionnelle pluriprofessionnels pluriprofessionnelles
    accueille accueillent accueillir accueilli accueillie accueillis accueillies
    visant visent vise
    lundi mardi mercredi jeudi vendredi samedi dimanche
    """.split()
)
"""Words that describe *any* unit ("prise en charge", "service", "patients", « équipe
pluridisciplinaire », « accueille » — the verb, not the noun « accueil », « visant », the days of the week): dropped like stop words, otherwise a description matches labels such as
"Exploration et prise en charge …" or « Réunion de concertation *pluridisciplinaire* » only
because both use the word."""

FULL_WORDS = frozenset(
    """
    voit suit met mis vit bas cou fer min mai soi end trop pres environ aller vert sens ven place max
    tube parc tri mar assis loi
    """.split()
)
"""Common French words (folded) that begin label words without ever standing for them: « il
voit » is no clipped « voiture », « environ 30 lits » no « environnement », « trop » no
« tropicales », « aller » no « allergologie », « place » no « placenta ». They are read as typed,
never as truncations, members of a label word's family, slips of a label word or clips of a
lexicon term."""

UNITS = {
    "lit": "lits", "lits": "lits", "place": "places", "places": "places",
    "chambre": "chambres", "chambres": "chambres", "salle": "salles", "salles": "salles",
    "fauteuil": "fauteuils", "fauteuils": "fauteuils", "meridienne": "méridiennes",
    "meridiennes": "méridiennes", "poste": "postes", "postes": "postes", "box": "box",
    "berceau": "berceaux", "berceaux": "berceaux", "couveuse": "couveuses", "couveuses": "couveuses",
    "patient": "patients", "patients": "patients", "an": "ans", "ans": "ans", "mois": "mois",
    "jour": "jours", "jours": "jours", "semaine": "semaines", "semaines": "semaines",
    "heure": "heures", "heures": "heures", "h": "heures", "lieu": "lieux", "lieux": "lieux",
}
"""Unit words that follow a number in capacity or duration phrases (folded → display form)."""

_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
}
_SPELT_UNITS = ("lit", "place", "chambre", "fauteuil", "berceau", "couveuse", "poste", "meridienne")
_SPELT_NUMBER = re.compile(r"\b((?:" + "|".join(_NUMBER_WORDS) + r")(?:-(?:et-)?(?:" + "|".join(_NUMBER_WORDS)
                           + r"))*)\s+(?=(?:" + "|".join(f"{unit}s?" if unit != "berceau" else "berceaux?"
                                                           for unit in _SPELT_UNITS) + r")\b)")
"""« vingt lits », « vingt-quatre places »: a capacity written in words (sums its parts)."""


def _spelt_number(match: re.Match[str]) -> str:
    return f"{sum(_NUMBER_WORDS[part] for part in match.group(1).split('-') if part != 'et')} "


_ORDINAL_ENDINGS = frozenset({"er", "ere", "e", "eme", "nd", "nde"})
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|lorsqu|puisqu|jusqu)'", re.IGNORECASE)
_NUMBER_WITH_UNIT = re.compile(r"(?<![\w])(\d+(?:[.,]\d+)?)\s*([a-z]+)?")
_WORD = re.compile(r"[a-z0-9]+")
_IDIOMS = re.compile(r"\bau sein (?:de|du|des|d)\b|\ba cote (?:de|du|des|d)\b|\ben lien avec\b|\ben fonction (?:de|du|des|d)\b"
                     r"|\b(?:tous|certains) les jours\b|\btoutes les (?:semaines|nuits)\b|\bchaque (?:jour|semaine|nuit)\b"
                     r"|\bjours? (?:feries|ouvres|ouvrables)\b|\b(?:un|deux|trois|quatre|cinq|six|sept) jours (?:sur sept|par semaine)\b"
                     r"|\b(?:(?:une|deux|trois|quatre|cinq|six|sept|\d+)\s*)?(?:fois|x)\s*(?:par|/)\s*semaine\b"
                     r"|(?<=seances )par semaine\b|(?<=seance )par semaine\b"
                     r"|\bagee?s? de (?=\d)|\bau quotidien\b")
"""French idioms whose words would read as medical words or modes: « au sein de » (within) is not
the breast, « à côté de », « en lien avec », « en fonction de » carry no activity; « tous les
jours », « au quotidien », « six jours sur sept », « cinq jours par semaine », « trois fois par
semaine », « deux séances par semaine », « chaque nuit », « jours fériés » say how often, neither
a stay nor a mode (nor the vie quotidienne);
« âgés de 15 ans » gives an age (kept aside with its number), it does not say « âgés » (older people)."""
_IDIOM_CUES = ("sein", "cote", "lien", "fonction", "jour", "semaine", "nuit", "age", "quotidien")
"""Words every idiom of :data:`_IDIOMS` contains (a cheap test before the expression)."""
_DIGIT = re.compile(r"\d")
_COMPOUND = re.compile(r"\b(?:[a-z]+o|intra|extra|inter|infra|supra|pre|peri|para|trans|ultra|anti|pluri|multi"
                       r"|semi)(?:-[a-z]+o)*-[a-z]+")

_DOTTED_ACRONYM = re.compile(r"\b(?:[A-ZÀ-Ý]\.){2,}(?:[A-ZÀ-Ý]\b)?")
"""« P.A.S.A. », « U.S.A.P. » are the acronyms PASA, USAP."""
_WELL_BEING = re.compile(r"\bbien[ -]etre\b")
"""« bien-être » is one word: « bien » alone is an adverb (« ou bien », « bien que »)."""
_CAR_T = re.compile(r"\bcar[ -]t\b")
"""« CAR-T » (cells) is one word: « car » alone is the conjunction (« car les urgences… »)."""
_EITHER_WAY = re.compile(r"\bavec ou sans (\w+)")
"""« avec ou sans rendez-vous » is « rendez-vous » either way: never the « sans » reading."""
_WITHOUT = re.compile(r"\bsans\s+(?:(?:le|la|les|leur|leurs|l|un|une|des|de|d|aucun|aucune)\s+)*(?=[a-z])")
"""« sans X » is one word (« sanssubstance »): « sans » alone would match « Addictologie
comportementale (sans substance) » in « sans leur consentement », « sans restriction »; joined
to its word it still tells the label from « avec substance(s) »."""
PLACES = (r"(?:domiciles?|maisons?|ville|ehpad|services?|[ée]tages?|unit[ée]s?|h[ôo]pital|cliniques?|chambres?"
          r"|institutions?|[ée]tablissements?|foyers?|r[ée]sidences?|[ée]coles?|eux|elles?|lui|gens|patients"
          r"|personnes|familles?|ext[ée]rieur|dehors)\b")
"""Where a unit goes or receives people, as an answer denies it (« pas à domicile », « jamais dans
les services »): an expression, accents optional, for folded and typed text alike."""
_NOT_ANY = re.compile(r"\b(?:pas|jamais)\s+(?:(?:a|au|aux|en|dans|chez)\s+(?=(?:(?:la|les|l|leur|leurs|un|une|des)\s+)?"
                      + PLACES + r")"
                      r"|(?!(?:toujours|seulement|uniquement|encore|forcement|necessairement|plus|moins|trop|que|tres"
                      r"|si|a pas|exclusivement|simplement|un|une|le|la|les|des|ce|cet|cette|son|sa|ses|notre|leur)\b)(?=[a-z]))")
"""« ne nécessitant pas d'hospitalisation », « pas de lits », « jamais à domicile », « pas dans les
services »: the negated noun, or the place denied, is the « sans X » of :data:`_WITHOUT` (not a
cue of the hospitalisation or the place it denies). Not after an adverb or an article: « on ne
fréquente pas *un* hôpital de jour sans nécessité » still names one."""
_SPACED_PREFIX = re.compile(r"\b(medico|socio)[ -]+(?:(psycho)[ -]+)?(?=[a-z])")
"""« médico éducatif », « socio esthétique »: the hyphen is often left out, and neither word is a
clip anyone types alone (unlike « cardio » or « psycho »), so the pair is joined as with it."""


def _join_compound(match: re.Match[str]) -> str:
    """"cardio-vasculaires" → "cardiovasculaires": "cardio-" is a combining form, not the word
    "cardio" a person types for cardiologie. "vasculaires" alone still finds it (suffix
    matching in :mod:`ror_assistant.matching.scoring`). Latin prefixes join the same way:
    « intra-vitréennes » is one word, not « intra » (which would read as intracrânienne). « post- »
    stays apart: « post-urgences », « post-réanimation » name the unit after the one they follow.
    Two clips stay apart too: in « ortho-traumato », « onco-hémato », « neuro-onco » the hyphen
    coordinates two specialties, each clipped, and no label word is made of both."""
    parts = match.group(0).split("-")
    if len(parts[-1]) > 2 and parts[-1].endswith("o"):
        return " ".join(parts)
    return "".join(parts)


@dataclass(frozen=True)
class Quantity:
    """A number typed with its unit ("8 lits" → 8, "lits"); unit is "" when none follows."""

    value: float
    unit: str

    def __str__(self) -> str:
        number = int(self.value) if self.value == int(self.value) else self.value
        return f"{number} {self.unit}".strip()


@dataclass(frozen=True)
class Word:
    """One meaningful word of the answer: folded form and light stem."""

    text: str
    stem: str


@dataclass(frozen=True)
class Normalized:
    """What the scorer works on: the words in order, and the quantities kept aside."""

    words: tuple[Word, ...]
    quantities: tuple[Quantity, ...]

    @property
    def key(self) -> str:
        return " ".join(word.text for word in self.words)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light French stem of a folded word: plural, feminine and -ique/-ie endings removed.

    Deliberately crude (no dictionary, no dependency): its only job is to make adjective and
    noun forms of one medical specialty meet ("oncologique" / "oncologie" → "oncolog").
    """
    if len(word) <= 5 and word.rstrip("s").endswith("ee"):
        return word.rstrip("s")[:-1]  # « âgées », « âgée » → « age », the stem of « âgé »
    if len(word) <= 4 or word.isdigit():
        return word
    if word.endswith("aux") and len(word) > 5:
        word = word[:-3] + "al"
    elif word[-1] in "sx":
        word = word[:-1]
    for suffix, replacement in (("ique", ""), ("ie", ""), ("ive", "if"), ("ee", "e"), ("elle", "el")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: len(word) - len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 5:
        word = word[:-1]
    return word


def _number(raw: str) -> float:
    return float(raw.replace(",", "."))


@lru_cache(maxsize=16384)
def normalize(text: str) -> Normalized:
    """Fold ``text``, remove elisions and stop words, split out numbers with their units.

    Never raises: any string gives a (possibly empty) result.
    """
    if "." in text:
        text = _DOTTED_ACRONYM.sub(lambda match: match.group(0).replace(".", ""), text)
    # each expression runs only where its text can occur: most labels need none of them
    folded = fold(text)
    if "'" in folded:
        folded = _ELISION.sub(" ", folded)
    if any(cue in folded for cue in _IDIOM_CUES):
        folded = _IDIOMS.sub(" ", folded)
    if "medico" in folded or "socio" in folded:
        folded = _SPACED_PREFIX.sub(r"\1\2", folded)
    if "-" in folded:
        folded = _COMPOUND.sub(_join_compound, folded)
    if "bien" in folded:
        folded = _WELL_BEING.sub("bienetre", folded)
    if "car" in folded:
        folded = _CAR_T.sub("cart", folded)
    if "pas " in folded or "jamais " in folded:
        folded = _NOT_ANY.sub("sans ", folded)
    if "sans" in folded:  # the checks spare the regular expressions on most labels
        folded = _WITHOUT.sub("sans", _EITHER_WAY.sub(r"\1", folded))
    quantities: list[Quantity] = []

    def keep_aside(match: re.Match[str]) -> str:
        unit = match.group(2) or ""
        if unit in UNITS:
            quantities.append(Quantity(_number(match.group(1)), UNITS[unit]))
            return " "
        if unit in _ORDINAL_ENDINGS:  # "2ème étage", "1er trimestre": a rank, not a quantity
            return " "
        quantities.append(Quantity(_number(match.group(1)), ""))
        return f" {unit} "

    if any(unit in folded for unit in _SPELT_UNITS):
        folded = _SPELT_NUMBER.sub(_spelt_number, folded)
    without_numbers = _NUMBER_WITH_UNIT.sub(keep_aside, folded) if _DIGIT.search(folded) else folded
    words = tuple(Word(token, stem(token)) for token in _WORD.findall(without_numbers)
                  if token not in STOP_WORDS and token not in GENERIC_WORDS)
    return Normalized(words, tuple(quantities))


def alias_key(text: str) -> str:
    """The key under which a confirmed answer is remembered: same words, same key.

    "L’HDJ  d'Onco" and "hdj onco" give the same key, so a learnt alias is found again
    whatever accents, case, apostrophes or stop words the person types next time.
    """
    return normalize(text).key


_DEFINED_ACRONYM = re.compile(r"\(\s*((?:[A-ZÀ-Ý]\.?){2,8})\s*\)")
_SPELT_OUT_AFTER = re.compile(r"\b([A-ZÀ-Ý][A-Za-zÀ-ÿ]{1,7})\s*\(([^()]{5,100})\)")
_LINK_WORDS = frozenset("de des du d la le les l et a au aux en pour".split())


def without_defined_acronyms(text: str, keep=lambda acronym, spelt: False) -> str:
    """« L'unité commune de chimiothérapie (UCC) » → the same without « (UCC) ».

    A writer who spells a unit out and gives its acronym in parentheses has said it twice; the
    acronym alone can mean something else in the labels (UCC is also the Unité
    cognitivo-comportementale of 246). The acronym is dropped only when its letters are the
    initials of the words just before it, the link words (de, des, et…) skipped or not, and
    ``keep(acronym, spelt_out)`` (the lexicon knows it: « (PASA) », « (HDJ) »; or a label uses it
    for what the words say: « unités cognitivo-comportementales (UCC) ») does not say otherwise.
    """
    def spelt(words: list[str], letters: str) -> list[str] | None:
        """The words whose initials are ``letters`` from the start of ``words``, link words
        skipped or not; None when they are not."""
        for skip in (True, False):
            taken, count = [], 0
            for word in words:
                if count == len(letters):
                    break
                taken.append(word)
                if skip and word in _LINK_WORDS:
                    continue
                if word[0] != letters[count]:
                    break
                count += 1
            if count == len(letters):
                return taken
        return None

    def replace(match: re.Match[str]) -> str:
        letters = fold(match.group(1).replace(".", ""))
        before = _WORD.findall(fold(text[:match.start()]))
        words = spelt(before[::-1], letters[::-1])
        if words is None or keep(letters, " ".join(words[::-1])):
            return match.group(0)
        return " "

    def expansion(match: re.Match[str]) -> str:
        # « le Smur (Structure mobile d'urgence et de réanimation) »: one of the two goes, the
        # acronym when it is not kept, its spelt-out form otherwise
        letters = fold(match.group(1))
        if spelt(_WORD.findall(fold(match.group(2))), letters) is None:
            return match.group(0)
        return f"{match.group(1)} " if keep(letters, match.group(2)) else f" {match.group(2)} "

    return _SPELT_OUT_AFTER.sub(expansion, _DEFINED_ACRONYM.sub(replace, text))


_PLACE_NAME = re.compile(
    r"\b(?:[Aa]ntennes?|[Ss]ites?|[Vv]illes?|[Cc]ommunes?|CHU?|CHR|CHI|CHS|CHRU|GHT|GHU?|SMUR|SAMU|EHPAD)"
    r"\s+(?:de|du|d['’]\s*|à)\s*([A-ZÀ-Ý][\w’'-]*(?:[ -](?:sur|sous|en|lès|les|la|le|de|du|d['’])?[ -]?[A-ZÀ-Ý][\w-]*)*)")
"""« antenne de Vitré », « CH de Saint-Malo », « SMUR d'Aurillac »: the town after a site or an
establishment is a place, never a word to match (« Vitré » would read the vitreous body)."""
PLACE_ANSWER_WORDS = 12
"""Longest answer (in words) whose place names are removed."""
_WORD_CHARS = re.compile(r"\w+")


def without_place_names(text: str) -> str:
    """A short answer without the capitalised place names that follow a site or an
    establishment. A sentence keeps them: one word among many, it weighs little, and the
    sentence is read as a whole (its length decides how)."""
    if len(_WORD_CHARS.findall(text)) > PLACE_ANSWER_WORDS:
        return text
    return _PLACE_NAME.sub(lambda match: match.group(0)[:match.start(1) - match.start(0)], text)


