r"""Extraction speed: factcheck against quantulum3 and dateparser on the same news text.

The corpus is real news, each text once: the texts of the TimeBank/AQUAINT and
MEANTIME suites in ../shared/bench/data/extraction, then the ECB+ articles in
../shared/bench/data/clusters, read at run time (never copied into the repository),
until it holds at least 1 MB, cut into ~4 KB articles at paragraph or sentence ends.
Every extractor reads every article once, one core, in this process; the peers need
the `[bench]` extra.

    python benchmarks/extract_speed.py [--min-bytes N] [--peer-articles N]

Every extractor reads the same articles; the peers are 10-50 times slower, so the
run takes two minutes. For a quick look, `--peer-articles N` gives them a
deterministic sample (every k-th article): characters per second and ms per 4 KB
article are rates, so a sample estimates them, though not on the same text. Each
extractor's time is the best of two runs, as the machine may be busy; factcheck's
run caches are emptied before each, so what it reuses it found in that run.
Start-up is measured in a fresh interpreter: import, grammar, unit vocabulary, rules.

A bare regular-expression pass over the same articles (every word, figure and mark
found by one `re.finditer`, `\w+|[^\w\s]`, and counted: no reading at all) is timed in
the same run, as the floor any Python extractor stands on; the goal is at least
1,000,000 characters a second on one core and within 12 times the bare pass. That
ratio is the median of five rounds in which factcheck and the bare pass read the same
ten articles in turns: timed apart, the bare pass (a tenth of a second) moved by half
between runs minutes apart, and the ratio with it. `--no-peers`
leaves quantulum3 and dateparser out.

`--baseline TREE` times the factcheck package of another source tree (say the tree
before a change: `git archive REV factcheck grammars rules | tar -x -C TREE`) against
this one, both loaded in this process and run in turns on the same ten articles at a
time, so that a busy machine slows both alike; it prints this tree's speed as a share
of the other's (the median of `--rounds` paired runs) against the limit a change to
extraction keeps to: no more than a third slower.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import re
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DATA = SHARED / "bench" / "data" / "extraction"
CLUSTERS = SHARED / "bench" / "data" / "clusters" / "ecbplus_clusters.jsonl.gz"
SUITES = ("timebank-aquaint.jsonl", "meantime-dev.jsonl")
ARTICLE = 4096
REFERENCE = dt.datetime(2016, 3, 14)


def corpus(min_bytes: int) -> list[str]:
    """~4 KB articles cut from real news, each text once, at least `min_bytes` in all:
    the suites' texts, then the ECB+ articles."""
    articles: list[str] = []
    total = 0
    for text in _texts():
        for article in _cut(text):
            articles.append(article)
            total += len(article.encode("utf-8"))
        if total >= min_bytes:
            return articles
    raise SystemExit(f"only {total:,} bytes of news text in {DATA.parent}")


def _texts():
    for name in SUITES:
        with (DATA / name).open(encoding="utf-8") as fh:
            yield from (json.loads(line)["text"] for line in fh)
    with gzip.open(CLUSTERS, "rt", encoding="utf-8") as fh:
        yield from (json.loads(line)["text"] for line in fh)


def _cut(text: str) -> list[str]:
    """Pieces of about ARTICLE characters, ended at a line or sentence end."""
    pieces = []
    while len(text) > ARTICLE:
        cut = max(text.rfind("\n", 0, ARTICLE), text.rfind(". ", 0, ARTICLE) + 1)
        cut = cut if cut > ARTICLE // 2 else ARTICLE
        pieces.append(text[:cut])
        text = text[cut:]
    if text.strip():
        pieces.append(text)
    return pieces


def factcheck_runner(tree: Path | None = None):
    """A run of factcheck's extraction over some articles: this tree's package, or that
    of another source tree, loaded apart from it (see `_imported_from`)."""
    with _imported_from(tree):
        from factcheck.extract import mentions as extract
        from factcheck.model import Document
        from factcheck.pipeline import Checker
        from factcheck.resolve import dates

        checker = Checker()

    def run(articles: list[str]) -> None:
        # Each timed run starts with empty run caches: what it reuses, it found itself.
        extract._claims_in_run.cache_clear()
        if hasattr(extract, "_longest_claim"):  # not in every tree
            extract._longest_claim.cache_clear()
        dates._calendar.cache_clear()
        for i, text in enumerate(articles):
            checker.extract(Document(str(i), text, "-"), REFERENCE.date())

    return run


