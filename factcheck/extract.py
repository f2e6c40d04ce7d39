"""Find claims in running text: lex once, cut into runs of claim words, parse each run.

Every token of the article comes from the grammar's own lexer. Words the grammar
has no use for are WORD or OTHER; a run is a stretch of the other tokens. Within
a run the LALR parser is stepped token by token from each start, and the longest
prefix that forms a claim (and reads as a sensible value) wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from lark import Token
from lark.exceptions import UnexpectedInput, VisitError

from factcheck.grammar import FILLER, claim_parser, tokenize
from factcheck.interpret import READER
from factcheck.readings import (
    DateReading,
    NotAClaim,
    QuantityReading,
    Reading,
    Unreadable,
)

__all__ = ["Mention", "find_mentions", "tokenize"]


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
    names = _model_numbers(tokens, mentions)
    return [_dateline(text, m) for m in mentions if not _named(tokens, m, names)]


# A dateline: a city in capitals, then the date, then the agency or a dash; or a
# date alone on its line ("March 01 , 2008" under a headline).
DATELINE_BEFORE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z.'\- ]+(?:,[ \t]*[A-Z][A-Za-z.]+)*,[ \t]*)?$", re.MULTILINE
)
DATELINE_AFTER = re.compile(r"[ \t]*(?:\(|--|[-\u2013\u2014]|$)", re.MULTILINE)


def _dateline(text: str, m: Mention) -> Mention:
    r = m.reading
    if not (isinstance(r, DateReading) and r.month and r.day and r.shift_unit is None):
        return m
    line_start = text.rfind("\n", 0, m.start) + 1
    if not DATELINE_BEFORE.search(text, line_start, m.start) or m.start - line_start > 60:
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


def _runs(text: str, tokens: list[Token]) -> list[range]:
    """Maximal stretches of claim tokens, as index ranges into `tokens`."""
    runs: list[range] = []
    start = None
    previous_end = -1
    for i, token in enumerate(tokens):
        usable = token.type not in FILLER and not _glued_to_word(tokens, i)
        if start is not None and (
            not usable or text.count("\n", previous_end, token.start_pos) > 1
        ):
            runs.append(range(start, i))  # a filler word or a paragraph ends the run
            start = None
        if usable and start is None:
            start = i
        previous_end = token.end_pos
    if start is not None:
        runs.append(range(start, len(tokens)))
    return runs


def _glued_to_word(tokens: list[Token], i: int) -> bool:
    """A token stuck to a word is part of a name or code: "S-400", "747s", "COVID19",
    and so is a number dotted or dashed onto another part of one: "10.4.1", "A380-800"."""
    token = tokens[i]
    if i + 1 < len(tokens):
        after = tokens[i + 1]
        if after.start_pos == token.end_pos and after.type == "WORD":
            return True
    if token.type == "DIGITS" and (_joined_part(tokens, i, -1) or _joined_part(tokens, i, 1)):
        return True
    if not i:
        return False
    before = tokens[i - 1]
    if before.end_pos != token.start_pos:
        return False
    return before.type == "WORD" or (token.type in NUMERIC and before.isalpha())


def _joined_part(tokens: list[Token], i: int, step: int) -> bool:
    """Whether a number is joined, by a dot or a dash on the side `step` points to, to
    another part of a code: "10.4" + ".1", "A380" + "-800", "777" + "-200LR", "F" + "-16"."""
    join, other = i + step, i + 2 * step
    if min(join, other) < 0 or max(join, other) >= len(tokens):
        return False
    if not (_stuck(tokens, i, join) and _stuck(tokens, join, other)):
        return False
    part = tokens[other]
    if tokens[join] == ".":
        return part.type == "DIGITS"  # a version: "10.4.1", "1.1.1"
    if tokens[join].type != "DASH":
        return False
    if step < 0 and part.type in WORDLIKE:
        return True  # "F-16"; but a word after the dash qualifies the number: "12-inch"
    return part.type == "DIGITS" and _stuck_to_word(tokens, other)


def _stuck(tokens: list[Token], a: int, b: int) -> bool:
    """Two neighbouring tokens with no space between them, in either order."""
    first, second = (tokens[a], tokens[b]) if a < b else (tokens[b], tokens[a])
    return first.end_pos == second.start_pos


def _stuck_to_word(tokens: list[Token], i: int) -> bool:
    """A number stuck to a word or a capital letter: "A380", "200LR"; not to a scale or
    a time of day ("20k", "8pm")."""
    return any(
        0 <= j < len(tokens) and _stuck(tokens, i, j) and _code_letters(tokens[j])
        for j in (i - 1, i + 1)
    )


def _code_letters(token: Token) -> bool:
    return token.type == "WORD" or (len(token) == 1 and token.isupper() and token not in "KMBT")


def _parse_run(tokens: list[Token], run: range) -> list[Mention]:
    # News repeats its runs ("on Monday", "more than 2,000"), so parse each distinct
    # run once and place the result at every occurrence.
    words = tuple((t.type, str(t)) for t in tokens[run.start : run.stop])
    mentions = []
    for a, b, reading in _claims_in_run(words):
        if _names_a_thing(tokens, run.start + a, reading):
            continue
        if _bare_month(reading) and not _month_in_context(tokens, run.start + a, run.start + b):
            continue
        first, last = tokens[run.start + a], tokens[run.start + b]
        mentions.append(Mention(first.start_pos, last.end_pos, run.start + a, run.start + b,
                                reading))  # fmt: skip
    return mentions


def _names_a_thing(tokens: list[Token], first: int, reading: Reading) -> bool:
    """A bare number in digits right after a capitalised word inside a sentence is part
    of a name: "Boeing 747", "Route 66", "Section 3"; so is one after a name written in
    camel case ("iPhone 4", "iOS 5") and a rank ("No. 1", "number one")."""
    if not (isinstance(reading, QuantityReading) and first and _bare(reading)):
        return False
    before = tokens[first - 1]
    if _ranked(tokens, first):
        return True
    if tokens[first].type != "DIGITS" or before.type != "WORD" or before.isupper():
        return False
    if before[0].islower():
        return not before.islower()  # "iPhone 4"
    if first < 2 or not before[0].isupper():
        return False
    return tokens[first - 2] not in SENTENCE_STARTS  # "Is three halves ...", "Some 40 ..."


def _bare(reading: QuantityReading) -> bool:
    return reading.bound is None and reading.unit is None and reading.lo is reading.hi


def _ranked(tokens: list[Token], first: int) -> bool:
    """ "No. 1", "No 2", "number one", "the number-one priority": a rank, not a count."""
    before = tokens[first - 1]
    if first > 1 and (before == "." or before.type == "DASH"):
        before = tokens[first - 2]
    return before == "No" or before.lower() in ("number", "version")


def _model_numbers(tokens: list[Token], mentions: list[Mention]) -> frozenset[str]:
    """Numbers an article writes as part of a name ("Boeing 787", "the 787-8"): elsewhere
    in it the same number alone ("the 787") names the same thing."""
    if not mentions:
        return frozenset()
    names = set()
    for i, token in enumerate(tokens):
        named = token.type == "DIGITS" and len(token) >= 3 and token.isdigit() and i > 1
        if named and (_glued_to_word(tokens, i) or _after_name(tokens, i)):
            names.add(str(token))
    return frozenset(names)


def _after_name(tokens: list[Token], i: int) -> bool:
    before = tokens[i - 1]
    if YEAR_LIKE.fullmatch(tokens[i]) or before.type != "WORD" or before.isupper():
        return False  # "WWDC 2005": a year, also when it follows a name
    return before[0].isupper() and tokens[i - 2] not in SENTENCE_STARTS


YEAR_LIKE = re.compile(r"(1[89]|20|21)\d\d")


def _named(tokens: list[Token], m: Mention, names: frozenset[str]) -> bool:
    token = tokens[m.first_token]
    return (
        m.first_token == m.last_token
        and str(token) in names
        and isinstance(m.reading, QuantityReading)
        and _bare(m.reading)
    )


SENTENCE_STARTS = frozenset({".", "!", "?", '"', "``", "(", ":", "\u201c"})


@lru_cache(maxsize=16384)
def _claims_in_run(words: tuple[tuple[str, str], ...]) -> tuple[tuple[int, int, Reading], ...]:
    """(first, last, reading) of each claim in a run, longest first from the left."""
    openers = _openers()
    found = []
    i = 0
    while i < len(words):
        claim = _longest_claim(words[i:]) if words[i][0] in openers else None
        if claim is not None and claim[1] is None:
            i += claim[0] + 1  # no claim at all, nor in part: "won 3-1", "the 2015-16 season"
        elif claim is not None and _fits(words, i, i + claim[0]):
            found.append((i, i + claim[0], claim[1]))
            i += claim[0] + 1
        else:
            i += 1
    return tuple(found)


@lru_cache(maxsize=32768)
def _longest_claim(words: tuple[tuple[str, str], ...]) -> tuple[int, Reading | None] | None:
    """(last, reading) of the longest claim at the start of some words; (last, None)
    where the words up to `last` are no claim at all. Runs share their tails ("... the
    third quarter"), so this is cached apart from them."""
    tokens = [Token(kind, value) for kind, value in words]
    parser = claim_parser()
    state = parser.parse_interactive().parser_state
    table = state.parse_conf.states
    complete = []
    for j, token in enumerate(tokens):
        try:
            state.feed_token(token)
        except UnexpectedInput:
            break
        if "$END" in table[state.position]:
            complete.append(j)
    # Read the longest complete prefix; where its words make no sense as a value,
    # parse again up to the next shorter one (cheaper than copying every state).
    for last in reversed(complete):
        candidate = parser.parse_interactive()
        for token in tokens[: last + 1]:
            candidate.feed_token(token)
        try:
            return last, READER.transform(candidate.feed_eof())
        except UnexpectedInput:
            continue
        except VisitError as error:
            if isinstance(error.orig_exc, NotAClaim):
                return last, None
            if isinstance(error.orig_exc, Unreadable):
                continue  # "31 February": try a shorter reading
            raise
    return None


# Words before a month name alone that make it a date: "in March", not "a March".
MONTH_CUES = frozenset(
    "in since until till by from through to of during before after early late mid and or "
    "between last next this end beginning middle for".split()
)
PRONOUN_ONE = frozenset({"of", "another"})
VERB_MONTHS = frozenset({"may", "march"})  # also verbs and nouns: "may go", "a March on"


def _fits(words: tuple[tuple[str, str], ...], first: int, last: int) -> bool:
    """Checks that need the words around a claim, not only its own."""
    if first == last and words[first][1].lower() == "one":
        # "one of the founders", "one another"
        return last + 1 >= len(words) or words[last + 1][1].lower() not in PRONOUN_ONE
    return True


def _bare_month(reading: Reading) -> bool:
    return (
        isinstance(reading, DateReading)
        and bool(reading.month)
        and not (reading.day or reading.year or reading.relation or reading.part)
    )


def _month_in_context(tokens: list[Token], first: int, last: int) -> bool:
    """A month name alone is a date where its words allow: "by August", "the October
    slaying"; not "Jan Kavan", "June Carter", "a March on the capital", "I may go"."""
    name = tokens[first].lower()
    if len(name) <= 3 and name not in ("may", "june", "july"):
        return False  # an abbreviation alone ("Jan")
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.type == "WORD" and after[0].isupper():
        return False  # a name
    if name in VERB_MONTHS:
        return first > 0 and tokens[first - 1].lower() in MONTH_CUES
    return True


_OPENERS: frozenset[str] | None = None


def _openers() -> frozenset[str]:
    """Terminals that can begin a claim: the parse table's first state."""
    global _OPENERS
    if _OPENERS is None:
        _OPENERS = frozenset(claim_parser().parse_interactive().choices())
    return _OPENERS
