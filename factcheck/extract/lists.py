"""Lists and tables of figures: the stretches of an article not read claim by claim.

News states its figures among words. Where a text runs on for LIST_CHARS characters
without a letter ("1, 2, 3, ..." page after page, a table with no labels), it is a list
or a table, not prose: its figures say nothing of what they count, and reading each
one as a claim would cost time and memory for every figure. Such a stretch is blanked
before the article is tokenized (every character but a line break made a space, so
that every offset in the text holds), and the report says what was left unread and
why. So does a run of claim words longer than news writes, with no other word between
them ("March 5, 2016, March 5, 2016, ..."), which mentions.py leaves unread.

Each document gets at most one note for each of the two reasons, however many
stretches it holds, so that the report stays in proportion to the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.extract.mentions import MAX_RUN
from factcheck.model import Document, Problem

# Characters without a letter that make a list: the longest such stretch with a figure
# in the bench suites, ECB+, the gun-violence records, seeds and test cases has 83 (a
# date and a ruler of dashes in a test file; 73 in news, a phone number and a ruler).
LIST_CHARS = 200
# A stretch with no letter, from its start (a letter, or nothing, before it): the
# look-behind lets the search try each stretch once, however many are short.
LETTERLESS = re.compile(rf"(?<![\W\d_])[\W\d_]{{{LIST_CHARS},}}")
FIGURE = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Unread:
    """Stretches of a document left unread, of one kind: where the first one starts,
    how many there are, and how many characters and figures they hold in all."""

    start: int
    stretches: int
    characters: int
    figures: int


def letterless(text: str, body_start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each stretch of text with no letter, LIST_CHARS or longer, from
    `body_start` on; less the marks before its first figure and after its last, where
    they are fewer than LIST_CHARS: the full stop of the sentence before, a bracket."""
    found = []
    for start, end in _stretches_of(text, body_start):
        first = FIGURE.search(text, start, min(end, start + LIST_CHARS))
        if first is not None:
            start = first.start()
        for at in range(end, max(start, end - LIST_CHARS), -1):
            if text[at - 1].isdecimal():  # what \d matches
                end = at
                break
        found.append((start, end))
    return found


def _stretches_of(text: str, body_start: int) -> list[tuple[int, int]]:
    """(start, end) of each stretch with no letter, LIST_CHARS or longer. ASCII text is
    marked letter or not by a byte table and searched for a run of marks (a string
    search in C, that skips through prose); other text by LETTERLESS."""
    if not text.isascii():
        leading = LEADING.match(text, body_start)  # one that runs on from before the body
        after = leading.end() if leading else body_start
        return [
            *([leading.span()] if leading else []),
            *map(_span, LETTERLESS.finditer(text, after)),
        ]
    marks = text.encode("ascii").translate(LETTER_MARKS)
    spans = []
    at = marks.find(RUN_OF_MARKS, body_start)
    while at >= 0:
        start = max(marks.rfind(b"a", body_start, at) + 1, body_start)
        end = marks.find(b"a", at)
        end = len(marks) if end < 0 else end
        spans.append((start, end))
        at = marks.find(RUN_OF_MARKS, end)
    return spans


def _span(match: re.Match) -> tuple[int, int]:
    return match.span()


LEADING = re.compile(rf"[\W\d_]{{{LIST_CHARS},}}")
LETTER_MARKS = bytes(ord("a" if chr(c).isalpha() else ".") for c in range(256))
RUN_OF_MARKS = b"." * LIST_CHARS


def blanked(text: str, stretches: list[tuple[int, int]]) -> str:
    """The text with each stretch made blank but for its line breaks: the same length,
    the same lines, and no token in the stretch."""
    if not stretches:
        return text
    parts, at = [], 0
    for start, end in stretches:
        parts.append(text[at:start])
        parts.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        at = end
    parts.append(text[at:])
    return "".join(parts)


def figures_in(text: str, start: int, end: int) -> int:
    """How many figures (runs of digits) text[start:end] holds; counted in C, without
    an object for each: in ASCII, as the digits after a character that is none."""
    part = text[start:end]
    if not part.isascii():
        return FIGURE.subn("", part)[1]
    marked = part.translate(DIGIT_MARKS)
    return marked.count("01") + marked.startswith("1")


DIGIT_MARKS = str.maketrans({chr(c): "1" if chr(c).isdigit() else "0" for c in range(128)})


def unread(text: str, stretches: list[tuple[int, int]]) -> Unread | None:
    """What some stretches of text hold in all, where any holds a figure: a stretch of
    marks alone ("-----", "* * *") loses no claim, so it needs no note."""
    counts = [figures_in(text, start, end) for start, end in stretches]
    kept = [(span, n) for span, n in zip(stretches, counts, strict=True) if n]
    if not kept:
        return None
    characters = sum(end - start for (start, end), _ in kept)
    return Unread(kept[0][0][0], len(kept), characters, sum(n for _, n in kept))


def notes(
    document: Document, stretches: list[tuple[int, int]], runs: list[tuple[int, int]]
) -> tuple[Problem, ...]:
    """The problems that say what of a document was not read: its letterless stretches
    (`letterless`) and its runs of claim words too long to read (mentions.py), at most
    one for each, at the first of them."""
    found = []
    listed = unread(document.text, stretches)
    if listed is not None:
        found.append(_problem(document, listed.start, list_note(listed)))
    spans = [(start, end) for start, end in runs if start >= document.body_start]
    if spans:
        long = Unread(spans[0][0], len(spans), sum(end - start for start, end in spans), 0)
        found.append(_problem(document, long.start, run_note(long, MAX_RUN)))
    return tuple(found)


def _problem(document: Document, offset: int, message: str) -> Problem:
    line, column = document.line_column(offset)
    return Problem(document.path, f"document {document.id!r}: {message}", line, column)


def list_note(found: Unread) -> str:
    """Why the letterless stretches of a document were not read."""
    what = _stretches(found, "stretch", "stretches")
    return (
        f"{what} of figures and marks with no letter for {LIST_CHARS} characters or more "
        f"({found.characters:,} characters, {_count(found.figures, 'figure')}) not read claim by "
        "claim: a list or a table, not prose; the rest of the article was checked"
    )


def run_note(found: Unread, most: int) -> str:
    """Why the long runs of claim words of a document were not read."""
    what = _stretches(found, "run", "runs")
    return (
        f"{what} of more than {most} claim tokens (figures, dates, units, marks) with no "
        f"word between ({found.characters:,} characters) not read claim by claim: a list, "
        "not prose; the rest of the article was checked"
    )


def _count(n: int, one: str) -> str:
    return f"{n:,} {one}{'' if n == 1 else 's'}"


def _stretches(found: Unread, one: str, many: str) -> str:
    return f"1 {one}" if found.stretches == 1 else f"{found.stretches:,} {many}"
