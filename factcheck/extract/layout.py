"""A document cut into sentences and clauses, and what context.py reads of them.

Sentences end at a line break or at a full stop that ends no abbreviation; clauses also
at commas, semicolons, colons, brackets and spaced dashes. A sentence runs to at most
SENTENCE_CAP tokens, so that what a claim reads of its sentence is bounded however long
the text. The few words a claim looks for between itself and a cue ("if", "which",
"to") are listed once per document by position, so that asking whether one stands
between two tokens is a binary search, not a scan of the words between.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, count, pairwise, repeat
from operator import sub

from factcheck.extract.lexicon import Cue
from factcheck.extract.scanner import Tokens, where
from factcheck.extract.words import (
    ABBREVIATIONS,
    BREAK_MARKS,
    CLAUSE_BREAKS,
    SENTENCE_CAP,
    SENTENCE_ENDS,
)


@dataclass(frozen=True)
class Layout:
    """A document cut into sentences and clauses; for the sentences that hold a claim,
    their lexicon cues by kind, tense markers, quarters named and names."""

    sentence: tuple[int, ...]  # sentence number of each token: layout.sentence[i]
    clause: tuple[int, ...]  # clause number of each token
    cues: dict[str, dict[int, list[tuple[int, int, Cue]]]]  # kind → sentence → cues in it
    tenses: dict[int, list[tuple[int, str]]]  # sentence → (token, "past" | "future")
    # Sentences about a quarter, with the quarter they name: "the third quarter" → 3,
    # "the quarter" → 0
    quarters: dict[int, int]
    entities: dict[int, tuple[str, ...]]  # sentence → the names in it ("Russia", "Tartous")
    capitalised: dict[int, list[int]]  # sentence → the capitalised words its names may hold
    claimed: set[int]  # the tokens inside a claim
    # sentence → why its figures belong to another time or event ("'since'"), if they do
    background: dict[int, str]
    # event cues by first and by last token, and verb forms: a claim's own predicate
    event_starts: dict[int, Cue]
    event_ends: dict[int, Cue]
    verbs: frozenset[int]
    credits: dict[int, str]  # sentence → whom it credits: "the UN", "Shoigu"
    subordinators: list[int]  # the tokens that open a clause of their own: "if", "which"
    infinitives: list[int]  # the tokens "to"
    clause_bounds: list[int]  # the token each clause starts at, and the number of tokens
    cue_starts: dict[str, dict[int, tuple[int, ...]]]  # kind → sentence → its cues' first tokens
    cue_reach: dict[str, int]  # kind → the most tokens a cue of it runs past its first
    negated: frozenset[int]  # the clauses with a negation cue
    posts: dict[int, str]  # where a date that signs an embedded post starts → the post's key
    # what the numbers of sentences and clauses start from: a window's place in its text
    numbered_from: int


def any_between(positions: list[int], first: int, stop: int) -> bool:
    """Whether one of some sorted token positions lies in first..stop-1."""
    at = bisect.bisect_left(positions, first)
    return at < len(positions) and positions[at] < stop


def positions_of(
    positions: Sequence[int], lowered: Sequence[str], wanted: frozenset[str]
) -> list[int]:
    """The token positions of the words that are one of `wanted`, of some words in lower
    case and the positions of their tokens."""
    return list(map(positions.__getitem__, where(map(wanted.__contains__, lowered))))


def segment(
    text: str, tokens: Tokens, inside: set[int]
) -> tuple[list[int], tuple[int, ...], tuple[int, ...], list[int]]:
    """The tokens sentences start at (and the number of tokens, last), the sentence and
    clause number of each token, and the tokens clauses start at (and the number of
    tokens). A mark inside a claim (`inside`) ends nothing."""
    new_line = _after_line_breaks(text, tokens)
    words = tokens.words
    marks = [i for i in where(map(BREAK_MARKS.__contains__, words)) if i not in inside]
    sentences, clauses = {0}, {0}
    for i in new_line:
        sentences.add(i)
        clauses.add(i)
    for i in marks:
        word = words[i]
        if word in SENTENCE_ENDS:
            if _ends_sentence(tokens, i):
                sentences.add(i + 1)
                clauses.add(i + 1)
        elif word in CLAUSE_BREAKS or (tokens.kinds[i] == "DASH" and _spaced(text, tokens, i)):
            clauses.add(i + 1)
    bounds = sorted(sentences | {len(tokens)})
    # No sentence end (a list, hostile text): cut where one would run past the cap.
    cuts = {cut for a, b in pairwise(bounds) for cut in range(a + SENTENCE_CAP, b, SENTENCE_CAP)}
    bounds = sorted({*bounds, *cuts})
    clause_bounds = sorted(clauses | {*cuts, len(tokens)})
    return bounds, _numbering(bounds), _numbering(clause_bounds), clause_bounds


def _numbering(bounds: list[int]) -> tuple[int, ...]:
    """The number of the part each token is in, from the tokens parts start at (and
    the number of tokens, last); a tuple, which the garbage collector stops tracking."""
    lengths = map(sub, bounds[1:], bounds)
    return tuple(chain.from_iterable(map(repeat, count(), lengths)))


def _after_line_breaks(text: str, tokens: Tokens) -> set[int]:
    """The tokens a line break comes before."""
    starts = tokens.starts
    found = set()
    at = text.find("\n")
    while at >= 0:
        i = bisect.bisect_left(starts, at)
        if i:
            found.add(i)
        at = text.find("\n", starts[i] if i < len(starts) else len(text))
    return found


def _ends_sentence(tokens: Tokens, i: int) -> bool:
    if tokens.words[i] != ".":
        return True
    before = tokens.lower[i - 1] if i else ""
    if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
        return False
    if i + 1 == len(tokens):
        return True
    # A sentence goes on after an abbreviation it does not know: "Birmingham, Ala., killed"
    after = tokens.words[i + 1]
    return not (after in CLAUSE_BREAKS or after[0].islower())


def _spaced(text: str, tokens: Tokens, i: int) -> bool:
    start = tokens.starts[i]
    return start > 0 and text[start - 1].isspace()
