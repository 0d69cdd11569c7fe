"""Whole interviews driven through the engine API, on real nomenclatures and a real SQLite file."""

from __future__ import annotations

import statistics
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from ror_assistant.description import CodedAnswer
from ror_assistant.interview import FINISHED_STEP, Interview, answers
from ror_assistant.interview.dialog import bundled_dialog
from ror_assistant.matching.aliases import list_aliases
from ror_assistant.storage import create_oi, create_unit, move_unit, set_coded, unit_description
from ror_assistant.storage.models import CodedValue
from test_interview_fixtures import (  # noqa: F401  (fixtures)
    ONCOLOGY_SCRIPT,
    feed,
    USER,
    answer,
    db,
    db_url,
    engine,
    matcher,
    new_unit,
    unit_id,
)


def stored(db, unit_id):
    with db.read() as session:
        return unit_description(session, unit_id)


def unit_in(db, nom: str, *levels: tuple[str, str]) -> int:
    """A new unit ``nom`` inside the organisation ``levels`` ((type_oi, name), highest first)."""
    unit_id = new_unit(db, nom=nom)
    with db.write(USER) as session:
        parent = None
        for type_oi, name in levels:
            parent = create_oi(session, USER, unit_description(session, unit_id).eg_id, type_oi, name,
                               parent_id=parent.id if parent else None)
        move_unit(session, USER, unit_id, parent.id)
    return unit_id


def run_script(engine: Interview, lines: list[str]) -> None:
    feed(engine, lines)


def fill(engine: Interview, answers: dict[str, str]) -> list[str]:
    """Answer whatever question comes from ``answers`` (first proposal), pass the others;
    returns the questions asked, in order."""
    asked = []
    while not engine.finished:
        question = engine.question
        asked.append(question.id)
        if question.multiple and engine.unit.codes(question.attribute):
            engine.submit("")
        elif question.id in answers:
            answer(engine, answers[question.id])
        else:
            assert not question.required, question.id
            engine.skip()
    return asked


def test_whole_interview_ends_with_every_ans_flag_met(db, engine, unit_id):
    assert engine.question.id == "description"
    run_script(engine, ONCOLOGY_SCRIPT)
    assert engine.finished
    unit = stored(db, unit_id)
    assert unit.interview_step == FINISHED_STEP
    assert unit.mode_prise_en_charge.code == "29"
    assert unit.champ_activite.code == "01"
    assert [answer.code for answer in unit.activites_operationnelles] == ["164"]
    assert (unit.patientele.age_min, unit.patientele.age_max) == (18, 120)
    contact = unit.contacts[0]
    assert (contact.nature, contact.confidentialite) == ("07", "1")
    assert (contact.telecoms[0].canal, contact.telecoms[0].confidentialite) == ("2", "1")
    assert [(h.jour, h.debut, h.fin, h.type_plage) for h in unit.horaires] == [
        (day, "08:30", "17:00", "02") for day in range(1, 6)]
    flags = engine.flags
    assert str(flags.status) == "Finalisé" and not engine.missing
    assert all(value in (True, None) for value in flags.by_code.values())


def test_opening_description_fills_what_it_can_and_the_interview_skips_it(engine):
    reply = engine.submit("Hôpital de jour d'oncologie pour adultes")
    assert reply.kind == "proposals"
    labels = [proposal.label for proposal in reply.proposals]
    assert "Hospitalisation de jour (HJ)" in labels and "Âges : 18 à 120 ans" in labels
    # « oncologie » alone is not certain: proposed as a best guess the person must check
    assert [(proposal.code, proposal.uncertain) for proposal in reply.proposals if proposal.code] == [
        ("29", False), ("102", True)]
    assert engine.confirm().kind == "saved"
    assert [answer.code for answer in engine.unit.activites_operationnelles] == ["102"]
    assert engine.question.id == "champ"
    answer(engine, "MCO")
    assert engine.question.id == "publics"  # mode, activity and ages are known: not asked
    assert engine.skip().question.id == "unite_sensible"
    answer(engine, "non")
    assert engine.question.id == "contact_telecom"  # a new unit starts with its EG's address


def test_opening_keeps_only_the_numbers_chosen(engine):
    reply = engine.submit("Hôpital de jour d'oncologie pour adultes")
    ages = next(number for number, proposal in enumerate(reply.proposals, start=1) if proposal.value is not None)
    engine.confirm([ages])
    assert engine.unit.mode_prise_en_charge is None
    assert engine.unit.patientele.age_min == 18


def test_two_modes_explain_the_rule_and_create_the_second_unit(db, engine, unit_id):
    engine.goto("mode")
    reply = engine.submit("hospitalisation complète et hôpital de jour")
    assert "qu'un seul mode" in reply.message
    assert [proposal.code for proposal in reply.proposals] == ["28"]
    assert engine.second_unit.code == "29"
    engine.confirm()
    fill(engine, {"champ": "MCO", "activites": "cardiologie", "patientele": "de 18 à 90 ans", "unite_sensible": "non",
                  "contact_telecom": "01 45 67 89 10", "contact_nature": "accueil", "contact_confidentialite": "2"})
    assert engine.finished and engine.second_unit is not None
    twin_id = engine.create_second_unit()
    twin = stored(db, twin_id)
    original = stored(db, unit_id)
    assert twin.mode_prise_en_charge.code == "29" and original.mode_prise_en_charge.code == "28"
    assert twin.champ_activite.code == original.champ_activite.code == "01"
    assert [a.code for a in twin.activites_operationnelles] == [a.code for a in original.activites_operationnelles]
    assert (twin.patientele.age_min, twin.patientele.age_max) == (18, 90)
    assert "Hospitalisation de jour" in twin.nom


