"""Readings → claims: numbers as intervals, dates resolved against a reference date.

Each resolution also says how much it leans on the reference date (its anchor):
not at all ("March 14, 2016"), for the year only ("Sept. 30"), or to the day
("Tuesday"). That, with the certainty of the reference date itself, gives the
claim's anchor certainty (see docs/confidence.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from factcheck.model import Claim, Context, Quantity, ReferenceDate, Span, TimeValue
from factcheck.readings import (
    AgoReading,
    DateReading,
    DurationReading,
    Number,
    PeriodReading,
    QuantityReading,
    Reading,
)

UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25, "decade": 3652.5}
TIMEX_UNITS = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE"}
YEAR_PREPOSITIONS = {"in", "since", "until", "till", "by", "before", "after", "during", "from"}
YEAR_LIKE = re.compile(r"(1[89]|20|21)\d\d")

# How far a mistaken reference date can carry into a resolved date: "day" resolutions
# fail with any error in it, "year" ones only when the error crosses a year boundary.
YEAR_ANCHOR_RISK = 0.2


class Unresolvable(ValueError):
    """A relative expression with no reference date to resolve it against."""


def to_claim(
    doc_id: str,
    line_column: tuple[int, int],
    start: int,
    end: int,
    text: str,
    reading: Reading,
    context: Context,
    ref: ReferenceDate | None,
) -> Claim | None:
    """The claim for one mention, or None where it cannot be resolved."""
    span = Span(doc_id, start, end, *line_column)
    if isinstance(reading, QuantityReading) and _is_year(reading, text, context):
        reading = DateReading(year=int(reading.lo.value))
    try:
        claim_type, value, anchor = _resolve(reading, context, ref)
    except Unresolvable:
        return None
    return Claim(
        span, text, claim_type, value, context, _parse_certainty(reading, context),
        _anchor_certainty(anchor, ref),
    )  # fmt: skip


def _is_year(reading: QuantityReading, text: str, context: Context) -> bool:
    """A bare four-digit number read as a year: "protests in 2011"."""
    if reading.bound or reading.unit or reading.lo is not reading.hi:
        return False
    return bool(YEAR_LIKE.fullmatch(text)) and (
        context.preposition in YEAR_PREPOSITIONS or context.noun is None
    )


def _resolve(reading: Reading, context: Context, ref: ReferenceDate | None):
    if isinstance(reading, QuantityReading):
        return "quantity", quantity(reading, context), "none"
    if isinstance(reading, DurationReading):
        return "duration", duration(reading), "none"
    if ref is None:
        raise Unresolvable
    if isinstance(reading, DateReading):
        value, anchor = resolve_date(reading, ref.date, context.future)
        return "date", value, anchor
    if isinstance(reading, AgoReading):
        return "date", ago(reading.duration, ref.date), "day"
    if isinstance(reading, PeriodReading):
        return "duration", period(reading, ref.date), "day"
    raise TypeError(reading)


# ------------------------------------------------------------------ quantities


def quantity(reading: QuantityReading, context: Context) -> Quantity:
    lo, hi, bound = reading.lo.value, reading.hi.value, reading.bound
    precision = min(reading.lo.precision, reading.hi.precision)
    unit = reading.unit or context.noun_class
    approximate = bound in ("APPROX", "ALMOST")
    if bound in ("MORE_THAN",):
        return Quantity(lo, None, False, True, approximate, unit, precision)
    if bound in ("EQUAL_OR_MORE", "PLUS"):
        return Quantity(lo, None, True, True, approximate, unit, precision)
    if bound in ("LESS_THAN", "ALMOST"):
        return Quantity(None, hi, True, False, approximate, unit, precision)
    if bound == "EQUAL_OR_LESS":
        return Quantity(None, hi, True, True, approximate, unit, precision)
    return Quantity(lo, hi, True, True, approximate, unit, precision)


# ---------------------------------------------------------------------- dates


def resolve_date(r: DateReading, ref: dt.date, future: bool) -> tuple[TimeValue, str]:
    """A date reading as a calendar interval, and what it took from the reference date."""
    mod = "APPROX" if r.approximate else r.part
    if r.shift_unit is not None:
        return _shifted(r, ref), "year" if r.shift_unit == "year" else "day"
    if r.weekday is not None:
        return _day_value(_weekday(r, ref, future), None), "day"
    if r.year is not None:
        return _calendar_value(r.year, r.month, r.day, mod), "none"
    if r.year_shift is not None:
        return _calendar_value(ref.year + r.year_shift, r.month, r.day, mod), "year"
    if r.month is not None:
        year = _year_for(r.month, r.day, ref, future, r.relation)
        return _calendar_value(year, r.month, r.day, mod), "year"
    raise ValueError(f"empty date reading {r}")


def _year_for(month: int, day: int | None, ref: dt.date, future: bool, relation: str | None) -> int:
    """The year of a month (and day) given without one: the nearest occurrence in the
    direction the sentence looks, so "September 15" said in March is last September."""

    def first_day(year: int) -> dt.date:
        return dt.date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))

    candidates = [ref.year - 1, ref.year, ref.year + 1]
    if relation == "last" or (not future and relation != "next"):
        past = [y for y in candidates if first_day(y) <= ref]
        return max(past)
    return min(y for y in candidates if _last_day(y, month, day) >= ref)


def _last_day(year: int, month: int, day: int | None) -> dt.date:
    return dt.date(year, month, day or calendar.monthrange(year, month)[1])


def _weekday(r: DateReading, ref: dt.date, future: bool) -> dt.date:
    ahead = (r.weekday - ref.weekday()) % 7
    if r.relation == "next":
        return ref + dt.timedelta(days=ahead or 7)
    if r.relation == "last":
        return ref - dt.timedelta(days=((ref.weekday() - r.weekday) % 7) or 7)
    if r.relation == "this" or future:
        return ref + dt.timedelta(days=ahead)
    return ref - dt.timedelta(days=(ref.weekday() - r.weekday) % 7)


def _shifted(r: DateReading, ref: dt.date) -> TimeValue:
    unit, n = r.shift_unit, r.shift
    if unit == "day":
        return _day_value(ref + dt.timedelta(days=n), None)
    if unit in ("week", "weekend"):
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=n)
        year, week, _ = monday.isocalendar()
        if unit == "weekend":
            saturday = monday + dt.timedelta(days=5)
            return TimeValue(f"{year}-W{week:02d}-WE", None, saturday, saturday + dt.timedelta(1))
        return TimeValue(f"{year}-W{week:02d}", None, monday, monday + dt.timedelta(days=6))
    if unit == "month":
        year, month = divmod(ref.year * 12 + ref.month - 1 + n, 12)
        return _calendar_value(year, month + 1, None, None)
    return _calendar_value(ref.year + n, None, None, None)


def _day_value(day: dt.date, mod: str | None) -> TimeValue:
    return TimeValue(day.isoformat(), mod, day, day)


def _calendar_value(year: int, month: int | None, day: int | None, mod: str | None) -> TimeValue:
    if day is not None:
        try:
            return _day_value(dt.date(year, month, day), mod)
        except ValueError as error:
            raise Unresolvable(str(error)) from None
    if month is not None:
        start = dt.date(year, month, 1)
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        timex = f"{year:04d}-{month:02d}"
    else:
        start, end, timex = dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}"
    start, end = _part(start, end, mod)
    return TimeValue(timex, mod, start, end)


def _part(start: dt.date, end: dt.date, mod: str | None) -> tuple[dt.date, dt.date]:
    """Early, mid and late as thirds of a month or a year ("late September": 21st–30th)."""
    if mod not in ("START", "MID", "END"):
        return start, end
    length = (end - start).days + 1
    third = length // 3
    if mod == "START":
        return start, start + dt.timedelta(days=third - 1)
    if mod == "MID":
        return start + dt.timedelta(days=third), start + dt.timedelta(days=2 * third - 1)
    return start + dt.timedelta(days=2 * third), end


# ------------------------------------------------------------------ durations


def duration(r: DurationReading) -> TimeValue:
    per = UNIT_DAYS[r.unit]
    lo, hi = r.lo.value * per, r.hi.value * per
    timex = "PX" + TIMEX_UNITS[r.unit] if r.vague or lo != hi else _timex_duration(r.lo, r.unit)
    mod = _timex_mod(r.bound)
    days_hi = None if mod in ("MORE_THAN", "EQUAL_OR_MORE") else hi
    days_lo = 0.0 if mod in ("LESS_THAN", "EQUAL_OR_LESS") else lo
    return TimeValue(timex, mod, days=(lo + hi) / 2, days_lo=days_lo, days_hi=days_hi)


def _timex_duration(amount: Number, unit: str) -> str:
    value = f"{amount.value:g}"
    if unit == "hour":
        return f"PT{value}H"
    return f"P{value}{TIMEX_UNITS[unit]}"


def _timex_mod(bound: str | None) -> str | None:
    return {"ALMOST": "LESS_THAN", "PLUS": "EQUAL_OR_MORE"}.get(bound, bound)


def ago(r: DurationReading, ref: dt.date) -> TimeValue:
    """ "five years ago" → the year five years back; "more than five months ago" → before it."""
    back = _minus(ref, r.lo.value, r.unit)
    if r.unit in ("year", "decade"):
        value = _calendar_value(back.year, None, None, None)
    elif r.unit == "month":
        value = _calendar_value(back.year, back.month, None, None)
    else:
        value = _day_value(back, None)
    if r.bound in ("MORE_THAN", "EQUAL_OR_MORE"):
        return TimeValue(value.timex, "BEFORE", None, back)
    if r.bound in ("LESS_THAN", "EQUAL_OR_LESS", "ALMOST"):
        return TimeValue(value.timex, "AFTER", back, ref)
    if r.bound == "APPROX":
        return TimeValue(value.timex, "APPROX", value.start, value.end)
    return value


def _minus(ref: dt.date, amount: float, unit: str) -> dt.date:
    if unit in ("year", "decade", "month"):
        months = round(amount * {"year": 12, "decade": 120, "month": 1}[unit])
        year, month = divmod(ref.year * 12 + ref.month - 1 - months, 12)
        day = min(ref.day, calendar.monthrange(year, month + 1)[1])
        return dt.date(year, month + 1, day)
    return ref - dt.timedelta(days=amount * UNIT_DAYS[unit])


def period(r: PeriodReading, ref: dt.date) -> TimeValue:
    """ "the past two weeks" → P2W ending on the reference date; "recent weeks" → PXW."""
    if r.duration is None:
        return TimeValue("PX" + TIMEX_UNITS[r.unit], None, None, ref)
    length = duration(r.duration)
    days = dt.timedelta(days=length.days)
    if r.direction == "next":
        return TimeValue(length.timex, None, ref, ref + days, length.days, length.days, length.days)
    return TimeValue(length.timex, None, ref - days, ref, length.days, length.days, length.days)


# ----------------------------------------------------------------- certainty

# How sure the reading of the words is, by what the words were.
PARSE_CERTAINTY = {"quantity": 0.95, "date": 0.95, "duration": 0.9, "ago": 0.85, "period": 0.85}


def _parse_certainty(reading: Reading, context: Context) -> float:
    kind = {
        QuantityReading: "quantity",
        DateReading: "date",
        DurationReading: "duration",
        AgoReading: "ago",
        PeriodReading: "period",
    }[type(reading)]
    certainty = PARSE_CERTAINTY[kind]
    return certainty * (0.9 if context.negated else 1.0)


def _anchor_certainty(anchor: str, ref: ReferenceDate | None) -> float:
    if anchor == "none" or ref is None:
        return 1.0
    if anchor == "year":
        return 1.0 - (1.0 - ref.certainty) * YEAR_ANCHOR_RISK
    return ref.certainty
