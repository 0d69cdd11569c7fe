"""End to end: from a FINESS extraction to the dashboard and ``progress --format csv``.

A référent imports their establishment, builds its tree, records the campaign, describes two
units (one complete, one not) and reads the follow-up. The statuses shown must be those ANS
computes (rules.unit_flags / rules.site_status), with what is missing. Structure, campaign and
outputs go through ``ror_assistant.cli.main``; the two descriptions are written with the
storage functions the interview engine calls for each confirmed answer.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ror_assistant.cli import main
from ror_assistant.description import CodedAnswer, Contact, Patientele, Telecom
from ror_assistant.nomenclature import load_catalog
from ror_assistant.progress import dashboard, site_description
from ror_assistant.rules import Status, site_status, unit_flags
from ror_assistant.storage import add_coded, add_contact, open_database, set_coded, set_patientele
from ror_assistant.storage.models import EntiteGeographique

FINESS_FILE = Path(__file__).parent / "data" / "finess" / "etalab-latin1.csv"


def run(db_url: str, *args: str) -> int:
    return main(["--db", db_url, "--user", "marie", *args])


def answer(attribute: str, code: str, value_set: str) -> CodedAnswer:
    return CodedAnswer(attribute=attribute, code=code, value_set=value_set, chosen_how="choix")


def test_from_finess_to_the_csv_dashboard(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'ror.sqlite3'}"
    # 1. pre-fill from FINESS, then the structure of one establishment
    assert run(url, "import-finess", str(FINESS_FILE), "--finess", "380012344") == 0
    assert run(url, "structure", "edit", "ej", "380780015", "--nom", "Centre hospitalier des Trois Vallées") == 0
    assert run(url, "structure", "edit", "eg", "380012344", "--champs", "MCO") == 0
    assert run(url, "structure", "add", "pole", "Pôle médecine", "--eg", "380012344") == 0
    assert run(url, "structure", "add", "service", "Cardiologie", "--eg", "380012344", "--sous", "1") == 0
    assert run(url, "structure", "add", "uf", "UF cardiologie HC", "--eg", "380012344", "--sous", "2") == 0
    assert run(url, "structure", "add", "uf", "UF cardiologie HJ", "--eg", "380012344", "--sous", "2") == 0
    assert run(url, "create", "unit", "--eg", "1", "--nom", "Hospitalisation complète de cardiologie") == 0
    assert run(url, "create", "unit", "--eg", "1", "--nom", "Hôpital de jour de cardiologie") == 0
    assert run(url, "structure", "move", "ue", "1", "--sous", "3") == 0
    assert run(url, "structure", "move", "ue", "2", "--sous", "4") == 0
    assert run(url, "campaign", "set", "--ej", "380780015", "--lancement", "05/01/2026",
               "--formation-admin", "12/01/2026", "--formation-metiers", "19/01/2026") == 0

    # 2. two units described: HC complete, HJ without patientèle nor contact
    db = open_database(url)
    try:
        with db.write("marie") as session:
            for unit_id, mode in ((1, "28"), (2, "29")):
                set_coded(session, "marie", unit_id, answer("champActivite", "01", "JDV_J20-ChampActivite-ROR"),
                          expected=None)
                set_coded(session, "marie", unit_id, answer("modePriseEnCharge", mode, "JDV_J19-ModePriseEnCharge-ROR"),
                          expected=None)
                add_coded(session, "marie", unit_id,
                          answer("activiteOperationnelle", "013", "JDV_J17-ActiviteOperationnelle-ROR"))
        with db.write("marie") as session:
            set_patientele(session, "marie", 1, Patientele(age_min=18, age_max=120), expected=Patientele())
            add_contact(session, "marie", 1, Contact(nature="06", telecoms=[
                Telecom(canal="2", adresse="0476000000", confidentialite="1")]))

        # 3. what ANS computes, straight from the rules
        catalog = load_catalog()
        with db.read() as session:
            eg = session.get(EntiteGeographique, 1)
            site = site_description(session, eg)
            expected_units = {unit.nom: unit_flags(unit, catalog).status for unit in site.units}
            [expected_row] = site_status(site, catalog)
            [board] = dashboard(session, catalog)
    finally:
        db.dispose()
    assert expected_units == {"Hospitalisation complète de cardiologie": Status.FINALISE,
                              "Hôpital de jour de cardiologie": Status.EN_COURS}
    assert expected_row.status is Status.EN_COURS

    # 4. the dashboard data says the same, with what is missing
    assert {unit.nom: unit.status for unit in board.units} == expected_units
    assert [row.status for row in board.rows] == [expected_row.status]
    hj = next(unit for unit in board.units if unit.status is Status.EN_COURS)
    assert hj.missing == ("âges de la patientèle", "contact")
    assert (board.organisation_described, board.organisation_total) == (3, 3)
    assert board.campaign.launched_on.isoformat() == "2026-01-05"

    # 5. and so does the CSV a spreadsheet opens
    capsys.readouterr()
    out = tmp_path / "suivi.csv"
    assert run(url, "progress", "--format", "csv", "-o", str(out)) == 0
    assert "Suivi écrit dans" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    eg_row, *unit_rows = rows
    assert (eg_row["niveau"], eg_row["finess_eg"], eg_row["type_activite"], eg_row["statut_ans"]) == (
        "EG", "380012344", "MCO", str(expected_row.status))
    assert (eg_row["unites_finalisees"], eg_row["unites_comptees"], eg_row["lancement"]) == ("1", "2", "2026-01-05")
    assert eg_row["organisation_decrite_pct"] == "100,0" and eg_row["unites_finalisees_pct"] == "50,0"
    assert {row["unite"]: row["statut_ans"] for row in unit_rows} == {
        name: str(status) for name, status in expected_units.items()}
    hj_row = next(row for row in unit_rows if row["unite"] == "Hôpital de jour de cardiologie")
    assert hj_row["manque"] == "âges de la patientèle, contact"
    assert hj_row["rattachement"] == "Pôle médecine > Cardiologie > UF cardiologie HJ"

    # 6. the terminal table and the HTML page carry the same statuses
    assert run(url, "progress") == 0
    table = capsys.readouterr().out
    assert "MCO : En cours (1/2 unité finalisée)" in table
    assert [line for line in table.splitlines() if len(line) > 80] == []
    page = tmp_path / "suivi.html"
    assert run(url, "progress", "--format", "html", "-o", str(page)) == 0
    html = page.read_text(encoding="utf-8")
    assert "Hôpital de jour de cardiologie" in html and "En cours" in html
    assert run(url, "tree") == 0
    tree = " ".join(capsys.readouterr().out.split())
    assert "UE #1 Hospitalisation complète de cardiologie — Finalisé" in tree
    assert "UE #2 Hôpital de jour de cardiologie — En cours (manque : âges de la patientèle, contact)" in tree
