"""The unit vocabulary: the unit words news writes, by canonical pint name.

Read from pint's definition file, so unit names and their canonical spelling are pint's.
The scanner lexes with it and the reader names units by it.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

from factcheck.resources import cached

# ISO 4217 codes that news writes beside a figure ("USD 5 million", "40bn EUR").
CURRENCY_CODES = frozenset(
    """USD EUR GBP JPY CNY RMB CHF CAD AUD NZD HKD SGD INR RUB BRL MXN ZAR KRW TRY SEK NOK
    DKK PLN CZK HUF RON ILS AED SAR QAR KWD BHD OMR EGP NGN KES GHS ETB PKR BDT LKR IDR MYR
    THB PHP VND TWD UAH ARS CLP COP IRR IQD SYP LBP JOD ISK""".split()
)

# The pint units news reports, with the SI prefixes each takes in news. A
# whitelist: pint also defines "point", "hand", "bag", "line" and other everyday
# words, and prefixed symbols such as "TV" (teravolt).
_KMG, _KMGT = ("kilo", "mega", "giga"), ("kilo", "mega", "giga", "tera")
NEWS_UNITS = {
    "meter": ("kilo", "centi", "milli", "micro", "nano"), "gram": ("kilo", "milli", "micro"),
    "liter": ("milli", "centi"), "watt": _KMGT, "watt_hour": _KMGT, "joule": _KMG,
    "calorie": ("kilo",), "byte": (*_KMGT, "peta"), "bit": _KMGT, "hertz": _KMG,
    "volt": ("kilo",), "pascal": ("kilo", "mega", "hecto"), "metric_ton": (), "ton": (),
    "inch": (), "foot": (), "yard": (), "mile": (), "nautical_mile": (), "acre": (),
    "hectare": (), "pound": (), "ounce": (), "stone": (), "gallon": (), "barrel": (),
    "degree_Celsius": (), "degree_Fahrenheit": (), "kelvin": (), "degree": (), "knot": (),
    "mile_per_hour": (), "kilometer_per_hour": (), "light_year": (), "square_mile": (),
    "square_foot": (), "square_inch": (), "square_yard": (), "cubic_foot": (),
    "cubic_inch": (), "cubic_yard": (), "horsepower": (), "carat": (), "pint": (),
    "quart": (), "tablespoon": (), "teaspoon": (), "fluid_ounce": (), "decibel": (),
    "cubic_centimeter": (), "pound_force_per_square_inch": (), "meter_per_second": (),
    "ampere": (),
}  # fmt: skip
# Spellings pint lacks or that clash with English: added, or never read as units.
EXTRA_NAMES = {
    "lbs": "pound", "kms": "kilometer", "sq": "square", "cu": "cubic",
    "kmph": "kilometer_per_hour", "kmh": "kilometer_per_hour",
}  # fmt: skip
# One-letter temperature scales, read only stuck to their number ("-10C")
EXTRA_SYMBOLS = {"C": "degree_Celsius", "F": "degree_Fahrenheit"}
NOT_UNITS = frozenset({"in", "cup", "pt", "cp", "kn", "kt", "at", "a", "deg", "amp", "amps"})
# Words that build a unit of several words ("square kilometres", "degrees Celsius").
POWERS = {"square": 2, "cubic": 3}


class UnitVocabulary:
    """Unit words → canonical pint names: `names` by lower case, `symbols` as written."""

    def __init__(self, names: dict[str, str], symbols: dict[str, str]):
        self.names = names
        self.symbols = symbols
        # Words that only build units: "square" kilometres, "nautical" miles
        self.parts = (
            frozenset(
                {w for name in names for w in name.split(" ")[:-1]} | set(POWERS) | set(EXTRA_NAMES)
            )
            - set(names)
            - NOT_UNITS
        )

    def lookup(self, words: list[str]) -> str | None:
        """The canonical name of a unit written as words ("square", "kilometres")."""
        if len(words) == 1 and words[0] in self.symbols:
            return self.symbols[words[0]]
        lowered = [w.lower() for w in words]
        whole = self.names.get(" ".join(lowered))
        if whole:
            return whole
        power = POWERS.get(EXTRA_NAMES.get(lowered[0], lowered[0]))
        if power and len(words) > 1:
            base = self.lookup(words[1:])
            return f"{base} ** {power}" if base and "**" not in base else None
        return None


@cache
def unit_vocabulary() -> UnitVocabulary:
    """The vocabulary, from the user's cache where this code and pint's definitions made
    it before (reading pint's file and spelling each unit is a tenth of start-up)."""
    return cached("units", vocabulary_key(), _vocabulary)


def vocabulary_key() -> list[str | bytes]:
    """What the vocabulary is made from: this module and pint's definitions file."""
    found = _definitions_file()
    where = "" if found is None else f"{found}:{found.stat().st_size}:{found.stat().st_mtime_ns}"
    return ["units 1", Path(__file__).read_bytes(), where]


def _vocabulary() -> UnitVocabulary:
    definitions = _pint_definitions()
    names: dict[str, str] = {}
    symbols: dict[str, str] = {}
    for unit, prefixes in NEWS_UNITS.items():
        if unit not in definitions:
            continue  # an older pint without it
        unit_names, unit_symbols = definitions[unit]
        _add(unit, unit_names, unit_symbols, names, symbols)
        for prefix in prefixes:
            prefix_names, prefix_symbols = definitions[prefix]
            _add(
                prefix + unit,
                [p + n for p in prefix_names for n in unit_names],
                [p + s for p in prefix_symbols for s in unit_symbols],
                names,
                symbols,
            )
    for word, unit in EXTRA_NAMES.items():
        names.setdefault(word, unit)
    for symbol, unit in EXTRA_SYMBOLS.items():
        symbols.setdefault(symbol, unit)
    for word in NOT_UNITS:
        names.pop(word, None)
        symbols.pop(word, None)
    return UnitVocabulary(names, symbols)


def _add(canonical: str, unit_names, unit_symbols, names, symbols) -> None:
    for name in unit_names:
        plain = name.replace("_", " ").lower()
        names.setdefault(plain, canonical)
        names.setdefault(_plural(plain), canonical)
    for symbol in unit_symbols:
        symbols.setdefault(symbol, canonical)


def _plural(name: str) -> str:
    """English plural of a unit name: the counted word takes the s ("miles per hour")."""
    words = name.split(" ")
    at = words.index("per") - 1 if "per" in words else 0 if words[0] == "degree" else -1
    word = words[at]
    if word.endswith(("s", "z", "x")) or word == "feet":
        return name
    words[at] = "feet" if word == "foot" else word + "es" if word.endswith("ch") else word + "s"
    return " ".join(words)


# "name = definition = symbol = alias = ..."; "prefix- = factor = symbol- = alias-"
_DEFINITION = re.compile(r"^\s*([A-Za-z_]\w*)(-?)\s*=\s*([^=#]*)((?:=[^=#]*)*)")


def _pint_definitions() -> dict[str, tuple[list[str], list[str]]]:
    """Each unit or prefix of pint's default definitions: (names, symbols).

    Read from the file itself, not through a UnitRegistry: building the registry
    takes a third of a second, reading the names a few milliseconds. A name is a
    lower-case word ("metre"); anything else ("km", "degC", "MPH") is a symbol,
    matched as written.
    """
    path = _definitions_file()
    if path is None:
        return {}
    found: dict[str, tuple[list[str], list[str]]] = {}
    skipping = False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith(("@context", "@system", "@defaults")):
            skipping = True
        elif stripped == "@end":
            skipping = False
        match = None if skipping else _DEFINITION.match(line)
        if match is None:
            continue
        name, _prefix, _definition, rest = match.groups()
        spellings = [x.strip().rstrip("-") for x in rest.split("=")[1:]]
        spellings = [x for x in spellings if x and x != "_"]
        names = [name] + [x for x in spellings if _is_name(x)]
        found.setdefault(name, (names, [x for x in spellings if not _is_name(x)]))
    return found


def _definitions_file() -> Path | None:
    spec = importlib.util.find_spec("pint")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "default_en.txt"


def _is_name(spelling: str) -> bool:
    return len(spelling) > 3 and spelling.replace("_", "").isalpha() and spelling.islower()


# How a value's unit is shown in messages, where pint's first symbol is not what news
# writes ("kph", "mps") or there is none.
LABELS = {
    "kilometer_per_hour": "km/h", "meter_per_second": "m/s", "percent": "%",
    "percentage_point": " points", "inch": " inches", "mile": " miles", "knot": " knots",
    "acre": " acres", "ton": " tons", "metric_ton": " tonnes", "degree": "°",
    "degree_Celsius": "°C", "degree_Fahrenheit": "°F", "foot": " feet", "yard": " yards",
    "gallon": " gallons", "barrel": " barrels", "pound": " pounds", "ounce": " ounces",
}  # fmt: skip
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def with_unit(number: str, unit: str | None) -> str:
    """A number as written with its unit: "193 km/h", "45%", "$5,000,000", "AUD 1,500,000"."""
    if not is_measure(unit):
        return number  # a count: its noun says what it counts ("23 people")
    if unit in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[unit] + number
    if unit in CURRENCY_CODES:
        return f"{unit} {number}"
    if "/" in unit and unit.split(" / ")[0] in CURRENCY_CODES:  # "USD / barrel"
        money, per = unit.split(" / ", 1)
        return f"{with_unit(number, money)} per {per}"
    label = LABELS.get(unit) or _symbol(unit)
    return number + label if label[0] in " %°" else f"{number} {label}"


@cache
def _symbol(unit: str) -> str:
    """A unit's shortest everyday symbol ("km", "mph"), or its name ("light year")."""
    if " ** " in unit:
        base, power = unit.split(" ** ")
        return _symbol(base) + {"2": "²", "3": "³"}.get(power, f"^{power}")
    symbols = [s for s, name in unit_vocabulary().symbols.items() if name == unit and "_" not in s]
    return min(symbols, key=len) if symbols else unit.replace("_", " ")


# Units the reader writes that pint's definitions do not give it: shares and money.
READER_UNITS = frozenset({"percent", "percentage_point"}) | CURRENCY_CODES
# The denominators of rates the reader writes: "USD / barrel" aside, "meter / second"
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})


@cache
def measure_names() -> frozenset[str]:
    """Every unit of measure or money the reader may give a figure."""
    vocabulary = unit_vocabulary()
    return READER_UNITS | set(vocabulary.names.values()) | set(vocabulary.symbols.values())


def is_measure(unit: str | None) -> bool:
    """A unit of measure or money ("kilometer_per_hour", "meter ** 2", "USD / barrel"),
    not the class of a counted noun ("person") that counts carry as their unit."""
    if unit is None:
        return False
    parts = unit.replace(" ** 2", "").replace(" ** 3", "").split(" / ")
    measures = measure_names()
    return parts[0] in measures and all(p in measures or p in TIME_UNITS for p in parts[1:])
