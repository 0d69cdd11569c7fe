"""The interview as data: pydantic models of ``dialogs/*.yaml`` and their loader.

Trainers edit these files, not Python, so every mistake must come back as one French message
naming the file, the line and the fix (:class:`~ror_assistant.errors.DataFileError`). Pydantic
checks the shape; :func:`load_dialog` then checks what pydantic cannot see: that an attribute is a
real ROR attribute, that a matcher field exists, that a ``when`` names an earlier question and
that each question text is a valid Jinja2 template over the context the engine provides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Literal, NoReturn

import jinja2
import jinja2.meta
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ror_assistant.datafiles import Location, describe_validation_error, line_of, read_yaml
from ror_assistant.errors import DataFileError
from ror_assistant.paths import dialogs_dir

AnswerKind = Literal["opening", "coded", "number", "age_range", "address", "contact", "yes_no", "choice", "horaires"]

#: Attributes that hold no code (so no binding in ROR-bindings.csv) but that questions may fill.
PLAIN_ATTRIBUTES = {
    "description": "texte libre de départ (non transmis au ROR)",
    "patientele": "âge minimum et maximum, avec leurs unités",
    "adresse": "adresse du lieu de réalisation de l'offre",
    "contact": "contact de l'unité avec sa télécommunication",
    "uniteSensible": "unité sensible (oui / non)",
    "placesInstallees": "nombre de places installées",
    "litsInstalles": "nombre de lits installés",
    "horaire": "plages horaires (jour, heure de début, heure de fin, type de plage TRE_R252)",
}

#: Names a question template may use (the engine renders with exactly these).
TEMPLATE_NAMES = frozenset({"unit", "answers"})

#: Kinds whose answer is a code, so whose attribute must have a value set binding.
CODED_KINDS = frozenset({"coded", "choice"})

#: Kinds that can only fill one attribute (the engine records them in one place).
KIND_ATTRIBUTES = {"horaires": "horaire"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """One reason for a question to apply; a question applies when any of its conditions holds.

    ``eg_categorie`` tests the EG's JDV_J55 category (e.g. FG_CategorieOrga only for 209, 354,
    460); ``question`` + ``codes`` tests the codes confirmed for an earlier question.
    """

    eg_categorie: list[str] | None = Field(default=None, description="codes JDV_J55 de la catégorie de l'EG")
    question: str | None = Field(default=None, description="identifiant d'une question précédente")
    codes: list[str] | None = Field(default=None, description="codes qui, confirmés à cette question, la déclenchent")

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        if (self.eg_categorie is None) == (self.question is None):
            raise ValueError("une condition porte soit sur eg_categorie, soit sur question (+ codes)")
        if self.question is not None and not self.codes:
            raise ValueError("une condition sur une question doit lister les codes attendus (codes)")
        return self


class GuideStep(_Strict):
    """One yes / no question of a guide (see :mod:`ror_assistant.interview.guide`).

    ``if_yes`` and ``if_no`` name the next step, or list the codes the answers lead to (the most
    likely first). ``yes_when`` / ``no_when`` answer the step without asking when an earlier
    answer already does (a médico-social champ says the unit is a place to live).
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="identifiant court de l'étape")
    ask: str = Field(min_length=1, description="question posée, à laquelle on répond par oui ou non")
    if_yes: str | list[str] = Field(description="étape suivante si oui, ou codes proposés")
    if_no: str | list[str] = Field(description="étape suivante si non, ou codes proposés")
    yes_when: list[Condition] = Field(default_factory=list, description="conditions qui valent « oui » sans demander")
    no_when: list[Condition] = Field(default_factory=list, description="conditions qui valent « non » sans demander")

    @model_validator(mode="after")
    def _codes_listed(self) -> GuideStep:
        for outcome in (self.if_yes, self.if_no):
            if isinstance(outcome, list) and not outcome:
                raise ValueError("une issue du guide doit nommer une étape ou lister au moins un code")
        for condition in (*self.yes_when, *self.no_when):
            if condition.question is None:
                raise ValueError("une condition du guide porte sur une question précédente (question + codes)")
        return self


class Validation(_Strict):
    """Bounds for a ``number`` answer (a negative number of places makes no sense)."""

    min: int | None = None
    max: int | None = None


