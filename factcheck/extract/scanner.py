"""The scanner: an article's tokens, lexed with the grammar's own terminals.

Lark's lexer steps token by token in Python. This scanner joins the same terminals
into one regular expression (in Lark's order) and splits the whole text with it, so
the tokens come out of C as plain lists: their text, lower case, terminal and
offsets. Only the tokens a table lookup cannot name (figures, a minus or degree
sign, number words of several words) are looked at one by one. A WORD the grammar
spells out becomes that keyword; a WORD in the unit vocabulary becomes UNIT, an
ISO 4217 code CODE.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, compress, count
from pathlib import Path

from lark.lexer import PatternStr

from factcheck.extract.grammar import IGNORED, claim_grammar, grammar_key
from factcheck.extract.units import CURRENCY_CODES, unit_vocabulary, vocabulary_key
from factcheck.resources import cached

# Terminals that begin with a word ("twenty-five", "two-thirds"), in Lark's order.
# They are tried only where a word can begin them: at every word they would cost
# the scanner two thirds of its time.
WORD_LED = ("FRACWORDS", "NUMWORDS")
DASH_MARKS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
UNNAMED = frozenset({None, "SYMBOL"})
SCALE_LETTERS = frozenset({"m", "t"})  # scale words ("$5m") that are also unit symbols
# Tokens from which a text's words are held once each (`_shared`): below, what the
# sharing saves is freed with the article anyway, and it costs a tenth of the scan.
SHARED_FROM = 20_000
PER_TIME_SYMBOL = re.compile(r"/[sh](?![^\W\d_])")  # kinds a dict lookup leaves open
# Strings WORD matches at their start, to find the terminals that compete with it
WORD_PROBES = ("US$", "Ab", "\u00bd", "\u2153", "\u00e9t\u00e9", "\u00b5g", "Q3")


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's tokens as parallel columns: token i is words[i], of terminal kinds[i],
    at text[starts[i]:ends[i]]. The columns are tuples, which the garbage collector
    stops tracking once it sees they hold only strings and numbers: as lists, every
    full collection during a long text's reading would walk every token again. (`lower`
    stays a list: the readers compare slices of it with lists.)"""

    words: tuple[str, ...]
    lower: list[str]
    kinds: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)


@dataclass(frozen=True, slots=True)
class _Columns:
    """The tokens as lists, while number words of several tokens are merged."""

    words: list[str]
    lower: list[str]
    kinds: list[str]
    starts: list[int]
    ends: list[int]


def where(flags: Iterable[bool]) -> list[int]:
    """The indices of the true flags: a filter over every token that runs in C."""
    return list(compress(count(), flags))


@dataclass(frozen=True)
class _Scanner:
    splitter: re.Pattern  # the terminals as one group: split() gives gap, token, gap, ...
    named: re.Pattern  # the same with a named group a terminal, to name one token
    keywords: dict[str, str]  # lower-case word → terminal
    exact: dict[str, str]  # unit symbols, currency codes and marks, as written
    word_led: tuple[tuple[str, re.Pattern], ...]  # the terminals that begin with a word
    starters: dict[str, frozenset[str] | None]  # first word → the words it needs next


def tokenize(text: str) -> Tokens:
    """Every token of a text, as the grammar's lexer would give them."""
    scanner = _scanner()
    parts = scanner.splitter.split(text)
    bounds = list(accumulate(map(len, parts)))
    starts = bounds[0:-1:2]
    ends = bounds[1::2]
    words = parts[1::2]
    if len(words) > SHARED_FROM:
        words, lower = _shared(words)
    else:
        lower = list(map(str.lower, words))
    del parts, bounds  # freed before the columns are copied into tuples: a lower peak
    # A keyword, else a symbol, code or common mark as written, else WORD for a word;
    # None for a figure, named one by one below.
    plain = map({True: "WORD"}.get, map(str.isalpha, words))
    kinds = list(map(scanner.exact.get, words, map(scanner.keywords.get, lower, plain)))
    for i in where(map(UNNAMED.__contains__, kinds)):
        if kinds[i] is None:
            kinds[i] = scanner.named.match(text, starts[i]).lastgroup
        else:
            # A one-letter symbol is a unit only stuck to its number ("500m") or before a
            # slash after one ("45 m/s").
            kinds[i] = "UNIT" if _one_letter_unit(text, starts[i], ends[i]) else "WORD"
    # A scale letter before a slash and a time ("45 m/s", "5 t/h") is a rate, not millions.
    # Such slashes are rare: found in the text, not by looking at every word.
    for slash in PER_TIME_SYMBOL.finditer(text):
        i = bisect.bisect_left(ends, slash.start())  # the token the slash follows
        if words[i] in SCALE_LETTERS and _one_letter_unit(text, starts[i], ends[i]):
            kinds[i] = "UNIT"
            if lower[i + 2] == "s":  # "s" alone is no keyword: it would break "S-400"
                kinds[i + 2] = scanner.keywords["second"]
    starters = scanner.starters
    merged: list[tuple[int, int]] = []  # (token, new end) of number words of several tokens
    for i in where(map(starters.__contains__, lower)):
        needs = starters[lower[i]]
        if needs is not None and (i + 1 == len(lower) or lower[i + 1] not in needs):
            continue  # "a" before no scale or fraction word: "a house"
        found = _word_led(scanner.word_led, text, starts[i])
        if found:
            kinds[i] = found[0]
            merged.append((i, found[1]))
    return _merge(_Columns(words, lower, kinds, starts, ends), text, merged)


