"""A document's claims as rows of plain values: how a --jobs worker sends what it read
to the process that keeps the set.

Pickled object by object, a claim runs a Python function for each of its parts (claim,
span, value, context) on both sides of the pipe: some 10 µs a claim each way, 3 s of
CPU in a 10,000-article check. As rows, a document's claims are tuples of numbers and
strings, which pickle writes and reads in C; only the objects themselves are built anew
where they arrive. A row is

    (start, end, line, column, text, type, value number, certainties number, context)

where the numbers index the document's distinct values and pairs of certainties, sent
once each, and `context` is the context's field values.

The process that receives keeps one object for equal values, as a set's claims repeat
them across articles: each quantity and date, each pair of certainties, each word of a
context (the 1.5 million claims of 100,000 articles hold some 45,000 distinct values).
Values that are equal but print differently (1, 1.0 and True; 0.0 and -0.0) stay apart.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

from factcheck.model import Claim, Context, Span
from factcheck.sending import fields_of

T = TypeVar("T")

# Entries the receiver's table holds at most, some 400 bytes each with their values: a
# long-lived process keeps up to 50 MB. 100,000 articles of news fill half of it.
SHARED_LIMIT = 1 << 17
_table: dict[tuple, object] = {}

_context_values, _context_at = fields_of(Context)
# The context's fields that hold words, each a string or a tuple of strings: they repeat
# across claims and articles, and are kept once each.
WORDS_AT = tuple(
    _context_at[name]
    for name in ("noun", "noun_class", "counted_in", "entities", "entity", "attribution")
)

Rows = tuple[tuple, tuple, tuple]  # distinct values, distinct certainty pairs, rows


def rows_of(claims: Iterable[Claim]) -> Rows:
    """One document's claims as plain rows, for `claims_of` in another process."""
    values: dict[int, int] = {}  # by the objects' ids: a document's claims share many
    pairs: dict[tuple[int, int], int] = {}
    sent_values: list[tuple] = []
    sent_pairs: list[tuple] = []
    rows = []
    for claim in claims:
        value = claim.value
        v = values.get(id(value))
        if v is None:
            v = values[id(value)] = len(sent_values)
            sent_values.append(_as_sent(value))
        key = id(claim.parse_certainty), id(claim.anchor_certainty)
        p = pairs.get(key)
        if p is None:
            p = pairs[key] = len(sent_pairs)
            sent_pairs.append((claim.parse_certainty, claim.anchor_certainty))
        span = claim.span
        rows.append((span.start, span.end, span.line, span.column, claim.text, claim.type,
                     v, p, _context_values(claim.context)))  # fmt: skip
    return tuple(sent_values), tuple(sent_pairs), tuple(rows)


def claims_of(doc: str, rows: Rows) -> tuple[Claim, ...]:
    """The claims `rows_of` sent for the document `doc`, equal values kept once."""
    sent_values, sent_pairs, sent_rows = rows
    values = [_kept(sent, _value_of) for sent in sent_values]
    pairs = [_kept(pair, tuple) for pair in sent_pairs]
    intern = sys.intern
    return tuple(
        Claim(
            Span(doc, start, end, line, column),
            intern(text),
            intern(kind),
            values[v],
            _context(context),
            *pairs[p],
        )
        for start, end, line, column, text, kind, v, p, context in sent_rows
    )


def kept_alike(claims: tuple[Claim, ...]) -> tuple[Claim, ...]:
    """Claims read in this process, with their values, pairs of certainties and words
    kept as one object where equal ones were kept before, as `claims_of` keeps those
    that arrive: the claims of a set that one process reads and another receives take
    the same room."""
    kept = []
    for claim in claims:
        value = _kept(_as_sent(claim.value), _value_of)
        pair = _kept((claim.parse_certainty, claim.anchor_certainty), tuple)
        kept.append(Claim(claim.span, claim.text, claim.type, value, _context(claim.context),
                          *pair))  # fmt: skip
    return tuple(kept)


def _as_sent(value: object) -> tuple:
    """A quantity or date as its class and field values, which pickle writes in C."""
    return (type(value), *fields_of(type(value))[0](value))


def _value_of(sent: tuple) -> object:
    """A quantity or date from its class and field values, as `rows_of` sent it."""
    return sent[0](*sent[1:])


def _context(values: tuple) -> Context:
    fields = list(values)
    for at in WORDS_AT:
        word = fields[at]
        if word:
            fields[at] = sys.intern(word) if type(word) is str else _kept_words(word)
    return Context._make(fields)


def _kept_words(words: tuple[str, ...]) -> tuple[str, ...]:
    return _shared(("words", words), _interned, words)


def _interned(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(map(sys.intern, words))


def _kept(values: tuple, make: Callable[[tuple], T]) -> T:
    """The object kept for `values`, `make(values)` where none is; a new one for values
    with a zero float (see `_exact`)."""
    key = _exact(values)
    return make(values) if key is None else _shared(key, make, values)


def _exact(values: tuple) -> tuple | None:
    """A key equal for values that are the same in every way, their types too (1, 1.0 and
    True are equal, and print differently); None for a zero float, as 0.0 equals -0.0."""
    if 0.0 in values:  # False and 0 too, asked in C: most values hold no zero at all
        for value in values:
            if value == 0.0 and type(value) is float:
                return None
    return (*values, *map(type, values))


def _shared(key: tuple, make: Callable[[tuple], T], values: tuple) -> T:
    """The object the table keeps for `key`; `make(values)`, kept from now on, where it
    keeps none. (No closure is made for each look-up: most find what they look for.)"""
    found = _table.get(key)
    if found is None:
        if len(_table) >= SHARED_LIMIT:  # bounded: a long-lived process keeps no more
            _table.clear()
        found = _table[key] = make(values)
    return found
