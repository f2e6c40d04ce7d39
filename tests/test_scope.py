"""The set's event (resolve/scope.py): articles published far from its middle date, and
the days its event can fall on."""

from __future__ import annotations

import datetime as dt

from factcheck.model import ReferenceDate
from factcheck.resolve.scope import event_days, far_from_set

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


def test_event_days_reach_back_to_a_day_two_articles_give_the_shooting():
    """Trial reports months after a shooting: its day, given by two of them, lies within
    the set's event days, which otherwise start six weeks before the first report."""
    published = _published(200, 210, 400)
    shooting = START + dt.timedelta(3)
    alone = event_days(published)
    assert alone[0] == START + dt.timedelta(200 - 45)
    agreed = event_days(published, {"doc0": frozenset({shooting}), "doc1": frozenset({shooting})})
    assert agreed == (shooting - dt.timedelta(7), alone[1])


def test_a_day_only_one_article_gives_moves_nothing():
    published = _published(200, 210)
    one = {"doc0": frozenset({START}), "doc1": frozenset({START + dt.timedelta(150)})}
    assert event_days(published, one) == event_days(published)
