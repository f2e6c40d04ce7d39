"""The claim grammar, built once per process with the reader applied as it reduces.
The scanner (scanner.py) lexes with the grammar's terminals and the unit vocabulary
(units.py).

LALR: a parse table that is cheap to step through token by token. The tokens come from
the scanner, so Lark's own lexer is never run, and the reader is applied as each rule
is reduced, so no parse tree is built. Only the table, the grammar's rules and its
terminals are needed, and building the table is most of start-up: they are pickled to
the user's cache, keyed by the grammar's text and the versions of Lark and Python, and
a later process loads them (a few milliseconds, where Lark's own cache takes ten times
as long to deserialise). The reader's callbacks are made from the rules as Lark makes
them. Where there is no cache folder, or its file cannot be read or written, the grammar
is built as before. The parser steps through a plain copy of the table (`Steps`), where
each rule's size, name and callback are at hand.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

import lark
from lark.parse_tree_builder import ParseTreeBuilder
from lark.parsers import lalr_analysis
from lark.parsers.lalr_parser_state import ParseConf

from factcheck.extract.reader import READER
from factcheck.resources import bundled, cached

START = "start"
CACHE_FORMAT = 1  # raise when what is pickled changes


@dataclass(frozen=True, slots=True)
class Reduction:
    """A rule as the table reduces it: the values it takes, the rule it makes (the next
    state is that rule's shift) and the reader's callback for it."""

    size: int
    origin: str
    callback: Callable[[list], object]


@dataclass(frozen=True, slots=True)
class Steps:
    """The LALR table with each action made plain: (True, next state) to shift, (False,
    `Reduction`) to reduce. Lark's own step finds a rule's callback by the rule, hashed
    and compared in Python, and the next state by the rule's name, a Lark Token compared
    in Python: three Python calls a reduction."""

    rows: dict[int, dict[str, tuple[bool, int | Reduction]]]
    start: int
    end: int
    terminal_callbacks: dict[str, Callable[[lark.Token], object]]


@dataclass(frozen=True)
class ClaimGrammar:
    """What the scanner and the parser read of the grammar."""

    terminals: tuple[lark.lexer.TerminalDef, ...]
    parse_conf: ParseConf  # the LALR table, its start state and the reader's callbacks

    @cached_property
    def openers(self) -> frozenset[str]:
        """What can begin a claim: the first state's terminals (and rule names)."""
        return frozenset(self.parse_conf.states[self.parse_conf.start_state])

    @cached_property
    def steps(self) -> Steps:
        """The parse table and callbacks as the parser steps through them."""
        conf = self.parse_conf
        reductions = {}  # one for each rule
        rows = {}
        for state, row in conf.states.items():
            rows[state] = {}
            for name, (operation, target) in row.items():
                if operation is lalr_analysis.Shift:
                    rows[state][name] = (True, target)
                    continue
                if target not in reductions:
                    size, origin = len(target.expansion), str(target.origin.name)
                    reductions[target] = (False, Reduction(size, origin, conf.callbacks[target]))
                rows[state][name] = reductions[target]
        terminals = {k: v for k, v in conf.callbacks.items() if isinstance(k, str)}
        return Steps(rows, conf.start_state, conf.end_state, terminals)


@cache
def claim_grammar() -> ClaimGrammar:
    source = grammar_source()
    table, rules, terminals = cached("claims", grammar_key(), lambda: _built(source), _Pickler)
    callbacks = ParseTreeBuilder(list(rules), lark.Tree, False, False, False).create_callback(
        READER
    )  # as Lark makes them for an LALR parser with a transformer, with its terminals'
    callbacks.update({t.name: found for t in terminals if (found := getattr(READER, t.name, None))})
    return ClaimGrammar(terminals, ParseConf(table, callbacks, START))


@cache
def grammar_source() -> str:
    return (bundled("grammars") / "claims.lark").read_text(encoding="utf-8")


def grammar_key() -> list[str]:
    """What the parse table is made from: the grammar, Lark's version, the format."""
    return [f"grammar {CACHE_FORMAT}", lark.__version__, grammar_source()]


def _built(source: str) -> tuple:
    parser = claim_parser(source)
    table = parser.parse_interactive().parser_state.parse_conf.parse_table
    _share_actions(table)
    return table, tuple(parser.rules), tuple(parser.terminals)


def claim_parser(source: str | None = None) -> lark.Lark:
    """The grammar as Lark builds it (not cached: claim_grammar() keeps what it needs)."""
    if source is None:
        source = grammar_source()
    return lark.Lark(
        source,
        parser="lalr",
        lexer="basic",
        start=START,
        maybe_placeholders=False,
        postlex=_KeepFiller(),
        transformer=READER,
    )


def _share_actions(table) -> None:
    """One tuple for each distinct action: 20,000 entries of the table hold some 1,700
    actions, so the pickle holds each once and reads faster."""
    shared: dict[tuple, tuple] = {}
    for row in table.states.values():
        for name, (action, target) in row.items():
            key = (action.name, target if isinstance(target, int) else id(target))
            row[name] = shared.setdefault(key, row[name])


def _action(name: str):
    """Lark's Shift or Reduce: the parser tells them apart by identity."""
    return getattr(lalr_analysis, name)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if obj is lalr_analysis.Shift or obj is lalr_analysis.Reduce:
            return _action, (obj.name,)
        return NotImplemented


class _KeepFiller:
    """Keeps WORD and OTHER among the grammar's terminals although no rule uses them:
    the scanner is built from those terminals, and these two end runs."""

    always_accept = ("WORD", "OTHER")

    def process(self, stream):
        return stream


# Terminals that stand for "not part of any claim" and end a run of claim words.
FILLER = frozenset({"WORD", "OTHER"})
IGNORED = "WS"
