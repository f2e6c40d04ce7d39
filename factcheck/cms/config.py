"""The service's settings: limits, the gate, CORS and the token (see `factcheck serve`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factcheck.cms.api import Gate
from factcheck.cms.schemas import MAX_SOURCES

DEFAULT_MAX_BODY = 1_000_000  # bytes
DEFAULT_TIME_BUDGET = 3.0  # seconds
# A request over this many bytes is checked in a worker process: a draft of dense news
# prose this long is about 0.15 s of work, news with its wire copy a tenth of it.
DEFAULT_HEAVY_BYTES = 65_536


@dataclass(frozen=True)
class ServiceConfig:
    max_body_bytes: int = DEFAULT_MAX_BODY
    time_budget: float = DEFAULT_TIME_BUDGET
    gate: Gate = field(default_factory=Gate)
    archive_days: int | None = None  # default window of archived dates, either side
    workers: int = 4  # threads that run checks
    max_sources: int = MAX_SOURCES  # sources one request may send
    cors_origins: tuple[str, ...] = ()  # browser origins allowed to call; "*" for any
    token: str | None = field(default=None, repr=False)  # bearer token; None: no token asked
    max_pending: int = 32  # checks running or waiting for a thread; more get 429
    body_timeout: float = 10.0  # seconds to send the body, once the headers are in
    heavy_bytes: int = DEFAULT_HEAVY_BYTES  # larger requests are checked in a worker process
    heavy_processes: int = 1  # worker processes for them; 0: every check in a thread

    def limits(self) -> dict[str, Any]:
        """The limits a client must keep to, as the OpenAPI document lists them."""
        return {
            "max_body_bytes": self.max_body_bytes,
            "max_sources": self.max_sources,
            "time_budget_seconds": self.time_budget,
        }
