"""The validation workflow of a UE, from draft to "prête pour le ROR".

Public API (used by the CLI, the TUI and the interview):

* :data:`STATUS_LABELS`, :func:`status_label` — French names of the statuses;
* :func:`issue`, :func:`validate`, :func:`request_corrections`, :func:`approve`,
  :func:`mark_ready` — the transitions, each refused with a :class:`WorkflowError` in French;
* :func:`events`, :func:`describe_event` — the status history, voided validations included;
* :func:`open_comments` — corrections asked per item, for the next interview.
"""

from ror_assistant.workflow.statuses import NEXT_STEPS, STATUS_LABELS, next_step, status_label
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ror_assistant.workflow.transitions import (
        TRANSITIONS,
        Transition,
        WorkflowError,
        approve,
        comments_text,
        describe_event,
        events,
        issue,
        last_issue,
        mark_ready,
        open_comments,
        request_corrections,
        validate,
    )

#: Loaded on first use: the transitions pull storage, review, interview and matching (~45 ms),
#: which a screen showing a status label does not need.
_TRANSITION_NAMES = frozenset({
    "TRANSITIONS", "Transition", "WorkflowError", "approve", "comments_text", "describe_event", "events",
    "issue", "last_issue", "mark_ready", "open_comments", "request_corrections", "validate",
})


def __getattr__(name: str) -> object:
    if name in _TRANSITION_NAMES:
        from ror_assistant.workflow import transitions

        value = getattr(transitions, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "NEXT_STEPS",
    "STATUS_LABELS",
    "TRANSITIONS",
    "Transition",
    "WorkflowError",
    "approve",
    "comments_text",
    "describe_event",
    "events",
    "issue",
    "last_issue",
    "mark_ready",
    "next_step",
    "open_comments",
    "request_corrections",
    "status_label",
    "validate",
]
