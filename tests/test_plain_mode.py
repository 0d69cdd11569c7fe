"""Plain line mode: whole conversations in-process and through the real command, kill and resume."""

from __future__ import annotations

import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from ror_assistant.interview import Interview
from ror_assistant.plain import run_plain
from ror_assistant.storage import open_database, unit_description
from test_interview_fixtures import (  # noqa: F401  (fixtures)
    ONCOLOGY_SCRIPT,
    USER,
    db,
    db_url,
    engine,
    matcher,
    unit_id,
)

REPO = Path(__file__).resolve().parent.parent


def converse(engine: Interview, lines: list[str]) -> str:
    out = io.StringIO()
    assert run_plain(engine, io.StringIO("".join(line + "\n" for line in lines)), out) == 0
    return out.getvalue()


def test_whole_conversation_reaches_finalise_without_terminal_tricks(engine):
    text = converse(engine, [*ONCOLOGY_SCRIPT, "résumé"])
    assert "  1. Hospitalisation de jour (HJ) [29]" in text
    assert "  2. Oncologie médicale (cancérologie) [102] — à vérifier" in text
    assert "Critères ANS remplis : 6 sur 6 (statut : Finalisé)." in text
    assert "Nature du contact (contact_nature) : Secrétariat" in text
    assert "Je note : Du lundi au vendredi, 8 h 30 – 17 h. Confirmez" in text
    assert "Horaires (horaires) : Du lundi au vendredi, 8 h 30 – 17 h" in text
    assert "\x1b" not in text and "\r" not in text
    assert text.rstrip().endswith("Fin de la saisie. Les réponses confirmées sont enregistrées.")


def test_command_words(engine):
    text = converse(engine, ["aide", "", "passer", "MCO", "non", "MCO", "2", "1", "retour", "annuler", "aller adresse",
                             "code 29", "aller mode", "code 29", "annuler", "quitter", "jamais lu"])
    assert "Exemple : Hôpital de jour d'oncologie pour adultes" in text          # aide
    assert "Commandes : aide : aide sur la question en cours ; retour" in text
    assert "« Champ d'activité » est obligatoire" in text                       # passer refused
    assert "D'accord, rien n'est enregistré." in text                           # non
    assert "Choisissez un numéro entre 1 et 1." in text                          # 2 out of range
    assert "Annulé : Médecine, Chirurgie, Obstétrique (MCO)." in text
    assert "Cette question n'attend pas de code." in text                        # code on the address
    assert "Annulé : Hospitalisation de jour (HJ)." in text
    assert "Au revoir." in text and "jamais lu" not in text
    assert engine.unit.mode_prise_en_charge is None and engine.unit.champ_activite is None


def test_second_unit_offered_at_the_end(engine, db):
    lines = ["HC et HDJ de cardiologie pour adultes", "1 4", "MCO", "", "cardiologie", "1", "", "", "non", "",
             "01 45 67 89 10", "", "accueil", "", "1", "",
             "", "", "", "", "",  # optional: horaires, lits, équipements, actes, compétences
             "oui"]
    text = converse(engine, lines)
    assert "Dans le ROR, une unité n'a qu'un seul mode" in text
    created = re.search(r"Unité n° (\d+) créée", text)
    assert created, text
    with db.read() as session:
        twin = unit_description(session, int(created.group(1)))
    assert twin.mode_prise_en_charge.code == "29" and twin.contacts[0].nature == "01"


# -- through the real command -------------------------------------------------------------------

