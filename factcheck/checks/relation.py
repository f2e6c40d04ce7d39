"""relation: arithmetic and order between claims that share the rule's `join` key.

- part_of: a part is no larger than its whole ("17 leaders" among "2,000 fighters");
- duration: a stated length ("the five-and-a-half-month campaign") matches the time
  from the start dates of the same thing to its end (a stated end date in the same
  article, else the article's own date: the thing runs up to the time of writing);
- order: a start comes no later than its end.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from factcheck import confidence
from factcheck.evaluate import (
    Corpus,
    and_list,
    describe_value,
    key_of,
    message_fields,
    quote,
    selects,
)
from factcheck.intervals import Interval, disjoint, exact, gap, widen
from factcheck.model import Claim, Finding
from factcheck.rules import RELATION_ROLES, RelationRule


def check(rule: RelationRule, corpus: Corpus) -> list[Finding]:
    relation = {"part_of": _part_of, "duration": _duration, "order": _order}[rule.relation]
    findings = []
    for roles in _by_key(rule, corpus).values():
        findings.extend(relation(rule, roles, corpus))
    return findings


def _by_key(rule: RelationRule, corpus: Corpus) -> dict[tuple, dict[str, list[Claim]]]:
    """Each role's claims, grouped by the join key: one pass over the claims."""
    roles = [*RELATION_ROLES[rule.relation], *(["end"] if rule.relation == "duration" else [])]
    grouped: dict[tuple, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for claim in corpus.claims:
        for role in roles:
            selector = getattr(rule, role)
            if selector is not None and selects(selector, claim, corpus):
                grouped[key_of(claim, rule.join)][role].append(claim)
    return grouped


def _part_of(rule: RelationRule, roles: dict, corpus: Corpus) -> list[Finding]:
    findings = []
    for part in roles["part"]:
        low = exact(part)
        wholes = [(w, widen(w, rule.tolerance)) for w in roles["whole"] if w is not part]
        larger = [(w, room) for w, room in wholes if low and room and low.lo > room.hi]
        if larger:
            pairs = [(w, low.lo - room.hi, room.scale) for w, room in larger]
            expected = f"no more than {and_list([quote(w) for w, _ in larger])}"
            findings.append(_finding(rule, part, pairs, expected))
    return findings


def _duration(rule: RelationRule, roles: dict, corpus: Corpus) -> list[Finding]:
    findings = []
    for length in roles["duration"]:
        span = widen(length, rule.tolerance)
        end, assumed = _end_of(length, roles["end"], corpus)
        if span is None or end is None:
            continue
        began = Interval(length, end.lo - span.hi, end.hi - span.lo, False, False, span.scale)
        wrong = [(s, exact(s)) for s in roles["start"]]
        wrong = [(s, value) for s, value in wrong if value and disjoint(value, began)]
        if wrong:
            pairs = [(s, gap(value, began), began.scale) for s, value in wrong]
            expected = f"a start between {_day(began.lo)} and {_day(began.hi)}"
            findings.append(_finding(rule, length, pairs, expected, assumed))
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
    findings = []
    for first in roles["first"]:
        begun = exact(first)
        later = [(t, widen(t, rule.tolerance)) for t in roles["then"] if t is not first]
        before = [(t, room) for t, room in later if begun and room and begun.lo > room.hi]
        if before:
            pairs = [(t, begun.lo - room.hi, room.scale) for t, room in before]
            expected = f"no later than {and_list([quote(t) for t, _ in before])}"
            findings.append(_finding(rule, first, pairs, expected))
    return findings


def _finding(
    rule: RelationRule,
    claim: Claim,
    others: list[tuple[Claim, float, float]],
    expected: str,
    end_certainty: float = 1.0,
) -> Finding:
    """One finding for a claim and every claim it cannot be squared with."""
    scored = []
    for other, distance, scale in others:
        factors = confidence.pair_factors(claim, other, distance, scale)
        if end_certainty < 1.0:
            factors["end_date"] = end_certainty  # the end is the article's own date
        scored.append((confidence.combine(factors), factors, other))
    scored.sort(key=lambda s: -s[0])
    first = scored[0][2]
    fields = message_fields(
        claim,
        other_doc=first.doc,
        other_text=first.text,
        other_value=describe_value(first),
        expected=expected,
    )
    return Finding(
        rule.id,
        "contradiction",
        rule.severity,
        round(confidence.any_of([s for s, _, _ in scored]), 3),
        rule.message.format_map(fields),
        (claim, *(other for _, _, other in scored)),
        {**scored[0][1], "pairs": len(scored)},
    )


def _day(ordinal: float) -> str:
    if math.isinf(ordinal):
        return "any time" if ordinal < 0 else "now"
    return dt.date.fromordinal(round(ordinal)).isoformat()
