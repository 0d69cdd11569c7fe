"""Right of the tree: what the selected level is, and for a UE its statuses and criteria."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from ror_assistant.storage import TreeNode
from ror_assistant.tui.widgets.common.flags import flags_text
from ror_assistant.tui.widgets.home.structure_tree import OI_TYPES
from ror_assistant.workflow import status_label

if TYPE_CHECKING:  # progress is loaded after the first paint (see screens/home.py)
    from ror_assistant.progress.dashboard import UnitProgress

LEVEL_NAMES = {"ej": "Entité juridique", "eg": "Entité géographique", "unit": "Unité élémentaire"}


def count_units(node: TreeNode) -> tuple[int, int]:
    """(open units, units closed) below ``node``."""
    stack, open_units, closed = list(node.children), 0, 0
    while stack:
        child = stack.pop()
        if child.kind == "unit":
            open_units += child.closed_on is None
            closed += child.closed_on is not None
        stack.extend(child.children)
    return open_units, closed


def details_text(node: TreeNode | None, progress: UnitProgress | None) -> str:
    if node is None:
        return "Aucun établissement.\n\nCréez-en un avec ror-assistant import-finess, ou essayez ror-assistant demo."
    level = OI_TYPES.get(node.type_oi or "", "Organisation interne") if node.kind == "oi" else LEVEL_NAMES[node.kind]
    lines = [level, node.nom]
    if node.finess:
        lines.append(f"FINESS {node.finess}")
    if node.closed_on is not None:
        lines.append(f"Fermé le {node.closed_on:%d/%m/%Y}")
    if node.kind != "unit":
        open_units, closed = count_units(node)
        lines += ["", f"{open_units} UE ouverte(s)" + (f", {closed} fermée(s)" if closed else "")]
        return "\n".join(lines)
    lines += ["", f"Suivi : {status_label(node.status or '')}"]
    if node.closed_on is None:
        lines.append("Entrée : décrire l'unité")
    if progress is None:
        lines.append("Statut ANS : calcul…")
    else:
        lines.append(flags_text(progress.status, progress.flags))
        if progress.note:
            lines += ["", progress.note]
    return "\n".join(lines)


class NodeDetails(Static):
    def show(self, node: TreeNode | None, progress: UnitProgress | None) -> None:
        self.update(details_text(node, progress))
