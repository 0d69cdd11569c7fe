"""Measure the matcher on the development sets, side by side with plain RapidFuzz WRatio.

Run: ``python benchmarks/bench_matching.py [--bench-dir DIR] [--write-docs]``.

Reads ``dev-units.csv`` (real unit names and descriptions) and ``dev-shorthand.csv`` (short
answers as référents type them) from ``../shared/bench`` next to the checkout, or
``--bench-dir``, and the blind sets of ``benchmarks/data`` (README there). Prints accuracy (strict top-1 = right code first *and not tied*, top-5, how
often a "sure" verdict is wrong, recall of multi-code sets, mode and champ top-1), latency per
query (p50/p95, including the largest value set J16) and the matcher build time. With
``--write-docs`` the table replaces the one between the markers in docs/matching.md.

A script, not a timed test: timings depend on the machine and are reported, not asserted.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from ror_assistant.interview.answers import coded_proposals, opening_proposals  # noqa: E402
from ror_assistant.interview.dialog import bundled_dialog  # noqa: E402
from ror_assistant.matching import FIELDS, Matcher  # noqa: E402
from ror_assistant.matching import matcher as matcher_module  # noqa: E402
from ror_assistant.nomenclature.catalog import load_catalog  # noqa: E402

DOCS = ROOT / "docs" / "matching.md"
DATA = Path(__file__).resolve().parent / "data"
BLIND_SETS = ("blind1", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10",
              "blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19", "blind20", "blind21", "blind22", "blind23", "blind24", "blind25", "blind26", "blind27", "blind28", "blind29", "blind30", "blind31",
              "blind32", "blind33", "blind34", "blind35", "blind36", "blind37", "blind38", "blind39", "blind40", "blind41",
              "blind42", "blind43", "blind44", "blind45", "blind46", "blind47", "blind48", "blind49",
              "blind50", "blind51", "blind52", "blind53")
"""Sets written by helpers who never saw the matcher nor the dev sets (benchmarks/data/README.md):
first measured as unseen text, then used to find classes of errors, so now development sets too."""
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass
class Score:
    """Counts for one (data set, field, method) line of the table."""

    items: int = 0
    strict: int = 0
    top5: int = 0
    sure: int = 0
    sure_wrong: int = 0
    recall: list[float] = field(default_factory=list)

    def add(self, ranked: list[tuple[str, float]], gold: set[str], sure: bool | None) -> None:
        self.items += 1
        codes = [code for code, _ in ranked]
        tied = len(ranked) > 1 and ranked[1][1] >= ranked[0][1]
        first_right = bool(codes) and codes[0] in gold
        self.strict += first_right and not tied
        self.top5 += bool(gold & set(codes[:5]))
        if sure:
            self.sure += 1
            self.sure_wrong += not first_right
        if len(gold) > 1:
            self.recall.append(len(gold & set(codes[:5])) / len(gold))

    def row(self, name: str, with_verdict: bool) -> str:
        def pct(count: int, total: int) -> str:
            return f"{100 * count / total:.1f} % ({count}/{total})" if total else "—"
        sure = pct(self.sure_wrong, self.sure) if with_verdict else "—"
        recall = f"{100 * statistics.mean(self.recall):.1f} %" if self.recall else "—"
        return f"| {name} | {pct(self.strict, self.items)} | {pct(self.top5, self.items)} | {sure} | {recall} |"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Baseline:
    """Plain RapidFuzz WRatio over the active labels, default processing (no accent folding)."""

    def __init__(self, matcher: Matcher) -> None:
        self.choices = {key: matcher.codes_of(key) for key in FIELDS}

    def rank(self, field_key: str, text: str) -> list[tuple[str, float]]:
        labels = self.choices[field_key]
        found = process.extract(text, labels, scorer=fuzz.WRatio, processor=utils.default_process, limit=5)
        return [(code, score) for _, score, code in found]


Check = tuple[str, str, list[tuple[str, set[str]]]]


def unit_checks(name: str, rows: list[dict[str, str]]) -> list[Check]:
    """Activité and mode items of a unit-text set (columns text, r211_codes, r213_code)."""
    return [(name, "activite", [(row["text"], set(row["r211_codes"].split("|"))) for row in rows]),
            (name, "mode", [(row["text"], set(row["r213_code"].split("|"))) for row in rows if row["r213_code"]])]


def shorthand_checks(name: str, rows: list[dict[str, str]]) -> list[Check]:
    """Items of a typed-answer set (columns field, text, gold), per field."""
    return [(name, key, [(row["text"], set(row["gold"].split("|"))) for row in rows if row["field"] == key])
            for key in ("activite", "mode")]


def ours(matcher: Matcher, field_key: str, text: str) -> tuple[list[tuple[str, float]], bool]:
    result = matcher.match(field_key, text, limit=5)
    return [(candidate.code, candidate.score) for candidate in result.candidates], result.verdict == "sure"


def champ_score(matcher: Matcher, rows: list[dict[str, str]]) -> Score:
    """The champ d'activité that :meth:`Matcher.match_all` derives from each text with one."""
    champ = Score()
    for row in rows:
        if row.get("r227_code"):
            found = matcher.match_all(row["text"]).get("champ")
            ranked = [(candidate.code, candidate.score) for candidate in found.candidates] if found else []
            champ.add(ranked, {row["r227_code"]}, found is not None and found.verdict == "sure")
    return champ