def test_only_one_champ_per_unit(engine):
    engine.goto("champ")
    reply = engine.submit("MCO et psychiatrie")
    assert "qu'une seule valeur" in reply.message
    assert engine.confirm([1, 2]).kind == "invalid"
    assert engine.confirm([2]).kind == "saved"
    assert engine.unit.champ_activite.code == "03"


def test_values_are_checked_with_clear_french_messages(engine):
    engine.goto("patientele")
    assert "supérieur à l'âge maximum" in engine.submit("de 80 à 18 ans").message
    assert engine.submit("de 3 mois à 17 ans").proposals[0].label == "3 mois à 17 ans"
    engine.goto("adresse")
    assert "ne commence pas par un numéro de département" in engine.submit("1 rue Haute, 99123 Nulle-Part").message
    assert "code postal" in engine.submit("1 rue Haute").message
    engine.goto("contact_telecom")
    assert "10 chiffres" in engine.submit("01 23 45").message
    assert engine.submit("secretariat@chu-exemple.fr").proposals[0].label == \
        "Courrier électronique : secretariat@chu-exemple.fr"
    assert "plusieurs arobases" in engine.submit("secretariat@@chu").message
    assert engine.submit("06 12 34 56 78").proposals[0].label == "Téléphone mobile : 06 12 34 56 78"


def test_contact_needs_its_telecom_first(engine):
    assert engine.goto("contact_nature").kind == "invalid"
    engine.goto("contact_telecom")
    answer(engine, "01 45 67 89 10")
    assert engine.question.id == "contact_nature"
    reply = engine.submit("prise de rendez-vous")
    assert reply.proposals[0].code == "02"


def test_address_defaults_to_the_establishment(db, matcher):
    unit_id = new_unit(db, "Consultations de cardiologie")
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    engine.goto("adresse")
    answer(engine, "5 avenue Foch, 69006 Lyon")
    assert engine.unit.address.localite == "Lyon"
    engine.goto("adresse")
    reply = engine.submit("oui")
    assert reply.proposals[0].label == "12 rue de la Paix, 75002 Paris"
    engine.confirm()
    assert engine.unit.address.code_postal == "75002"


def test_navigation_skip_back_goto_and_undo(engine):
    engine.submit("")  # the opening question is optional
    assert engine.question.id == "champ"
    assert "obligatoire" in engine.skip().message
    answer(engine, "MCO")
    assert engine.question.id == "mode"
    assert engine.back().question.id == "champ"
    answer(engine, "psychiatrie")
    assert engine.unit.champ_activite.code == "03"
    reply = engine.undo()
    assert reply.kind == "saved" and engine.unit.champ_activite.code == "01"
    assert engine.question.id == "champ"
    engine.undo()
    assert engine.unit.champ_activite is None
    assert engine.undo().kind == "invalid"
    assert engine.goto("Âges").question.id == "patientele"
    assert "Question inconnue" in engine.goto("couleur").message
    engine.goto("publics")
    assert engine.skip().question.id != "publics"


def test_type_offre_only_where_the_eg_category_needs_it(db, matcher):
    saas = Interview.open(db, new_unit(db, "Service d'aide à domicile", categorie="209"), USER, matcher=matcher)
    hospital = Interview.open(db, new_unit(db, "Cardiologie"), USER, matcher=matcher)
    assert saas.goto("type_offre").kind == "moved"
    assert hospital.goto("type_offre").kind == "invalid"
    assert saas.flags.categorie_organisation is False and hospital.flags.categorie_organisation is None


def test_resume_lands_on_the_same_question_with_answers_present(db, engine, unit_id, matcher):
    run_script(engine, ONCOLOGY_SCRIPT[:4])
    current = engine.question.id
    engine.submit("chimiothérapie")  # proposed, never confirmed: lost like a line being typed
    again = Interview.open(db, unit_id, USER, matcher=matcher)
    assert again.question.id == current
    assert again.unit.champ_activite.code == "01" and not again.unit.activites_operationnelles


def test_a_change_made_meanwhile_is_not_overwritten(db, engine, unit_id):
    engine.goto("mode")
    engine.submit("hôpital de semaine")
    with db.write("paul") as session:
        set_coded(session, "paul", unit_id, CodedAnswer(attribute="modePriseEnCharge", code="28",
                                                        value_set="JDV_J19-ModePriseEnCharge-ROR"), expected=None)
    reply = engine.confirm()
    assert reply.kind == "invalid" and "paul" in reply.message
    assert stored(db, unit_id).mode_prise_en_charge.code == "28"


def test_propose_is_cheap_and_writes_nothing(db, engine, unit_id):
    engine.goto("activites")
    with db.read() as session:
        before = len(session.exec(select(CodedValue)).all())
    durations = []
    for text in ["c", "ch", "chi", "chim", "chimio", "chimioth", "chimiothérapie", "soins pal", "réa néonat"] * 5:
        start = time.perf_counter()
        engine.propose(text)
        durations.append(time.perf_counter() - start)
    assert statistics.median(durations) < 0.010
    assert engine.propose("chimiothérapie")[0].code == "164"
    with db.read() as session:
        assert len(session.exec(select(CodedValue)).all()) == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=80), question=st.sampled_from(
    ["description", "champ", "mode", "activites", "patientele", "publics", "unite_sensible", "adresse",
     "contact_telecom", "horaires"]))
