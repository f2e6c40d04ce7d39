"""The `factcheck` command as a process: the command line run, then the process ended.

A checked set is millions of small objects (claims, their spans and contexts, the
documents), and a process ending as usual frees them one by one, after the report is
written: 0.17 s after a check of 10,000 articles, and more the larger the set.
Once a command has finished and its output is flushed, nothing is left that needs
them, so the process ends at once, with the command's status (mypy ends the same way).
Where a thread or a child process is still running, it ends as usual, waiting for them.
"""

from __future__ import annotations

import os
import sys
import threading

from factcheck.cli.main import main


def run() -> None:
    """`factcheck` on the command line (the console script and `python -m factcheck`)."""
    try:
        main()  # click ends it with SystemExit, whatever the command did
    except SystemExit as end:
        if type(end.code) is int and _alone() and _flushed():
            os._exit(end.code)
        raise


def _alone() -> bool:
    """Whether no other thread and no child process of this one is running."""
    if threading.active_count() > 1:
        return False
    processes = sys.modules.get("multiprocessing")  # not imported by a one-article check
    return processes is None or not processes.active_children()


def _flushed() -> bool:
    """Standard output and error, and any log handlers, flushed; False where one cannot
    be (a closed pipe): the usual exit then reports it as it always has."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return False
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.shutdown()
    return True
