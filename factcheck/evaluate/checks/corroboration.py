"""corroboration: a figure needs independent sources (or a reference fact) behind it.

A value is backed by another when the other lies within it, allowing for rounding
and the rule's tolerance: "470,000" backs "more than 250,000", not the reverse.
Backing counts only from documents of other sources (see evaluate/sources.py);
copies from the same source are named in the finding, as its reason.
"""

from __future__ import annotations

from itertools import chain, islice
from operator import itemgetter

from factcheck.evaluate import confidence
from factcheck.evaluate.backing import Nested, Stated
from factcheck.evaluate.checks.reference import Facts
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import Position, exact, positions
from factcheck.evaluate.messages import QUOTED, and_more, finding, message_fields
from factcheck.model import Claim, Finding
from factcheck.rulebook.rules import CorroborationRule


def check(rule: CorroborationRule, corpus: Corpus) -> list[Finding]:
    """Cost per group: O((values + claims) log values), however the values nest: the
    values inside each figure are summed up by `backing.Nested`, not listed."""
    findings = []
    facts = Facts(rule, corpus.units)
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        known = [interval for _, interval in facts.about(key, members[0])]
        found = positions(members, rule.room)
        asked = [
            (place, position)
            for place, position in enumerate(found)
            if not any(fact.within(position.interval) for fact in known)
        ]
        nested = Nested(_stated(found, corpus), rule.sources, QUOTED + 1, confidence.MAX_LISTED - 1)
        unsupported = [
            (place, _unsupported(rule, place, position, nested, corpus))
            for place, position in nested.asking(asked)
            if not _backed(rule, position, nested, corpus)
        ]
        findings.extend(finding for _, finding in sorted(unsupported, key=itemgetter(0)))
    return findings


def _stated(found: list[Position], corpus: Corpus) -> list[Stated]:
    """Each position's value as written, its place in `found` and its source groups."""
    group = corpus.sources.group
    return [
        (value, place, other, frozenset(group[c.doc] for c in other.claims))
        for place, other in enumerate(found)
        if (value := exact(other.claims[0])) is not None
    ]


def _backed(rule: CorroborationRule, position: Position, nested: Nested, corpus: Corpus) -> bool:
    """Whether enough independent sources give this value or values inside it."""
    independent = {corpus.sources.group[doc] for doc in position.docs}
    if len(independent) >= rule.sources:
        return True  # its own articles are enough
    return len(independent | nested.groups(position.interval)) >= rule.sources


def _unsupported(
    rule: CorroborationRule, place: int, position: Position, nested: Nested, corpus: Corpus
) -> Finding:
    """The finding of a value too few independent sources give. Read by position, not
    claim by claim: a figure copied into many articles is one position of many claims,
    and only the few a finding lists are looked at."""
    lead = position.claims[0]
    count, first = nested.docs(position.interval, position.docs)
    others = count - 1  # the lead's own document is among them
    factors = {
        "reading": lead.parse_certainty,
        "aboutness": confidence.aboutness(lead),
        "independence": corpus.sources.certainty[lead.doc] if others else 1.0,
        "event": confidence.event_named(lead),
    }
    named = and_more([doc for doc in first if doc != lead.doc][:QUOTED], others)
    reason = _reason(lead, named, corpus)
    fields = message_fields(lead, reason=reason, copies=named)
    stated = chain(
        nested.claims_but(place, position, lead.doc),
        nested.claims_inside(position.interval, lead.doc, besides=position),
    )
    claims = confidence.listed([lead, *islice(stated, confidence.MAX_LISTED - 1)])
    return finding(rule, "unsupported", claims, confidence.combine(factors), factors, fields)


def _reason(claim: Claim, named: str, corpus: Corpus) -> str:
    """Why a figure lacks sources; `named` lists the other articles that give it."""
    if not named:
        return "no other article gives this figure"
    why = corpus.sources.reasons.get(claim.doc, "")
    return f"the only other articles that give it, {named}, are not independent ({why})"
