"""The claim archive: documents and their claims in one SQLite file.

A newsroom keeps what it has published (and the wire copy it received) here, so a
draft can be checked against it. Claims are rows whose key columns (type, event,
topic, noun class, unit) are indexed the way the rules group claims, with the full
claim as JSON beside them: checking a draft reads only the groups its own claims fall
in, whatever the size of the archive.

Durability and concurrency:

- WAL journal: readers never block the writer nor each other, and each read sees one
  consistent snapshot.
- A document is written whole (its row and all its claims) in a transaction with the
  few that arrived just before it (`BATCH_DOCUMENTS`, `BATCH_SECONDS`), and reported once
  committed: a process killed during an ingest loses at most the batch it was writing,
  none of which it had reported.
- `synchronous=NORMAL` (the default): in WAL mode a commit survives the process being
  killed; only a power cut or an OS crash can undo the last commits (never corrupt the
  file), and re-running the ingest restores them, since documents are replaced by id.
  `synchronous="full"` fsyncs every commit, for those who cannot re-run an ingest.
- One connection per thread: an Archive object may be shared between threads.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.cms.codec import (
    claim_from_json,
    claim_to_json,
    reference_to_json,
)
from factcheck.cms.queries import (
    KeyQuery,
    Scope,
    claims_sql,
    has_index,
    has_table,
    index_keys,
    key_columns,
    other_topics_sql,
    read_documents,
    schema_version,
)
from factcheck.model import Claim, Document, ReferenceDate
from factcheck.pipeline import DocumentResult
from factcheck.resolve.conversion import base_unit
from factcheck.rulebook.rules import RuleSet

SCHEMA_VERSION = 2
# Documents committed in one transaction, at most, and how long the first of them waits
# for the others: a commit for every document was half the time of writing it (the same
# index pages journalled again and again).
BATCH_DOCUMENTS = 64
BATCH_SECONDS = 0.5
WRITE_CACHE_KB = 64 * 1024  # the page cache of a connection that adds documents
DEFAULT_PATH = "factcheck-archive.sqlite"
ENV_PATH = "FACTCHECK_ARCHIVE"


_SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    doc INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    story TEXT,
    source TEXT,
    title TEXT,
    url TEXT,
    path TEXT NOT NULL,
    published TEXT,
    reference TEXT,
    day INTEGER,
    body_start INTEGER NOT NULL,
    claim_count INTEGER NOT NULL,
    rules_version TEXT NOT NULL,
    factcheck_version TEXT NOT NULL,
    added TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX documents_by_story ON documents(story, day);

CREATE TABLE claims (
    claim INTEGER PRIMARY KEY AUTOINCREMENT,
    doc INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    type TEXT NOT NULL,
    event TEXT,
    topic TEXT,
    noun_class TEXT,
    unit TEXT,
    story TEXT,
    day INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX claims_by_doc ON claims(doc);
CREATE INDEX claims_by_type ON claims(type, story, day);
CREATE INDEX claims_by_event ON claims(event, type, story, day);
CREATE INDEX claims_by_topic ON claims(topic, type, story, day);
CREATE INDEX claims_by_noun ON claims(noun_class, type, story, day);
CREATE INDEX claims_by_unit ON claims(unit, type, story, day);
"""
# Version 2: a claim's unit is stored as the base unit of what it measures ("120 mph" and
# "193 km/h" as "meter / second"), and its topics after the nearest in claim_topics.
_TOPICS_SCHEMA = """
CREATE TABLE claim_topics (
    other_topic TEXT NOT NULL,
    claim INTEGER NOT NULL REFERENCES claims(claim) ON DELETE CASCADE,
    PRIMARY KEY (other_topic, claim)
) WITHOUT ROWID;
CREATE INDEX claim_topics_by_claim ON claim_topics(claim);
"""


class ArchiveError(Exception):
    """An archive that cannot be opened or used: missing, of another schema version, corrupt."""


@dataclass(frozen=True)
class Selection:
    """What a check read from the archive."""

    claims: tuple[Claim, ...]
    documents: dict[str, Document]
    references: dict[str, ReferenceDate | None]
    queries: int
    unreadable: int = 0  # claims stored in a form this version cannot read


@dataclass(frozen=True)
class Added:
    id: str
    claims: int
    replaced: bool


