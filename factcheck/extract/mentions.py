"""Find claims in running text: lex once, cut into runs of claim words, parse each run.

The tokens come from the scanner, lexed with the grammar's own terminals. Words the
grammar has no use for are WORD or OTHER; a run is a stretch of the other tokens. Within
a run the LALR parser is stepped token by token from each start, and the longest
prefix that forms a claim (and reads as a sensible value) wins.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import chain, compress, count, filterfalse, islice, repeat
from operator import eq, ne, not_, or_

from lark import Token

from factcheck.extract.grammar import FILLER, Steps, claim_grammar
from factcheck.extract.links import in_links
from factcheck.extract.readings import (
    DateReading,
    NotAClaim,
    QuantityReading,
    Reading,
    Unreadable,
)
from factcheck.extract.scanner import Tokens, tokenize, where
from factcheck.sending import sent_by_fields

__all__ = ["Mention", "find_mentions"]


@sent_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """A claim as found: where it is, and what the grammar read."""

    start: int
    end: int
    first_token: int  # index into the document's token list
    last_token: int
    reading: Reading


def find_mentions(
    text: str, tokens: Tokens | None = None, unread: list[range] | None = None
) -> list[Mention]:
    """The claims of a text. A run of claim words longer than news writes (MAX_RUN
    tokens with no other word between) is a list, not read claim by claim: its token
    range is added to `unread`, where given, so that the report can say so."""
    tokens = tokenize(text) if tokens is None else tokens
    mentions = candidates(text, tokens, unread)
    alone = alone_figures(tokens, mentions)
    named = named_figures(tokens, set(filter(None, alone)))
    return [m for m, figure in zip(mentions, alone, strict=True) if figure not in named]


def candidates(text: str, tokens: Tokens, unread: list[range] | None = None) -> list[Mention]:
    """The claims of a text before the document-wide test for model numbers."""
    mentions: list[Mention] = []
    for run in _runs(text, tokens):
        if len(run) > MAX_RUN:
            if unread is not None:
                unread.append(run)
            continue
        mentions.extend(_parse_run(tokens, run))
    return [_dateline(text, m) for m in mentions]


# A dateline: a city in capitals, then the date, then the agency or a dash; or a
# date alone on its line ("March 01 , 2008" under a headline).
DATELINE_BEFORE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z.'\- ]+(?:,[ \t]*[A-Z][A-Za-z.]+)*,[ \t]*)?$", re.MULTILINE
)
DATELINE_AFTER = re.compile(r"[ \t]*(?:\(|--|[-\u2013\u2014]|$)", re.MULTILINE)
DATELINE_REACH = 60  # characters from the line's start to the date, at most


def _dateline(text: str, m: Mention) -> Mention:
    r = m.reading
    if not (isinstance(r, DateReading) and r.month and r.day and r.shift_unit is None):
        return m
    # Looked for only near the line's start, so a long line costs no more than a short one.
    line_start = text.rfind("\n", max(0, m.start - DATELINE_REACH - 1), m.start) + 1
    if m.start - line_start > DATELINE_REACH:
        return m
    if not DATELINE_BEFORE.search(text, line_start, m.start):
        return m
    if not DATELINE_AFTER.match(text, m.end):
        return m
    return Mention(m.start, m.end, m.first_token, m.last_token, replace(r, dateline=True))


# ---------------------------------------------------------------------- runs

# Tokens that are figures: stuck to a word on their left they are part of a name
# or code ("A320", "F-16", "COVID-19", "Q3").
NUMERIC = frozenset(
    {"DIGITS", "ORDINAL", "FRACTION", "SCI", "DECADE", "CLOCK", "ISO_DATE", "SLASH_DATE"}
)
WORDLIKE = frozenset({"WORD", "UNIT", "CODE"})


def _runs(text: str, tokens: Tokens) -> list[range]:
    """Maximal stretches of claim tokens that may hold a claim, as index ranges into the
    tokens: a run of one token must be a claim alone ("2016", not "the")."""
    kinds = tokens.kinds
    claim_words = compress(count(), map(not_, map(FILLER.__contains__, kinds)))
    usable = list(filterfalse((_glued(tokens) | in_links(text, tokens)).__contains__, claim_words))
    if not usable:
        return []
    # A run ends where the next usable token is not the next token (a filler word
    # between) or follows a paragraph break: found with maps that run in C.
    apart = map(ne, islice(usable, 1, None), map((1).__add__, usable))
    paragraph = map(_after_paragraph_breaks(text, tokens).__contains__, islice(usable, 1, None))
    ends = list(map(or_, apart, paragraph))  # ends[k]: a run ends at usable[k]
    firsts = compress(usable, chain((True,), ends))
    stops = map((1).__add__, compress(usable, chain(ends, (True,))))
    alone = _claims_alone()
    no_opener = _openers().isdisjoint  # of a run's terminals: in C, with no copy
    return [
        range(first, stop)
        for first, stop in zip(firsts, stops, strict=True)
        if (kinds[first] in alone if stop - first == 1 else not no_opener(kinds[first:stop]))
    ]


# What a token may be glued to (`_glued_to_word`): a word, a dash or a dot
GLUE_KINDS = frozenset({"WORD", "DASH"})


def _glued(tokens: Tokens) -> set[int]:
    """The tokens glued to a word (`_glued_to_word`), and some filler words (no part of a
    run anyway). Only a token stuck to a word, a dash or a dot beside it may be glued, and
    tokens stuck together are few (one pair in seven in news): they are found in C. One
    stuck to a WORD is glued whatever stands around it (the first and last tests of
    `_glued_to_word`): only the others, a quarter, are looked at one by one."""
    kinds, words = tokens.kinds, tokens.words
    glued, maybe = set(), set()
    for i in where(map(eq, tokens.ends, tokens.starts[1:])):  # token i touches i + 1
        after = i + 1
        if kinds[after] == "WORD":
            glued.add(i)
        elif kinds[after] in GLUE_KINDS or words[after] == "." or words[after].isalpha():
            maybe.add(i)
        if kinds[i] == "WORD":
            glued.add(after)
        elif kinds[i] in GLUE_KINDS or words[i] == "." or words[i].isalpha():
            maybe.add(after)
    maybe -= glued
    return glued.union(i for i in maybe if kinds[i] not in FILLER and _glued_to_word(tokens, i))


def _after_paragraph_breaks(text: str, tokens: Tokens) -> set[int]:
    """The tokens with two line breaks or more between them and the token before."""
    starts, ends = tokens.starts, tokens.ends
    breaks: dict[int, int] = {}
    for match in LINE_BREAK.finditer(text):
        at = match.start()
        i = bisect.bisect_left(starts, at)
        if 0 < i < len(starts) and at >= ends[i - 1]:  # not inside the token before
            breaks[i] = breaks.get(i, 0) + 1
    return {i for i, n in breaks.items() if n > 1}


LINE_BREAK = re.compile("\n")


def _glued_to_word(tokens: Tokens, i: int) -> bool:
    """A token stuck to a word is part of a name or code: "S-400", "747s", "COVID19",
    and so is a number dotted or dashed onto another part of one: "10.4.1", "A380-800"."""
    kinds, starts, ends = tokens.kinds, tokens.starts, tokens.ends
    if i + 1 < len(kinds) and starts[i + 1] == ends[i] and kinds[i + 1] == "WORD":
        return True
    if kinds[i] == "DIGITS" and (_joined_part(tokens, i, -1) or _joined_part(tokens, i, 1)):
        return True
    if not i or ends[i - 1] != starts[i] or kinds[i - 1] == "CODE":
        return False  # a currency code stuck to its figure is money: "AUD1.5m"
    return kinds[i - 1] == "WORD" or (kinds[i] in NUMERIC and tokens.words[i - 1].isalpha())


def _joined_part(tokens: Tokens, i: int, step: int) -> bool:
    """Whether a number is joined, by a dot or a dash on the side `step` points to, to
    another part of a code: "10.4" + ".1", "A380" + "-800", "777" + "-200LR", "F" + "-16"."""
    join, other = i + step, i + 2 * step
    if min(join, other) < 0 or max(join, other) >= len(tokens):
        return False
    if not (_stuck(tokens, i, join) and _stuck(tokens, join, other)):
        return False
    part = tokens.kinds[other]
    if tokens.words[join] == ".":
        return part == "DIGITS"  # a version: "10.4.1", "1.1.1"
    if tokens.kinds[join] != "DASH":
        return False
    if step < 0 and part in WORDLIKE:
        return True  # "F-16"; but a word after the dash qualifies the number: "12-inch"
    return part == "DIGITS" and _stuck_to_word(tokens, other)


def _stuck(tokens: Tokens, a: int, b: int) -> bool:
    """Two neighbouring tokens with no space between them, in either order."""
    return tokens.ends[min(a, b)] == tokens.starts[max(a, b)]


def _stuck_to_word(tokens: Tokens, i: int) -> bool:
    """A number stuck to a word or a capital letter: "A380", "200LR"; not to a scale or
    a time of day ("20k", "8pm")."""
    return any(
        0 <= j < len(tokens) and _stuck(tokens, i, j) and _code_letters(tokens, j)
        for j in (i - 1, i + 1)
    )


def _code_letters(tokens: Tokens, i: int) -> bool:
    word = tokens.words[i]
    return tokens.kinds[i] == "WORD" or (len(word) == 1 and word.isupper() and word not in "KMBT")


def _parse_run(tokens: Tokens, run: range) -> list[Mention]:
    # News repeats its runs ("on Monday", "more than 2,000"), so parse each distinct
    # run once and place the result at every occurrence.
    kinds = tokens.kinds[run.start : run.stop]
    words = tokens.words[run.start : run.stop]
    # A run with a word longer than news writes ("9" * 5000) is read uncached: the
    # cache would keep the word alive, and its memory would grow with the text.
    claims_in = _claims_in_run if _short(words) else _claims_in_run.__wrapped__
    mentions = []
    for a, b, reading in claims_in(kinds, words):
        if tokens.lower[run.start + a] == "over" and _across(tokens, run.start + a):
            claim = _claim_at(kinds, words, a + 1)
            if claim is None or claim[1] is None:
                continue
            a, b, reading = a + 1, a + 1 + claim[0], claim[1]
        first, last = run.start + a, run.start + b
        if isinstance(reading, QuantityReading) and _millions_of(tokens, first, last, reading):
            # "1.2m people": read as "1.2 million", the "m" in the claim
            k = b + 1 - a
            millions = _claim_at((*kinds[a : k + a], _million()), (*words[a : k + a], "million"), 0)
            if millions is not None and millions[0] == k and millions[1] is not None:
                b, last, reading = b + 1, last + 1, millions[1]
        if _names_a_thing(tokens, first, reading) or _pronoun(tokens, first, last):
            continue
        if _bare_month(reading) and not _month_in_context(tokens, first, last):
            continue
        mentions.append(Mention(tokens.starts[first], tokens.ends[last], first, last, reading))
    return mentions


# Plural nouns after "100m" that are races or strokes, not millions of anything.
NOT_MILLIONS = frozenset(
    "hurdles freestyle backstroke breaststroke butterfly races heats finals relays".split()
)
IRREGULAR_PLURALS = frozenset("people children men women police cattle staff personnel".split())


def _millions_of(tokens: Tokens, first: int, last: int, reading: QuantityReading) -> bool:
    """Whether figures stuck to an "m" count millions of the plural noun after it: "1.2m
    people", "3m residents" (an "m" alone is metres: "a 1.2m wall")."""
    m, noun = last + 1, last + 2
    if reading.unit is not None or noun >= len(tokens) or tokens.kinds[last] != "DIGITS":
        return False
    if tokens.lower[m] != "m" or tokens.ends[last] != tokens.starts[m]:
        return False
    word = tokens.lower[noun]
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is"))
    counted = word in IRREGULAR_PLURALS or (plural and len(word) > 3)
    return tokens.kinds[noun] == "WORD" and counted and word not in NOT_MILLIONS


