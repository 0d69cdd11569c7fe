"""The Textual application: one database, one user, screens pushed on top of the home tree.

The app holds no business rule: the tree comes from ``storage``, questions, proposals and
missing ANS items from ``interview``, the sheet from ``review``. It only displays and forwards.
:func:`create_app` builds it for the terminal, for ``serve`` and for tests alike (Posting's
factory), so tests run the very app users get, on a real SQLite file.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import App
from textual.events import DeliveryComplete, DeliveryFailed, DescendantFocus
from textual.widgets import Input

from ror_assistant.errors import UserError
from ror_assistant.settings import Settings, default_config_dir
from ror_assistant.storage import Database, open_database
from ror_assistant.tui.commands import RorCommands
from ror_assistant.tui.keys import APP_BINDINGS, keys_file, load_keymap
from ror_assistant.tui.screens.home import HomeScreen
from ror_assistant.tui.theme import THEMES, choose_theme

if TYPE_CHECKING:
    from ror_assistant.interview.engine import Interview
    from ror_assistant.matching import Matcher
    from ror_assistant.nomenclature import Catalog

T = TypeVar("T")

#: Seconds between mounting and loading nomenclatures and the matcher in a thread.
WARM_UP_DELAY = 0.5

class RorApp(App[None]):
    """The ROR assistant; see :func:`create_app` to build one."""

    TITLE = "Assistant ROR"
    CSS_PATH = "ror.tcss"
    BINDINGS = APP_BINDINGS
    COMMANDS = App.COMMANDS | {RorCommands}

    def __init__(self, settings: Settings, database: Database, *, keymap: dict[str, str] | None = None,
                 theme: str | None = None, title: str | None = None, downloads_dir: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.database = database
        #: Where delivered files go in a terminal (None: the user's downloads folder).
        self.downloads_dir = downloads_dir
        for custom_theme in THEMES:
            self.register_theme(custom_theme)
        self.theme = theme or choose_theme()
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Over SSH the only thing moving should be what the user asked for.
            self.animation_level = "none"
        if title:
            self.title = title
        where = Path(database.url.database).name if database.url.get_backend_name() == "sqlite" else database.display_url
        self.sub_title = f"{settings.user} · {where}"
        if keymap:
            self.set_keymap(keymap)
        self._matcher: Matcher | None = None
        self._matcher_lock = threading.Lock()

    def get_default_screen(self) -> HomeScreen:
        """The home tree is the bottom screen: pushing it over Textual's blank default screen
        cost a second layout and a rebuild of the footer at start-up."""
        return HomeScreen()

    def on_mount(self) -> None:
        # Not call_after_refresh: the matcher build (pure Python, a few hundred ms) would hold the
        # GIL while the first screen is laid out and delay it by ~300 ms. An interview opened
        # before the timer fires builds the matcher itself (see :attr:`matcher`).
        self.set_timer(WARM_UP_DELAY, self.warm_up)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """No blinking cursor: over a slow link it is the only thing redrawn, twice a second."""
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def action_help(self) -> None:
        from ror_assistant.tui.screens.help import HelpScreen  # Markdown widget: loaded on first F1

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        text = getattr(self.screen, "help_text", None)
        self.push_screen(HelpScreen(self.screen, text() if callable(text) else ""))

    def report(self, error: UserError) -> None:
        self.notify(str(error), title="Impossible", severity="error", timeout=8)

    def attempt(self, operation: Callable[[], T]) -> T | None:
        """Run ``operation``; show a :class:`UserError` as a notification instead of crashing."""
        try:
            return operation()
        except UserError as error:
            self.report(error)
            return None

    # -- engine resources, built once per process -----------------------------------------------
    @property
    def catalog(self) -> Catalog:
        from ror_assistant.nomenclature import load_catalog

        return load_catalog()

    @property
    def matcher(self) -> Matcher:
        """Indexing takes a few hundred ms: done once, in the warm-up thread if it ran first."""
        with self._matcher_lock:
            if self._matcher is None:
                from ror_assistant.matching import Matcher

                self._matcher = Matcher.default()
            return self._matcher

    @work(thread=True, group="warm-up")
    def warm_up(self) -> None:
        """Load nomenclatures and the matcher after the first screen, not before it; a broken
        data file is reported now and again when an interview opens, the tree stays usable."""
        try:
            self.matcher  # noqa: B018 — builds and caches it
        except UserError as error:
            self.call_from_thread(self.report, error)

    def open_interview(self, unit_id: int) -> Interview:
        from ror_assistant.interview.engine import Interview

        return Interview.open(self.database, unit_id, self.settings.user, matcher=self.matcher,
                              catalog=self.catalog)

    def describe_unit(self, unit_id: int, question_id: str | None = None) -> None:
        """Open the interview of a unit, on ``question_id`` if given (summary, dashboard, palette)."""
        from ror_assistant.tui.screens.interview import InterviewScreen

        engine = self.attempt(lambda: self.open_interview(unit_id))
        if engine is None:
            return
        if question_id:
            self.attempt(lambda: engine.goto(question_id))
        self.push_screen(InterviewScreen(engine))

    def deliver_review_sheet(self, unit_id: int, unit_name: str) -> None:
        """Hand the unit's review sheet (HTML) to the user: a download in the browser under
        ``serve``, a file in the downloads folder in a terminal. Nothing changes in the database."""
        from ror_assistant.review.render import default_filename, render_unit_sheet

        def render() -> str:
            with self.database.read() as session:
                return render_unit_sheet(session, unit_id, "html", catalog=self.catalog)

        text = self.attempt(render)
        if text is not None:
            self.deliver_text(io.StringIO(text), save_directory=self.downloads_dir,
                              save_filename=default_filename(unit_name, "html"),
                              mime_type="text/html", open_method="browser" if self.is_web else "download")

    def on_delivery_complete(self, event: DeliveryComplete) -> None:
        where = f"enregistrée dans {event.path}" if event.path else "ouverte dans le navigateur"
        self.notify(f"Fiche de revue {where}.")

    def on_delivery_failed(self, event: DeliveryFailed) -> None:
        self.notify(f"La fiche de revue n'a pas pu être remise : {event.exception}", severity="error")

    def close_database(self) -> None:
        self.database.dispose()


def create_app(settings: Settings, *, database: Database | None = None, config_dir: Path | None = None,
               theme: str | None = None, title: str | None = None, downloads_dir: Path | None = None) -> RorApp:
    """Build the app users get; tests pass their own ``database`` and ``config_dir``.

    The database is opened here, before Textual takes the terminal, so a wrong path or a
    locked file ends as one French message on the command line, not inside a broken screen.
    """
    keymap = load_keymap(keys_file(config_dir or default_config_dir()))
    return RorApp(settings, database or open_database(settings.db_url), keymap=keymap, theme=theme, title=title,
                  downloads_dir=downloads_dir)