def _shared(words: list[str]) -> tuple[list[str], list[str]]:
    """The words, and their lower case, with one string for each distinct one. A text
    repeats a few thousand words: a string of its own for every token, and another for
    its lower case, were most of a long text's token memory. Everything here runs in C:
    only the distinct words are lowered, and a lower case that is itself one of the
    words ("the" of "The") is that word's string."""
    same = dict(zip(words, words, strict=True))
    distinct = list(same)
    lowered = list(map(str.lower, distinct))
    lower_of = dict(zip(distinct, map(same.get, lowered, lowered), strict=True))
    return list(map(same.__getitem__, words)), list(map(lower_of.__getitem__, words))


def _one_letter_unit(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    if before[-1:].isdigit():
        return True
    return before[:1].isdigit() and before[-1:] == " " and text[end : end + 1] == "/"


def _word_led(terminals, text: str, start: int) -> tuple[str, int] | None:
    for name, regex in terminals:
        match = regex.match(text, start)
        if match:
            return name, match.end()
    return None


def _merge(tokens: _Columns, text: str, merged: list[tuple[int, int]]) -> Tokens:
    """The tokens with each number word of several tokens ("twenty-five") made one,
    spliced from the end so that earlier indices hold."""
    words, lower, starts, ends = tokens.words, tokens.lower, tokens.starts, tokens.ends
    outer, reach = [], 0
    for i, end in merged:
        if starts[i] >= reach:  # not a word inside the number before: "twenty-[three]"
            outer.append((i, end))
            reach = end
    for i, end in reversed(outer):
        inside = bisect.bisect_left(starts, end, i + 1)
        for column in (words, lower, tokens.kinds, starts, ends):
            del column[i + 1 : inside]
        ends[i] = end
        words[i] = text[starts[i] : end]
        lower[i] = words[i].lower()
    return Tokens(tuple(words), lower, tuple(tokens.kinds), tuple(starts), tuple(ends))


@cache
def _scanner() -> _Scanner:
    """The scanner, from the user's cache where the same grammar, vocabulary and code
    made it before: only its regular expressions are compiled again."""
    key = [*grammar_key(), Path(__file__).read_bytes(), *vocabulary_key()]
    return cached("scanner", key, _build)


def _build() -> _Scanner:
    terminals = list(claim_grammar().terminals)
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
    named = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in others)
    plain = "|".join(_without_groups(t.pattern.to_regexp()) for t in others)
    # Unit names are keywords of the UNIT terminal: one dict lookup a word.
    units = unit_vocabulary()
    for word in (*units.names, *units.parts):
        keywords.setdefault(word, "UNIT")
    exact = dict.fromkeys(CURRENCY_CODES, "CODE")
    for symbol in units.symbols:
        exact[symbol] = "UNIT" if len(symbol) > 1 else "SYMBOL"
    for symbol in [s for s in exact if s.lower() in keywords]:
        del exact[symbol]  # a keyword wins: looked up after it, the symbol would not
    led = [t for t in terminals if t.name in WORD_LED]
    led.sort(key=lambda t: -t.priority)
    compiled = tuple((t.name, re.compile(t.pattern.to_regexp())) for t in led)
    named_terminals = re.compile(named)
    exact.update(_marks(others, named_terminals))
    # The look-ahead lets the regex engine pass over white space without trying
    # every terminal at each blank.
    return _Scanner(
        re.compile(rf"(?=\S)({plain})"),
        named_terminals,
        keywords,
        exact,
        compiled,
        _starters(compiled),
    )


# The marks news uses, looked up rather than matched
MARKS = string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00b0\u2022"
PROBES = ("", " ", "5", "x", "C")  # what may follow a mark


def _marks(terminals, named: re.Pattern) -> dict[str, str]:
    """Each mark's terminal, where it is the same wherever the mark stands. Not where a
    terminal that looks around itself may match the mark alone: "-" before a figure is
    MINUS, else DASH; "°" before a letter is no DEGREE."""
    looking = [
        re.compile(t.pattern.to_regexp())
        for t in terminals
        if re.search(r"\(\?<?[=!]", t.pattern.to_regexp())
    ]
    marks = {}
    for mark in MARKS:
        alone = any(
            (m := regex.match(mark + after)) and m.end() == 1
            for regex in looking
            for after in PROBES
        )
        match = named.fullmatch(mark)
        if not alone and match:
            marks[mark] = match.lastgroup
    return marks


def _starters(compiled: tuple[tuple[str, re.Pattern], ...]) -> dict[str, frozenset[str] | None]:
    """The words that can begin a word-led terminal: those of its own pattern that,
    alone or before a scale or fraction word, it matches. A word that is no number alone
    ("a") comes with the words one of the terminals needs next; the others with None."""
    words = {w for _, regex in compiled for w in re.findall(r"[a-z]+", regex.pattern)}
    probes = ("", " hundred", " half", "-quarter")
    starters = {w for w in words if any(r.match(w + p) for _, r in compiled for p in probes)}
    # the pattern's words, also without a last letter it may leave out ("quarters?")
    follow = frozenset(words | {w[:-1] for w in words} | set(DASH_MARKS))
    return {w: None if any(r.fullmatch(w) for _, r in compiled) else follow for w in starters}


def _without_groups(pattern: str) -> str:
    """A pattern with its capturing groups made non-capturing, so that split() returns
    the whole token and nothing else."""
    out = []
    i = 0
    in_class = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # "[]...]" and "[^]...]": a first "]" is a member, not the end
            prefix = re.match(r"\[\^?\]?", pattern[i:]).group()
            out.append(prefix)
            i += len(prefix)
            continue
        elif char == "(" and not pattern.startswith("(?", i):
            out.append("(?:")
            i += 1
            continue
        elif pattern.startswith("(?P<", i):
            out.append("(?:")
            i = pattern.index(">", i) + 1
            continue
        out.append(char)
        i += 1
    return "".join(out)
