"""What the grammar read, before anything is resolved against a reference date.

The reader in `interpret` builds these as the parser reduces each rule; `normalise`
turns them into the intervals that rules compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.sending import sent_by_fields


class Unreadable(ValueError):
    """The words parse, but do not make sense as a value ("March 32"): a shorter
    reading of the same words may still make sense."""


class NotAClaim(Unreadable):
    """The words are no claim at all, not even in part: a score ("3-1"), a phone
    number ("555-0123")."""


@sent_by_fields
@dataclass(frozen=True, slots=True)
class Number:
    value: float
    precision: float = 1.0  # place value of the last written digit
    from_words: bool = False
    scale: float = 1.0  # the factor of its scale word: "6 million" has 1e6


# How a bound word limits a figure: which end it sets and whether that end is included.
BOUNDS = {
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    **dict.fromkeys(
        "exceeded exceeds exceed exceeding surpassed surpasses surpass surpassing topped".split(),
        "MORE_THAN",
    ),  # "the toll exceeded 3,000"
    "just over": "MORE_THAN",
    "upwards of": "EQUAL_OR_MORE",
    "at least": "EQUAL_OR_MORE",
    "fewer than": "LESS_THAN",
    "less than": "LESS_THAN",
    "under": "LESS_THAN",
    "just under": "LESS_THAN",
    "up to": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS",
    "as many as": "EQUAL_OR_LESS",
    "as much as": "EQUAL_OR_LESS",
    "almost": "ALMOST",
    "nearly": "ALMOST",
    "about": "APPROX",
    "around": "APPROX",
    "some": "APPROX",
    "roughly": "APPROX",
    "approximately": "APPROX",
    "an estimated": "APPROX",
    "estimated": "APPROX",
    "close to": "APPROX",
    "in excess of": "MORE_THAN",
    "above": "MORE_THAN",
    "well over": "MORE_THAN",
    "just more than": "MORE_THAN",
    "a little over": "MORE_THAN",
    "a little more than": "MORE_THAN",
    "below": "LESS_THAN",
    "just less than": "LESS_THAN",
    "no more than": "EQUAL_OR_LESS",
    "not more than": "EQUAL_OR_LESS",
    "no fewer than": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE",
    "greater than": "MORE_THAN",
    "higher than": "MORE_THAN",
    "larger than": "MORE_THAN",
    "bigger than": "MORE_THAN",
    "lower than": "LESS_THAN",
    "smaller than": "LESS_THAN",
    "upward of": "EQUAL_OR_MORE",
    "more than or equal to": "EQUAL_OR_MORE",
    "greater than or equal to": "EQUAL_OR_MORE",
    "less than or equal to": "EQUAL_OR_LESS",
    "a minimum of": "EQUAL_OR_MORE",
    "a maximum of": "EQUAL_OR_LESS",
    "in the region of": "APPROX",
    "exactly": None,
    "only": None,
    "just": None,
    # after the figure
    "or more": "EQUAL_OR_MORE",
    "plus": "EQUAL_OR_MORE",
    "odd": "EQUAL_OR_MORE",
    "or so": "APPROX",
    "or fewer": "EQUAL_OR_LESS",
    "or less": "EQUAL_OR_LESS",
    "or higher": "EQUAL_OR_MORE",
    "or above": "EQUAL_OR_MORE",
    "or older": "EQUAL_OR_MORE",
    "or over": "EQUAL_OR_MORE",
    "or lower": "EQUAL_OR_LESS",
    "or below": "EQUAL_OR_LESS",
    "or younger": "EQUAL_OR_LESS",
}


@sent_by_fields
@dataclass(frozen=True, slots=True)
class QuantityReading:
    lo: Number
    hi: Number
    bound: str | None = None  # a value of BOUNDS, or "PLUS" for "50+"
    unit: str | None = None  # "percent", "percentage_point", an ISO 4217 code or a pint unit


@sent_by_fields
@dataclass(frozen=True, slots=True)
class DateReading:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday is 0
    # "this", "next", "last", "latest" before a weekday, month or unit; also "year-ago",
    # "weekend"
    relation: str | None = None
    shift_unit: str | None = (
        None  # "day", "week", "month", "year", "weekend": relative to the reference
    )
    shift: int = 0
    year_shift: int | None = None  # "Sept. 30 last year": the year is the reference year minus one
    part: str | None = None  # "START", "MID", "END" (TIMEX3 mods), "H1", "H2" (halves)
    approximate: bool = False
    quarter: int | None = None  # 1-4
    season: str | None = None  # TIMEX3 season: "SP", "SU", "FA", "WI"
    decade: int | None = None  # "the 1990s": 199
    century: int | None = None  # "the 20th century": 19
    end_day: int | None = None  # "March 20-22": 22
    hour: int | None = None  # a time of day
    minute: int | None = None
    day_part: str | None = None  # TIMEX3 part of a day: "MO", "AF", "EV", "NI"
    utc: bool = False  # a clock time given in UTC or GMT: "08:30 UTC"
    deictic: str | None = None  # "PRESENT_REF", "PAST_REF", "FUTURE_REF": no interval
    holiday: str | None = None  # a holiday whose day the year decides: "thanksgiving"
    # "04/05/2025": read month first, but day first in an article written day first
    swappable: bool = False
    written_order: str | None = None  # "dmy" or "mdy", where the numbers show it: "25/03/2025"
    dateline: bool = False  # "BRUSSELS, December 2 (Xinhua) --": the article's own date

    @property
    def is_absolute(self) -> bool:
        return self.year is not None and self.relation is None and self.shift_unit is None

    @property
    def is_time(self) -> bool:
        return self.hour is not None or self.day_part is not None


@sent_by_fields
@dataclass(frozen=True, slots=True)
class DurationReading:
    lo: Number
    hi: Number
    unit: str  # "second", "minute", "hour", "day", "week", "month", "quarter", "year", ...
    bound: str | None = None
    vague: bool = False  # "a few weeks", "several days"


@sent_by_fields
@dataclass(frozen=True, slots=True)
class AgoReading:
    duration: DurationReading


@sent_by_fields
@dataclass(frozen=True, slots=True)
class PeriodReading:
    duration: DurationReading | None  # None for "in recent weeks"
    unit: str
    direction: str  # "past", "next", "recent"


@sent_by_fields
@dataclass(frozen=True, slots=True)
class SetReading:
    """A recurrence ("daily", "each Thursday"): its TIMEX3 value needs no reference date."""

    timex: str


Reading = QuantityReading | DateReading | DurationReading | AgoReading | PeriodReading | SetReading
