"""Load YAML data files (dialogs, lexicon, manifest) and validate them with pydantic.

Data files are edited by people, so a mistake must come back as one French message naming the
file, the line and the fix — never a traceback. YAML nodes keep their line numbers; a pydantic
error location (``("questions", 3, "kind")``) is mapped back to the line of that node.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ror_assistant.errors import DataFileError

ModelT = TypeVar("ModelT", bound=BaseModel)
# libyaml's loader keeps line marks and parses three times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Location = tuple[int | str, ...]


def _construct(node: yaml.Node, path: Location, lines: dict[Location, int]) -> Any:
    """Build plain Python data from a YAML node, recording the 1-based line of each path."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value  # keys of our data files are plain strings
            result[key] = _construct(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, index), lines) for index, item in enumerate(node.value)]
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def read_yaml(path: Path) -> tuple[Any, dict[Location, int]]:
    """Parse ``path`` and return its data with a map from data location to line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(path, None, f"lecture impossible ({error.strerror})",
                            "vérifiez que le fichier existe et qu'il est lisible.") from error
    except UnicodeDecodeError as error:
        raise DataFileError(path, None, "le fichier n'est pas encodé en UTF-8",
                            "enregistrez-le en UTF-8.") from error
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise DataFileError(path, line, f"syntaxe YAML invalide ({error.problem})",
                            "vérifiez l'indentation, les deux-points et les guillemets à cette ligne.") from error
    lines: dict[Location, int] = {}
    if node is None:
        return None, lines
    return _construct(node, (), lines), lines


def line_of(location: Location, lines: dict[Location, int]) -> int | None:
    """Line of the deepest known prefix of ``location`` (a missing key points at its parent)."""
    for end in range(len(location), -1, -1):
        line = lines.get(tuple(location[:end]))
        if line is not None:
            return line
    return None


def describe_validation_error(error: ValidationError) -> tuple[Location, str]:
    """The first problem of a pydantic error, as (location, French sentence)."""
    first = error.errors()[0]
    location = tuple(part for part in first["loc"] if not isinstance(part, str) or not part.startswith("function-"))
    field = ".".join(str(part) for part in location) or "(racine)"
    kind = first["type"]
    if kind == "missing":
        problem = f"le champ « {field} » est obligatoire et manque"
    elif kind == "extra_forbidden":
        problem = f"le champ « {field} » n'est pas reconnu"
    elif kind in {"literal_error", "enum"}:
        problem = f"valeur non permise pour « {field} » ({first['msg']})"
    else:
        problem = f"valeur invalide pour « {field} » ({first['msg']})"
    return location, problem


def load_model(path: Path, model: type[ModelT], hint: str) -> ModelT:
    """Read ``path`` and validate it as ``model``; errors name the file, the line and ``hint``."""
    data, lines = read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        location, problem = describe_validation_error(error)
        raise DataFileError(path, line_of(location, lines), problem, hint) from error
