"""Measure the matcher on the coverage sets: every active activité and mode, said several ways.

Run: ``python benchmarks/bench_coverage.py``.

The blind sets sample what people say; the coverage sets (benchmarks/data/README.md, round 13)
were written code by code over the whole value sets (JDV_J17, 548 activités; JDV_J19, 36 modes),
each code in a few styles: its everyday name, a quick typed answer, a sentence or the mode told
in words. They show which label families the matcher does not reach at all. Prints strict top-1
(right code first and not tied), top-5 and how often a sure verdict is wrong, per set and style,
and the codes never found first.

A script, not a timed test.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_matching import Score, ours  # noqa: E402

from ror_assistant.matching import Matcher  # noqa: E402
from ror_assistant.nomenclature.catalog import load_catalog  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SETS = (("coverage1-activites", "activite"), ("coverage1-modes", "mode"),
        ("coverage2-activites", "activite"), ("coverage2-modes", "mode"),
        ("coverage3-activites", "activite"), ("coverage3-modes", "mode"),
        ("coverage4-activites", "activite"), ("coverage4-modes", "mode"),
        ("coverage5-activites", "activite"), ("coverage5-modes", "mode"),
        ("coverage6-activites", "activite"), ("coverage6-modes", "mode"),
        ("coverage7-activites", "activite"), ("coverage7-modes", "mode"),
        ("coverage8-activites", "activite"), ("coverage8-modes", "mode"),
        ("coverage9-activites", "activite"), ("coverage9-modes", "mode"),
        ("coverage10-activites", "activite"), ("coverage10-modes", "mode"),
        ("coverage11-activites", "activite"), ("coverage11-modes", "mode"),
        ("coverage12-activites", "activite"), ("coverage12-modes", "mode"),
        ("coverage13-activites", "activite"), ("coverage13-modes", "mode"),
        ("coverage14-activites", "activite"), ("coverage14-modes", "mode"))


def main() -> int:
    matcher = Matcher(load_catalog())
    print("| Set · style | Strict top-1 | Top-5 | Sure but wrong | Codes never first |")
    print("|---|---|---|---|---|")
    for name, field in SETS:
        with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        scores: dict[str, Score] = defaultdict(Score)
        found_first: dict[str, bool] = defaultdict(bool)
        for row in rows:
            ranked, sure = ours(matcher, field, row["text"])
            for style in (row["style"], "all"):
                scores[style].add(ranked, {row["code"]}, sure)
            tied = len(ranked) > 1 and ranked[1][1] >= ranked[0][1]
            found_first[row["code"]] |= bool(ranked) and ranked[0][0] == row["code"] and not tied
        never = sum(not found for found in found_first.values())
        for style, score in sorted(scores.items(), key=lambda item: item[0] != "all"):
            cells = score.row(f"{name} · {style}", True).removesuffix("— |")  # one code each: no multi-code recall
            print(cells + (f"{never}/{len(found_first)} |" if style == "all" else "|"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
