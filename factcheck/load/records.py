"""Records in, Documents out: what a JSONL line's object or a Parquet row holds (an
`id`, a `text` and metadata), and the metadata an article may carry however it came.
A bad record is a Problem of its own, never a lost set.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import Any

from factcheck.model import DATE_ORDERS, Document, Problem

METADATA_KEYS = ("id", "title", "source", "published", "url", "date-order", "story")
log = logging.getLogger("factcheck.load")


def record_document(
    record: dict[str, Any], path: str, number: int
) -> tuple[Document | None, list[Problem]]:
    """The article of one record (a JSONL line's object, a Parquet row): `id` and
    `text` strings, and the metadata keys as strings or null."""
    surrogate = _lone_surrogate_problem(record, path, number)
    if surrogate is not None:
        return None, [surrogate]
    missing = [key for key in ("id", "text") if not _is_text(record.get(key))]
    if missing:
        names = " and ".join(f"'{key}'" for key in missing)
        verb = "must be strings" if len(missing) > 1 else "must be a string"
        return None, [Problem(path, f"{names} {verb}", number)]
    if not record["id"]:
        return None, [Problem(path, "'id' must not be empty", number)]
    fields, problems = _record_metadata(record, path, number)
    return Document(text=record["text"], path=path, **fields), problems


def _record_metadata(
    record: dict[str, Any], path: str, number: int
) -> tuple[dict[str, Any], list[Problem]]:
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in METADATA_KEYS:
        raw = record.get(key)
        if raw is not None and not _is_text(raw):
            problems.append(Problem(path, f"'{key}' must be a string or null", number))
            continue
        problem = set_metadata(fields, key, raw, path, number, None)
        problems.extend([problem] if problem else [])
    return fields, problems


def _lone_surrogate_problem(record: dict[str, Any], path: str, number: int) -> Problem | None:
    """A record whose id or text holds a lone surrogate ("\\ud800"), which no output can
    carry: named as such, not as a value that is no string."""
    for key in ("id", "text"):
        value = record.get(key)
        if isinstance(value, str) and has_lone_surrogate(value):
            at = next(i for i, char in enumerate(value) if "\ud800" <= char <= "\udfff")
            message = (
                f"'{key}' holds a lone surrogate (\\u{ord(value[at]):04x}) at character {at + 1}"
            )
            return Problem(path, message, number)
    return None


def _is_text(value: object) -> bool:
    return isinstance(value, str) and not has_lone_surrogate(value)


def has_lone_surrogate(text: str) -> bool:
    """Whether a str cannot be written out again: JSON "\\ud800" escapes decode to lone
    surrogates, which no UTF encoding of the output or of the offsets could represent."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def set_metadata(
    fields: dict[str, Any], key: str, raw: str | None, path: str, line: int, column: int | None
) -> Problem | None:
    """Store one metadata value; an empty value counts as absent."""
    if not raw:
        return None
    if key == "date-order":
        if raw not in DATE_ORDERS:
            message = f"date-order {raw!r} must be dmy (14/03/2016) or mdy (03/14/2016)"
            return Problem(path, message, line, column)
        fields["date_order"] = raw
        return None
    if key != "published":
        fields[key] = raw
        return None
    published = parse_iso_date(raw) or parse_written_date(raw)
    if published is None:
        message = f"published {raw!r} is not a date (2016-03-14, 14 March 2016, ...)"
        return Problem(path, message, line, column)
    fields[key] = published
    return None


def parse_iso_date(value: str) -> dt.date | None:
    """The date part of an ISO 8601 date or date-time, as written (no time-zone shift)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


# The languages metadata dates are tried in: loading all of dateparser's takes seconds.
PUBLISHED_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl"]
ISO_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def parse_written_date(value: str) -> dt.date | None:
    """A date as a CMS or a feed writes it ("Mon, 14 Mar 2016 09:30:00 GMT", "14 March
    2016", "März 14, 2016"), read by dateparser where ISO 8601 fails; it must give the
    day, the month and the year, so that nothing is filled in from today's date."""
    if ISO_LIKE.match(value):
        return None  # "2025-13-01" is a broken ISO date, not a day-first one to guess at
    import dateparser  # loaded only for metadata that is not ISO 8601

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_LOCALE_DATE_ORDER": True}
    try:
        parsed = dateparser.parse(value, languages=PUBLISHED_LANGUAGES, settings=settings)
    except (ValueError, OverflowError):  # an out-of-range day or year
        return None
    return parsed.date() if parsed else None


def isolated(
    path: str, line: int | None, read: Callable[..., tuple[Document | None, list[Problem]]], *args
) -> tuple[Document | None, list[Problem]]:
    """What `read(*args)` gives for one article; a fault inside it (a bug, not bad input)
    is a problem of that article, and the rest of the set is still read."""
    try:
        return read(*args)
    except Exception as error:
        log.debug("internal error reading %s", path, exc_info=True)
        return None, [Problem(path, f"internal error: {type(error).__name__}: {error}", line)]


def admitted(
    path: str,
    number: int,
    read: Callable[..., tuple[Document | None, list[Problem]]],
    raw: Any,
    budget,
) -> tuple[Document | None, list[Problem]]:
    """One record of a set (a JSONL line, a Parquet row) read as an article, isolated as
    above, and within the budget: the article, or None, and the record's problems."""
    document, found = isolated(path, number, read, raw, path, number)
    problem = document and budget.over(path, len(document.text.encode()), number)
    return (None, [*found, problem]) if problem else (document, found)