def opening_row(matcher: Matcher, name: str, rows: list[dict[str, str]]) -> str:
    """What the interview proposes from an opening description, read alone, after the unit's
    name (``unit_name``) as the engine does and, for a set that gives the names above the unit
    (``oi_path``), after the name headed by its service (:func:`unit_context`): the first
    activité proposed is right, or wrong; the mode proposed is right, or proposed as sure and
    wrong."""
    dialog = bundled_dialog()
    readings = {"alone": lambda row: {}, "name": lambda row: {"unit_name": row["unit_name"]}}
    if "oi_path" in rows[0]:
        readings["service"] = lambda row: {"unit_name": row["unit_name"],
                                           "oi_path": [level.strip() for level in row["oi_path"].split("›")]}
    counts = {reading: [0, 0, 0, 0, 0, 0] for reading in readings}  # items, act., modes, mode ok, sure wrong, act. wrong
    for row in rows:
        activites, mode = set(row["r211_codes"].split("|")), set(row["r213_code"].split("|")) - {""}
        for reading, count in counts.items():
            proposals = opening_proposals(matcher, dialog, row["text"], **readings[reading](row))
            first = next((p for p in proposals if p.attribute == "activiteOperationnelle"), None)
            said = next((p for p in proposals if p.attribute == "modePriseEnCharge"), None)
            count[0] += 1
            count[1] += first is not None and first.code in activites
            count[5] += first is not None and first.code not in activites
            if mode:
                count[2] += 1
                count[3] += said is not None and said.code in mode
                count[4] += said is not None and not said.uncertain and said.code not in mode

    def cell(index: int, total: int) -> str:
        return " → ".join(f"{100 * count[index] / max(count[total], 1):.1f} %" for count in counts.values())

    alone = counts["alone"]
    return (f"| {name} ({alone[0]}, {alone[2]} with a mode) | {cell(1, 0)} | {cell(5, 0)} | {cell(3, 2)} "
            f"| {' → '.join(str(count[4]) for count in counts.values())} |")


def question_row(matcher: Matcher, name: str, rows: list[dict[str, str]]) -> str:
    """What the interview proposes for an answer at the activité or mode question, read alone,
    in the unit's context (``unit_name``, :func:`read_in_context`) and, for a set that gives the
    names above the unit (``oi_path``, « Pôle › Service »), in the context of the unit's name
    headed by its service (:func:`unit_context`): the first proposal is right, and a proposal
    made as sure is wrong. A description set's text stands for an answer given at each
    question; an answers set (columns unit_name, field, text, gold) is made of such answers."""
    questions = {question.field: question for question in bundled_dialog().questions
                 if question.kind == "coded" and question.field in ("activite", "mode")}
    items = ([(row["field"], row, row["text"], row["gold"]) for row in rows] if "field" in rows[0] else
             [(key, row, row["text"], row[column]) for row in rows
              for key, column in (("activite", "r211_codes"), ("mode", "r213_code")) if row[column]])
    readings = {"alone": lambda row: {}, "name": lambda row: {"unit_name": row["unit_name"]}}
    if "oi_path" in rows[0]:
        readings["service"] = lambda row: {"unit_name": row["unit_name"],
                                           "oi_path": [level.strip() for level in row["oi_path"].split("›")]}
    cells = []
    for asked in ("activite", "mode"):
        counts = {reading: [0, 0, 0] for reading in readings}  # items, first right, sure but wrong
        for key, row, text, gold in items:
            if key != asked:
                continue
            for reading, count in counts.items():
                reply = coded_proposals(matcher, questions[asked], text, 5, **readings[reading](row))
                first = reply.proposals[0].code if reply.proposals else None
                count[0] += 1
                count[1] += first in gold.split("|")
                count[2] += reply.result.verdict == "sure" and first not in gold.split("|")
        right = " → ".join(f"{100 * count[1] / max(count[0], 1):.1f}" for count in counts.values())
        wrong = " → ".join(str(count[2]) for count in counts.values())
        cells.append(f"{right} % ({counts['alone'][0]}) | {wrong}")
    return f"| {name} | {' | '.join(cells)} |"


