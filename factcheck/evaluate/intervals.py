"""Claims as intervals on one numeric axis (days for dates), widened by tolerance.

Every check compares claims this way: two claims agree when their widened
intervals meet, and one claim backs another when it lies inside the other's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from factcheck.model import Claim, Quantity, TimeValue
from factcheck.rulebook.rules import Tolerance

APPROXIMATE_DATE_DAYS = 3.0  # "around March 24" covers a few days either side
EXACT = Tolerance(approximate=0.0)
PERCENTAGES = frozenset({"percent", "percentage_point"})


@dataclass(frozen=True)
class Interval:
    claim: Claim
    lo: float
    hi: float
    lo_open: bool
    hi_open: bool
    scale: float  # the room the tolerance added: how big a gap counts as "a little"

    def covers(self, point: float) -> bool:
        above = point > self.lo or (point == self.lo and not self.lo_open)
        below = point < self.hi or (point == self.hi and not self.hi_open)
        return above and below

    def within(self, other: Interval) -> bool:
        """Every value of this interval is a value of `other`."""
        return (
            self.lo > other.lo or (self.lo == other.lo and (self.lo_open or not other.lo_open))
        ) and (self.hi < other.hi or (self.hi == other.hi and (self.hi_open or not other.hi_open)))


def widen(claim: Claim, tolerance: Tolerance, precise: bool = True) -> Interval | None:
    """The claim's value with room for rounding (`precise`), tolerance and hedges."""
    value = claim.value
    if isinstance(value, Quantity):
        return _quantity(claim, value, tolerance, precise)
    if isinstance(value, TimeValue) and (value.start or value.end):
        return _dates(claim, value, tolerance)
    if isinstance(value, TimeValue) and value.days_lo is not None:
        return _duration(claim, value, tolerance)
    return None


def exact(claim: Claim) -> Interval | None:
    """The claim's value as written, without any room."""
    return widen(claim, EXACT, precise=False)


def _quantity(claim: Claim, q: Quantity, t: Tolerance, precise: bool) -> Interval:
    size = max(abs(q.lo or 0.0), abs(q.hi or 0.0))
    # Written precision: "2,000" stands for anything that rounds to it. A bound is a
    # threshold, not a rounded value: "more than 300,000" does not admit 260,000.
    rounded = (
        precise
        and t.rounding == "written"
        and q.lo is not None
        and q.hi is not None
        and size >= t.exact_below
    )
    room = (q.precision / 2 if rounded else 0.0) + t.absolute
    if t.points is not None and q.unit in PERCENTAGES:
        # Shares are judged in points: "about 48%" is 46 to 50 with 2 points, not ±4.8.
        room += t.points * (2 if q.approximate else 1)
    else:
        room += t.relative * size + (t.approximate * size if q.approximate else 0.0)
    lo = -math.inf if q.lo is None else q.lo - room
    hi = math.inf if q.hi is None else q.hi + room
    # How big a gap counts as "a little": the room allowed, and at least 1% of the value.
    scale = max(room, 0.01 * size, 1e-9)
    return Interval(claim, lo, hi, not q.lo_inclusive, not q.hi_inclusive, scale)


def _dates(claim: Claim, v: TimeValue, t: Tolerance) -> Interval:
    room = t.days + (APPROXIMATE_DATE_DAYS if v.mod == "APPROX" else 0.0)
    lo = -math.inf if v.start is None else v.start.toordinal() - room
    hi = math.inf if v.end is None else v.end.toordinal() + room
    return Interval(claim, lo, hi, False, False, max(room, 1.0))


def _duration(claim: Claim, v: TimeValue, t: Tolerance) -> Interval:
    lo, hi = v.days_lo or 0.0, v.days_hi
    room = t.days + t.relative * (hi if hi is not None else lo)
    upper = math.inf if hi is None else hi + room
    return Interval(claim, lo - room, upper, False, False, max(room, 1.0))


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


def _inside(a: float, b: float) -> float:
    """A point between a and b, off the ends where it can be (open ends exclude them)."""
    if math.isinf(a) and math.isinf(b):
        return 0.0
    if math.isinf(a):
        return b - 1.0
    if math.isinf(b):
        return a + 1.0
    return (a + b) / 2


@dataclass(frozen=True)
class Position:
    """Every claim of a group that states the same value, and that value's interval.

    Checks compare positions, not claims: ten thousand articles on one event state a
    handful of distinct values, so the comparisons grow with the values, and only the
    bookkeeping grows with the claims.
    """

    interval: Interval
    claims: tuple[Claim, ...]
    docs: frozenset[str]


def positions(claims: list[Claim], tolerance: Tolerance) -> list[Position]:
    by_value: dict[object, list[Claim]] = {}
    for claim in claims:
        by_value.setdefault(claim.value, []).append(claim)
    found = []
    for same in by_value.values():
        interval = widen(same[0], tolerance)
        if interval is not None:
            found.append(Position(interval, tuple(same), frozenset(c.doc for c in same)))
    return found


def consensus_positions(found: list[Position]) -> list[Position]:
    """The positions covering the point that the most documents agree on (a sweep)."""
    if not found:
        return []  # no claim with an interval: "now", "recently"
    events = sorted(
        [(p.interval.lo, 0, p) for p in found] + [(p.interval.hi, 1, p) for p in found],
        key=lambda e: (e[0], e[1]),  # at a tie, opening before closing: touching ends meet
    )
    open_docs: dict[str, int] = {}
    best, best_docs = 0, -1
    for k, (_, closing, position) in enumerate(events):
        for doc in position.docs:
            if closing:
                open_docs[doc] -= 1
                if not open_docs[doc]:
                    del open_docs[doc]
            else:
                open_docs[doc] = open_docs.get(doc, 0) + 1
        if not closing and len(open_docs) > best_docs:
            best, best_docs = k, len(open_docs)
    point = _inside(events[best][0], events[best + 1][0])
    return [p for p in found if p.interval.covers(point)]
