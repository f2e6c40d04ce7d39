"""The claim grammar, built once per process, its scanner, and the bundled resources.

The scanner lexes a whole article in one regex pass with the grammar's own
terminals. A WORD the grammar spells out becomes that keyword; a WORD in the unit
vocabulary becomes UNIT, an ISO 4217 code CODE. The unit vocabulary is read from
pint's definition file, so unit names and their canonical spelling are pint's.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import cache
from pathlib import Path

import lark
from lark.lexer import PatternStr

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """A bundled resource folder: inside the package when installed, beside it in a checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found near {PACKAGE_DIR}")


@cache
def claim_parser() -> lark.Lark:
    source = (bundled("grammars") / "claims.lark").read_text(encoding="utf-8")
    # LALR: a parse table that is cheap to step through token by token. The
    # tokens come from `tokenize`, so Lark's own lexer is never run. Building the
    # table is most of start-up, so Lark keeps it in the user's cache, keyed by the
    # grammar, the options and the versions of Lark and Python.
    return lark.Lark(
        source,
        parser="lalr",
        lexer="basic",
        maybe_placeholders=False,
        postlex=_KeepFiller(),
        cache=_cache_file(),
    )


def _cache_file() -> str | bool:
    """A file in the user's cache for Lark's analysed grammar; False where there is none."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "factcheck")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.path.join(folder, f"claims-lark-{lark.__version__}.cache")


class _KeepFiller:
    """Keeps WORD and OTHER in the lexer although no rule uses them: they end runs."""

    always_accept = ("WORD", "OTHER")

    def process(self, stream):
        return stream


# Terminals that stand for "not part of any claim" and end a run of claim words.
FILLER = frozenset({"WORD", "OTHER"})
IGNORED = "WS"
# Terminals that begin with a word ("twenty-five", "two-thirds"), in Lark's order.
# They are tried only where a word can begin them: at every word they would cost
# the scanner two thirds of its time.
WORD_LED = ("FRACWORDS", "NUMWORDS")


# Strings WORD matches at their start, to find the terminals that compete with it
WORD_PROBES = ("US$", "Ab", "\u00bd", "\u2153", "\u00e9t\u00e9", "\u00b5g")


class Word(str):
    """A token: its text, its terminal (`type`) and where it is, as Lark's Token has
    them, at a third of the cost of making one."""

    __slots__ = ("end_pos", "start_pos", "type")


def tokenize(text: str) -> list[Word]:
    """Every token of a text, as the grammar's lexer would give them, in one regex pass.

    Lark's basic lexer works token by token in Python; this scanner compiles the same
    terminals into one pattern (in Lark's order, whitespace left to the regex engine)
    and reads keywords from a dict, as Lark does for strings its WORD terminal also
    matches.
    """
    pattern, keywords, word_led = _scanner()
    exact = _exact_words()
    new = str.__new__
    tokens: list[Word] = []
    append = tokens.append
    skip_to = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start < skip_to:
            continue  # inside a number in words
        kind = match.lastgroup
        value = match.group()
        if kind == "WORD":
            lower = value.lower()
            kind = keywords.get(lower)
            if lower in word_led:
                found = _word_led(word_led[lower], text, start)
                if found:
                    kind, skip_to = found
                    value, end = text[start:skip_to], skip_to
            if kind is None:
                kind = exact.get(value, "WORD")
                if kind == "SYMBOL":
                    # A one-letter symbol is a unit only stuck to its number: "500m".
                    kind = "UNIT" if start and text[start - 1].isdigit() else "WORD"
        token = new(Word, value)
        token.type = kind
        token.start_pos = start
        token.end_pos = end
        append(token)
    return tokens


def _word_led(terminals, text: str, start: int) -> tuple[str, int] | None:
    for name, regex in terminals:
        match = regex.match(text, start)
        if match:
            return name, match.end()
    return None


@cache
def _exact_words() -> dict[str, str]:
    """Unit symbols and currency codes, matched as written ("MW", not "mw")."""
    words = dict.fromkeys(CURRENCY_CODES, "CODE")
    for symbol in unit_vocabulary().symbols:
        words[symbol] = "UNIT" if len(symbol) > 1 else "SYMBOL"
    return words


@cache
def _scanner() -> tuple[re.Pattern, dict[str, str], dict[str, tuple]]:
    terminals = list(claim_parser().terminals)
    keywords = {
        t.pattern.value.lower(): t.name
        for t in terminals
        if isinstance(t.pattern, PatternStr) and t.pattern.value.isalpha()
    }
    others = [
        t
        for t in terminals
        if t.pattern.value.lower() not in keywords and t.name not in (IGNORED, *WORD_LED)
    ]
    others.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    # Most tokens are words: WORD goes first but for the terminals that may also begin
    # with a letter ("US$"), which keep their place before it.
    lettered = [t for t in others if any(re.match(t.pattern.to_regexp(), p) for p in WORD_PROBES)]
    others = lettered + [t for t in others if t not in lettered]
    alternation = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in others)
    # Unit names are keywords of the UNIT terminal: one dict lookup a word.
    units = unit_vocabulary()
    for word in (*units.names, *units.parts):
        keywords.setdefault(word, "UNIT")
    led = [t for t in terminals if t.name in WORD_LED]
    led.sort(key=lambda t: -t.priority)
    compiled = [(t.name, re.compile(t.pattern.to_regexp())) for t in led]
    return re.compile(alternation), keywords, _starters(compiled)


def _starters(compiled: list[tuple[str, re.Pattern]]) -> dict[str, tuple]:
    """The words that can begin a word-led terminal: those of its own pattern that,
    alone or before a scale or fraction word, it matches."""
    words = {w for _, regex in compiled for w in re.findall(r"[a-z]+", regex.pattern)}
    probes = ("", " hundred", " half", "-quarter")
    starters = {w for w in words if any(r.match(w + p) for _, r in compiled for p in probes)}
    return {w: tuple(compiled) for w in starters}


# ------------------------------------------------------------------ units

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
EXTRA_NAMES = {"lbs": "pound", "kms": "kilometer", "sq": "square", "cu": "cubic"}
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
    spec = importlib.util.find_spec("pint")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "default_en.txt"
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


def _is_name(spelling: str) -> bool:
    return len(spelling) > 3 and spelling.replace("_", "").isalpha() and spelling.islower()
