"""The establishment tree: EJ → EG → pôles → services → UE, each UE with its status.

Built from ``storage.tree`` (structure and workflow status) and, once the nomenclatures are
loaded, from the progress dashboard (ANS status and how many criteria are met), so the tree is
usable at once and the ANS badges follow a moment later. Reloading keeps the cursor and the
open branches where they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode as UiNode

from ror_assistant.storage import TreeNode
from ror_assistant.textfold import fold

if TYPE_CHECKING:  # progress is loaded after the first paint (see screens/home.py)
    from ror_assistant.progress.dashboard import UnitProgress

OI_TYPES = {"1": "Pôle", "2": "Service", "3": "UF"}
LEVELS = {"ej": "EJ", "eg": "EG", "unit": "UE"}


def completeness(progress: UnitProgress) -> tuple[int, int]:
    """(criteria met, criteria that apply) among the ANS flags of a unit."""
    applicable = [met for met in progress.flags.values() if met is not None]
    return sum(bool(met) for met in applicable), len(applicable)


#: ANS status of a unit as one symbol, so the badge survives a narrow tree and no colour.
#: Keyed by the values of ``rules.peuplement.Status`` (a StrEnum, so its members look these up):
#: importing the rules for three symbols would cost the first screen ~20 ms; tests/test_startup.py
#: checks every status has its symbol.
STATUS_SYMBOLS = {"Finalisé": "●", "En cours": "◐", "À faire": "○"}


def node_label(node: TreeNode, progress: UnitProgress | None) -> Text:
    """``◐ 4/6 Hospitalisation complète`` for a UE (ANS status, criteria met), ``EG Site…``
    above; the level's kind is left out when its name already says it (« Pôle médecine »)."""
    label = Text()
    if node.kind == "unit":
        if node.closed_on is not None:
            label.append("✗ fermée ", style="italic")
        elif progress is None:
            label.append("… ", style="dim")
        else:
            met, total = completeness(progress)
            label.append(f"{STATUS_SYMBOLS[progress.status]} {met}/{total} ", style="bold")
        label.append(node.nom)
        return label
    kind = OI_TYPES.get(node.type_oi or "", "OI") if node.kind == "oi" else LEVELS[node.kind]
    if not fold(node.nom).startswith(fold(kind)):
        label.append(f"{kind} ", style="dim")
    label.append(node.nom, style="bold")
    if node.closed_on is not None:
        label.append(f" (fermé le {node.closed_on:%d/%m/%Y})", style="italic")
    return label


class StructureTree(Tree[TreeNode]):
    """The structure; each tree node's ``data`` is the storage :class:`TreeNode`."""

    def __init__(self, **kwargs) -> None:
        super().__init__("Établissements", **kwargs)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self.progress: Mapping[int, UnitProgress] = {}
        self._roots: list[TreeNode] = []

    def load(self, roots: list[TreeNode], progress: Mapping[int, UnitProgress] | None = None) -> None:
        """Rebuild from ``roots``; new or first-time branches open, closed ones stay closed."""
        if progress is not None:
            self.progress = progress
        selected = self.selected_key()
        collapsed = {key for key, node in self._nodes_by_key() if not node.is_expanded and node.children}
        self._roots = roots
        self.clear()
        cursor = None
        stack: list[tuple[UiNode, TreeNode]] = [(self.root, node) for node in reversed(roots)]
        while stack:
            parent, node = stack.pop()
            key = (node.kind, node.id)
            label = node_label(node, self.progress.get(node.id) if node.kind == "unit" else None)
            ui = parent.add(label, data=node, expand=key not in collapsed, allow_expand=bool(node.children))
            if key == selected:
                cursor = ui
            stack.extend((ui, child) for child in reversed(node.children))
        self.root.expand()
        if cursor is not None:
            self.call_after_refresh(self.move_cursor, cursor)
        elif self.root.children:
            self.call_after_refresh(self.move_cursor, self.root.children[0])

    def show_progress(self, progress: Mapping[int, UnitProgress]) -> None:
        self.load(self._roots, progress)

    def selected_key(self) -> tuple[str, int] | None:
        node = self.cursor_node
        if node is None or node.data is None:
            return None
        return node.data.kind, node.data.id

    def _nodes_by_key(self):
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data is not None:
                yield (node.data.kind, node.data.id), node
            stack.extend(node.children)

    def ancestor(self, kind: str) -> TreeNode | None:
        """The nearest level of ``kind`` at or above the cursor (e.g. the EG of a service)."""
        node = self.cursor_node
        while node is not None and node.data is not None:
            if node.data.kind == kind:
                return node.data
            node = node.parent
        return None
