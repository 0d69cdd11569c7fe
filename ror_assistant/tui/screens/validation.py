"""The validation of one UE: issue its review sheet, record the decisions, read its history.

A modal over the home tree, one key per transition of :mod:`ror_assistant.workflow`. Every key
works whatever the status: a move the workflow refuses comes back with its French message (in the
dialog and as a notification) and nothing changes. The status the modal shows is passed as
``expected``, so a decision recorded meanwhile in another session is a conflict, not an overwrite.
No rule lives here: the modal asks who and what, then calls the workflow.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_downloads_path
from sqlmodel import Session
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ror_assistant import workflow
from ror_assistant.errors import UserError
from ror_assistant.review.items import GENERAL_ITEM, item_title, sheet_items
from ror_assistant.review.render import default_filename, render_sheets, write_sheet
from ror_assistant.storage.changes import get_unit
from ror_assistant.tui.keys import HISTORY_BINDINGS, VALIDATION_BINDINGS
from ror_assistant.tui.widgets.common.forms import AskFields, AskRemark

#: What each key does, in the words of the sheet, by workflow action (binding action in brackets).
ACTIONS: list[tuple[str, str, str]] = [
    ("issue", "issue", "Émettre la fiche de relecture (passe « à valider »)"),
    ("validate", "validate", "Validée par le chef de service"),
    ("request_corrections", "corrections", "Corrections demandées"),
    ("approve", "approve", "Validée par la direction"),
    ("ready", "ready", "Prête pour le ROR"),
]


def history_lines(session: Session, unit_id: int) -> list[str]:
    """The status history (voided validations included), then the corrections still open."""
    lines = [workflow.describe_event(event) for event in workflow.events(session, unit_id)]
    if not lines:
        lines = ["Aucun changement de statut : l'unité est en brouillon depuis sa création."]
    remarks = workflow.open_comments(session, unit_id)
    if remarks:
        lines += ["", "Corrections en attente :"]
        for item, comments in remarks.items():
            title = "Unité entière" if item == GENERAL_ITEM else item_title(item)
            lines += [f"• {title} : {text}" for text in workflow.comments_text(comments)]
    return lines


class HistoryScreen(ModalScreen[None]):
    """The status history of one unit, as ``describe_event`` words it."""

    BINDINGS = HISTORY_BINDINGS

    def __init__(self, unit_id: int, unit_name: str) -> None:
        super().__init__()
        self.unit_id, self.unit_name = unit_id, unit_name

    def compose(self) -> ComposeResult:
        with self.app.database.read() as session:
            lines = history_lines(session, self.unit_id)
        with VerticalScroll(id="history-box", classes="dialog"):
            yield Static(f"Historique — « {self.unit_name} »", classes="section-title", markup=False)
            yield Static("\n".join(lines), id="history-lines", markup=False)
            yield Static("Échap pour fermer.", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#history-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class ValidationScreen(ModalScreen[None]):
    """Status, next step and the workflow keys of one unit."""

    BINDINGS = VALIDATION_BINDINGS

    def __init__(self, unit_id: int, unit_name: str) -> None:
        super().__init__()
        self.unit_id, self.unit_name = unit_id, unit_name
        #: The status on screen: what every transition is asked to find (``expected``).
        self.status = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="validation-box", classes="dialog"):
            yield Static(id="validation-title", classes="section-title", markup=False)
            yield Static(id="validation-body", markup=False)
            yield Static(id="validation-message", classes="message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_status()

    def help_text(self) -> str:
        return ("## Validation d'une UE\n\n"
                "**Émettre** enregistre la fiche de relecture (dans le dossier de téléchargements, ou le "
                "navigateur) et passe l'unité « à valider ». Quand la fiche revient signée, enregistrez la "
                "décision du chef de service (validée, ou corrections demandées point par point), puis celle "
                "de la direction, puis marquez l'unité prête pour le ROR.\n\n"
                "Toute modification de la description après une validation l'annule : l'historique le dit.")

    # -- display --------------------------------------------------------------------------------
    def key_of(self, action: str) -> str:
        for active in self.active_bindings.values():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding)
        return "?"

    def show_status(self) -> None:
        try:
            with self.app.database.read() as session:
                unit = get_unit(session, self.unit_id)
                self.status, self.unit_name = unit.status, unit.nom
        except UserError as error:
            self.say(str(error), error=True)
            return
        allowed = [(binding, text) for action, binding, text in ACTIONS
                   if self.status in workflow.TRANSITIONS[action].sources]
        lines = [f"Statut : {workflow.status_label(self.status)}", "",
                 f"Prochaine étape : {workflow.next_step(self.status, self.unit_id)}", ""]
        if allowed:
            lines.append("Possible maintenant :")
            if self.status == "a_valider":  # issuing again only matters if the description changed
                allowed = [(binding, "Émettre de nouveau la fiche (si la description a changé)"
                            if binding == "issue" else text) for binding, text in allowed]
            lines += [f"  {self.key_of(binding):>5}  {text}" for binding, text in allowed]
        lines.append(f"  {self.key_of('history'):>5}  Historique des statuts")
        self.query_one("#validation-title", Static).update(f"Validation — « {self.unit_name} »")
        self.query_one("#validation-body", Static).update("\n".join(lines))

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#validation-message", Static)
        message.update(text)
        message.set_class(error, "-error")

    def refresh_home(self) -> None:
        """Tree and details below show the new status at once, not only when the modal closes."""
        self.show_status()
        for screen in self.app.screen_stack:
            reload = getattr(screen, "reload", None)
            if screen is not self and callable(reload):
                reload()

    def refused(self, error: UserError) -> None:
        self.say(str(error), error=True)
        self.app.report(error)
        self.refresh_home()

    def run(self, change: Callable[[Session], object], done: str) -> None:
        """One transition in one write transaction on behalf of the user, then redisplay."""
        try:
            with self.app.database.write(self.app.settings.user) as session:
                change(session)
        except UserError as error:
            self.refused(error)
            return
        self.say(done)
        self.app.notify(done)
        self.refresh_home()

    def refused_early(self, action: str, attempt: Callable[[Session], object]) -> bool:
        """When ``action`` cannot start from the status shown, let the workflow say so now,
        before asking who decided: ``attempt`` raises its refusal and records nothing (the status
        shown is ``expected``, so a status changed meanwhile is a conflict)."""
        if self.status in workflow.TRANSITIONS[action].sources:
            return False
        self.run(attempt, "")
        return True

    # -- actions --------------------------------------------------------------------------------
    def action_issue(self) -> None:
        """Issue the sheet: status moved and file written in one transaction (a failed write
        moves nothing); under ``serve`` the browser gets it once the transaction is committed."""
        app, user, seen = self.app, self.app.settings.user, self.status
        filename = default_filename(self.unit_name, "html")
        path = None if app.is_web else Path(getattr(app, "downloads_dir", None) or user_downloads_path()) / filename
        try:
            with app.database.write(user) as session:
                event = workflow.issue(session, user, self.unit_id, expected=seen)
                session.flush()
                text = render_sheets(session, [self.unit_id], "html", catalog=app.catalog)
                if path is not None:
                    write_sheet(path, text)
        except UserError as error:
            self.refused(error)
            return
        where = f"enregistrée dans {path}" if path is not None else "envoyée au navigateur"
        if event is not None:
            done = f"Fiche de relecture émise : « {self.unit_name} » est à valider. Fiche {where}."
        else:
            done = (f"Statut inchangé (« {workflow.status_label(seen)} ») : la fiche n'est qu'une copie "
                    f"de la précédente. Fiche {where}.")
        if path is None:
            app.deliver_text(io.StringIO(text), save_filename=filename, mime_type="text/html", open_method="browser")
        self.say(done)
        app.notify(done)
        self.refresh_home()

    def action_validate(self) -> None:
        user, seen = self.app.settings.user, self.status
        if self.refused_early("validate", lambda session: workflow.validate(session, user, self.unit_id,
                                                                            expected=seen)):
            return

        def record(values: list[str] | None) -> None:
            if values is None:
                return
            by, typed = values
            self.run(lambda session: workflow.validate(session, user, self.unit_id, by=by or None,
                                                       signed_fingerprint=typed or None, expected=seen),
                     f"« {self.unit_name} » : validée par le chef de service"
                     + (f" ({by})." if by and by != user else "."))

        self.app.push_screen(AskFields("Validation du chef de service",
                                       [("Décision de :", user),
                                        ("Empreinte lue sur la fiche signée (facultatif) :", "")]), record)

    def action_corrections(self) -> None:
        user, seen = self.app.settings.user, self.status
        if self.refused_early("request_corrections", lambda session: workflow.request_corrections(
                session, user, self.unit_id, [], expected=seen)):
            return
        items = [(GENERAL_ITEM, "L'unité dans son ensemble")] + [(spec.key, spec.title) for spec in sheet_items()]

        def record(remark: tuple[str, str] | None) -> None:
            if remark is None:
                return
            self.run(lambda session: workflow.request_corrections(session, user, self.unit_id, [remark],
                                                                  expected=seen),
                     f"« {self.unit_name} » : corrections demandées ; l'entretien les montrera.")

        self.app.push_screen(AskRemark("Corrections demandées", items), record)

    def action_approve(self) -> None:
        user, seen = self.app.settings.user, self.status
        if self.refused_early("approve", lambda session: workflow.approve(session, user, self.unit_id,
                                                                          expected=seen)):
            return

        def record(values: list[str] | None) -> None:
            if values is None:
                return
            by, comment = values
            self.run(lambda session: workflow.approve(session, user, self.unit_id, by=by or None, comment=comment,
                                                      expected=seen),
                     f"« {self.unit_name} » : validée par la direction"
                     + (f" ({by})." if by and by != user else "."))

        self.app.push_screen(AskFields("Validation de la direction",
                                       [("Décision de :", user), ("Commentaire (facultatif) :", "")]), record)

    def action_ready(self) -> None:
        user, seen = self.app.settings.user, self.status
        self.run(lambda session: workflow.mark_ready(session, user, self.unit_id, catalog=self.app.catalog,
                                                     expected=seen),
                 f"« {self.unit_name} » est prête pour le ROR.")

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.unit_id, self.unit_name))

    def action_close(self) -> None:
        self.dismiss(None)
