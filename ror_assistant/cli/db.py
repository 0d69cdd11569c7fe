"""``ror-assistant db info`` and ``ror-assistant db upgrade``: look at and migrate the database.

``info`` opens without migrating or creating anything, so it is safe on a production file
and tells whether an upgrade is pending; ``upgrade`` applies it (opening the app would do
the same, this makes it explicit for administrators of a shared server database).
"""

from __future__ import annotations

import argparse

from ror_assistant.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="base de données : informations, mise à jour du schéma",
                               description="Informations sur la base de données et mise à jour de son schéma.")
    commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    info = commands.add_parser("info", help="adresse, version du schéma et nombre d'enregistrements")
    info.set_defaults(handler=run_info)
    upgrade = commands.add_parser("upgrade", help="mettre le schéma à jour (fait aussi à l'ouverture)")
    upgrade.set_defaults(handler=run_upgrade)


def run_info(args: argparse.Namespace, settings: Settings) -> int:
    # Deferred for start-up time: every start builds the parser, so its modules stay light.
    import sqlalchemy as sa

    from ror_assistant.storage import open_database
    from ror_assistant.storage.models import (
        AuditEntry,
        CodedValue,
        EntiteGeographique,
        EntiteJuridique,
        OrganisationInterne,
        Unit,
    )

    counted = (
        ("Entités juridiques", EntiteJuridique),
        ("Entités géographiques", EntiteGeographique),
        ("Organisations internes", OrganisationInterne),
        ("Unités élémentaires", Unit),
        ("Valeurs codées", CodedValue),
        ("Entrées d'historique", AuditEntry),
    )
    database = open_database(settings.db_url, create=False, upgrade=False)
    try:
        current, head = database.schema_revision(), database.head_revision()
        print(f"Base de données : {database.display_url}")
        state = "à jour" if current == head else f"mise à jour disponible vers {head} (ror-assistant db upgrade)"
        print(f"Schéma : {current} — {state}")
        if current == head:
            with database.read() as session:
                for label, table in counted:
                    print(f"{label} : {session.scalar(sa.select(sa.func.count()).select_from(table))}")
    finally:
        database.dispose()
    return 0


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.storage import open_database  # deferred for start-up time

    database = open_database(settings.db_url, upgrade=False)
    try:
        before = database.schema_revision()
        after = database.upgrade()
    finally:
        database.dispose()
    if before == after:
        print(f"Le schéma est déjà à jour ({after}).")
    else:
        print(f"Schéma mis à jour : {before or 'base neuve'} → {after}.")
    return 0
