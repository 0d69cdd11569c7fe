"""Tableau de bord: per establishment, the ANS status rows, then each UE and what it lacks.

Shows :func:`ror_assistant.progress.dashboard.dashboard` as is (the same figures as
``ror-assistant progress``); Enter on a unit opens its interview.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from ror_assistant.progress.dashboard import SiteProgress, dashboard
from ror_assistant.tui.keys import DASHBOARD_BINDINGS


def site_rows(site: SiteProgress) -> list[tuple[str | None, tuple[Text, Text, Text]]]:
    """(unit key or None, cells) for one EG: a heading, its ANS rows, then its units."""
    finalised = f"{site.units_finalised}/{len(site.units)} UE finalisées"
    rows: list[tuple[str | None, tuple[Text, Text, Text]]] = [
        (None, (Text(site.nom, style="bold"), Text(f"FINESS {site.finess}"), Text(finalised)))]
    for row in site.rows:
        rows.append((None, (Text(f"  ANS {row.type_label}"), Text(str(row.status), style="bold"),
                            Text(row.ratio_label))))
    for unit in site.units:
        missing = "manque : " + ", ".join(unit.missing) if unit.missing else "complet"
        rows.append((str(unit.id), (Text(f"    {unit.nom}"), Text(str(unit.status)), Text(missing))))
    return rows


class DashboardScreen(Screen[None]):
    BINDINGS = DASHBOARD_BINDINGS

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="dashboard-table", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Tableau de bord"
        table = self.query_one(DataTable)
        table.add_columns("Établissement / unité", "Statut", "Avancement")
        with self.app.database.read() as session:
            sites = dashboard(session, self.app.catalog)
        for site in sites:
            for key, cells in site_rows(site):
                table.add_row(*cells, key=key)
        table.focus()

    def help_text(self) -> str:
        return ("## Tableau de bord\n\nPour chaque établissement : le statut ANS de peuplement "
                "(Finalisé, En cours, À faire) par type d'activité, puis chaque UE et ce qui lui manque. "
                "**Entrée** sur une UE ouvre son entretien.")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_unit()

    def action_open_unit(self) -> None:
        table = self.query_one(DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.app.describe_unit(int(key))

    def action_close(self) -> None:
        self.dismiss(None)