def test_arbitrary_text_never_crashes_and_never_writes_unconfirmed(db, engine, unit_id, text, question):
    engine.goto(question)
    before = stored(db, unit_id)
    if not text.strip():
        return
    reply = engine.submit(text)
    assert reply.kind in {"proposals", "invalid", "moved"}
    after = stored(db, unit_id)
    assert after.model_dump(exclude={"revision", "updated_at", "interview_step"}) == \
        before.model_dump(exclude={"revision", "updated_at", "interview_step"})


def test_a_hesitant_match_once_confirmed_is_learnt_for_the_establishment(db, engine, unit_id, matcher):
    engine.goto("activites")
    first = engine.submit("onco")
    chosen = first.proposals[1]
    engine.confirm([2])
    with db.write(USER) as session:
        sibling = create_unit(session, USER, engine.unit.eg_id, "Consultations d'oncologie").id
    other = Interview.open(db, sibling, USER, matcher=matcher)
    other.goto("activites")
    again = other.submit("Onco")
    assert again.proposals[0].code == chosen.code and again.proposals[0].via == "alias"
    other.confirm()
    assert other.unit.activites_operationnelles[0].chosen_how == "alias"


def test_hebergement_brings_temporalite_and_places(engine):
    assert engine.goto("temporalite").kind == "invalid"
    engine.goto("mode")
    answer(engine, "hébergement")
    assert engine.unit.mode_prise_en_charge.code == "46"
    assert engine.goto("temporalite").kind == "moved"
    answer(engine, "permanent")
    assert engine.unit.temporalite_accueil.code == "02"
    engine.goto("places")
    assert "entre 0 et 2000" in engine.submit("5000").message
    assert "nombre entier" in engine.submit("une douzaine").message
    answer(engine, "12 places")
    assert engine.unit.places_installees == 12
    engine.undo()
    assert engine.unit.places_installees == 0


def test_an_empty_line_at_the_champ_question_proposes_what_the_activite_points_to(engine):
    engine.goto("activites")
    answer(engine, "psychiatrie adulte")
    engine.goto("champ")
    assert engine.suggestion().reason == "d'après l'activité « Psychiatrie adulte »"
    reply = engine.submit("")
    assert reply.kind == "proposals"
    assert reply.proposals[0].code == "03"
    assert "D'après l'activité « Psychiatrie adulte »" in reply.message
    assert engine.confirm().kind == "saved"
    assert engine.unit.champ_activite.code == "03"
    engine.goto("champ")
    assert engine.suggestion() is None  # an answered question suggests nothing


def test_an_empty_line_with_nothing_known_asks_for_an_answer(db, matcher):
    engine = Interview.open(db, new_unit(db, nom="Unité 3B"), USER, matcher=matcher)
    for question in ("champ", "mode", "activites", "patientele"):
        engine.goto(question)
        assert engine.suggestion() is None
        assert engine.submit("").kind == "invalid"


def test_the_unit_name_suggests_mode_activite_ages_and_champ(db, matcher):
    engine = Interview.open(db, new_unit(db, nom="HDJ onco adultes"), USER, matcher=matcher)
    expected = {"champ": "01", "mode": "29", "activites": "102"}
    for question, code in expected.items():
        engine.goto(question)
        assert engine.suggestion().reason == "d'après le nom « HDJ onco adultes »"
        assert engine.submit("").proposals[0].code == code
        assert engine.confirm().kind == "saved"
    engine.goto("patientele")
    assert engine.submit("").proposals[0].label == "Âges : 18 à 120 ans"
    engine.confirm()
    unit = engine.unit
    assert (unit.champ_activite.code, unit.mode_prise_en_charge.code) == ("01", "29")
    assert [answer.code for answer in unit.activites_operationnelles] == ["102"]
    assert (unit.patientele.age_min, unit.patientele.age_max) == (18, 120)
    with db.read() as session:  # a unit's name is not an answer to learn as an alias
        assert list_aliases(session) == []


def test_opening_hours_are_proposed_in_french_recorded_by_type_and_undone(db, engine, unit_id):
    assert engine.goto("horaires").kind == "moved"
    assert "Exemple : du lundi au vendredi de 8h30 à 17h" in engine.help()
    refused = engine.submit("lundi 18h-8h")
    assert refused.kind == "invalid"
    assert refused.message.startswith("La fin (8 h) n'est pas après le début (18 h).")
    assert "Pour corriger : écrivez les jours puis les heures" in refused.message
    assert engine.submit("mecredi 9h-12h").message.startswith("Jour inconnu « mecredi »")

    reply = engine.submit("en semaine 8h30-17h, samedi 8h-12h")
    assert reply.kind == "proposals" and len(reply.proposals) == 1
    assert reply.proposals[0].label == "Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 8 h – 12 h"
    assert stored(db, unit_id).horaires == []  # nothing written before the confirmation
    assert engine.confirm().kind == "saved"
    assert len(stored(db, unit_id).horaires) == 6 and engine.question.id != "horaires"

    engine.goto("horaires")
    answer(engine, "consultations sur rendez-vous le mardi de 14h à 17h")
    engine.goto("horaires")
    answer(engine, "24h/24")  # replaces the horaires de fonctionnement only
    [item] = [item for item in engine.summary() if item.question.id == "horaires"]
    assert item.values == ("24 h/24, 7 j/7", "Consultations sur rendez-vous : mardi, 14 h – 17 h")
    assert {h.type_plage for h in stored(db, unit_id).horaires} == {"02", "07"}

    assert engine.undo().message == "Annulé : 24 h/24, 7 j/7."
    assert engine.question.id == "horaires"
    labels = [item.values for item in engine.summary() if item.question.id == "horaires"][0]
    assert labels == ("Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 8 h – 12 h",
                      "Consultations sur rendez-vous : mardi, 14 h – 17 h")
    engine.undo()
    engine.undo()
    assert stored(db, unit_id).horaires == []


