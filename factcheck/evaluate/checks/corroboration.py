"""corroboration: a figure needs independent sources (or a reference fact) behind it.

A value is backed by another when the other lies within it, allowing for rounding
and the rule's tolerance: "470,000" backs "more than 250,000", not the reverse.
Backing counts only from documents of other sources (see evaluate/sources.py);
copies from the same source are named in the finding, as its reason.
"""

from __future__ import annotations

from factcheck.evaluate import confidence
from factcheck.evaluate.checks.reference import fact_intervals
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import Position, exact, positions
from factcheck.evaluate.messages import and_list, finding, message_fields
from factcheck.model import Claim, Finding
from factcheck.rulebook.language import CorroborationRule


def check(rule: CorroborationRule, corpus: Corpus) -> list[Finding]:
    findings = []
    facts = fact_intervals(rule)
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        known = [interval for _, interval in facts.get(key[: len(rule.group_by)], ())]
        found = positions(members, rule.room)
        stated = [(other, exact(other.claims[0])) for other in found]  # once per position
        for position in found:
            if any(fact.within(position.interval) for fact in known):
                continue
            backing = [
                c for other, value in stated
                if other is not position and value is not None and value.within(position.interval)
                for c in other.claims
            ]  # fmt: skip
            finding = _unsupported(rule, position, backing, corpus)
            if finding:
                findings.append(finding)
    return findings


def _unsupported(
    rule: CorroborationRule, position: Position, backing: list[Claim], corpus: Corpus
) -> Finding | None:
    group = corpus.sources.group
    independent = {group[c.doc] for c in (*position.claims, *backing)}
    if len(independent) >= rule.sources:
        return None
    lead = position.claims[0]
    copies = [c for c in (*position.claims, *backing) if c.doc != lead.doc]
    factors = {
        "reading": lead.parse_certainty,
        "aboutness": confidence.aboutness(lead),
        "independence": corpus.sources.certainty[lead.doc] if copies else 1.0,
    }
    reason = _reason(lead, copies, corpus)
    fields = message_fields(lead, reason=reason, copies=and_list(sorted({c.doc for c in copies})))
    claims = confidence.listed([lead, *copies])
    return finding(rule, "unsupported", claims, confidence.combine(factors), factors, fields)


def _reason(claim: Claim, copies: list[Claim], corpus: Corpus) -> str:
    if not copies:
        return "no other article gives this figure"
    why = corpus.sources.reasons.get(claim.doc, "")
    docs = and_list(sorted({c.doc for c in copies}))
    return f"the only other articles that give it, {docs}, are not independent ({why})"
