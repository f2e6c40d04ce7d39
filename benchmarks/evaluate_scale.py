"""How the evaluator's time grows with the size of an article set.

Generates article sets of 1,000 and 10,000 short articles on one event (a death
toll, a start date, a return date, a troop count, with a few articles getting a
figure wrong and many sharing publishers), runs the bundled rules over each, and
prints the time of extraction and of evaluation, and the ratio between the two
sizes. Rules group claims by key and compare distinct values, so evaluation should
grow about linearly (ratio near 10), not with the square of the articles.

    python benchmarks/evaluate_scale.py [--sizes 1000 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from factcheck.evaluate.corpus import Corpus
from factcheck.evaluate.engine import evaluate
from factcheck.evaluate.sources import find_sources
from factcheck.model import Document
from factcheck.pipeline import Checker

PUBLISHERS = [f"Outlet {i}" for i in range(300)]
# What every article on the event says, in several wordings; a few articles get a
# figure or a date wrong, as real coverage does.
TOLL = ["has killed {n:,} people", "has killed more than {b:,} people", "left {n:,} people dead"]
START = ["The evacuation began on June {d}", "The evacuation of the valley began on June {d}"]
RETURN = ["residents will return home from Thursday", "families can go home from June 12"]
FORCES = ["about {s:,} soldiers were deployed", "the army sent {s:,} soldiers"]


def article(rng: random.Random, number: int) -> str:
    wrong = rng.random() < 0.05
    toll = 140 + (rng.choice([-40, 60]) if wrong else 0)
    day = 3 + (rng.choice([2, 4]) if rng.random() < 0.05 else 0)
    soldiers = rng.choice([1200, 1200, 1250, 3000 if wrong else 1200])
    sentences = [
        f"VELL VALLEY, report {number} - The flood {rng.choice(TOLL).format(n=toll, b=toll - 20)}, "
        f"officials said on Tuesday.",
        f"{rng.choice(START).format(d=day)}, according to the civil protection agency.",
        f"The governor said {rng.choice(RETURN)}.",
        f"Officials said {rng.choice(FORCES).format(s=soldiers)} to the region.",
    ]
    rng.shuffle(sentences)
    return "\n\n".join(sentences) + "\n"


def article_set(size: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    return [
        Document(
            f"a{i}",
            article(rng, i),
            f"<generated {i}>",
            source=rng.choice(PUBLISHERS),
            published=dt.date(2025, 6, 10),
        )
        for i in range(size)
    ]


def measure(checker: Checker, documents: list[Document]) -> tuple[float, float, int]:
    start = time.perf_counter()
    results = [checker.extract(doc) for doc in documents]
    extracted = time.perf_counter()
    corpus = Corpus(
        claims=tuple(c for r in results for c in r.claims),
        documents={d.id: d for d in documents},
        references={r.document.id: r.reference for r in results},
        sources=find_sources(documents),
    )
    findings = evaluate(corpus, checker.rule_set)
    evaluated = time.perf_counter()
    return extracted - start, evaluated - extracted, len(findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    checker = Checker()
    rows = []
    for size in args.sizes:
        documents = article_set(size, args.seed)
        extract_s, evaluate_s, findings = measure(checker, documents)
        rows.append((size, extract_s, evaluate_s, findings))
        print(
            f"{size:>6} articles: extract {extract_s:7.2f} s, evaluate {evaluate_s:7.3f} s "
            f"({evaluate_s / size * 1e3:.3f} ms an article), {findings} findings",
            flush=True,
        )
    if len(rows) > 1:
        (small, _, small_eval, _), (large, _, large_eval, _) = rows[0], rows[-1]
        print(
            f"evaluate time ratio {large}/{small} articles: {large_eval / small_eval:.1f}x "
            f"for {large / small:.0f}x the articles"
        )


if __name__ == "__main__":
    main()
