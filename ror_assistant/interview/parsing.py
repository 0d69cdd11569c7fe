"""Reading the answers that are neither codes nor ages: addresses, numbers, yes / no.

A cadre de santé types "12 rue de la Paix, 75002 Paris" or "oui", not a form. These functions
turn such lines into values, or return ``None`` when the line does not have the expected shape;
whether a value is *acceptable* (postal code…) is decided by :mod:`ror_assistant.rules.validation`.
Ages are read by ``rules.parse_age_range`` (figures) and ``matching.age_range_hint`` (words).
"""

from __future__ import annotations

import re

from ror_assistant.description import Address
from ror_assistant.textfold import fold

_POSTAL = re.compile(r"\b(\d{5}|\d{2}\s\d{3})\b\s*(.*)$")
_STREET = re.compile(r"^\s*(\d+)\s*(bis|ter|quater|[a-d])?\b[\s,]*(.*)$", re.IGNORECASE)
_STREET_TYPES = ("allée", "avenue", "boulevard", "chemin", "cours", "impasse", "place", "quai",
                 "route", "rue", "square", "voie", "chaussée", "esplanade", "passage", "promenade")


def parse_address(text: str) -> Address | None:
    """``"12 bis rue de la Paix, 75002 Paris"`` → Address; None when no postal code is found."""
    found = _POSTAL.search(text)
    if not found:
        return None
    postal, locality = found.group(1).replace(" ", ""), found.group(2).strip(" ,")
    street_part = text[:found.start()].strip(" ,")
    parts = [part.strip() for part in street_part.split(",") if part.strip()]
    street = parts[0] if parts else ""
    complement = ", ".join(parts[1:])
    number = ""
    numbered = _STREET.match(street)
    if numbered:
        number = numbered.group(1) + (f" {numbered.group(2)}" if numbered.group(2) else "")
        street = numbered.group(3)
    street_type, _, name = street.partition(" ")
    if fold(street_type) in {fold(kind) for kind in _STREET_TYPES} and name:
        type_voie, libelle = street_type.lower(), name.strip()
    else:
        type_voie, libelle = "", street
    return Address(numero_voie=number, type_voie=type_voie, libelle_voie=libelle, complement=complement,
                   code_postal=postal, localite=locality)


def address_label(address: Address) -> str:
    """One line, as it would be written on an envelope."""
    street = " ".join(part for part in (address.numero_voie, address.type_voie,
                                        address.libelle_voie or address.lieu_dit) if part)
    lines = [street, address.complement, f"{address.code_postal} {address.localite}".strip()]
    return ", ".join(line for line in lines if line)


_YES = {"oui", "o", "yes", "y", "vrai", "ok", "d'accord", "exact", "bien sur", "absolument"}
_NO = {"non", "n", "no", "faux", "pas du tout", "aucun", "aucune"}


def parse_yes_no(text: str) -> bool | None:
    folded = fold(text).strip(" .!")
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    return None


_DONT_KNOW = {"je ne sais pas", "je sais pas", "ne sais pas", "sais pas", "jsp", "?", "aucune idee", "je ne sais plus"}


def parse_dont_know(text: str) -> bool:
    """« je ne sais pas » and its short forms: the person cannot answer a guide's question."""
    return fold(text).strip(" .!") in _DONT_KNOW


def parse_number(text: str) -> int | None:
    found = re.fullmatch(r"\s*(\d{1,6})\s*(?:places?|lits?)?\s*", fold(text))
    return int(found.group(1)) if found else None


def parse_numbers(text: str) -> list[int] | None:
    """``"1 3"`` or ``"1, 3"`` → [1, 3]; None when the line is not only numbers."""
    pieces = re.split(r"[\s,;]+", text.strip())
    if not pieces or not all(piece.isdigit() for piece in pieces):
        return None
    return [int(piece) for piece in pieces]
