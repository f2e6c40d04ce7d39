"""Work done in a forked child process beside the main one: the child inherits what the
work reads (nothing is sent to it), and only the work's result comes back.

`in_child` runs one task; `SharedMap` maps a function over a list with this process and
its children taking chunks in turn (a set's documents, read for --jobs); `SourceGrouping`
groups a set's sources while they read it (pipeline.py). Where processes cannot be
forked, `in_child`'s task runs in this process when its result is asked for, and the
caller reads the documents with a pool of spawned workers and groups the sources itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator
from typing import Any, Generic, TypeVar

from factcheck.evaluate.sources import Fingerprint, PassageIndex, Sources, group_sources

T = TypeVar("T")
Item = TypeVar("Item")


def in_child(task: Callable[[], T]) -> Callable[[], T | None]:
    """`task()` run in a forked child process, which inherits what the task reads (nothing
    is sent to it): the function returned waits for the child and returns the task's
    result, or None where the child failed. Where there is no fork, the task runs when
    its result is asked for."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return task
    reader, writer = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_send, args=(task, writer))
    child.start()
    writer.close()

    def result() -> T | None:
        try:
            value = reader.recv()
        except EOFError:  # the child died before it answered
            value = None
        reader.close()
        child.join()
        return value

    return result


def _send(task: Callable[[], object], writer) -> None:
    try:
        value = task()
    except Exception:  # reported by this process's own run of the task
        value = None
    writer.send(value)
    writer.close()


class SourceGrouping:
    """A set's sources grouped in a child process while its documents are read: each
    fingerprint goes to the child as soon as a worker has made it, so this process
    keeps none, and the child, forked before the claims pile up, holds only the
    fingerprints and its index (forked after the reading, it peaked at 3.1 GB for
    100,000 articles)."""

    BATCH = 256  # fingerprints a message: fewer, larger writes to the pipe

    def __init__(self, connection, child) -> None:
        self.connection, self.child = connection, child
        self.batch: list[Fingerprint] = []
        self.doc_ids: list[str] = []  # of the fingerprints added, in order
        self.failed = False

    @classmethod
    def start(cls) -> SourceGrouping | None:
        """A grouping child, or None where processes cannot be forked."""
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        ours, theirs = multiprocessing.Pipe()
        child = multiprocessing.get_context("fork").Process(target=_group_sent, args=(theirs, ours))
        child.start()
        theirs.close()
        return cls(ours, child)

    def add(self, doc_id: str, made: Fingerprint) -> None:
        self.batch.append(made)
        self.doc_ids.append(doc_id)
        if len(self.batch) >= self.BATCH:
            self._flush()

    def group(self) -> None:
        """Every fingerprint is added: the child groups them while this process goes on."""
        self._flush()
        self._send(None)

    def sources(self, doc_ids: list[str]) -> Sources | None:
        """The sources of these documents, or None where they are not those added (a
        document failed after it was read) or the child failed; the child ends either way."""
        try:
            found = None if self.failed else self.connection.recv()
        except (EOFError, OSError):  # the child died before it answered
            found = None
        self.connection.close()
        self.child.join()
        return found if doc_ids == self.doc_ids else None

    def stop(self) -> None:
        """Ends the child without an answer."""
        self.connection.close()
        self.child.terminate()
        self.child.join()

    def _flush(self) -> None:
        if self.batch and not self.failed:
            self._send(self.batch)
        self.batch = []

    def _send(self, message: object) -> None:
        try:
            self.connection.send(message)
        except OSError:  # the child died: `check` groups the sources itself
            self.failed = True


def _group_sent(connection, theirs) -> None:
    """The grouping child: fingerprints arrive in lists, then None; it answers with
    their sources, or None where grouping them failed."""
    theirs.close()  # the parent's end: the child sees the pipe close if the parent dies
    prints: list[Fingerprint] = []
    index = PassageIndex()  # built while the workers read: grouping is then quick
    try:
        message = connection.recv()
        while message is not None:
            for made in message:
                index.add(made)
                # Its passages are in the index now: the fingerprint keeps the rest.
                prints.append(made.bare())
            message = connection.recv()
        found = group_sources(prints, index=index)
    except EOFError:  # the parent is gone
        return
    except Exception:  # the parent groups them itself
        found = None
    connection.send(found)
    connection.close()