def test_opening_hours_may_be_passed(engine):
    engine.goto("horaires")
    assert engine.skip().kind in {"moved", "finished"}
    assert engine.question is None or engine.question.id != "horaires"


def test_opening_hours_changed_meanwhile_are_not_overwritten(db, engine, unit_id):
    from ror_assistant.description import Horaire
    from ror_assistant.storage import set_horaires

    engine.goto("horaires")
    engine.submit("lun-ven 8h-18h")
    paul = [Horaire(jour=1, debut="07:00", fin="19:00")]
    with db.write("paul") as session:
        set_horaires(session, "paul", unit_id, paul, expected=[], type_plage="02")
    reply = engine.confirm()
    assert reply.kind == "invalid" and "paul" in reply.message and "Horaires" in reply.message
    assert stored(db, unit_id).horaires == paul


def test_opening_description_gives_the_hours_it_states(engine):
    reply = engine.submit("Hôpital de jour d'oncologie pour adultes, ouvert du lundi au vendredi de 8h30 à 17h")
    assert "Horaires : Du lundi au vendredi, 8 h 30 – 17 h" in [proposal.label for proposal in reply.proposals]
    engine.confirm()
    assert [(h.jour, h.debut, h.fin) for h in engine.unit.horaires] == [
        (day, "08:30", "17:00") for day in range(1, 6)]
    engine.goto("horaires")
    assert engine.submit("").kind != "invalid"  # answered: an empty line goes on


def test_the_service_a_unit_belongs_to_suggests_its_activite(db, matcher):
    """A unit « HDJ 2 » of the service « Pneumologie »: the activité is suggested from the service."""
    unit_id = unit_in(db, "HDJ 2", ("2", "Service de pneumologie"))
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    engine.goto("activites")
    found = engine.suggestion()
    assert found.proposals[0].code == "114"
    assert found.reason == "d'après « Service de pneumologie », dont l'unité fait partie"
    engine.goto("mode")
    assert engine.suggestion().proposals[0].code == "29"  # the mode comes from the unit's own name only


def test_an_answer_is_read_after_the_service_above_the_unit(db, matcher):
    """« Unité A » of the « Service de pneumologie »: the answer at the activité question is read
    after both names (round 17). Without the service, the name says nothing, and the reply does
    not claim it as its reason."""
    text = "les exacerbations et les bilans de dyspnée"
    alone = Interview.open(db, new_unit(db, nom="Unité A"), USER, matcher=matcher)
    alone.goto("activites")
    reply = alone.submit(text)
    assert reply.proposals[0].code != "114" and "D'après" not in reply.message

    unit_id = unit_in(db, "Unité A", ("1", "Pôle Médecine"), ("2", "Service de pneumologie"))
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    engine.goto("activites")
    reply = engine.submit(text)
    assert reply.proposals[0].code == "114"
    assert reply.message.startswith("D'après « Service de pneumologie › Unité A » et votre réponse : ")
    assert [proposal.code for proposal in engine.propose(text)] == [proposal.code for proposal in reply.proposals]


def test_an_answer_that_hesitates_puts_first_the_activite_the_unit_s_own_name_reads_sure(db, matcher):
    """« USIC » of the « Service de cardiologie », answered with what it treats: read with the
    service, the answer leans to Cardiologie générale; the unit's own name says its intensive
    care (round 19). An answer that names the name's activité more precisely keeps its own
    first (« Rythmologie » that ablates is Rythmologie interventionnelle)."""
    unit_id = unit_in(db, "USIC", ("2", "Service de cardiologie"))
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    engine.goto("activites")
    text = "cardiologie aiguë : coronaires, insuffisances cardiaques décompensées"
    reply = engine.submit(text)
    assert [proposal.code for proposal in reply.proposals[:2]] == ["354", "013"]
    assert reply.to_choose is False and reply.kind == "proposals"
    assert "comme le dit le nom « USIC »" in reply.message
    assert [proposal.code for proposal in engine.propose(text)] == [proposal.code for proposal in reply.proposals]

    rythmo = Interview.open(db, unit_in(db, "Rythmologie", ("2", "Service de cardiologie")), USER, matcher=matcher)
    rythmo.goto("activites")
    reply = rythmo.submit("pose de pacemakers, ablations de fibrillation auriculaire")
    codes = [proposal.code for proposal in reply.proposals]
    assert codes[0] == "133" and "132" in codes
    assert matcher.match_name("activite", "Rythmologie").best.code == "132"


def test_an_answer_that_hesitates_puts_first_the_mode_the_unit_s_own_name_reads_sure(db, matcher):
    """A « CATTP » whose patients come for workshops some half-days: read with the name, the
    answer still leans to a day hospital; the name says group care (round 19)."""
    text = "ils viennent une ou deux demi-journées par semaine pour des ateliers d'écriture et de jardin"
    assert matcher.match_name("mode", "CATTP Les Mouettes").best.code == "42"
    engine = Interview.open(db, new_unit(db, nom="CATTP Les Mouettes"), USER, matcher=matcher)
    engine.goto("mode")
    reply = engine.submit(text)
    assert [proposal.code for proposal in reply.proposals[:2]] == ["42", "29"]
    assert "comme le dit le nom « CATTP Les Mouettes »" in reply.message


def test_an_activite_answer_that_hesitates_elsewhere_gets_the_name_s_activite_first(db, matcher):
    """« Réa poly » answered with what it treats: the words lean to the surgical réanimation and
    do not even list the polyvalent one the name says; that comes first, as a question, and the
    proposals keep their number (round 20)."""
    text = "sepsis graves, détresses respiratoires, suites de chirurgie lourde"
    unit_id = unit_in(db, "Réa poly", ("1", "Pôle 2"))
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    engine.goto("activites")
    reply = engine.submit(text)
    codes = [proposal.code for proposal in reply.proposals]
    assert codes[:2] == ["127", "122"] and len(codes) == len(set(codes)) == 5
    assert "comme le dit le nom « Réa poly »" in reply.message


def test_where_a_mobile_team_goes_tells_its_mode(db, matcher):
    """An « EMSP » that goes to the wards and to the patients' homes is extra et
    intra-hospitalière; an « EMG » that never leaves the hospital intra-hospitalière, its own
    words said so; a « SMUR » that brings patients to the urgences still goes out (round 20)."""
    emsp = Interview.open(db, new_unit(db, nom="EMSP Sud"), USER, matcher=matcher)
    emsp.goto("mode")
    reply = emsp.submit("au chevet des malades dans les services, et aussi chez eux quand l'HAD nous appelle")
    assert reply.proposals[0].code == "53"

    emg = Interview.open(db, new_unit(db, nom="EMG"), USER, matcher=matcher)
    emg.goto("mode")
    reply = emg.submit("uniquement dans les étages, jamais en dehors de l'hôpital")
    assert [proposal.code for proposal in reply.proposals[:2]] == ["52", "53"]
    assert reply.message.startswith("Voulez-vous dire « Equipe mobile intra-hospitalière » "
                                    "(l'équipe intervient dans l'hôpital) ?")

    smur = Interview.open(db, new_unit(db, nom="SMUR 2"), USER, matcher=matcher)
    smur.goto("mode")
    reply = smur.submit("on part sur appel du 15 et on ramène les patients aux urgences")
    assert reply.proposals[0].code not in {"52", "53"} and "11" in [proposal.code for proposal in reply.proposals]


def test_the_opening_keeps_the_mode_a_description_picks_among_those_its_name_hesitates_over(db, matcher):
    """An « IME » reads hébergement or accueil de jour; a description that says « externat »
    picks the day accueil, and the name's first guess does not replace it (round 20)."""
    assert [candidate.code for candidate in matcher.match_name("mode", "IME Les Glycines", limit=2).candidates] == [
        "46", "47"]
    text = ("Quarante enfants de 6 à 14 ans avec une déficience intellectuelle, en externat : le taxi les "
            "dépose à 9 h et les reprend à 16 h 30.")
    engine = Interview.open(db, new_unit(db, nom="IME Les Glycines"), USER, matcher=matcher)
    reply = engine.submit(text)
    assert [(proposal.code, proposal.uncertain) for proposal in reply.proposals
            if proposal.attribute == "modePriseEnCharge"] == [("47", True)]


def test_the_opening_reads_where_a_mobile_team_goes(db, matcher):
    """At the opening too, the places the description names give the team's mode, before the
    good guess the name « EMSP » alone reads (round 20)."""
    assert matcher.match_name("mode", "EMSP Sud").best.code == "53"
    text = ("Deux infirmières et une médecin de soins palliatifs, sans lits : on nous appelle au chevet "
            "des malades dans les services. Nous n'allons pas à domicile.")
    engine = Interview.open(db, new_unit(db, nom="EMSP Sud"), USER, matcher=matcher)
    reply = engine.submit(text)
    assert [proposal.code for proposal in reply.proposals if proposal.attribute == "modePriseEnCharge"] == ["52"]


def test_an_answer_that_only_repeats_the_unit_s_name_is_read_as_the_name_says(db, matcher):
    """« ambulatoire » alone is a day hospital for the matcher; at the mode question of the
    « UCA », it repeats a word of what the name says: the name's Chirurgie ambulatoire comes
    first, as a question. « SMR » at the activité question of a « SMR gériatrique » likewise.
    An answer with words of its own keeps its reading (round 20)."""
    assert matcher.match("mode", "ambulatoire").best.code == "29"
    uca = Interview.open(db, new_unit(db, nom="UCA Bâtiment Sud"), USER, matcher=matcher)
    uca.goto("mode")
    reply = uca.submit("ambulatoire")
    assert [proposal.code for proposal in reply.proposals[:2]] == ["09", "29"]
    assert reply.message.startswith("Voulez-vous dire « Chirurgie ambulatoire », comme le dit le nom « UCA Bâtiment Sud » ?")
    assert uca.submit("hospitalisation complète").proposals[0].code == "28"

    smr = Interview.open(db, new_unit(db, nom="SMR gériatrique"), USER, matcher=matcher)
    smr.goto("activites")
    assert matcher.match("activite", "SMR").best.code == "172"
    assert smr.submit("SMR").proposals[0].code == "241"


