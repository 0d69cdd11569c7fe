"""Storage: SQLModel tables, one short transaction per confirmed answer, append-only audit log.

Typical use (see docs/storage.md)::

    db = open_database(settings.db_url)
    with db.write(settings.user) as session:
        set_coded(session, settings.user, unit_id, answer, expected=None)
    with db.read() as session:
        description = unit_description(session, unit_id)
"""

from ror_assistant.storage.db import Database, open_database
from ror_assistant.storage.structure import (
    TreeNode,
    close,
    create_eg,
    create_ej,
    create_oi,
    create_unit,
    duplicate_unit,
    move_oi,
    move_unit,
    rename,
    reopen,
    tree,
    update_fields,
)
from ror_assistant.storage.units import (
    add_coded,
    add_contact,
    clear_coded,
    remove_coded,
    remove_contact,
    set_address,
    set_capacity,
    set_coded,
    set_comment,
    set_horaires,
    set_interview_step,
    set_patientele,
    set_unite_sensible,
    unit_description,
    update_contact,
)

__all__ = [
    "Database", "TreeNode", "add_coded", "add_contact", "clear_coded", "close", "create_eg", "create_ej",
    "create_oi", "create_unit", "duplicate_unit", "move_oi", "move_unit", "open_database", "remove_coded",
    "remove_contact", "rename", "reopen", "set_address", "set_capacity", "set_coded", "set_comment",
    "set_horaires", "set_interview_step", "set_patientele", "set_unite_sensible", "tree", "unit_description",
    "update_contact", "update_fields",
]
