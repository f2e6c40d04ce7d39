"""Reading one text: its language, its claims and what each claim is about.

A text longer than WINDOW_CHARS (1,000,000 characters) is read a window at a time, each
cut at a paragraph break where there is one (else a line break, a sentence end, a
space), so that the tokens and layout held at once are one window's, whatever the
text's length: read whole, a text of ten megabytes on one line took 900 MB. What a
claim reads around itself stays within its sentence or two. Three things are the whole
document's, and each window is read with what the windows up to it show of them:
- the words the document writes in lower case: a capitalised sentence opener among
  them ("Authorities said") is no name (entities.lower_case_words);
- the figures it writes as part of a name ("Boeing 787"): elsewhere, the same figure
  alone ("the 787") is no claim (mentions.named_figures);
- the date order its dates show ("25/03/2016" is day first), which reads the dates
  that could be either (dateorder.py).
A window that a later one shows more of (it opens a sentence with a word written in
lower case later on, say) is read again at the end, with all of it; so a text in
windows reads as it would whole. Text of one window is read whole.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from factcheck.extract import context
from factcheck.extract.dateorder import date_order, in_date_order, shown_orders, swappable
from factcheck.extract.entities import lower_case_words
from factcheck.extract.language import SAMPLE_TOKENS, language_of
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.mentions import Mention, alone_figures, candidates, named_figures
from factcheck.extract.scanner import Tokens, tokenize
from factcheck.model import Context

# A longer text is read in windows. As long as the largest article a set may hold by
# default: on long real prose most windows open a sentence with a word that a later
# window writes in lower case, and are read twice (1 MB of news in 100,000-character
# windows: 10 of 11 windows, twice the time).
WINDOW_CHARS = 1_000_000
CUT_MARKS = ("\n\n", "\n", ". ", " ")  # where a window ends, the first found first


@dataclass(frozen=True)
class TextReading:
    language: str
    mentions: list[Mention]  # offsets in the whole text
    contexts: list[Context]
    unread: list[tuple[int, int]]  # runs of claim words too long to read: (start, end)


@dataclass
class _Known:
    """What the windows read so far show of the whole document, each with the number of
    the window that first showed it."""

    lowered: dict[str, int] = field(default_factory=dict)  # words written in lower case
    named: dict[str, int] = field(default_factory=dict)  # figures written in a name
    shown: dict[str, int] = field(default_factory=dict)  # date orders its dates show

    def learn(
        self, number: int, tokens: Tokens, mentions: list[Mention], among: set[str] | None
    ) -> None:
        """Adds what a window shows. `among`: the only figures whose names matter, where
        the window is the whole text (its figures that stand alone); else all of them."""
        for found, into in (
            (lower_case_words(tokens), self.lowered),
            (named_figures(tokens, among), self.named),
            (shown_orders(mentions), self.shown),
        ):
            into.update(dict.fromkeys(found - into.keys(), number))  # the new ones, in C


@dataclass
class _Window:
    number: int
    start: int
    stop: int
    mentions: list[Mention]  # placed in the whole text
    contexts: list[Context]
    order: str | None  # the date order its dates were read in
    swappable: bool  # whether it has a date that the order reads
    alone: set[str]  # the figures of its claims that stand alone: "the 787"
    asked: set[str]  # words it looked up among the document's lower-case ones, not found


def read_text(
    text: str, body_start: int, lexicon: Lexicon, stated: str | None, default: str | None
) -> TextReading:
    """The claims of `text` after `body_start` with their contexts, dates read in the
    stated date order, else the one its dates show, else `default`. Where the language
    is not English, no claim is read: `mentions` is empty.

    Each window is read with what the windows up to it show of the document. One that a
    later window shows more of (a word in lower case, a model number, another date
    order) is read again at the end, with all of it: rare, as a text uses its words
    early and keeps to one date order."""
    reader = _Reader(body_start, lexicon)
    known, read, unread = reader.known, [], []
    cuts = windows(text, WINDOW_CHARS)
    for number, (start, stop) in enumerate(cuts):
        piece = text[start:stop]
        tokens = tokenize(piece)
        if start <= body_start < stop or (body_start >= stop == len(text)):
            body = bisect.bisect_left(tokens.starts, body_start - start)
            language = language_of(tokens.lower[body : body + SAMPLE_TOKENS])
            if language != "en":
                return TextReading(language, [], [], [])
        runs: list[range] = []
        found = candidates(piece, tokens, runs)
        unread += [(tokens.starts[r.start] + start, tokens.ends[r.stop - 1] + start) for r in runs]
        alone = alone_figures(tokens, found)
        among = set(filter(None, alone)) if len(cuts) == 1 else None
        known.learn(number, tokens, [m for m in found if m.start + start >= body_start], among)
        order = date_order(known.shown, stated, default)
        read.append(reader.window(number, start, piece, tokens, found, alone, order))
    order = date_order(known.shown, stated, default)
    for w in read:
        if _stale(w, known, order):
            piece = text[w.start : w.stop]
            tokens = tokenize(piece)
            found = candidates(piece, tokens)
            alone = alone_figures(tokens, found)
            read[w.number] = reader.window(w.number, w.start, piece, tokens, found, alone, order)
    mentions = [m for w in read for m in w.mentions]
    return TextReading("en", mentions, [c for w in read for c in w.contexts], unread)


@dataclass
class _Reader:
    body_start: int
    lexicon: Lexicon
    known: _Known = field(default_factory=_Known)

    def window(
        self,
        number: int,
        start: int,
        piece: str,
        tokens: Tokens,
        found: list[Mention],
        alone: list[str | None],
        order: str | None,
    ) -> _Window:
        """A window's claims and contexts, read with what is known of the document and
        placed in the whole text: offsets moved by the window's start, sentences and
        clauses numbered from it (a window has fewer sentences than characters, so two
        windows never share a number). `alone`: each found claim's figure where it stands
        alone (mentions.alone_figures)."""
        kept = [
            m
            for m, figure in zip(found, alone, strict=True)
            if figure not in self.known.named and m.start + start >= self.body_start
        ]
        kept = in_date_order(kept, order)
        lowered = _Asking(self.known.lowered)
        contexts = (
            context.describe(piece, tokens, kept, self.lexicon, lowered, start) if kept else []
        )
        mentions = (
            [
                Mention(m.start + start, m.end + start, m.first_token, m.last_token, m.reading)
                for m in kept
            ]
            if start
            else kept
        )
        figures = set(filter(None, alone))
        stop = start + len(piece)
        return _Window(
            number, start, stop, mentions, contexts, order, swappable(kept), figures, lowered.missed
        )


class _Asking:
    """The document's words in lower case known so far, noting each word looked up that
    is not among them yet: a later window that writes it makes the answer stale."""

    def __init__(self, known: dict[str, int]) -> None:
        self.known, self.missed = known, set()

    def __contains__(self, word: object) -> bool:
        if word in self.known:
            return True
        self.missed.add(word)
        return False


def _stale(w: _Window, known: _Known, order: str | None) -> bool:
    """Whether a later window showed what this one was read without."""
    return (
        (w.swappable and w.order != order)
        or any(known.named.get(figure, -1) > w.number for figure in w.alone)
        or any(known.lowered.get(word, -1) > w.number for word in w.asked)
    )


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """(start, stop) of each window of `text`, none longer than `size` characters; each
    ends at the last paragraph break in its second half, else the last line break, the
    last sentence end or the last space there, else at `size` characters."""
    cuts = []
    start = 0
    while len(text) - start > size:
        stop = _cut(text, start + size // 2, start + size)
        cuts.append((start, stop))
        start = stop
    cuts.append((start, len(text)))
    return cuts


def _cut(text: str, lowest: int, limit: int) -> int:
    for mark in CUT_MARKS:
        at = text.rfind(mark, lowest, limit)
        if at >= 0:
            return at + len(mark)
    return limit