def test_the_mode_counts_on_the_unit_s_own_name_before_the_level_above(db, matcher):
    """« Accueil de jour Le Jardin » of the « EHPAD Les Tilleuls »: its mode is its own day
    accueil, not the EHPAD's hébergement (round 17)."""
    unit_id = unit_in(db, "Accueil de jour Le Jardin", ("2", "EHPAD Les Tilleuls"))
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    engine.goto("mode")
    reply = engine.submit("à la journée, un minibus les amène le matin")
    assert reply.proposals[0].code == "47"
    assert reply.message.startswith("D'après le nom « Accueil de jour Le Jardin » et votre réponse")


def test_the_opening_description_is_read_after_the_service_above_the_unit(db, matcher):
    """The opening description counts on the service as an answer does (round 17)."""
    unit_id = unit_in(db, "Unité A", ("2", "Service de pneumologie"))
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    reply = engine.submit("des bilans et des exacerbations chez l'adulte, 20 lits")
    assert [(proposal.code, proposal.uncertain) for proposal in reply.proposals if proposal.code] == [
        ("28", False), ("114", True)]


def test_the_service_heads_the_unit_name_unless_the_name_says_it(matcher):
    from ror_assistant.interview.answers import unit_context
    assert unit_context(matcher, "Néonat 1", ["Pôle Femme-Mère-Enfant", "Néonatologie"]) == "Néonatologie › Néonat 1"
    assert unit_context(matcher, "USLD Les Tilleuls", ["Filière gériatrique", "USLD"]) == "USLD Les Tilleuls"
    assert unit_context(matcher, "HDJ 2", []) == "HDJ 2"
    assert unit_context(matcher, "Unité B", ["Pôle 3", "Secteur 2"]) == "Secteur 2 › Unité B"  # no level reads


def test_the_service_is_the_nearest_level_that_names_a_specialty(matcher):
    """« Hospitalisation complète » or « Extra-hospitalier » between the unit and its specialty
    name a mode or a place: the answer is read after the level above them (round 19)."""
    from ror_assistant.interview.answers import unit_context
    assert unit_context(matcher, "Aile Ouest", ["Pôle 4", "SMR cardiologique", "Hospitalisation complète"]) == \
        "SMR cardiologique › Aile Ouest"
    assert unit_context(matcher, "Les Iris", ["Psychiatrie adulte", "Secteur 3", "Extra-hospitalier"]) == \
        "Psychiatrie adulte › Les Iris"


def test_opening_description_is_read_after_the_unit_name(db, matcher):
    # people describe « HDJ Oncologie digestive » without repeating the mode or the specialty
    unit = new_unit(db, nom="HDJ Oncologie digestive")
    engine = Interview.open(db, unit, USER, matcher=matcher)
    reply = engine.submit("Nous administrons les chimiothérapies et immunothérapies des cancers digestifs")
    # only guesses alone: read after the name, the treatments are sure and the digestive
    # oncology the name says is a guess to check
    assert [(proposal.code, proposal.uncertain) for proposal in reply.proposals if proposal.code] == [
        ("29", False), ("164", False), ("189", True)]


def test_opening_keeps_the_activites_the_description_names_on_its_own(db, matcher):
    unit = new_unit(db, nom="Médecine B")
    engine = Interview.open(db, unit, USER, matcher=matcher)
    reply = engine.submit("cardio et pneumo, 30 lits")
    codes = [proposal.code for proposal in reply.proposals]
    assert "013" in codes and "114" in codes and "28" in codes


def test_an_answer_the_matcher_hesitates_on_is_read_after_the_unit_name(db, matcher):
    """At the activité question of « HDJ Rhumatologie », the bilans are its rheumatology; the
    live proposals while typing say the same; what is learnt is keyed on the answer as typed."""
    engine = Interview.open(db, new_unit(db, nom="HDJ Rhumatologie"), USER, matcher=matcher)
    engine.goto("activites")
    text = "bilans et perfusions de biothérapies"
    assert matcher.match("activite", text).best.code != "131"  # alone: a bilan psychomoteur
    reply = engine.submit(text)
    assert reply.proposals[0].code == "131" and reply.proposals[0].free_text == text
    assert reply.message.startswith("D'après le nom « HDJ Rhumatologie » et votre réponse : ")
    assert [proposal.code for proposal in engine.propose(text)] == [proposal.code for proposal in reply.proposals]
    engine.confirm()
    assert [answer.code for answer in engine.unit.activites_operationnelles] == ["131"]
    with db.read() as session:  # an unsure reading confirmed: learnt for the words typed
        assert [alias.text_key for alias in list_aliases(session, field="activite")] == [
            "bilans perfusions biotherapies"]


def test_the_unit_name_settles_a_mode_the_answer_leaves_open(engine, db, unit_id, matcher):
    engine.goto("mode")
    assert matcher.match("mode", "hospitalisation").verdict == "ambiguous"  # complète, de jour, de nuit…
    reply = engine.submit("hospitalisation")
    assert reply.proposals[0].code == "29" and not reply.to_choose
    assert reply.message.startswith("D'après le nom « Hôpital de jour d'oncologie » et votre réponse, je propose "
                                    "« Hospitalisation de jour (HJ) »")
    assert engine.confirm().kind == "saved"
    assert stored(db, unit_id).mode_prise_en_charge.code == "29"


