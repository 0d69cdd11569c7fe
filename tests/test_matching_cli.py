"""``ror-assistant match`` through the real entry point."""

import json

from ror_assistant.cli import main


def test_match_json(capsys):
    assert main(["match", "--field", "activite", "--json", "réa néonat"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "sure"
    assert data["candidates"][0]["code"] == "128"


def test_match_batch_writes_one_json_object_per_line(tmp_path, capsys):
    batch = tmp_path / "queries.txt"
    batch.write_text("HC\n\nhospitalisation\nxqzt blorf\n", encoding="utf-8")
    assert main(["match", "--field", "mode", "--batch", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["HC", "hospitalisation", "xqzt blorf"]
    assert [line["verdict"] for line in lines] == ["sure", "ambiguous", "none"]
    assert {"code", "label", "score"} <= set(lines[0]["candidates"][0])


def test_match_without_text_is_a_french_error(capsys):
    assert main(["match", "--field", "mode"]) == 2
    assert "Aucun texte" in capsys.readouterr().err
