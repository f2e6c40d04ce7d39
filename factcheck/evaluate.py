"""Apply rules to claims and report findings.

Claims are grouped by the rule's key first (event, topic, noun, ...), so the cost
of a rule grows with the claims in each group, never with all pairs of documents.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck import confidence
from factcheck.model import Claim, Finding, Quantity, TimeValue
from factcheck.rules import ANY, Rule, RuleSet, Selector

APPROXIMATE_DATE_DAYS = 3.0  # "around March 24" covers a few days either side


def evaluate(claims: Iterable[Claim], rule_set: RuleSet) -> list[Finding]:
    claims = list(claims)
    findings: list[Finding] = []
    for rule in rule_set.rules:
        findings.extend(_agreement(rule, claims))
    findings.sort(key=lambda f: (-_SEVERITY[f.severity], -f.confidence, f.rule, f.claims[0].doc))
    return findings


_SEVERITY = {"error": 3, "warning": 2, "info": 1}


# ------------------------------------------------------------------ selection


def selects(selector: Selector, claim: Claim) -> bool:
    types = selector.types()
    if types is not None and claim.type not in types:
        return False
    context = claim.context
    for wanted, actual in (
        (selector.event, context.event),
        (selector.topic, context.topic),
        (selector.noun, context.noun_class),
    ):
        if wanted is None:
            continue
        if actual is None or (wanted != ANY and actual not in wanted):
            return False
    return selector.hedged is None or context.hedged == selector.hedged


def group_key(rule: Rule, claim: Claim) -> tuple:
    context = claim.context
    parts = {
        "event": context.event,
        "topic": context.topic,
        "noun": context.noun_class,
        "unit": getattr(claim.value, "unit", None),
        "type": claim.type,
    }
    return tuple(parts[name] for name in rule.group_by)


def groups(rule: Rule, claims: list[Claim]) -> dict[tuple, list[Claim]]:
    grouped: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in claims:
        if selects(rule.select, claim):
            key = group_key(rule, claim)
            if None not in key:
                grouped[key].append(claim)
    return grouped


# ------------------------------------------------------------------ intervals


@dataclass(frozen=True)
class Interval:
    """A claim's value widened by its tolerance, on one numeric axis (days for dates)."""

    claim: Claim
    lo: float
    hi: float
    lo_open: bool
    hi_open: bool
    scale: float  # the tolerance that widened it: how big a gap counts as "a little"

    def covers(self, point: float) -> bool:
        above = point > self.lo or (point == self.lo and not self.lo_open)
        below = point < self.hi or (point == self.hi and not self.hi_open)
        return above and below


def widen(claim: Claim, rule: Rule) -> Interval | None:
    value = claim.value
    if isinstance(value, Quantity):
        return _widen_quantity(claim, value, rule)
    if isinstance(value, TimeValue) and (value.start or value.end):
        return _widen_date(claim, value, rule)
    return None


def _widen_quantity(claim: Claim, q: Quantity, rule: Rule) -> Interval:
    t = rule.tolerance
    size = max(abs(q.lo or 0.0), abs(q.hi or 0.0))
    # Written precision: "2,000" stands for anything that rounds to it.
    room = q.precision / 2 + t.absolute + t.relative * size
    if q.approximate:
        room += t.approximate * size
    lo = -math.inf if q.lo is None else q.lo - room
    hi = math.inf if q.hi is None else q.hi + room
    scale = max(room, q.precision, 1e-9)
    return Interval(claim, lo, hi, not q.lo_inclusive, not q.hi_inclusive, scale)


def _widen_date(claim: Claim, v: TimeValue, rule: Rule) -> Interval:
    room = rule.tolerance.days + (APPROXIMATE_DATE_DAYS if v.mod == "APPROX" else 0.0)
    lo = -math.inf if v.start is None else v.start.toordinal() - room
    hi = math.inf if v.end is None else v.end.toordinal() + room
    return Interval(claim, lo, hi, False, False, max(room, 1.0))


def gap(a: Interval, b: Interval) -> float:
    """How far apart two intervals are; 0 or less where they meet."""
    return max(a.lo - b.hi, b.lo - a.hi)


