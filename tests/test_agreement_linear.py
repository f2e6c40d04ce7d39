"""The agreement check counts the consensus instead of pairing every dissent with every
claim: its findings are those of the pairwise check it replaced, on real news copied
with moved figures (many dissenting values, many copies, many source groups)."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest
from conftest import copied_gva, corpus_of

from factcheck.evaluate import confidence
from factcheck.evaluate.checks import agreement
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import consensus_positions, gap, positions
from factcheck.evaluate.messages import finding, message_fields, others_text
from factcheck.evaluate.sources import Sources
from factcheck.model import Document
from factcheck.pipeline import Checker


def _moved(match: re.Match, rng: random.Random) -> str:
    value = int(match.group())
    return match.group() if 1900 <= value <= 2100 else str(value + rng.choice([0, 0, 1, 2]))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """Real articles on a few incidents, each with two copies under other publishers, the
    copies' figures moved a little."""
    documents = copied_gva(6, copies=3, outlets=40, change=_moved)
    checker = Checker()
    return corpus_of(checker, documents), checker.rule_set


def pairwise(rule, corpus: Corpus) -> list:
    """The agreement check as it was: every dissent scored against every claim of every
    consensus value it contradicts, one by one."""
    findings = []
    backing = groups(rule.evidence, rule.group_by, corpus) if rule.evidence else {}
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        pool = list({id(c): c for c in (*members, *backing.get(key, ()))}.values())
        if len({c.doc for c in pool}) < 2:
            continue
        reportable = {id(c) for c in members}
        found = positions(pool, rule.room)
        agreed = consensus_positions(found)
        # which claims may dissent is the same in both: only the counting differs
        agreeing = agreement._agreeing_roles(agreed, reportable) if rule.dissent_alone else {}
        for position in found:
            dissenting = [
                c
                for c in position.claims
                if id(c) in reportable
                and not agreement._about_something_else(c, agreeing.get(c.doc))
            ]
            if any(p is position for p in agreed) or not dissenting:
                continue
            opposed = [p for p in agreed if agreement._differ(rule, p, position)]
            lead = max(dissenting, key=confidence.claim_weight)
            evidence, updates = confidence.Evidence(), confidence.Evidence()
            for other_position in opposed:
                distance = gap(position.interval, other_position.interval)
                scale = max(position.interval.scale, other_position.interval.scale)
                higher = position.interval.lo > other_position.interval.lo
                for other in other_position.claims:
                    if other.doc in position.docs:
                        continue
                    factors = confidence.pair_factors(lead, other, distance, scale)
                    update = rule.updates and agreement._update(lead, other, higher, corpus)
                    (updates if update else evidence).add(
                        corpus.sources.group[other.doc], other, factors
                    )
            if evidence:
                others = evidence.claims()
                fields = message_fields(lead, others=others_text(others), count=len(others))
                claims = confidence.listed(dissenting, lead) + confidence.listed(others)
                findings.append(
                    finding(
                        rule, "contradiction", claims, evidence.confidence(),
                        evidence.factors(), fields,
                    )
                )  # fmt: skip
            elif updates:
                others = updates.claims()
                tally = agreement._Tally(
                    others[: confidence.MAX_LISTED], len(others), updates.confidence(),
                    updates.factors(),
                )  # fmt: skip
                findings.append(agreement._update_finding(rule, lead, dissenting, tally, corpus))
    return findings


@pytest.mark.parametrize("grouping", ["found", "each alone", "by incident"])
def test_the_counted_check_finds_what_the_pairwise_one_found(corpus, grouping) -> None:
    """With the sources as found (copies are one source), and as if every document were
    its own source, or the copies of one incident's articles one source each: many
    source groups, some holding claims of the dissent's own documents."""
    corpus, rule_set = corpus
    if grouping != "found":
        group = {d: d if grouping == "each alone" else d.split("~")[1] for d in corpus.documents}
        corpus = dataclasses.replace(corpus, sources=Sources(group, {}, {}))
    rules = [r for r in rule_set.rules if r.kind == "agreement"]
    compared = 0
    for rule in rules:
        found = agreement.check(rule, corpus)
        expected = pairwise(rule, corpus)
        assert found == expected
        compared += len(found)
    assert compared >= 20  # the set has dissents enough to compare


def test_a_consensus_of_many_overlapping_ranges_is_compared_by_its_extremes(
    checker, monkeypatch
) -> None:
    """A hundred and fifty outlets give a hundred and fifty overlapping ranges, which all
    agree; four others give ranges below and above them all. Each dissent is compared
    with 64 of the agreed values, not 150 (the cost of a dissent is bounded), and is
    reported as it is when compared with all of them, quoting the same claims first."""
    documents = [
        Document(
            f"range-{n:03}",
            f"Between {100 + n} and {400 + n} people were killed in the attack on Monday.",
            "-",
            source=f"Outlet {n}",
        )
        for n in range(150)
    ] + [
        Document(
            f"dissent-{low}",
            f"Between {low} and {low + 30} people were killed in the attack on Monday.",
            "-",
            source=f"Rival {low}",
        )
        for low in (20, 50, 700, 900)
    ]
    rule = next(r for r in checker.rule_set.rules if r.id == "counts.casualties")
    corpus = corpus_of(checker, documents)
    found = agreement.check(rule, corpus)
    monkeypatch.setattr(agreement, "MOST_COMPARED", 10**6)
    everything = agreement.check(rule, corpus)

    def reported(findings) -> list[tuple[str, str]]:
        return [(f.claims[0].doc, f.claims[1].doc) for f in findings]

    assert sorted(d for d, _ in reported(found)) == [f"dissent-{n}" for n in (20, 50, 700, 900)]
    assert reported(found) == reported(everything)
    # The same claims quoted first, at the same confidence: the farthest values are kept.
    assert [(f.message.rsplit(" and ", 1)[0], f.confidence) for f in found] == [
        (f.message.rsplit(" and ", 1)[0], f.confidence) for f in everything
    ]
    assert {f.message.rsplit(" and ", 1)[1] for f in found} == {"60 more"}  # 4 + 60 values
    assert {f.message.rsplit(" and ", 1)[1] for f in everything} == {"146 more"}
