"""Read the FINESS open-data extraction and pre-fill the EJ and EG it names.

The etalab file (ror-model.md §6.1, ``etalab-cs1100507-stock-*.csv``) has no column header:
the first field of each line says what the line is (``structureet`` for one EG,
``geolocalisation``, and a leading ``finess;etalab;…`` metadata line), so every line is
dispatched on it and read by position. Newer files add trailing fields (``numuai``) and end
lines with ``;``: only the first 31 positions are read. Old files are Latin-1 (in practice
Windows-1252), new ones UTF-8; the encoding is detected per line so that a file mixing both
is caught rather than imported with garbled names.

Importing is all or nothing (one write transaction): a bad line among the selected
establishments means nothing is written; bad lines outside the selection are only reported.
Re-importing the same file changes nothing; a changed field is updated with an audit entry.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from ror_assistant.description import Address
from ror_assistant.errors import UserError
from ror_assistant.nomenclature import Catalog
from ror_assistant.rules import check_finess, check_siret
from ror_assistant.storage import Database, create_eg, create_ej, update_fields
from ror_assistant.storage.models import EntiteGeographique, EntiteJuridique

RECORD_STRUCTURE = "structureet"
RECORD_GEOLOCATION = "geolocalisation"
RECORD_METADATA = "finess"  # "finess;etalab;111;2026-05-12", first line only

#: Positions of a ``structureet`` record (ror-model.md §6.1), 1-based in the doc, 0-based here.
STRUCTURE_FIELDS = (
    "type", "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib",
    "numvoie", "typvoie", "voie", "compvoie", "lieuditbp", "commune", "departement",
    "libdepartement", "ligneacheminement", "telephone", "telecopie", "categetab", "libcategetab",
    "categagretab", "libcategagretab", "siret", "codeape", "codemft", "libmft", "codesph",
    "libsph", "dateouv", "dateautor", "datemaj",
)
#: type · nofinesset · coordxet · coordyet · sourcecoordet · datemaj
GEOLOCATION_MIN_FIELDS = 6

CATEGORY_VALUE_SET = "JDV_J55-CategorieEG-ROR"

_ACHEMINEMENT = re.compile(r"^(\d{5})\s+(.+)$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")

UTF8 = "UTF-8"
LEGACY = "Latin-1 (Windows-1252)"


def finess_problem(number: str, what: str) -> str | None:
    """Why ``number`` is not the FINESS number of ``what``, in French (None when it is one);
    the check itself is :func:`ror_assistant.rules.check_finess` (format and Luhn key)."""
    checked = check_finess(number)
    return None if checked.ok else f"numéro FINESS {what} invalide : {_sentence_part(checked.problem)}"


def _sentence_part(message: str) -> str:
    """A message of the rules, continued after a colon: first letter in lower case, no final stop."""
    return (message[:1].lower() + message[1:]).rstrip(".")


@dataclass(frozen=True)
class LineProblem:
    """A line of the extraction that cannot be imported, and the FINESS numbers it names."""

    line: int
    problem: str
    numbers: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.problem}"


@dataclass(frozen=True)
class Establishment:
    """One ``structureet`` line, mapped to the ROR fields it fills (ror-model.md §6.4)."""

    line: int
    finess: str
    ej_finess: str
    nom: str
    siret: str
    categorie: str
    numero_voie: str
    type_voie: str
    libelle_voie: str
    lieu_dit: str
    complement: str
    code_postal: str
    localite: str
    commune_cog: str
    telephone: str

    def eg_fields(self) -> dict[str, str]:
        """EG columns this line sets; the EJ link and the authorised champs are not among them."""
        return {
            "nom": self.nom, "siret": self.siret, "categorie": self.categorie,
            "numero_voie": self.numero_voie, "type_voie": self.type_voie,
            "libelle_voie": self.libelle_voie, "lieu_dit": self.lieu_dit,
            "complement": self.complement, "code_postal": self.code_postal,
            "localite": self.localite, "commune_cog": self.commune_cog, "telephone": self.telephone,
        }


@dataclass
class Extraction:
    """What one FINESS file holds: the establishments it describes and its bad lines."""

    path: Path
    encoding: str
    metadata: str | None = None
    establishments: list[Establishment] = field(default_factory=list)
    geolocation_lines: int = 0
    problems: list[LineProblem] = field(default_factory=list)

    def select(self, numbers: Collection[str] = ()) -> "Selection":
        """Establishments whose EG or EJ number is in ``numbers`` (all when empty), with the
        problems of the lines that belong to them; other bad lines are set apart."""
        wanted = {number.strip().upper() for number in numbers}
        unknown = sorted(wanted - {n for e in self.establishments for n in (e.finess, e.ej_finess)}
                         - {n for p in self.problems for n in p.numbers})
        if unknown:
            raise UserError(
                f"Aucune ligne du fichier {self.path.name} ne porte le numéro FINESS {', '.join(unknown)}.",
                "vérifiez le numéro (EG ou EJ) ou utilisez une extraction plus récente.",
            )

        def chosen(names: Iterable[str]) -> bool:
            return not wanted or bool(wanted.intersection(names))

        selected_egs = {e.finess for e in self.establishments if chosen((e.finess, e.ej_finess))}
        blocking, other = [], []
        for problem in self.problems:
            names = problem.numbers
            (blocking if chosen(names) or selected_egs.intersection(names) else other).append(problem)
        return Selection(
            establishments=[e for e in self.establishments if e.finess in selected_egs],
            blocking=blocking,
            ignored=other,
        )


@dataclass(frozen=True)
class Selection:
    establishments: list[Establishment]
    blocking: list[LineProblem]
    ignored: list[LineProblem]


def decode_lines(data: bytes) -> tuple[str, list[tuple[int, str, bool]]]:
    """Split ``data`` into (line number, text, well encoded) using the file's encoding.

    A line that is not valid UTF-8 is legacy-encoded. The file's encoding is the one of the
    majority of its non-ASCII lines; a line in the other encoding is decoded anyway (its
    FINESS number is still readable, to tell whether it is selected) but marked badly encoded.
    """
    raw_lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    kinds: list[str | None] = []
    for raw in raw_lines:
        if raw.isascii():
            kinds.append(None)
            continue
        try:
            raw.decode("utf-8")
            kinds.append(UTF8)
        except UnicodeDecodeError:
            kinds.append(LEGACY)
    utf8_count, legacy_count = kinds.count(UTF8), kinds.count(LEGACY)
    encoding = LEGACY if legacy_count > utf8_count else UTF8
    lines = []
    for number, (raw, kind) in enumerate(zip(raw_lines, kinds, strict=True), start=1):
        raw = raw.rstrip(b"\r")
        text = raw.decode("utf-8") if kind == UTF8 else _decode_legacy(raw)
        lines.append((number, text, kind in (None, encoding)))
    return encoding, lines


def _decode_legacy(raw: bytes) -> str:
    """Windows-1252, FINESS's historical encoding; a line using bytes it leaves undefined is
    read as plain Latin-1."""
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def commune_cog(departement: str, commune: str) -> str:
    """INSEE commune code from FINESS's département and 3-digit commune.

    FINESS codes overseas départements with a letter: 9A Guadeloupe, 9B Martinique, 9C Guyane,
    9D La Réunion, 9E Saint-Pierre-et-Miquelon, 9F Mayotte → "97" + commune (9D + 411 = 97411
    Saint-Denis); 9G–9J (Pacific) → "98" + commune (9J + 613 = 98613 Uvea). Saint-Barthélemy
    and Saint-Martin keep their old Guadeloupe codes (97123, 97127), as FINESS does.
    """
    departement, commune = departement.strip().upper(), commune.strip()
    if not departement or not re.fullmatch(r"\d{3}", commune):
        return ""
    if len(departement) == 2 and departement[0] == "9" and departement[1].isalpha():
        return ("97" if departement[1] <= "F" else "98") + commune
    if len(departement) == 2:
        return departement + commune
    return ""


def _check_structure(number: int, fields: list[str], categories: Collection[str]) -> Establishment | LineProblem:
    names = tuple(value.strip().upper() for value in fields[1:3] if value.strip())
    if len(fields) < len(STRUCTURE_FIELDS):
        return LineProblem(number, f"ligne trop courte : {len(fields)} champs au lieu d'au moins "
                                   f"{len(STRUCTURE_FIELDS)}", names)
    row = dict(zip(STRUCTURE_FIELDS, (value.strip() for value in fields), strict=False))
    problems = [problem for problem in (finess_problem(row["nofinesset"], "d'établissement (EG)"),
                                        finess_problem(row["nofinessej"], "juridique (EJ)")) if problem]
    if not (row["rslongue"] or row["rs"]):
        problems.append("raison sociale vide")
    if row["siret"] and not (siret := check_siret(row["siret"])).ok:
        problems.append(f"SIRET invalide : {_sentence_part(siret.problem)}")
    if row["categetab"] not in categories:
        problems.append(f"catégorie d'établissement « {row['categetab']} » absente du ROR ({CATEGORY_VALUE_SET})")
    acheminement = _ACHEMINEMENT.match(row["ligneacheminement"])
    if acheminement is None:
        problems.append(f"ligne d'acheminement « {row['ligneacheminement']} » sans code postal à 5 chiffres")
    if problems:
        return LineProblem(number, " ; ".join(problems), names)
    assert acheminement is not None
    return Establishment(
        line=number,
        finess=row["nofinesset"].upper(),
        ej_finess=row["nofinessej"].upper(),
        nom=row["rslongue"] or row["rs"],
        siret=row["siret"],
        categorie=row["categetab"],
        numero_voie=" ".join(part for part in (row["numvoie"], row["compvoie"]) if part),
        type_voie=row["typvoie"],
        libelle_voie=row["voie"],
        lieu_dit=row["lieuditbp"],
        complement=row["compldistrib"],
        code_postal=acheminement.group(1),
        localite=acheminement.group(2).strip(),
        commune_cog=commune_cog(row["departement"], row["commune"]),
        telephone=row["telephone"],
    )


def _check_geolocation(number: int, fields: list[str]) -> LineProblem | None:
    """Geolocation lines are checked (a broken one says the file is damaged) but not imported:
    coordinates belong to the lieu of each unit, which the référent describes."""
    names = tuple(value.strip().upper() for value in fields[1:2] if value.strip())
    if len(fields) < GEOLOCATION_MIN_FIELDS:
        return LineProblem(number, f"ligne trop courte : {len(fields)} champs au lieu d'au moins "
                                   f"{GEOLOCATION_MIN_FIELDS}", names)
    problems = [problem for problem in [finess_problem(fields[1].strip(), "d'établissement (EG)")] if problem]
    for value in fields[2:4]:
        if value.strip() and not _NUMBER.match(value.strip()):
            problems.append(f"coordonnée « {value.strip()} » non numérique")
    return LineProblem(number, " ; ".join(problems), names) if problems else None


def read_extraction(path: Path, catalog: Catalog) -> Extraction:
    """Parse the whole file; never raises on a bad line, collects it with its number instead."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"Lecture impossible du fichier FINESS {path} ({error.strerror}).",
                        "vérifiez le chemin et les droits de lecture.") from error
    encoding, lines = decode_lines(data)
    extraction = Extraction(path=path, encoding=encoding)
    categories = frozenset(member.code for member in catalog.value_set(CATEGORY_VALUE_SET).members)
    seen: dict[str, int] = {}
    for number, text, well_encoded in lines:
        if not text.strip():
            continue
        fields = next(csv.reader([text], delimiter=";", quotechar='"'))
        kind = fields[0].strip().lower()
        names = tuple(value.strip().upper() for value in fields[1:3] if value.strip())
        if not well_encoded:
            other = UTF8 if encoding == LEGACY else LEGACY
            extraction.problems.append(LineProblem(
                number, f"encodage incohérent : ligne en {other} dans un fichier en {encoding}", names))
        elif kind == RECORD_STRUCTURE:
            result = _check_structure(number, fields, categories)
            if isinstance(result, LineProblem):
                extraction.problems.append(result)
            elif result.finess in seen:
                extraction.problems.append(LineProblem(
                    number, f"établissement {result.finess} déjà décrit ligne {seen[result.finess]}", names))
            else:
                seen[result.finess] = number
                extraction.establishments.append(result)
        elif kind == RECORD_GEOLOCATION:
            extraction.geolocation_lines += 1
            problem = _check_geolocation(number, fields)
            if problem is not None:
                extraction.problems.append(problem)
        elif number == 1 and kind == RECORD_METADATA:
            extraction.metadata = text.strip()
        else:
            extraction.problems.append(LineProblem(
                number, f"type d'enregistrement inconnu « {fields[0].strip()} » "
                        f"(attendu : {RECORD_STRUCTURE} ou {RECORD_GEOLOCATION})", names))
    return extraction