@contextlib.contextmanager
def _imported_from(tree: Path | None):
    """Imports of `factcheck` made inside come from `tree` (None: the usual one), as a
    package of their own: the modules already imported are put back afterwards, and the
    functions imported keep their own modules."""
    if tree is None:
        yield
        return
    ours = {n: m for n, m in sys.modules.items() if n.partition(".")[0] == "factcheck"}
    for name in ours:
        del sys.modules[name]
    sys.path.insert(0, str(tree))
    try:
        yield
    finally:
        sys.path.remove(str(tree))
        for name in [n for n in sys.modules if n.partition(".")[0] == "factcheck"]:
            del sys.modules[name]
        sys.modules.update(ours)


LIMIT_SHARE = 2 / 3  # a change to extraction leaves it at least this share of its speed
PAIRED_ARTICLES = 10  # articles each tree reads in turn


def against_baseline(articles: list[str], tree: Path, rounds: int) -> str:
    """This tree's extraction speed as a share of another tree's: the median over paired
    rounds (`paired`) of their CPU times' ratio."""
    runs = {"this tree": factcheck_runner(), "baseline": factcheck_runner(tree)}
    shares = [s["baseline"] / s["this tree"] for s in paired(runs, articles, rounds)]
    share = statistics.median(shares)
    verdict = "met" if share >= LIMIT_SHARE else "not met"
    return (
        f"speed against {tree}: {share:.2f} of its speed (median of {rounds} paired rounds, "
        f"{min(shares):.2f}-{max(shares):.2f}; limit: no more than a third slower, "
        f">= {LIMIT_SHARE:.2f}: {verdict})"
    )


def paired(runs: dict, articles: list[str], rounds: int) -> list[dict[str, float]]:
    """Each round's CPU seconds of each run over all the articles, the runs reading the
    same few articles in turns (which first, alternately) until all are read: a busy
    spell of the machine falls on all of them alike, so their ratio holds where their
    times do not."""
    for run in runs.values():
        run(articles[:3])  # imports, models, caches: start-up, not speed
    chunks = [articles[i : i + PAIRED_ARTICLES] for i in range(0, len(articles), PAIRED_ARTICLES)]
    found = []
    for r in range(rounds):
        seconds = dict.fromkeys(runs, 0.0)
        for k, chunk in enumerate(chunks):
            for name in sorted(runs, reverse=(k + r) % 2 == 1):
                began = time.process_time()
                runs[name](chunk)
                seconds[name] += time.process_time() - began
        found.append(seconds)
    return found


def against_bare(articles: list[str], rounds: int) -> list[float]:
    """factcheck's CPU time over a bare regex pass's, each paired round (`paired`)."""
    runs = {"factcheck": factcheck_runner(), "bare": regex_runner()}
    return [s["factcheck"] / s["bare"] for s in paired(runs, articles, rounds)]


BARE = re.compile(r"\w+|[^\w\s]")
GOAL_CHARS_PER_S = 1_000_000
GOAL_RATIO = 12
BARE_ROUNDS = 5  # paired rounds of factcheck and the bare pass, for their ratio


def regex_runner():
    def run(articles: list[str]) -> None:
        for text in articles:
            sum(1 for _ in BARE.finditer(text))

    return run


def quantulum3_runner():
    from quantulum3 import parser

    def run(articles: list[str]) -> None:
        for text in articles:
            parser.parse(text)

    return run


def dateparser_runner():
    from dateparser.search import search_dates

    # English only, as a news pipeline calls it: left to detect the language,
    # search_dates is some 30 times slower still.
    settings = {"RELATIVE_BASE": REFERENCE}

    def run(articles: list[str]) -> None:
        for text in articles:
            search_dates(text, languages=["en"], settings=settings)

    return run


