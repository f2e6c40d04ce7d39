"""Find claims in running text: lex once, cut into runs of claim words, parse each run.

Every token of the article comes from the grammar's own lexer. Words the grammar
has no use for are WORD or OTHER; a run is a stretch of the other tokens. Within
a run the LALR parser is stepped token by token from each start, and the longest
prefix that forms a claim (and reads as a sensible value) wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lark import Token, Transformer
from lark.exceptions import UnexpectedInput, VisitError

from factcheck.grammar import FILLER, claim_parser, tokenize
from factcheck.readings import (
    BOUNDS,
    AgoReading,
    DateReading,
    DurationReading,
    Number,
    PeriodReading,
    QuantityReading,
    Reading,
    Unreadable,
)


@dataclass(frozen=True)
class Mention:
    """A claim as found: where it is, and what the grammar read."""

    start: int
    end: int
    first_token: int  # index into the document's token list
    last_token: int
    reading: Reading


def find_mentions(text: str, tokens: list[Token] | None = None) -> list[Mention]:
    tokens = tokenize(text) if tokens is None else tokens
    mentions: list[Mention] = []
    for run in _runs(text, tokens):
        mentions.extend(_parse_run(tokens, run))
    return mentions


def _runs(text: str, tokens: list[Token]) -> list[range]:
    """Maximal stretches of claim tokens, as index ranges into `tokens`."""
    runs: list[range] = []
    start = None
    for i, token in enumerate(tokens):
        usable = token.type not in FILLER and not _glued_to_word(tokens, i)
        if start is not None and (not usable or _paragraph_break(text, tokens[i - 1], token)):
            runs.append(range(start, i))
            start = None
        if usable and start is None:
            start = i
    if start is not None:
        runs.append(range(start, len(tokens)))
    return runs


def _glued_to_word(tokens: list[Token], i: int) -> bool:
    """A token stuck to a word is part of a name or code: "S-400", "1990s", "COVID19"."""
    token = tokens[i]
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if before is not None and before.end_pos == token.start_pos:
        if before.type == "WORD":
            return True
        if before.type == "DASH" and i > 1:
            word = tokens[i - 2]
            if word.type == "WORD" and word.end_pos == before.start_pos:
                return True
    return after is not None and after.type == "WORD" and after.start_pos == token.end_pos


def _paragraph_break(text: str, left: Token, right: Token) -> bool:
    return text.count("\n", left.end_pos, right.start_pos) > 1


def _parse_run(tokens: list[Token], run: range) -> list[Mention]:
    # News repeats its runs ("on Monday", "more than 2,000"), so parse each distinct
    # run once and place the result at every occurrence.
    words = tuple((t.type, str(t)) for t in tokens[run.start : run.stop])
    return [
        Mention(tokens[run.start + a].start_pos, tokens[run.start + b].end_pos, run.start + a,
                run.start + b, reading)
        for a, b, reading in _claims_in_run(words)
    ]  # fmt: skip


@lru_cache(maxsize=8192)
def _claims_in_run(words: tuple[tuple[str, str], ...]) -> tuple[tuple[int, int, Reading], ...]:
    """(first, last, reading) of each claim in a run, longest first from the left."""
    openers = _openers()
    tokens = [Token(kind, value) for kind, value in words]
    found = []
    i = 0
    while i < len(tokens):
        claim = _longest_claim(tokens, i) if tokens[i].type in openers else None
        if claim is None:
            i += 1
        else:
            found.append(claim)
            i = claim[1] + 1
    return tuple(found)


def _longest_claim(tokens: list[Token], first: int) -> tuple[int, int, Reading] | None:
    state = claim_parser().parse_interactive()
    complete: list[tuple[int, object]] = []
    for j in range(first, len(tokens)):
        try:
            state.feed_token(tokens[j])
        except UnexpectedInput:
            break
        if "$END" in state.choices():
            complete.append((j, state.copy()))
    for last, candidate in reversed(complete):
        try:
            return first, last, _READER.transform(candidate.feed_eof())
        except UnexpectedInput:
            continue
        except VisitError as error:
            if isinstance(error.orig_exc, Unreadable):
                continue  # "31 February": try a shorter reading
            raise
    return None


_OPENERS: frozenset[str] | None = None


def _openers() -> frozenset[str]:
    """Terminals that can begin a claim: the parse table's first state."""
    global _OPENERS
    if _OPENERS is None:
        _OPENERS = frozenset(claim_parser().parse_interactive().choices())
    return _OPENERS


