"""The HTTP service: `POST /v1/check`, `GET /healthz` and `GET /openapi.json`.

An ASGI app (Starlette) around one Checker, built before the first request, and an
optional read-only Archive. The contract is ../shared/specs/interfaces.md; the request
and response shapes are the pydantic models below, which also give the OpenAPI schema.

What a client sends never gets a 5xx:

- a body over the size limit gets 413, one that is not UTF-8 JSON 400, one of the
  wrong shape 422, each as {"error": {"code", "message"}};
- the check runs with a time budget, in a worker thread, or in a worker process when
  the body is over `heavy_bytes` (lanes.py): it stops between stages and between rules
  once the budget is spent and answers 200 with status "partial" and the findings of
  the rules it ran; if a single stage overruns the budget by more than a grace period,
  the answer is "partial" with no findings;
- an archive that cannot be read, or a fault inside the checker, also gives "partial",
  with a note saying so (the fault goes to the server log);
- a check that overruns is stopped in its thread (server.py), or its worker process is
  killed and replaced, so the lane is free for the next; a body not sent within
  `body_timeout` gets 408;
- when `max_pending` checks are already running or waiting for a thread, or every
  worker process is busy, another gets 429 with Retry-After at once, rather than a
  partial answer after a long wait.

A partial check is at least a "warn" by default (what was not checked cannot pass).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from factcheck import __version__
from factcheck.cms.access import middleware, read_token
from factcheck.cms.answers import Answers
from factcheck.cms.api import Checker, Gate
from factcheck.cms.archive import Archive
from factcheck.cms.config import DEFAULT_MAX_BODY, DEFAULT_TIME_BUDGET, ServiceConfig
from factcheck.cms.lanes import ProcessLane, ThreadLane
from factcheck.cms.openapi import openapi_schema
from factcheck.cms.schemas import MAX_SOURCES, CheckRequest
from factcheck.cms.server import TimedH11Protocol

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


# ---------------------------------------------------------------------------- app


class Service:
    """The app's state: the answers (one checker, an optional archive, the
    configuration) and the lanes checks run in: threads, and worker processes for
    requests over `heavy_bytes`."""

    def __init__(self, checker: Checker, archive: Archive | None, config: ServiceConfig):
        self.answers = Answers(checker, archive, config)
        self.checker, self.archive, self.config = checker, archive, config
        self.rules_version = self.answers.rules_version
        self.threads = ThreadLane(self.answers, config.workers, config.max_pending)
        self.processes = None  # with no worker process, every check runs in a thread
        if config.heavy_processes:
            self.processes = ProcessLane(self.answers, config.heavy_processes)

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
        # past its lane's room a client is told at once to come back.
        lane = self._lane(len(body))
        if lane.pending >= lane.room:
            return self._busy()
        lane.pending += 1
        try:
            return await self._checked(lane, payload, started)
        finally:
            lane.pending -= 1

    def _lane(self, size: int) -> ThreadLane | ProcessLane:
        """Large requests go to the worker processes: their work, seconds of it for a
        dense draft near the body limit, must not hold the server's GIL nor its heap."""
        if self.processes is not None and size > self.config.heavy_bytes:
            return self.processes
        return self.threads

    def _busy(self) -> Response:
        seconds = math.ceil(self.config.time_budget)
        error = ApiError(429, "too_many_requests", f"the service is busy; retry in {seconds} s")
        response = error.response()
        response.headers["Retry-After"] = str(seconds)
        return response

    async def _checked(
        self, lane: ThreadLane | ProcessLane, payload: CheckRequest, started: float
    ) -> Response:
        deadline = started + self.config.time_budget
        loop = asyncio.get_running_loop()
        job = object()
        work = loop.run_in_executor(lane.executor, lane.call, payload, deadline, started, job)
        try:
            status, data = await asyncio.wait_for(work, self.config.time_budget + GRACE)
        except TimeoutError:
            lane.stop(job)  # the thread's work stopped, or the worker process killed
            status, data = 200, self.answers.overrun(payload, started)
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
        self.threads.close()
        if self.processes is not None:
            self.processes.close()
        if self.archive is not None:
            self.archive.close()


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
        if service.processes is not None:
            service.processes.warm()  # ready before the first large request
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
        heavy_bytes=settings.get("heavy_bytes", ServiceConfig.heavy_bytes),
        heavy_processes=settings.get("heavy_processes", ServiceConfig.heavy_processes),
    )
    return create_app(checker, archive, config)
