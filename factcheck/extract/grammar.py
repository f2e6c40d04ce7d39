"""The claim grammar, built once per process with the reader applied as it reduces.
The scanner (scanner.py) lexes with the grammar's terminals and the unit vocabulary
(units.py).
"""

from __future__ import annotations

import os
from functools import cache

import lark

from factcheck.extract.reader import READER
from factcheck.resources import bundled, cache_folder


@cache
def claim_parser() -> lark.Lark:
    source = (bundled("grammars") / "claims.lark").read_text(encoding="utf-8")
    # LALR: a parse table that is cheap to step through token by token. The
    # tokens come from the scanner, so Lark's own lexer is never run. The reader
    # is applied as each rule is reduced, so no parse tree is built. Building the
    # table is most of start-up, so Lark keeps it in the user's cache, keyed by the
    # grammar, the options and the versions of Lark and Python.
    return lark.Lark(
        source,
        parser="lalr",
        lexer="basic",
        maybe_placeholders=False,
        postlex=_KeepFiller(),
        transformer=READER,
        cache=_cache_file(),
    )


def _cache_file() -> str | bool:
    """A file in the user's cache for Lark's analysed grammar; False where there is none."""
    folder = cache_folder()
    if folder is None:
        return False
    return os.path.join(folder, f"claims-lark-{lark.__version__}.cache")


class _KeepFiller:
    """Keeps WORD and OTHER among the grammar's terminals although no rule uses them:
    the scanner is built from those terminals, and these two end runs."""

    always_accept = ("WORD", "OTHER")

    def process(self, stream):
        return stream


# Terminals that stand for "not part of any claim" and end a run of claim words.
FILLER = frozenset({"WORD", "OTHER"})
IGNORED = "WS"