def test_an_answer_read_well_on_its_own_is_not_replaced_by_the_unit_name(db, engine, matcher):
    """What the answer is sure of comes first (« ils restent la journée » in « Médecine 2 »,
    which read together hesitate); an activité it names well stays first in an HDJ
    d'oncologie."""
    medecine = Interview.open(db, new_unit(db, nom="Médecine 2"), USER, matcher=matcher)
    medecine.goto("mode")
    reply = medecine.submit("ils restent la journée")
    assert reply.proposals[0].code == "29" and reply.message.startswith("Je propose")
    engine.goto("activites")
    reply = engine.submit("chimiothérapie")
    assert reply.proposals[0].code == "164" and "D'après le nom" not in reply.message


def test_an_answer_read_as_nothing_gets_the_unit_name_s_reading_and_the_guide_stays_at_hand(engine, matcher):
    engine.goto("mode")
    text = "on fait au mieux avec le personnel"
    assert matcher.match("mode", text).verdict == "none"
    reply = engine.submit(text)
    assert reply.kind == "proposals" and reply.to_choose and reply.proposals[0].code == "29" and not engine.guiding
    assert reply.message == (
        "Je n'ai pas reconnu « on fait au mieux avec le personnel » ; d'après le nom « Hôpital de jour "
        "d'oncologie », je propose « Hospitalisation de jour (HJ) ». Confirmez (Entrée ou « oui ») ou choisissez "
        "un autre numéro. Si vous hésitez, tapez « ? » pour quelques questions oui / non.")
    assert engine.submit("?").kind == "moved" and engine.guiding


def test_a_description_that_says_the_name_is_read_as_it_is():
    from ror_assistant.interview.answers import described_with_name

    assert described_with_name("bilans et perfusions", "HDJ Rhumatologie") == "HDJ Rhumatologie : bilans et perfusions"
    assert described_with_name("l'hdj rhumatologie fait des bilans", "HDJ Rhumatologie") == \
        "l'hdj rhumatologie fait des bilans"
    assert described_with_name("bilans", "  ") == "bilans"


def test_a_mode_is_proposed_in_the_terms_of_the_unit_s_confirmed_champ(db, matcher):
    """An IME's « en journée seulement » is its accueil de jour, said so; a ward's stays its HJ."""
    ime = Interview.open(db, new_unit(db, nom="Les Mésanges"), USER, matcher=matcher)
    ime.goto("mode")
    assert ime.submit("en journée seulement").proposals[0].code == "29"  # champ not known yet
    ime.goto("champ")
    answer(ime, "médico-social")
    assert ime.unit.champ_activite.code == "04"
    ime.goto("mode")
    reply = ime.submit("en journée seulement")
    assert reply.proposals[0].code == "47"
    assert ("Unité du champ « Médico-social (MS) » : on y parle d'« Accueil de jour » plutôt que "
            "d'« Hospitalisation de jour (HJ) ».") in reply.message
    assert ime.confirm().kind == "saved"
    assert stored(db, ime.unit.id).mode_prise_en_charge.code == "47"


def test_the_unit_name_suggests_its_mode_in_the_champ_s_terms(db, matcher):
    engine = Interview.open(db, new_unit(db, nom="HDJ Les Mésanges"), USER, matcher=matcher)
    engine.goto("mode")
    assert engine.suggestion().proposals[0].code == "29"
    engine.goto("champ")
    answer(engine, "médico-social")
    engine.goto("mode")
    assert engine.suggestion().proposals[0].code == "47"


def test_the_opening_proposes_the_mode_the_unit_s_name_says_when_the_description_leaves_it_to_guess(db, matcher):
    """« ELSA » says its mode; a long description of the team's work says it only in passing
    (round 18). A mode the description is sure of stays its own."""
    elsa = Interview.open(db, unit_in(db, "ELSA", ("2", "Service d'addictologie")), USER, matcher=matcher)
    text = ("Nous repérons les patients qui boivent trop ou qui fument, quel que soit le service, "
            "et les urgences nous appellent souvent le lendemain d'une alcoolisation.")
    alone = [p for p in answers.opening_proposals(matcher, elsa.dialog, text) if p.attribute == "modePriseEnCharge"]
    assert all(p.uncertain and p.code != "52" for p in alone)  # « urgences » said in passing: a guess
    modes = [p for p in elsa.submit(text).proposals if p.attribute == "modePriseEnCharge"]
    assert [(p.code, p.uncertain) for p in modes] == [("52", True)]
    cmp_ = Interview.open(db, new_unit(db, nom="CMP Les Tilleuls"), USER, matcher=matcher)
    modes = [p for p in cmp_.submit("un hôpital de jour de 15 places pour adultes").proposals
             if p.attribute == "modePriseEnCharge"]
    assert [(p.code, p.uncertain) for p in modes] == [("29", False)]


def test_the_opening_puts_first_the_activite_the_unit_s_names_read_sure_where_the_description_only_guesses(db, matcher):
    """« Service de pneumologie › Unité A » is pneumology, whatever a description that never
    names it leaves to guess (round 18); it stays a proposal to check."""
    text = "Les familles viennent de loin ; l'équipe est stable et l'ambiance est bonne, une vingtaine de lits."
    alone = [p.code for p in answers.opening_proposals(matcher, bundled_dialog(), text, "Unité A")
             if p.attribute == "activiteOperationnelle"]
    assert "114" not in alone
    engine = Interview.open(db, unit_in(db, "Unité A", ("2", "Service de pneumologie")), USER, matcher=matcher)
    activites = [p for p in engine.submit(text).proposals if p.attribute == "activiteOperationnelle"]
    assert (activites[0].code, activites[0].uncertain) == ("114", True)


