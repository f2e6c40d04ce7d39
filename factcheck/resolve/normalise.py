"""Readings → claims: numbers as intervals, dates resolved against a reference date.

Each resolution also says how much it leans on the reference date (its anchor):
not at all ("March 14, 2016"), for the year only ("Sept. 30"), or to the day
("Tuesday"). That, with the certainty of the reference date itself, gives the
claim's anchor certainty (see docs/confidence.md).

Where the words do not fix the direction ("Sept. 30", "Tuesday", "the summer"),
the tense of the clause does (`Context.tense`); where the clause has no tense, a
date is the nearest occurrence and a weekday the last one, as news reports the past.
"""

from __future__ import annotations

import datetime as dt
import re

from factcheck.extract.readings import (
    AgoReading,
    DateReading,
    DurationReading,
    PeriodReading,
    QuantityReading,
    Reading,
    SetReading,
)
from factcheck.model import Claim, Context, Quantity, ReferenceDate, Span, TimeValue
from factcheck.resolve.dates import (
    Unresolvable,
    resolve_date,
)
from factcheck.resolve.durations import ago, duration, period

YEAR_PREPOSITIONS = {"in", "since", "until", "till", "by", "before", "after", "during", "from"}
YEAR_LIKE = re.compile(r"(1[89]|20|21)\d\d")
# How far a mistaken reference date can carry into a resolved date: "day" resolutions
# fail with any error in it, "year" ones only when the error crosses a year boundary.
YEAR_ANCHOR_RISK = 0.2


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
        reading = _year_reading(reading)
    years = _year_span(reading, text, context) if isinstance(reading, QuantityReading) else None
    try:
        if years:
            claim_type, value, anchor = "duration", _years_value(*years), "none"
        else:
            claim_type, value, anchor = _resolve(reading, context, ref)
    except Unresolvable:
        return None
    return Claim(
        span, text, claim_type, value, context, _parse_certainty(reading, context),
        _anchor_certainty(anchor, ref),
    )  # fmt: skip


def _is_year(reading: QuantityReading, text: str, context: Context) -> bool:
    """A four-digit number read as a year: "protests in 2011", "the 2016 Olympics",
    "until at least 2014", but not "2000 people" nor "about 1500 were killed"."""
    if reading.unit or reading.lo is not reading.hi:
        return False
    figure = text.split()[-1] if reading.bound else text
    if not YEAR_LIKE.fullmatch(figure):
        return False
    if context.preposition in YEAR_PREPOSITIONS:
        return True
    return not reading.bound and not _counts_things(context)


def _year_reading(reading: QuantityReading) -> DateReading:
    approximate = reading.bound in ("APPROX", "ALMOST")
    return DateReading(year=int(reading.lo.value), approximate=approximate)


def _counts_things(context: Context) -> bool:
    """Whether the figure counts the plural noun after it: "2000 people"."""
    if context.noun is None:
        return False
    head = context.noun.split()[-1].lower()
    return (head.endswith("s") and not head.endswith("ss")) or head in PLURALS_WITHOUT_S


# Plural nouns news counts that do not end in s
PLURALS_WITHOUT_S = frozenset(
    "people police children women men personnel staff cattle sheep livestock".split()
)


def _year_span(reading: QuantityReading, text: str, context: Context) -> tuple[int, int] | None:
    """A range of years, not of numbers: "from 2016 to 2020", "the 2015-16 season"."""
    if reading.bound or reading.unit or reading.lo.from_words or "," in text:
        return None
    first, last = float(reading.lo.value), float(reading.hi.value)
    if not (first.is_integer() and last.is_integer() and 0 < last - first <= 100):
        return None
    if not (YEAR_LIKE.fullmatch(f"{first:.0f}") and YEAR_LIKE.fullmatch(f"{last:.0f}")):
        return None
    if _counts_things(context) and context.preposition not in YEAR_PREPOSITIONS:
        return None
    return int(first), int(last)


def _years_value(first: int, last: int) -> TimeValue:
    """A span of years as the annotated news corpora have it: a duration ("from 2009 to
    2011" is P2Y) over the calendar years it names."""
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    days = float((end - start).days + 1)
    return TimeValue(f"P{last - first}Y", None, start, end, days, days, days)


def _resolve(reading: Reading, context: Context, ref: ReferenceDate | None):
    if isinstance(reading, QuantityReading):
        return "quantity", quantity(reading, context), "none"
    if isinstance(reading, DurationReading):
        return "duration", duration(reading), "none"
    if isinstance(reading, SetReading):
        return "set", TimeValue(reading.timex), "none"
    if isinstance(reading, DateReading):
        value, anchor = _in_calendar(resolve_date, reading, ref.date if ref else None, context)
        return ("time" if reading.is_time else "date"), value, anchor
    if ref is None:
        raise Unresolvable
    if isinstance(reading, AgoReading):
        return "date", _in_calendar(ago, reading.duration, ref.date), "day"
    if isinstance(reading, PeriodReading):
        return "duration", _in_calendar(period, reading, ref.date), "day"
    raise TypeError(reading)


def _in_calendar(resolve, reading: Reading, day: dt.date | None, *rest):
    """A date or period counted back or on from the reference date, where the calendar
    holds it: "the last 2016 years" in 2016, "9,000 years from now", "tomorrow" in an
    article dated 9999-12-31 leave it (before year 1, past 9999) and are no claim."""
    try:
        return resolve(reading, day, *rest)
    except (OverflowError, ValueError) as error:  # what date arithmetic raises there
        raise Unresolvable(f"outside the calendar: {error}") from error


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


# ----------------------------------------------------------------- certainty

# How sure the reading of the words is, by what the words were.
PARSE_CERTAINTY = {
    QuantityReading: 0.95, DateReading: 0.95, DurationReading: 0.9, AgoReading: 0.85,
    PeriodReading: 0.85, SetReading: 0.9,
}  # fmt: skip


def _parse_certainty(reading: Reading, context: Context) -> float:
    # The table's own number where nothing lowers it: a float made for each claim (by
    # multiplying by 1.0) took 24 bytes a claim, 37 MB for 100,000 articles.
    certainty = PARSE_CERTAINTY[type(reading)]
    return certainty * 0.9 if context.negated else certainty


def _anchor_certainty(anchor: str, ref: ReferenceDate | None) -> float:
    if anchor == "none" or ref is None:
        return 1.0
    if anchor == "year":
        return 1.0 - (1.0 - ref.certainty) * YEAR_ANCHOR_RISK
    return ref.certainty
