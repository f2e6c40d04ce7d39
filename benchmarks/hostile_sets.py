"""Time of a check of hostile article sets, at growing numbers of articles.

hostile_scaling.py grows one text; this grows a set. Each set is N short articles of
one publisher, each giving another open-ended toll ("More than 137 people were
killed"), so every figure lies inside every smaller one, and none has an independent
source: the set in which `figures.single-source` finds the most values inside each
figure, and counts them all in its findings. The last column is the evaluation's time
at the largest size over that at the one before it: 2 when it is linear in the articles
(each size doubles the last), 4 when quadratic.

    python benchmarks/hostile_sets.py [--sizes 1000,2000,4000]

Each size runs in this process, after one warm-up check; the times are CPU seconds
of the whole check and of its evaluation (`factcheck.pipeline._evaluate`).
"""

from __future__ import annotations

import argparse
import time

import factcheck.pipeline as pipeline
from factcheck.model import Document
from factcheck.pipeline import Checker

ARTICLE = (
    "Gunmen attacked the town on Monday. More than {toll} people were killed in the "
    "attack, officials said."
)


def hostile_set(size: int) -> list[Document]:
    return [
        Document(
            id=f"wire-{n}",
            path=f"wire-{n}.txt",
            text=ARTICLE.format(toll=100 + n),
            source="The Daily Wire",
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
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    checker = Checker()
    timed_check(checker, hostile_set(50))  # warm-up: grammar, rules, caches
    print("| articles | check | evaluation | findings | x evaluation, last step |")
    print("| --- | --- | --- | --- | --- |")
    before = None
    for size in sizes:
        total, evaluation, findings = timed_check(checker, hostile_set(size))
        ratio = f"{evaluation / before:.1f}" if before else "-"
        print(f"| {size:,} | {total:.2f} s | {evaluation:.2f} s | {findings:,} | {ratio} |")
        before = evaluation


if __name__ == "__main__":
    main()
