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
import heapq
import math
from collections import defaultdict
from itertools import chain, islice

from factcheck.evaluate import confidence
from factcheck.evaluate.checks.sums import check_sum
from factcheck.evaluate.confidence import MOST_COMPARED
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import (
    EXACT,
    Interval,
    Position,
    exact,
    gap,
    positions,
    widen,
)
from factcheck.evaluate.messages import describe_value, finding, message_fields, others_text
from factcheck.model import Claim, Finding
from factcheck.rulebook.rules import RelationRule


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
    a part above its whole, a start after its end.

    Cost: O((claims + limits) log values) and O(MOST_COMPARED) a claim. The limits are
    sorted by value once; each distinct value of `claims` finds the limits it exceeds by
    a binary search among those it may be compared with (its own document's or
    sentence's, with `within`), counts them, and scores its pairs with the lowest of
    them, at most `MOST_COMPARED`: the furthest off, so the surest. Only the limits in
    a scope that holds a claim are compared: wholes in sentences with no part cost only
    their selection."""
    found = positions(claims, EXACT)
    if not found:
        return []
    scopes = {_scope(rule, position.claims[0]) for position in found}
    ceilings = sorted(positions(limits, rule.room), key=lambda p: p.interval.hi)
    comparable = _by_scope(rule, [(p, other) for p in ceilings for other in p.claims], scopes)
    findings = []
    for position in found:
        lead, low = position.claims[0], position.interval.lo
        highs, below, place = comparable.get(_scope(rule, lead), ((), (), {}))
        reach = bisect.bisect_left(highs, low)  # the limits below this value
        own = {id(c) for c in position.claims}
        count = reach - sum(1 for c in position.claims if place.get(id(c), reach) < reach)
        lowest = islice((b for b in below if id(b[1]) not in own), min(count, MOST_COMPARED))
        pairs = [(other, low - p.interval.hi, p.interval.scale) for p, other in lowest]
        if pairs:
            expected = others_text([other for other, _, _ in pairs], count)
            findings.append(_finding(rule, lead, pairs, expected, corpus))
    return findings


def _scope(rule: RelationRule, claim: Claim) -> object:
    """What a claim may be compared within: its document, its sentence, or (None) the
    whole set."""
    if rule.within == "document":
        return claim.doc
    if rule.within == "sentence":
        return claim.doc, claim.context.sentence
    return None


def _by_scope(
    rule: RelationRule, limits: list[tuple[Position, Claim]], scopes: set
) -> dict[object, tuple[list[float], list[tuple[Position, Claim]], dict[int, int]]]:
    """The limits (in order of their upper ends) in some scopes, by scope, each list with
    its upper ends for a binary search and each claim's place in it: one pass."""
    found: dict[object, tuple[list[float], list[tuple[Position, Claim]], dict[int, int]]] = {}
    for position, claim in limits:
        scope = _scope(rule, claim)
        if scope not in scopes:
            continue
        highs, claims, place = found.setdefault(scope, ([], [], {}))
        place[id(claim)] = len(claims)
        highs.append(position.interval.hi)
        claims.append((position, claim))
    return found


def _duration(rule: RelationRule, roles: dict, corpus: Corpus) -> list[Finding]:
    """Cost: O((durations + starts + ends) log starts) and O(MOST_COMPARED) a length:
    each document's stated end is found once, and the starts that cannot fit a length
    are found by binary searches over the starts sorted by each end of their dates; a
    pair is a length and the starts of one value, source and profile (`_Starts`), and a
    length is scored against the furthest of them only."""
    findings = []
    starts = _Starts(rule, roles["start"], corpus)
    ends = {}
    for end in roles["end"]:
        ends.setdefault(end.doc, end)  # the first stated end of each document
    for length in roles["duration"]:
        span = widen(length, rule.room)
        end, assumed = _end_of(length, ends.get(length.doc), corpus)
        if span is None or end is None or math.isinf(span.hi):
            continue  # "more than two years" puts no bound on when it began
        began = Interval(length, end.lo - span.hi, end.hi - span.lo, False, False, span.scale)
        wrong = starts.outside(_scope(rule, length), began)
        if wrong:
            pairs = [(s, gap(value, began), began.scale) for s, value in wrong]
            expected = f"a start between {_day(began.lo)} and {_day(began.hi)}"
            findings.append(_finding(rule, length, pairs, expected, corpus, assumed))
    return findings


class _Starts:
    """Start dates by scope, sorted by each end of their intervals, to find the ones that
    lie wholly before or after an interval without looking at the others.

    Starts of one value, source group and pair profile score alike against any length,
    so they are one entry, which keeps its first MAX_LISTED starts: all that a finding
    can quote of them. A year's coverage repeats a story's start in thousands of copies,
    and each length was compared with every copy (100,000 articles: 14 s, now 4.5)."""

    def __init__(self, rule: RelationRule, starts: list[Claim], corpus: Corpus):
        group = corpus.sources.group
        entries: dict[object, dict[tuple, _Alike]] = {}
        for order, start in enumerate(starts):
            value = exact(start)
            if not value:
                continue
            alike = entries.setdefault(_scope(rule, start), {})
            key = (value.lo, value.hi, value.lo_open, value.hi_open, group[start.doc])
            key += confidence.pair_profile(start)
            entry = alike.get(key)
            if entry is None:
                entry = alike[key] = _Alike(value)
            if len(entry.starts) < confidence.MAX_LISTED:
                entry.starts.append((order, start))
        self._sorted = {
            scope: (
                sorted(alike.values(), key=lambda e: e.value.hi),
                sorted(alike.values(), key=lambda e: e.value.lo),
            )
            for scope, alike in entries.items()
        }

    def outside(self, scope: object, began: Interval) -> list[tuple[Claim, Interval]]:
        """The starts in `scope` wholly before or after `began` (each entry's first few),
        in their original order: of the entries furthest off, at most `MOST_COMPARED`.
        Start dates and `began` are closed intervals, so wholly before is ending before
        it begins."""
        if scope not in self._sorted:
            return []
        by_hi, by_lo = self._sorted[scope]
        before = bisect.bisect_left(by_hi, began.lo, key=lambda e: e.value.hi)
        after = bisect.bisect_right(by_lo, began.hi, key=lambda e: e.value.lo)
        # The furthest of each side are the first before and the last after.
        ends = chain(
            by_hi[: min(before, MOST_COMPARED)],
            by_lo[max(after, len(by_lo) - MOST_COMPARED) :],
        )
        furthest = heapq.nlargest(MOST_COMPARED, ends, key=lambda e: gap(e.value, began))
        found = sorted((order, s, e.value) for e in furthest for order, s in e.starts)
        return [(s, value) for _, s, value in found]


class _Alike:
    """Starts of one value, source group and pair profile: the first few, in order."""

    __slots__ = ("starts", "value")

    def __init__(self, value: Interval):
        self.value = value
        self.starts: list[tuple[int, Claim]] = []


def _end_of(length: Claim, stated: Claim | None, corpus: Corpus) -> tuple[Interval | None, float]:
    """The end of the thing a duration measures, and how sure that end is: the first end
    its document states, else the document's own date."""
    end = exact(stated) if stated is not None else None
    if end is not None:
        return end, 1.0
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