class Archive:
    """A claim archive in one SQLite file; safe to share between threads.

    `readonly=True` opens an existing archive for reading only (the service does);
    otherwise the file is created when missing.
    """

    def __init__(
        self,
        path: str | os.PathLike = DEFAULT_PATH,
        *,
        readonly: bool = False,
        synchronous: str = "normal",
        timeout: float = 30.0,
        cache_claims: int = 100_000,
        cache_documents: int = 10_000,
    ):
        if synchronous.lower() not in ("normal", "full"):
            raise ValueError("synchronous must be 'normal' or 'full'")
        self.path = Path(path)
        self.readonly = readonly
        self._synchronous = synchronous.upper()
        self._timeout = timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Decoded claims and documents by row id. Row ids are never reused (AUTOINCREMENT)
        # and rows are never updated in place, so a cached row cannot go stale.
        self._claims = _Cache(cache_claims)
        self._docs = _Cache(cache_documents)
        if readonly and not self.path.is_file():
            raise ArchiveError(f"no archive at {self.path} (create one with factcheck archive add)")
        self._prepare()

    # --- connections ---------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.readonly:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                connection = sqlite3.connect(
                    uri, uri=True, timeout=self._timeout, isolation_level=None,
                    check_same_thread=False,
                )  # fmt: skip
            else:
                connection = sqlite3.connect(
                    self.path, timeout=self._timeout, isolation_level=None,
                    check_same_thread=False,
                )  # fmt: skip
            connection.execute(f"PRAGMA synchronous={self._synchronous}")
            connection.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as error:
            raise ArchiveError(f"cannot open archive {self.path}: {error}") from error
        return connection

    def close(self) -> None:
        """Close every thread's connection; the object must not be used afterwards."""
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _prepare(self) -> None:
        """Create the schema in a new file; check the version of an existing one."""
        connection = self._connection()
        try:
            if not self.readonly:
                # WAL is a property of the file: set once, kept by every later connection.
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("BEGIN IMMEDIATE")
                try:
                    if not has_table(connection, "meta"):
                        for statement in (_SCHEMA + _TOPICS_SCHEMA).split(";"):
                            if statement.strip():
                                connection.execute(statement)
                        connection.execute(
                            "INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                        )
                    elif schema_version(connection) == 1:
                        _upgrade_from_1(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
            version = schema_version(connection)
        except sqlite3.DatabaseError as error:
            raise ArchiveError(f"{self.path} is not a usable archive: {error}") from error
        if version != SCHEMA_VERSION:
            upgrade = "; open it for writing once (factcheck archive add) to upgrade it"
            raise ArchiveError(
                f"{self.path} has archive schema version {version}; "
                f"this factcheck reads version {SCHEMA_VERSION}" + (upgrade if version == 1 else "")
            )

    def ensure_indexes(self, rule_set: RuleSet) -> list[str]:
        """Composite indexes for the key combinations the rules group by (one column each
        is always indexed); returns the names of the indexes created."""
        created = []
        connection = self._connection()
        for columns in sorted(index_keys(rule_set)):
            name = "claims_key_" + "_".join(columns)
            if has_index(connection, name):
                continue
            indexed = ", ".join((*columns, "type", "story", "day"))
            connection.execute(f"CREATE INDEX IF NOT EXISTS {name} ON claims({indexed})")
            created.append(name)
        return created

    # --- writing -------------------------------------------------------------------------

    def add(
        self,
        results: Iterable[DocumentResult],
        *,
        story: str | None = None,
        rules_version: str = "",
    ) -> Iterator[Added]:
        """Store each document with its claims under `story`, replacing any document of the
        same id; yields each document once it is committed (see `add_filed`)."""
        yield from self.add_filed(((result, story) for result in results), rules_version)

    def add_filed(
        self, filed: Iterable[tuple[DocumentResult, str | None]], rules_version: str = ""
    ) -> Iterator[Added]:
        """Store each document with its claims under the story it comes with, replacing any
        document of the same id; yields each document once it is committed. Documents are
        committed together: BATCH_DOCUMENTS of them, or those that came within
        BATCH_SECONDS of the first of a batch (asked as each comes), and at the end."""
        # Each claim goes into ten indexes: with SQLite's default 2 MB of cache, the pages
        # they were writing to were read again from the file for every batch.
        self._connection().execute(f"PRAGMA cache_size=-{WRITE_CACHE_KB}")
        batch: list[tuple[DocumentResult, str | None]] = []
        began = 0.0
        for result, story in filed:
            if not batch:
                began = time.monotonic()
            batch.append((result, story))
            if len(batch) >= BATCH_DOCUMENTS or time.monotonic() - began >= BATCH_SECONDS:
                yield from self._write(batch, rules_version)
                batch = []
        if batch:
            yield from self._write(batch, rules_version)

    def _write(
        self, batch: list[tuple[DocumentResult, str | None]], rules_version: str
    ) -> list[Added]:
        """Some documents in one transaction: all of them, or none."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            added = [_write_document(connection, *filed, rules_version) for filed in batch]
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return added

    def remove(self, ids: Iterable[str]) -> int:
        """Delete documents (and their claims) by id, in one transaction; returns how many."""
        connection = self._connection()
        removed = 0
        connection.execute("BEGIN IMMEDIATE")
        try:
            for doc_id in ids:
                row = connection.execute("SELECT doc FROM documents WHERE id = ?", (doc_id,))
                found = row.fetchone()
                if found:
                    connection.execute("DELETE FROM claims WHERE doc = ?", found)
                    connection.execute("DELETE FROM documents WHERE doc = ?", found)
                    removed += 1
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return removed

    # --- reading -------------------------------------------------------------------------

    def select(
        self, queries: Iterable[KeyQuery], scope: Scope = Scope(), exclude: Iterable[str] = ()
    ) -> Selection:
        """The archived claims matching any of the queries, with their documents and their
        reference dates; documents whose id is in `exclude` are left out (a draft that was
        archived before is checked as it is now, not against its old self). One read
        transaction, so the claims and documents are of one snapshot."""
        statements = {}
        for query in queries:
            sql, params = claims_sql(query, scope)
            statements[sql, tuple(params)] = None
            other = other_topics_sql(query, scope)
            if other is not None:
                statements[other[0], tuple(other[1])] = None
        excluded = set(exclude)
        connection = self._connection()
        connection.execute("BEGIN")
        try:
            rows: dict[int, tuple[int, str]] = {}
            for sql, params in statements:
                for claim_id, doc, data in connection.execute(sql, params):
                    rows[claim_id] = (doc, data)
            doc_rows = self._documents(connection, {doc for doc, _ in rows.values()})
        finally:
            connection.execute("COMMIT")
        documents: dict[int, Document] = {}
        references: dict[str, ReferenceDate | None] = {}
        for rowid, (document, reference) in doc_rows.items():
            if document.id not in excluded:
                documents[rowid] = document
                references[document.id] = reference
        claims = []
        unreadable = 0
        for claim_id in sorted(rows):
            doc, data = rows[claim_id]
            if doc not in documents:
                continue
            claim = self._claims.get(claim_id)
            if claim is None:
                claim = claim_from_json(data)
                if claim is None:
                    unreadable += 1
                    continue
                self._claims.put(claim_id, claim)
            claims.append(claim)
        return Selection(
            tuple(claims),
            {d.id: d for d in documents.values()},
            references,
            len(statements),
            unreadable,
        )

    def document(self, doc_id: str) -> DocumentResult | None:
        """One archived document and its claims, as stored."""
        connection = self._connection()
        connection.execute("BEGIN")
        try:
            row = connection.execute("SELECT doc FROM documents WHERE id = ?", (doc_id,))
            found = row.fetchone()
            if found is None:
                return None
            (document, reference) = self._documents(connection, {found[0]})[found[0]]
            data = connection.execute(
                "SELECT data FROM claims WHERE doc = ? ORDER BY claim", found
            ).fetchall()
        finally:
            connection.execute("COMMIT")
        claims = tuple(c for c in (claim_from_json(d) for (d,) in data) if c is not None)
        return DocumentResult(document, reference, claims)

    def _documents(
        self, connection: sqlite3.Connection, rowids: set[int]
    ) -> dict[int, tuple[Document, ReferenceDate | None]]:
        found = {}
        missing = []
        for rowid in sorted(rowids):
            cached = self._docs.get(rowid)
            if cached is None:
                missing.append(rowid)
            else:
                found[rowid] = cached
        for rowid, value in read_documents(connection, missing).items():
            self._docs.put(rowid, value)
            found[rowid] = value
        return found

    def ids(self) -> list[str]:
        return [row[0] for row in self._connection().execute("SELECT id FROM documents")]

    def stats(self) -> dict[str, Any]:
        connection = self._connection()
        connection.execute("BEGIN")
        try:
            documents, claims = connection.execute(
                "SELECT count(*), coalesce(sum(claim_count), 0) FROM documents"
            ).fetchone()
            stories = connection.execute(
                "SELECT count(DISTINCT story) FROM documents WHERE story IS NOT NULL"
            ).fetchone()[0]
            versions = dict(
                connection.execute(
                    "SELECT rules_version, count(*) FROM documents GROUP BY rules_version"
                ).fetchall()
            )
            days = connection.execute("SELECT min(day), max(day) FROM documents").fetchone()
        finally:
            connection.execute("COMMIT")
        return {
            "path": str(self.path),
            "schema_version": SCHEMA_VERSION,
            "documents": documents,
            "claims": claims,
            "stories": stories,
            "first_day": dt.date.fromordinal(days[0]).isoformat() if days[0] else None,
            "last_day": dt.date.fromordinal(days[1]).isoformat() if days[1] else None,
            "rules_versions": versions,
        }

    def integrity(self) -> list[str]:
        """SQLite's integrity check, then the archive's own: every document has all its
        claims. An empty list means the archive is sound."""
        connection = self._connection()
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else problems
        for doc_id, expected, found in connection.execute(
            "SELECT d.id, d.claim_count, (SELECT count(*) FROM claims c WHERE c.doc = d.doc) "
            "FROM documents d"
        ):
            if expected != found:
                problems.append(f"document {doc_id}: {found} claims stored, {expected} expected")
        return problems

    def explain(self, query: KeyQuery, scope: Scope = Scope()) -> list[str]:
        """SQLite's query plan for one key query (to see which index it uses)."""
        sql, params = claims_sql(query, scope)
        rows = self._connection().execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return [row[-1] for row in rows]


def _write_document(
    connection: sqlite3.Connection, result: DocumentResult, story: str | None, rules_version: str
) -> Added:
    """A document's row and its claims' rows, in the caller's transaction."""
    doc, ref = result.document, result.reference
    day = ref.date.toordinal() if ref else None
    old = connection.execute("SELECT doc FROM documents WHERE id = ?", (doc.id,)).fetchone()
    if old:
        connection.execute("DELETE FROM claims WHERE doc = ?", old)
        connection.execute("DELETE FROM documents WHERE doc = ?", old)
    cursor = connection.execute(
        "INSERT INTO documents (id, story, source, title, url, path, published, "
        "reference, day, body_start, claim_count, rules_version, factcheck_version, "
        "added, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc.id, story, doc.source, doc.title, doc.url, doc.path,
            doc.published.isoformat() if doc.published else None,
            reference_to_json(ref), day, doc.body_start, len(result.claims),
            rules_version, __version__,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), doc.text,
        ),
    )  # fmt: skip
    rowid = cursor.lastrowid
    connection.executemany(
        "INSERT INTO claims (doc, type, event, topic, noun_class, unit, story, day, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(rowid, *key_columns(c), story, day, claim_to_json(c)) for c in result.claims],
    )
    _write_topics(connection, rowid, result.claims)
    return Added(doc.id, len(result.claims), old is not None)


