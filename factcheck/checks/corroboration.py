"""corroboration: a figure needs independent sources (or a reference fact) behind it.

A claim is backed by another when the other lies within it, allowing for rounding
and the rule's tolerance: "470,000" backs "more than 250,000", not the reverse.
Backing counts only from documents of other sources (see factcheck/sources.py);
copies from the same source are named in the finding, as its reason.
"""

from __future__ import annotations

from factcheck import confidence
from factcheck.checks.reference import fact_interval
from factcheck.evaluate import Corpus, and_list, groups, message_fields
from factcheck.intervals import Interval, exact, widen
from factcheck.model import Claim, Finding
from factcheck.rules import CorroborationRule


def check(rule: CorroborationRule, corpus: Corpus) -> list[Finding]:
    findings = []
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        facts = [f for f in (fact_interval(fact, rule, key) for fact in rule.facts) if f]
        reported: set[Claim] = set()
        for claim in members:
            if claim in reported:
                continue
            finding = _unsupported(rule, claim, members, facts, corpus)
            if finding:
                findings.append(finding)
                reported.update(finding.claims)
    return findings


def _unsupported(
    rule: CorroborationRule,
    claim: Claim,
    members: list[Claim],
    facts: list[Interval],
    corpus: Corpus,
) -> Finding | None:
    room = widen(claim, rule.tolerance)
    if room is None or any(fact.within(room) for fact in facts):
        return None
    backing = [o for o in members if o is not claim and _backs(o, room)]
    sources = corpus.sources
    independent = {sources.group[o.doc] for o in backing} | {sources.group[claim.doc]}
    if len(independent) >= rule.sources:
        return None
    copies = [o for o in backing if o.doc != claim.doc]
    reason = _reason(claim, copies, corpus)
    grouping = sources.certainty[claim.doc] if copies else 1.0
    factors = {
        "reading": claim.parse_certainty,
        "aboutness": confidence.aboutness(claim),
        "independence": grouping,
    }
    fields = message_fields(claim, reason=reason, copies=and_list([c.doc for c in copies]))
    return Finding(
        rule.id,
        "unsupported",
        rule.severity,
        round(confidence.combine(factors), 3),
        rule.message.format_map(fields),
        (claim, *copies),
        factors,
    )


def _backs(other: Claim, room: Interval) -> bool:
    value = exact(other)
    return value is not None and value.within(room)


def _reason(claim: Claim, copies: list[Claim], corpus: Corpus) -> str:
    if not copies:
        return "no other article gives this figure"
    why = corpus.sources.reasons.get(claim.doc, "")
    docs = and_list(sorted({c.doc for c in copies}))
    return f"the only other articles that give it, {docs}, are not independent ({why})"
