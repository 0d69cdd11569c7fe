"""Does a coded answer count? The ANS views only count codes that resolve to a NOS row.

The BI warehouse joins every coded value to its NOS table and keeps a foreign key of −1
("non rapproché") when the code is unknown; every peuplement flag then ignores it
(ror-model.md §2.1 and §3.1). Here the same test is: the answer is marked valid by the matcher
**and** the catalog resolves its code (a deprecated code still resolves: NOS keeps its row).
"""

from __future__ import annotations

from ror_assistant.description import CodedAnswer
from ror_assistant.errors import UserError
from ror_assistant.nomenclature import Catalog, Concept

# The value set each ROR attribute read by the rules is bound to (ROR-bindings.csv), used when
# an answer names no value set the catalog knows.
DEFAULT_VALUE_SETS = {
    "champActivite": "JDV_J20-ChampActivite-ROR",
    "modePriseEnCharge": "JDV_J19-ModePriseEnCharge-ROR",
    "activiteOperationnelle": "JDV_J17-ActiviteOperationnelle-ROR",
    "typeOffre": "JDV_J238-TypeOffre-ROR",
    "temporaliteAccueil": "JDV_J30-TemporaliteAccueil-ROR",
    "niveauExpertise": "JDV_J227-NiveauExpertise-ROR",
    "acteSpecifique": "JDV_J16-ActeSpecifique-ROR",
    "fonctionContact": "JDV_J220-FonctionContact-ROR",
    "natureContact": "JDV_J221-NatureContact-ROR",
}


def _value_set(catalog: Catalog, answer: CodedAnswer) -> str | None:
    """The value set to resolve ``answer`` against: its own if bundled, else its attribute's."""
    for candidate in (answer.value_set, DEFAULT_VALUE_SETS.get(answer.attribute)):
        if not candidate:
            continue
        try:
            return catalog.value_set(candidate).id
        except UserError:
            continue
    return None


def concept_of(catalog: Catalog, answer: CodedAnswer | None) -> Concept | None:
    """The NOS concept behind ``answer`` (deprecated included), or None when it does not count."""
    if answer is None or not answer.valid or not answer.code.strip():
        return None
    value_set = _value_set(catalog, answer)
    if value_set is None:
        return None
    return catalog.resolve(value_set, answer.code.strip())


def resolves(catalog: Catalog, answer: CodedAnswer | None) -> bool:
    """True when ``answer`` would get a real NOS foreign key in the ANS warehouse."""
    return concept_of(catalog, answer) is not None


def code_resolves(catalog: Catalog, attribute: str, code: str | None) -> bool:
    """Same test for a bare code (contact fonction / nature are stored as plain codes)."""
    if code is None or not code.strip():
        return False
    return catalog.resolve(DEFAULT_VALUE_SETS[attribute], code.strip()) is not None
