"""Reading article files within limits: regular files only, and no more bytes than allowed.

A folder may hold what is no article: a link to /dev/zero (endless), a FIFO (a read that
never returns), a file of gigabytes. Each is reported and skipped before it is read, and
the rest of the set is checked. The limits are per article and per set, in bytes of the
file as stored; FACTCHECK_MAX_ARTICLE_BYTES and FACTCHECK_MAX_SET_BYTES override them.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from factcheck.model import Problem

# News articles run to tens of kilobytes; a megabyte of text is checked in seconds.
MAX_ARTICLE_BYTES = 1_000_000
MAX_SET_BYTES = 50_000_000
ENV_ARTICLE = "FACTCHECK_MAX_ARTICLE_BYTES"
ENV_SET = "FACTCHECK_MAX_SET_BYTES"
LINE_SLACK = 2  # a JSONL line may be this many times the article limit: JSON escapes


class LimitError(ValueError):
    """A limit in the environment that is no whole number of bytes."""


@dataclass
class Budget:
    """The limits of one article set, and how much of the set is read so far."""

    article: int = MAX_ARTICLE_BYTES
    set: int = MAX_SET_BYTES
    used: int = 0

    @classmethod
    def from_environment(cls) -> Budget:
        return cls(_env_limit(ENV_ARTICLE, MAX_ARTICLE_BYTES), _env_limit(ENV_SET, MAX_SET_BYTES))

    def over(self, path: str, size: int | None, line: int | None = None) -> Problem | None:
        """A problem where an article of `size` bytes (None: more than the article limit,
        from a stream of unknown length) is past a limit; else it is counted."""
        if size is None or size > self.article:
            what = f"{size:,} bytes" if size is not None else "more bytes than that"
            message = f"over the limit of {self.article:,} bytes per article: {what}"
            return Problem(path, f"{message} ({ENV_ARTICLE}); skipped", line)
        if self.used + size > self.set:
            message = f"{size:,} bytes would take the set past its limit of {self.set:,} bytes"
            return Problem(path, f"{message} ({ENV_SET}); skipped", line)
        self.used += size
        return None


def _env_limit(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 15:
        raise LimitError(f"{name}={raw!r}: expected a whole number of bytes")
    return int(raw)


def not_regular(path: str) -> Problem | None:
    """A problem where a path (links followed) is no regular file: a device, a FIFO, a
    socket. Checked before the file is opened, as opening a FIFO waits for a writer."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # opening it reports why
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if _device(mode) else "not a file"
    return Problem(path, f"{kind}, not a regular file; skipped")


def _device(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def read_at_most(file: BinaryIO, limit: int) -> tuple[bytes, int | None]:
    """Up to `limit` bytes of a file, and its size: where it is larger, what was read is
    cut short, and the size comes from the file system (None for a pipe or a stream)."""
    data = file.read(limit + 1)
    if len(data) <= limit:
        return data, len(data)
    try:
        size = os.fstat(file.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return data, None
    return data, size if size > limit else None


def bounded_lines(
    file: BinaryIO, longest: int, head: Sequence[bytes] = ()
) -> Iterator[bytes | None]:
    """A file's lines, read one at a time and never more than `longest` bytes of one at
    once: each as read (with its line break, the first without a UTF-8 byte order mark),
    or None for a line over `longest` bytes, whose rest is passed over unread. `head`
    are lines already read from the file's start, as `file.readline(longest + 1)` gave
    them."""
    pending = [line for line in head if line]
    first = True
    while True:
        raw = pending.pop(0) if pending else file.readline(longest + 1)
        if first:
            raw, first = raw.removeprefix(codecs.BOM_UTF8), False
        if not raw:
            return
        if len(raw) > longest and not raw.endswith(b"\n"):
            while (rest := file.readline(longest)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw
