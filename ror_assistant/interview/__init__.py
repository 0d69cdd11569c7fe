"""The interview engine: questions from ``dialogs/``, proposals from the matcher, one write per
confirmed answer. Public API documented in docs/interview.md; no front end code here."""

from ror_assistant.interview.answers import Proposal, TelecomValue
from ror_assistant.interview.dialog import Dialog, Question, bundled_dialog, load_dialog
from ror_assistant.interview.engine import FINISHED_STEP, Interview, Reply, SummaryItem

__all__ = ["FINISHED_STEP", "Dialog", "Interview", "Proposal", "Question", "Reply", "SummaryItem",
           "TelecomValue", "bundled_dialog", "load_dialog"]
