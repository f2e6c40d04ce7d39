"""Fewer garbage collections while a set is checked.

A set's claims, contexts and indexes are millions of small objects that live until the
report is written, and almost none of them is part of a reference cycle. Python's
collector counts allocations, not garbage: with its default thresholds it walks every
live object again and again as the set grows, which made a check of 10 MB of text
12 times as long as one of 1 MB. Under `fewer_collections` the youngest generation is
collected after 100,000 allocations instead of 700, and the oldest hardly at all, so the
collector's work follows the new objects, not the ones already kept. Cycles are still
found: the youngest generation is collected as before, only less often.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (100_000, 50, 100)  # youngest, middle, oldest (see gc.set_threshold)

_lock = threading.Lock()
_depth = 0  # checks running in this process (threads, nested calls) under these thresholds
_saved: tuple[int, int, int] | None = None


def collect_less() -> None:
    """Start collecting less often, until as many `collect_as_before` calls: for a
    process that holds a check's data between calls (a Dask worker)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*THRESHOLDS)
        _depth += 1


def collect_as_before() -> None:
    """End one `collect_less`; the last gives back the thresholds found before the first."""
    global _depth
    with _lock:
        if _depth == 0:
            return  # nothing to end: a worker that joined after the check began
        _depth -= 1
        if _depth == 0 and _saved is not None:
            gc.set_threshold(*_saved)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect less often until the outermost of the checks running under this ends,
    then give back the thresholds found before it."""
    collect_less()
    try:
        yield
    finally:
        collect_as_before()
