"""Dates resolved against a reference date: which year, week or day, and which way
(past or ahead) a date lies that does not say so itself."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from functools import lru_cache

from factcheck.extract.readings import (
    DateReading,
)
from factcheck.model import Context, TimeValue


class Unresolvable(ValueError):
    """A relative expression with no reference date to resolve it against."""


# Seasons as meteorologists count them: (first month, last month); winter runs into the next year
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

# ---------------------------------------------------------------------- dates


def looking(context: Context) -> str | None:
    """Which way a clause looks from the reference date: "past", "future" or None."""
    return context.tense or ("future" if context.future else None)


def resolve_date(r: DateReading, ref: dt.date | None, context: Context) -> tuple[TimeValue, str]:
    """A date reading as a calendar interval, and what it took from the reference date."""
    if r.deictic:
        return TimeValue(r.deictic), "none"
    year_ago_quarter = r.relation == "year-ago" and (
        context.granularity == "quarter" or r.shift_unit == "quarter"
    )
    if year_ago_quarter and ref is not None:
        return _year_ago_quarter(ref, context.quarter), "day"
    way = looking(context)
    if r.weekday is None and context.tense_scope == "sentence":
        # A date's own clause decides its year; "declared a dividend, payable Dec. 15"
        # takes no tense from "declared".
        way = None
    # A verb of the date's own clause is firm; a preposition or another clause's verb
    # yields to a date within a month of the reference date.
    firm = context.tense_scope in ("verb", "clause")
    # A date's own past verb may place it a year back ("closed on Jan. 10" said on Jan. 5).
    value, anchor = _calendar(r, ref, way, firm, reach_back=context.tense_scope == "verb")
    value = _with_time(value, r)
    if r.weekday is not None and r.day is not None and value.start == value.end:
        value = replace(value, weekday=r.weekday)  # "Monday, December 15": is it one?
    return value, anchor


def _easter(year: int) -> dt.date:
    """Easter Sunday of a Gregorian year (Meeus's computus; its letters are its own)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (Monday is 0); n = -1 for the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _month_end(year, month)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


# The day of a holiday the year moves (as the United States keeps them)
HOLIDAYS = {
    "thanksgiving": lambda year: _nth_weekday(year, 11, 3, 4),
    "easter": _easter,
    "good friday": lambda year: _easter(year) - dt.timedelta(days=2),
    "memorial day": lambda year: _nth_weekday(year, 5, 0, -1),
    "labor day": lambda year: _nth_weekday(year, 9, 0, 1),
}


def _holiday(r: DateReading, ref: dt.date | None, way: str | None, firm: bool) -> TimeValue:
    """A movable holiday's day: in the year given, else the one the relation or the
    clause's direction picks, as for a month and day without a year."""
    day_of = HOLIDAYS[r.holiday]
    if r.year is not None:
        return _day_value(day_of(r.year), None)
    if ref is None:
        raise Unresolvable
    days = [(day, day) for day in map(day_of, (ref.year - 1, ref.year, ref.year + 1))]
    index = 1 if r.relation == "this" else _last_or_next(days, ref, r.relation)
    if index is None:
        index = _nearest(days, ref, way, firm)
    return _day_value(days[index][0], None)


def _last_or_next(spans: list[tuple[dt.date, dt.date]], ref: dt.date, relation) -> int | None:
    """Of the intervals a date without its year may mean, one year apart: "last" the
    latest wholly past, "next" the first wholly to come; None for any other relation."""
    if relation == "last":
        return max(i for i, (_, end) in enumerate(spans) if end < ref)
    if relation == "next":
        return min(i for i, (start, _) in enumerate(spans) if start > ref)
    return None


def _year_ago_quarter(ref: dt.date, quarter: int | None) -> TimeValue:
    """ "Profit rose 5% from a year ago" in a sentence about a quarter: that quarter, a
    year back. The quarter a report is about is the one it names, else the last one
    completed."""
    if quarter is None:
        return _shifted(DateReading(shift_unit="quarter", shift=-5), ref)
    return _quarter_value(_nearest_quarter(quarter, ref) - 1, quarter)


@lru_cache(maxsize=4096)  # articles of one set share their reference date and dates
def _calendar(
    r: DateReading,
    ref: dt.date | None,
    way: str | None,
    firm: bool = False,
    reach_back: bool = True,
) -> tuple[TimeValue, str]:
    mod = "APPROX" if r.approximate else r.part
    if r.holiday is not None:
        return _holiday(r, ref, way, firm), "none" if r.year is not None else "year"
    if r.century is not None:
        return _span(f"{r.century:02d}", dt.date(r.century * 100, 1, 1), 100, mod), "none"
    if r.decade is not None:
        return _span(f"{r.decade:03d}", dt.date(r.decade * 10, 1, 1), 10, mod), "none"
    if r.year is not None and r.relation is None and r.shift_unit is None:
        return _in_year(r, r.year, mod), "none"
    if ref is None:
        raise Unresolvable
    if r.shift_unit is not None:
        return _part_value(_shifted(r, ref), mod), "year" if r.shift_unit == "year" else "day"
    if r.relation == "weekend":
        return _weekend(_weekday(r, ref, way)), "day"
    if r.weekday is not None and r.month is None:
        return _day_value(_weekday(r, ref, way), None), "day"
    if r.year_shift is not None:
        return _in_year(r, ref.year + r.year_shift, mod), "year"
    if r.quarter is not None:
        # "will report third-quarter results" in October: the quarter just ended
        return _quarter_value(_nearest_quarter(r.quarter, ref), r.quarter), "year"
    if r.season is not None:
        return _season(r, ref, way, mod), "year"
    if r.month is not None and r.weekday is not None and r.day is not None:
        return _in_year(r, _year_of_weekday(r, ref, way), mod), "year"
    if r.month is not None:
        year = _year_for(r.month, r.day, ref, way, r.relation, firm, reach_back)
        return _in_year(r, year, mod), "year"
    if r.part in ("H1", "H2"):
        return _in_year(r, ref.year, mod), "year"
    raise Unresolvable(f"empty date reading {r}")


def _in_year(r: DateReading, year: int, mod: str | None) -> TimeValue:
    """A reading whose year is known: a day, a day range, a month, a quarter, a season."""
    if r.quarter is not None:
        return _quarter_value(year, r.quarter)
    if r.season is not None:
        return _season_value(year, r.season, mod)
    if r.end_day is not None:
        first = _date(year, r.month, r.day)
        last = _date(year, r.month, r.end_day)
        return TimeValue(f"{year:04d}-{r.month:02d}", mod, first, last)
    return _calendar_value(year, r.month, r.day, mod)


def _with_time(value: TimeValue, r: DateReading) -> TimeValue:
    """A time of day on a resolved day: "10 p.m. Wednesday", "Friday morning"."""
    if not r.is_time or value.start is None or value.start != value.end:
        return value
    if r.hour is not None:
        minute = r.minute or 0
        zone = "Z" if r.utc else ""
        timex = f"{value.start.isoformat()}T{r.hour:02d}:{minute:02d}{zone}"
    else:
        timex = f"{value.start.isoformat()}T{r.day_part}"
    mod = "APPROX" if r.approximate else value.mod
    return TimeValue(timex, mod, value.start, value.end)


def _nearest(
    candidates: list[tuple[dt.date, dt.date]], ref: dt.date, way: str | None, firm: bool = True
) -> int:
    """Which of some calendar intervals a date without its year means: the last one
    begun by the reference date looking back, the first not yet over looking forward,
    else the nearest (looking back on a tie). One within a month of the reference date
    is meant unless the date's own verb is `firm` about the future: "by Jan. 14" said
    on January 15, but not "will reopen on December 28" said on January 5. A past verb
    does not carry a date days ahead a year back ("closed on January 10" said on January
    5): news gives the year of a date that far back, so the date or the article's own
    date is a slip, and the checks should see it as written."""
    close = [i for i, (start, end) in enumerate(candidates) if _gap(start, end, ref) <= CLOSE]
    if close and not (firm and way == "future"):
        return close[0]
    if way == "past":
        begun = [i for i, (start, _) in enumerate(candidates) if start <= ref]
        if begun:
            return begun[-1]
    if way == "future":
        open_ = [i for i, (_, end) in enumerate(candidates) if end >= ref]
        if open_:
            return open_[0]

    def distance(i: int) -> tuple[int, int]:
        # News reports the past more than it announces: a date ahead counts double.
        start, end = candidates[i]
        gap = 2 * (start - ref).days if start > ref else (ref - end).days if end < ref else 0
        return gap, 0 if end <= ref else 1

    return min(range(len(candidates)), key=distance)


def _year_of_weekday(r: DateReading, ref: dt.date, way: str | None) -> int:
    """ "Saturday, April 25": the year in which April 25 is a Saturday, if one is near.
    A date within a month of the article's is that one, whatever weekday it is given:
    "Monday, December 15" written on December 22 is a slip of the day, not a date a
    year back. Near reaches back three years: a trial report gives "Sunday, Nov. 15" of
    a shooting two years before, and a weekday comes back to a date only after five
    years or more, so one year at most fits."""
    plain = _year_for(r.month, r.day, ref, way, r.relation)
    if abs((dt.date(plain, r.month, r.day) - ref).days) <= CLOSE:
        return plain
    years = [
        y
        for y in range(ref.year - YEARS_BACK, ref.year + 2)
        if _exists(y, r.month, r.day) and dt.date(y, r.month, r.day).weekday() == r.weekday
    ]
    return years[0] if len(years) == 1 else plain


YEARS_BACK = 3  # how far back a weekday may place a date written without its year


CLOSE = 31  # days


def _gap(start: dt.date, end: dt.date, ref: dt.date) -> int:
    return (start - ref).days if start > ref else (ref - end).days if end < ref else 0


def _year_for(
    month: int,
    day: int | None,
    ref: dt.date,
    way: str | None,
    relation,
    firm: bool = False,
    reach_back: bool = True,
) -> int:
    """The year of a month (and day) given without one: "last March" is the last March
    wholly past, "next March" the first wholly to come, and otherwise the direction of
    the clause decides ("September 15" said in March is last September)."""
    years = [y for y in (ref.year - 1, ref.year, ref.year + 1) if _exists(y, month, day)]
    spans = [_month_span(y, month, day) for y in years]
    if not years:
        raise Unresolvable(f"no day {day} in month {month}")
    if relation == "this":
        return ref.year
    index = _last_or_next(spans, ref, relation)
    if index is not None:
        return years[index]
    index = _nearest(spans, ref, way, firm)
    if way == "past" and not reach_back and _soon_instead(spans, index, ref):
        index += 1
    return years[index]


# A past verb other than the date's own does not carry a date without its year almost a
# year back when the date comes round again within a few weeks: "extended the offer to
# Nov. 20", "asked it to respond by Oct. 31", said in late October. News gives the year
# of a date that far back.
LONG_PAST = 240  # days
SOON = 75  # days


def _soon_instead(spans: list[tuple[dt.date, dt.date]], index: int, ref: dt.date) -> bool:
    if index + 1 >= len(spans):
        return False
    ended, next_start = spans[index][1], spans[index + 1][0]
    return (ref - ended).days > LONG_PAST and 0 <= (next_start - ref).days <= SOON


def _exists(year: int, month: int, day: int | None) -> bool:
    return day is None or day <= _month_end(year, month).day


def _month_span(year: int, month: int, day: int | None) -> tuple[dt.date, dt.date]:
    if day is not None:
        return dt.date(year, month, day), dt.date(year, month, day)
    return dt.date(year, month, 1), _month_end(year, month)


def _weekday(r: DateReading, ref: dt.date, way: str | None) -> dt.date:
    ahead = (r.weekday - ref.weekday()) % 7
    if r.relation == "next":
        return ref + dt.timedelta(days=ahead or 7)
    if r.relation == "last":
        return ref - dt.timedelta(days=((ref.weekday() - r.weekday) % 7) or 7)
    if r.relation == "this" or way == "future":
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
            return _weekend(monday + dt.timedelta(days=5))
        return TimeValue(f"{year}-W{week:02d}", None, monday, monday + dt.timedelta(days=6))
    if unit == "month":
        first = _add_months(ref, n)
        return _calendar_value(first.year, first.month, None, None)
    if unit == "quarter":
        year, q = divmod(ref.year * 4 + (ref.month - 1) // 3 + n, 4)
        return _quarter_value(year, q + 1)
    if unit == "decade":
        decade = ref.year // 10 + n
        return _span(f"{decade:03d}", dt.date(decade * 10, 1, 1), 10, None)
    if unit == "century":
        century = ref.year // 100 + n
        return _span(f"{century:02d}", dt.date(century * 100, 1, 1), 100, None)
    return _calendar_value(ref.year + n, None, None, None)


def _weekend(saturday: dt.date) -> TimeValue:
    year, week, _ = saturday.isocalendar()
    return TimeValue(f"{year}-W{week:02d}-WE", None, saturday, saturday + dt.timedelta(days=1))


def _part_value(value: TimeValue, mod: str | None) -> TimeValue:
    """ "the end of last year", "early next week": a part of a shifted unit."""
    if mod is None or value.start is None:
        return value
    if mod in ("H1", "H2"):
        return _half(value, mod)
    start, end = _part(value.start, value.end, mod)
    return TimeValue(value.timex, mod, start, end)


def _nearest_quarter(quarter: int, ref: dt.date) -> int:
    """The year of "the third quarter": the last one begun (a report looks back)."""
    years = [ref.year - 1, ref.year, ref.year + 1]
    spans = [_quarter_span(y, quarter) for y in years]
    return years[_nearest(spans, ref, "past")]


def _quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = 3 * quarter - 2
    return dt.date(year, first, 1), _month_end(year, first + 2)


def _quarter_value(year: int, quarter: int) -> TimeValue:
    start, end = _quarter_span(year, quarter)
    return TimeValue(f"{year:04d}-Q{quarter}", None, start, end)


def _season(r: DateReading, ref: dt.date, way: str | None, mod) -> TimeValue:
    # A winter runs into the next year, so in January the latest winter wholly past
    # began two years before: "last winter" needs that one among the candidates.
    years = [ref.year - 2, ref.year - 1, ref.year, ref.year + 1]
    spans = [_season_span(y, r.season) for y in years]
    if r.relation == "this":
        pairs = zip(years, spans, strict=True)
        year = next(y for y, (start, end) in pairs if start <= ref <= end or start.year == ref.year)
        return _season_value(year, r.season, mod)
    index = _last_or_next(spans, ref, r.relation)
    if index is None:
        index = _nearest(spans, ref, way or "past")
    return _season_value(years[index], r.season, mod)


def _season_span(year: int, season: str) -> tuple[dt.date, dt.date]:
    first, last = SEASONS[season]
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), _month_end(end_year, last)


def _season_value(year: int, season: str, mod: str | None) -> TimeValue:
    start, end = _part(*_season_span(year, season), mod)
    return TimeValue(f"{year:04d}-{season}", mod, start, end)


def _span(timex: str, start: dt.date, years: int, mod: str | None) -> TimeValue:
    end = dt.date(start.year + years - 1, 12, 31)
    if mod in ("H1", "H2"):  # "the second half of the 1980s"
        return _half(TimeValue(timex, None, start, end), mod)
    start, end = _part(start, end, mod)
    return TimeValue(timex, mod, start, end)


def _day_value(day: dt.date, mod: str | None) -> TimeValue:
    return TimeValue(day.isoformat(), mod, day, day)


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise Unresolvable(str(error)) from None


def _calendar_value(year: int, month: int | None, day: int | None, mod: str | None) -> TimeValue:
    if day is not None:
        return _day_value(_date(year, month, day), mod)
    if month is not None:
        start = dt.date(year, month, 1)
        end = _month_end(year, month)
        timex = f"{year:04d}-{month:02d}"
    else:
        start, end, timex = dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}"
    if mod in ("H1", "H2"):
        return _half(TimeValue(timex, None, start, end), mod)
    start, end = _part(start, end, mod)
    return TimeValue(timex, mod, start, end)


