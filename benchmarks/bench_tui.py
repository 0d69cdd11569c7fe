"""How fast the app is where people feel it: start-up and the keystroke that refreshes proposals.

    python benchmarks/bench_tui.py [--runs N] [--warm-bytecode]

1. Start to first usable screen: a fresh subprocess imports the app the way the command does
   (``tui.launch.import_app``), mounts it headless on a seeded demo database and stops at the
   first idle with the tree filled (import + mount). The ANS badges (``FIRST_PROGRESS_DELAY``
   after the home screen shows), nomenclatures and the matcher (``WARM_UP_DELAY`` after mount)
   load afterwards and are not part of it. Also timed: the imports of the real entry point
   (``ror-assistant`` builds its argparse parser, every command module registering its options,
   before it imports the app).
   ``--warm-bytecode`` times start-ups (here and in 2.) with compiled modules, as an installed
   wheel has them (pip compiles on install): the subprocesses get a private, warmed
   ``PYTHONPYCACHEPREFIX``. Without it, where ``PYTHONDONTWRITEBYTECODE`` is set (as on the
   machine of docs/tui.md), every start also compiles ror_assistant's modules (~25–40 ms).
2. In a real terminal (POSIX): ``python -m ror_assistant --db URL`` in an 80×24 pseudo-terminal,
   from the spawn (interpreter start, parser and Textual's terminal driver included) to the first
   output holding the tree (the demo EJ's name), then to the first ANS badge (● ◐ ○); ctrl+q ends it.
3. Keystroke → refreshed proposals: the interview screen's ``on_input_changed`` handler
   (engine.propose, then the OptionList rebuilt), timed in-process on the champ and activités
   questions with short inputs typed letter by letter.

Not a test: figures depend on the machine; docs/tui.md records the last run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
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
from ror_assistant.tui.launch import import_app
create_app = import_app()
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
from ror_assistant.tui.launch import import_app
import_app()
print(f"{time.perf_counter() - start:.4f}")
"""

WORDS = {"champ": ["médecine", "psy", "smr"], "activites": ["cardio", "chimio", "réa", "hdj onco"]}


def bench_startup(runs: int, url: str, config_dir: str, env: dict[str, str]) -> tuple[list[float], list[float]]:
    imports, totals = [], []
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", STARTUP_SCRIPT, url, config_dir], check=True,
                                capture_output=True, text=True, env=env).stdout.split()
        imports.append(float(output[0]))
        totals.append(float(output[1]))
    return imports, totals


#: What the terminal shows once the tree is drawn (the demo EJ), then once the ANS badges are.
TREE_TEXT, BADGES = "Belle-Rive", ("●", "◐", "○")


def bench_terminal(runs: int, url: str, env: dict[str, str]) -> tuple[list[float], list[float]]:
    import fcntl
    import pty
    import struct
    import termios

    trees, badges = [], []
    for _ in range(runs):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(sys.executable, [sys.executable, "-m", "ror_assistant", "--db", url, "--user", "bench"],
                      {**env, "TERM": "xterm-256color"})
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        seen, marks = "", {}
        while len(marks) < 2 and time.perf_counter() - start < 10:
            if select.select([fd], [], [], 0.05)[0]:
                seen += os.read(fd, 65536).decode("utf-8", "ignore")
                now = time.perf_counter() - start
                if TREE_TEXT in seen:
                    marks.setdefault("tree", now)
                if any(symbol in seen for symbol in BADGES):
                    marks.setdefault("badges", now)
        os.write(fd, b"\x11")  # ctrl+q
        try:  # drain, so the app is never blocked writing its last frames
            while os.read(fd, 65536):
                pass
        except OSError:  # EIO: the app has exited
            pass
        os.waitpid(pid, 0)
        os.close(fd)
        trees.append(marks["tree"])
        badges.append(marks["badges"])
    return trees, badges


def bench_cli_import(runs: int, env: dict[str, str]) -> list[float]:
    return [float(subprocess.run([sys.executable, "-c", CLI_IMPORT_SCRIPT], check=True, capture_output=True,
                                 text=True, env=env).stdout) for _ in range(runs)]


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
    return (f"{label}: median {statistics.median(values_ms):.1f} ms, min {values_ms[0]:.1f} ms, "
            f"p95 {p95:.1f} ms, max {values_ms[-1]:.1f} ms (n={len(values_ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups to measure (default 5)")
    parser.add_argument("--warm-bytecode", action="store_true",
                        help="start-ups with compiled modules, as an installed wheel (see the docstring)")
    args = parser.parse_args()

    from ror_assistant.demo import seed_demo
    from ror_assistant.storage import open_database

    directory = tempfile.mkdtemp(prefix="ror-bench-")
    url = f"sqlite:///{directory}/bench.sqlite3"
    database = open_database(url)
    seed_demo(database, "bench")
    database.dispose()

    env = dict(os.environ)
    if args.warm_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = f"{directory}/pycache"
        bench_startup(1, url, directory, env)
    print("bytecode:", "warm cache" if args.warm_bytecode else
          "as the environment allows" + (" (PYTHONDONTWRITEBYTECODE set)" if env.get("PYTHONDONTWRITEBYTECODE") else ""))
    imports, totals = bench_startup(args.runs, url, directory, env)
    print(describe("import of the app", imports))
    print(describe("start to first usable screen (import + mount + first idle)", totals))
    print(describe("imports through the CLI entry point (parser + app)", bench_cli_import(args.runs, env)))
    if os.name == "posix":
        trees, badges = bench_terminal(args.runs, url, env)
        print(describe("real terminal: spawn → tree drawn", trees))
        print(describe("real terminal: spawn → ANS badges drawn", badges))
    print(describe("keystroke → proposals refreshed (engine.propose + OptionList)",
                   asyncio.run(bench_keystroke(url, directory))))


if __name__ == "__main__":
    main()
