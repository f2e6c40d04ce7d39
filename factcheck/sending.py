"""How the model's values cross between processes: as their fields, equal ones once.

A set's claims are pickled once, from the worker that read them to the process that
checks them (--jobs), or between a Dask cluster's workers. A slotted dataclass's default
state is read back five times slower than its fields passed to its __init__, so each
model class pickles as its fields (`sent_by_fields`).

The 1.5 million claims of 100,000 articles hold some 45,000 distinct quantities and
dates, and fewer certainties and words. The receiver keeps one object for equal values
(`sent_as_one`). Pickle writes an object once a message and refers back to it after,
but only the same object, and floats never: so the sender gives equal certainties and
words one object (`one_of`, `word`), which the receiver reads once a message. A claim
in the process that checks them takes 591 bytes, not 880. The price is time: a claim
takes some 3 µs more to send and 3 µs more to read back. That pays where one process
keeps a whole set's claims: a --jobs worker shares what it sends (`share_values`). It
does not between a Dask cluster's workers, which send a claim on several times (a
10,000-article check took 13% longer); the other senders, Dask's and the service's,
send plain fields.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")

# Entries a table holds at most, some 400 bytes each with their values: a long-lived
# process keeps up to 50 MB a table. 100,000 articles of news fill half of it.
SHARED_LIMIT = 1 << 17
sharing = False  # whether this process sends claims as shared values (`share_values`)
_sent: dict[tuple, object] = {}
_words: dict[str | tuple[str, ...], _Word] = {}
_kept: dict[tuple, object] = {}


@cache
def fields_of(cls: type) -> tuple[Callable[[object], tuple], dict[str, int]]:
    """What reads a dataclass's field values in C, as a tuple in order, and each field's
    position."""
    names = [f.name for f in fields(cls)]
    values = attrgetter(*names)
    if len(names) == 1:  # the getter of one name gives its value, not a tuple of it
        value = values

        def values(obj: object) -> tuple:
            return (value(obj),)

    return values, {name: number for number, name in enumerate(names)}


def sent_by_fields(cls):
    """Pickled as its class and its fields' values, and rebuilt by its own __init__."""
    values, _ = fields_of(cls)

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


def sent_as_one(cls):
    """As `sent_by_fields`, and the receiver keeps one object for equal values: for the
    values of claims (a quantity, a date)."""
    values, _ = fields_of(cls)

    def __reduce__(self):
        if sharing:
            return _received, (cls, values(self))
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


def sent_with_words(*names: str):
    """As `sent_by_fields`, with the named fields, each a string or a tuple of strings,
    sent as `word`s: the words of a claim's context repeat across claims and articles."""

    def decorate(cls):
        values, position = fields_of(cls)
        at = [position[name] for name in names]

        def __reduce__(self):
            if not sharing:
                return cls, values(self)
            sent = list(values(self))
            for number in at:
                text = sent[number]
                if text:
                    sent[number] = _words.get(text) or word(text)
            return cls, tuple(sent)

        cls.__reduce__ = __reduce__
        return cls

    return decorate


def share_values() -> None:
    """From now on, this process sends claims with their equal values shared: for a
    worker whose claims go to the one process that keeps a whole set's."""
    global sharing
    sharing = True


def one_of(values: tuple) -> tuple:
    """The tuple the sender sends for tuples equal to `values`."""
    key = _exact(values)
    return values if key is None else _shared(_sent, key, lambda: values)


def word(text: str | tuple[str, ...]) -> object:
    """What the sender sends for a string or a tuple of strings: one object for equal
    ones, which the receiver reads as the string or tuple it keeps for them."""
    return _shared(_words, text, lambda: _Word(text))


class _Word:
    __slots__ = ("text",)

    def __init__(self, text: str | tuple[str, ...]) -> None:
        self.text = text

    def __reduce__(self):
        return _kept_word, (self.text,)


def _kept_word(text: str | tuple[str, ...]) -> str | tuple[str, ...]:
    if type(text) is str:
        return sys.intern(text)
    return _shared(_kept, ("word", text), lambda: tuple(map(sys.intern, text)))


def _received(cls: type[T], values: tuple) -> T:
    """The object the receiver keeps for values equal to these."""
    key = _exact(values)
    if key is None:
        return cls(*values)
    return _shared(_kept, (cls, key), lambda: cls(*values))


def _exact(values: tuple) -> tuple | None:
    """A key equal for field values that are the same in every way, their types too (1,
    1.0 and True are equal, and print differently); None for a zero float, as 0.0 equals
    -0.0."""
    if 0.0 in values:  # False and 0 too, asked in C: most values hold no zero at all
        for value in values:
            if value == 0.0 and type(value) is float:
                return None
    return (*values, *map(type, values))


def _shared(table: dict, key: object, make: Callable[[], T]) -> T:
    found = table.get(key)
    if found is None:
        if len(table) >= SHARED_LIMIT:  # bounded: a long-lived process keeps no more
            table.clear()
        found = table[key] = make()
    return found