def _half(value: TimeValue, mod: str) -> TimeValue:
    """The first or second half of a year ("1989-H2"), or of a month or a decade (its
    START or END)."""
    start, end = value.start, value.end
    first = mod == "H1"
    if len(value.timex) == 4:  # a year's halves are six months each
        start, end = (start, end.replace(month=6, day=30)) if first else (
            start.replace(month=7), end)  # fmt: skip
        return TimeValue(f"{value.timex}-{mod}", None, start, end)
    middle = start + dt.timedelta(days=(end - start).days // 2)
    start, end = (start, middle) if first else (middle + dt.timedelta(days=1), end)
    return TimeValue(value.timex, "START" if first else "END", start, end)


def _part(start: dt.date, end: dt.date, mod: str | None) -> tuple[dt.date, dt.date]:
    """Early, mid and late as thirds: of the days of a month ("late September": 21st–30th),
    of the months of a year or longer ("early 2015": January to April)."""
    if mod not in ("START", "MID", "END"):
        return start, end
    index = {"START": 0, "MID": 1, "END": 2}[mod]
    if end.year > start.year or (start.month, end.month, start.day) == (1, 12, 1):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = _add_months(start, index * months // 3)
        last = _add_months(start, (index + 1) * months // 3) - dt.timedelta(days=1)
        return first, last
    third = ((end - start).days + 1) // 3
    first = start + dt.timedelta(days=index * third)
    last = end if index == 2 else start + dt.timedelta(days=(index + 1) * third - 1)
    return first, last


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after the month of `day` (before it, if negative)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, 1)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
