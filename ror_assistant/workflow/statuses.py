"""What each workflow status is called, and what the next step is, in French.

Kept apart from the transitions (no database here) so the TUI, the CLI, the review sheet and
the progress reports all show a unit's status with the same words.
"""

from __future__ import annotations

#: French label of each status of :data:`ror_assistant.storage.models.STATUSES`, in workflow order.
STATUS_LABELS: dict[str, str] = {
    "brouillon": "Brouillon",
    "a_valider": "À valider",
    "validee_chef": "Validée par le chef de service",
    "corrections": "Corrections demandées",
    "validee_direction": "Validée par la direction",
    "prete": "Prête pour le ROR",
}

#: What to do next from each status: the hint of every refused transition.
NEXT_STEPS: dict[str, str] = {
    "brouillon": "émettez d'abord la fiche de relecture : ror-assistant fiche --unite {unit_id}",
    "a_valider": "faites relire la fiche par le chef de service, puis enregistrez sa décision : "
                 "ror-assistant valider --unite {unit_id} (ou corrections --unite {unit_id})",
    "corrections": "corrigez les points signalés dans l'entretien, puis émettez une nouvelle fiche : "
                   "ror-assistant fiche --unite {unit_id}",
    "validee_chef": "faites valider par la direction : ror-assistant approuver --unite {unit_id}",
    "validee_direction": "marquez l'unité prête pour le ROR : ror-assistant prete --unite {unit_id}",
    "prete": "rien à faire : l'unité est prête pour le ROR.",
}


def status_label(status: str) -> str:
    """The French label of ``status`` (the raw value if a newer version added one)."""
    return STATUS_LABELS.get(status, status)


def next_step(status: str, unit_id: int | None) -> str:
    """What the référent should do next for a unit in ``status``."""
    return NEXT_STEPS.get(status, "").format(unit_id=unit_id if unit_id is not None else "ID")
