"""Work done in a forked child process beside the main one: the child inherits what the
work reads (nothing is sent to it), and only the work's result comes back.

`in_child` runs one task; `SourceGrouping` groups a set's sources while the pool's workers
read it (pipeline.py). Where processes cannot be forked, the task runs in this process
when its result is asked for, and the grouping is left to the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from factcheck.evaluate.sources import Fingerprint, PassageIndex, Sources, group_sources

T = TypeVar("T")


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
