"""Units through pint: which units measure the same thing, and values converted between them.

"120 mph" and "193 km/h" are one speed, "250 mm" and "10 inches" one depth: a check
compares them in one unit. pint's registry takes most of a second to build, so it is
built once, and only when a run meets two units that differ (or a rule names a unit the
reader's vocabulary lacks); a set in one unit never builds it.

Currencies are units of their own: dollars and euros are compared only where a rule file
gives exchange rates (`Converter(rates)`), as of a date and from a named source.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import replace
from functools import cache

from factcheck.extract.units import (
    CURRENCY_CODES,
    READER_UNITS,
    is_measure,
    measure_names,
    unit_vocabulary,
)
from factcheck.model import Quantity

# Spellings a rule author may write that the vocabulary does not list as symbols.
RULE_SPELLINGS = {
    "%": "percent",
    "km/h": "kilometer_per_hour",
    "kmh": "kilometer_per_hour",
    "m/s": "meter_per_second",
    "points": "percentage_point",
    "percentage points": "percentage_point",
}


@cache
def registry():
    import pint  # imported here: most runs never need it

    return pint.UnitRegistry()


class UnknownUnit(ValueError):
    pass


def canonical_unit(name: str) -> str:
    """A unit as a rule names it ("mph", "miles_per_hour", "km/h") → the reader's name for
    it ("mile_per_hour"); UnknownUnit with a "did you mean" for a name nothing knows."""
    vocabulary = unit_vocabulary()
    known = measure_names()
    if name in known:
        return name
    spelled = RULE_SPELLINGS.get(name.lower()) or vocabulary.lookup(name.replace("_", " ").split())
    if spelled:
        return spelled
    try:  # pint's own spellings of units the reader knows: "kilometre", "metre ** 2"
        parsed = str(registry().parse_units(name))
    except Exception:  # pint raises several kinds for a name it cannot read
        parsed = None
    if parsed in known:
        return parsed
    spellings = sorted(
        known | set(vocabulary.names) | set(vocabulary.symbols) | RULE_SPELLINGS.keys()
    )
    close = difflib.get_close_matches(name, spellings, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    what = (
        f"pint reads it as {parsed}, which articles are never read in"
        if parsed
        else "pint does not define it"
    )
    raise UnknownUnit(f"unknown unit '{name}' ({what}){hint}")


class Converter:
    """Which units can be converted into each other, and the conversions: worked out once
    per pair of units and kept."""

    def __init__(self, rates: Mapping[str, float] | None = None):
        # Currency → units of it per unit of the rates' base currency (the base itself: 1).
        self.rates = dict(rates or {})
        self._dimensions: dict[str, str] = {}
        self._factors: dict[tuple[str, str], tuple[float, float]] = {}

    def dimension(self, unit: str | None) -> str | None:
        """What a unit measures: units with one dimension convert into each other. A
        dimensionless one ("percent", "degree") and a currency without a rate each measure
        only themselves; a count ("23 people": its unit is the counted noun's class) and
        a figure without a unit measure nothing (None)."""
        if not is_measure(unit):
            return None
        if unit not in self._dimensions:
            self._dimensions[unit] = self._dimension(unit)
        return self._dimensions[unit]

    def _dimension(self, unit: str) -> str:
        if unit in CURRENCY_CODES:
            return "[currency]" if unit in self.rates else unit
        if unit in READER_UNITS:
            return unit
        try:
            dimensionality = registry().get_dimensionality(unit)
        except Exception:  # a noun the reader took as a unit: comparable with itself only
            return unit
        return str(dimensionality) if dimensionality else unit

    def convert(self, value: Quantity, unit: str | None) -> Quantity:
        """The value in `unit` (which must measure the same thing), its written precision
        converted with it: "120 mph" (to the nearest 10) is 193 km/h to the nearest 16."""
        if value.unit == unit or value.unit is None or unit is None:
            return value
        scale, offset = self._factor(value.unit, unit)

        def to(x: float | None) -> float | None:
            return None if x is None else x * scale + offset

        return replace(
            value, lo=to(value.lo), hi=to(value.hi), unit=unit, precision=value.precision * scale
        )

    def _factor(self, source: str, target: str) -> tuple[float, float]:
        """Scale and offset (temperatures have one) from one unit to another."""
        if (source, target) not in self._factors:
            if source in self.rates:
                self._factors[source, target] = (self.rates[target] / self.rates[source], 0.0)
            else:
                quantity = registry().Quantity
                zero = quantity(0.0, source).to(target).magnitude
                one = quantity(1.0, source).to(target).magnitude
                self._factors[source, target] = (one - zero, zero)
        return self._factors[source, target]


@cache
def base_unit(unit: str | None) -> str | None:
    """One unit for everything a unit can be converted into, pint's base unit of its
    dimension: "mile_per_hour" and "kilometer_per_hour" are both "meter / second",
    "inch" and "millimeter" "meter". Percentages, currencies, a count's noun class and
    what pint cannot read stand for themselves (pint is not loaded for them)."""
    if not is_measure(unit) or unit in READER_UNITS:
        return unit
    try:
        return str(registry().get_base_units(unit)[1])
    except Exception:  # pint raises several kinds for a name it cannot read
        return unit
