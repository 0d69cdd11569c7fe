"""The unit summary: every question with what is recorded; Enter changes the answer.

Dismisses with the id of the question to change (or None), so the screen that opened it
decides how to go there (the interview jumps with ``goto``; home opens the interview first).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ror_assistant.interview.engine import Interview, SummaryItem
from ror_assistant.tui.keys import SUMMARY_BINDINGS


def summary_row(item: SummaryItem) -> tuple[Text, Text]:
    """(question title, recorded values); missing required answers say « à renseigner »."""
    if not item.applies:
        return Text(item.question.title, style="dim"), Text("ne concerne pas cette unité", style="dim italic")
    if item.values:
        return Text(item.question.title), Text(" ; ".join(item.values))
    if item.missing:
        return Text(item.question.title, style="bold"), Text("✗ à renseigner", style="bold")
    return Text(item.question.title), Text("—", style="dim")


class SummaryScreen(Screen[str | None]):
    BINDINGS = SUMMARY_BINDINGS

    def __init__(self, engine: Interview) -> None:
        super().__init__()
        self.engine = engine
        self.unit_name = engine.unit.nom
        self.items = engine.summary()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Récapitulatif de « {self.unit_name} » — Entrée pour modifier une réponse",
                     classes="section-title", markup=False)
        yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.unit_name
        table = self.query_one(DataTable)
        table.add_columns("Question", "Réponse")
        for item in self.items:
            table.add_row(*summary_row(item), key=item.question.id)
        table.focus()

    def help_text(self) -> str:
        return ("## Récapitulatif\n\nToutes les questions de l'entretien et ce qui est enregistré. "
                "Placez-vous sur une ligne et appuyez sur **Entrée** pour changer la réponse : "
                "l'entretien s'ouvre sur cette question.")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_change_answer()

    def action_change_answer(self) -> None:
        table = self.query_one(DataTable)
        if not self.items:
            return
        item = self.items[table.cursor_row]
        if not item.applies:
            self.app.notify(f"« {item.question.title} » ne concerne pas cette unité.", severity="warning")
            return
        self.dismiss(item.question.id)

    def action_review_sheet(self) -> None:
        self.app.deliver_review_sheet(self.engine.unit_id, self.unit_name)

    def action_close(self) -> None:
        self.dismiss(None)
