"""What a check answers: the draft checked, and the response body written.

The same code runs in a server thread and in a worker process (cms/processes.py), so a
draft gets the same answer whichever lane checked it. Nothing here knows HTTP beyond the
status code and the JSON body it returns.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import logging
import re
import time
from collections.abc import Callable
from typing import ClassVar

from factcheck import __version__
from factcheck.cms.api import (
    Checker,
    DraftError,
    DraftReport,
    DraftRole,
    DuplicateId,
    check_draft,
    rules_version,
)
from factcheck.cms.archive import Archive
from factcheck.cms.config import ServiceConfig
from factcheck.cms.schemas import ArchiveOptions, CheckRequest
from factcheck.cms.server import WorkStopped
from factcheck.model import Document, ReferenceDate
from factcheck.reports.json import JSON_VERSION, finding_json

log = logging.getLogger("factcheck.service")

Answer = tuple[int, str]  # the status code and the JSON body


# ------------------------------------------------------------------------ offsets


class Offsets:
    """Code-point offsets of one text in another encoding's units."""

    _WIDE: ClassVar[dict[str, tuple[re.Pattern, ...]]] = {
        "utf-16": (re.compile("[\U00010000-\U0010ffff]"),),
        "utf-8": (
            re.compile("[\u0080-\U0010ffff]"),
            re.compile("[\u0800-\U0010ffff]"),
            re.compile("[\U00010000-\U0010ffff]"),
        ),
    }

    def __init__(self, text: str, encoding: str):
        # One sorted list of positions per extra unit a character takes: an offset gains
        # one unit for every such character before it.
        self._extra = [[m.start() for m in p.finditer(text)] for p in self._WIDE.get(encoding, ())]

    def __call__(self, offset: int) -> int:
        return offset + sum(bisect.bisect_left(positions, offset) for positions in self._extra)


def claim_out(claim_data: dict, document: Document, offsets: Offsets, origin: str) -> dict:
    start, end = claim_data["start"], claim_data["end"]
    line_start = document.line_starts[claim_data["line"] - 1]
    claim_data["start"], claim_data["end"] = offsets(start), offsets(end)
    claim_data["column"] = offsets(start) - offsets(line_start) + 1
    claim_data["origin"] = origin
    return claim_data


# ------------------------------------------------------------------------ answers


class Answers:
    """One checker, an optional archive and the configuration: a request's answer."""

    def __init__(self, checker: Checker, archive: Archive | None, config: ServiceConfig):
        self.checker = checker
        self.archive = archive
        self.config = config
        self.rules_version = rules_version(checker.rule_set)

    def answer(
        self,
        payload: CheckRequest,
        deadline: float,
        started: float,
        stoppable: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
    ) -> Answer:
        """The check, then the response body. `stoppable` wraps the check: inside it the
        work may be stopped (WorkStopped), and the answer is then the overrun one."""
        try:
            with stoppable():
                report = self.run(payload, deadline)
        except WorkStopped:
            return 200, self.overrun(payload, started)  # no one awaits it: the thread is free
        except DuplicateId as error:
            # Of the request's shape, but in conflict with itself: JSON Schema cannot say
            # that ids must differ, so it is not the 422 of a body the schema refuses.
            return 409, json.dumps({"error": {"code": "duplicate_id", "message": str(error)}})
        except DraftError as error:
            return 422, json.dumps({"error": {"code": "invalid_request", "message": str(error)}})
        except Exception:
            log.exception("check failed")
            return 200, self.overrun(payload, started, "the checker failed on this input")
        return 200, self.response(payload, report, started)

    def run(self, payload: CheckRequest, deadline: float) -> DraftReport:
        options = payload.archive or ArchiveOptions()
        archive = self.archive if options.use else None
        days = options.days if options.days is not None else self.config.archive_days
        return check_draft(
            self.checker,
            payload.draft.model_dump(),
            [s.model_dump() for s in payload.sources],
            archive,
            story=options.story,
            days=days if archive else None,
            timeout=max(0.0, deadline - time.monotonic()),
        )

    def response(self, payload: CheckRequest, report: DraftReport, started: float) -> str:
        encoding = payload.offset_encoding
        offsets: dict[str, Offsets] = {}
        findings = []
        for index, finding in enumerate(report.findings):
            data = finding_json(finding) | _role_out(report.role(index))
            for claim_data in data["claims"]:
                doc = report.documents[claim_data["doc"]]
                if doc.id not in offsets:
                    offsets[doc.id] = Offsets(doc.text, encoding)
                claim_out(claim_data, doc, offsets[doc.id], report.origins[doc.id])
            findings.append(data)
        named = {c.doc for f in report.findings for c in f.claims}
        mine = [r.document.id for r in (report.draft, *report.sources)]
        documents = [
            _document_out(report.documents[d], report.origins[d], report.references.get(d))
            for d in [*mine, *sorted(named - set(mine))]
        ]
        used = report.archive
        data = {
            "version": JSON_VERSION,
            "status": report.status,
            "decision": self.config.gate.decide(report),  # by the draft's role in each
            "offset_encoding": encoding,
            "rules_version": self.rules_version,
            "factcheck_version": __version__,
            "findings": findings,
            "documents": documents,
            "archive": None
            if used is None
            else {
                "queries": used.queries,
                "claims": used.claims,
                "documents": used.documents,
                "story": used.scope.story,
                "first_day": _iso(used.scope.first_day),
                "last_day": _iso(used.scope.last_day),
            },
            "notes": list(report.notes),
            "elapsed_ms": round((time.monotonic() - started) * 1e3, 2),
        }
        return _dumps(data)

    def overrun(self, payload: CheckRequest, started: float, note: str | None = None) -> str:
        """The answer when the check could not finish at all: partial, no findings."""
        ids = [payload.draft.id or "draft"]
        ids += [s.id or f"source-{i}" for i, s in enumerate(payload.sources, 1)]
        data = {
            "version": JSON_VERSION,
            "status": "partial",
            "decision": self.config.gate.decision([], "partial"),
            "offset_encoding": payload.offset_encoding,
            "rules_version": self.rules_version,
            "factcheck_version": __version__,
            "findings": [],
            "documents": [
                {
                    "id": doc_id,
                    "origin": "draft" if i == 0 else "source",
                    "title": None,
                    "source": None,
                    "published": None,
                    "published_from": None,
                }
                for i, doc_id in enumerate(ids)
            ],
            "archive": None,
            "notes": [note or f"the time budget ({self.config.time_budget:g} s) ran out"],
            "elapsed_ms": round((time.monotonic() - started) * 1e3, 2),
        }
        return _dumps(data)


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _role_out(role: DraftRole | None) -> dict:
    if role is None:
        return {"draft_role": None, "sources_with_draft": None, "sources_against": None}
    return {
        "draft_role": role.role,
        "sources_with_draft": role.sources_with_draft,
        "sources_against": role.sources_against,
    }


def _document_out(document: Document, origin: str, reference: ReferenceDate | None) -> dict:
    published = reference.date if reference else document.published
    return {
        "id": document.id,
        "origin": origin,
        "title": document.title,
        "source": document.source,
        "published": _iso(published),
        "published_from": reference.source if reference else None,
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None