@cache
def _million() -> str:
    """The terminal of the scale word "million"."""
    return tokenize("million").kinds[0]


# Verbs after which "over" spans a period, not a bound: "spread over two days".
SPREAD_VERBS = frozenset(
    "spread stretched staggered phased spaced paid repaid repayable payable distributed "
    "split amortised amortized".split()
)


def _across(tokens: Tokens, over: int) -> bool:
    return over > 0 and tokens.lower[over - 1] in SPREAD_VERBS


# Words around "one" that make it stand for a thing: "the next one", "no one", "one of
# the founders", "one another"
ONE_AFTER = frozenset("the this that next last each every any no which another".split())
ONE_BEFORE = frozenset({"of", "another"})


def _pronoun(tokens: Tokens, first: int, last: int) -> bool:
    if not (first == last and tokens.lower[first] == "one"):
        return False
    after = last + 1 < len(tokens) and tokens.lower[last + 1] in ONE_BEFORE
    return after or (first > 0 and tokens.lower[first - 1] in ONE_AFTER)


def _names_a_thing(tokens: Tokens, first: int, reading: Reading) -> bool:
    """A bare number in digits right after a capitalised word inside a sentence is part
    of a name: "Boeing 747", "Route 66", "Section 3"; so is one after a name written in
    camel case ("iPhone 4", "iOS 5") and a rank ("No. 1", "number one")."""
    if not (isinstance(reading, QuantityReading) and first and _bare(reading)):
        return False
    if _ranked(tokens, first):
        return True
    before = tokens.words[first - 1]
    if tokens.kinds[first] != "DIGITS":
        return False
    if first >= 2 and tokens.words[first - 2] == "&" and before.isupper():
        return True  # "S&P 500"
    if tokens.kinds[first - 1] == "WORD" and before[0].islower():
        return not before.islower()  # "iPhone 4"
    return _after_capitalised_word(tokens, first)


