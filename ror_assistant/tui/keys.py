"""Every key binding of the app, each with an id, and the user's remapping file.

Over SSH, from PuTTY or Windows Terminal, some keys never reach the app (Home/End inside tmux,
ctrl+enter, alt combinations). So defaults stick to letters, digits, F1–F10 and ctrl+letter, and
anyone can remap a binding by its id in ``keys.toml`` in the configuration directory::

    "interview.back" = "f6"
    "home.new_unit" = "n,ctrl+n"

The ids are stable: they are the contract with users' files, like Posting's keymap.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.binding import Binding

from ror_assistant.errors import UserError
from ror_assistant.settings import default_config_dir

KEYS_FILE = "keys.toml"

#: First binding of every screen, so « F1 Aide » leads the footer; the help screen lists the rest.
HELP = Binding("f1", "app.help", "Aide", id="app.help", priority=True)

APP_BINDINGS = [
    Binding("ctrl+q", "quit", "Quitter", id="app.quit", priority=True),
    # Not shown in the bindings list: the footer already shows it on its right.
    Binding("ctrl+p", "command_palette", "Commandes", id="app.palette", priority=True, show=False),
]

HOME_BINDINGS = [
    HELP,
    Binding("enter", "open_interview", "Décrire", id="home.open"),
    Binding("n", "new_unit", "Nouvelle UE", id="home.new_unit"),
    Binding("r", "rename", "Renommer", id="home.rename"),
    Binding("d", "duplicate", "Dupliquer", id="home.duplicate"),
    Binding("f", "close_unit", "Fermer", id="home.close"),
    Binding("s", "summary", "Récapitulatif", id="home.summary"),
    Binding("t", "dashboard", "Tableau de bord", id="home.dashboard"),
    Binding("v", "review_sheet", "Fiche de revue", id="home.review_sheet"),
    # Not in the footer (full at 80 columns): listed by F1 and in the details panel hint.
    Binding("e", "validation", "Validation (fiche, décisions, historique)", id="home.validation", show=False),
]

INTERVIEW_BINDINGS = [
    HELP,
    Binding("f2", "back", "Précédente", id="interview.back", priority=True),
    Binding("f3", "skip", "Passer", id="interview.skip", priority=True),
    Binding("ctrl+z,f4", "undo", "Annuler", id="interview.undo", priority=True),
    Binding("f5", "summary", "Récapitulatif", id="interview.summary", priority=True),
    Binding("escape", "leave", "Accueil", id="interview.leave"),
    Binding("down", "focus_proposals", "Propositions", show=False, id="interview.proposals"),
]

SUMMARY_BINDINGS = [
    HELP,
    Binding("enter", "change_answer", "Modifier", id="summary.change"),
    Binding("v", "review_sheet", "Fiche de revue", id="summary.review_sheet"),
    Binding("escape", "close", "Retour", id="summary.close"),
]

DASHBOARD_BINDINGS = [
    HELP,
    Binding("enter", "open_unit", "Décrire", id="dashboard.open"),
    Binding("escape", "close", "Retour", id="dashboard.close"),
]

#: The validation modal of a UE: one key per workflow transition, whatever the status (a move
#: the workflow refuses is explained, not hidden), plus the status history.
VALIDATION_BINDINGS = [
    HELP,
    Binding("e", "issue", "Émettre", id="validation.issue"),
    Binding("c", "validate", "Chef", id="validation.validate"),
    Binding("x", "corrections", "Corrections", id="validation.corrections"),
    Binding("d", "approve", "Direction", id="validation.approve"),
    Binding("p", "ready", "Prête", id="validation.ready"),
    # Listed in the modal itself; the footer is full at 80 columns.
    Binding("h", "history", "Historique", id="validation.history", show=False),
    Binding("escape", "close", "Fermer", id="validation.close"),
]

HISTORY_BINDINGS = [
    Binding("escape", "close", "Fermer", id="history.close"),
]

DIALOG_BINDINGS = [
    Binding("escape", "cancel", "Annuler", id="dialog.cancel"),
]

ALL_BINDINGS = (APP_BINDINGS + HOME_BINDINGS + INTERVIEW_BINDINGS + SUMMARY_BINDINGS + DASHBOARD_BINDINGS
                + VALIDATION_BINDINGS + HISTORY_BINDINGS + DIALOG_BINDINGS)
BINDING_IDS = frozenset(binding.id for binding in ALL_BINDINGS if binding.id)


def keys_file(config_dir: Path | None = None) -> Path:
    return (config_dir or default_config_dir()) / KEYS_FILE


def load_keymap(path: Path) -> dict[str, str]:
    """Read the user's remapping; a missing file means no remapping.

    Unknown ids are refused rather than ignored, so a typo does not silently leave a key
    unreachable for someone who cannot use the default one.
    """
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"Fichier de touches {path} illisible : {error}",
                        'écrivez une ligne par raccourci, par exemple "interview.back" = "f6"') from error
    keymap: dict[str, str] = {}
    for binding_id, keys in data.items():
        if binding_id not in BINDING_IDS:
            known = ", ".join(sorted(BINDING_IDS))
            raise UserError(f"Fichier de touches {path} : raccourci inconnu « {binding_id} ».",
                            f"utilisez l'un de : {known}")
        if not isinstance(keys, str) or not keys.strip():
            raise UserError(f"Fichier de touches {path} : la touche de « {binding_id} » doit être un texte non vide.",
                            f'par exemple "{binding_id}" = "f6"')
        keymap[binding_id] = keys
    return keymap
