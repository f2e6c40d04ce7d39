"""Parses → readings: what the words of a claim say, before any date is resolved.

The grammar (grammars/claims.lark) decides the shape of a claim; this transformer
turns each shape into a reading from factcheck/readings.py, with the vocabulary
tables the grammar's keywords map to. It raises Unreadable where the words parse
but make no sense as a value ("March 32"), so the extractor tries a shorter
reading.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lark import Token, Transformer

from factcheck.extract.readings import (
    BOUNDS,
    AgoReading,
    DateReading,
    DurationReading,
    NotAClaim,
    Number,
    PeriodReading,
    QuantityReading,
    SetReading,
    Unreadable,
)
from factcheck.extract.units import unit_vocabulary

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


def _digits(token: Token) -> Number:
    text = re.sub(r"[,\u00a0\u202f\u2009]", "", str(token))
    value = float(text)
    if "." in text:
        precision = 10.0 ** -len(text.split(".")[1])
    else:
        stripped = text.rstrip("0")
        precision = 10.0 ** (len(text) - len(stripped)) if stripped else 1.0
    return Number(value, precision)


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


class _Reader(Transformer):
    """Parse tree → reading. Raises Unreadable where the words make no sense as a value."""

    # numbers -----------------------------------------------------------
    def digits(self, c):
        text = str(c[0])
        if len(text) > 1 and text[0] == "0" and text[1].isdigit():
            raise NotAClaim(f"{text}: a code, not a number")
        return _digits(c[0])

    def negative(self, c):
        n = _digits(c[1]) if c[1].type == "DIGITS" else self.sci(c[1:])
        return Number(-n.value, n.precision)

    def minus(self, c):
        """ "minus 10 degrees" """
        n = _digits(c[0])
        return Number(-n.value, n.precision)

    def words(self, c):
        return _word_number(str(c[0]))

    def fraction_words(self, c):
        count, part = _WORD_SPLIT.split(str(c[0]).lower())
        value = CARDINALS[count] / FRACTION_WORDS[part.rstrip("s") if part != "halves" else part]
        return Number(value, value, True)

    def fraction(self, c):
        text = str(c[0])
        if text in VULGAR_FRACTIONS:
            return Number(VULGAR_FRACTIONS[text], 0.01)
        numerator, denominator = (int(x) for x in text.split("/"))
        if denominator not in DENOMINATORS or not 0 < numerator < denominator:
            raise NotAClaim(f"{text} is no fraction")
        return Number(numerator / denominator, 0.01)

    def mixed(self, c):
        whole, part = _digits(c[0]), self.fraction([c[1]])
        return Number(whole.value + part.value, part.precision)

    def sci(self, c):
        text = re.sub(r"\s", "", str(c[0])).replace("\u2212", "-").replace("^", "")
        mantissa, _, exponent = re.split(r"([eE]|[x\u00d7]10)", text, maxsplit=1)
        if abs(int(exponent)) > MAX_EXPONENT:
            raise Unreadable(f"no figure is as large or as small as {text}")
        value = float(mantissa) * 10.0 ** int(exponent)
        return Number(value, abs(value) * 1e-3)

    def scale(self, c):
        return SCALES[_words(c)]

    def scaled(self, c):
        number, factor = c[0], 1
        for scale in c[1:]:
            factor *= scale
        value = _clean(number.value * factor)  # 65.6 * 1e6 is 65599999.99999999
        return Number(value, number.precision * factor, number.from_words, factor)

    def half(self, _):
        return Number(0.5, 0.5, True)

    def part_of_scale(self, c):
        """ "half a million", "half a dozen", "two-thirds of a billion" """
        whole = str(c[-1]).lower()
        if not whole.startswith(("a ", "a-")):
            raise Unreadable(f"{whole}: a part of one scale word")
        part = self.fraction_words(c[:1]).value if len(c) > 1 else 0.5  # "half" is dropped
        return _share_of(part, _word_number(whole).value)

    def quarter_scale(self, c):
        """ "a quarter million" """
        return _share_of(0.25, c[-1])

    def and_a_half(self, c):
        whole = c[0]
        return Number(whole.value + 0.5 * whole.scale, 0.5 * whole.scale, True, whole.scale)

    def amount(self, c):
        return c[0]

    def figure(self, c):
        return (c[0], c[0])

    def range(self, c):
        lo, hi = _numbers(c)
        lo = _scaled_like(lo, hi)
        if lo.value > hi.value:
            dashed = any(isinstance(x, Token) and x.type == "DASH" for x in c)
            if dashed and _season_years(lo, hi):
                return (lo, Number(lo.value + 1))  # "2015-16": the years 2015 and 2016
            return _Swapped((hi, lo)) if dashed else (hi, lo)
        return (lo, hi)

    def plus_minus(self, c):
        mid, err = _numbers(c)
        lo = Number(mid.value - err.value, err.precision)
        hi = Number(mid.value + err.value, err.precision)
        return (lo, hi)

    # quantities --------------------------------------------------------
    def bound(self, c):
        return BOUNDS[_words(c)] or "EXACT"

    def suffix_bound(self, c):
        return c[0] if isinstance(c[0], _Bound) else BOUNDS[_words(c)]

    def or_bound(self, c):
        return _Bound(BOUNDS[_words(c)])

    def or_bounded(self, c):
        return _BoundedFigure((c[0], c[0]), c[1])

    def percent(self, _):
        return "percent"

    def points(self, _):
        return "percentage_point"

    def unit(self, c):
        return c[0]

    def unit_words(self, c):
        return [str(t) for t in c]

    def measure(self, c):
        name = unit_vocabulary().lookup(c[0])
        if name is None:
            raise Unreadable(f"no unit {' '.join(c[0])}")
        return name

    def per(self, c):
        top = unit_vocabulary().lookup(c[0])
        bottom = c[-1] if isinstance(c[-1], str) else unit_vocabulary().lookup(c[-1])
        if top is None or bottom is None:
            raise Unreadable("no unit")
        joined = unit_vocabulary().names.get(f"{top} per {bottom}".replace("_", " "))
        return joined or f"{top} / {bottom}"

    def per_time(self, c):
        word = str(c[0]).lower()
        return "hour" if word in ("h", "hr") else word

    def degree(self, c):
        symbol = re.sub(r"\s", "", str(c[0]))
        if len(c) > 1:
            name = unit_vocabulary().lookup(["degree", *c[1]])
        else:
            name = unit_vocabulary().symbols.get(symbol, "degree")
        if name is None:
            raise Unreadable("no unit")
        return name

    def exact(self, c):
        (lo, hi), unit = c[0], (c[1] if len(c) > 1 else None)
        if unit is None and isinstance(c[0], _Swapped):
            raise NotAClaim("a score, not a range: 'won 3-1', 'a 5-4 ruling'")
        return QuantityReading(lo, hi, _figure_bound(c[0]), unit)

    def bounded(self, c):
        bound, (lo, hi) = c[0], c[1]
        # "about 500 or more": the bound after the figure says which way it runs
        bound = _figure_bound(c[1]) or _bound(bound)
        return QuantityReading(lo, hi, bound, c[2] if len(c) > 2 else None)

    def bounded_after(self, c):
        (lo, hi), bound = c[0], c[-1]
        return QuantityReading(lo, hi, bound, c[1] if len(c) > 2 else None)

    def dashed_suffix(self, c):
        return QuantityReading(c[0], c[0], BOUNDS[_words(c[-1:])])

    def dashed_measure(self, c):
        """ "a 3.5-inch screen", "the 100-metre final" """
        return QuantityReading(c[0], c[0], None, c[-1])

    def dash_suffix(self, c):
        return c[0]

    def plus(self, c):
        lo, hi = c[0]
        return QuantityReading(lo, hi, "PLUS")

    def unit_range(self, c):
        figures = [x for x in c if isinstance(x, tuple)]
        numbers = [x for x in c if isinstance(x, Number)]
        units = [x for x in c if isinstance(x, str) and not isinstance(x, Token)]
        if figures:
            (lo, _), (_, hi) = figures
        else:
            lo, hi = numbers
        if units[0] != units[-1]:
            raise Unreadable("two units")
        if lo.value > hi.value:
            lo, hi = hi, lo
        return QuantityReading(lo, hi, None, units[-1])

    def range_sep(self, c):
        return c[0]

    def many(self, c):
        lo, hi = MANY[_words(c)]
        return QuantityReading(Number(lo, lo), Number(hi, lo), "APPROX")

    def bounded_many(self, c):
        many = c[1]
        return QuantityReading(many.lo, many.hi, _bound(c[0]) or "APPROX")

    def money_before(self, c):
        lo, hi = c[1]
        return QuantityReading(lo, hi, _figure_bound(c[1]), CURRENCIES.get(str(c[0]), str(c[0])))

    def money_after(self, c):
        lo, hi = c[0]
        return QuantityReading(lo, hi, _figure_bound(c[0]), CURRENCIES.get(c[1], str(c[1])))

    def currency_word(self, c):
        return _words(c)

    def money_figure(self, c):
        return c[0]

    def money_scale(self, c):
        return MONEY_SCALES[_words(c)]

    def money_scaled(self, c):
        n = _digits(c[0])
        factor = c[1]
        scaled = Number(n.value * factor, n.precision * factor, False, factor)
        return (scaled, scaled)

    def bounded_money(self, c):
        money = c[1]
        return QuantityReading(money.lo, money.hi, _bound(c[0]), money.unit)

    def money_bounded_after(self, c):
        money = c[0]
        return QuantityReading(money.lo, money.hi, c[1], money.unit)

    def money_range(self, c):
        first, second = [x for x in c if isinstance(x, QuantityReading)]
        if first.unit != second.unit:
            raise Unreadable("two currencies")
        lo, hi = _scaled_like(first.lo, second.hi), second.hi
        if lo.value > hi.value:
            lo, hi = hi, lo
        return QuantityReading(lo, hi, None, first.unit)

    def money_per(self, c):
        money = c[0]
        return QuantityReading(money.lo, money.hi, money.bound, f"{money.unit} / {c[-1]}")

    def age(self, c):
        figure = next(x for x in c if isinstance(x, (tuple, Number)))
        lo, hi = figure if isinstance(figure, tuple) else (figure, figure)
        bound = c[0] if isinstance(c[0], str) and not isinstance(c[0], Token) else None
        unit = next(
            x for x in c if isinstance(x, str) and not isinstance(x, Token) and x in UNIT_NAMES
        )
        return QuantityReading(lo, hi, _bound(bound) if bound else None, unit)

    def one_unit(self, c):
        return QuantityReading(Number(1), Number(1), None, c[-1])

    def anniversary(self, c):
        """ "the fifth anniversary": an ordinal that counts years."""
        n = c[0] if isinstance(c[0], int) else int(str(c[0])[:-2])
        return QuantityReading(Number(n), Number(n), None, "year")

    def quantity(self, c):
        return c[0]

    # dates --------------------------------------------------------------
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
        year, month, day = (int(x) for x in str(c[0]).split("-"))
        if not 1 <= month <= 12:
            raise Unreadable(f"no month {month}")
        return DateReading(_year(year), month, _day(day))

    def slash_date(self, c):
        text = str(c[0])
        first, second, year = (int(x) for x in re.split(r"[/.]", text))
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
        # Slashes are read the American way (month first), dots the European way,
        # unless the numbers allow only the other.
        month_first = "/" in text
        if (first if month_first else second) > 12:
            month_first = not month_first
        month, day = (first, second) if month_first else (second, first)
        if not 1 <= month <= 12:
            raise Unreadable(f"no month {month}")
        return DateReading(_year(year), month, _day(day))

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
        date = next(x for x in c if isinstance(x, DateReading))
        return replace(date, weekday=c[0]) if date.year is None else date

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
    def set_adverb(self, c):
        return SetReading(SETS[_words(c)])

    calendar_unit_one = calendar_unit

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


READER = _Reader()
