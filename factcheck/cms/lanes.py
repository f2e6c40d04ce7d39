"""Where a check runs: a thread of the server, or a worker process for large requests.

A large draft is seconds of CPU, much of it in C calls (regular expressions over the
whole text) that hold the GIL: in a server thread it stalls the event loop and every
other check, it cannot be stopped until the C call returns, and what it allocated stays
in the server's heap once freed. In a worker process it holds nothing of the server's,
it is killed when it overruns, and its memory goes back to the OS with the process.

Both lanes answer through the same `Answers`, so a draft gets the same answer in either;
both offer `executor`, `call` (blocking, run in the executor) and `stop` (from the event
loop, for a job that overran).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from factcheck.cms.answers import Answer, Answers
from factcheck.cms.api import Checker
from factcheck.cms.archive import Archive
from factcheck.cms.config import ServiceConfig
from factcheck.cms.schemas import CheckRequest
from factcheck.cms.server import Stopper
from factcheck.rulebook.rules import RuleSet

log = logging.getLogger("factcheck.service")

NICE = 10  # worker processes yield the CPU to the server: small drafts go first
RETIRE_GROWTH = 64 * 2**20  # bytes a worker's peak memory may grow before it is replaced
MAX_TASKS = 1000  # checks a worker serves before it is replaced
READY = "ready"  # what a new worker says once it can take a check
START_WAIT = 30.0  # seconds a new worker may take to say so
DIED = "the checker failed on this input"


class ThreadLane:
    """Checks in the server's threads; one that overruns is stopped in its thread."""

    def __init__(self, answers: Answers, threads: int, room: int):
        self.answers = answers
        self.executor = ThreadPoolExecutor(threads, thread_name_prefix="factcheck-check")
        self.stopper = Stopper()
        self.room = room  # checks admitted at once, running or waiting for a thread
        self.pending = 0  # checks admitted and not answered; read and written on the loop

    def call(self, payload: CheckRequest, deadline: float, started: float, job: object) -> Answer:
        return self.answers.answer(payload, deadline, started, lambda: self.stopper.running(job))

    def stop(self, job: object) -> None:
        self.stopper.stop(job)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


class ProcessLane:
    """Checks in `processes` worker processes, one check at a time each.

    A worker is started from a fork server (one clean process that loaded factcheck and
    its grammar once, preload.py: a new worker inherits none of the server's threads or
    locks), builds its Checker from the server's rule set, and takes its slot once it
    says it is ready (it also imports the server's main module again: milliseconds for
    `factcheck serve`, a quarter of a second under pytest). It is replaced when it
    overran (killed), when it died, when its peak memory grew by RETIRE_GROWTH (a large
    draft: its heap goes back to the OS) or after MAX_TASKS checks."""

    def __init__(self, answers: Answers, processes: int):
        self.answers = answers
        archive = answers.archive
        config = replace(answers.config, token=None)  # a worker needs no secret
        self._setup = (answers.checker.rule_set, archive.path if archive else None, config)
        self._context = _context()
        self.room = processes  # checks admitted at once: one a worker, none waiting
        self.pending = 0  # checks admitted and not answered; read and written on the loop
        self.executor = ThreadPoolExecutor(processes, thread_name_prefix="factcheck-process")
        # One slot a worker; None until the slot's process is started.
        self._idle: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        for _ in range(processes):
            self._idle.put(None)
        self._running: dict[object, _Worker] = {}
        self._started: set[_Worker] = set()  # not yet ended
        self._lock = threading.Lock()
        self._closed = False

    def call(self, payload: CheckRequest, deadline: float, started: float, job: object) -> Answer:
        """The answer of a worker; the overrun one if it was stopped or died. `deadline`
        and `started` are time.monotonic() values: one clock system-wide on Linux, macOS
        and Windows, so the worker reads them as the server does."""
        worker = self._idle.get()  # admission keeps a slot free for every admitted check
        answer = None
        try:
            if worker is None or not worker.alive():
                worker = self._start()
            if worker is not None:
                answer, worker = self._in(worker, (payload, deadline, started), job)
        finally:
            self._idle.put(worker)
        return answer or (200, self.answers.overrun(payload, started, DIED))

    def _in(
        self, worker: _Worker, task: tuple, job: object
    ) -> tuple[Answer | None, _Worker | None]:
        """One worker's answer, None if it was stopped or died; then the worker that
        takes its slot (a new one if this one overran, died or retired)."""
        with self._lock:
            self._running[job] = worker
        try:
            answer, retire = worker.call(task)
        except (EOFError, OSError):  # killed by `stop`, or died
            answer, retire = None, True
        with self._lock:
            stopped = self._running.pop(job, None) is None
        if not retire:
            return answer, worker
        code = self._end(worker)
        if answer is None and not stopped:
            log.error("a worker process died during a check (exit code %s)", code)
        return answer, self._start()

    def stop(self, job: object) -> None:
        """Kill the worker of a job that overran (its thread then replaces it)."""
        with self._lock:
            worker = self._running.pop(job, None)
        if worker is not None:
            worker.kill()

    def warm(self) -> None:
        """Start every worker now rather than on the first large request."""
        for _ in range(self.room):
            worker = self._idle.get()
            self._idle.put(worker or self._start())

    def pids(self) -> list[int]:
        """The process ids of the workers started and not yet ended."""
        with self._lock:
            return sorted(w.process.pid for w in self._started)

    def _start(self) -> _Worker | None:
        """A new worker; None when the service is closing or no process can be started
        (out of memory or of processes): the slot then tries again on its next check."""
        if self._closed:
            return None
        try:
            worker = _Worker(self._context, self._setup)
        except OSError as error:
            log.error("no worker process could be started: %s", error)
            return None
        with self._lock:
            self._started.add(worker)
        return worker

    def _end(self, worker: _Worker) -> int | None:
        code = worker.end()
        with self._lock:
            self._started.discard(worker)
        return code

    def close(self) -> None:
        """Kill every worker, busy or idle (a check still running gets no answer)."""
        self._closed = True
        self.executor.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            workers = list(self._started)
        for worker in workers:
            self._end(worker)


