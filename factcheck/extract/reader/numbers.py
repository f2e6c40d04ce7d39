"""The reader's rules for numbers, amounts, units, money and ages."""

from __future__ import annotations

import re

from lark import Token

from factcheck.extract.reader.vocabulary import (
    _WORD_SPLIT,
    CARDINALS,
    CURRENCIES,
    DENOMINATORS,
    FRACTION_WORDS,
    MANY,
    MAX_EXPONENT,
    MONEY_SCALES,
    SCALES,
    UNIT_NAMES,
    VULGAR_FRACTIONS,
    _Bound,
    _bound,
    _BoundedFigure,
    _clean,
    _digits,
    _figure_bound,
    _numbers,
    _sane,
    _scaled_like,
    _season_years,
    _share_of,
    _Swapped,
    _word_number,
    _words,
)
from factcheck.extract.readings import BOUNDS, NotAClaim, Number, QuantityReading, Unreadable
from factcheck.extract.units import unit_vocabulary


class NumberRules:
    """Grammar rules → quantity readings: figures, ranges, bounds, units, money, ages."""

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
        if len(exponent.lstrip("+-")) > 3 or abs(int(exponent)) > MAX_EXPONENT:
            raise Unreadable(f"no figure is as large or as small as {text}")
        value = _sane(float(mantissa) * 10.0 ** int(exponent))
        return Number(value, abs(value) * 1e-3)

    def scale(self, c):
        return SCALES[_words(c)]

    def scaled(self, c):
        number, factor = c[0], 1
        for scale in c[1:]:
            factor *= scale
        value = _clean(_sane(number.value * factor))  # 65.6 * 1e6 is 65599999.99999999
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
        return {"h": "hour", "hr": "hour", "s": "second"}.get(word, word)

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

    def scaled_measure(self, c):
        """ "1.2m tons": the scale letter stuck to the figure, then the unit."""
        n, factor = _digits(c[0]), c[1]
        scaled = Number(n.value * factor, n.precision * factor, False, factor)
        return QuantityReading(scaled, scaled, None, c[2])

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

    def money_pair(self, c):
        """ "$89 to $93 billion": the scale word of the high end applies to both."""
        currency, low, high = str(c[0]), c[1], c[-1]
        if str(c[-2]) != currency:
            raise Unreadable("two currencies")
        unit = CURRENCIES.get(currency, currency)
        return QuantityReading(_scaled_like(low, high), high, None, unit)

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
        scaled = Number(_sane(n.value * factor), n.precision * factor, False, factor)
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
