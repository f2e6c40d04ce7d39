"""How the model's values cross between processes: as their fields.

A slotted dataclass's default pickled state is read back five times slower than its
field values passed to its __init__, so each model class pickles as its fields
(`sent_by_fields`): between a Dask cluster's workers, and from the service's workers. A
--jobs worker sends a document's claims as rows of plain values (claim_rows.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from functools import cache
from operator import attrgetter


@cache
def fields_of(cls: type) -> tuple[Callable[[object], tuple], dict[str, int]]:
    """What reads a dataclass's field values in C, as a tuple in order (a named tuple is
    its own values), and each field's position."""
    if issubclass(cls, tuple):  # a named tuple: its own values, in order
        return tuple, {name: number for number, name in enumerate(cls._fields)}
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