def _context() -> multiprocessing.context.BaseContext:
    # Not fork: the server has threads, and a fork copies any lock one of them holds
    # (logging's, the allocator's) into a child that can never release it.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["factcheck.cms.preload"])  # loaded once, in the fork server
    return context


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context, setup: tuple):
        ours, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(theirs, *setup), name="factcheck-check", daemon=True
        )
        self.process.start()
        theirs.close()
        self.connection = ours
        # Given a slot only once it can check: a worker still starting took the whole of
        # a short time budget from the check that reached it first.
        try:
            if ours.poll(START_WAIT) and ours.recv() == READY:
                return
        except (EOFError, OSError):
            pass
        self.end()
        raise OSError(f"it did not start (exit code {self.process.exitcode})")

    def call(self, task: tuple) -> tuple[Answer, bool]:
        self.connection.send(task)
        return self.connection.recv()

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()

    def end(self) -> int | None:
        """Kill the process if it still runs, reap it; its exit code. The pipe is closed
        last: a thread still reading it then reads the end of the process, not a fd that
        another file may have taken."""
        self.kill()
        self.process.join()
        self.connection.close()
        return self.process.exitcode


# ------------------------------------------------------------ in the worker process


def _serve(connection, rule_set: RuleSet, archive_path: Path | None, config: ServiceConfig) -> None:
    """A worker's life: answer checks until the server goes, or the worker retires."""
    # Ctrl-C reaches the whole process group; the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):  # no nice() on Windows
        os.nice(NICE)
    archive = None
    if archive_path is not None:
        try:
            archive = Archive(archive_path, readonly=True, timeout=config.time_budget)
        except Exception as error:  # the server answers for the worker that is gone
            print(f"factcheck: a worker process cannot open the archive: {error}", file=sys.stderr)
            return
    answers = Answers(Checker(rule_set), archive, config)
    connection.send(READY)
    start = _peak_memory()
    for tasks in itertools.count(1):
        try:
            payload, deadline, started = connection.recv()
        except (EOFError, OSError):  # the server is gone
            return
        answer = answers.answer(payload, deadline, started)
        retire = tasks >= MAX_TASKS or _peak_memory() - start > RETIRE_GROWTH
        connection.send((answer, retire))
        if retire:
            return


def _peak_memory() -> int:
    """This process's peak resident memory in bytes (0 where it cannot be read)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, else KiB
