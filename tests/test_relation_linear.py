"""Relation checks score a claim against at most `MOST_COMPARED` others, the furthest
off: a part above a hundred wholes, or a length at odds with a hundred start dates,
costs what one above 64 costs. The findings are the ones that scoring every pair gives
(the furthest pairs are the surest), and the counts in messages stay whole."""

from __future__ import annotations

import datetime as dt

from conftest import corpus_of

from factcheck.evaluate.checks import relation
from factcheck.model import Document


def _scored(checker, monkeypatch, rule_id: str, documents: list[Document]):
    """The findings of a rule as it is, and with every pair scored, each with the number
    of pairs its finding scored."""
    rule = next(r for r in checker.rule_set.rules if r.id == rule_id)
    corpus = corpus_of(checker, documents)
    finding = relation._finding
    pairs = []

    def counted(rule, claim, others, *rest):
        pairs.append(len(others))
        return finding(rule, claim, others, *rest)

    monkeypatch.setattr(relation, "_finding", counted)
    capped = relation.check(rule, corpus)
    capped_pairs, pairs[:] = pairs[:], []
    monkeypatch.setattr(relation, "MOST_COMPARED", 10**6)
    return (capped, capped_pairs), (relation.check(rule, corpus), pairs)


def test_a_part_above_a_hundred_wholes_is_scored_against_the_lowest(checker, monkeypatch) -> None:
    sentences = [f"{10 + k} fighters died, among them 3 leaders." for k in range(100)]
    sentences.append("In all 500 fighters died, among them 400 leaders.")
    documents = [Document("front", " ".join(sentences), "-", source="Front News")]
    (capped, scored), (everything, all_scored) = _scored(
        checker, monkeypatch, "counts.leaders-among-fighters", documents
    )
    assert scored == [64] and all_scored == [100]
    assert capped == everything
    assert capped[0].message.endswith("'14' in front (14) and 96 more")


def test_a_length_at_odds_with_a_hundred_start_dates_is_scored_against_the_furthest(
    checker, monkeypatch
) -> None:
    """A hundred outlets date the start of a campaign on a hundred different days of
    2015; one article says it lasted ten days, up to its own date in 2016."""
    start = dt.date(2015, 1, 1)
    documents = [
        Document(
            f"outlet-{k:03}",
            f"The air campaign began on {(start + dt.timedelta(days=3 * k)):%B %d, %Y}.",
            "-",
            source=f"Outlet {k}",
            published=dt.date(2016, 3, 14),
        )
        for k in range(100)
    ]
    documents.append(
        Document(
            "length",
            "Moscow declared an end to the ten-day air campaign.",
            "-",
            source="Wire",
            published=dt.date(2016, 3, 14),
        )
    )
    (capped, scored), (everything, all_scored) = _scored(
        checker, monkeypatch, "durations.length-fits-dates", documents
    )
    assert scored == [64] and all_scored == [100]
    # The same finding, the same days quoted, as sure; of the sources, those scored.
    assert [f.factors.pop("sources") for f in capped] == [64]
    assert [f.factors.pop("sources") for f in everything] == [100]
    assert capped == everything