def _write_topics(connection: sqlite3.Connection, rowid: int, claims: tuple[Claim, ...]) -> None:
    """The topics of a document's claims after their nearest (stored in `claims`)."""
    if not any(len(c.context.topics) > 1 for c in claims):
        return
    ids = connection.execute("SELECT claim FROM claims WHERE doc = ? ORDER BY claim", (rowid,))
    connection.executemany(
        "INSERT OR IGNORE INTO claim_topics (other_topic, claim) VALUES (?, ?)",
        [
            (topic, claim_id)
            for (claim_id,), claim in zip(ids.fetchall(), claims, strict=True)
            for topic in claim.context.topics[1:]
        ],
    )


def _upgrade_from_1(connection: sqlite3.Connection) -> None:
    """Version 1 to 2, inside the caller's transaction: units as base units, and the table
    of other topics (empty: version 1 read one topic a claim)."""
    for statement in _TOPICS_SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    units = [row[0] for row in connection.execute("SELECT DISTINCT unit FROM claims")]
    for unit in units:
        if base_unit(unit) != unit:
            connection.execute("UPDATE claims SET unit = ? WHERE unit = ?", (base_unit(unit), unit))
    connection.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


class _Cache:
    """A thread-safe least-recently-used map of bounded size."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict[int, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: int) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: int, value: Any) -> None:
        if self._size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
