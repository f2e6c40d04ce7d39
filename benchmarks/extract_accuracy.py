"""Extraction accuracy on the shared suites, in process.

The shared scorer (../shared/bench/score_extraction.py) runs `factcheck extract` as a
subprocess; this runs the same extractor in process and hands the claims to the
scorer's own `score` function, so the numbers are the scorer's and a run is quick.
tests/test_extraction_gate.py uses it as a regression gate.

    python benchmarks/extract_accuracy.py [SUITE ...] [--misses FILE] [--sample N]

SUITE is a file name under ../shared/bench/data/extraction (default: all five), with an
optional `:SUBSET,SUBSET` of subset prefixes (recognizers-text: Number,NumberWithUnit,DateTime).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

from factcheck.cli.main import _ref_time
from factcheck.model import Document
from factcheck.pipeline import Checker
from factcheck.reports import claim_json

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DATA = SHARED / "bench" / "data" / "extraction"
SUITES = {
    "timebank-aquaint": (),
    "meantime-dev": (),
    "recognizers-text": ("Number", "NumberWithUnit", "DateTime"),
    "duckling": (),
    "quantulum3": (),
}


def scorer():
    """The shared scorer as a module (it is a script, not a package)."""
    path = SHARED / "bench" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(suite: str, subsets=(), sample: int | None = None) -> list[dict]:
    """A suite's documents; with `sample`, every k-th one so that about `sample` remain."""
    docs = []
    with (DATA / f"{suite}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not subsets or row["subset"].startswith(tuple(subsets)):
                docs.append(row)
    if sample and len(docs) > sample:
        step = len(docs) / sample
        docs = [docs[int(i * step)] for i in range(sample)]
    return docs


def predict(docs: list[dict], checker: Checker) -> dict[str, list[dict]]:
    """What `factcheck extract --format jsonl` would print, by document id."""
    preds = {}
    for doc in docs:
        document = Document(str(doc["id"]), doc["text"], "-")
        result = checker.extract(document, _ref_time(doc.get("ref_time")))
        preds[doc["id"]] = [claim_json(c, with_doc=False) for c in result.claims]
    return preds


def run(suite: str, subsets=(), sample=None, checker=None, misses=None) -> list[dict]:
    docs = load(suite, subsets, sample)
    return scorer().score(docs, predict(docs, checker or Checker()), misses)


# Groups too small to gate: a single expression moves their score by several points.
MIN_GOLD = 30
FLOOR_MARGIN = 0.002


def print_floors(checker: Checker) -> None:
    """The FLOORS table of tests/test_extraction_gate.py: every group's scores now."""
    print("FLOORS = {")
    for suite, subsets in SUITES.items():
        for r in run(suite, subsets, checker=checker):
            if "category" not in r or r["gold"] < MIN_GOLD:
                continue
            metric = "relaxed_f1" if r["pred"] is not None else "relaxed_r"
            floors = {metric: r[metric]}
            if r["value_acc"] is not None and r["value_n"] >= MIN_GOLD:
                floors["value_acc"] = r["value_acc"]
            shown = ", ".join(f'"{k}": {max(0.0, v - FLOOR_MARGIN):.3f}' for k, v in floors.items())
            print(f'    ("{suite}", "{r["group"]}", "{r["category"]}"):\n        {{{shown}}},')
    print("}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("suites", nargs="*", default=list(SUITES))
    ap.add_argument("--misses", help="write misses and wrong values here (JSONL)")
    ap.add_argument("--sample", type=int, help="score about this many texts per suite")
    ap.add_argument("--floors", action="store_true", help="print the gate's FLOORS table")
    args = ap.parse_args()
    checker = Checker()
    if args.floors:
        print_floors(checker)
        return
    misses = open(args.misses, "w", encoding="utf-8") if args.misses else None  # noqa: SIM115
    print(f"{'suite':18} {'group':34} {'cat':8} {'gold':>5} {'pred':>5}  "
          "strictF1 relaxP relaxR relaxF1 valueAcc")  # fmt: skip
    fmt = scorer().fmt
    for name in args.suites:
        suite, _, subsets = name.partition(":")
        subsets = tuple(s for s in subsets.split(",") if s) or SUITES.get(suite, ())
        for r in run(suite, subsets, args.sample, checker, misses):
            if r.get("group") == "spans":
                print(f"{r['suite']:18} claims whose text is not the sliced span: {r['bad_spans']}")
                continue
            pred = "-" if r["pred"] is None else r["pred"]
            print(
                f"{r['suite']:18} {r['group'][:34]:34} {r['category']:8} {r['gold']:5d} "
                f"{pred:>5}  {fmt(r['strict_f1'])}    {fmt(r['relaxed_p'])}  "
                f"{fmt(r['relaxed_r'])}  {fmt(r['relaxed_f1'])}  {fmt(r['value_acc'])}"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
