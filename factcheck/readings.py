"""What the grammar read, before anything is resolved against a reference date.

The transformer in `extract` builds these from parse trees; `normalise` turns
them into the intervals that rules compare.
"""

from __future__ import annotations

from dataclasses import dataclass


class Unreadable(ValueError):
    """The words parse, but do not make sense as a value ("February 31")."""


@dataclass(frozen=True)
class Number:
    value: float
    precision: float = 1.0  # place value of the last written digit
    from_words: bool = False


# How a bound word limits a figure: which end it sets and whether that end is included.
BOUNDS = {
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
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
}


@dataclass(frozen=True)
class QuantityReading:
    lo: Number
    hi: Number
    bound: str | None = None  # a value of BOUNDS, or "PLUS" for "50+"
    unit: str | None = None  # "percent", or an ISO 4217 code


@dataclass(frozen=True)
class DateReading:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday is 0
    relation: str | None = None  # "this", "next", "last" before a weekday, month or unit
    shift_unit: str | None = (
        None  # "day", "week", "month", "year", "weekend": relative to the reference
    )
    shift: int = 0
    year_shift: int | None = None  # "Sept. 30 last year": the year is the reference year minus one
    part: str | None = None  # "START", "MID", "END" (TIMEX3 mods)
    approximate: bool = False

    @property
    def is_absolute(self) -> bool:
        return self.year is not None and self.relation is None and self.shift_unit is None


@dataclass(frozen=True)
class DurationReading:
    lo: Number
    hi: Number
    unit: str  # "hour", "day", "week", "month", "year", "decade"
    bound: str | None = None
    vague: bool = False  # "a few weeks", "several days"


@dataclass(frozen=True)
class AgoReading:
    duration: DurationReading


@dataclass(frozen=True)
class PeriodReading:
    duration: DurationReading | None  # None for "in recent weeks"
    unit: str
    direction: str  # "past", "next", "recent"


Reading = QuantityReading | DateReading | DurationReading | AgoReading | PeriodReading
