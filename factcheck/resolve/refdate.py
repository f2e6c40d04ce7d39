"""The date each article is read against: its metadata, else what its text or its set says.

An article never silently takes today's date. Where nothing gives a date, it has
none, and its relative expressions ("Tuesday", "last year") stay unresolved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from factcheck.extract.readings import DateReading
from factcheck.model import Document, ReferenceDate

# How sure each way of knowing the date is (docs/confidence.md explains the figures).
FROM_METADATA = 1.0
FROM_OWN_TEXT = 0.9  # a full date in the article is usually, not always, its own date
FROM_THE_SET = 0.75  # articles on one event are usually, not always, from the same days
# A full date further than this from the set's date is history, not the dateline.
SET_WINDOW = dt.timedelta(days=31)


def full_dates(readings: Iterable[object]) -> list[dt.date]:
    """The complete calendar dates ("March 14, 2016") among a document's readings.

    A dateline ("BRUSSELS, December 2, 1998 (Xinhua) --") is the article's own date,
    so where there is one it is the only date returned; one without its year
    ("LONDON, March 14 (Reuters) -") takes the year of the text's latest full date.
    """
    dates, dateline, partial = [], None, None
    for r in readings:
        if not isinstance(r, DateReading) or not (r.month and r.day):
            continue
        if r.is_absolute:
            try:
                day = dt.date(r.year, r.month, r.day)
            except ValueError:
                continue
            if r.dateline:
                dateline = dateline or day
            else:
                dates.append(day)
        elif r.dateline and r.year is None and r.relation is None and r.year_shift is None:
            partial = partial or (r.month, r.day)
    if dateline:
        return [dateline]
    if partial and dates:
        try:
            return [dt.date(max(dates).year, *partial)]
        except ValueError:
            pass
    return dates


def reference_dates(
    documents: list[Document], stated: dict[str, list[dt.date]], default: dt.date | None = None
) -> dict[str, ReferenceDate | None]:
    """A reference date for every document of a set.

    `stated` holds each document's full dates; `default` is the user's own choice
    (`--published`), which stands in for missing metadata.
    """
    refs: dict[str, ReferenceDate | None] = {}
    for doc in documents:
        if doc.published:
            refs[doc.id] = ReferenceDate(doc.published, "metadata", "front matter", FROM_METADATA)
        elif default:
            refs[doc.id] = ReferenceDate(default, "metadata", "--published", FROM_METADATA)
    known = [r.date for r in refs.values() if r]
    anchor = set_date(known, [max(found) for found in stated.values() if found])
    for doc in documents:
        if doc.id not in refs:
            refs[doc.id] = dated_by_set(stated.get(doc.id, []), anchor)
    return refs


def set_date(known: list[dt.date], latest_stated: list[dt.date]) -> dt.date | None:
    """The set's usual date: the commonest date its articles' metadata give, else the
    commonest latest full date their texts state (the first to reach it on a tie)."""
    dates = known or latest_stated
    if not dates:
        return None
    return Counter(dates).most_common(1)[0][0]


def dated_by_set(stated: list[dt.date], anchor: dt.date | None) -> ReferenceDate | None:
    """The date of an article without one of its own: the latest full date its text
    states near the set's date `anchor`, else the set's date."""
    return _from_text(stated, anchor) or _from_set(anchor)


def _from_text(dates: list[dt.date], anchor: dt.date | None) -> ReferenceDate | None:
    if anchor is not None:
        dates = [d for d in dates if abs(d - anchor) <= SET_WINDOW]
    if not dates:
        return None
    latest = max(dates)
    return ReferenceDate(latest, "inferred", f"the text states {_spoken(latest)}", FROM_OWN_TEXT)


def _from_set(anchor: dt.date | None) -> ReferenceDate | None:
    if anchor is None:
        return None
    return ReferenceDate(
        anchor, "inferred", f"the article set is dated {_spoken(anchor)}", FROM_THE_SET
    )


def _spoken(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"
