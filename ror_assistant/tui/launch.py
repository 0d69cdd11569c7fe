"""``ror-assistant`` without a sub-command: open the app on the configured database.

Kept apart from ``app.py`` so the CLI imports Textual only when the app really opens.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING

from ror_assistant.settings import Settings

if TYPE_CHECKING:
    from ror_assistant.tui.app import RorApp


def import_app() -> Callable[..., RorApp]:
    """Import the app (Textual, SQLAlchemy, pydantic, the tables: ~300 ms) and return
    :func:`~ror_assistant.tui.app.create_app`, with the cyclic garbage collector paused.

    The imports leave ~135,000 objects for the collector to track (modules, classes,
    functions), all living as long as the process: the collector would walk them again and
    again while they load, then once more in full during the first layout (~45 ms in all,
    benchmarks/bench_tui.py). They are frozen instead (``gc.freeze``: later collections skip
    them), then the collector resumes for what the session creates."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from ror_assistant.tui.app import create_app
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return create_app


def run_app(settings: Settings, *, title: str | None = None) -> int:
    """Run the app in this terminal until the user quits; return the process exit code."""
    app = import_app()(settings, title=title)
    try:
        app.run()
    finally:
        app.close_database()
    return app.return_code or 0
