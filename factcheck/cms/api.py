"""The embeddable API: check a draft before it is published.

    from factcheck.api import Archive, Checker, Gate

    checker = Checker()                      # grammar and rules compiled once; share it
    result = checker.check_draft(draft, against=[wire_story], archive=Archive("news.sqlite"))
    Gate().decide(result)                    # "pass", "warn" or "block"

A Checker holds no per-check state, so one instance may serve many threads. The
draft's findings are those that involve at least one of its claims: its figures
against the inline sources and, with an archive, against the archived claims that
the rules would put in the same group, read by key and nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from factcheck import pipeline
from factcheck.cms.archive import Archive, ArchiveError, KeyQuery, Scope, Selection
from factcheck.cms.roles import DraftRole, comparisons, draft_roles
from factcheck.evaluate.corpus import Corpus, key_of, selects
from factcheck.evaluate.engine import SEVERITY_RANK, evaluate_until
from factcheck.evaluate.sources import Sources, find_sources
from factcheck.load.articles import has_lone_surrogate, parse_iso_date
from factcheck.model import Claim, Document, Finding, ReferenceDate
from factcheck.pipeline import DocumentResult
from factcheck.rulebook.rules import RuleSet, as_data

__all__ = [
    "Archive",
    "ArchiveError",
    "Checker",
    "DraftError",
    "DraftReport",
    "DraftRole",
    "DuplicateId",
    "Gate",
    "as_document",
    "check_draft",
    "rules_version",
]

Status = Literal["complete", "partial"]
Decision = Literal["pass", "warn", "block"]
DRAFT_ID = "draft"
ARTICLE_KEYS = ("id", "text", "title", "source", "published", "url")
Article = Document | str | Mapping[str, Any]


class DraftError(ValueError):
    """A draft or source that cannot be checked: no text, a bad date, a repeated id."""


class DuplicateId(DraftError):
    """Two articles of one check have the same id: each finding names its claims' article
    by id, so the check would not say which one it means."""


@dataclass(frozen=True)
class ArchiveUse:
    """What a check read from the archive."""

    queries: int
    claims: int
    documents: int
    scope: Scope


@dataclass(frozen=True)
class DraftReport:
    """The findings that involve a draft, and how complete the check was."""

    draft: DocumentResult
    sources: tuple[DocumentResult, ...]
    findings: tuple[Finding, ...]
    status: Status
    documents: dict[str, Document]  # every document a finding may name, by id
    origins: dict[str, str]  # document id → "draft", "source" or "archive"
    references: dict[str, ReferenceDate | None]  # each document's reference date
    notes: tuple[str, ...] = ()
    archive: ArchiveUse | None = None
    seconds: float = 0.0
    roles: tuple[DraftRole, ...] = ()  # the draft's part in each finding, in order

    def role(self, index: int) -> DraftRole | None:
        """The draft's part in the finding at `index` (None if it was not decided)."""
        return self.roles[index] if index < len(self.roles) else None

    def gating(self) -> tuple[Finding, ...]:
        """The findings that may hold the draft back: those where the draft is the outlier
        or unsupported (cms/roles.py), and any whose role was not decided."""
        return tuple(
            f for i, f in enumerate(self.findings) if (r := self.role(i)) is None or r.gates
        )


def as_document(article: Article, default_id: str) -> Document:
    """A Document from a Document, a plain text, or a mapping with the keys of a JSONL
    article ({"id", "text", "title", "source", "published", "url"}). Text is taken as it is:
    no front matter is read from it, so offsets count from its first character."""
    if isinstance(article, Document):
        return article
    if isinstance(article, str):
        return Document(default_id, _checked_text(article, "text"), "<text>")
    if not isinstance(article, Mapping):
        raise DraftError(f"an article must be a text, a mapping or a Document, not {article!r}")
    unknown = sorted(set(article) - set(ARTICLE_KEYS))
    if unknown:
        raise DraftError(f"unknown article key '{unknown[0]}'; expected {', '.join(ARTICLE_KEYS)}")
    fields: dict[str, Any] = {}
    for key in ("title", "source", "url"):
        if article.get(key) is not None:
            fields[key] = _checked_text(article[key], key)
    doc_id = article.get("id")
    doc_id = default_id if doc_id is None else _checked_text(doc_id, "id")
    if not doc_id:
        raise DraftError("'id' must not be empty")
    published = parse_published(article.get("published"))
    text = _checked_text(article.get("text"), "text")
    return Document(doc_id, text, f"<{doc_id}>", published=published, **fields)


