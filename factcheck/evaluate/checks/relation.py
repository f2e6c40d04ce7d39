"""relation: arithmetic and order between claims that share the rule's `join` key.

- part_of: a part is no larger than its whole ("17 leaders" among "2,000 fighters");
- duration: a stated length ("the five-and-a-half-month campaign") matches the time
  from the start dates of the same thing to its end (a stated end date in the same
  article, else the article's own date: the thing runs up to the time of writing);
- order: a start comes no later than its end;
- sum: parts add up to at most, or exactly, a whole or a constant (checks/sums.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict

from factcheck.evaluate import confidence
from factcheck.evaluate.checks.sums import check_sum
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import EXACT, Interval, disjoint, exact, gap, positions, widen
from factcheck.evaluate.messages import describe_value, finding, message_fields, others_text
from factcheck.model import Claim, Finding
from factcheck.rulebook.language import RelationRule


def check(rule: RelationRule, corpus: Corpus) -> list[Finding]:
    relation = {"part_of": _part_of, "duration": _duration, "order": _order, "sum": check_sum}[
        rule.relation
    ]
    findings = []
    for roles in _by_key(rule, corpus).values():
        findings.extend(relation(rule, roles, corpus))
    return findings


def _by_key(rule: RelationRule, corpus: Corpus) -> dict[tuple, dict[str, list[Claim]]]:
    """Each role's claims, grouped by the join key: one pass over the claims."""
    grouped: dict[tuple, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for role in rule.roles():
        for key, claims in groups(getattr(rule, role), rule.join, corpus).items():
            grouped[key][role] = claims
    return grouped


def _part_of(rule: RelationRule, roles: dict, corpus: Corpus) -> list[Finding]:
    return _exceeding(rule, roles["part"], roles["whole"], corpus)


def _exceeding(
    rule: RelationRule, claims: list[Claim], limits: list[Claim], corpus: Corpus
) -> list[Finding]:
    """Findings for values that lie beyond every value of a limit they must stay within:
    a part above its whole, a start after its end. Distinct values are compared, with
    the limits sorted once, so the cost follows the values, not the pairs of claims."""
    ceilings = sorted(positions(limits, rule.room), key=lambda p: p.interval.hi)
    highs = [p.interval.hi for p in ceilings]
    findings = []
    for position in positions(claims, EXACT):
        low = position.interval.lo
        beaten = ceilings[: bisect.bisect_left(highs, low)]
        pairs = [
            (other, low - p.interval.hi, p.interval.scale)
            for p in beaten for other in p.claims
            if other not in position.claims and _comparable(rule, position.claims[0], other)
        ]  # fmt: skip
        if pairs:
            expected = others_text([other for other, _, _ in pairs])
            findings.append(_finding(rule, position.claims[0], pairs, expected, corpus))
    return findings


def _comparable(rule: RelationRule, claim: Claim, other: Claim) -> bool:
    if rule.within == "set":
        return True
    same_doc = claim.doc == other.doc
    return same_doc and (
        rule.within == "document" or claim.context.sentence == other.context.sentence
    )


def _duration(rule: RelationRule, roles: dict, corpus: Corpus) -> list[Finding]:
    findings = []
    starts = [(s, exact(s)) for s in roles["start"]]
    for length in roles["duration"]:
        span = widen(length, rule.room)
        end, assumed = _end_of(length, roles["end"], corpus)
        if span is None or end is None or math.isinf(span.hi):
            continue  # "more than two years" puts no bound on when it began
        began = Interval(length, end.lo - span.hi, end.hi - span.lo, False, False, span.scale)
        wrong = [
            (s, value)
            for s, value in starts
            if value and _comparable(rule, length, s) and disjoint(value, began)
        ]
        if wrong:
            pairs = [(s, gap(value, began), began.scale) for s, value in wrong]
            expected = f"a start between {_day(began.lo)} and {_day(began.hi)}"
            findings.append(_finding(rule, length, pairs, expected, corpus, assumed))
    return findings


def _end_of(length: Claim, ends: list[Claim], corpus: Corpus) -> tuple[Interval | None, float]:
    """The end of the thing a duration measures, and how sure that end is."""
    stated = [exact(e) for e in ends if e.doc == length.doc]
    if stated and stated[0] is not None:
        return stated[0], 1.0
    reference = corpus.references.get(length.doc)
    if reference is None:
        return None, 0.0
    day = reference.date.toordinal()
    return Interval(length, day, day, False, False, 1.0), reference.certainty


def _order(rule: RelationRule, roles: dict, corpus: Corpus) -> list[Finding]:
    return _exceeding(rule, roles["first"], roles["then"], corpus)


def _finding(
    rule: RelationRule,
    claim: Claim,
    others: list[tuple[Claim, float, float]],
    expected: str,
    corpus: Corpus,
    end_certainty: float = 1.0,
) -> Finding:
    """One finding for a claim and every claim it cannot be squared with."""
    evidence = confidence.Evidence()
    for other, distance, scale in others:
        factors = confidence.pair_factors(claim, other, distance, scale)
        if end_certainty < 1.0:
            factors["end_date"] = end_certainty  # the end is the article's own date
        evidence.add(corpus.sources.group[other.doc], other, factors)
    listed = evidence.claims()
    fields = message_fields(
        claim,
        other_doc=listed[0].doc,
        other_text=listed[0].text,
        other_value=describe_value(listed[0]),
        expected=expected,
        sum="",  # the fields of a sum, which this relation is not
        parts="",
    )
    claims = confidence.listed(listed, claim)
    return finding(rule, "contradiction", claims, evidence.confidence(), evidence.factors(), fields)


def _day(ordinal: float) -> str:
    if ordinal < 1:
        return "the beginning of the calendar"
    if ordinal > dt.date.max.toordinal():
        return "the end of the calendar"
    return dt.date.fromordinal(round(ordinal)).isoformat()
