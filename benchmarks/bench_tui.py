"""How fast the app is where people feel it: start-up and the keystroke that refreshes proposals.

    python benchmarks/bench_tui.py [--runs N]

1. Start to first usable screen: a fresh subprocess imports the app, mounts it headless on a
   seeded demo database and stops at the first idle with the tree filled (import + mount).
   Nomenclatures and the matcher load afterwards in a thread (``WARM_UP_DELAY`` after mount) and
   are not part of it. Also timed: the imports of the real entry point (``ror-assistant`` builds
   its argparse parser, importing every command module, before it imports the app).
2. Keystroke → refreshed proposals: the interview screen's ``on_input_changed`` handler
   (engine.propose, then the OptionList rebuilt), timed in-process on the champ and activités
   questions with short inputs typed letter by letter.

Not a test: figures depend on the machine; docs/tui.md records the last run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTUP_SCRIPT = r"""
import sys, time
start = time.perf_counter()
from ror_assistant.settings import Settings
from ror_assistant.tui.app import create_app
imported = time.perf_counter()
app = create_app(Settings(db_url=sys.argv[1], user="bench"), config_dir=__import__("pathlib").Path(sys.argv[2]))

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one("#structure-tree")
        assert tree.root.children, "tree not filled"
        ready = time.perf_counter()
        print(f"{imported - start:.4f} {ready - start:.4f}")
        app.workers.cancel_all()

import asyncio
asyncio.run(main())
"""

CLI_IMPORT_SCRIPT = r"""
import time
start = time.perf_counter()
from ror_assistant.cli import build_parser
build_parser()
import ror_assistant.tui.app
print(f"{time.perf_counter() - start:.4f}")
"""

WORDS = {"champ": ["médecine", "psy", "smr"], "activites": ["cardio", "chimio", "réa", "hdj onco"]}


def bench_startup(runs: int, url: str, config_dir: str) -> tuple[list[float], list[float]]:
    imports, totals = [], []
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", STARTUP_SCRIPT, url, config_dir], check=True,
                                capture_output=True, text=True).stdout.split()
        imports.append(float(output[0]))
        totals.append(float(output[1]))
    return imports, totals


def bench_cli_import(runs: int) -> list[float]:
    return [float(subprocess.run([sys.executable, "-c", CLI_IMPORT_SCRIPT], check=True, capture_output=True,
                                 text=True).stdout) for _ in range(runs)]


async def bench_keystroke(url: str, config_dir: str) -> list[float]:
    from textual.widgets import Input

    from ror_assistant.settings import Settings
    from ror_assistant.storage import open_database
    from ror_assistant.tui.app import create_app

    database = open_database(url)
    app = create_app(Settings(db_url=url, user="bench"), database=database, config_dir=Path(config_dir))
    timings: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        unit_id = next(iter(app.screen.query_one("#structure-tree").progress))
        app.describe_unit(unit_id)
        await pilot.pause()
        screen = app.screen
        for question, words in WORDS.items():
            screen.engine.goto(question)
            for word in words:
                for end in range(1, len(word) + 1):
                    event = Input.Changed(screen.query_one(Input), word[:end])
                    start = time.perf_counter()
                    screen.on_input_changed(event)
                    timings.append(time.perf_counter() - start)
    database.dispose()
    return timings


def describe(label: str, values: list[float]) -> str:
    values_ms = sorted(value * 1000 for value in values)
    p95 = values_ms[min(len(values_ms) - 1, int(len(values_ms) * 0.95))]
    return (f"{label}: median {statistics.median(values_ms):.1f} ms, p95 {p95:.1f} ms, "
            f"max {values_ms[-1]:.1f} ms (n={len(values_ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups to measure (default 5)")
    args = parser.parse_args()

    from ror_assistant.demo import seed_demo
    from ror_assistant.storage import open_database

    directory = tempfile.mkdtemp(prefix="ror-bench-")
    url = f"sqlite:///{directory}/bench.sqlite3"
    database = open_database(url)
    seed_demo(database, "bench")
    database.dispose()

    imports, totals = bench_startup(args.runs, url, directory)
    print(describe("import of the app", imports))
    print(describe("start to first usable screen (import + mount + first idle)", totals))
    print(describe("imports through the CLI entry point (parser + app)", bench_cli_import(args.runs)))
    print(describe("keystroke → proposals refreshed (engine.propose + OptionList)",
                   asyncio.run(bench_keystroke(url, directory))))


if __name__ == "__main__":
    main()