def _after_capitalised_word(tokens: Tokens, i: int) -> bool:
    """Whether a token follows a capitalised word inside a sentence: "Boeing 747",
    "Stoxx 50", an index in capitals ("FTSE 100"); but not "Some 40" opening one, nor
    "US 40", nor a year ("WWDC 2005")."""
    before = tokens.words[i - 1]
    if i < 2 or tokens.kinds[i - 1] != "WORD" or not before[0].isupper():
        return False
    if tokens.words[i - 2] in SENTENCE_STARTS:
        return False
    if before.isupper():
        return len(before) >= 3 and not YEAR_LIKE.fullmatch(tokens.words[i])
    return True


def _bare(reading: QuantityReading) -> bool:
    return reading.bound is None and reading.unit is None and reading.lo is reading.hi


def _ranked(tokens: Tokens, first: int) -> bool:
    """ "No. 1", "No 2", "number one", "the number-one priority": a rank, not a count."""
    before = first - 1
    if first > 1 and (tokens.words[before] == "." or tokens.kinds[before] == "DASH"):
        before = first - 2
    return tokens.words[before] == "No" or tokens.lower[before] in ("number", "version")


def alone_figures(tokens: Tokens, mentions: list[Mention]) -> list[str | None]:
    """For each mention, its figure where it is a bare figure in digits on its own, which
    may be a name the article gives in full elsewhere ("the 787"); else None. Where the
    text writes the figure in a name (`named_figures`), such a mention is no claim."""
    words = tokens.words
    return [words[m.first_token] if _named_alone(tokens, m) else None for m in mentions]


