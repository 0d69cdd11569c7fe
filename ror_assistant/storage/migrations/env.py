"""Alembic environment: run on the connection ror-assistant hands over, or on the configured URL.

``open_database`` passes its own connection (already inside a ``BEGIN IMMEDIATE``
transaction) through ``config.attributes["connection"]``, so a migration is atomic with the
revision check. Developers writing a new migration go through ``db.alembic_config(url)``.
``render_as_batch`` lets ALTER TABLE work on SQLite (copy-and-move).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from ror_assistant.storage import models

target_metadata = models.SQLModel.metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from ror_assistant.storage.db import open_database

    database = open_database(context.config.get_main_option("sqlalchemy.url"), upgrade=False)
    try:
        with database.engine.execution_options(ror_begin="IMMEDIATE").begin() as own_connection:
            _run(own_connection)
    finally:
        database.dispose()