class SharedMap(Generic[Item, T]):
    """`made(item)` of each item, in order, made by this process and `jobs - 1` forked
    children together: each takes the next chunk of items that no one has taken, so all
    finish together whatever each item costs.

    A child inherits the items (none is sent) and sends back `sent(item)` for each item
    of its chunks, which `made_from(item, sent)` turns here into what `made(item)` would
    have made. This process makes its own chunks itself, so only the children's share
    crosses a pipe. A chunk that a child took and never sent (it died) is made here once
    every child has ended."""

    # A child's pipe holds many chunks' results (Linux lets anyone have 1 MB): the child
    # writes on while this process makes a chunk of its own before it reads them.
    PIPE_BYTES = 1 << 20

    def __init__(
        self,
        items: list[Item],
        jobs: int,
        chunk: int,
        made: Callable[[Item], T],
        sent: Callable[[Item], Any],
        made_from: Callable[[Item, Any], T],
    ) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.items, self.chunk, self.made, self.made_from = items, chunk, made, made_from
        self.chunks = -(-len(items) // chunk)
        self.following = context.Value("i", 0)  # the next chunk to take, shared by all
        self.children: list[tuple[Any, Any]] = []  # (process, the end of its pipe here)
        for _ in range(jobs - 1):
            reader, writer = context.Pipe(duplex=False)
            _widen(writer)
            child = context.Process(target=self._serve, args=(sent, writer), daemon=True)
            self.children.append((child, reader))  # its reader is closed in the child
            child.start()
            writer.close()

    def __iter__(self) -> Generator[T, None, None]:
        done: dict[int, list[T]] = {}  # chunks made, here or by a child, by their number
        following = 0  # the next chunk to give out
        try:
            while following < self.chunks:
                taken = self._take()
                if taken is not None:
                    done[taken] = [self.made(item) for item in self._chunk(taken)]
                elif following not in done and not self.children:  # lost with a child
                    done[following] = [self.made(item) for item in self._chunk(following)]
                # Every chunk is taken: wait for the next one a child is making.
                self._receive(done, wait=taken is None and following not in done)
                while following in done:
                    yield from done.pop(following)
                    following += 1
        finally:
            self._stop()

    def _chunk(self, number: int) -> list[Item]:
        return self.items[number * self.chunk : (number + 1) * self.chunk]

    def _take(self) -> int | None:
        with self.following.get_lock():
            number = self.following.value
            self.following.value += 1
        return number if number < self.chunks else None

    def _serve(self, sent: Callable[[Item], Any], writer) -> None:
        """A child: sends each chunk it takes, until none is left. It stops at the first
        failure, silently: this process makes the chunk again, and raises there what
        there is to raise. An interrupt is this process's to handle."""
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for _, reader in self.children:  # so that a write fails once this process is gone
            reader.close()
        try:
            while (number := self._take()) is not None:
                writer.send((number, [sent(item) for item in self._chunk(number)]))
        except Exception:
            return
        finally:
            writer.close()

    def _receive(self, done: dict[int, list[T]], wait: bool) -> None:
        """The chunks the children have sent; where `wait`, waits for one to send or end."""
        from multiprocessing.connection import wait as ready

        readers = [reader for _, reader in self.children]
        sending = set(ready(readers, timeout=None if wait else 0)) if readers else set()
        for reader in (reader for reader in readers if reader in sending):
            try:
                while True:
                    number, sent = reader.recv()
                    done[number] = list(map(self.made_from, self._chunk(number), sent))
                    if not reader.poll():
                        break
            except EOFError:  # the child has ended
                self._drop(reader)

    def _drop(self, reader) -> None:
        """Forgets a child that has ended, once it is reaped."""
        (child,) = [child for child, theirs in self.children if theirs is reader]
        reader.close()
        child.join()
        self.children = [(c, r) for c, r in self.children if r is not reader]

    def _stop(self) -> None:
        for child, reader in self.children:
            reader.close()
            child.terminate()
            child.join()
        self.children = []


def _widen(connection) -> None:
    """A pipe of SharedMap.PIPE_BYTES, where the system can (Linux)."""
    import fcntl

    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setting is not None:
        with contextlib.suppress(OSError):  # a system with a lower limit: the pipe as it is
            fcntl.fcntl(connection.fileno(), setting, SharedMap.PIPE_BYTES)
