"""Articles of a set published far from its middle date (resolve/scope.py)."""

from __future__ import annotations

import datetime as dt

from factcheck.model import ReferenceDate
from factcheck.resolve.scope import far_from_set

START = dt.date(2020, 1, 1)


def _published(*days: int | None) -> dict[str, ReferenceDate | None]:
    return {
        f"doc{i}": None
        if day is None
        else ReferenceDate(START + dt.timedelta(day), "metadata", "front matter", 1.0)
        for i, day in enumerate(days)
    }


def test_the_middle_of_an_even_set_is_its_lower_middle_day():
    """Two articles near the start and two some years on: the middle is the earlier of
    the two middle days, so the later pair is the one far from the set."""
    far = far_from_set(_published(0, 10, 2000, 2010))
    assert sorted(far) == ["doc2", "doc3"]
    assert "far from the set's 2020-01-11" in far["doc2"]


def test_undated_articles_neither_count_nor_are_reported():
    assert sorted(far_from_set(_published(None, 0, 5, 2000))) == ["doc3"]
    assert far_from_set(_published(None, None)) == {}
