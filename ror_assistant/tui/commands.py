"""Command palette (ctrl+p): the actions of the screens, and « Décrire … » for every open UE.

Typing part of a unit's name and Enter opens its interview from anywhere: the quickest way
through a large establishment without walking the tree. The unit list is read once when the
palette opens.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ror_assistant import storage
from ror_assistant.storage import TreeNode


def open_units(roots: list[TreeNode]) -> list[tuple[TreeNode, str]]:
    """Every open UE with the path of names above it (``Pôle médecine › Oncologie``)."""
    found: list[tuple[TreeNode, str]] = []
    stack = [(node, "") for node in reversed(roots)]
    while stack:
        node, path = stack.pop()
        if node.closed_on is not None:
            continue
        if node.kind == "unit":
            found.append((node, path))
        inner = path
        if node.kind == "oi":
            inner = f"{path} › {node.nom}" if path else node.nom
        stack.extend((child, inner) for child in reversed(node.children))
    return found


class RorCommands(Provider):
    """Screen actions (those with a binding description) and one command per open unit."""

    async def startup(self) -> None:
        with self.app.database.read() as session:
            roots = storage.tree(session, include_closed=False)
        self._units = open_units(roots)

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.description and binding.action != "command_palette" and active.enabled:
                key = self.app.get_key_display(binding)
                commands.append((binding.description, f"touche {key}",
                                 partial(active.node.run_action, binding.action)))
        for unit, path in self._units:
            commands.append((f"Décrire {unit.nom}", path or "unité élémentaire",
                             partial(self.app.describe_unit, unit.id)))
        return list({title: (title, help, run) for title, help, run in commands}.values())

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
