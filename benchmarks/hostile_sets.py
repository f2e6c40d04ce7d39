"""Time of a check of hostile article sets, at growing numbers of articles.

hostile_scaling.py grows one text; this grows a set of N short articles, in two ways
that make a set's figures nest or overlap as much as they can:

- `more-than`: one publisher, each article another open-ended toll ("More than 137
  people were killed"), so every figure lies inside every smaller one and none has an
  independent source: `figures.single-source` finds the most values inside each
  figure, and counts them all in its findings.
- `ranges`: N publishers, each another range ("Between 137 and 574 people were
  killed"); wide ranges that overlap, so the consensus of `counts.casualties` holds
  hundreds of values and every other range dissents from it.
- `campaign`: N publishers, each a start date of an air campaign and another length
  ("the 137-day air campaign"), so that `durations.length-fits-dates` finds thousands
  of start dates at odds with each length.

The last column is the evaluation's time at one size over that at the one before it:
2 when it is linear in the articles (each size doubles the last), 4 when quadratic.

    python benchmarks/hostile_sets.py [--sizes 1000,2000,4000] [--sets more-than,ranges,campaign]

Each size runs in this process, after one warm-up check; the times are CPU seconds
of the whole check and of its evaluation (`factcheck.pipeline._evaluate`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import factcheck.pipeline as pipeline
from factcheck.model import Document
from factcheck.pipeline import Checker

SETS = {
    "more-than": (
        "Gunmen attacked the town on Monday. More than {n} people were killed in the "
        "attack, officials said.",
        False,  # one publisher
    ),
    "ranges": (
        "Between {n} and {m} people were killed in the attack on Monday, officials said.",
        True,  # a publisher each
    ),
    "campaign": (
        "The air campaign began on December {day}, 2015. Moscow declared an end to the "
        "{n}-day air campaign.",
        True,
    ),
}
PUBLISHED = dt.date(2016, 3, 14)  # the end of every campaign


def hostile_set(name: str, size: int) -> list[Document]:
    text, publishers = SETS[name]
    return [
        Document(
            id=f"wire-{n}",
            path=f"wire-{n}.txt",
            text=text.format(n=100 + n, m=300 + 2 * n, day=1 + n % 28),
            source=f"Outlet {n}" if publishers else "The Daily Wire",
            published=PUBLISHED,
        )
        for n in range(size)
    ]


def timed_check(checker: Checker, documents: list[Document]) -> tuple[float, float, int]:
    """CPU seconds of the check and of its evaluation, and the findings."""
    spent = []
    evaluate = pipeline._evaluate

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return evaluate(*args, **kwargs)
        finally:
            spent.append(time.process_time() - started)

    pipeline._evaluate = timed
    try:
        started = time.process_time()
        report = checker.check(documents)
        return time.process_time() - started, sum(spent), len(report.findings)
    finally:
        pipeline._evaluate = evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000,4000", help="articles in each set")
    parser.add_argument("--sets", default=",".join(SETS), help="which sets, by name")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    checker = Checker()
    print("| set | articles | check | evaluation | findings | x evaluation, last step |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in options.sets.split(","):
        timed_check(checker, hostile_set(name, 50))  # warm-up: grammar, rules, caches
        before = None
        for size in sizes:
            total, evaluation, findings = timed_check(checker, hostile_set(name, size))
            ratio = f"{evaluation / before:.1f}" if before else "-"
            print(
                f"| {name} | {size:,} | {total:.2f} s | {evaluation:.2f} s | {findings:,} "
                f"| {ratio} |"
            )
            before = evaluation


if __name__ == "__main__":
    main()