def test_the_opening_puts_first_the_activite_of_the_unit_s_own_name_before_its_service_s(db, matcher):
    """« CeGIDD » of the « Pôle Santé publique »: the unit's own name says its activité, which
    the name headed by the pôle does not read sure (round 19)."""
    text = "On reçoit sans rendez-vous, c'est gratuit, on fait les tests et on donne les traitements."
    assert matcher.match_name("activite", "Pôle Santé publique › CeGIDD").verdict != "sure"
    engine = Interview.open(db, unit_in(db, "CeGIDD", ("1", "Pôle Santé publique")), USER, matcher=matcher)
    activites = [p for p in engine.submit(text).proposals if p.attribute == "activiteOperationnelle"]
    assert (activites[0].code, activites[0].uncertain) == ("162", True)


def test_the_opening_proposes_the_activite_the_question_would_suggest_where_the_description_reads_none(db, matcher):
    """« UHCD » described by what it keeps: the description, even after the name, reads no
    activité worth proposing; the one the activité question would suggest from the name is
    proposed to check (round 19)."""
    text = "six lits derrière le SAU : des intoxications à surveiller, des chutes avec trauma crânien, des douleurs abdominales"
    unit_id = new_unit(db, nom="UHCD")
    engine = Interview.open(db, unit_id, USER, matcher=matcher)
    assert engine.suggestion() is None  # the opening comes first
    engine.goto("activites")
    suggested = engine.suggestion().proposals[0].code
    opening = Interview.open(db, new_unit(db, nom="UHCD"), USER, matcher=matcher)
    activites = [p for p in opening.submit(text).proposals if p.attribute == "activiteOperationnelle"]
    assert [(p.code, p.uncertain) for p in activites] == [(suggested, True)] and suggested == "157"


def test_the_opening_proposes_a_good_guess_of_the_mode_the_unit_s_name_says(db, matcher):
    """« SMUR » reads an équipe mobile without being sure of which kind; a description that
    leaves the mode to guess gets that guess, to check, as the mode question suggests it
    (round 19)."""
    text = ("Deux équipes, chacune avec un médecin, une infirmière et un ambulancier, partent sur ordre "
            "du 15 pour les arrêts cardiaques, les accidents et les transferts.")
    assert matcher.match_name("mode", "SMUR").verdict == "ambiguous"
    engine = Interview.open(db, unit_in(db, "SMUR", ("1", "Pôle Urgences")), USER, matcher=matcher)
    modes = [(p.code, p.uncertain) for p in engine.submit(text).proposals if p.attribute == "modePriseEnCharge"]
    assert modes == [("11", True)]


def test_a_unit_named_after_its_structure_gets_no_mode_from_the_name(db, matcher):
    """« Centre d'orthogénie » is a centre, not a « Centre spécialisé »; as an answer at the
    mode question, « centre de référence » still reads that mode (round 18)."""
    assert matcher.match("mode", "Centre d'orthogénie").best.code == "57"
    assert matcher.match_name("mode", "Centre d'orthogénie").verdict == "none"
    engine = Interview.open(db, new_unit(db, nom="Centre d'orthogénie"), USER, matcher=matcher)
    engine.goto("mode")
    assert engine.suggestion() is None
    assert engine.submit("centre de référence").proposals[0].code == "57"
    named = Interview.open(db, new_unit(db, nom="Centre expert Parkinson"), USER, matcher=matcher)
    named.goto("mode")
    assert named.suggestion().proposals[0].code == "57"


def test_a_medico_social_unit_is_not_offered_hospital_modes(db, matcher):
    """« je ne sais pas » in the guide offers the usual modes; an EHPAD's never hospitalise."""
    engine = Interview.open(db, new_unit(db, nom="Les Glycines"), USER, matcher=matcher)
    engine.goto("champ")
    answer(engine, "médico-social")
    engine.goto("mode")
    assert engine.submit("on fait au mieux avec le personnel").kind == "moved" and engine.guiding
    offered = [proposal.code for proposal in engine.submit("je ne sais pas").proposals]
    assert offered and not {"28", "29", "30", "31", "33", "34", "09", "13"} & set(offered)
    assert {"46", "47"} <= set(offered)


def test_a_unit_named_as_a_medico_social_structure_gets_its_champ_s_mode_at_the_opening(db, matcher):
    """« LHSS » says the champ before any question: the lits of its description are an
    hébergement, not a hospitalisation complète (round 18)."""
    text = ("Douze lits pour des personnes à la rue qui sortent de l'hôpital et ont encore besoin de soins "
            "infirmiers quelques semaines.")
    ward = Interview.open(db, new_unit(db, nom="Unité B"), USER, matcher=matcher)
    assert [p.code for p in ward.submit(text).proposals if p.attribute == "modePriseEnCharge"] == ["28"]
    lhss = Interview.open(db, new_unit(db, nom="LHSS Les Mimosas"), USER, matcher=matcher)
    assert [p.code for p in lhss.submit(text).proposals if p.attribute == "modePriseEnCharge"] == ["46"]
    assert matcher.champ_for_unit("LHSS Les Mimosas", None, None).best.code == "04"
