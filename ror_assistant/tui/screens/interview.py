"""Describe one unit: the chat so far, the current question, the answer line, live proposals.

Everything the screen shows comes from the :class:`~ror_assistant.interview.engine.Interview`
(question, help, proposals, flags, summary) and every key is forwarded to it (submit, confirm,
back, skip, undo, goto). Enter takes the first proposal, a digit the proposal of that number;
the opening free description lists all it understood and Enter keeps them all.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static

from ror_assistant.interview.answers import service_above
from ror_assistant.interview.engine import Interview, Reply
from ror_assistant.interview.parsing import parse_numbers, parse_yes_no
from ror_assistant.tui.keys import INTERVIEW_BINDINGS
from ror_assistant.tui.widgets.common.dialogs import Confirm
from ror_assistant.tui.widgets.common.flags import FlagsPanel
from ror_assistant.tui.widgets.interview.answer_input import AnswerInput
from ror_assistant.tui.widgets.interview.conversation import Conversation
from ror_assistant.tui.widgets.interview.proposals import ProposalList
from ror_assistant.tui.widgets.interview.question_help import QuestionHelp

#: Kinds whose proposals are refreshed while typing and picked by number.
LIVE_KINDS = frozenset({"coded", "choice"})


class InterviewScreen(Screen[None]):
    """The interview of one unit, driven by ``engine``."""

    BINDINGS = INTERVIEW_BINDINGS

    def __init__(self, engine: Interview) -> None:
        super().__init__()
        self.engine = engine
        #: True while the proposals of a free description wait for « Entrée » or numbers.
        self.awaiting_choice = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="interview-body"):
            yield Conversation(id="conversation")
            yield FlagsPanel(id="missing-panel")
        yield Static(id="question", markup=False)
        yield QuestionHelp(id="question-help")
        yield AnswerInput(id="answer-input")
        yield ProposalList(id="proposals", classes="-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # the service the assistant reads the answers with (answers.service_above) follows the
        # unit's name, which a narrow header must not cut first
        unit = self.engine.unit
        above = service_above(self.engine.matcher, unit.nom, unit.oi_path)
        self.sub_title = f"{unit.nom} · {above}" if above else unit.nom
        conversation = self.query_one(Conversation)
        for item in self.engine.summary():
            if item.values:
                conversation.add_question(item.question.title)
                conversation.add_answer(" ; ".join(item.values))
        self.show_question()
        self.query_one(Conversation).border_title = "Entretien"
        self.query_one(FlagsPanel).border_title = "Critères ANS"
        self.query_one(AnswerInput).focus()

    # -- what is shown ----------------------------------------------------------------------
    def show_question(self) -> None:
        """Question, help, side panel and an empty answer line, as the engine now stands."""
        engine = self.engine
        self.query_one("#question", Static).update(engine.prompt())
        self.query_one(QuestionHelp).text = engine.help() if not engine.finished else ""
        flags = engine.flags
        self.query_one(FlagsPanel).show_flags(flags.status, flags.by_code)
        answer = self.query_one(AnswerInput)
        answer.value = ""
        suggestion = engine.suggestion()
        if engine.guiding:
            answer.placeholder = "oui ou non, puis Entrée · « je ne sais pas » : les plus courants"
        elif suggestion is not None:
            answer.placeholder = f"Votre réponse, ou Entrée pour « {suggestion.proposals[0].label} »"
        else:
            answer.placeholder = "Votre réponse, puis Entrée"
        self.show_proposals(())

    def show_proposals(self, proposals, typed: str = "") -> None:
        self.query_one(ProposalList).show(proposals, typed)
        self.query_one(AnswerInput).proposal_count = len(proposals)

    def help_text(self) -> str:
        """F1: the question's help and example, then how to answer with the keyboard."""
        engine = self.engine
        title = engine.question.title if engine.question else "Entretien terminé"
        return (f"## {title}\n\n{engine.prompt()}\n\n{engine.help()}\n\n"
                "Tapez votre réponse : les propositions se mettent à jour pendant la frappe. "
                "**Entrée** prend la première, un **chiffre** (après des lettres) prend la proposition "
                "de ce numéro, **↓** permet de choisir dans la liste. Une ligne vide passe à la suite "
                "quand la question a déjà une réponse.")

    # -- typing and answering ----------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        """Hot path (< 16 ms, see benchmarks/bench_tui.py): engine.propose, then redraw the list."""
        if self.awaiting_choice or self.engine.question is None or self.engine.question.kind not in LIVE_KINDS:
            return
        self.show_proposals(self.engine.propose(event.value), event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.awaiting_choice:
            numbers = parse_numbers(text) if text else None
            yes_no = parse_yes_no(text) if text else None
            if not text or numbers or yes_no:
                self.run_engine(lambda: self.engine.confirm(numbers), answer=text or "tout")
                return
            self.awaiting_choice = False
            if yes_no is False:  # « non » to what is listed: nothing recorded, the question again
                self.engine.pending = ()
                self.show_proposals(())
                self.query_one(Conversation).add_message("D'accord, rien n'est enregistré. Reformulez votre réponse.")
                self.show_question()
                return
        self.answer(text)

    def on_answer_input_pick(self, event: AnswerInput.Pick) -> None:
        self.answer(self.query_one(AnswerInput).value.strip(), choice=event.number)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        number = event.option_index + 1
        if self.awaiting_choice:
            self.run_engine(lambda: self.engine.confirm([number]), answer=str(number))
        else:
            self.answer(self.query_one(AnswerInput).value.strip(), choice=number)
        self.query_one(Conversation).border_title = "Entretien"
        self.query_one(FlagsPanel).border_title = "Critères ANS"
        self.query_one(AnswerInput).focus()

    def answer(self, text: str, choice: int | None = None) -> None:
        """Submit ``text``; take proposal ``choice`` (default the first) unless it is the opening
        description, whose proposals are listed for the person to keep all or some."""
        engine = self.engine
        opening = engine.question is not None and engine.question.kind == "opening"
        asked = engine.prompt() if engine.question is not None and text else None
        had_second_unit = engine.second_unit is not None
        reply = self.app.attempt(lambda: engine.submit(text))
        if reply is None:
            return
        if reply.kind == "proposals" and opening:
            self.after(reply, asked=asked, answer=text)
            self.awaiting_choice = True
            self.show_proposals(reply.proposals)
            self.query_one(AnswerInput).placeholder = "Entrée : tout garder · ou les numéros à garder, ex. « 1 3 »"
            return
        if reply.kind == "proposals" and (not text or reply.to_choose):
            # what the other answers or a guide point to: shown, never taken without a second Enter
            self.after(reply, asked=asked, answer=text)
            self.awaiting_choice = True
            self.show_proposals(reply.proposals)
            self.query_one(AnswerInput).placeholder = (
                "Entrée : garder la proposition · ou tapez une autre réponse" if len(reply.proposals) == 1
                else "Entrée : la première · un numéro pour une autre · ou tapez une autre réponse")
            return
        if reply.kind == "proposals":
            if engine.second_unit is not None and not had_second_unit:
                self.query_one(Conversation).add_message(reply.message)
            elif reply.note:  # taken at once: still say why it reads so (the champ's terms)
                self.query_one(Conversation).add_message(reply.note)
            self.run_engine(lambda: engine.confirm([choice or 1]), asked=asked, answer=text)
            return
        self.after(reply, asked=asked, answer=text)

    def run_engine(self, action: Callable[[], Reply], *, asked: str | None = None, answer: str = "") -> None:
        reply = self.app.attempt(action)
        if reply is not None:
            self.after(reply, asked=asked, answer=answer)

    def after(self, reply: Reply, *, asked: str | None = None, answer: str = "") -> None:
        """Write the turn into the chat and show where the engine now is; a refused answer
        stays on the line to be corrected."""
        conversation = self.query_one(Conversation)
        if reply.kind == "invalid":
            conversation.add_message(reply.message, error=True)
            return
        if asked:
            conversation.add_question(asked)
        if answer:
            conversation.add_answer(answer)
        if reply.message:
            conversation.add_message(reply.message)
        if reply.kind == "proposals":
            self.query_one(AnswerInput).value = ""
            return
        self.awaiting_choice = False
        self.show_question()
        if reply.kind == "finished" and self.engine.second_unit is not None:
            self.offer_second_unit()

    def offer_second_unit(self) -> None:
        label = self.engine.second_unit.label

        def create(yes: bool | None) -> None:
            if yes and self.app.attempt(self.engine.create_second_unit) is not None:
                self.app.notify(f"Seconde unité « {label} » créée avec les réponses communes.")

        self.app.push_screen(Confirm(f"Créer une seconde unité pour « {label} », avec les réponses communes ?"),
                             create)

    # -- keys ---------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.run_engine(self.engine.back)

    def action_skip(self) -> None:
        self.run_engine(self.engine.skip)

    def action_undo(self) -> None:
        self.run_engine(self.engine.undo)

    def action_focus_proposals(self) -> None:
        proposals = self.query_one(ProposalList)
        if proposals.option_count:
            proposals.focus()

    def action_summary(self) -> None:
        from ror_assistant.tui.screens.summary import SummaryScreen

        def jump(question_id: str | None) -> None:
            if question_id:
                self.run_engine(lambda: self.engine.goto(question_id))

        self.app.push_screen(SummaryScreen(self.engine), jump)

    def action_leave(self) -> None:
        self.dismiss(None)