# What 'published' may hold, as the OpenAPI document states it: a date that exists
# (YYYY-MM-DD, no 2016-02-30), alone or with a time of day and an offset (RFC 3339, a
# space allowed for the T). The service takes exactly what matches, so the schema and
# the answers agree; written with [0-9], as \d is wider in some regex dialects.
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_TIME = (
    "(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,6})?)?"
    "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?)?"
)
PUBLISHED_PATTERN = f"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29){_TIME}$"
_PUBLISHED = re.compile(PUBLISHED_PATTERN)


def parse_published(value: object) -> dt.date | None:
    """An ISO 8601 date or date-time (its date part, as written) that matches
    PUBLISHED_PATTERN, or a date."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if not isinstance(value, str):
        raise DraftError(f"'published' must be an ISO 8601 date, not {value!r}")
    published = parse_iso_date(value) if _PUBLISHED.fullmatch(value) else None
    if published is None:
        raise DraftError(
            f"'published' must be an ISO 8601 date (YYYY-MM-DD) or date-time, not {value!r}"
        )
    return published


def _checked_text(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise DraftError(f"'{key}' must be a string")
    if has_lone_surrogate(value):
        raise DraftError(f"'{key}' holds a lone surrogate, which no text encoding allows")
    return value


# --------------------------------------------------------------------------- the check


class Checker(pipeline.Checker):
    """The pipeline's Checker with the embedding's entry point, `check_draft`.

    It keeps how the grammar read the last READ_CACHE articles it saw: a CMS sends the
    same wire copy with every save of a draft, so only the draft is read again. A
    reading depends on the article alone (dates are resolved after, for the set), and
    the article is the key, metadata and all."""

    READ_CACHE = 256

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._read = lru_cache(maxsize=self.READ_CACHE)(self._read)

    def check_draft(self, draft, against=(), archive=None, **options) -> DraftReport:
        """The findings that involve a draft, against inline sources and an archive: see
        `check_draft` below for the arguments."""
        return check_draft(self, draft, against, archive, **options)


def check_draft(
    checker: Checker,
    draft: Article,
    against: Iterable[Article] = (),
    archive: Archive | None = None,
    *,
    story: str | None = None,
    days: int | None = None,
    default_date: dt.date | None = None,
    timeout: float | None = None,
) -> DraftReport:
    """Check a draft against inline sources and, optionally, an archive.

    - `against`: the wire copy and other articles sent with the draft (texts, mappings or
      Documents); their reference dates are inferred with the draft's, as one set.
    - `archive`: archived claims of the same rule keys take part; `story` reads only
      documents archived under that story, `days` only those dated within that many days
      of the draft. Archived documents with the id of the draft or a source are skipped.
    - `default_date`: the reference date of articles without `published` (never today).
    - `timeout`: seconds; the check stops between stages and between rules once they are
      spent and reports status "partial" with the findings of the rules it ran.

    Raises DraftError for an unusable draft or source; archive failures do not raise: the
    check goes on without the archive, with status "partial" and a note.
    """
    started = time.monotonic()
    deadline = None if timeout is None else started + timeout
    documents = _documents(draft, against)
    notes: list[str] = []
    if _late(deadline):
        note = "the time budget ran out before the check began"
        return _partial_before_start(documents, started, note)
    results = checker.extract_set(documents, default_date)
    notes += [note.message for r in results for note in r.notes]  # lists left unread
    draft_result, source_results = results[0], results[1:]
    local = {d.id: d for d in documents}
    references: dict[str, ReferenceDate | None] = {r.document.id: r.reference for r in results}
    claims: list[Claim] = [c for r in results for c in r.claims]
    origins = {draft_result.document.id: "draft"} | {
        r.document.id: "source" for r in source_results
    }
    complete = True
    archive_use = None
    archived: dict[str, Document] = {}
    if archive is not None:
        scope = _scope(story, days, draft_result.reference, notes)
        selection = _read_archive(
            checker.rule_set, draft_result, local, archive, scope, deadline, notes
        )
        if selection is None:
            complete = False
        else:
            claims.extend(selection.claims)
            references.update(selection.references)
            origins.update(dict.fromkeys(selection.documents, "archive"))
            archived = selection.documents
            local = local | archived
            archive_use = ArchiveUse(
                selection.queries, len(selection.claims), len(selection.documents), scope
            )
    if _late(deadline):
        notes.append("the time budget ran out before the rules were applied")
        return DraftReport(
            draft_result, source_results, (), "partial", local, origins, references,
            tuple(notes), archive_use, time.monotonic() - started,
        )  # fmt: skip
    corpus = Corpus(
        claims=tuple(claims),
        documents=local,
        references=references,
        # The sources come again with every save of a draft, as archived articles come
        # with every draft of a story: what they share among themselves is kept.
        sources=find_sources(
            list(local.values()),
            settled=[*archived.values(), *(r.document for r in source_results)],
        ),
    )
    findings, finished = evaluate_until(corpus, checker.rule_set, lambda: _late(deadline))
    if not finished:
        complete = False
        notes.append("the time budget ran out before every rule was applied")
    draft_id = draft_result.document.id
    mine = tuple(f for f in findings if any(c.doc == draft_id for c in f.claims))
    roles = draft_roles(mine, draft_id, checker.rule_set, corpus)
    return DraftReport(
        draft=draft_result,
        sources=source_results,
        findings=mine,
        status="complete" if complete else "partial",
        documents=local,
        origins=origins,
        references=references,
        notes=tuple(notes),
        archive=archive_use,
        seconds=time.monotonic() - started,
        roles=roles,
    )


def _late(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def _documents(draft: Article, against: Iterable[Article]) -> list[Document]:
    # The draft is "draft" when it has no id (a source given that id clashes with it);
    # a source's default id is one no article was given.
    articles = [draft, *against]
    wanted = [f"source-{i}" for i in range(1, len(articles))]
    defaults = [DRAFT_ID, *_free_ids(wanted, {_given_id(a) for a in articles})]
    documents = [as_document(a, d) for a, d in zip(articles, defaults, strict=True)]
    seen: set[str] = set()
    for document in documents:
        if document.id in seen:
            raise DuplicateId(f"two articles have the id '{document.id}'; ids must be unique")
        seen.add(document.id)
    return documents


def _given_id(article: Article) -> str | None:
    if isinstance(article, Document):
        return article.id
    return article.get("id") if isinstance(article, Mapping) else None


def _free_ids(wanted: list[str], given: set[str | None]) -> list[str]:
    """Default ids that no article was given: a draft sent with the id 'source-4' leaves
    the fourth source without one 'source-4-2' (found by Schemathesis)."""
    free = []
    for name in wanted:
        candidate, n = name, 1
        while candidate in given:
            n += 1
            candidate = f"{name}-{n}"
        free.append(candidate)
    return free


def _partial_before_start(documents: list[Document], started: float, note: str) -> DraftReport:
    results = [DocumentResult(d, None, ()) for d in documents]
    origins = {d.id: ("draft" if i == 0 else "source") for i, d in enumerate(documents)}
    return DraftReport(
        results[0], tuple(results[1:]), (), "partial", {d.id: d for d in documents},
        origins, dict.fromkeys(origins), (note,), None, time.monotonic() - started,
    )  # fmt: skip


def _scope(
    story: str | None, days: int | None, reference: ReferenceDate | None, notes: list[str]
) -> Scope:
    if days is None:
        return Scope(story)
    if reference is None:
        notes.append("the draft has no date, so archived articles of any date were read")
        return Scope(story)
    window = dt.timedelta(days=days)
    try:
        return Scope(story, reference.date - window, reference.date + window)
    except OverflowError:
        return Scope(story)


# --------------------------------------------------------------------- archive queries


def _read_archive(
    rule_set: RuleSet,
    draft: DocumentResult,
    documents: dict[str, Document],
    archive: Archive,
    scope: Scope,
    deadline: float | None,
    notes: list[str],
) -> Selection | None:
    """The archived claims of the draft's groups, or None (and a note) when there is no
    time left or the archive cannot be read: the check then goes on without it."""
    if _late(deadline):
        notes.append("the time budget ran out before the archive was read")
        return None
    local = Corpus(draft.claims, documents, {}, Sources({}, {}, {}))
    queries = archive_queries(rule_set, draft.claims, local)
    try:
        selection = archive.select(queries, scope, exclude=documents)
    except (ArchiveError, sqlite3.Error, OSError) as error:
        notes.append(f"the archive could not be read ({error}); checked without it")
        return None
    if selection.unreadable:
        notes.append(
            f"{selection.unreadable} archived claims are stored in a form this version "
            "cannot read; re-add their documents"
        )
    return selection


def archive_queries(rule_set: RuleSet, claims: Iterable[Claim], corpus: Corpus) -> list[KeyQuery]:
    """The archive groups the draft's claims fall in: for each rule that compares claims
    with each other, the key of every claim it selects, and what it may be compared with.

    range and reference rules judge each claim on its own, so they read nothing; agreement,
    corroboration and spread read their own group; a relation reads every role of its join
    key.
    """
    claims = list(claims)
    queries: dict[tuple, KeyQuery] = {}
    for rule in rule_set.rules:
        for selectors, parts in comparisons(rule):
            keys = {key_of(c, parts, s) for c in claims for s in selectors if selects(s, c, corpus)}
            for key in sorted(keys, key=repr):
                for selector in selectors:
                    query = KeyQuery(tuple(parts), key, selector)
                    queries.setdefault((query.parts, key, id(selector)), query)
    return list(queries.values())


# ------------------------------------------------------------------------------ the gate


@dataclass(frozen=True)
class Gate:
    """The publish decision from a draft's findings.

    `decide` reads only the findings where the draft is the outlier or is unsupported
    (cms/roles.py); `decision` reads every finding it is given.
    "block" when a finding of at least `block_severity` is at least `block_confidence`
    sure; else "warn" when one of at least `warn_severity` is at least `warn_confidence`
    sure; else "pass". A partial check is at least `on_partial` ("warn" by default: what
    was not checked cannot pass). A severity of "never" turns that level off.
    """

    block_severity: str = "error"
    # Confidences are probabilities fitted on real coverage (docs/confidence.md): a toll
    # that disagrees with the sources is right about one time in three, reason enough to
    # hold a draft for an editor's look; a warning asks for less.
    block_confidence: float = 0.25
    warn_severity: str = "warning"
    warn_confidence: float = 0.1
    on_partial: Decision = "warn"

    def __post_init__(self):
        for name in ("block_severity", "warn_severity"):
            if getattr(self, name) not in (*SEVERITY_RANK, "never"):
                raise ValueError(f"{name} must be error, warning, info or never")
        for name in ("block_confidence", "warn_confidence"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1]")
        if self.on_partial not in ("pass", "warn", "block"):
            raise ValueError("on_partial must be pass, warn or block")

    def decide(self, report: DraftReport) -> Decision:
        """The decision on the findings where the draft is the one to check: a finding
        where it agrees with most independent sources, or a note, never holds it back."""
        return self.decision(report.gating(), report.status)

    def decision(self, findings: Iterable[Finding], status: Status = "complete") -> Decision:
        findings = list(findings)
        if self._any(findings, self.block_severity, self.block_confidence):
            decided: Decision = "block"
        elif self._any(findings, self.warn_severity, self.warn_confidence):
            decided = "warn"
        else:
            decided = "pass"
        if status == "partial":
            order = ("pass", "warn", "block")
            decided = max(decided, self.on_partial, key=order.index)
        return decided

    @staticmethod
    def _any(findings: list[Finding], severity: str, confidence: float) -> bool:
        if severity == "never":
            return False
        rank = SEVERITY_RANK[severity]
        return any(
            SEVERITY_RANK[f.severity] >= rank and f.confidence >= confidence for f in findings
        )


# ----------------------------------------------------------------------- rule versions


def rules_version(rule_set: RuleSet) -> str:
    """A short fingerprint of the rule set: the same rule files give the same version,
    wherever they are installed."""
    digest = hashlib.sha256()
    contents = []
    for name in rule_set.files:
        try:
            contents.append((Path(name).name, Path(name).read_bytes()))
        except OSError:
            contents = []
            break
    if contents:
        for name, data in sorted(contents):
            digest.update(name.encode() + b"\0" + data + b"\0")
    else:
        dumped = [as_data(rule) for rule in rule_set.rules]
        digest.update(json.dumps(dumped, sort_keys=True).encode())
    return digest.hexdigest()[:12]
