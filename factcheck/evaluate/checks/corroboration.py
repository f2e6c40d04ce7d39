"""corroboration: a figure needs independent sources (or a reference fact) behind it.

A value is backed by another when the other lies within it, allowing for rounding
and the rule's tolerance: "470,000" backs "more than 250,000", not the reverse.
Backing counts only from documents of other sources (see evaluate/sources.py);
copies from the same source are named in the finding, as its reason.
"""

from __future__ import annotations

import bisect
import heapq
from itertools import chain, islice

from factcheck.evaluate import confidence
from factcheck.evaluate.checks.reference import Facts
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import Interval, Position, exact, positions
from factcheck.evaluate.messages import QUOTED, and_more, finding, message_fields
from factcheck.model import Claim, Finding
from factcheck.rulebook.rules import CorroborationRule


def check(rule: CorroborationRule, corpus: Corpus) -> list[Finding]:
    """Cost per group: O(claims + values log values + backers looked at). The values are
    sorted once by their lower ends; each value looks only at values that start inside
    its interval, and stops as soon as enough independent sources back it (a figure
    that most articles give is settled by the first few). At worst that is every value
    for each: one source's open-ended figures that back one another and never reach
    another source ("more than 137", "more than 138": benchmarks/hostile_sets.py)."""
    findings = []
    facts = Facts(rule, corpus.units)
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        known = [interval for _, interval in facts.about(key, members[0])]
        found = positions(members, rule.room)
        stated = _by_lower_end(found, corpus)
        lows = [value.lo for value, _, _, _ in stated]
        for position in found:
            if any(fact.within(position.interval) for fact in known):
                continue
            backing = _backing(rule, position, stated, lows, corpus)
            if backing is not None:
                findings.append(_unsupported(rule, position, backing, corpus))
    return findings


Stated = tuple[Interval, int, Position, frozenset[str]]


def _by_lower_end(found: list[Position], corpus: Corpus) -> list[Stated]:
    """Each position's value as written, its place in `found` and its source groups
    (once per position), sorted by the value's lower end."""
    group = corpus.sources.group
    stated = [
        (value, index, other, frozenset(group[c.doc] for c in other.claims))
        for index, other in enumerate(found)
        if (value := exact(other.claims[0])) is not None
    ]
    return sorted(stated, key=lambda s: s[0].lo)


def _backing(
    rule: CorroborationRule,
    position: Position,
    stated: list[Stated],
    lows: list[float],
    corpus: Corpus,
) -> list[Position] | None:
    """The other values that lie within this one's interval, in the order of their
    positions; None once enough independent sources back it."""
    interval = position.interval
    independent = {corpus.sources.group[doc] for doc in position.docs}
    if len(independent) >= rule.sources:
        return None  # its own articles are enough
    backers = []
    for k in range(bisect.bisect_left(lows, interval.lo), len(stated)):
        value, index, other, other_groups = stated[k]
        if value.lo > interval.hi:
            break  # this value and all after it start beyond the interval
        if other is position or not value.within(interval):
            continue
        backers.append((index, other))
        independent |= other_groups
        if len(independent) >= rule.sources:
            return None
    return [other for _, other in sorted(backers, key=lambda b: b[0])]


def _unsupported(
    rule: CorroborationRule, position: Position, backing: list[Position], corpus: Corpus
) -> Finding:
    """The finding of a value too few independent sources give. Read by position, not
    claim by claim: a figure copied into many articles is one position of many claims,
    and only the few a finding lists are looked at."""
    lead = position.claims[0]
    docs = set(position.docs).union(*(other.docs for other in backing))
    docs.discard(lead.doc)
    factors = {
        "reading": lead.parse_certainty,
        "aboutness": confidence.aboutness(lead),
        "independence": corpus.sources.certainty[lead.doc] if docs else 1.0,
    }
    named = and_more(heapq.nsmallest(QUOTED, docs), len(docs))
    reason = _reason(lead, named, corpus)
    fields = message_fields(lead, reason=reason, copies=named)
    stated = chain(position.claims, *(other.claims for other in backing))
    copies = islice((c for c in stated if c.doc != lead.doc), confidence.MAX_LISTED - 1)
    claims = confidence.listed([lead, *copies])
    return finding(rule, "unsupported", claims, confidence.combine(factors), factors, fields)


def _reason(claim: Claim, named: str, corpus: Corpus) -> str:
    """Why a figure lacks sources; `named` lists the other articles that give it."""
    if not named:
        return "no other article gives this figure"
    why = corpus.sources.reasons.get(claim.doc, "")
    return f"the only other articles that give it, {named}, are not independent ({why})"
