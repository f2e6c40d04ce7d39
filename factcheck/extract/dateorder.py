"""Day first or month first: "04/05/2025" is 4 May in London and April 5 in New York.

An article's order is what its metadata says (`date-order: dmy`), else what its own
unambiguous dates show ("25/03/2025" can only be day first), else the setting given
for the set; without any, month first. Worked out once per article, after its claims
are found and before they are resolved.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from factcheck.extract.mentions import Mention
from factcheck.extract.readings import DateReading


def date_order(shown: Collection[str], stated: str | None, default: str | None) -> str | None:
    """The article's date order: stated, shown by its dates (`shown_orders`, one order
    only), or the set's default."""
    if stated:
        return stated
    return next(iter(shown)) if len(shown) == 1 else default


def shown_orders(mentions: list[Mention]) -> set[str]:
    """The date orders that some dates show by their numbers: "25/03/2025" is dmy."""
    return {
        m.reading.written_order
        for m in mentions
        if isinstance(m.reading, DateReading) and m.reading.written_order
    }


def swappable(mentions: list[Mention]) -> bool:
    """Whether some of the mentions are dates that the date order reads."""
    return any(_swappable(m) for m in mentions)


def in_date_order(mentions: list[Mention], order: str | None) -> list[Mention]:
    """The mentions with each ambiguous numeric date read in the article's order."""
    if order != "dmy":
        return mentions  # the reader reads them month first already
    return [_day_first(m) if _swappable(m) else m for m in mentions]


def _swappable(mention: Mention) -> bool:
    return isinstance(mention.reading, DateReading) and mention.reading.swappable


def _day_first(mention: Mention) -> Mention:
    reading = mention.reading
    swapped = replace(reading, month=reading.day, day=reading.month, swappable=False)
    return replace(mention, reading=swapped)