def measure(name: str, make_runner, articles: list[str], repeats: int) -> dict:
    """Characters a second and ms per 4 KB article, the best of some runs (the machine
    may be busy with other work); building the extractor and a first small run
    (imports, models, caches) are start-up, not speed."""
    run = make_runner()
    run(articles[:3])
    chars = sum(len(a) for a in articles)
    seconds = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        run(articles)
        seconds = min(seconds, time.perf_counter() - began)
    per_article = seconds / len(articles) * 1000 * ARTICLE / (chars / len(articles))
    return {
        "name": name,
        "articles": len(articles),
        "chars": chars,
        "seconds": seconds,
        "chars_per_s": chars / seconds,
        "ms_per_4kb": per_article,
    }


def startup() -> float:
    """Seconds from a fresh interpreter to a Checker ready to read (median of five)."""
    code = (
        "import time; t = time.perf_counter(); from factcheck.pipeline import Checker; "
        "c = Checker(); from factcheck.extract.scanner import tokenize; tokenize('5 km'); "
        "print(time.perf_counter() - t)"
    )
    runs = sorted(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(5)
    )  # fmt: skip
    return runs[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--min-bytes", type=int, default=1_000_000)
    ap.add_argument("--peer-articles", type=int, default=0, help="0: all of them")
    ap.add_argument("--no-peers", action="store_true", help="factcheck and the bare pass only")
    ap.add_argument("--baseline", type=Path, help="another source tree to compare speed with")
    ap.add_argument("--rounds", type=int, default=7, help="paired rounds against --baseline")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    articles = corpus(args.min_bytes)
    size = sum(len(a.encode("utf-8")) for a in articles)
    print(f"corpus: {len(articles)} articles, {size:,} bytes of news, each text once")
    sample = articles
    if args.peer_articles and args.peer_articles < len(articles):
        step = len(articles) / args.peer_articles
        sample = [articles[int(i * step)] for i in range(args.peer_articles)]
    rows = [measure("factcheck", factcheck_runner, articles, 2)]
    bare = measure("bare regex", regex_runner, articles, 3)
    peers = (
        ()
        if args.no_peers
        else (("quantulum3", quantulum3_runner), ("dateparser", dateparser_runner))
    )
    for name, runner in peers:
        try:
            rows.append(measure(name, runner, sample, 2))
        except ImportError as error:
            print(f"{name}: not installed ({error}); pip install -e '.[bench]'")
    ours = rows[0]
    print(f"{'extractor':12} {'articles':>8} {'chars':>10} {'seconds':>8} "
          f"{'chars/s':>12} {'ms/4KB':>8} {'factcheck is':>13}")  # fmt: skip
    for r in rows:
        ratio = r["ms_per_4kb"] / ours["ms_per_4kb"]
        print(
            f"{r['name']:12} {r['articles']:8d} {r['chars']:10,d} {r['seconds']:8.2f} "
            f"{r['chars_per_s']:12,.0f} {r['ms_per_4kb']:8.2f} {ratio:12.1f}x"
        )
    ratios = against_bare(articles, BARE_ROUNDS)
    ratio = statistics.median(ratios)
    print(
        f"bare regex pass: {bare['chars_per_s']:,.0f} chars/s; factcheck "
        f"{ours['chars_per_s']:,.0f} chars/s (goal {GOAL_CHARS_PER_S:,}: "
        f"{'met' if ours['chars_per_s'] >= GOAL_CHARS_PER_S else 'not met'}), "
        f"{ratio:.1f}x the bare pass's time, median of {BARE_ROUNDS} rounds read in turns "
        f"({min(ratios):.1f}-{max(ratios):.1f}; goal within {GOAL_RATIO}x: "
        f"{'met' if ratio <= GOAL_RATIO else 'not met'})"
    )
    print(f"start-up (import, grammar, units, rules): {startup():.3f} s")
    if args.baseline is not None:
        print(against_baseline(articles, args.baseline, args.rounds))


if __name__ == "__main__":
    main()
