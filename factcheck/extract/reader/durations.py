"""The reader's rules for recurring times, durations, spans ago and periods."""

from __future__ import annotations

from factcheck.extract.reader.vocabulary import (
    DAY_PARTS,
    SET_UNITS,
    SETS,
    TIME_UNITS,
    UNIT_NAMES,
    WEEKDAYS,
    _bound,
    _figure_bound,
    _numbers,
    _period,
    _words,
)
from factcheck.extract.readings import (
    AgoReading,
    DateReading,
    DurationReading,
    NotAClaim,
    Number,
    PeriodReading,
    SetReading,
    Unreadable,
)


class DurationRules:
    """Grammar rules → sets ("every Monday"), durations, spans ago and periods."""

    def set_adverb(self, c):
        return SetReading(SETS[_words(c)])

    def calendar_unit_one(self, c):
        return self.calendar_unit(c)

    def every_unit(self, c):
        return SetReading(SET_UNITS[c[-1]])

    def every_weekday(self, c):
        return SetReading(f"XXXX-WXX-{c[-1] + 1}")

    def every_month(self, c):
        return SetReading(f"XXXX-{c[-1]:02d}")

    def weekday_plural(self, c):
        return WEEKDAYS[str(c[0]).lower()[:-1]]

    def weekday_nights(self, c):
        return SetReading(f"XXXX-WXX-{c[0] + 1}T{c[1]}")

    def day_parts(self, c):
        return DAY_PARTS[str(c[0]).lower()[:-1]]

    times_per = every_unit

    def set(self, c):
        return c[0]

    # durations ------------------------------------------------------------
    def time_unit(self, c):
        words = _words(c)
        return TIME_UNITS[words.rstrip("s")] if words not in TIME_UNITS else TIME_UNITS[words]

    calendar_units = time_unit

    def plain_duration(self, c):
        figure = next(x for x in c if isinstance(x, (tuple, Number)))
        lo, hi = figure if isinstance(figure, tuple) else (figure, figure)
        return DurationReading(lo, hi, c[-1], bound=_figure_bound(figure))

    def dashed_range_duration(self, c):
        lo, hi = _numbers(c)
        if lo.value > hi.value:
            raise Unreadable("a range runs forward")
        return DurationReading(lo, hi, c[-1])

    def bounded_duration(self, c):
        lo, hi = next(x for x in c if isinstance(x, tuple))
        return DurationReading(lo, hi, c[-1], bound=_bound(c[0]))

    def duration_bounded_after(self, c):
        lo, hi = c[0]
        return DurationReading(lo, hi, c[1], bound=c[2])

    def a_an(self, _):
        return Number(1)

    def one_duration(self, c):
        unit = next(x for x in c if isinstance(x, str))
        if unit == "second":
            raise NotAClaim("'a second' is an ordinal: 'a second round'")
        return DurationReading(Number(1), Number(1), unit)

    def bounded_one_duration(self, c):
        return DurationReading(Number(1), Number(1), c[-1], bound=_bound(c[0]))

    def one_and_a_half(self, c):
        unit = next(x for x in c if isinstance(x, str))
        return DurationReading(Number(1.5, 0.5), Number(1.5, 0.5), unit)

    def and_a_half_duration(self, c):
        lo, _ = c[0]
        n = Number(lo.value + 0.5, 0.5)
        return DurationReading(n, n, c[1])

    def half_duration(self, c):
        return DurationReading(Number(0.5, 0.5), Number(0.5, 0.5), c[-1])

    def approx_one_duration(self, c):
        unit = next(x for x in c if isinstance(x, str))
        return DurationReading(Number(1), Number(1), unit, bound="APPROX")

    def vague_one_duration(self, c):
        unit = next(x for x in c if isinstance(x, str))
        return DurationReading(Number(1), Number(2), unit, vague=True)

    def few(self, c):
        return _words(c)

    def few_duration(self, c):
        return DurationReading(Number(2), Number(7), c[-1], vague=True)

    def bounded_few_duration(self, c):
        return DurationReading(Number(2), Number(7), c[-1], bound=_bound(c[0]), vague=True)

    def units_duration(self, c):
        unit = next((x for x in c if isinstance(x, str) and x in UNIT_NAMES), "year")
        return DurationReading(Number(2), Number(9), unit, vague=True)

    def ago(self, c):
        duration = c[0]
        if duration.vague:
            return DateReading(deictic="PAST_REF")
        if (duration.unit, duration.lo.value, duration.hi.value, duration.bound) == (
            "year",
            1,
            1,
            None,
        ):
            # "a year ago", "a year earlier": resolved like "year-ago", which in a
            # sentence about a quarter means that quarter
            return DateReading(shift_unit="year", shift=-1, relation="year-ago")
        return AgoReading(duration)

    def dashed_ago(self, c):
        unit = next(x for x in c if isinstance(x, str))
        return self.ago([DurationReading(Number(1), Number(1), unit)])

    def vague_ago(self, _):
        return DateReading(deictic="PAST_REF")

    def past_period(self, c):
        return _period(c, "past")

    def past_few(self, c):
        return PeriodReading(DurationReading(Number(2), Number(7), c[-1], vague=True), c[-1],
                             "past")  # fmt: skip

    def next_period(self, c):
        return _period(c, "next")

    def next_few(self, c):
        return PeriodReading(DurationReading(Number(2), Number(7), c[-1], vague=True), c[-1],
                             "next")  # fmt: skip

    def next_vague(self, c):
        unit = next(x for x in c if isinstance(x, str) and x in UNIT_NAMES)
        return PeriodReading(None, unit, "next")

    def recent_period(self, c):
        unit = next(x for x in c if isinstance(x, str) and x in UNIT_NAMES)
        return PeriodReading(None, unit, "recent")

    def start(self, c):
        return c[0]