# ------------------------------------------------------------------ reading

_UNITS_AND_TEENS = """zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen""".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
CARDINALS = {word: n for n, word in enumerate(_UNITS_AND_TEENS)}
CARDINALS.update({word: 10 * (i + 2) for i, word in enumerate(_TENS)})
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
}
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
RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
PARTS = {
    "early": "START",
    "beginning of": "START",
    "the beginning of": "START",
    "mid": "MID",
    "the middle of": "MID",
    "late": "END",
    "end of": "END",
    "the end of": "END",
}
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}
UNITS = {"%": "percent", "percent": "percent", "per cent": "percent"}


def _words(children: list) -> str:
    return " ".join(str(c).lower() for c in children if isinstance(c, Token))


def _digits(token: Token) -> Number:
    text = str(token).replace(",", "")
    value = float(text)
    if "." in text:
        precision = 10.0 ** -len(text.split(".")[1])
    else:
        stripped = text.rstrip("0")
        precision = 10.0 ** (len(text) - len(stripped)) if stripped else 1.0
    return Number(value, precision)


def _scaled(number: Number, scale: int) -> Number:
    return Number(number.value * scale, number.precision * scale, number.from_words)


def _day(value: Number) -> int:
    day = int(value.value)
    if value.value != day or not 1 <= day <= 31:
        raise Unreadable(f"no day {value.value:g}")
    return day


def _year(value: Number) -> int:
    year = int(value.value)
    if value.value != year or not 1000 <= year <= 2199:
        raise Unreadable(f"no year {value.value:g}")
    return year


def _ordinal_day(token: Token) -> int:
    return _day(Number(float(str(token)[:-2])))


