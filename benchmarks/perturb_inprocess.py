"""The perturbation benchmark of ../shared/bench/perturb_clusters.py, run in one process.

    python ../shared/bench/perturb_clusters.py build /tmp/perturb --max-base 80
    python benchmarks/perturb_inprocess.py /tmp/perturb [--verbose]

The shared script runs `factcheck check` once per case (a few minutes); this one checks
the same cases with one Checker and scores them the same way (a contradiction must touch
the changed span; contradictions per cluster count every contradiction), in seconds, for
trying a change. Quote the shared script's figures; this one should print the same.
`--verbose` lists each missed change and false alarm with its findings.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

from factcheck.load.articles import parse_article
from factcheck.pipeline import Checker

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
PLANTED = ("perturbed", "date-perturbed")


def shared_script():
    spec = importlib.util.spec_from_file_location("perturb", SHARED / "perturb_clusters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_case(checker: Checker, case: dict, front_matter) -> tuple[bool, list]:
    documents, shift = [], 0
    for doc in case["docs"]:
        head = front_matter(doc)
        if doc["id"] == case["target"]["doc"]:
            shift = len(head)
        document, _ = parse_article(head + doc["text"], f"{doc['id']}.md", doc["id"])
        documents.append(document)
    target = case["target"]
    start, end = target["start"] + shift, target["end"] + shift
    found = [f for f in checker.check(documents).findings if f.kind == "contradiction"]
    touched = any(
        c.doc == target["doc"] and c.span.start < end and start < c.span.end
        for f in found
        for c in f.claims
    )
    return touched, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", type=Path, help="the folder perturb_clusters.py build wrote")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    front_matter = shared_script().front_matter
    checker = Checker()
    results = defaultdict(list)
    with open(args.cases / "cases.jsonl", encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            touched, found = run_case(checker, case, front_matter)
            results[case["kind"]].append((touched, len(found)))
            if args.verbose and touched != (case["kind"] in PLANTED):
                what = "missed" if case["kind"] in PLANTED else "false alarm"
                print(f"{what}: {case['id']} {case['target']['old']} -> {case['target']['new']}")
                for f in found[:3]:
                    print(f"    {f.rule} {f.confidence}: {f.message[:160]}")
    for kind, rows in results.items():
        rate = sum(t for t, _ in rows) / len(rows)
        per_cluster = sum(n for _, n in rows) / len(rows)
        label = "reported" if kind in PLANTED else "false alarms"
        print(f"{kind:15} n={len(rows):3}  {label} {rate:.2f}  per cluster {per_cluster:.2f}")


if __name__ == "__main__":
    main()
