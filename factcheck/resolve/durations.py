"""Durations and spans of time: "three weeks" as TIMEX3; "two years ago" and "the
past decade" resolved against a reference date."""

from __future__ import annotations

import datetime as dt

from factcheck.extract.readings import (
    DurationReading,
    PeriodReading,
)
from factcheck.model import TimeValue
from factcheck.resolve.dates import (
    _add_months,
    _calendar_value,
    _day_value,
    _month_end,
)

# unit → (days per unit, TIMEX3 letter, how many of the letter one unit is, a time unit)
DURATION_UNITS = {
    "second": (1 / 86400, "S", 1, True),
    "minute": (1 / 1440, "M", 1, True),
    "hour": (1 / 24, "H", 1, True),
    "day": (1, "D", 1, False),
    "weekend": (2, "D", 2, False),
    "week": (7, "W", 1, False),
    "fortnight": (14, "W", 2, False),
    "month": (30.44, "M", 1, False),
    "quarter": (91.31, "M", 3, False),
    "year": (365.25, "Y", 1, False),
    "decade": (3652.5, "Y", 10, False),
    "century": (36525, "Y", 100, False),
}
VAGUE_LETTERS = {"decade": "DE", "century": "CE"}
UNIT_DAYS = {unit: spec[0] for unit, spec in DURATION_UNITS.items()}
# ------------------------------------------------------------------ durations


def duration(r: DurationReading) -> TimeValue:
    per, letter, multiple, is_time = DURATION_UNITS[r.unit]
    lo, hi = r.lo.value * per, r.hi.value * per
    if r.vague or lo != hi:
        timex = ("PTX" if is_time else "PX") + VAGUE_LETTERS.get(r.unit, letter)
    else:
        timex = _timex_duration(r.lo.value * multiple, letter, is_time)
    mod = _timex_mod(r.bound)
    days_hi = None if mod in ("MORE_THAN", "EQUAL_OR_MORE") else hi
    days_lo = 0.0 if mod in ("LESS_THAN", "EQUAL_OR_LESS") else lo
    return TimeValue(timex, mod, days=(lo + hi) / 2, days_lo=days_lo, days_hi=days_hi)


def _timex_duration(amount: float, letter: str, is_time: bool) -> str:
    value = f"{int(amount)}" if amount == int(amount) else f"{amount:g}"
    return f"PT{value}{letter}" if is_time else f"P{value}{letter}"


def _timex_mod(bound: str | None) -> str | None:
    return {"ALMOST": "LESS_THAN", "PLUS": "EQUAL_OR_MORE"}.get(bound, bound)


def ago(r: DurationReading, ref: dt.date) -> TimeValue:
    """ "five years ago" → the year five years back; "more than five months ago" → before it."""
    back = _minus(ref, r.lo.value, r.unit)
    if r.unit in ("year", "decade", "century"):
        value = _calendar_value(back.year, None, None, None)
    elif r.unit in ("month", "quarter"):
        value = _calendar_value(back.year, back.month, None, None)
    elif r.unit in ("week", "fortnight"):
        monday = back - dt.timedelta(days=back.weekday())
        year, week, _ = monday.isocalendar()
        value = TimeValue(f"{year}-W{week:02d}", None, monday, monday + dt.timedelta(days=6))
    else:
        value = _day_value(back, None)
    if r.bound in ("MORE_THAN", "EQUAL_OR_MORE"):
        return TimeValue(value.timex, "BEFORE", None, back)
    if r.bound in ("LESS_THAN", "EQUAL_OR_LESS", "ALMOST"):
        return TimeValue(value.timex, "AFTER", back, ref)
    if r.bound == "APPROX":
        return TimeValue(value.timex, "APPROX", value.start, value.end)
    return value


MONTHS_IN = {"year": 12, "decade": 120, "century": 1200, "month": 1, "quarter": 3}


def _minus(ref: dt.date, amount: float, unit: str) -> dt.date:
    if unit in MONTHS_IN:
        first = _add_months(ref, -round(amount * MONTHS_IN[unit]))
        last = _month_end(first.year, first.month)
        return first.replace(day=min(ref.day, last.day))
    return ref - dt.timedelta(days=amount * UNIT_DAYS[unit])


def period(r: PeriodReading, ref: dt.date) -> TimeValue:
    """ "the past two weeks" → P2W ending on the reference date; "recent weeks" → PXW."""
    vague = ("PX" if not DURATION_UNITS[r.unit][3] else "PTX") + VAGUE_LETTERS.get(
        r.unit, DURATION_UNITS[r.unit][1]
    )
    if r.duration is None:
        if r.direction == "next":
            return TimeValue(vague, None, ref, None)
        return TimeValue(vague, None, None, ref)
    length = duration(r.duration)
    if r.duration.vague:
        if r.direction == "next":
            return TimeValue(length.timex, None, ref, None, length.days, length.days_lo,
                             length.days_hi)  # fmt: skip
        return TimeValue(length.timex, None, None, ref, length.days, length.days_lo,
                         length.days_hi)  # fmt: skip
    # Calendar arithmetic, both ends counted: the past year on 2016-03-14 runs from
    # 2015-03-15, the past two weeks from 2016-03-01.
    back = _minus(ref, r.duration.lo.value, r.unit)
    days = (ref - back).days
    if r.direction == "next":
        end = ref + dt.timedelta(days=days - 1)
        return TimeValue(length.timex, None, ref, end, days, days, days)
    return TimeValue(length.timex, None, back + dt.timedelta(days=1), ref, days, days, days)
