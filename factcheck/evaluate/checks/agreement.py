"""agreement: claims about the same thing in different documents must be compatible.

Within each group, the values that cover the point most documents agree on form
the consensus; every other value is a dissent, reported against the consensus
claims it cannot be squared with.
"""

from __future__ import annotations

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import Position, consensus_positions, disjoint, gap, positions
from factcheck.evaluate.messages import finding, message_fields, others_text
from factcheck.model import Finding
from factcheck.rulebook.language import AgreementRule


def check(rule: AgreementRule, corpus: Corpus) -> list[Finding]:
    findings = []
    for members in groups(rule.select, rule.group_by, corpus).values():
        if len({c.doc for c in members}) < 2:
            continue
        found = positions(members, rule.tolerance)
        agreed = consensus_positions(found)
        agreed_ids = {id(p) for p in agreed}
        for position in found:
            if id(position) in agreed_ids:
                continue
            opposed = [p for p in agreed if disjoint(p.interval, position.interval)]
            finding = _contradiction(rule, position, opposed, corpus)
            if finding:
                findings.append(finding)
    return findings


def _contradiction(
    rule: AgreementRule, dissent: Position, opposed: list[Position], corpus: Corpus
) -> Finding | None:
    lead = max(dissent.claims, key=confidence.claim_weight)
    evidence = confidence.Evidence()
    for position in opposed:
        distance = gap(dissent.interval, position.interval)
        scale = max(dissent.interval.scale, position.interval.scale)
        for other in position.claims:
            if other.doc not in dissent.docs:
                factors = confidence.pair_factors(lead, other, distance, scale)
                evidence.add(corpus.sources.group[other.doc], other, factors)
    if not evidence:
        return None
    others = evidence.claims()
    fields = message_fields(lead, others=others_text(others), count=len(others))
    claims = confidence.listed(dissent.claims, lead) + confidence.listed(others)
    return finding(rule, "contradiction", claims, evidence.confidence(), evidence.factors(), fields)
