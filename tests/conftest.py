"""Shared test fixtures: the project's own article sets and the shared acceptance corpus."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


# A rule file whose lines are known: 2 id, 3 kind, 5 select, 6 group_by, 7 severity,
# 8 message. Tests of rule-file errors edit it and check the reported places.
LOCAL_RULE = """\
rules:
  - id: local.start
    kind: agreement
    description: Dates of the start of an event.
    select: {type: date, event: [start], topic: any}
    group_by: [event, topic]
    severity: error
    message: "{doc} says '{text}'"
"""


def missing(reason: str):
    """Something a test needs is absent: a skip on a developer's machine, a failure
    under CI (CI set to true or 1)."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(reason)
    pytest.skip(reason)


def shared_path(*parts: str) -> Path:
    """A path under ../shared/: skipped where it is absent, a failure under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(f"{path} is absent (the shared corpus sits beside the checkout)")
    return path


def gva_articles(incidents: int) -> list[dict]:
    """Real local news on the first gun-violence incidents of the shared clusters, as
    records: id, text, published (none for every third: dated by its text or its set)
    and the incident as its story."""
    path = shared_path("bench", "data", "clusters", "gva-dev.jsonl.gz")
    records: list[dict] = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for number, line in zip(range(incidents), stream, strict=False):
            for article in json.loads(line)["articles"]:
                dated = len(records) % 3 != 0
                records.append(
                    {
                        "id": article["doc_id"],
                        "text": article["text"],
                        "published": article["dct"][:10] if dated else None,
                        "story": f"incident-{number}",
                    }
                )
    return records


FIGURE = re.compile(r"(?<![\w.,])\d+(?![\w,]|\.\d)")  # a bare whole number


def copied_gva(incidents: int, copies: int, outlets: int, change) -> list:
    """`gva_articles` as Documents, each with `copies` - 1 copies under random outlets of
    `outlets`, whose figures `change(match, rng)` rewrites."""
    import datetime as dt
    import random

    from factcheck.model import Document

    documents = []
    for record in gva_articles(incidents):
        published = record["published"] and dt.date.fromisoformat(record["published"])
        for copy in range(copies):
            rng = random.Random(f"{record['id']}:{copy}")
            text = FIGURE.sub(lambda m, rng=rng: change(m, rng), record["text"])
            documents.append(
                Document(
                    f"{record['id']}~{copy}",
                    record["text"] if not copy else text,
                    "-",
                    source=f"Outlet {rng.randrange(outlets)}",
                    published=published,
                )
            )
    return documents


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def checker():
    from factcheck.pipeline import Checker

    return Checker()


def corpus_of(checker, documents):
    """The corpus a check reads of these documents, as `Checker.check` builds it."""
    from factcheck.evaluate.corpus import Corpus
    from factcheck.evaluate.sources import find_sources

    results = checker.read_set(documents).results
    read = [r.document for r in results]
    return Corpus(
        claims=tuple(c for r in results for c in r.claims),
        documents={d.id: d for d in read},
        references={r.document.id: r.reference for r in results},
        sources=find_sources(read),
    )


BROKEN_ID = "northern-courier"  # the article of the flood set that `broken_reader` fails on


@pytest.fixture
def broken_reader(monkeypatch):
    """The claim reader raises on one article of the flood set, as a bug would."""
    import factcheck.extract.reading

    real = factcheck.extract.reading.candidates

    def candidates(text, tokens, unread=None):
        if "OAKHOLLOW" in text:  # northern-courier's dateline, in no other article
            raise ValueError("injected failure")
        return real(text, tokens, unread)

    monkeypatch.setattr(factcheck.extract.reading, "candidates", candidates)
