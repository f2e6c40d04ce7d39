"""The HTTP service: `POST /v1/check`, `GET /healthz` and `GET /openapi.json`.

An ASGI app (Starlette) around one Checker, built before the first request, and an
optional read-only Archive. The contract is ../shared/specs/interfaces.md; the request
and response shapes are the pydantic models below, which also give the OpenAPI schema.

What a client sends never gets a 5xx:

- a body over the size limit gets 413, one that is not UTF-8 JSON 400, one of the
  wrong shape 422, each as {"error": {"code", "message"}};
- the check runs in a worker thread with a time budget: it stops between stages and
  between rules once the budget is spent and answers 200 with status "partial" and the
  findings of the rules it ran; if a single stage overruns the budget by more than a
  grace period, the answer is "partial" with no findings;
- an archive that cannot be read, or a fault inside the checker, also gives "partial",
  with a note saying so (the fault goes to the server log);
- a check that overruns is stopped in its thread (server.py), so the thread is free for
  the next; a body not sent within `body_timeout` gets 408;
- when `max_pending` checks are already running or waiting for a thread, another gets 429
  with Retry-After at once, rather than a partial answer after a long wait.

A partial check is at least a "warn" by default (what was not checked cannot pass).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import logging
import math
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from factcheck import __version__
from factcheck.cms.access import middleware, read_token
from factcheck.cms.api import (
    Checker,
    DraftError,
    DraftReport,
    DraftRole,
    Gate,
    check_draft,
    rules_version,
)
from factcheck.cms.archive import Archive
from factcheck.cms.config import DEFAULT_MAX_BODY, DEFAULT_TIME_BUDGET, ServiceConfig
from factcheck.cms.openapi import openapi_schema
from factcheck.cms.schemas import MAX_SOURCES, ArchiveOptions, CheckRequest
from factcheck.cms.server import Stopper, TimedH11Protocol, WorkStopped
from factcheck.model import Document, ReferenceDate
from factcheck.reports.json import JSON_VERSION, finding_json

log = logging.getLogger("factcheck.service")

GRACE = 0.5  # seconds a stage may overrun the budget before the answer goes without it


# ------------------------------------------------------------------------- errors


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: list | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details

    def response(self) -> Response:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return _json({"error": body}, self.status)


def _json(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status, media_type="application/json")


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    error = ApiError(exc.status_code, code, str(exc.detail))
    response = error.response()
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


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


# ---------------------------------------------------------------------------- app


class Service:
    """The app's state: one checker, an optional archive, the configuration."""

    def __init__(self, checker: Checker, archive: Archive | None, config: ServiceConfig):
        self.checker = checker
        self.archive = archive
        self.config = config
        self.rules_version = rules_version(checker.rule_set)
        self.executor = ThreadPoolExecutor(config.workers, thread_name_prefix="factcheck-check")
        self.stopper = Stopper()
        self.pending = 0  # checks admitted and not answered; read and written on the loop

    async def check(self, request: Request) -> Response:
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.config.body_timeout):
                body = await self._body(request)
            payload = _parse(body)
            self._within_limits(payload)
        except ApiError as error:
            return error.response()
        except ClientDisconnect:
            return Response(status_code=400)
        except TimeoutError:
            message = f"the body did not arrive within {self.config.body_timeout:g} s"
            return ApiError(408, "request_timeout", message).response()
        # Admitted once its body is in, so that slow senders hold no place in the queue;
        # past `max_pending` a client is told at once to come back.
        if self.pending >= self.config.max_pending:
            return self._busy()
        self.pending += 1
        try:
            return await self._checked(payload, started)
        finally:
            self.pending -= 1

    def _busy(self) -> Response:
        seconds = math.ceil(self.config.time_budget)
        error = ApiError(429, "too_many_requests", f"the service is busy; retry in {seconds} s")
        response = error.response()
        response.headers["Retry-After"] = str(seconds)
        return response

    async def _checked(self, payload: CheckRequest, started: float) -> Response:
        deadline = started + self.config.time_budget
        loop = asyncio.get_running_loop()
        job = object()
        work = loop.run_in_executor(self.executor, self._answer, payload, deadline, started, job)
        try:
            status, data = await asyncio.wait_for(work, self.config.time_budget + GRACE)
        except TimeoutError:
            self.stopper.stop(job)
            status, data = 200, self._overrun(payload, started)
        return Response(data, status, media_type="application/json")

    async def _body(self, request: Request) -> bytes:
        limit = self.config.max_body_bytes
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and not kind.endswith("json"):
            raise ApiError(415, "unsupported_media_type", f"send JSON, not {kind}")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise ApiError(413, "payload_too_large", f"the body is over {limit} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "payload_too_large", f"the body is over {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _within_limits(self, payload: CheckRequest) -> None:
        limit = self.config.max_sources
        if len(payload.sources) > limit:
            message = f"sources: {len(payload.sources)} sent; this service takes at most {limit}"
            raise ApiError(422, "too_many_sources", message)

    def _answer(
        self, payload: CheckRequest, deadline: float, started: float, job: object
    ) -> tuple[int, str]:
        """Runs in a worker thread: the check, then the response body."""
        try:
            with self.stopper.running(job):
                report = self._run(payload, deadline)
        except WorkStopped:
            return 200, self._overrun(payload, started)  # no one awaits it: the thread is free
        except DraftError as error:
            return 422, json.dumps({"error": {"code": "invalid_request", "message": str(error)}})
        except Exception:
            log.exception("check failed")
            return 200, self._overrun(payload, started, "the checker failed on this input")
        return 200, self._response(payload, report, started)

    def _run(self, payload: CheckRequest, deadline: float) -> DraftReport:
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

    def _response(self, payload: CheckRequest, report: DraftReport, started: float) -> str:
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
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def _overrun(self, payload: CheckRequest, started: float, note: str | None = None) -> str:
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
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    async def health(self, request: Request) -> Response:
        archive = str(self.archive.path) if self.archive else None
        return _json(
            {
                "status": "ok",
                "version": __version__,
                "rules_version": self.rules_version,
                "archive": archive,
            }
        )

    async def openapi(self, request: Request) -> Response:
        return _json(openapi_schema(self.config))

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.archive is not None:
            self.archive.close()


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


def _parse(body: bytes) -> CheckRequest:
    try:
        text = body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ApiError(
            400, "invalid_encoding", f"the body is not UTF-8 (byte {error.start})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"the body is not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        raise ApiError(400, "invalid_json", message) from None
    except RecursionError:
        raise ApiError(400, "invalid_json", "the body is not JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise ApiError(400, "invalid_json", f"the body is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_request", "the body must be a JSON object")
    try:
        return CheckRequest.model_validate(data)
    except ValidationError as error:
        details = [
            {"loc": ".".join(str(p) for p in e["loc"]), "message": _message(e["msg"])}
            for e in error.errors(include_url=False, include_input=False)
        ]
        first = details[0]
        message = f"{first['loc'] or 'body'}: {first['message']}"
        if len(details) > 1:
            message += f" (and {len(details) - 1} more)"
        raise ApiError(422, "invalid_request", message, details[:20]) from None
    except RecursionError:
        raise ApiError(422, "invalid_request", "the body is nested too deeply") from None


def _message(text: str) -> str:
    return text.removeprefix("Value error, ")


def create_app(
    checker: Checker | None = None,
    archive: Archive | None = None,
    config: ServiceConfig | None = None,
) -> Starlette:
    """The ASGI app; the Checker (the bundled rules by default) is built here, once."""
    service = Service(checker or Checker(), archive, config or ServiceConfig())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        service.close()

    app = Starlette(
        middleware=middleware(service.config.token, service.config.cors_origins),
        routes=[
            Route("/v1/check", service.check, methods=["POST"]),
            Route("/healthz", service.health, methods=["GET"]),
            Route("/openapi.json", service.openapi, methods=["GET"]),
        ],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.service = service
    return app


ENV_CONFIG = "FACTCHECK_SERVICE"


def app_from_environment() -> Starlette:
    """The app factory for `uvicorn --factory` and for several worker processes: the
    configuration comes as JSON in $FACTCHECK_SERVICE (what `factcheck serve` writes),
    the token in $FACTCHECK_TOKEN."""
    from factcheck.rulebook.loading import load_rules

    settings = json.loads(os.environ.get(ENV_CONFIG, "{}"))
    rule_paths = settings.get("rule_paths")
    checker = Checker(load_rules(None if rule_paths is None else [Path(p) for p in rule_paths]))
    archive_path = settings.get("archive")
    time_budget = settings.get("time_budget", DEFAULT_TIME_BUDGET)
    archive = Archive(archive_path, readonly=True, timeout=time_budget) if archive_path else None
    TimedH11Protocol.header_timeout = settings.get(
        "header_timeout", TimedH11Protocol.header_timeout
    )
    config = ServiceConfig(
        max_body_bytes=settings.get("max_body_bytes", DEFAULT_MAX_BODY),
        time_budget=time_budget,
        gate=Gate(**settings.get("gate", {})),
        archive_days=settings.get("archive_days"),
        workers=settings.get("workers", 4),
        max_sources=settings.get("max_sources", MAX_SOURCES),
        cors_origins=tuple(settings.get("cors_origins", ())),
        token=read_token(None),  # the token comes in $FACTCHECK_TOKEN, never in the JSON
        max_pending=settings.get("max_pending", ServiceConfig.max_pending),
        body_timeout=settings.get("body_timeout", ServiceConfig.body_timeout),
    )
    return create_app(checker, archive, config)
