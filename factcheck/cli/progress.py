"""A progress bar on standard error for long runs.

It shows only on a terminal and only once a run has taken DELAY seconds, so a quick run,
a pipe or a CI log never sees it; when the run ends the bar is wiped, leaving standard
error to the messages that matter.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

import click

DELAY = 0.5  # seconds before a bar appears


class Progress:
    def __init__(
        self,
        total: int,
        label: str = "Checking",
        stream: TextIO | None = None,
        delay: float = DELAY,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.total, self.label, self.delay, self.clock = total, label, delay, clock
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.done = 0
        self._started = clock()
        self._bar = None

    def advance(self, item: object = None) -> None:
        """One more item done; `item` is unused, so this serves as any per-item callback."""
        self.done += 1
        if self._bar is None and self.enabled and self.clock() - self._started >= self.delay:
            self._bar = click.progressbar(
                length=self.total, label=self.label, file=self.stream, show_pos=True, width=30
            )
            self._bar.update(self.done)
        elif self._bar is not None:
            self._bar.update(1)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._bar is not None:
            self.stream.write("\r\x1b[2K\x1b[?25h")  # erase the bar's line, show the cursor
            self.stream.flush()
