"""The corroboration check sums up the values inside each figure instead of listing them
(evaluate/backing.py): its findings are those of the check it replaced, which looked at
every value inside each figure, one by one. Compared on real news whose figures are
moved and hedged, and on sets drawn at random where figures nest every way they can
(open ends, ranges, shared ends, copies, one document giving many figures)."""

from __future__ import annotations

import dataclasses
import random
import re
from itertools import chain, islice

import pytest
from conftest import copied_gva, corpus_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.evaluate import confidence
from factcheck.evaluate.backing import _InPlaceOrder
from factcheck.evaluate.checks import corroboration
from factcheck.evaluate.checks.reference import Facts
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import exact, positions
from factcheck.evaluate.messages import QUOTED, and_more, finding, message_fields
from factcheck.evaluate.sources import Sources
from factcheck.model import Document

HEDGES = ["more than {}", "at least {}", "fewer than {}", "up to {}", "about {}", "{}"]


def one_by_one(rule, corpus: Corpus) -> list:
    """The check as it was: for each figure, every value that lies inside it."""
    findings = []
    facts = Facts(rule, corpus.units)
    group = corpus.sources.group
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        known = [interval for _, interval in facts.about(key, members[0])]
        found = positions(members, rule.room)
        for position in found:
            if any(fact.within(position.interval) for fact in known):
                continue
            backing = [
                other
                for other in found
                if other is not position
                and (value := exact(other.claims[0])) is not None
                and value.within(position.interval)
            ]
            stated = [position, *backing]
            if len({group[c.doc] for p in stated for c in p.claims}) >= rule.sources:
                continue
            lead = position.claims[0]
            docs = set().union(*(p.docs for p in stated)) - {lead.doc}
            factors = {
                "reading": lead.parse_certainty,
                "aboutness": confidence.aboutness(lead),
                "independence": corpus.sources.certainty[lead.doc] if docs else 1.0,
                "event": confidence.event_named(lead),
            }
            named = and_more(sorted(docs)[:QUOTED], len(docs))
            reason = corroboration._reason(lead, named, corpus)
            fields = message_fields(lead, reason=reason, copies=named)
            copies = (c for c in chain(*(p.claims for p in stated)) if c.doc != lead.doc)
            claims = confidence.listed([lead, *islice(copies, confidence.MAX_LISTED - 1)])
            findings.append(
                finding(rule, "unsupported", claims, confidence.combine(factors), factors, fields)
            )
    return findings


@pytest.fixture(scope="module")
def rule(checker):
    return next(r for r in checker.rule_set.rules if r.kind == "corroboration")


def _hedged(match: re.Match, rng: random.Random) -> str:
    value = int(match.group())
    if 1900 <= value <= 2100:
        return match.group()
    return rng.choice(HEDGES).format(value + rng.choice([0, 0, 1, 3]))


@pytest.mark.parametrize("grouping", ["found", "each alone", "one source"])
def test_real_news_hedged_gives_the_findings_of_the_check_one_by_one(
    checker, rule, grouping
) -> None:
    """Real articles on a few incidents, each with three copies whose figures are moved
    and hedged, and grouped as found, each alone, or all as one source (every figure
    then lacks independent backing, and is named with all its backers)."""
    documents = copied_gva(4, copies=4, outlets=6, change=_hedged)
    corpus = corpus_of(checker, documents)
    if grouping != "found":
        group = {d: d if grouping == "each alone" else "one" for d in corpus.documents}
        corpus = dataclasses.replace(corpus, sources=Sources(group, {}, dict.fromkeys(group, 0.9)))
    found = corroboration.check(rule, corpus)
    assert found == one_by_one(rule, corpus)
    # enough figures to compare; with every document its own source, nearly all are backed
    assert len(found) >= (1 if grouping == "each alone" else 50)


@pytest.mark.parametrize(
    "figure, other, backed",
    [
        ("More than 20", "More than 18", True),
        ("More than 20", "At least 18", False),
        ("Fewer than 20", "Fewer than 22", True),
        ("Fewer than 20", "Up to 22", False),
    ],
)
def test_another_source_backs_a_figure_only_from_inside_its_open_ends(
    checker, rule, figure, other, backed
) -> None:
    """With 10% room, "more than 20" lies above 18, 18 itself left out: "more than 18"
    lies inside it, and "at least 18", which holds 18, does not."""
    documents = [
        Document(
            f"d{n}", f"Gunmen attacked the town. {text} people were hurt.", "-", source=f"Wire {n}"
        )
        for n, text in enumerate([figure, other])
    ]
    unsupported = [
        f.claims[0].text for f in corroboration.check(rule, corpus_of(checker, documents))
    ]
    assert (figure not in unsupported) == backed


SENTENCE = st.sampled_from(
    [
        "More than {a} people were killed.",
        "At least {a} people died.",
        "Fewer than {a} people were hurt.",
        "Up to {a} people were hurt.",
        "Between {a} and {b} people were killed.",
        "{a} people were killed.",
        "About {a} people were killed.",
    ]
)
# The check widens figures by 10%: 20 stands for 18 to 22, so "more than 18" lies inside
# "more than 20" and "at least 18" does not. Figures drawn from these meet at such ends.
FIGURE_DRAWN = st.sampled_from([9, 10, 11, 18, 20, 22, 27, 30, 33])
ARTICLE = st.lists(
    st.tuples(SENTENCE, FIGURE_DRAWN, st.sampled_from([0, 1, 2, 9, 20])), min_size=1, max_size=4
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    articles=st.lists(st.tuples(st.integers(0, 2), ARTICLE), min_size=1, max_size=14),
    alone=st.booleans(),
)
def test_nested_figures_drawn_at_random_give_the_findings_of_the_check_one_by_one(
    checker, rule, articles, alone
) -> None:
    documents = [
        Document(
            f"d{n:02}",
            "Gunmen attacked the town on Monday. "
            + " ".join(s.format(a=a, b=a + b) for s, a, b in sentences),
            "-",
            source=f"Wire {publisher}",
        )
        for n, (publisher, sentences) in enumerate(articles)
    ]
    corpus = corpus_of(checker, documents)
    if alone:
        group = {d: d for d in corpus.documents}
        corpus = dataclasses.replace(corpus, sources=Sources(group, {}, dict.fromkeys(group, 1.0)))
    assert corroboration.check(rule, corpus) == one_by_one(rule, corpus)


@given(
    st.lists(st.sampled_from(["a", "b", None]), max_size=40),
    st.randoms(use_true_random=False),
    st.sampled_from(["a", "b"]),
)
def test_places_are_listed_in_order_passing_over_one_documents_own(soles, rng, but) -> None:
    """The tree behind `claims_inside` lists each place once, in order, from any rank on,
    and never one that the document asked about gives alone (so a document that gives
    many figures costs nothing when its own are asked about)."""
    ranks = list(range(len(soles)))
    rng.shuffle(ranks)
    order = _InPlaceOrder(len(soles))
    for place, (rank, sole) in enumerate(zip(ranks, soles, strict=True)):
        order.add(rank, place, sole)
    for start in range(len(soles) + 1):
        expected = [
            place
            for place, (rank, sole) in enumerate(zip(ranks, soles, strict=True))
            if rank >= start and sole != but
        ]
        assert list(order.from_rank(start, but)) == expected
