"""argparse in French: its own messages (usage, errors, help headings) are translated.

argparse looks its messages up through the module-level ``_`` (gettext) at call time, and
Python ships no French catalogue for it; replacing that function is the least code that makes
every command's help and usage errors read in French, like the rest of the product.
"""

from __future__ import annotations

import argparse

_MESSAGES = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisissez parmi %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
}


def _translate(message: str) -> str:
    return _MESSAGES.get(message, message)


def install() -> None:
    """Make argparse speak French for the rest of the process."""
    argparse._ = _translate  # type: ignore[attr-defined]
