"""YAML data files: a mistake names the file, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from ror_assistant.datafiles import load_model
from ror_assistant.errors import DataFileError


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    size: int


class Items(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Item]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "données.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "items:\n  - name: a\n    size: 1\n")
    assert load_model(path, Items, "corrigez").items[0].size == 1


def test_wrong_type_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "items:\n  - name: a\n    size: 1\n  - name: b\n    size: grand\n")
    with pytest.raises(DataFileError) as error:
        load_model(path, Items, "indiquez un nombre entier.")
    assert error.value.line == 5
    assert "données.yaml, ligne 5" in str(error.value)
    assert "items.1.size" in str(error.value)
    assert "Pour corriger : indiquez un nombre entier." in str(error.value)


def test_missing_key_points_at_its_parent(tmp_path: Path) -> None:
    path = write(tmp_path, "items:\n  - name: a\n    size: 1\n  - name: b\n")
    with pytest.raises(DataFileError) as error:
        load_model(path, Items, "ajoutez size.")
    assert error.value.line == 4
    assert "obligatoire" in str(error.value)


def test_unknown_key_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "items:\n  - name: a\n    size: 1\n    colour: red\n")
    with pytest.raises(DataFileError) as error:
        load_model(path, Items, "retirez ce champ.")
    assert error.value.line == 4
    assert "n'est pas reconnu" in str(error.value)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "items:\n  - name: a\n   size: [1\n")
    with pytest.raises(DataFileError) as error:
        load_model(path, Items, "corrigez")
    assert error.value.line is not None
    assert "syntaxe YAML" in str(error.value)
