"""How often the mode guide's oui / non questions lead to the right mode (not a timed test).

    python benchmarks/bench_guide.py

``benchmarks/data/guide-answers.csv`` holds, for each *told* mode answer of the blind sets (a
mode said in the cadre's words, « ils viennent juste dormir »), how that cadre answers each
question of the guide of ``dialogs/unite_elementaire.yaml`` (oui / non), written by helpers who
played the cadres from the answer alone, without the gold codes (benchmarks/data/README.md).
The guide is walked with those answers, from its first step, the champ unknown (so no step is
settled by it); the figures say whether the mode it proposes first is the gold one, whether it
is among the codes it lists, and how many questions it took. The same answers are ranked by
the matcher alone, for comparison, and split by whether the matcher reads anything (the
interview starts the guide only when it reads nothing, or on « ? »).

A changed guide (a step renamed or added) needs the answers of its new steps: the script stops
with the names of the missing columns.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ror_assistant.interview import bundled_dialog, guide  # noqa: E402
from ror_assistant.matching import Matcher  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SETS = ("blind9-shorthand", "blind10-shorthand", "blind11-modes", "blind12-shorthand")


def told_answers() -> dict[str, list[tuple[str, str, list[str]]]]:
    """(id, text, gold codes) of the told mode answers, by set."""
    found = {}
    for name in SETS:
        with (DATA / f"{name}.csv").open(encoding="utf-8") as handle:
            found[name] = [(row["id"], row["text"], row["gold"].split("|")) for row in csv.DictReader(handle)
                           if row["field"] == "mode" and ("told" in row["notes"] or "described" in row["notes"])]
    return found


def main() -> int:
    question = bundled_dialog().question("mode")
    with (DATA / "guide-answers.csv").open(encoding="utf-8") as handle:
        answers = {row["id"]: row for row in csv.DictReader(handle)}
    missing = {step.id for step in question.guide} - set(next(iter(answers.values())))
    if missing:
        print("guide-answers.csv n'a pas de réponse pour les étapes : " + ", ".join(sorted(missing)))
        return 1
    matcher = Matcher.default()
    print("| Set (told modes) | n | guide: first | guide: listed | questions (mean · max) "
          "| matcher top-1 | where the matcher reads nothing: n · guide first · listed |")
    print("|---|---|---|---|---|---|---|")
    for name, items in told_answers().items():
        counts, asked = Counter(), []
        for item_id, text, gold in items:
            outcome, steps = question.guide[0].id, 0
            while isinstance(outcome, str):
                steps += 1
                outcome = guide.follow(question, outcome, answers[item_id][outcome] == "oui")
            result = matcher.match("mode", text)
            unread = result.verdict == "none"
            first, listed = outcome[0] in gold, any(code in gold for code in outcome)
            counts.update({"first": first, "listed": listed, "matcher": bool(result.candidates)
                           and result.candidates[0].code in gold, "unread": unread,
                           "unread first": unread and first, "unread listed": unread and listed})
            asked.append(steps)
        n = len(items)
        print(f"| {name} | {n} | {100 * counts['first'] / n:.1f} % | {100 * counts['listed'] / n:.1f} % "
              f"| {sum(asked) / n:.1f} · {max(asked)} | {100 * counts['matcher'] / n:.1f} % "
              f"| {counts['unread']} · {counts['unread first']} · {counts['unread listed']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
