"""``ror-assistant`` without a sub-command: open the app on the configured database.

Kept apart from ``app.py`` so the CLI imports Textual only when the app really opens.
"""

from __future__ import annotations

from ror_assistant.settings import Settings


def run_app(settings: Settings, *, title: str | None = None) -> int:
    """Run the app in this terminal until the user quits; return the process exit code."""
    from ror_assistant.tui.app import create_app

    app = create_app(settings, title=title)
    try:
        app.run()
    finally:
        app.close_database()
    return app.return_code or 0