def named_figures(tokens: Tokens, among: set[str] | None = None) -> set[str]:
    """The figures of three digits or more that a text writes as part of a name
    ("Boeing 787", "the 787-8"), of those `among` (all where None)."""
    words, kinds = tokens.words, tokens.kinds
    wanted = map(eq, kinds, repeat("DIGITS")) if among is None else map(among.__contains__, words)
    figures = [
        i
        for i in where(wanted)
        if kinds[i] == "DIGITS" and i > 1 and len(words[i]) >= 3 and words[i].isdigit()
    ]
    return {words[i] for i in figures if _glued_to_word(tokens, i) or _after_name(tokens, i)}


def _after_name(tokens: Tokens, i: int) -> bool:
    # "WWDC 2005": a year, also when it follows a name
    return not YEAR_LIKE.fullmatch(tokens.words[i]) and _after_capitalised_word(tokens, i)


YEAR_LIKE = re.compile(r"(1[89]|20|21)\d\d")


def _named_alone(tokens: Tokens, m: Mention) -> bool:
    """A bare figure in digits on its own, which may be a name the article gives in full
    elsewhere: "the 787"."""
    return (
        m.first_token == m.last_token
        and tokens.kinds[m.first_token] == "DIGITS"
        and isinstance(m.reading, QuantityReading)
        and _bare(m.reading)
    )