def command(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "ror_assistant", "--db", db_url, "--user", USER, *args]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def cli(db_url: str, *args: str, stdin: str = "") -> str:
    done = subprocess.run(command(db_url, *args), input=stdin, capture_output=True, text=True, env=environment(),
                          cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def create_structure(db_url: str) -> str:
    ej = cli(db_url, "create", "ej", "--finess", "750712184", "--nom", "CHU Exemple").strip()
    eg = cli(db_url, "create", "eg", "--ej", ej, "--finess", "750100042", "--nom", "Hôpital Saint-Exemple",
             "--categorie", "101", "--adresse", "12 rue de la Paix, 75002 Paris").strip()
    return cli(db_url, "create", "unit", "--eg", eg, "--nom", "Hôpital de jour d'oncologie").strip()


def test_scripted_session_from_a_file_ends_with_every_flag_met_in_the_export(db_url, tmp_path):
    unit = create_structure(db_url)
    script = tmp_path / "entretien.txt"
    script.write_text("\n".join(ONCOLOGY_SCRIPT) + "\n", encoding="utf-8")
    cli(db_url, "interview", "--plain", "--unit", unit, stdin=script.read_text(encoding="utf-8"))
    exported = tmp_path / "export.json"
    cli(db_url, "export", "--format", "json", "-o", str(exported))
    data = json.loads(exported.read_text(encoding="utf-8"))
    [exported_unit] = data["unites"]
    flags = exported_unit["peuplement"]
    assert flags["statut"] == "Finalisé" and flags["manques"] == []
    assert all(flags[name] in (True, None) for name in flags if name.startswith("FG_"))
    assert exported_unit["mode_prise_en_charge"]["code"] == "29"
    assert exported_unit["contacts"][0]["telecoms"][0]["adresse"] == "01 45 67 89 10"


def read_until(process: subprocess.Popen, marker: str, timeout: float = 20.0) -> str:
    """Output of ``process`` up to ``marker`` (the conversation waits for input after it)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker.encode() not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"« {marker} » never came:\n{seen.decode(errors='replace')}"
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            assert chunk, f"process ended before « {marker} »:\n{seen.decode(errors='replace')}"
            seen += chunk
    return seen.decode()


def test_killed_in_the_middle_resumes_on_the_same_question(db_url):
    unit = create_structure(db_url)
    process = subprocess.Popen(command(db_url, "interview", "--plain", "--unit", unit), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, env=environment(), cwd=REPO)
    try:
        read_until(process, "Question : Description libre")
        for line in ONCOLOGY_SCRIPT[:4]:  # description confirmed, champ confirmed
            process.stdin.write(line.encode() + b"\n")
            process.stdin.flush()
        read_until(process, "Question : Activités opérationnelles")
        process.stdin.write("chimioth".encode())  # half a line, never sent
        process.stdin.flush()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        process.kill()
    assert process.returncode == -signal.SIGKILL
    database = open_database(db_url)
    try:
        with database.read() as session:
            unit_now = unit_description(session, int(unit))
        assert unit_now.interview_step == "activites"
        assert unit_now.mode_prise_en_charge.code == "29" and unit_now.champ_activite.code == "01"
        assert (unit_now.patientele.age_min, unit_now.patientele.age_max) == (18, 120)
        assert unit_now.activites_operationnelles == []
    finally:
        database.dispose()
    resumed = cli(db_url, "interview", "--plain", "--unit", unit, stdin="quitter\n")
    assert "Reprise de l'entretien là où il s'était arrêté." in resumed
    assert "Question : Activités opérationnelles" in resumed.split("Reprise", 1)[1]


def test_review_remarks_are_shown_where_they_apply(db, unit_id, matcher):
    from ror_assistant.storage.workflow import add_item_comment

    with db.write("chef") as session:
        add_item_comment(session, "chef", unit_id, "activiteOperationnelle", "Ajouter la radiothérapie")
        add_item_comment(session, "chef", unit_id, "contact", "Donner le numéro du secrétariat")
        add_item_comment(session, "chef", unit_id, "unite", "Vérifier le nom de l'unité")
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    assert engine.remarks(engine.dialog.question("contact_confidentialite"))[0].startswith(
        "« Donner le numéro du secrétariat » (chef, le ")
    text = converse(engine, ["aller activites", "quitter"])
    assert "Remarque de la relecture sur l'unité : « Vérifier le nom de l'unité »" in text
    activities = text.split("Question : Activités opérationnelles", 1)[1]
    assert activities.startswith("\nRemarque de la relecture : « Ajouter la radiothérapie »")


def test_the_levels_above_the_unit_are_shown_with_its_name(db, unit_id, matcher):
    """The assistant reads the answers after the service's name: the person sees it too."""
    from ror_assistant.storage import create_oi, move_unit

    with db.write(USER) as session:
        eg_id = unit_description(session, unit_id).eg_id
        pole = create_oi(session, USER, eg_id, "1", "Pôle cancérologie")
        service = create_oi(session, USER, eg_id, "2", "Service d'oncologie", parent_id=pole.id)
        move_unit(session, USER, unit_id, service.id)
    text = converse(Interview.open(db, unit_id, USER, matcher=matcher), ["quitter"])
    assert "), rattachée à « Pôle cancérologie › Service d'oncologie ». Tapez « aide »" in text


def test_without_unit_the_person_chooses_from_the_list(db_url, monkeypatch, capsys):
    from ror_assistant.cli import main

    assert main(["--db", db_url, "--user", USER, "create", "ej", "--finess", "750712184", "--nom", "CHU"]) == 0
    assert main(["--db", db_url, "--user", USER, "create", "eg", "--ej", "1", "--finess", "75071218",
                 "--nom", "Site"]) == 2
    assert "a 8 caractères au lieu de 9" in capsys.readouterr().err
    assert main(["--db", db_url, "--user", USER, "create", "eg", "--ej", "1", "--finess", "750100042",
                 "--nom", "Site", "--adresse", "5 avenue Foch 69006 Lyon"]) == 0
    assert main(["--db", db_url, "--user", USER, "create", "unit", "--eg", "1", "--nom", "Cardiologie"]) == 0
    assert capsys.readouterr().out.split() == ["1", "1"]  # the EG and unit ids (the EJ's was read above)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nrésumé\n"))
    assert main(["--db", db_url, "--user", USER, "interview", "--plain"]) == 0
    out = capsys.readouterr().out
    assert "  1. Cardiologie" in out and "Adresse (adresse) : 5 avenue Foch, 69006 Lyon" in out


def test_champ_question_shows_what_the_activite_points_to(engine):
    text = converse(engine, ["rythmologie", "", "", "", "quitter"])
    assert ("Ligne vide : je propose « Médecine, Chirurgie, Obstétrique (MCO) », "
            "d'après l'activité « Rythmologie ».") in text
    assert engine.unit.champ_activite.code == "01"


def test_a_mode_in_unknown_words_is_found_by_oui_non_questions(engine):
    """The unit's name is read first (« ? » then starts the guide); each guide question is one
    short line ending in (oui / non); « retour » goes up one step."""
    text = converse(engine, ["", "MCO", "", "on fait au mieux avec le personnel", "?", "non", "retour", "non", "oui",
                             "non", "oui", "non", ""])
    assert "Je n'ai pas reconnu « on fait au mieux avec le personnel » ; d'après le nom" in text
    assert text.count("Les patients dorment-ils dans l'unité, au moins une nuit ? (oui / non)") == 2
    assert "Passent-ils plusieurs heures dans l'unité, pour repartir chez eux le jour même ? (oui / non)" in text
    assert "Est-ce un accueil de jour médico-social" not in text  # MCO already answers it
    assert "  1. Hospitalisation de jour (HJ) [29]" in text
    assert engine.unit.mode_prise_en_charge.code == "29"
