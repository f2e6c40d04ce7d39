"""agreement: claims about the same thing in different documents must be compatible.

Within each group, the values that cover the point most documents agree on form
the consensus; every other value is a dissent, reported against the consensus
claims it cannot be squared with.

With `evidence`, a wider selection counts toward the consensus and may be quoted
against a dissent without being reported itself: the day of a shooting is checked
against every date the articles give that day, though only dates tied to the shooting
by their own words are reported.

With `dissent_alone`, a document that states the agreed value too dissents only where it
ties both values to the same role: "shot on June 5 ... died on June 9" gives the days of
two things, "shot on June 5 ... the June 10 shooting" is the article at odds with itself.

With `updates: true` (tolls), a pair whose later article gives a figure higher by one,
or says the figure rose, is most often the toll changing as news comes in: it is
reported as an update (info, with both dates), and only the other pairs as a
contradiction.

Cost per group: O(claims + values log values) to find the consensus (a sweep), then
for each dissenting value O(claims of the values it contradicts): every such pair is
scored, so a group with many dissenting values and a large consensus costs their
product (not yet linear: see issue 13).
"""

from __future__ import annotations

import dataclasses

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import (
    Interval,
    Position,
    consensus_positions,
    disjoint,
    gap,
    positions,
)
from factcheck.evaluate.messages import and_list, finding, message_fields, others_text
from factcheck.model import Claim, Finding, Quantity
from factcheck.rulebook.language import AgreementRule


def check(rule: AgreementRule, corpus: Corpus) -> list[Finding]:
    findings = []
    backing = groups(rule.evidence, rule.group_by, corpus) if rule.evidence else {}
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        pool = list({id(c): c for c in (*members, *backing.get(key, ()))}.values())
        if len({c.doc for c in pool}) < 2:
            continue
        reportable = {id(c) for c in members}
        found = positions(pool, rule.room)
        agreed = consensus_positions(found)
        agreed_ids = {id(p) for p in agreed}
        agreeing = _agreeing_roles(agreed) if rule.dissent_alone else {}
        for position in found:
            dissenting = [
                c
                for c in position.claims
                if id(c) in reportable and not _other_event(c, agreeing.get(c.doc))
            ]
            if id(position) in agreed_ids or not dissenting:
                continue
            opposed = [p for p in agreed if _differ(rule, p.interval, position.interval)]
            finding = _contradiction(rule, position, dissenting, opposed, corpus)
            if finding:
                findings.append(finding)
    return findings


def _agreeing_roles(agreed: list[Position]) -> dict[str, set[str | None]]:
    """For each document that states the agreed value, the roles it gives it."""
    roles: dict[str, set[str | None]] = {}
    for position in agreed:
        for claim in position.claims:
            roles.setdefault(claim.doc, set()).add(claim.context.role)
    return roles


def _other_event(claim: Claim, agreeing: set[str | None] | None) -> bool:
    """Whether the claim's document states the agreed value for something else: "shot
    on June 5 ... died on June 9" dates two things. A document that ties both values to
    the same role ("shot on June 5", "the June 10 shooting") is at odds with itself, and
    stays a dissent."""
    if agreeing is None:
        return False
    return claim.context.role is None or claim.context.role not in agreeing


def _differ(rule: AgreementRule, a: Interval, b: Interval) -> bool:
    """Values that cannot both hold and, with `related_within`, are near enough to be
    about the same thing: a shooting dated "June 5" and "June 10", not "June 5" and an
    arraignment in August."""
    if not disjoint(a, b):
        return False
    room = rule.related_within
    return room is None or gap(a, b) <= max(room.days, room.absolute)


def _contradiction(
    rule: AgreementRule,
    dissent: Position,
    dissenting: list[Claim],
    opposed: list[Position],
    corpus: Corpus,
) -> Finding | None:
    """The finding for one dissenting value: `dissenting` are its claims that the rule
    reports (with `evidence`, other claims only count and are quoted against it)."""
    lead = max(dissenting, key=confidence.claim_weight)
    evidence, updates = confidence.Evidence(), confidence.Evidence()
    for position in opposed:
        distance = gap(dissent.interval, position.interval)
        scale = max(dissent.interval.scale, position.interval.scale)
        higher = dissent.interval.lo > position.interval.lo
        for other in position.claims:
            if other.doc not in dissent.docs:
                factors = confidence.pair_factors(lead, other, distance, scale)
                found = (
                    updates if rule.updates and _update(lead, other, higher, corpus) else evidence
                )
                found.add(corpus.sources.group[other.doc], other, factors)
    if evidence:
        return _finding(rule, "contradiction", lead, dissenting, evidence)
    if updates:
        return _update_finding(rule, lead, dissenting, updates, corpus)
    return None


def _update(claim: Claim, other: Claim, higher: bool, corpus: Corpus) -> bool:
    """Whether two tolls read as one changing between reports: the higher came out on a
    later day, and either its sentence says the figure changed ("the toll rose to 5", "a
    fourth victim has died") or it is higher by one (one more victim died or was found).
    A larger jump with no such words is a contradiction still."""
    mine, theirs = corpus.references.get(claim.doc), corpus.references.get(other.doc)
    if mine is None or theirs is None or mine.date == theirs.date:
        return False
    if (mine.date > theirs.date) != higher:
        return False  # the later article gives the lower figure
    high, low = (claim, other) if higher else (other, claim)
    return high.context.revised or _one_more(high.value, low.value)


def _one_more(high, low) -> bool:
    return (
        isinstance(high, Quantity)
        and isinstance(low, Quantity)
        and None not in (high.lo, low.hi)
        and high.lo - low.hi <= 1
    )


def _finding(rule, kind: str, lead: Claim, dissenting: list[Claim], evidence) -> Finding:
    others = evidence.claims()
    fields = message_fields(lead, others=others_text(others), count=len(others))
    claims = confidence.listed(dissenting, lead) + confidence.listed(others)
    return finding(rule, kind, claims, evidence.confidence(), evidence.factors(), fields)


def _update_finding(rule, lead: Claim, dissenting: list[Claim], evidence, corpus) -> Finding:
    """A toll that changed between reports: an info, its message the dates in order."""
    found = _finding(rule, "update", lead, dissenting, evidence)
    day = {c.doc: corpus.references[c.doc].date for c in found.claims}
    latest = max(found.claims, key=lambda c: day[c.doc])
    earlier = [c for c in found.claims if c is not latest]
    message = (
        f"'{latest.text}' in {latest.doc} ({day[latest.doc].isoformat()}) comes after "
        + and_list([f"'{c.text}' in {c.doc} ({day[c.doc].isoformat()})" for c in earlier])
        + ": the toll most likely changed between the reports"
    )
    return dataclasses.replace(found, severity="info", message=message)
