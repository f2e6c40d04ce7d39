"""What keeps the HTTP service answering under hostile clients, beside the app itself.

- `TimedH11Protocol`: uvicorn's h11 protocol with a deadline for a request's headers.
  uvicorn drops an idle keep-alive connection, but any byte restarts its wait, so a
  client that sends its headers a byte at a time would hold the connection (and a file
  descriptor) forever; here the whole header must arrive within the deadline. An idle
  kept-alive connection is kept for the same deadline, not uvicorn's 5 s: that is also
  httpx's own limit for an idle connection, and only 2 s past the Retry-After of a 429,
  so a client that came back after Retry-After on a loaded machine sent its request as
  the server closed the connection, and read a reset (httpx.ReadError).
- `Stopper`: a check that overruns its time budget is stopped in its worker thread, so
  the thread is free for the next request rather than busy with an answer no one awaits.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time
from collections.abc import Iterator

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0  # seconds from a connection, or from the last answer on it
_TIMEOUT_ANSWER = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class TimedH11Protocol(H11Protocol):
    """h11 with a deadline for each request's headers: a client that began a request
    and missed it gets 408, and the connection is closed; an idle one is closed without
    a word (a client may be sending its next request just then: an answer it did not ask
    for would be read as that request's). `header_timeout` is set once per process."""

    header_timeout = HEADER_TIMEOUT
    _header_timer = None
    _heard = False  # a byte of the next request arrived since the deadline was armed

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.timeout_keep_alive = self.header_timeout  # uvicorn's idle limit: see above

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        self._heard = True
        super().data_received(data)

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
        self._heard = False
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if self._in_request() or self.transport.is_closing():
            return
        if self._heard:
            self.transport.write(_TIMEOUT_ANSWER)
        self.transport.close()


class WorkStopped(BaseException):
    """Raised inside a worker thread whose work overran; a BaseException, so that no
    `except Exception` on the way swallows it."""


class Stopper:
    """Work in worker threads that the event loop may stop: the exception is raised in
    the thread at its next Python instruction (a call into C, such as a SQLite query,
    finishes first).

    No lock is taken on either side: an exception that lands in a thread holding a lock
    would leave it held. Each side claims a job by popping it from a dict, which the GIL
    makes atomic; whoever pops it first decides whether the job was stopped."""

    def __init__(self):
        self._threads: dict[object, int] = {}  # running jobs and their threads
        self._raised: set[object] = set()  # stopped jobs whose exception is on its way

    @contextlib.contextmanager
    def running(self, job: object) -> Iterator[None]:
        ident = threading.get_ident()
        self._threads[job] = ident
        try:
            yield
        finally:
            if self._threads.pop(job, None) is None:
                self._await_stop(job, ident)

    def _await_stop(self, job: object, ident: int) -> None:
        """The job ended as it was stopped: wait for the exception, which comes here
        (and goes up from here), or withdraw it, so that it cannot land in other work."""
        deadline = time.monotonic() + STOP_WAIT
        while job not in self._raised and time.monotonic() < deadline:
            time.sleep(0.001)
        _raise_in(ident, None)
        self._raised.discard(job)

    def stop(self, job: object) -> bool:
        """Stop a job if it is still running; whether it was."""
        ident = self._threads.pop(job, None)
        if ident is None:
            return False
        _raise_in(ident, WorkStopped)
        self._raised.add(job)
        return True


STOP_WAIT = 5.0  # seconds: the stopper raises right after it claims a job


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Raise an exception in a thread (None: withdraw one not raised yet)."""
    what = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), what)
