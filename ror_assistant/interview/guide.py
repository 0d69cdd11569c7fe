"""Guides: a few yes / no questions that find a code when the person's words name none.

People tell a mode de prise en charge in more ways than any list of phrases foresees (« ils
viennent juste dormir », « on les garde le temps du bilan »): on text never seen, the matcher
ranks such answers right one time in five at best (docs/matching.md). Rather than guess, the
interview asks what decides the mode in the ROR's own definitions — do the patients sleep here,
is it their home, do they come without an appointment — and proposes the code the answers lead
to. The guide is data (``guide`` of a question in ``dialogs/``); this module only walks it.
"""

from __future__ import annotations

from ror_assistant.description import UnitDescription
from ror_assistant.interview.dialog import Condition, Dialog, GuideStep, Question

#: What a guide step leads to: the id of the next step, or the codes found.
Outcome = str | tuple[str, ...]


def holds(condition: Condition, dialog: Dialog, unit: UnitDescription) -> bool:
    """True when ``unit`` has one of the condition's codes for its (earlier) question."""
    if condition.question is None:
        return False
    asked = dialog.question(condition.question)
    return bool({answer.code for answer in unit.codes(asked.attribute)} & set(condition.codes or ()))


def step(question: Question, step_id: str) -> GuideStep:
    return next(item for item in question.guide if item.id == step_id)


def follow(question: Question, step_id: str, yes: bool) -> Outcome:
    """Where answering ``yes`` (or no) to step ``step_id`` leads."""
    current = step(question, step_id)
    outcome = current.if_yes if yes else current.if_no
    return outcome if isinstance(outcome, str) else tuple(outcome)


def settle(question: Question, outcome: Outcome, dialog: Dialog, unit: UnitDescription) -> Outcome:
    """Go on from ``outcome`` through the steps the unit's answers already settle (``yes_when`` /
    ``no_when``): the first step that must be asked, or the codes found."""
    while isinstance(outcome, str):
        current = step(question, outcome)
        if any(holds(condition, dialog, unit) for condition in current.yes_when):
            outcome = follow(question, outcome, True)
        elif any(holds(condition, dialog, unit) for condition in current.no_when):
            outcome = follow(question, outcome, False)
        else:
            return outcome
    return outcome
