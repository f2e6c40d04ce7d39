"""What keeps the HTTP service answering under hostile clients, beside the app itself.

- `TimedH11Protocol`: uvicorn's h11 protocol with a deadline for a request's headers.
  uvicorn drops an idle keep-alive connection, but any byte restarts its wait, so a
  client that sends its headers a byte at a time would hold the connection (and a file
  descriptor) forever; here the whole header must arrive within the deadline.
- `Stopper`: a check that overruns its time budget is stopped in its worker thread, so
  the thread is free for the next request rather than busy with an answer no one awaits.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Iterator

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0  # seconds from a connection, or from the last answer on it
_TIMEOUT_ANSWER = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class TimedH11Protocol(H11Protocol):
    """h11 with a deadline for each request's headers; a client that misses it gets 408
    and the connection is closed. `header_timeout` is set once per process."""

    header_timeout = HEADER_TIMEOUT
    _header_timer = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self._in_request():
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's headers, on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _in_request(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if self._in_request() or self.transport.is_closing():
            return
        self.transport.write(_TIMEOUT_ANSWER)
        self.transport.close()


class WorkStopped(BaseException):
    """Raised inside a worker thread whose work overran; a BaseException, so that no
    `except Exception` on the way swallows it."""


class Stopper:
    """Work in worker threads that the event loop may stop: the exception is raised in
    the thread at its next Python instruction (a call into C, such as a SQLite query,
    finishes first)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._threads: dict[object, int] = {}

    @contextlib.contextmanager
    def running(self, job: object) -> Iterator[None]:
        with self._lock:
            self._threads[job] = threading.get_ident()
        try:
            yield
        finally:
            with self._lock:
                ident = self._threads.pop(job)
                _raise_in(ident, None)  # a stop that came as the work ended is dropped

    def stop(self, job: object) -> bool:
        """Stop a job if it is still running; whether it was."""
        with self._lock:
            ident = self._threads.get(job)
            if ident is not None:
                _raise_in(ident, WorkStopped)
            return ident is not None


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Raise an exception in a thread (None: withdraw one not raised yet)."""
    what = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), what)