class _Reader(Transformer):
    """Parse tree → reading. Raises Unreadable where the words make no sense as a value."""

    # numbers -----------------------------------------------------------
    def digits(self, c):
        return _digits(c[0])

    def scaled_digits(self, c):
        return _scaled(_digits(c[0]), c[1])

    def cardinal(self, c):
        word = str(c[0]).lower()
        if word in CARDINALS:
            return Number(CARDINALS[word], 1.0, True)
        tens, units = word.replace("\u2010", "-").replace("\u2011", "-").split("-")
        return Number(CARDINALS[tens] + CARDINALS[units], 1.0, True)

    def scale(self, c):
        return SCALES[_words(c)]

    def scaled_words(self, c):
        return _scaled(c[0], c[1])

    def a_scale(self, c):
        return Number(c[-1], c[-1], True)

    def half(self, _):
        return Number(0.5, 0.5, True)

    def and_a_half(self, c):
        whole = c[0]
        return Number(whole.value + 0.5, 0.5, True)

    def amount(self, c):
        return c[0]

    def figure(self, c):
        return (c[0], c[0])

    def range(self, c):
        lo, hi = [x for x in c if isinstance(x, Number)]
        if lo.value > hi.value:
            lo, hi = hi, lo
        return (lo, hi)

    # quantities --------------------------------------------------------
    def bound(self, c):
        return BOUNDS[_words(c)]

    def unit(self, c):
        return UNITS[_words(c)]

    def exact(self, c):
        (lo, hi), unit = c[0], (c[1] if len(c) > 1 else None)
        return QuantityReading(lo, hi, None, unit)

    def bounded(self, c):
        bound, (lo, hi) = c[0], c[1]
        return QuantityReading(lo, hi, bound, c[2] if len(c) > 2 else None)

    def plus(self, c):
        lo, hi = c[0]
        return QuantityReading(lo, hi, "PLUS")

    def money(self, c):
        lo, hi = c[1]
        return QuantityReading(lo, hi, None, CURRENCIES[str(c[0])])

    def bounded_money(self, c):
        lo, hi = c[2]
        return QuantityReading(lo, hi, c[0], CURRENCIES[str(c[1])])

    def quantity(self, c):
        return c[0]

    # dates --------------------------------------------------------------
    def month_full(self, c):
        return MONTHS[str(c[0]).lower()]

    month_abbr = may = month_full

    def month_name(self, c):
        return c[0]

    def weekday(self, c):
        return WEEKDAYS[str(c[0]).lower()]

    def relative_day(self, c):
        return DateReading(shift_unit="day", shift=RELATIVE_DAYS[str(c[0]).lower()])

    def part(self, c):
        return PARTS[_words(c)]

    def this_next_last(self, c):
        return str(c[0]).lower()

    def calendar_unit(self, c):
        return str(c[0]).lower()

    def month_number(self, c):
        month, value = c[0], _digits(c[1])
        if value.value >= 1000:
            return DateReading(year=_year(value), month=month)
        return DateReading(month=month, day=_day(value))

    def month_day_year(self, c):
        return DateReading(_year(_digits(c[2])), c[0], _day(_digits(c[1])))

    def day_month(self, c):
        return DateReading(month=c[1], day=_day(_digits(c[0])))

    def day_month_year(self, c):
        return DateReading(_year(_digits(c[2])), c[1], _day(_digits(c[0])))

    def ordinal_of_month(self, c):
        ordinal, month = (
            [x for x in c if isinstance(x, (Token, int))][-2:] if len(c) == 2 else c[:2]
        )
        year = _year(_digits(c[2])) if len(c) > 2 else None
        return DateReading(year, month, _ordinal_day(ordinal))

    def month_ordinal(self, c):
        year = _year(_digits(c[2])) if len(c) > 2 else None
        return DateReading(year, c[0], _ordinal_day(c[1]))

    def iso_date(self, c):
        year, month, day = (int(x) for x in str(c[0]).split("-"))
        if not 1 <= month <= 12:
            raise Unreadable(f"no month {month}")
        return DateReading(_year(Number(year)), month, _day(Number(day)))

    def calendar_date(self, c):
        return c[0]

    def last_year_date(self, c):
        d = c[0]
        if d.year is not None:
            raise Unreadable("a year given twice")
        return DateReading(month=d.month, day=d.day, year_shift=-1)

    def approx_date(self, c):
        return DateReading(month=c[0], day=_day(_digits(c[1])), approximate=True)

    def part_of_month(self, c):
        part, month = c[0], c[1]
        year = _year(_digits(c[2])) if len(c) > 2 else None
        return DateReading(year, month, part=part)

    def part_of_year(self, c):
        return DateReading(_year(_digits(c[1])), part=c[0])

    def this_unit(self, c):
        relation, unit = c
        return DateReading(relation=relation, shift_unit=unit, shift=_SHIFTS[relation])

    def this_weekday(self, c):
        return DateReading(weekday=c[1], relation=c[0])

    def this_month(self, c):
        return DateReading(month=c[1], relation=c[0])

    def date(self, c):
        item = c[0]
        return DateReading(weekday=item) if isinstance(item, int) else item

    # durations ------------------------------------------------------------
    def time_unit(self, c):
        return str(c[0]).lower().rstrip("s")

    def plain_duration(self, c):
        lo, hi = c[0] if isinstance(c[0], tuple) else (c[0], c[0])
        return DurationReading(lo, hi, c[-1])

    def bounded_duration(self, c):
        lo, hi = c[1]
        return DurationReading(lo, hi, c[2], bound=c[0])

    def one_duration(self, c):
        return DurationReading(Number(1), Number(1), c[-1])

    def few_duration(self, c):
        return DurationReading(Number(2), Number(7), c[-1], vague=True)

    def duration(self, c):
        return c[0]

    def ago(self, c):
        return AgoReading(c[0])

    def past_period(self, c):
        return _period(c, "past")

    def next_period(self, c):
        return _period(c, "next")

    def recent_period(self, c):
        return PeriodReading(None, c[-1], "recent")

    def period(self, c):
        return c[0]

    def start(self, c):
        return c[0]


_SHIFTS = {"this": 0, "next": 1, "last": -1}


def _period(children: list, direction: str) -> PeriodReading:
    numbers = [x for x in children if isinstance(x, Number)]
    amount = numbers[0] if numbers else Number(1)
    unit = children[-1]
    return PeriodReading(DurationReading(amount, amount, unit), unit, direction)


_READER = _Reader()
