"""Alias learning on a real SQLite file: policy, storage round trip, matcher pinning, CLI."""

import pytest

from ror_assistant.cli import main
from ror_assistant.matching import Matcher
from ror_assistant.matching.aliases import aliases_for, learn_confirmation, list_aliases, should_learn
from ror_assistant.matching.results import Candidate, MatchResult
from ror_assistant.storage import open_database
from ror_assistant.storage.structure import create_ej


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 't.db'}"


def _result(verdict, *scored):
    candidates = [Candidate(code, code, "J17", score) for code, score in scored]
    return MatchResult("activite", "HDJ onco", verdict, candidates)


def test_policy_learns_only_what_the_matcher_did_not_know():
    assert not should_learn(_result("sure", ("102", 92.0), ("281", 60.0)), "102")
    assert should_learn(_result("sure", ("102", 92.0), ("281", 60.0)), "281")  # not first
    assert should_learn(_result("ambiguous", ("102", 92.0), ("281", 88.0)), "102")  # not sure
    assert should_learn(_result("sure", ("102", 70.0), ("281", 40.0)), "102")  # low score
    assert should_learn(_result("none"), "102")
    pinned = MatchResult("activite", "HDJ onco", "sure", [Candidate("102", "x", "J17", 100.0, via="alias")])
    assert not should_learn(pinned, "102")
    assert not should_learn(MatchResult("activite", "de la", "none", []), "102")


def test_confirmed_low_score_pair_comes_first_next_time(matcher, db_url):
    database = open_database(db_url)
    try:
        with database.write("alice") as session:
            ej = create_ej(session, "alice", "750000001", "CH Test")
            other = create_ej(session, "alice", "750000002", "CH Autre")
            ej_id, other_id = ej.id, other.id
        first = matcher.match("activite", "Unité Papillon")
        assert first.best is None or first.best.code != "227"
        with database.write("alice") as session:
            alias = learn_confirmation(session, "alice", first, "227", ej_id=ej_id)
            assert alias is not None and alias.text_key == "papillon"
        with database.read() as session:
            learnt = aliases_for(session, "activite", "l’UNITÉ  papillon", ej_id)
            assert aliases_for(session, "activite", "unité papillon", other_id) == {}
            assert [row.code for row in list_aliases(session, ej_id=ej_id)] == ["227"]
            assert list_aliases(session, field="mode") == []
        again = matcher.match("activite", "l’UNITÉ  papillon", aliases=learnt)
        assert (again.best.code, again.best.via, again.verdict) == ("227", "alias", "sure")
        assert not should_learn(again, "227")
    finally:
        database.dispose()


def test_aliases_cli_lists_and_removes(matcher, db_url, capsys):
    database = open_database(db_url)
    try:
        with database.write("alice") as session:
            ej_id = create_ej(session, "alice", "750000001", "CH Test").id
            alias_id = learn_confirmation(session, "alice", matcher.match("activite", "HDJ onco"), "413",
                                          ej_id=ej_id).id
    finally:
        database.dispose()
    assert main(["--db", db_url, "--user", "bob", "aliases", "list", "--ej", str(ej_id)]) == 0
    out = capsys.readouterr().out
    assert f"{alias_id}\tEJ {ej_id}\tactivite" in out and "→ 413" in out
    assert main(["--db", db_url, "--user", "bob", "aliases", "list", "--field", "mode"]) == 0
    assert "Aucun alias" in capsys.readouterr().out
    assert main(["--db", db_url, "--user", "bob", "aliases", "remove", str(alias_id)]) == 0
    assert "supprimé" in capsys.readouterr().out
    assert main(["--db", db_url, "--user", "bob", "aliases", "remove", str(alias_id)]) == 2
    assert "Aucun alias" in capsys.readouterr().err
    assert main(["--db", db_url, "aliases", "list"]) == 0
    assert "Aucun alias" in capsys.readouterr().out