SENTENCE_STARTS = frozenset({".", "!", "?", '"', "``", "(", ":", "\u201c"})


@lru_cache(maxsize=16384)
def _claims_in_run(
    kinds: tuple[str, ...], words: tuple[str, ...]
) -> tuple[tuple[int, int, Reading], ...]:
    """(first, last, reading) of each claim in a run of tokens (their terminals and
    words), longest first from the left."""
    openers = _openers()
    found = []
    i = 0
    while i < len(kinds):
        claim = _claim_at(kinds, words, i) if kinds[i] in openers else None
        if claim is not None and claim[1] is None:
            i += claim[0] + 1  # no claim at all, nor in part: "won 3-1", "the 2015-16 season"
        elif claim is not None:
            found.append((i, i + claim[0], claim[1]))
            i += claim[0] + 1
        else:
            i += 1
    return tuple(found)


# The longest claim the grammar reads in the bench suites and seeds is 10 tokens and the
# longest run 21; a claim is looked for within this many tokens of where it starts, so
# reading a run costs time in proportion to its length, whatever it holds.
MAX_CLAIM_TOKENS = 32
# A run longer than this is a list of figures or dates with no word between them, not
# prose: it is not read claim by claim (lists.py), and the report says so.
MAX_RUN = 64
CACHED_WORD = 32  # characters: a longer word is kept out of the caches


def _short(words: tuple[str, ...]) -> bool:
    """Whether some words may key a cache: none longer than a claim's word may be."""
    return max(map(len, words), default=0) <= CACHED_WORD


def _claim_at(
    kinds: tuple[str, ...], words: tuple[str, ...], i: int
) -> tuple[int, Reading | None] | None:
    """The longest claim starting at token i of a run, as `_longest_claim` gives it.

    What is read depends on the tokens up to the longest prefix the grammar accepts, not
    on those after it: the cache is keyed on that prefix alone, so "in 2016" is read once
    whatever follows it."""
    window = kinds[i : i + MAX_CLAIM_TOKENS]
    complete = _complete_prefixes(window)
    if not complete:
        return None
    size = complete[-1] + 1
    kinds, words = window[:size], words[i : i + size]
    longest = _longest_claim if _short(words) else _longest_claim.__wrapped__
    return longest(kinds, words)


@lru_cache(maxsize=32768)
def _longest_claim(
    kinds: tuple[str, ...], words: tuple[str, ...]
) -> tuple[int, Reading | None] | None:
    """(last, reading) of the longest claim at the start of some words, whose terminals
    the grammar accepts whole (`_claim_at` cuts them so); (last, None) where the words up
    to `last` are no claim at all. Runs share their tails ("... the third quarter"), so
    this is cached apart from them."""
    tokens = list(map(Token, kinds, words))
    # Read them all; where their words make no sense as a value, read again up to the
    # next shorter prefix the grammar accepts (cheaper than copying every state).
    for last in _longest_first(kinds):
        try:
            return last, _read(tokens[: last + 1])
        except _Rejected:
            continue
        except NotAClaim:
            return last, None
        except Unreadable:
            continue  # "32 March": try a shorter reading
    return None


def _longest_first(kinds: tuple[str, ...]) -> Iterator[int]:
    """The last index of each prefix the grammar accepts, of terminals it accepts whole:
    the shorter ones are looked for only where the whole is not read."""
    yield len(kinds) - 1
    yield from reversed(_complete_prefixes(kinds)[:-1])


