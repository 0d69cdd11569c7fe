"""Cold-start cost of the nomenclatures, measured the way a référent meets it: a fresh process.

Every ``ror-assistant`` command and every new session loads the catalog once, so the figure
that matters is a new interpreter importing the package and reading the bundled CSVs (target:
under 200 ms), not a warm loop. Each sample is a separate ``python`` process; the script
prints the median and the spread of N runs, plus a search on the loaded catalog and the
catalog with imported releases read from a SQLite file. Figures go into docs/nomenclatures.md.

Usage: python benchmarks/bench_nomenclature.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "fhir"

COLD_LOAD = """
import json, time
start = time.perf_counter()
from ror_assistant.nomenclature import load_catalog
imported = time.perf_counter()
catalog = load_catalog()
loaded = time.perf_counter()
catalog.search("hospitalisation de jour")
first_search = time.perf_counter()
catalog.search("réanimation pédiatrique")
second_search = time.perf_counter()
print(json.dumps({"import": imported - start, "load": loaded - imported,
                  "first_search": first_search - loaded, "search": second_search - first_search}))
"""

WITH_RELEASES = """
import json, sys, time
start = time.perf_counter()
from ror_assistant.nomenclature.releases import load_catalog_with_releases
from ror_assistant.storage.db import open_database
imported = time.perf_counter()
database = open_database(sys.argv[1], create=False)
with database.read() as session:
    catalog = load_catalog_with_releases(session)
loaded = time.perf_counter()
assert catalog.table("R213").version == "20261001120000"
print(json.dumps({"import": imported - start, "load": loaded - imported}))
"""


def sample(code: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a new interpreter; its own timings plus the wall time of the process."""
    begin = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - begin
    return {**json.loads(result.stdout), "process": wall}


def interpreter_start() -> float:
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - begin


def report(title: str, samples: list[dict[str, float]]) -> None:
    print(title)
    for key in samples[0]:
        values = sorted(item[key] * 1000 for item in samples)
        print(f"  {key:<13} médiane {statistics.median(values):7.1f} ms   min {values[0]:7.1f}   max {values[-1]:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, {args.runs} processus par mesure\n")
    starts = sorted(interpreter_start() * 1000 for _ in range(args.runs))
    print(f"Démarrage de l'interpréteur seul : médiane {statistics.median(starts):.1f} ms\n")
    report("Catalogue fourni (import du paquet + lecture des CSV, processus neuf)",
           [sample(COLD_LOAD) for _ in range(args.runs)])

    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        sys.path.insert(0, str(ROOT))
        from ror_assistant.nomenclature.releases import import_releases
        from ror_assistant.storage.db import open_database

        database = open_database(url)
        begin = time.perf_counter()
        import_releases(database, [FIXTURES / "Bundle-ModePriseEnCharge-20261001120000.json",
                                   FIXTURES / "JDV_J19-ModePriseEnCharge-ROR-20230127120000.json"], "bench")
        print(f"\nImport de 3 versions (R213, J19 ×2) dans SQLite : {(time.perf_counter() - begin) * 1000:.1f} ms")
        database.dispose()
        report("\nCatalogue fourni + versions importées (processus neuf, base SQLite)",
               [sample(WITH_RELEASES, url) for _ in range(args.runs)])


if __name__ == "__main__":
    main()
