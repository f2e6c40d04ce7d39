"""The claim grammar, built once per process, and the bundled resources beside it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import lark
from lark import Token
from lark.lexer import PatternStr

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
IGNORED = "WS"


def tokenize(text: str) -> list[Token]:
    """Every token of a text, as the grammar's lexer would give them, in one regex pass.

    Lark's basic lexer works token by token in Python; this scanner compiles the same
    terminals into one pattern (in Lark's order) and reads keywords from a dict, as
    Lark does for strings its WORD terminal also matches.
    """
    pattern, keywords = _scanner()
    tokens = []
    for match in pattern.finditer(text):
        kind = match.lastgroup
        if kind == IGNORED:
            continue
        value = match.group()
        if kind == "WORD":
            kind = keywords.get(value.lower(), "WORD")
        tokens.append(Token(kind, value, match.start(), end_pos=match.end()))
    return tokens


@cache
def _scanner() -> tuple[re.Pattern, dict[str, str]]:
    terminals = list(claim_parser().terminals)
    keywords = {
        t.pattern.value.lower(): t.name
        for t in terminals
        if isinstance(t.pattern, PatternStr) and t.pattern.value.isalpha()
    }
    others = [t for t in terminals if t.pattern.value.lower() not in keywords]
    others.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    alternation = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in others)
    return re.compile(alternation), keywords