def disjoint(a: Interval, b: Interval) -> bool:
    if a.lo > b.hi or b.lo > a.hi:
        return True
    if a.lo == b.hi:
        return a.lo_open or b.hi_open
    if b.lo == a.hi:
        return b.lo_open or a.hi_open
    return False


# ------------------------------------------------------------------ agreement


def _agreement(rule: Rule, claims: list[Claim]) -> list[Finding]:
    findings = []
    for key, members in groups(rule, claims).items():
        if len({c.doc for c in members}) < 2:
            continue
        intervals = [i for i in (widen(c, rule) for c in members) if i is not None]
        findings.extend(_dissent(rule, key, intervals))
    return findings


def _dissent(rule: Rule, key: tuple, intervals: list[Interval]) -> list[Finding]:
    """Claims outside what most documents agree on, each against the claims it contradicts."""
    consensus = _consensus(intervals)
    findings = []
    for interval in intervals:
        if interval in consensus:
            continue
        opposed = [
            c for c in consensus if c.claim.doc != interval.claim.doc and disjoint(c, interval)
        ]
        if opposed:
            findings.append(_contradiction(rule, key, interval, opposed))
    return findings


def _consensus(intervals: list[Interval]) -> list[Interval]:
    """The intervals covering the point that the most documents agree on (a sweep)."""
    points = sorted({p for i in intervals for p in (i.lo, i.hi) if math.isfinite(p)})
    if not points:
        return intervals
    candidates = points + [(a + b) / 2 for a, b in itertools.pairwise(points)]
    best: list[Interval] = []
    best_docs = -1
    for point in candidates:
        covering = [i for i in intervals if i.covers(point)]
        docs = len({i.claim.doc for i in covering})
        if docs > best_docs:
            best, best_docs = covering, docs
    return best


def _contradiction(rule: Rule, key: tuple, dissent: Interval, opposed: list[Interval]) -> Finding:
    pairs = []
    for other in opposed:
        factors = confidence.pair_factors(
            dissent.claim, other.claim, gap(dissent, other), max(dissent.scale, other.scale)
        )
        pairs.append((confidence.combine(factors), factors, other))
    pairs.sort(key=lambda p: -p[0])
    score = confidence.any_of([p for p, _, _ in pairs])
    strongest = dict(pairs[0][1])
    strongest["pairs"] = len(pairs)
    claims = (dissent.claim, *(other.claim for _, _, other in pairs))
    message = rule.message.format_map(_message_fields(rule, key, dissent.claim, claims[1:]))
    return Finding(
        rule.id, "contradiction", rule.severity, round(score, 3), message, claims, strongest
    )


def _message_fields(rule: Rule, key: tuple, claim: Claim, others: tuple[Claim, ...]) -> dict:
    context = claim.context
    return {
        "doc": claim.doc,
        "text": claim.text,
        "value": describe_value(claim),
        "line": claim.span.line,
        "event": (context.event or "").replace("_", " "),
        "topic": (context.topic or "").replace("_", " "),
        "noun": context.noun or context.noun_class or "",
        "others": _and_list([f"'{o.text}' in {o.doc} ({describe_value(o)})" for o in others]),
        "count": len(others),
    }


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_value(claim: Claim) -> str:
    value = claim.value
    if isinstance(value, Quantity):
        return _describe_quantity(value)
    if value.start and value.end and value.start != value.end:
        return f"{value.start.isoformat()} to {value.end.isoformat()}"
    if value.start or value.end:
        day = (value.start or value.end).isoformat()
        return {"BEFORE": f"before {day}", "AFTER": f"after {day}"}.get(value.mod or "", day)
    return value.timex


def _describe_quantity(q: Quantity) -> str:
    def show(x: float) -> str:
        return f"{x:,.0f}" if x == int(x) else f"{x:,g}"

    if q.lo is not None and q.hi is not None:
        text = show(q.lo) if q.lo == q.hi else f"{show(q.lo)} to {show(q.hi)}"
    elif q.lo is not None:
        text = ("more than " if not q.lo_inclusive else "at least ") + show(q.lo)
    else:
        text = ("less than " if not q.hi_inclusive else "at most ") + show(q.hi)
    return ("about " if q.approximate and q.lo == q.hi else "") + text