def _complete_prefixes(kinds: tuple[str, ...]) -> list[int]:
    """The last index of every prefix of some terminals that the grammar accepts.

    The LALR table stepped as Lark steps it, with the state stack alone: nothing is
    built, as most prefixes tried are never read.
    """
    table = claim_grammar().steps
    rows = table.rows
    stack = [table.start]
    row = rows[table.start]
    complete = []
    for j, kind in enumerate(kinds):
        while True:
            action = row.get(kind)
            if action is None:
                return complete
            shift, target = action
            if shift:
                stack.append(target)
                row = rows[target]
                break
            if target.size:
                del stack[-target.size :]
            goto = rows[stack[-1]][target.origin][1]
            stack.append(goto)
            row = rows[goto]
        if END in row:
            complete.append(j)
    return complete


class _Rejected(Exception):
    """The table has no action for a terminal where it stands."""


def _read(tokens: list[Token]) -> Reading:
    """The reading of some tokens: Lark's LALR step (`ParserState.feed_token`) for each
    token and then for the end, the reader's callbacks called with the same values in the
    same order. Raises `_Rejected` where the table, stepped with values, rejects a token
    or the end (an LALR table may reduce on a look-ahead it then rejects)."""
    table = claim_grammar().steps
    states, values = [table.start], []
    for token in tokens:
        states.append(_reduce_before(token.type, table, states, values))
        callback = table.terminal_callbacks.get(token.type)
        values.append(token if callback is None else callback(token))
    _reduce_before(END, table, states, values)
    return values[-1]


def _reduce_before(kind: str, table: Steps, states: list, values: list) -> int | None:
    """Reduce the stacks as the table says before a terminal; the state its shift goes
    to, or None where the end is reached."""
    rows = table.rows
    while True:
        action = rows[states[-1]].get(kind)
        if action is None:
            raise _Rejected(kind)
        shift, target = action
        if shift:
            return target
        if target.size:
            args = values[-target.size :]
            del states[-target.size :], values[-target.size :]
        else:
            args = []
        values.append(target.callback(args))
        states.append(rows[states[-1]][target.origin][1])
        if kind == END and states[-1] == table.end:
            return None


END = "$END"  # the terminal that ends every parse, in Lark's table


# Words before a month name alone that make it a date: "in March", not "a March".
MONTH_CUES = frozenset(
    "in since until till by from through to of during before after early late mid and or "
    "between last next this end beginning middle for".split()
)
VERB_MONTHS = frozenset({"may", "march"})  # also verbs and nouns: "may go", "a March on"


def _bare_month(reading: Reading) -> bool:
    return (
        isinstance(reading, DateReading)
        and bool(reading.month)
        and not (reading.day or reading.year or reading.relation or reading.part)
    )


def _month_in_context(tokens: Tokens, first: int, last: int) -> bool:
    """A month name alone is a date where its words allow: "by August", "the October
    slaying"; not "Jan Kavan", "June Carter", "a March on the capital", "I may go"."""
    name = tokens.lower[first]
    if len(name) <= 3 and name != "may":
        return False  # an abbreviation alone ("Jan")
    after = last + 1
    if after < len(tokens) and tokens.kinds[after] == "WORD" and tokens.words[after][0].isupper():
        return False  # a name
    if name in VERB_MONTHS:
        return first > 0 and tokens.lower[first - 1] in MONTH_CUES
    return True


_OPENERS: frozenset[str] | None = None


def _openers() -> frozenset[str]:
    """Terminals that can begin a claim: the parse table's first state."""
    global _OPENERS
    if _OPENERS is None:
        _OPENERS = claim_grammar().openers
    return _OPENERS


@cache
def _claims_alone() -> frozenset[str]:
    """Terminals that are a claim on their own: "2016", "Monday", "yesterday"."""
    terminals = [k for k in _openers() if k.isupper()]  # the first state also names rules
    alone = {kind for kind in terminals if _complete_prefixes((kind,))}
    return frozenset(alone)
