"""The core must import without Textual: the plain mode, scripts and tests rely on it."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import ror_assistant
for info in pkgutil.walk_packages(ror_assistant.__path__, "ror_assistant."):
    if info.name.startswith("ror_assistant.tui") or info.name == "ror_assistant.__main__":
        continue
    importlib.import_module(info.name)
leaked = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
print(",".join(leaked))
"""


def test_core_modules_import_without_textual() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"core modules pulled in Textual: {result.stdout}"