class Question(_Strict):
    """One question of the interview, as a trainer reads it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="identifiant court, utilisé par « aller »")
    title: str = Field(min_length=1, description="intitulé court pour le résumé et la navigation")
    text: str = Field(min_length=1, description="question posée (gabarit Jinja2)")
    help: str = Field(min_length=1, description="aide courte")
    example: str = Field(default="", description="exemple de réponse")
    kind: AnswerKind
    attribute: str = Field(description="attribut ROR rempli (nom de ROR-bindings.csv ou attribut non codé)")
    field: str | None = Field(default=None, description="champ du moteur de correspondance (réponses codées)")
    multiple: bool = Field(default=False, description="plusieurs valeurs possibles (activités, publics…)")
    offer: list[str] = Field(default_factory=list,
                             description="codes proposés, les plus courants d'abord, quand la réponse n'est pas reconnue")
    guide: list[GuideStep] = Field(default_factory=list,
                                   description="questions oui / non posées quand la réponse n'est pas reconnue")
    required: bool = True
    when: list[Condition] = Field(default_factory=list, description="la question s'applique si l'une des conditions est vraie")
    validation: Validation | None = None

    @model_validator(mode="after")
    def _field_for_coded(self) -> Question:
        if self.kind == "coded" and not self.field:
            raise ValueError("une question « coded » doit nommer le champ de correspondance (field)")
        if (self.offer or self.guide) and self.kind != "coded":
            raise ValueError("offer et guide ne s'appliquent qu'aux questions « coded »")
        if self.validation is not None and self.kind != "number":
            raise ValueError("validation (min / max) ne s'applique qu'aux questions « number »")
        return self


class Dialog(_Strict):
    """An ordered interview (one file of ``dialogs/``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    questions: list[Question] = Field(min_length=1)

    def question(self, question_id: str) -> Question:
        """The question ``question_id``; ``KeyError`` if unknown (callers check first)."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def index(self, question_id: str) -> int:
        return [question.id for question in self.questions].index(question_id)


_HINT = "voir dialogs/README.md pour la forme d'une question."


def _check_references(dialog: Dialog, attributes: set[str], fields: set[str] | None,
                      fail: "_Fail", codes: Callable[[str], set[str]] | None = None) -> None:
    """Checks pydantic cannot do alone: names that must exist elsewhere in the product."""
    environment = jinja2.Environment()
    seen: set[str] = set()
    for position, question in enumerate(dialog.questions):
        where = ("questions", position)
        if question.id in seen:
            fail((*where, "id"), f"l'identifiant « {question.id} » est déjà utilisé par une autre question",
                 "donnez à chaque question un identifiant unique.")
        if question.attribute not in attributes and question.attribute not in PLAIN_ATTRIBUTES:
            fail((*where, "attribute"), f"attribut ROR inconnu « {question.attribute} »",
                 "utilisez un attribut de nomenclatures/nos/ROR-bindings.csv ou l'un de : "
                 + ", ".join(sorted(PLAIN_ATTRIBUTES)) + ".")
        if question.kind in CODED_KINDS and question.attribute not in attributes:
            fail((*where, "attribute"), f"la question « {question.kind} » doit remplir un attribut codé, "
                 f"« {question.attribute} » n'a pas de jeu de valeurs", "choisissez un attribut de ROR-bindings.csv.")
        wanted = KIND_ATTRIBUTES.get(question.kind)
        if wanted is not None and question.attribute != wanted:
            fail((*where, "attribute"), f"une question « {question.kind} » remplit l'attribut « {wanted} », "
                 f"pas « {question.attribute} »", f"écrivez attribute: {wanted}.")
        if question.kind != "horaires" and question.attribute == "horaire":
            fail((*where, "kind"), f"l'attribut « horaire » se remplit avec une question « horaires », "
                 f"pas « {question.kind} »", "écrivez kind: horaires.")
        active = codes(question.attribute) if codes is not None and question.attribute in attributes else None
        if active is not None:
            for number, code in enumerate(question.offer):
                if code not in active:
                    fail((*where, "offer", number), *_inactive(code, question.attribute))
        _check_guide(question, where, seen, active, fail)
        if question.field is not None and fields is not None and question.field not in fields:
            fail((*where, "field"), f"champ de correspondance inconnu « {question.field} »",
                 "utilisez l'un de : " + ", ".join(sorted(fields)) + ".")
        for number, condition in enumerate(question.when):
            if condition.question is not None and condition.question not in seen:
                fail((*where, "when", number, "question"),
                     f"la condition renvoie à « {condition.question} », qui n'est pas une question précédente",
                     "une condition ne peut porter que sur une question posée avant celle-ci.")
        try:
            names = jinja2.meta.find_undeclared_variables(environment.parse(question.text))
        except jinja2.TemplateSyntaxError as error:
            fail((*where, "text"), f"gabarit de question invalide ({error.message})",
                 "vérifiez les {{ }} et {% %} du texte.")
        unknown = names - TEMPLATE_NAMES
        if unknown:
            fail((*where, "text"), "le texte utilise des noms inconnus : " + ", ".join(sorted(unknown)),
                 "le texte ne peut utiliser que unit (unit.nom, unit.eg_categorie…) et answers (réponses précédentes).")
        seen.add(question.id)


def _inactive(code: str, attribute: str) -> tuple[str, str]:
    return (f"le code « {code} » n'est pas un code actif du jeu de valeurs de « {attribute} »",
            "écrivez un code de ce jeu de valeurs, entre guillemets (« \"28\" »).")


def _check_guide(question: Question, where: Location, earlier: set[str], active: set[str] | None,
                 fail: "_Fail") -> None:
    """A guide must end: each step leads only to steps written after it, every step is reached
    from the first one, conditions look at earlier questions and codes are active codes."""
    ids = [step.id for step in question.guide]
    reached = set(ids[:1])
    for position, step in enumerate(question.guide):
        here = (*where, "guide", position)
        if step.id in ids[:position]:
            fail((*here, "id"), f"l'étape « {step.id} » est déjà définie dans ce guide",
                 "donnez à chaque étape un identifiant unique.")
        if step.id not in reached:
            fail((*here, "id"), f"aucune étape ne mène à « {step.id} »",
                 "nommez-la dans le if_yes ou le if_no d'une étape écrite avant elle, ou retirez-la.")
        for key, outcome in (("if_yes", step.if_yes), ("if_no", step.if_no)):
            if isinstance(outcome, str):
                if outcome not in ids[position + 1:]:
                    fail((*here, key), f"l'étape « {outcome} » n'est pas une étape écrite après « {step.id} »",
                         "un guide ne revient jamais en arrière : écrivez l'étape suivante plus bas dans le guide.")
                reached.add(outcome)
            elif active is not None:
                for number, code in enumerate(outcome):
                    if code not in active:
                        fail((*here, key, number), *_inactive(code, question.attribute))
        for key, conditions in (("yes_when", step.yes_when), ("no_when", step.no_when)):
            for number, condition in enumerate(conditions):
                if condition.question not in earlier:
                    fail((*here, key, number, "question"),
                         f"la condition renvoie à « {condition.question} », qui n'est pas une question précédente",
                         "une condition ne peut porter que sur une question posée avant celle-ci.")


class _Fail:
    """Raise a DataFileError at the line of a data location (bound to one file)."""

    def __init__(self, path: Path, lines: dict[Location, int]) -> None:
        self.path, self.lines = path, lines

    def __call__(self, location: Location, problem: str, hint: str) -> NoReturn:
        raise DataFileError(self.path, line_of(location, self.lines), problem, hint)


def load_dialog(path: Path, attributes: Iterable[str], fields: Iterable[str] | None,
                codes: Callable[[str], set[str]] | None = None) -> Dialog:
    """Read and check one dialog file against the ROR ``attributes``, the matcher ``fields`` and,
    when given, ``codes`` (attribute → its active codes, for the codes a question offers)."""
    data, lines = read_yaml(path)
    fail = _Fail(path, lines)
    try:
        dialog = Dialog.model_validate(data)
    except ValidationError as error:
        location, problem = describe_validation_error(error)
        fail(location, problem, _HINT)
    _check_references(dialog, set(attributes), set(fields) if fields is not None else None, fail, codes)
    return dialog


@cache
def bundled_dialog(name: str = "unite_elementaire") -> Dialog:
    """The bundled dialog ``name``, checked against the bundled catalog and the matcher fields."""
    from ror_assistant.matching import FIELDS
    from ror_assistant.nomenclature import load_catalog

    catalog = load_catalog()
    attributes = {binding.attribute for binding in catalog.bindings}

    def codes(attribute: str) -> set[str]:
        return {concept.code for concept in catalog.active_concepts(catalog.value_set_for(attribute).id)}

    return load_dialog(dialogs_dir() / f"{name}.yaml", attributes, FIELDS, codes)
