"""The archive's SQL: what a query asks for (KeyQuery, Scope), the claim columns of each
rule key, schema checks, an index per rule key, and the reads of claims and documents."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from factcheck.cms.codec import (
    reference_from_json,
)
from factcheck.evaluate.corpus import key_of
from factcheck.model import Claim, Document, ReferenceDate
from factcheck.resolve.conversion import base_unit
from factcheck.rulebook.rules import ANY, RuleSet, Selector

# Rule key parts → claim columns. A count's role is its event too, so the event column
# narrows a read by role; scope has no column, and the check groups what it reads again.
KEY_COLUMNS = {
    "event": "event",
    "role": "event",
    "topic": "topic",
    "noun": "noun_class",
    "unit": "unit",
    "type": "type",
}
_COLUMN_ORDER = ("event", "topic", "noun_class", "unit")
_SQL_VARIABLES = 900  # rows fetched by id per statement, well under SQLite's limit


@dataclass(frozen=True, eq=False)
class KeyQuery:
    """The archived claims one rule group may compare with a draft claim: the claims whose
    key `parts` have the values `key`, narrowed by what the rule's selector asks for."""

    parts: tuple[str, ...]
    key: tuple
    selector: Selector


@dataclass(frozen=True)
class Scope:
    """Which archived documents a check reads: one story, and a window of reference dates."""

    story: str | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None


def has_table(connection: sqlite3.Connection, name: str) -> bool:
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def has_index(connection: sqlite3.Connection, name: str) -> bool:
    row = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def schema_version(connection: sqlite3.Connection) -> int | None:
    if not has_table(connection, "meta"):
        return None
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def index_keys(rule_set: RuleSet) -> set[tuple[str, ...]]:
    """The column lists of the composite indexes the rules' keys call for: two or more key
    columns (one is always indexed), in a fixed order, leaving out those that are a prefix
    of another."""
    keys = set()
    for rule in rule_set.rules:
        parts = getattr(rule, "group_by", None) or getattr(rule, "join", None) or []
        columns = tuple(c for c in _COLUMN_ORDER if c in {KEY_COLUMNS.get(p) for p in parts})
        if len(columns) >= 2:
            keys.add(columns)
    return {k for k in keys if not any(o != k and o[: len(k)] == k for o in keys)}


def key_columns(claim: Claim) -> tuple:
    """The claim's key columns, in the order of the claims table. The unit is stored as
    the base unit of what it measures ("120 mph" and "193 km/h" as "meter / second"), so
    that a draft's claim in one unit finds archived claims in another."""
    *columns, unit = key_of(claim, ("type", "event", "topic", "noun", "unit"))
    return (*columns, base_unit(unit))


def claims_sql(query: KeyQuery, scope: Scope) -> tuple[str, list]:
    """The query for the claims of a key, by their nearest topic where it names one."""
    where, params = _conditions(query, scope, "topic")
    sql = "SELECT claim, doc, data FROM claims"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql, params


def other_topics_sql(query: KeyQuery, scope: Scope) -> tuple[str, list] | None:
    """The query for the claims of a key that are about its topic though another one is
    nearer ("Turnout in the election was 48.2 percent", for a rule on turnout); None
    where the key and the selector name no topic."""
    topics = dict(zip(query.parts, query.key, strict=True)).get("topic")
    if topics is None and not isinstance(query.selector.topic, list):
        return None
    where, params = _conditions(query, scope, "other_topic")
    sql = (
        "SELECT c.claim, c.doc, c.data FROM claim_topics t JOIN claims c ON c.claim = t.claim"
        " WHERE " + " AND ".join(where)
    )
    return sql, params


def _conditions(query: KeyQuery, scope: Scope, topic_column: str) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    columns = {**KEY_COLUMNS, "topic": topic_column}
    for part, value in zip(query.parts, query.key, strict=True):
        if part not in columns:
            continue  # no column of its own: the check groups the claims it reads again
        where.append(f"{columns[part]} IS ?")  # IS: a missing key part matches NULL
        params.append(base_unit(value) if part == "unit" else value)
    selector = query.selector
    types = selector.types()
    if types is not None:
        where.append(f"type IN ({', '.join('?' * len(types))})")
        params.extend(sorted(types))
    for column, wanted in (
        ("event", selector.event),
        ("event", selector.role),
        (topic_column, selector.topic),
        ("noun_class", selector.noun),
        ("unit", _base_units(selector.unit)),
    ):
        if wanted == ANY:
            where.append(f"{column} IS NOT NULL")
        elif wanted is not None:
            where.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            params.extend(wanted)
    if scope.story is not None:
        where.append("story = ?")
        params.append(scope.story)
    if scope.first_day is not None:
        where.append("day >= ?")
        params.append(scope.first_day.toordinal())
    if scope.last_day is not None:
        where.append("day <= ?")
        params.append(scope.last_day.toordinal())
    return where, params


def _base_units(units: list[str] | str | None) -> list[str] | str | None:
    """A selector's units as the archive stores them: "mph" and "km/h" as one base unit."""
    if units is None or units == ANY:
        return units
    return sorted({base_unit(unit) or unit for unit in units})


def read_documents(
    connection: sqlite3.Connection, rowids: list[int]
) -> dict[int, tuple[Document, ReferenceDate | None]]:
    found = {}
    for i in range(0, len(rowids), _SQL_VARIABLES):
        chunk = rowids[i : i + _SQL_VARIABLES]
        for row in connection.execute(
            "SELECT doc, id, source, title, url, path, published, reference, body_start, text "
            f"FROM documents WHERE doc IN ({', '.join('?' * len(chunk))})",
            chunk,
        ):
            rowid, doc_id, source, title, url, path, published, reference, body_start, text = row
            document = Document(
                id=doc_id, text=text, path=path, body_start=body_start, title=title,
                source=source, published=dt.date.fromisoformat(published) if published else None,
                url=url,
            )  # fmt: skip
            found[rowid] = (document, reference_from_json(reference))
    return found


# --- claims as JSON ------------------------------------------------------------------------
