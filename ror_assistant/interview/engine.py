"""The interview engine: one unit, one current question, proposals to confirm, nothing else.

Front ends (Textual screen, plain line mode, tests) only display what the engine says and
forward what the person types; every business decision is here or below. The engine holds the
proposals of the last submission in memory and writes nothing until one is confirmed; each
confirmation is one short write transaction that also records the next question
(``set_interview_step``), so killing the process loses at most the line being typed and a new
engine resumes on the same question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import jinja2
from sqlmodel import Session

from ror_assistant.description import UnitDescription
from ror_assistant.errors import ConflictError, UserError
from ror_assistant.interview import answers, guide
from ror_assistant.interview.answers import Proposal
from ror_assistant.interview.dialog import Dialog, Question, bundled_dialog
from ror_assistant.interview.horaires import parse_horaires
from ror_assistant.interview.parsing import (
    address_label,
    parse_address,
    parse_dont_know,
    parse_number,
    parse_yes_no,
)
from ror_assistant.matching import Matcher, MatchResult
from ror_assistant.matching.aliases import learn_confirmation
from ror_assistant.nomenclature import Catalog, load_catalog
from ror_assistant.rules.validation import Checked, check_postal_code
from ror_assistant.storage import Database
from ror_assistant.textfold import fold

ReplyKind = Literal["proposals", "invalid", "saved", "moved", "finished"]

#: Stored as the interview step once every question has been gone through.
FINISHED_STEP = "(terminé)"

#: How many candidates a coded question shows at most.
PROPOSAL_LIMIT = 5

_TEMPLATES = jinja2.Environment(autoescape=False, undefined=jinja2.ChainableUndefined)


@lru_cache(maxsize=256)
def _template(text: str) -> jinja2.Template:
    """A question text compiled once (the dialog loader already checked its syntax)."""
    return _TEMPLATES.from_string(text)


@dataclass(frozen=True)
class Reply:
    """What the engine answers to one action: a kind, a French message, proposals to confirm
    (numbered from 1 by front ends) and the question now current (None when finished).

    ``to_choose`` marks proposals the person's words did not name (the end of a guide, the usual
    codes offered, the unit's name read where the words read nothing): a front end that takes
    the first proposal on Enter shows these and waits."""

    kind: ReplyKind
    message: str = ""
    proposals: tuple[Proposal, ...] = ()
    question: Question | None = None
    to_choose: bool = False
    note: str = ""
    """Why the first proposal reads the words as it does (« Unité du champ « Médico-social
    (MS) » : on y parle d'« Accueil de jour » … »): a front end that takes it at once shows this."""


@dataclass(frozen=True)
class SummaryItem:
    """One line of the summary: a question, what is recorded for it, whether it still lacks."""

    question: Question
    values: tuple[str, ...]
    applies: bool
    missing: bool


@dataclass
class _Change:
    """A confirmed change and how to take it back (``annuler``)."""

    question_id: str
    label: str
    revert: answers.Revert


@dataclass
class Interview:
    """The interview of one UE. Build it with :meth:`open`; drive it with :meth:`submit`,
    :meth:`confirm`, :meth:`back`, :meth:`skip`, :meth:`goto`, :meth:`undo`."""

    db: Database
    unit_id: int
    user: str
    dialog: Dialog
    catalog: Catalog
    matcher: Matcher
    unit: UnitDescription
    question: Question | None
    ej_id: int | None = None
    remarks_by_item: dict[str, list[str]] = field(default_factory=dict)
    pending: tuple[Proposal, ...] = ()
    _match: MatchResult | None = None
    second_unit: Proposal | None = None
    _changes: list[_Change] = field(default_factory=list)
    _guide: list[str] = field(default_factory=list)
    """Steps of the current question's guide asked so far, the one waiting for oui / non last."""
    _guide_match: MatchResult | None = None
    """The answer that started the guide: the code the guide leads to is learnt for it."""

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, db: Database, unit_id: int, user: str, *, dialog: Dialog | None = None,
             matcher: Matcher | None = None, catalog: Catalog | None = None) -> Interview:
        """Start or resume the interview of unit ``unit_id`` on the question stored for it."""
        catalog = catalog or load_catalog()
        dialog = dialog or bundled_dialog()
        unit = answers.describe(db, unit_id)
        step = unit.interview_step
        engine = cls(db=db, unit_id=unit_id, user=user, dialog=dialog, catalog=catalog,
                     matcher=matcher or Matcher.default(), unit=unit, question=None,
                     ej_id=answers.ej_of(db, unit), remarks_by_item=_open_remarks(db, unit_id))
        if step == FINISHED_STEP:
            engine.question = None
        elif step in {question.id for question in dialog.questions} and engine._applies(dialog.question(step)):
            engine.question = dialog.question(step)
        elif step is None and dialog.questions[0].kind == "opening":
            engine.question = dialog.questions[0]
        else:
            engine.question = engine._next_missing(-1)
        return engine

    # -- what the front end shows -----------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.question is None

    @property
    def guiding(self) -> bool:
        """True while the current question's guide waits for a oui / non (:meth:`prompt` asks it)."""
        return bool(self._guide)

    def prompt(self) -> str:
        """The current question in plain French, rendered over the unit and earlier answers."""
        if self.question is None:
            return "L'entretien est terminé."
        if self._guide:
            return guide.step(self.question, self._guide[-1]).ask
        text = _template(self.question.text).render(unit=self.unit, answers=self._answers())
        return " ".join(text.split())

    def help(self) -> str:
        """Help of the current question, with its example and the words the person may type."""
        if self.question is None:
            return "L'entretien est terminé : tapez « résumé » pour relire les réponses."
        if self._guide:
            return (f"Répondez par « oui » ou par « non » pour trouver « {self.question.title} ». "
                    "« je ne sais pas » montre les réponses les plus courantes ; « retour » revient à "
                    "la question d'avant ; vous pouvez aussi répondre directement avec vos mots.")
        lines = [self.question.help]
        if self.question.example:
            lines.append(f"Exemple : {self.question.example}")
        if self.question.kind == "choice":
            lines.append("Choix possibles : " + " ; ".join(
                f"{number}. {label}" for number, (_, label) in enumerate(self._choices(), start=1)))
        return "\n".join(lines)

    def remarks(self, question: Question | None = None) -> list[str]:
        """Corrections asked at review and not settled yet about ``question`` (default: the
        current one), as « texte » (qui, quand): the person sees them where they apply."""
        from ror_assistant.review.items import item_key

        question = question or self.question
        return [] if question is None else self.remarks_by_item.get(item_key(question.attribute), [])

    @property
    def general_remarks(self) -> list[str]:
        """Review remarks about the whole unit or its name, shown when the interview opens."""
        from ror_assistant.review.items import GENERAL_ITEM, NAME_ITEM

        return [*self.remarks_by_item.get(GENERAL_ITEM, []), *self.remarks_by_item.get(NAME_ITEM, [])]

    @property
    def flags(self):
        """ANS peuplement flags of the unit as recorded now (rules.unit_flags)."""
        from ror_assistant.rules import unit_flags

        return unit_flags(self.unit, self.catalog)

    @property
    def warnings(self):
        """Quality warnings of the unit as recorded now (rules.unit_warnings)."""
        from ror_assistant.rules import unit_warnings

        return unit_warnings(self.unit, self.catalog)

    @property
    def missing(self) -> list[str]:
        """What the ANS criteria still lack, one French sentence per unmet flag."""
        return [reason.message for reason in self.flags.reasons]

    def summary(self) -> list[SummaryItem]:
        """Every question with what is recorded for it (the « résumé » of the front ends)."""
        items = []
        for question in self.dialog.questions:
            if question.kind == "opening":
                continue
            applies = self._applies(question)
            values = tuple(answers.recorded(self.unit, question, self.catalog))
            items.append(SummaryItem(question, values, applies, applies and question.required and not values))
        return items

    # -- live typing ----------------------------------------------------------------------
    def propose(self, text: str) -> tuple[Proposal, ...]:
        """Proposals for ``text`` on the current question without any write (called on every
        keystroke by the Textual screen: matcher only, no database)."""
        if self.question is None or not text.strip():
            return ()
        if self._guide and (parse_yes_no(text) is not None or parse_dont_know(text)):
            return ()
        if self.question.kind == "coded":
            found = answers.coded_proposals(self.matcher, self.question, text, PROPOSAL_LIMIT,
                                            unit_name=self.unit.nom, oi_path=self.unit.oi_path,
                                            champ=answers.champ_of(self.unit))
            if found.result.verdict == "none" and self.question.guide:
                return ()  # Enter starts the guide: no list of unrelated codes while typing
            return found.proposals
        if self.question.kind == "choice":
            return self._choice_proposals(text)
        return ()

    def suggestion(self) -> answers.Suggestion | None:
        """What the answers already given or the unit's name point to for the current question,
        if it has no answer yet (:func:`answers.suggestion`): front ends show it with the
        question, an empty line proposes it. Matcher only, no write."""
        question = self.question
        if question is None or self._guide or answers.recorded(self.unit, question, self.catalog):
            return None  # during a guide, the question asked is a oui / non
        return answers.suggestion(self.matcher, question, self.unit)

    # -- actions --------------------------------------------------------------------------
    def submit(self, text: str) -> Reply:
        """Interpret one line typed for the current question: proposals to confirm, a
        validation message, or (empty line on a question already answered) the next question."""
        question = self.question
        if question is None:
            return Reply("finished", "L'entretien est terminé.")
        text = text.strip()
        self.pending, self._match = (), None
        if self._guide:
            reply = self._answer_guide(question, text)
            if reply is not None:
                return reply
        if not text:
            if answers.recorded(self.unit, question, self.catalog) or not question.required:
                return self._move(self._next_missing(self.dialog.index(question.id)), "")
            suggestion = self.suggestion()
            if suggestion is not None:  # an empty line takes up what the other answers point to
                # nothing typed, nothing to learn: a unit's name is not an answer to remember
                self.pending, self._match = suggestion.proposals, None
                return Reply("proposals", suggestion.message, suggestion.proposals, question)
            return self._invalid("Cette question demande une réponse. Tapez « aide » pour un exemple.")
        handler = getattr(self, f"_submit_{question.kind}")
        return handler(question, text)

    def confirm(self, choices: Sequence[int] | None = None) -> Reply:
        """Record pending proposals: the numbers ``choices`` (from 1), or by default all of
        them after the opening question and the first one elsewhere. One write transaction."""
        if not self.pending:
            return self._invalid("Rien à confirmer : répondez d'abord à la question.")
        if choices is None:
            chosen = list(self.pending) if self._is_opening else [self.pending[0]]
        else:
            if not choices or any(not 1 <= number <= len(self.pending) for number in choices):
                return self._invalid(f"Choisissez un numéro entre 1 et {len(self.pending)}.")
            chosen = [self.pending[number - 1] for number in dict.fromkeys(choices)]
        if not self._is_opening and self.question and not self.question.multiple and len(chosen) > 1:
            return self._invalid("Une seule réponse est possible ici : choisissez un seul numéro.")
        return self._record(chosen)

    def pick(self, code: str) -> Reply:
        """Record a code typed directly (a person who knows the nomenclature)."""
        question = self.question
        if question is None or question.kind not in {"coded", "choice"}:
            return self._invalid("Cette question n'attend pas de code.")
        proposal = answers.proposal_for_code(self.catalog, question, code.strip())
        if proposal is None:
            return self._invalid(f"Le code « {code.strip()} » n'existe pas pour « {question.title} ».")
        self.pending = (proposal,)
        return self._record([proposal])

    def back(self) -> Reply:
        """Go to the previous question that applies (answered or not), to review it; inside a
        guide, to its previous step (or to the question itself from the first one)."""
        if self._guide and self.question is not None:
            self._guide.pop()
            self.pending = ()
            message = "" if self._guide else "Retour à la question ; répondez avec vos mots."
            return Reply("moved", message, question=self.question)
        start = self.dialog.index(self.question.id) if self.question else len(self.dialog.questions)
        for question in reversed(self.dialog.questions[:start]):
            if self._applies(question):
                return self._move(question, "")
        return self._invalid("Vous êtes à la première question.")

    def skip(self) -> Reply:
        """Leave an optional question unanswered and go on."""
        if self.question is None:
            return Reply("finished", "L'entretien est terminé.")
        if self.question.required and not answers.recorded(self.unit, self.question, self.catalog):
            return self._invalid(f"« {self.question.title} » est obligatoire pour le ROR : "
                                 "cette question ne peut pas être passée. Tapez « aide » pour un exemple.")
        return self._move(self._next_missing(self.dialog.index(self.question.id)), "")

    def goto(self, target: str) -> Reply:
        """Jump to a question by its identifier or (folded) title, answered or not."""
        wanted = fold(target.strip())
        for question in self.dialog.questions:
            if wanted in {fold(question.id), fold(question.title)} or fold(question.title).startswith(wanted):
                if not self._applies(question):
                    return self._invalid(f"« {question.title} » ne concerne pas cette unité.")
                return self._move(question, "")
        names = ", ".join(question.id for question in self.dialog.questions if self._applies(question))
        return self._invalid(f"Question inconnue « {target.strip()} ». Questions : {names}.")

    def undo(self) -> Reply:
        """Take back the last confirmed change of this session and return to its question."""
        if not self._changes:
            return self._invalid("Rien à annuler dans cette session.")
        change = self._changes.pop()
        question = self.dialog.question(change.question_id)
        with self.db.write(self.user) as session:
            change.revert(session)
            answers.set_step(session, self.user, self.unit_id, question.id)
        self._reload()
        self.question, self.pending, self._guide = question, (), []
        return Reply("saved", f"Annulé : {change.label}.", question=question)

    def create_second_unit(self) -> int:
        """Create the unit for the second mode described (HC + HJ…), copying the shared answers;
        returns its id. Offered once the interview of this unit is over."""
        if self.second_unit is None:
            raise UserError("Aucune seconde unité n'a été proposée.")
        with self.db.write(self.user) as session:
            new_id = answers.copy_unit_with_mode(session, self.user, self.unit, self.second_unit, self.catalog)
        self.second_unit = None
        return new_id

    # -- submissions by answer kind ----------------------------------------------------------
    def _submit_opening(self, question: Question, text: str) -> Reply:
        proposals = answers.opening_proposals(self.matcher, self.dialog, text, self.unit.nom, self.unit.oi_path)
        notes: list[str] = []
        modes = [proposal for proposal in proposals if proposal.attribute == "modePriseEnCharge"]
        if len(modes) > 1:
            self.second_unit = modes[1]
            proposals = [proposal for proposal in proposals if proposal is not modes[1]]
            notes.append(self._two_modes_note(modes[0], modes[1]))
        if not proposals:
            return self._move(self._next_missing(self.dialog.index(question.id)),
                              "Je n'ai rien reconnu d'assez sûr ; je vais vous poser les questions une à une.")
        self.pending = tuple(proposals)
        notes.insert(0, "Voici ce que j'ai compris. Confirmez tout (Entrée ou « oui »), "
                        "ou donnez les numéros à garder (par exemple « 1 3 »).")
        return Reply("proposals", "\n".join(notes), self.pending, question)

    def _submit_coded(self, question: Question, text: str) -> Reply:
        if question.guide and parse_dont_know(text):
            return self._start_guide(question, None, None)
        found = answers.coded_proposals(self.matcher, question, text, PROPOSAL_LIMIT,
                                        answers.aliases_for(self.db, question, text, self.ej_id), self.unit.nom,
                                        self.unit.oi_path, answers.champ_of(self.unit))
        proposals, message, self._match = found.proposals, found.message, found.result
        if found.result.verdict == "none" and question.guide:
            return self._start_guide(question, text, found.result)
        if found.several and question.attribute == "modePriseEnCharge":
            self.second_unit = proposals[1]
            proposals, message = proposals[:1], self._two_modes_note(proposals[0], proposals[1])
        if not proposals:
            return self._invalid(message)
        self.pending = proposals
        return Reply("proposals", message, proposals, question, to_choose=found.to_choose, note=found.note)

    # -- guide (yes / no questions when the words name no code) -------------------------------
    def _start_guide(self, question: Question, text: str | None, result: MatchResult | None) -> Reply:
        """Enter the guide, for words the matcher read nothing in (``text``) or when asked (« ? »)."""
        self._guide, self._guide_match = [], result
        reply = self._guide_to(question, guide.settle(question, question.guide[0].id, self.dialog, self.unit))
        intro = (f"Je n'ai pas reconnu « {text} » dans la liste « {question.title} ». " if text else "") + (
            "Quelques questions pour le trouver : répondez par oui ou par non "
            "(« je ne sais pas » pour voir les plus courants).")
        return Reply(reply.kind, f"{intro} {reply.message}".strip(), reply.proposals, question, reply.to_choose)

    def _answer_guide(self, question: Question, text: str) -> Reply | None:
        """Oui / non moves through the guide, « je ne sais pas » offers the usual codes; any
        other line leaves the guide and is read as a new answer (None)."""
        yes = parse_yes_no(text)
        if yes is not None:
            return self._guide_to(question, guide.settle(
                question, guide.follow(question, self._guide[-1], yes), self.dialog, self.unit))
        if not text or (parse_dont_know(text) and not question.offer):
            return self._invalid("Répondez par « oui » ou par « non », ou avec vos mots.")
        if parse_dont_know(text):
            return self._guide_end(question, answers.offered_codes(question, answers.champ_of(self.unit)),
                                   "Voici les réponses les plus courantes : "
                                   "choisissez un numéro, ou répondez avec vos mots.")
        self._guide, self._guide_match = [], None
        return None

    def _guide_to(self, question: Question, outcome: guide.Outcome) -> Reply:
        if isinstance(outcome, str):
            self._guide.append(outcome)
            return Reply("moved", "", question=question)
        return self._guide_end(question, outcome, "")

    def _guide_end(self, question: Question, codes: tuple[str, ...], message: str) -> Reply:
        """The codes found (or offered): proposals the person chooses from, learnt for the
        answer that started the guide once confirmed."""
        self.pending = tuple(proposal for code in codes
                             if (proposal := answers.proposal_for_code(self.catalog, question, code)) is not None)
        self._match, self._guide_match, self._guide = self._guide_match, None, []
        if not message:
            message = (f"D'après vos réponses, je propose « {self.pending[0].label} ». "
                       "Confirmez (Entrée ou « oui »), choisissez un autre numéro, ou répondez avec vos mots.")
        return Reply("proposals", message, self.pending, question, to_choose=True)

    def _submit_choice(self, question: Question, text: str) -> Reply:
        proposals = self._choice_proposals(text)
        if not proposals:
            return self._invalid("Je n'ai pas reconnu ce choix. " + self.help())
        self.pending = proposals
        return Reply("proposals", "Confirmez (Entrée ou « oui ») ou tapez un autre choix.", proposals, question)

    def _submit_number(self, question: Question, text: str) -> Reply:
        number = parse_number(text)
        if number is None:
            return self._invalid("Écrivez un nombre entier, par exemple « 12 ».")
        bounds = question.validation
        if bounds and ((bounds.min is not None and number < bounds.min) or (bounds.max is not None and number > bounds.max)):
            return self._invalid(f"Le nombre doit être compris entre {bounds.min} et {bounds.max}.")
        return self._propose_value(question, str(number), number, text)

    def _submit_age_range(self, question: Question, text: str) -> Reply:
        ages = answers.read_ages(text, whole_line=True)
        if ages is None:
            return self._invalid("Je n'ai pas compris les âges. Écrivez par exemple « de 18 à 120 ans », "
                                 "« à partir de 16 ans » ou « adultes ».")
        return self._propose_checked(question, ages, text)

    def _submit_address(self, question: Question, text: str) -> Reply:
        eg_address = answers.eg_address(self.db, self.unit)
        if eg_address is not None and parse_yes_no(text) is True:
            address = eg_address
        else:
            address = parse_address(text)
            if address is None:
                return self._invalid("Il manque le code postal (5 chiffres) : écrivez par exemple "
                                     "« 12 rue de la Paix, 75002 Paris ».")
        postal = check_postal_code(address.code_postal)
        if not postal.ok:
            return self._invalid(_explain(postal))
        if not address.localite:
            return self._invalid("Il manque la ville après le code postal : écrivez par exemple "
                                 "« 12 rue de la Paix, 75002 Paris ».")
        return self._propose_value(question, address_label(address), address, text)

    def _submit_contact(self, question: Question, text: str) -> Reply:
        telecom = answers.telecom_from_text(text)
        if not telecom.ok or telecom.value is None:
            return self._invalid(_explain(telecom))
        return self._propose_value(question, answers.telecom_label(self.catalog, telecom.value), telecom.value,
                                   text, telecom.notice)

    def _submit_yes_no(self, question: Question, text: str) -> Reply:
        value = parse_yes_no(text)
        if value is None:
            return self._invalid("Répondez par « oui » ou par « non ».")
        return self._propose_value(question, "oui" if value else "non", value, text)

    def _submit_horaires(self, question: Question, text: str) -> Reply:
        return self._propose_checked(question, parse_horaires(text), text)

    # -- helpers --------------------------------------------------------------------------
    @property
    def _is_opening(self) -> bool:
        return self.question is not None and self.question.kind == "opening"

    def _choices(self) -> list[tuple[str, str]]:
        assert self.question is not None
        return answers.choices(self.catalog, self.question)

    def _choice_proposals(self, text: str) -> tuple[Proposal, ...]:
        assert self.question is not None
        return answers.choice_proposals(self.catalog, self.question, text)

    def _propose_value(self, question: Question, label: str, value: object, text: str, notice: str = "") -> Reply:
        self.pending = (Proposal(question=question.id, attribute=question.attribute, label=label,
                                 value=value, free_text=text),)
        message = f"Je note : {label}. Confirmez (Entrée ou « oui ») ou corrigez."
        return Reply("proposals", f"{notice} {message}".strip(), self.pending, question)

    def _propose_checked(self, question: Question, checked: Checked, text: str) -> Reply:
        if not checked.ok:
            return self._invalid(_explain(checked))
        return self._propose_value(question, checked.display, checked.value, text, checked.notice)

    def _two_modes_note(self, kept: Proposal, other: Proposal) -> str:
        return (f"Vous décrivez deux modes de prise en charge : « {kept.label} » et « {other.label} ». "
                "Dans le ROR, une unité n'a qu'un seul mode : je garde le premier pour cette unité, "
                "et à la fin de l'entretien je vous proposerai de créer une seconde unité pour "
                f"« {other.label} », avec les réponses communes déjà recopiées.")

    def _invalid(self, message: str) -> Reply:
        return Reply("invalid", message, question=self.question)

    def _record(self, chosen: list[Proposal]) -> Reply:
        """Write ``chosen`` in one transaction with the next step; remember how to undo it."""
        assert self.question is not None
        current = self.question
        try:
            after, reverts = self._write(current, chosen)
        except ConflictError as error:  # someone changed this answer meanwhile: show theirs
            self._reload()
            self.pending, self._match = (), None
            return self._invalid(str(error))
        label = " ; ".join(proposal.label for proposal in chosen)

        def revert_all(session: Session) -> None:
            for revert in reversed(reverts):
                revert(session)

        self._changes.append(_Change(current.id, label, revert_all))
        self.pending, self._match, self._guide = (), None, []
        self.question = after
        message = f"Enregistré : {label}."
        if after is None:
            return Reply("finished", message + " " + self._finish_message())
        return Reply("saved", message, question=after)

    def _write(self, current: Question, chosen: list[Proposal]) -> tuple[Question | None, list[answers.Revert]]:
        """One transaction: every chosen proposal, then the step of the question that follows."""
        with self.db.write(self.user) as session:
            reverts = []
            for proposal in chosen:
                first = proposal is self.pending[0]
                how = answers.chosen_how(proposal, first)
                reverts.append(answers.apply(session, self.user, self.unit, proposal, self.catalog, how))
                if self._match is not None and proposal.code is not None:
                    learn_confirmation(session, self.user, self._match, proposal.code, self.ej_id)
                self._reload(session)
            stay = current.multiple and not self._is_opening
            after = current if stay else self._next_missing(self.dialog.index(current.id))
            answers.set_step(session, self.user, self.unit_id, after.id if after else FINISHED_STEP)
        return after, reverts

    def _move(self, question: Question | None, message: str) -> Reply:
        with self.db.write(self.user) as session:
            answers.set_step(session, self.user, self.unit_id, question.id if question else FINISHED_STEP)
        self.question, self.pending, self._guide = question, (), []
        if question is None:
            return Reply("finished", (message + " " + self._finish_message()).strip())
        return Reply("moved", message, question=question)

    def _finish_message(self) -> str:
        flags = self.flags
        text = f"Entretien terminé. Statut ANS : {flags.status}."
        if flags.reasons:
            text += " Il manque encore : " + " ; ".join(reason.message for reason in flags.reasons) + "."
        if self.second_unit is not None:
            text += (f" Vous avez aussi décrit « {self.second_unit.label} » : "
                     "une seconde unité peut être créée avec les réponses communes.")
        return text

    def _reload(self, session: Session | None = None) -> None:
        self.unit = answers.describe(self.db, self.unit_id, session)

    def _answers(self) -> dict[str, list[str]]:
        return {question.id: answers.recorded(self.unit, question, self.catalog) for question in self.dialog.questions}

    def _applies(self, question: Question) -> bool:
        return self._applies_with(question, self.unit)

    def _applies_with(self, question: Question, unit: UnitDescription) -> bool:
        """A question applies when it has no condition or one of them holds for ``unit``."""
        if question.attribute in answers.CONTACT_CODES and not unit.contacts:
            return False  # these questions qualify the contact given just before
        if not question.when:
            return True
        return any(unit.eg_categorie in condition.eg_categorie if condition.eg_categorie is not None
                   else guide.holds(condition, self.dialog, unit) for condition in question.when)

    def _next_missing(self, after: int) -> Question | None:
        """The first question after position ``after`` that applies and has no answer yet;
        then, from the start, a required one still missing; None when nothing is left."""
        for question in self.dialog.questions[after + 1:]:
            if self._applies(question) and not answers.recorded(self.unit, question, self.catalog) and question.kind != "opening":
                return question
        for question in self.dialog.questions[:after + 1]:
            if (question.required and question.kind != "opening" and self._applies(question)
                    and not answers.recorded(self.unit, question, self.catalog) and question is not self.question):
                return question
        return None


def _open_remarks(db, unit_id: int) -> dict[str, list[str]]:
    """Review remarks still open, by sheet item. Imported here: the workflow package reads the
    dialog module of this package, so a module-level import would be circular."""
    from ror_assistant.workflow import comments_text, open_comments

    with db.read() as session:
        return {item: comments_text(comments) for item, comments in open_comments(session, unit_id).items()}


def _explain(checked: Checked) -> str:
    """A refused value as one message: what is wrong, then how to type it."""
    return f"{checked.problem} Pour corriger : {checked.hint}" if checked.hint else checked.problem
