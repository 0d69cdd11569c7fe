"""Home: the establishment tree, the selected level's details, and what can be done to a UE.

Every change is one storage call in one short write transaction on behalf of the user; a
refusal (name taken, conflict with another session) comes back as a French notification and
the tree is reloaded, so what is shown is always what is stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Tree

from ror_assistant import storage
from ror_assistant.errors import UserError
from ror_assistant.storage import TreeNode
from ror_assistant.tui.keys import HOME_BINDINGS
from ror_assistant.tui.widgets.common.dialogs import AskText, Confirm
from ror_assistant.tui.widgets.home.details import NodeDetails
from ror_assistant.tui.widgets.home.structure_tree import StructureTree

if TYPE_CHECKING:
    from ror_assistant.progress.dashboard import UnitProgress

#: Seconds the first computation of the ANS statuses waits, so that the tree is painted first:
#: the computation (nomenclatures, every unit's description), although in a thread, holds the
#: GIL for ~80 ms and would delay the first screen by as much. The badges show « … » meanwhile.
FIRST_PROGRESS_DELAY = 0.2


class HomeScreen(Screen[None]):
    BINDINGS = HOME_BINDINGS

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-body"):
            yield StructureTree(id="structure-tree")
            yield NodeDetails(id="node-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(StructureTree).border_title = "Structure"
        self.query_one(NodeDetails).border_title = "Détails"
        self.query_one(StructureTree).focus()

    def on_screen_resume(self) -> None:
        """Also sent when the screen is first shown: the first load happens here."""
        self.reload()

    # -- data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Structure now (fast), ANS statuses in a thread (the first time, after the first paint)."""
        with self.app.database.read() as session:
            roots = storage.tree(session)
        tree = self.query_one(StructureTree)
        tree.load(roots)
        self.show_details()
        self.load_progress(0 if tree.progress else FIRST_PROGRESS_DELAY)

    @work(exclusive=True, group="progress")
    async def load_progress(self, delay: float) -> None:
        """Started at once, so waiting for the workers waits for the statuses too; a newer
        reload cancels it (``exclusive``), in its delay or while the thread computes."""
        await asyncio.sleep(delay)
        try:
            progress = await asyncio.to_thread(self.compute_progress)
        except UserError as error:
            self.app.report(error)
        else:
            self.show_progress(progress)

    def compute_progress(self) -> dict[int, UnitProgress]:
        # Deferred for start-up time: progress pulls the rules, Jinja2, phone and e-mail checks.
        from ror_assistant.progress.dashboard import dashboard

        with self.app.database.read() as session:
            return {unit.id: unit for site in dashboard(session, self.app.catalog) for unit in site.units}

    def show_progress(self, progress: dict[int, UnitProgress]) -> None:
        self.query_one(StructureTree).show_progress(progress)
        self.show_details()

    def show_details(self) -> None:
        tree = self.query_one(StructureTree)
        node = self.selected()
        progress = tree.progress.get(node.id) if node is not None and node.kind == "unit" else None
        self.query_one(NodeDetails).show(node, progress)

    def selected(self) -> TreeNode | None:
        node = self.query_one(StructureTree).cursor_node
        return node.data if node is not None else None

    def selected_unit(self) -> TreeNode | None:
        node = self.selected()
        if node is None or node.kind != "unit":
            self.app.notify("Choisissez d'abord une unité élémentaire (UE) dans l'arbre.", severity="warning")
            return None
        return node

    def write(self, change: Callable[[Session], object], done: str) -> None:
        """Run ``change(session)`` in one write transaction, say how it went, show the result."""
        try:
            with self.app.database.write(self.app.settings.user) as session:
                change(session)
        except UserError as error:
            self.app.report(error)
        else:
            self.app.notify(done)
        self.reload()

    def help_text(self) -> str:
        return ("## Assistant ROR\n\n"
                "Décrivez chaque **unité élémentaire (UE)** de l'établissement pour le Répertoire de l'Offre "
                "et des Ressources en santé. Choisissez une UE dans l'arbre et appuyez sur **Entrée** : "
                "l'assistant pose une question à la fois et propose les libellés officiels.\n\n"
                "Devant chaque UE : ● finalisée, ◐ en cours, ○ à faire pour l'ANS, puis le nombre de "
                "critères ANS remplis (par exemple 4/6).\n\n"
                "**e** ouvre la validation de l'UE : émettre sa fiche de relecture, enregistrer la décision "
                "du chef de service ou de la direction, la marquer prête pour le ROR, lire son historique.\n\n"
                "Chaque réponse confirmée est enregistrée aussitôt : vous pouvez quitter (ctrl+q) et "
                "reprendre plus tard. ctrl+p ouvre la palette de commandes : tapez le nom d'une UE pour "
                "la décrire.")

    # -- events and actions -------------------------------------------------------------------
    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show_details()

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        node = event.node.data
        if node is not None and node.kind == "unit":
            self.action_open_interview()
        else:
            event.node.toggle()

    def action_open_interview(self, question_id: str | None = None) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        if unit.closed_on is not None:
            self.app.notify("Cette unité est fermée : rouvrez-la (touche f) pour la décrire.", severity="warning")
            return
        self.app.describe_unit(unit.id, question_id)

    def action_new_unit(self) -> None:
        tree = self.query_one(StructureTree)
        eg = tree.ancestor("eg")
        if eg is None:
            self.app.notify("Placez-vous sur un établissement (EG), un pôle ou un service pour y créer l'UE.",
                            severity="warning")
            return
        oi = tree.ancestor("oi")
        where = oi.nom if oi is not None else eg.nom

        def create(name: str | None) -> None:
            if name:
                self.write(lambda session: storage.create_unit(session, self.app.settings.user, eg.id, name,
                                                               oi_id=oi.id if oi else None),
                           f"Unité « {name} » créée dans « {where} ».")

        self.app.push_screen(AskText(f"Nom de la nouvelle unité élémentaire (dans « {where} »)"), create)

    def action_rename(self) -> None:
        node = self.selected()
        if node is None:
            return

        def rename(name: str | None) -> None:
            if name and name != node.nom:
                self.write(lambda session: storage.rename(session, self.app.settings.user, node.kind, node.id,
                                                          name, expected=node.nom),
                           f"« {node.nom} » renommé en « {name} ».")

        self.app.push_screen(AskText("Nouveau nom", node.nom), rename)

    def action_duplicate(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return

        def duplicate(name: str | None) -> None:
            if name:
                self.write(lambda session: storage.duplicate_unit(session, self.app.settings.user, unit.id, name),
                           f"Unité « {name} » créée, copie de « {unit.nom} » (à relire).")

        self.app.push_screen(AskText(f"Nom de la copie de « {unit.nom} »", f"{unit.nom} (copie)",
                                     "La copie reprend toutes les réponses ; elle repart en brouillon."), duplicate)

    def action_close_unit(self) -> None:
        node = self.selected()
        if node is None:
            return
        user = self.app.settings.user
        if node.closed_on is not None:
            def reopen(yes: bool | None) -> None:
                if yes:
                    self.write(lambda session: storage.reopen(session, user, node.kind, node.id),
                               f"« {node.nom} » rouvert.")

            self.app.push_screen(Confirm(f"Rouvrir « {node.nom} » ?"), reopen)
            return

        def close(yes: bool | None) -> None:
            if yes:
                self.write(lambda session: storage.close(session, user, node.kind, node.id, date.today()),
                           f"« {node.nom} » fermé à la date du jour.")

        below = "" if node.kind == "unit" else " et tout ce qu'il contient"
        self.app.push_screen(Confirm(f"Fermer « {node.nom} »{below} à la date d'aujourd'hui ?"), close)

    def action_summary(self) -> None:
        from ror_assistant.tui.screens.summary import SummaryScreen

        unit = self.selected_unit()
        if unit is None:
            return
        engine = self.app.attempt(lambda: self.app.open_interview(unit.id))
        if engine is None:
            return

        def change(question_id: str | None) -> None:
            if question_id:
                self.action_open_interview(question_id)

        self.app.push_screen(SummaryScreen(engine), change)

    def action_dashboard(self) -> None:
        from ror_assistant.tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def action_review_sheet(self) -> None:
        unit = self.selected_unit()
        if unit is not None:
            self.app.deliver_review_sheet(unit.id, unit.nom)

    def action_validation(self) -> None:
        from ror_assistant.tui.screens.validation import ValidationScreen

        unit = self.selected_unit()
        if unit is not None:
            self.app.push_screen(ValidationScreen(unit.id, unit.nom))