def champ_mode_row(matcher: Matcher, group: str, champs: set[str], rows: list[dict[str, str]]) -> str:
    """A description given at the mode question of a unit of ``champs``, in the unit's context,
    before the champ is confirmed → once it is (the set's ``r227_code``, as the champ question
    comes first): the mode is proposed in the champ's terms (:meth:`Matcher.mode_in_champ`)."""
    question = next(question for question in bundled_dialog().questions if question.field == "mode")
    counts = {reading: [0, 0, 0] for reading in ("unknown", "confirmed")}  # items, first right, sure but wrong
    for row in rows:
        gold = set(row["r213_code"].split("|")) - {""}
        if not gold or row["r227_code"] not in champs:
            continue
        levels = [level.strip() for level in row.get("oi_path", "").split("›") if level.strip()]
        for reading, count in counts.items():
            reply = coded_proposals(matcher, question, row["text"], 5, unit_name=row["unit_name"], oi_path=levels,
                                    champ=row["r227_code"] if reading == "confirmed" else None)
            first = reply.proposals[0].code if reply.proposals else None
            count[0] += 1
            count[1] += first in gold
            count[2] += reply.result.verdict == "sure" and first not in gold
    unknown, confirmed = counts["unknown"], counts["confirmed"]
    return (f"| {group} ({unknown[0]}) | {100 * unknown[1] / max(unknown[0], 1):.1f} → "
            f"{100 * confirmed[1] / max(confirmed[0], 1):.1f} % | {unknown[2]} → {confirmed[2]} |")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(bench_dir: Path) -> str:
    catalog = load_catalog()
    started = time.perf_counter()
    matcher = Matcher(catalog)
    build_ms = 1000 * (time.perf_counter() - started)
    baseline = Baseline(matcher)
    units = read_rows(bench_dir / "dev-units.csv")
    shorthand = read_rows(bench_dir / "dev-shorthand.csv")

    lines = ["| Set · field · method | Strict top-1 | Top-5 | Sure but wrong | Recall of multi-code sets |",
             "|---|---|---|---|---|"]
    checks = [*unit_checks("dev-units", units), *shorthand_checks("dev-shorthand", shorthand)]
    for name in BLIND_SETS:
        for kind, read in (("units", unit_checks), ("shorthand", shorthand_checks), ("modes", shorthand_checks),
                           ("descriptions", unit_checks), ("answers", shorthand_checks)):
            path = DATA / f"{name}-{kind}.csv"
            if path.is_file():  # each round wrote the kinds of text it could find
                checks += read(f"{name}-{kind}", read_rows(path))
    latencies: list[float] = []
    for set_name, key, items in [check for check in checks if check[2]]:  # a set without this field: no row
        mine, plain = Score(), Score()
        for text, gold in items:
            started = time.perf_counter()
            ranked, sure = ours(matcher, key, text)
            latencies.append(1000 * (time.perf_counter() - started))
            mine.add(ranked, gold, sure)
            plain.add(baseline.rank(key, text), gold, None)
        lines.append(mine.row(f"{set_name} · {key} · matcher", True))
        lines.append(plain.row(f"{set_name} · {key} · WRatio", False))

    lines.append(champ_score(matcher, units).row("dev-units · champ · match_all", True))
    blind_texts = [row for name in BLIND_SETS for kind in ("units", "descriptions")
                   if (DATA / f"{name}-{kind}.csv").is_file() for row in read_rows(DATA / f"{name}-{kind}.csv")]
    lines.append(champ_score(matcher, blind_texts).row("blind units + descriptions · champ · match_all", True))

    lines += ["", "| Opening description (interview), read alone → after the unit's name (→ headed by its service, "
              "sets with oi_path) | First activité proposed right "
              "| First activité proposed wrong (sure or to check) | Mode proposed right | Mode proposed as sure but wrong |",
              "|---|---|---|---|---|"]
    for name in BLIND_SETS:
        path = DATA / f"{name}-descriptions.csv"
        if path.is_file():
            lines.append(opening_row(matcher, f"{name}-descriptions", read_rows(path)))

    lines += ["", "| Answer at the question (interview), read alone → in the unit's context (→ headed by its service, "
              "sets with oi_path) | First activité proposed right "
              "| Activité proposed as sure but wrong | First mode proposed right | Mode proposed as sure but wrong |",
              "|---|---|---|---|---|"]
    for name in BLIND_SETS:
        for kind in ("descriptions", "answers"):
            path = DATA / f"{name}-{kind}.csv"
            if path.is_file():
                lines.append(question_row(matcher, f"{name}-{kind}", read_rows(path)))

    named = [row for row in blind_texts if "unit_name" in row]
    lines += ["", "| Descriptions at the mode question, in the unit's context: champ unknown → confirmed "
              "| First mode proposed right | Mode proposed as sure but wrong |", "|---|---|---|",
              champ_mode_row(matcher, "médico-social or social units", {"04", "06"}, named),
              champ_mode_row(matcher, "health units", {"01", "02", "03", "05"}, named)]

    lines += ["", "| Sure calibration (activité, dev units + shorthand) | Sure rate | Sure but wrong |", "|---|---|---|"]
    activity = [item for set_name, key, items in checks if key == "activite" and set_name.startswith("dev")
                for item in items]
    saved = matcher_module.SURE_CHECKS
    for name, enabled in (("score + gap only (gap 20 for long descriptions)", frozenset()),
                          ("+ fuzzy and BM25 agree on the first code", frozenset({"agreement"})),
                          ("+ head of the label named", frozenset({"agreement", "head"})),
                          ("+ answer mostly explained", frozenset({"agreement", "head", "coverage"})),
                          ("+ the word naming the unit read (current)",
                           frozenset({"agreement", "head", "coverage", "named"}))):
        matcher_module.SURE_CHECKS = enabled
        sure = wrong = 0
        for text, gold in activity:
            result = matcher.match("activite", text)
            if result.verdict == "sure":
                sure += 1
                wrong += result.candidates[0].code not in gold
        lines.append(f"| {name} | {100 * sure / len(activity):.1f} % ({sure}/{len(activity)}) "
                     f"| {100 * wrong / max(sure, 1):.1f} % ({wrong}/{sure}) |")
    matcher_module.SURE_CHECKS = saved

    j16_queries = [row["text"] for row in units] + [row["text"] for row in shorthand]
    j16: list[float] = []
    warm = Matcher(catalog)  # its own caches: the thousands of queries above would have cycled the shared ones
    for text in j16_queries:
        warm.match("acte", text)  # first pass fills the per-word caches, as a session would
    for text in j16_queries:
        started = time.perf_counter()
        warm.match("acte", text)
        j16.append(1000 * (time.perf_counter() - started))
    cold: list[float] = []
    fresh = Matcher(catalog)
    for text in j16_queries:
        started = time.perf_counter()
        fresh.match("acte", text)
        cold.append(1000 * (time.perf_counter() - started))
    lines += [
        "",
        "| Timing (this machine) | p50 | p95 |",
        "|---|---|---|",
        f"| match(), all bench queries above | {percentile(latencies, .5):.2f} ms | {percentile(latencies, .95):.2f} ms |",
        f"| match('acte', …) on J16 (1,305 codes), first time each text | {percentile(cold, .5):.2f} ms "
        f"| {percentile(cold, .95):.2f} ms |",
        f"| match('acte', …) on J16, repeated text | {percentile(j16, .5):.2f} ms | {percentile(j16, .95):.2f} ms |",
        f"| Matcher build (all {len(FIELDS)} fields, catalog loaded) | {build_ms:.0f} ms | |",
    ]
    return "\n".join(lines)


def write_docs(table: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    DOCS.write_text(f"{before}{START}\n{table}\n{END}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/matching.md")
    args = parser.parse_args()
    if not (args.bench_dir / "dev-units.csv").is_file():
        print(f"dev-units.csv introuvable dans {args.bench_dir} : utilisez --bench-dir.", file=sys.stderr)
        return 2
    table = run(args.bench_dir)
    print(table)
    if args.write_docs:
        write_docs(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
