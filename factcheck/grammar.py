"""The claim grammar, built once per process, and the bundled resources beside it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import lark

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """A bundled resource folder: inside the package when installed, beside it in a checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found near {PACKAGE_DIR}")


@cache
def claim_parser() -> lark.Lark:
    source = (bundled("grammars") / "claims.lark").read_text(encoding="utf-8")
    # LALR with the basic lexer: one lexing pass over the whole article, and a
    # parse table that is cheap to step through token by token.
    return lark.Lark(
        source, parser="lalr", lexer="basic", maybe_placeholders=False, postlex=_KeepFiller()
    )


class _KeepFiller:
    """Keeps WORD and OTHER in the lexer although no rule uses them: they end runs."""

    always_accept = ("WORD", "OTHER")

    def process(self, stream):
        return stream


# Terminals that stand for "not part of any claim" and end a run of claim words.
FILLER = frozenset({"WORD", "OTHER"})