# --- import ---------------------------------------------------------------------------------

#: French names of the EG columns FINESS fills, for the import report.
FIELD_NAMES = {
    "nom": "raison sociale", "siret": "SIRET", "categorie": "catégorie", "telephone": "téléphone",
    "numero_voie": "numéro de voie", "type_voie": "type de voie", "libelle_voie": "voie",
    "lieu_dit": "lieu-dit / BP", "complement": "complément de distribution", "code_postal": "code postal",
    "localite": "localité", "commune_cog": "code commune",
}


def placeholder_ej_name(finess: str) -> str:
    """The extraction gives no EJ raison sociale (ror-model.md §6.1): a visible placeholder
    tells the référent to complete it; later imports never overwrite the EJ name."""
    return f"EJ {finess} (raison sociale à compléter)"


@dataclass
class ImportReport:
    """What an import did, line by line, in French, for the command and the TUI."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def apply_establishments(session: Session, user: str, establishments: Iterable[Establishment]) -> ImportReport:
    """Create or update the EJ and EG of ``establishments`` in the caller's write transaction.

    Creation and field changes go through :mod:`ror_assistant.storage` (audited there). An EG
    already attached to another EJ than FINESS says is left where it is and reported (rule
    ST2 is about exactly that gap); an EG closed here but open in FINESS is reported (EX2).
    """
    report = ImportReport()
    for item in establishments:
        eg = session.exec(select(EntiteGeographique).where(EntiteGeographique.finess == item.finess)).first()
        if eg is None:
            ej = _ej_for(session, user, item, report)
            create_eg(session, user, ej.id or 0, item.finess, item.nom, siret=item.siret, categorie=item.categorie,
                      telephone=item.telephone, address=Address(**{name: getattr(item, name) for name in Address.model_fields}))
            report.created.append(f"EG {item.finess} {item.nom} (EJ {item.ej_finess})")
            continue
        changes = {name: value for name, value in item.eg_fields().items() if getattr(eg, name) != value}
        if changes:
            update_fields(session, user, "eg", eg.id or 0, changes)
            report.updated.append(f"EG {item.finess} {item.nom} : {', '.join(FIELD_NAMES[name] for name in changes)}")
        else:
            report.unchanged.append(f"EG {item.finess} {item.nom}")
        ej = session.get(EntiteJuridique, eg.ej_id)
        if ej is not None and ej.finess != item.ej_finess:
            report.notes.append(f"EG {item.finess} : FINESS la rattache à l'EJ {item.ej_finess}, la base à l'EJ "
                                f"{ej.finess} ; rattachement non modifié (à vérifier, règle ANS ST2).")
        elif ej is not None and not ej.siren and item.siret:
            update_fields(session, user, "ej", ej.id or 0, {"siren": item.siret[:9]})
            report.updated.append(f"EJ {ej.finess} : SIREN")
        if eg.closed_on is not None:
            report.notes.append(f"EG {item.finess} : fermée dans la base le {eg.closed_on:%d/%m/%Y} mais ouverte "
                                "dans FINESS (à vérifier, règle ANS EX2).")
    return report


def _ej_for(session: Session, user: str, item: Establishment, report: ImportReport) -> EntiteJuridique:
    """The EJ of a new EG: found by FINESS, else created (SIREN = first 9 digits of the SIRET)."""
    ej = session.exec(select(EntiteJuridique).where(EntiteJuridique.finess == item.ej_finess)).first()
    if ej is None:
        ej = create_ej(session, user, item.ej_finess, placeholder_ej_name(item.ej_finess), siren=item.siret[:9])
        report.created.append(f"EJ {item.ej_finess} (raison sociale à compléter : absente de l'extraction FINESS)")
    elif not ej.siren and item.siret:
        update_fields(session, user, "ej", ej.id or 0, {"siren": item.siret[:9]})
        report.updated.append(f"EJ {ej.finess} : SIREN")
    return ej


def import_finess(db: Database, user: str, path: Path, catalog: Catalog,
                  numbers: Collection[str] = ()) -> tuple[Extraction, Selection, ImportReport]:
    """Read ``path``, select ``numbers`` (EG or EJ FINESS; all when empty) and import them in
    one write transaction. Raises :class:`UserError` listing the bad selected lines, before
    anything is written, when there are any."""
    extraction = read_extraction(path, catalog)
    selection = extraction.select(numbers)
    if selection.blocking:
        count = len(selection.blocking)
        lines = "\n".join(f"  {problem}" for problem in selection.blocking)
        raise UserError(
            f"Import FINESS refusé : {count} ligne{'s' if count > 1 else ''} invalide{'s' if count > 1 else ''} "
            f"parmi les établissements choisis dans {path.name} ; rien n'a été enregistré.\n{lines}",
            "téléchargez une extraction récente, ou limitez l'import avec --finess aux établissements "
            "dont les lignes sont correctes.",
        )
    if not selection.establishments:
        raise UserError(f"Le fichier {path.name} ne contient aucun établissement (ligne structureet) à importer.",
                        "vérifiez qu'il s'agit bien de l'extraction FINESS des établissements (etalab-cs1100507).")
    with db.write(user) as session:
        report = apply_establishments(session, user, selection.establishments)
    return extraction, selection, report
