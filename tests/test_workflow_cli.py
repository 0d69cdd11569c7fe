"""The commands a référent types: review (fiche), status, validate, request-corrections, approve,
ready — on a real SQLite file, with French output and non-zero exits on refusal."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from ror_assistant.cli import main
from ror_assistant.review.fingerprint import fingerprint, short_fingerprint
from ror_assistant.storage import Database, unit_description
from test_workflow_transitions import REFERENT, db, site  # noqa: F401  (fixtures)


@pytest.fixture
def run(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # noqa: F811
    url = str(db.url)

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(["--db", url, "--user", REFERENT, *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def status_of(db: Database, unit_id: int) -> str:  # noqa: F811
    with db.read() as session:
        return unit_description(session, unit_id).status


def test_review_writes_the_html_sheet_in_the_current_directory(run, db, site, tmp_path, monkeypatch) -> None:  # noqa: F811
    monkeypatch.chdir(tmp_path)
    code, out, err = run("review", "--unit", str(site["complete"]))
    path = tmp_path / "fiche-hopital-de-jour-d-oncologie.html"
    assert code == 0 and out == ""
    assert f"Fiche de relecture écrite : {path}" in err
    assert "1 unité passe au statut « À valider »" in err
    html = path.read_text(encoding="utf-8")
    HTMLParser().feed(html)
    assert '<html lang="fr">' in html and "Hôpital Saint-Louis (FINESS 750100232)" in html
    assert not [name for name in tmp_path.iterdir() if name.name.endswith(".tmp")]  # written through a rename
    assert status_of(db, site["complete"]) == "a_valider"


def test_review_markdown_goes_to_stdout_and_preview_moves_nothing(run, db, site) -> None:  # noqa: F811
    code, out, _ = run("fiche", "--unite", str(site["incomplete"]), "--format", "md", "--apercu")
    assert code == 0 and out.startswith("# Fiche de relecture pour le ROR — Consultations d'oncologie")
    assert "✗ MANQUANT" in out and "Statut : Brouillon" in out
    assert status_of(db, site["incomplete"]) == "brouillon"


def test_review_of_a_service_and_of_an_eg(run, db, site, tmp_path) -> None:  # noqa: F811
    target = tmp_path / "service.md"
    code, _, err = run("review", "--service", str(site["service"]), "--format", "md", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert code == 0 and "2 unités passent au statut « À valider »" in err
    assert text.startswith("# Fiche de relecture pour le ROR — Service d'oncologie médicale")
    assert "## Hôpital de jour d'oncologie" in text and "## Consultations d'oncologie" in text
    assert "## Urgences" not in text  # attached to the pôle, not to the service

    code, _, err = run("review", "--eg", str(site["eg"]), "-o", str(tmp_path / "eg.html"))
    assert code == 0 and "1 unité passe" in err  # only Urgences was still a draft
    assert (tmp_path / "eg.html").read_text(encoding="utf-8").count('<article class="unit"') == 3

    code, _, err = run("review", "--service", "999")
    assert code != 0 and "Le service n° 999 n'existe pas" in err


def test_decisions_recorded_from_the_signed_sheet(run, db, site, tmp_path) -> None:  # noqa: F811
    unit = str(site["complete"])
    code, _, err = run("validate", "--unit", unit)
    assert code != 0 and "son statut est « Brouillon »" in err and "ror-assistant fiche --unite" in err

    run("review", "--unit", unit, "-o", str(tmp_path / "fiche.html"))
    code, _, err = run("corrections", "--unite", unit, "--point", "activites", "ajouter la radiothérapie",
                       "--commentaire", "revoir le nom", "--par", "Dr Martin")
    assert code == 0, err
    code, out, _ = run("statut", unit)
    assert "Statut : Corrections demandées" in out
    assert "Activités opérationnelles : « ajouter la radiothérapie » (marie.dupont" in out
    assert "L'unité dans son ensemble : « revoir le nom »" in out

    run("review", "--unit", unit, "-o", str(tmp_path / "fiche.html"))
    with db.read() as session:
        current = short_fingerprint(fingerprint(unit_description(session, site["complete"])))
    code, out, err = run("valider", "--unite", unit, "--par", "Dr Martin", "--empreinte", current)
    assert code == 0, err
    assert "« Hôpital de jour d'oncologie » (n° 1) : Validée par le chef de service." in out
    assert "décision de Dr Martin" in out and "Ensuite : faites valider par la direction" in out

    assert run("approve", "--unit", unit, "--by", "Mme Durand, directrice")[0] == 0
    code, out, _ = run("ready", "--unit", unit)
    assert code == 0 and "Prête pour le ROR" in out

    code, out, _ = run("status", unit)
    assert "Statut : Prête pour le ROR" in out and "Critères ANS : « Finalisé »" in out
    assert out.count("Fiche de relecture émise") == 2 and "Corrections demandées, enregistrées par" in out


def test_ready_refused_with_missing_criteria_exits_non_zero(run, site, tmp_path) -> None:  # noqa: F811
    unit = str(site["incomplete"])
    run("review", "--unit", unit, "-o", str(tmp_path / "fiche.html"))
    assert run("validate", "--unit", unit)[0] == 0
    assert run("approve", "--unit", unit)[0] == 0
    code, _, err = run("ready", "--unit", unit)
    assert code != 0 and "ne remplit pas tous les critères ANS" in err and "Pour corriger" in err
