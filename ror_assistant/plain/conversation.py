"""The line-by-line conversation around one :class:`~ror_assistant.interview.Interview`.

Each line read is either a command word (``aide``, ``retour``, ``passer``, ``résumé``,
``annuler``, ``aller <question>``, ``code <code>``, ``quitter``), an answer to the pending
proposals (Entrée or ``oui`` confirms, numbers choose, ``non`` discards) or an answer to the
question. Lines are short and self-contained so a screen reader reads each one once; nothing
is printed that a script would have to skip. End of input stops cleanly: every confirmed
answer is already saved by the engine.
"""

from __future__ import annotations

from typing import TextIO

from ror_assistant.errors import UserError
from ror_assistant.interview import Interview, Reply
from ror_assistant.interview.parsing import parse_numbers, parse_yes_no
from ror_assistant.textfold import fold

#: Command words and what they do, shown by « aide » (folded spelling → description).
COMMANDS = {
    "aide": "aide sur la question en cours",
    "retour": "revenir à la question précédente",
    "passer": "passer une question facultative",
    "resume": "relire les réponses enregistrées et les critères ANS",
    "annuler": "annuler la dernière réponse enregistrée",
    "aller": "aller à une question, par exemple « aller adresse »",
    "code": "donner directement un code de la nomenclature, par exemple « code 29 »",
    "quitter": "arrêter (les réponses confirmées restent enregistrées)",
}
_COMMAND_LABELS = {"resume": "résumé"}
PROMPT = "> "


class Conversation:
    """State of one plain session: the engine and the two streams."""

    def __init__(self, engine: Interview, lines: TextIO, out: TextIO) -> None:
        self.engine, self.lines, self.out = engine, lines, out

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self) -> None:
        """Print the current question (title, position, text) or the end of the interview."""
        engine = self.engine
        if engine.question is None:
            self.say("L'entretien est terminé. Tapez « résumé » pour relire, « aller <question> » pour "
                     "corriger, ou « quitter ».")
            return
        marker = "" if engine.question.required else " (facultatif)"
        self.say(f"Question : {engine.question.title}{marker}")
        for remark in engine.remarks():
            self.say(f"Remarque de la relecture : {remark}")
        self.say(engine.prompt())
        suggestion = engine.suggestion()
        if suggestion is not None:
            self.say(f"Ligne vide : je propose « {suggestion.proposals[0].label} », {suggestion.reason}.")

    def show(self, reply: Reply) -> None:
        if reply.message:
            self.say(reply.message)
        for number, proposal in enumerate(reply.proposals, start=1):
            code = f" [{proposal.code}]" if proposal.code else ""
            check = " — à vérifier" if proposal.uncertain else ""
            self.say(f"  {number}. {proposal.label}{code}{check}")
        if reply.kind == "moved" and self.engine.guiding:
            self.say(f"{self.engine.prompt()} (oui / non)")
        elif reply.kind in {"saved", "moved", "finished"}:
            self.progress()
            self.say()
            self.ask()
            if reply.kind == "finished":
                self.offer_second_unit()

    def progress(self) -> None:
        """One line on the ANS criteria, so the person always knows how far the unit is."""
        flags = self.engine.flags.by_code
        counted = [value for value in flags.values() if value is not None]
        self.say(f"Critères ANS remplis : {sum(1 for value in counted if value)} sur {len(counted)} "
                 f"(statut : {self.engine.flags.status}).")

    def summary(self) -> None:
        self.say(f"Résumé de l'unité « {self.engine.unit.nom} » (n° {self.engine.unit_id}) :")
        for item in self.engine.summary():
            if not item.applies:
                continue
            values = " ; ".join(item.values) if item.values else ("à renseigner" if item.missing else "—")
            self.say(f"  {item.question.title} ({item.question.id}) : {values}")
        self.progress()
        for sentence in self.engine.missing:
            self.say(f"  Manque : {sentence}")
        for warning in self.engine.warnings:
            self.say(f"  Attention : {warning.message}")

    def help(self) -> None:
        self.say(self.engine.help())
        self.say("Commandes : " + " ; ".join(f"{_COMMAND_LABELS.get(word, word)} : {meaning}"
                                             for word, meaning in COMMANDS.items()))

    def offer_second_unit(self) -> None:
        """After the interview, create the unit of the second mode described, if the person agrees."""
        second = self.engine.second_unit
        if second is None:
            return
        self.say(f"Créer maintenant la seconde unité pour « {second.label} », avec les réponses communes ? (oui / non)")
        line = self.read()
        if line is None or parse_yes_no(line) is not True:
            self.engine.second_unit = None
            self.say("D'accord, pas de seconde unité.")
            return
        new_id = self.engine.create_second_unit()
        self.say(f"Unité n° {new_id} créée. Pour la relire : ror-assistant interview --plain --unit {new_id}")

    def read(self) -> str | None:
        self.out.write(PROMPT)
        self.out.flush()
        line = self.lines.readline()
        return None if line == "" else line.rstrip("\r\n")

    def handle(self, line: str) -> bool:
        """Act on one line; False when the person wants to stop."""
        engine = self.engine
        word, _, rest = fold(line.strip()).partition(" ")
        if word == "quitter" and not rest:
            return False
        if word == "aide" and not rest:
            self.help()
        elif word == "resume" and not rest:
            self.summary()
        elif word == "retour" and not rest:
            self.show(engine.back())
        elif word == "passer" and not rest:
            self.show(engine.skip())
        elif word == "annuler" and not rest:
            self.show(engine.undo())
        elif word == "aller" and rest:
            self.show(engine.goto(line.strip().split(" ", 1)[1]))
        elif word == "code" and rest:
            self.show(engine.pick(rest.strip()))
        elif engine.pending:
            self.answer_pending(line)
        else:
            self.show(engine.submit(line))
        return True

    def answer_pending(self, line: str) -> None:
        """Enter or « oui » confirms, numbers choose, « non » discards, anything else is a new answer."""
        engine = self.engine
        numbers = parse_numbers(line)
        yes_no = parse_yes_no(line) if line.strip() else True
        if numbers is not None:
            self.show(engine.confirm(numbers))
        elif yes_no is True:
            self.show(engine.confirm())
        elif yes_no is False:
            engine.pending = ()
            self.say("D'accord, rien n'est enregistré. Reformulez votre réponse.")
        else:
            self.show(engine.submit(line))


def run_plain(engine: Interview, lines: TextIO, out: TextIO) -> int:
    """Run the conversation until « quitter » or end of input; returns the exit status."""
    conversation = Conversation(engine, lines, out)
    # the names above the unit are shown: the assistant reads the answers after them
    within = f", rattachée à « {' › '.join(engine.unit.oi_path)} »" if engine.unit.oi_path else ""
    conversation.say(f"Unité « {engine.unit.nom} » (n° {engine.unit_id}){within}. Tapez « aide » à tout moment. "
                     "Chaque réponse confirmée est enregistrée aussitôt.")
    if engine.unit.interview_step is not None:
        conversation.say("Reprise de l'entretien là où il s'était arrêté.")
    for remark in engine.general_remarks:
        conversation.say(f"Remarque de la relecture sur l'unité : {remark}")
    conversation.ask()
    while True:
        line = conversation.read()
        if line is None:
            conversation.say()
            conversation.say("Fin de la saisie. Les réponses confirmées sont enregistrées.")
            return 0
        try:
            if not conversation.handle(line):
                conversation.say("Au revoir. Les réponses confirmées sont enregistrées.")
                return 0
        except UserError as error:  # a conflict with another session, a busy database…
            conversation.say(f"Erreur : {error}")
