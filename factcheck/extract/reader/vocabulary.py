"""The reader's vocabulary: number words, months, holidays, units of time and the
small helpers the reader's rules share."""

from __future__ import annotations

import re
from dataclasses import replace

from lark import Token

from factcheck.extract.readings import (
    DateReading,
    DurationReading,
    Number,
    PeriodReading,
    Unreadable,
)

_UNITS_AND_TEENS = """zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen""".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
CARDINALS = {word: n for n, word in enumerate(_UNITS_AND_TEENS)}
CARDINALS.update({word: 10 * (i + 2) for i, word in enumerate(_TENS)})
CARDINALS["a"] = 1
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "bln": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
    "k": 1_000,
    "lakh": 100_000,  # South Asian English: "25 lakh rupees"
    "lakhs": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
}
MONEY_SCALES = {"m": 1e6, "b": 1e9, "t": 1e12, "tn": 1e12, "trn": 1e12}
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "fourth": 4, "quarter": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
VULGAR_FRACTIONS = {
    "¼": 0.25, "½": 0.5, "¾": 0.75, "⅐": 1 / 7, "⅑": 1 / 9, "⅒": 0.1, "⅓": 1 / 3, "⅔": 2 / 3,
    "⅕": 0.2, "⅖": 0.4, "⅗": 0.6, "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125,
    "⅜": 0.375, "⅝": 0.625, "⅞": 0.875,
}  # fmt: skip
# Denominators a written fraction has; "9/11" and "24/7" are names, not numbers.
DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 40, 64, 100})
ORDINALS = {
    word: n + 1
    for n, word in enumerate(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
        thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
        twentieth""".split()
    )
}
ORDINALS.update(
    {w: 10 * (i + 3) for i, w in enumerate("thirtieth fortieth fiftieth sixtieth".split())}
)
ORDINALS.update({"seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100})
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_DAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()
WEEKDAYS = {day: i for i, day in enumerate(_DAY_NAMES)}
# Holidays on a fixed day of the year, and those the year moves (see normalise.HOLIDAYS)
FIXED_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "halloween": (10, 31), "independence day": (7, 4), "boxing day": (12, 26),
    "bastille day": (7, 14), "veterans day": (11, 11), "armistice day": (11, 11),
}  # fmt: skip
MOVABLE_HOLIDAYS = {
    "thanksgiving": "thanksgiving", "thanksgiving day": "thanksgiving", "easter": "easter",
    "easter sunday": "easter", "good friday": "good friday", "memorial day": "memorial day",
    "labor day": "labor day",
}  # fmt: skip
RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip
PARTS = {
    "early": "START",
    "beginning of": "START",
    "the beginning of": "START",
    "the start of": "START",
    "mid": "MID",
    "the middle of": "MID",
    "middle of": "MID",
    "late": "END",
    "end of": "END",
    "the end of": "END",
    "the first half of": "H1",
    "the second half of": "H2",
    "the last half of": "H2",
    "the latter half of": "H2",
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
RELATIONS = {
    "this": "this", "next": "next", "last": "last", "the current": "this",
    "the latest": "latest", "the most recent": "latest", "past": "last",
}  # fmt: skip
UTC_ZONES = frozenset({"UTC", "GMT"})
MAX_EXPONENT = 300  # floats end at 1.8e308: "0E1000" is no figure
# A figure larger than a googol is no claim a newsroom checks; below it, sums and
# products of two figures stay finite floats. Its digits, counted before any is read.
MAX_FIGURE = 1e100
MAX_DIGITS = 100
SHIFTS = {"this": 0, "next": 1, "last": -1, "latest": -1}
CURRENCIES = {
    "$": "USD", "US$": "USD", "USD$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD",
    "AU$": "AUD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "R$": "BRL", "NT$": "TWD",
    "Mex$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "₺": "TRY", "₪": "ILS", "₦": "NGN", "₱": "PHP", "฿": "THB",
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "rupee": "INR", "roubles": "RUB",
    "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "pesos": "MXN", "francs": "CHF",
    "shekels": "ILS", "dinars": "IQD", "riyals": "SAR", "pounds sterling": "GBP",
    "sterling": "GBP", "RMB": "CNY",
}  # fmt: skip
# "hundreds", "tens of thousands": the interval the words admit
MANY = {
    "hundreds": (200, 999), "thousands": (2_000, 9_999), "millions": (2e6, 999e6),
    "billions": (2e9, 999e9), "dozens": (24, 99), "scores": (40, 99),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "tens of millions": (2e7, 9.9e7), "hundreds of millions": (2e8, 9.99e8),
}  # fmt: skip
SETS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H", "quarterly": "P3M", "nightly": "P1D", "biweekly": "P2W",
    "fortnightly": "P2W",
}  # fmt: skip
SET_UNITS = {
    "day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P3M",
    "hour": "PT1H", "minute": "PT1M", "night": "P1D", "morning": "P1D", "evening": "P1D",
    "weekend": "P1W", "decade": "P10Y",
}  # fmt: skip
DECADE_WORDS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split())}  # fmt: skip
# Duration words in the singular units of DurationReading
TIME_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "night": "day",
    "week": "week", "fortnight": "fortnight", "weekend": "weekend", "month": "month",
    "quarter": "quarter", "year": "year", "decade": "decade", "century": "century",
    "centurie": "century", "trading day": "day", "business day": "day", "working day": "day",
}  # fmt: skip
_WORD_SPLIT = re.compile(r"[\s,\-\u2010\u2011&]+")


def _words(children: list) -> str:
    return " ".join(str(c).lower() for c in children if isinstance(c, Token))


def _scaled_like(lo: Number, hi: Number) -> Number:
    """The low end of a range, scaled by the high end's scale word where it has none:
    "5-6 million", "$5 to 6 billion"."""
    if lo.scale == 1 and hi.scale > 1 and lo.value * hi.scale <= hi.value:
        return Number(lo.value * hi.scale, lo.precision * hi.scale, lo.from_words, hi.scale)
    return lo


def _numbers(children: list) -> list:
    return [c for c in children if isinstance(c, Number)]


DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")


def _digits(token: Token) -> Number:
    if DECIMAL_COMMA.fullmatch(str(token)):  # "€3,4 million": a European decimal comma
        token = str(token).replace(",", ".")
    text = re.sub(r"[,\u00a0\u202f\u2009]", "", str(token))
    if len(text) > MAX_DIGITS + 1:  # a decimal point among them
        raise Unreadable(f"a figure of {len(text):,} digits")
    value = _sane(float(text))
    if "." in text:
        precision = 10.0 ** -len(text.split(".")[1])
    else:
        stripped = text.rstrip("0")
        precision = 10.0 ** (len(text) - len(stripped)) if stripped else 1.0
    return Number(value, precision)


def _sane(value: float) -> float:
    """A figure within MAX_FIGURE, else Unreadable (an infinity or NaN included): the
    words after it may still be a claim."""
    if not abs(value) <= MAX_FIGURE:
        raise Unreadable(f"no figure is as large as {value:g}")
    return value


def _word_number(text: str) -> Number:
    """ "three million, two hundred and forty" → 3000240; "five-and-a-half" → 5.5."""
    words = [w for w in _WORD_SPLIT.split(text.lower()) if w and w != "and"]
    half = words[-2:] == ["a", "half"]
    if half:
        words = words[:-2]
    total = current = 0
    smallest = None
    for word in words:
        if word in CARDINALS:
            current += CARDINALS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            scale = SCALES[word]
            total += (current or 1) * scale
            smallest = scale
            current = 0
    value = total + current
    if current:
        smallest = 1
    precision = 0.5 if half else float(smallest or 1)
    return Number(value + (0.5 if half else 0), precision, True)


def _day(value: Number | int) -> int:
    number = value.value if isinstance(value, Number) else value
    day = int(number)
    if number != day or not 1 <= day <= 31:
        raise Unreadable(f"no day {number:g}")
    return day


def _year(value: Number | int) -> int:
    number = value.value if isinstance(value, Number) else value
    year = int(number)
    if number != year or not 1000 <= year <= 2199:
        raise Unreadable(f"no year {number:g}")
    return year


def _ordinal_day(token: Token) -> int:
    return _day(int(str(token)[:-2]))


def _month(token: Token) -> int:
    """A month name: capitalised, as every month name is in news ("may", "march" are verbs)."""
    if not str(token)[0].isupper():
        raise Unreadable(f"{token!s} is not capitalised")
    return MONTHS[str(token).lower()]


UNIT_NAMES = frozenset(TIME_UNITS.values())


class _Swapped(tuple):
    """A dashed pair written high to low: with a unit a range ("10-7 days"), bare a score."""


class _Bound(str):
    """A bound read after its figure ("or more"), as a value of BOUNDS."""


class _BoundedFigure(tuple):
    """A figure that carries its own bound: "500 or more", "65 or older"."""

    def __new__(cls, pair, bound):
        figure = super().__new__(cls, pair)
        figure.bound = bound
        return figure


def _figure_bound(figure) -> str | None:
    return figure.bound if isinstance(figure, _BoundedFigure) else None


def _clean(value: float) -> float:
    """A product without the binary rounding error of its last digits."""
    return float(f"{value:.12g}")


def _share_of(part: float, scale: float) -> Number:
    return Number(part * scale, part * scale, True, scale)


def _season_years(first: Number, second: Number) -> bool:
    """ "2015-16": a year, a dash and the next year's last two digits (a season)."""
    return 1800 <= first.value < 2200 and second.value == (first.value + 1) % 100


def _bound(bound: str) -> str | None:
    return None if bound == "EXACT" else bound


def _clock(hour: int, minute: int, ampm: str | None) -> tuple[int, int]:
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise Unreadable(f"no hour {hour} {ampm}")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        raise Unreadable("no time of day")
    return hour, minute


def _decade(token: Token) -> int:
    text = str(token).lstrip("'\u2019")[:-1]  # "1990", "80"
    return int(text) // 10 if len(text) == 4 else 190 + int(text) // 10


def _month_or_year(what: int | DateReading) -> DateReading:
    if isinstance(what, DateReading):
        return what
    return DateReading(month=what) if what <= 12 else DateReading(year=what)


def _with_year_shift(reading: DateReading, shift: int) -> DateReading:
    if reading.year is not None:
        raise Unreadable("a year given twice")
    return replace(reading, year_shift=shift)


def _in_utc(children: list) -> bool:
    """Whether a time's zone, if it gives one, is UTC: its TIMEX3 value then ends in Z."""
    return any(isinstance(x, str) and x in UTC_ZONES for x in children)


def _part_of(reading: DateReading, part: str) -> DateReading:
    if reading.part is not None or reading.day is not None:
        raise Unreadable("a part of a part")
    if part in ("H1", "H2") and reading.shift_unit not in (None, "year"):
        raise Unreadable("halves are of years")
    return replace(reading, part=part)


def _period(children: list, direction: str) -> PeriodReading:
    numbers = _numbers(children)
    amount = numbers[0] if numbers else Number(1)
    unit = children[-1]
    return PeriodReading(DurationReading(amount, amount, unit), unit, direction)
