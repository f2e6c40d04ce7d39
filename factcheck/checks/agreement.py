"""agreement: claims about the same thing in different documents must be compatible.

Within each group, the claims covering the value most documents agree on form the
consensus; every other claim is a dissent, reported against the consensus claims
it cannot be squared with.
"""

from __future__ import annotations

from factcheck import confidence
from factcheck.evaluate import Corpus, and_list, groups, message_fields, quote
from factcheck.intervals import Interval, consensus, disjoint, gap, widen
from factcheck.model import Finding
from factcheck.rules import AgreementRule


def check(rule: AgreementRule, corpus: Corpus) -> list[Finding]:
    findings = []
    for members in groups(rule.select, rule.group_by, corpus).values():
        if len({c.doc for c in members}) < 2:
            continue
        intervals = [i for i in (widen(c, rule.tolerance) for c in members) if i is not None]
        findings.extend(_dissents(rule, intervals))
    return findings


def _dissents(rule: AgreementRule, intervals: list[Interval]) -> list[Finding]:
    agreed = consensus(intervals)
    findings = []
    for interval in intervals:
        if interval in agreed:
            continue
        opposed = [c for c in agreed if c.claim.doc != interval.claim.doc and disjoint(c, interval)]
        if opposed:
            findings.append(_contradiction(rule, interval, opposed))
    return findings


def _contradiction(rule: AgreementRule, dissent: Interval, opposed: list[Interval]) -> Finding:
    pairs = []
    for other in opposed:
        factors = confidence.pair_factors(
            dissent.claim, other.claim, gap(dissent, other), max(dissent.scale, other.scale)
        )
        pairs.append((confidence.combine(factors), factors, other.claim))
    pairs.sort(key=lambda p: -p[0])
    others = [claim for _, _, claim in pairs]
    fields = message_fields(
        dissent.claim, others=and_list([quote(o) for o in others]), count=len(others)
    )
    return Finding(
        rule.id,
        "contradiction",
        rule.severity,
        round(confidence.any_of([p for p, _, _ in pairs]), 3),
        rule.message.format_map(fields),
        (dissent.claim, *others),
        {**pairs[0][1], "pairs": len(pairs)},
    )
