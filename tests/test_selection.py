"""A rule reads only the claims of the classes its selector names (Corpus.candidates):
the claims it selects are those it selected when it read every claim of its types, in
the same order, on real news."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import gva_articles

from factcheck.evaluate import corpus as corpus_module
from factcheck.evaluate.corpus import CLASSES, Corpus, key_of, selects
from factcheck.evaluate.sources import find_sources
from factcheck.model import Document
from factcheck.pipeline import Checker
from factcheck.rulebook.rules import ANY, Selector


@pytest.fixture(autouse=True)
def indexed(monkeypatch) -> None:
    """These few articles' claims read through the index, as a large set's are."""
    monkeypatch.setattr(corpus_module, "INDEXED_FROM", 0)


@pytest.fixture(scope="module")
def read() -> tuple[Corpus, list[Selector]]:
    documents = [Document(r["id"], r["text"], "-") for r in gva_articles(8)]
    checker = Checker()
    results = checker.read_set(documents).results
    corpus = Corpus(
        claims=tuple(c for r in results for c in r.claims),
        documents={r.document.id: r.document for r in results},
        references={r.document.id: r.reference for r in results},
        sources=find_sources([r.document for r in results]),
    )
    selectors = [
        value
        for rule in checker.rule_set.rules
        for value in vars(rule).values()
        if isinstance(value, Selector)
    ]
    return corpus, selectors


def _every_claim_of_its_types(selector: Selector, corpus: Corpus) -> list:
    types = selector.types()
    read = [c for t in sorted(types) for c in corpus.claims if c.type == t]
    return [c for c in read if selects(selector, c, corpus)]


def test_each_bundled_selector_takes_the_claims_it_took_from_every_claim(read) -> None:
    corpus, selectors = read
    narrowed = 0
    for selector in selectors:
        expected = _every_claim_of_its_types(selector, corpus)
        candidates = list(corpus.candidates(selector))
        taken = [c for c in candidates if selects(selector, c, corpus)]

        assert [id(c) for c in taken] == [id(c) for c in expected], selector
        narrowed += len(candidates) < sum(c.type in selector.types() for c in corpus.claims)
    assert len(selectors) >= 15
    assert narrowed >= 10  # most bundled rules name a class: they read far fewer claims


@pytest.mark.parametrize(
    "changes",
    [
        {"noun": ANY},  # any class, but one there is
        {"event": ["killed", "injured"], "noun": ["person"]},
        {"type": ["date", "quantity"], "role": ["killed"]},  # two types: each in order
        {"unit": ANY},
        {"noun": ["no such class"]},
    ],
)
def test_a_selector_naming_classes_takes_what_reading_every_claim_took(read, changes) -> None:
    corpus, _ = read
    selector = dataclasses.replace(Selector(type="quantity"), **changes)
    taken = [c for c in corpus.candidates(selector) if selects(selector, c, corpus)]

    assert taken == _every_claim_of_its_types(selector, corpus)


def test_a_small_set_reads_every_claim_of_the_types(read, monkeypatch) -> None:
    corpus, _ = read
    monkeypatch.setattr(corpus_module, "INDEXED_FROM", len(corpus.claims) + 1)
    selector = Selector(type="quantity", noun=["person"])

    assert list(corpus.candidates(selector)) == [c for c in corpus.claims if c.type == "quantity"]


def test_the_index_keys_each_claim_as_key_of_reads_its_type_and_classes(read) -> None:
    corpus, _ = read
    for key, positions in corpus._by_classes.items():
        for i in positions:
            assert key == key_of(corpus.claims[i], ("type", *CLASSES))
