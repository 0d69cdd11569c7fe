"""Shared set-up of the interview, plain-mode and export tests (imported by them).

A real SQLite file in ``tmp_path`` holding one EJ, one MCO EG with an address and one new
unit; the bundled dialog, catalog and matcher (built once per test session: ~0.3 s).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ror_assistant.description import Address
from ror_assistant.interview import Interview, Reply
from ror_assistant.matching import Matcher
from ror_assistant.storage import Database, create_eg, create_ej, create_unit, open_database

USER = "marie.curie"
EG_ADDRESS = Address(numero_voie="12", type_voie="rue", libelle_voie="de la Paix", code_postal="75002", localite="Paris")


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher.default()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ror.sqlite3'}"


@pytest.fixture
def db(db_url: str):
    database = open_database(db_url)
    yield database
    database.dispose()


def new_unit(db: Database, nom: str = "Hôpital de jour d'oncologie", categorie: str = "101",
             address: Address | None = EG_ADDRESS) -> int:
    """A fresh unit under a new EJ/EG (FINESS numbers made unique per call)."""
    with db.read() as session:
        from ror_assistant.storage import tree

        count = len(tree(session))
    with db.write(USER) as session:
        ej = create_ej(session, USER, f"75000{count:03d}1", "CHU Exemple")
        eg = create_eg(session, USER, ej.id, f"75100{count:03d}2", "Hôpital Saint-Exemple", categorie=categorie,
                       address=address)
        unit = create_unit(session, USER, eg.id, nom)
    assert unit.id is not None
    return unit.id


@pytest.fixture
def unit_id(db: Database) -> int:
    return new_unit(db)


@pytest.fixture
def engine(db: Database, unit_id: int, matcher: Matcher) -> Interview:
    return Interview.open(db, unit_id, USER, matcher=matcher)


def answer(engine: Interview, text: str, choices: list[int] | None = None) -> Reply:
    """Submit ``text`` and confirm (the first proposal, or ``choices``); fail loudly otherwise."""
    reply = engine.submit(text)
    assert reply.kind == "proposals", (text, reply)
    return engine.confirm(choices)


#: A whole interview of a real-looking unit, as a cadre de santé would type it in plain mode.
ONCOLOGY_SCRIPT = [
    "Hôpital de jour d'oncologie pour adultes",
    "1 3",           # keep HJ and the ages; the unsure « oncologie » guess is left for later
    "MCO",
    "",
    "chimiothérapie",
    "",
    "",              # no other activity
    "",              # no particular public (optional)
    "non",           # not a sensitive unit
    "",
    "01 45 67 89 10",
    "",
    "secrétariat",
    "",
    "1",             # accès libre
    "",
    "du lundi au vendredi de 8h30 à 17h",  # horaires (optional)
    "",
    "",              # no équipement spécifique (optional)
    "",              # no acte spécifique (optional)
    "",              # no compétence spécifique (optional)
]


def feed(engine, lines: list[str]) -> None:
    """Feed lines as plain mode does: an empty line confirms pending proposals, numbers choose
    among them, anything else is an answer to the current question."""
    for line in lines:
        numbers = [int(part) for part in line.split()] if line.replace(" ", "").isdigit() else None
        if engine.pending and not line:
            engine.confirm()
        elif engine.pending and numbers:
            engine.confirm(numbers)
        else:
            engine.submit(line)

