"""The reader's rules for dates, seasons, quarters, decades and times of day."""

from __future__ import annotations

import re
from dataclasses import replace

from lark import Token

from factcheck.extract.reader.vocabulary import (
    DAY_PARTS,
    DECADE_WORDS,
    FIXED_HOLIDAYS,
    MOVABLE_HOLIDAYS,
    ORDINALS,
    PARTS,
    RELATIONS,
    RELATIVE_DAYS,
    SEASONS,
    SHIFTS,
    UTC_ZONES,
    WEEKDAYS,
    _clock,
    _day,
    _decade,
    _digits,
    _in_utc,
    _month,
    _month_or_year,
    _ordinal_day,
    _part_of,
    _with_year_shift,
    _word_number,
    _words,
    _year,
)
from factcheck.extract.readings import DateReading, Unreadable


class DateRules:
    """Grammar rules → date readings, unresolved: the reference date comes later."""

    def month_full(self, c):
        return _month(c[0])

    month_abbr = month_full

    def month_name(self, c):
        return c[0]

    def weekday(self, c):
        return WEEKDAYS[str(c[0]).lower()]

    def relative_day(self, c):
        words = _words(c)
        part = "NI" if words == "tonight" else None
        return DateReading(shift_unit="day", shift=RELATIVE_DAYS[words], day_part=part)

    def part(self, c):
        return PARTS[_words(c)]

    def this_next_last(self, c):
        return RELATIONS[_words(c)]

    def calendar_unit(self, c):
        return str(c[0]).lower()

    def month_number(self, c):
        month, value = c[0], _digits(c[1])
        if value.value >= 1000:
            return DateReading(year=_year(value), month=month)
        return DateReading(month=month, day=_day(value))

    def month_day_year(self, c):
        day, year = (x for x in c[1:] if x.type == "DIGITS")
        return DateReading(_year(_digits(year)), c[0], _day(_digits(day)))

    def day_month(self, c):
        return DateReading(month=c[1], day=_day(_digits(c[0])))

    def day_month_year(self, c):
        return DateReading(_year(_digits(c[-1])), c[1], _day(_digits(c[0])))

    def ordinal_of_month(self, c):
        ordinal = next(x for x in c if isinstance(x, Token) and x.type == "ORDINAL")
        month = next(x for x in c if isinstance(x, int))
        year = c[-1] if isinstance(c[-1], Token) and c[-1].type == "DIGITS" else None
        return DateReading(_year(_digits(year)) if year else None, month, _ordinal_day(ordinal))

    def month_ordinal(self, c):
        year = _year(_digits(c[-1])) if len(c) > 2 else None
        return DateReading(year, c[0], _ordinal_day(c[1]))

    def month_ordinal_word(self, c):
        return DateReading(month=c[0], day=_day(c[1]))

    def ordinal_word(self, c):
        return ORDINALS[str(c[0]).lower()]

    def day_range(self, c):
        month = c[0]
        first, last = _day(_digits(c[1])), _day(_digits(c[3]))
        if last <= first:
            raise Unreadable("a day range runs forward")
        return DateReading(month=month, day=first, end_day=last)

    def iso_date(self, c):
        year, month, day = (int(x) for x in re.split(r"[-/]", str(c[0])))
        if not 1 <= month <= 12:
            raise Unreadable(f"no month {month}")
        return DateReading(_year(year), month, _day(day))

    def slash_date(self, c):
        text = str(c[0])
        first, second, year = (int(x) for x in re.split(r"[-/.]", text))
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
        # Slashes and dashes are read the American way (month first) unless the article
        # says or shows otherwise (`date-order`, see DateReading.swappable); dots the
        # European way; either way, unless the numbers allow only the other.
        month_first = "." not in text
        if (first if month_first else second) > 12:
            month_first = not month_first
        month, day = (first, second) if month_first else (second, first)
        if not 1 <= month <= 12:
            raise Unreadable(f"no month {month}")
        evidence = None if max(first, second) <= 12 else ("mdy" if month_first else "dmy")
        swappable = "." not in text and evidence is None and first != second
        return DateReading(
            _year(year), month, _day(day), written_order=evidence, swappable=swappable
        )

    def ordinal_month(self, c):
        """ "14th March", "14th March, 2016" """
        year = _year(_digits(c[-1])) if len(c) > 2 else None
        return DateReading(year, c[1], _ordinal_day(c[0]))

    def day_date(self, c):
        return c[0]

    def month_year(self, c):
        return DateReading(year=c[-1], month=c[0])

    def year_digits(self, c):
        return _year(_digits(c[0]))

    def spoken_year(self, c):
        values = [_word_number(str(t)).value for t in c if isinstance(t, Token)]
        if len(values) == 1:
            return _year(values[0])
        century, rest = values
        if not (10 <= century <= 21 and 0 <= rest < 100 and century == int(century)):
            raise Unreadable("no spoken year")
        return _year(century * 100 + rest)

    def year(self, c):
        return c[0]

    def spoken_year_date(self, c):
        return DateReading(year=c[0])

    def last_year_date(self, c):
        return _with_year_shift(_month_or_year(c[0]), -1)

    def this_year_date(self, c):
        return _with_year_shift(_month_or_year(c[0]), 0)

    def next_year_date(self, c):
        return _with_year_shift(_month_or_year(c[0]), 1)

    def weekday_date(self, c):
        # The weekday is kept with a full date too, for the check that the day is one.
        date = next(x for x in c if isinstance(x, DateReading))
        return replace(date, weekday=c[0])

    def approx_date(self, c):
        if c[0] != "APPROX":
            raise Unreadable("only an approximate bound qualifies a date")
        return replace(c[1], approximate=True)

    def bare_month(self, c):
        return DateReading(month=c[0])

    def part_of(self, c):
        return _part_of(_month_or_year(c[-1]), c[0])

    def mid_of(self, c):
        return _part_of(_month_or_year(c[-1]), "MID")

    def this_unit(self, c):
        relation = c[0] if len(c) > 1 else "this"
        return DateReading(relation=relation, shift_unit=c[-1], shift=SHIFTS[relation])

    def this_past_unit(self, c):
        return DateReading(relation="last", shift_unit=c[-1], shift=-1)

    def this_weekday(self, c):
        return DateReading(weekday=c[-1], relation=c[0])

    def previous_weekday(self, c):
        return DateReading(weekday=c[-1], relation="last")

    def following_weekday(self, c):
        return DateReading(weekday=c[-1], relation="next")

    def holiday(self, c):
        name = _words(c)
        if name in MOVABLE_HOLIDAYS:
            return DateReading(holiday=MOVABLE_HOLIDAYS[name])
        month, day = FIXED_HOLIDAYS[name]
        return DateReading(month=month, day=day)

    def holiday_year(self, c):
        return replace(c[0], year=_year(_digits(c[1])))

    def relative_day_date(self, c):
        relation, date = c
        if date.year is not None or relation not in ("last", "next", "this"):
            raise Unreadable(f"{relation} before a full date")
        return replace(date, relation=relation)

    def this_month(self, c):
        return DateReading(month=c[1], relation=c[0])

    def part_of_unit(self, c):
        part = c[0]
        relation = next((x for x in c[1:] if isinstance(x, str) and x in SHIFTS), "this")
        unit = c[-1]
        reading = DateReading(relation=relation, shift_unit=unit, shift=SHIFTS[relation])
        return _part_of(reading, part)

    def the_weekend(self, _):
        return DateReading(weekday=5, relation="weekend")

    def year_end(self, _):
        return DateReading(month=12, day=31, year_shift=0)

    def year_ago(self, _):
        return DateReading(shift_unit="year", shift=-1, relation="year-ago")

    def fiscal_year(self, c):
        return DateReading(year=c[-1])

    def current_year(self, _):
        return DateReading(shift_unit="year", shift=0, relation="this")

    the_year = fiscal_year

    def date(self, c):
        item = c[0]
        return DateReading(weekday=item) if isinstance(item, int) else item

    # seasons, quarters, decades
    def season(self, c):
        return SEASONS[str(c[0]).lower()]

    def this_season(self, c):
        relation = c[0] if c[0] in SHIFTS else "last"
        return DateReading(season=c[-1], relation=relation)

    def the_season(self, c):
        return DateReading(season=c[-1])

    def season_year(self, c):
        season = next(x for x in c if isinstance(x, str))
        return DateReading(year=c[-1], season=season)

    def part_season(self, c):
        return DateReading(season=c[-1], part=c[0])

    early_late = part

    def quarter_ordinal(self, c):
        n = c[0] if isinstance(c[0], int) else int(str(c[0])[:-2])
        if not 1 <= n <= 4:
            raise Unreadable(f"no quarter {n}")
        return n

    def quarter(self, c):
        return c[0]

    def short_quarter(self, c):
        """ "Q3", "Q3 2019" """
        quarter = int(str(c[0])[1])
        return DateReading(year=_year(_digits(c[1])) if len(c) > 1 else None, quarter=quarter)

    def quarter_plain(self, c):
        return DateReading(quarter=c[-1])

    def quarter_year(self, c):
        return DateReading(year=c[-1], quarter=next(x for x in c if isinstance(x, int)))

    def year_quarter(self, c):
        year, quarter = [x for x in c if isinstance(x, int)]
        return DateReading(year=year, quarter=quarter)

    def relative_year_quarter(self, c):
        relation, quarter = c[0], c[-1]
        return DateReading(quarter=quarter, year_shift=SHIFTS[relation])

    def the_quarter(self, _):
        return DateReading(relation="latest", shift_unit="quarter", shift=-1)

    def year_ago_quarter(self, c):
        quarter = next((x for x in c if isinstance(x, int)), None)
        if quarter is None:
            return DateReading(relation="year-ago", shift_unit="quarter", shift=-5)
        return DateReading(quarter=quarter, year_shift=-1)

    def quarters_of_year(self, c):
        (count, _), year = c[0], (c[-1] if isinstance(c[-1], int) else None)
        if count.value != 2:
            raise Unreadable("only two quarters make a half")
        return DateReading(year=year, part="H1", year_shift=None if year else 0)

    def first_half(self, _):
        return DateReading(part="H1", year_shift=0)

    def second_half(self, _):
        return DateReading(part="H2", year_shift=0)

    def decade_digits(self, c):
        token = next(x for x in c if isinstance(x, Token) and x.type == "DECADE")
        return DateReading(decade=_decade(token))

    def part_decade(self, c):
        return DateReading(decade=_decade(c[-1]), part=c[0])

    def mid_decade(self, c):
        return DateReading(decade=_decade(c[-1]), part="MID")

    def decade_words(self, c):
        return DateReading(decade=190 + DECADE_WORDS[str(c[-1]).lower()] // 10)

    def decade_word(self, c):
        return c[0]

    def century(self, c):
        ordinal = next(x for x in c if not (isinstance(x, Token) and x.type != "ORDINAL"))
        n = ordinal if isinstance(ordinal, int) else int(str(ordinal)[:-2])
        if not 1 <= n <= 22:
            raise Unreadable(f"no century {n}")
        return DateReading(century=n - 1)

    def vague(self, c):
        words = _words(c)
        if words in ("now", "right now", "currently", "current", "nowadays", "these days"):
            return DateReading(deictic="PRESENT_REF")
        if "future" in words or words in ("soon", "the near term", "the long term"):
            return DateReading(deictic="FUTURE_REF")
        if words == "the short term":
            return DateReading(deictic="FUTURE_REF")
        return DateReading(deictic="PAST_REF")

    # times --------------------------------------------------------------
    def ampm(self, c):
        return "pm" if str(c[0]).lower().startswith("p") else "am"

    def clock_minutes(self, c):
        hour, minute = (int(x) for x in str(c[0]).split(":"))
        return _clock(hour, minute, c[1] if len(c) > 1 else None)

    def clock_hour(self, c):
        n = _digits(c[0]).value
        if n != int(n):
            raise Unreadable("no hour")
        return _clock(int(n), 0, c[1])

    def noon(self, _):
        return (12, 0)

    def midnight(self, _):
        return (24, 0)

    def zone(self, c):
        return str(c[0]).upper()

    day_ref = date  # a weekday, or a date, before a time of day

    def day_part(self, c):
        return DAY_PARTS[str(c[0]).lower()]

    def day_with_part(self, c):
        day, part = c
        return replace(day, day_part=part)

    def time(self, c):
        item = c[0]
        if isinstance(item, tuple):
            return DateReading(shift_unit="day", shift=0, hour=item[0], minute=item[1])
        return item

    def clock_zone(self, c):
        return replace(self.time([c[0]]), utc=c[1] in UTC_ZONES)

    def clock_on(self, c):
        (hour, minute), day = c[0], c[-1]
        return replace(day, hour=hour, minute=minute, utc=_in_utc(c))

    def day_at_clock(self, c):
        (hour, minute), day = c[1], c[0]
        return replace(day, hour=hour, minute=minute, utc=_in_utc(c))

    def this_day_part(self, c):
        return DateReading(shift_unit="day", shift=0, day_part=c[-1])

    def last_night(self, _):
        return DateReading(shift_unit="day", shift=-1, day_part="NI")

    def part_day(self, c):
        part, day = [x for x in c if not isinstance(x, Token)]
        return replace(day, day_part=part)

    def approx_time(self, c):
        if c[0] != "APPROX":
            raise Unreadable("only an approximate bound qualifies a time")
        hour, minute = c[1]
        return DateReading(shift_unit="day", shift=0, hour=hour, minute=minute, approximate=True)

    # sets ----------------------------------------------------------------
