"""The items of a review sheet and how people refer to them.

An item is one thing the chef de service ticks or corrects: the unit's name, one ROR attribute
(champ, mode, activités…), the patientèle, the address, the contact. Items are named by their ROR
attribute, so a correction requested on paper ends up as an :class:`ItemComment` the interview
finds again by the attribute it is about. The order and the plain-words questions come from the
interview dialog (``dialogs/unite_elementaire.yaml``): the sheet asks what the interview asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from ror_assistant.errors import UserError
from ror_assistant.interview.dialog import Dialog, bundled_dialog
from ror_assistant.storage.changes import FIELD_LABELS

#: The unit's name: not asked by the interview (given when the unit is created) but read by ANS.
NAME_ITEM = "nom"
#: A remark about the whole unit rather than one item.
GENERAL_ITEM = "unite"
#: The contact and its telecom are asked in several questions but checked as one item (FG_Contact).
CONTACT_ITEM = "contact"
_CONTACT_ATTRIBUTES = frozenset({"contact", "natureContact", "fonctionContact", "niveauConfidentialite"})
#: Asked by the interview but not part of what goes to the ROR.
_NOT_ON_SHEET = frozenset({"description"})

#: Titles of coded attributes the interview does not ask but the unit may hold (import, copy).
EXTRA_TITLES = {
    "acteSpecifique": "Actes spécifiques",
    "acteRealiseHorsCabinet": "Actes réalisés hors cabinet",
    "equipementSpecifique": "Équipements spécifiques",
    "modaliteAccueil": "Modalités d'accueil",
    "modeGestion": "Mode de gestion",
    "specialisationPriseEnCharge": "Spécialisations de prise en charge",
    "ouvertureAnnuelle": "Ouverture annuelle",
    "professionRessource": "Professions ressources",
    "competenceSpecifique": "Compétences spécifiques",
    "niveauExpertise": "Niveau d'expertise",
    "familleActiviteOperationnelle": "Famille d'activité opérationnelle",
    "typeFermeture": "Type de fermeture",
}


def item_key(attribute: str) -> str:
    """The sheet item an attribute belongs to (the contact's attributes share one item)."""
    return CONTACT_ITEM if attribute in _CONTACT_ATTRIBUTES else attribute


@dataclass(frozen=True)
class ItemSpec:
    """One item as the dialog defines it: key, title, and the question ids that fill it."""

    key: str
    title: str
    question_ids: tuple[str, ...]
    required: bool
    conditional: bool

    @property
    def reference(self) -> str:
        """The short name printed on the sheet, to type back in ``corrections --point``."""
        return self.question_ids[0] if self.question_ids else self.key


def sheet_items(dialog: Dialog | None = None) -> list[ItemSpec]:
    """The items of the sheet in interview order, the unit's name first."""
    dialog = dialog or bundled_dialog()
    specs: dict[str, ItemSpec] = {NAME_ITEM: ItemSpec(NAME_ITEM, "Nom de l'unité", (), True, False)}
    for question in dialog.questions:
        if question.attribute in _NOT_ON_SHEET:
            continue
        key = item_key(question.attribute)
        known = specs.get(key)
        if known is None:
            title = "Contact de l'unité" if key == CONTACT_ITEM else question.title
            specs[key] = ItemSpec(key, title, (question.id,), question.required, bool(question.when))
        else:
            specs[key] = ItemSpec(key, known.title, (*known.question_ids, question.id),
                                  known.required or question.required, known.conditional and bool(question.when))
    return list(specs.values())


def item_title(key: str, dialog: Dialog | None = None) -> str:
    """French title of an item, whether the dialog asks it or not."""
    for spec in sheet_items(dialog):
        if spec.key == key:
            return spec.title
    if key == GENERAL_ITEM:
        return "L'unité dans son ensemble"
    return EXTRA_TITLES.get(key) or FIELD_LABELS.get(key, key)


def resolve_item(reference: str, dialog: Dialog | None = None) -> str:
    """The item key for what a person typed: a key (``activiteOperationnelle``), a question id of
    the dialog (``activites``) or ``unite`` for the whole unit; case does not matter."""
    dialog = dialog or bundled_dialog()
    wanted = reference.strip().lower()
    keys = [spec.key for spec in sheet_items(dialog)] + [GENERAL_ITEM, *EXTRA_TITLES]
    for key in keys:
        if key.lower() == wanted:
            return key
    for question in dialog.questions:
        if question.id == wanted and question.attribute not in _NOT_ON_SHEET:
            return item_key(question.attribute)
    references = ", ".join(spec.reference for spec in sheet_items(dialog))
    raise UserError(f"Point de la fiche inconnu : « {reference} ».",
                    f"utilisez le repère imprimé sur la fiche ({references}) ou « {GENERAL_ITEM} » "
                    "pour une remarque sur l'unité entière.")
