"""A long text is read a window at a time, and reads as it would whole."""

from __future__ import annotations

from itertools import pairwise

import pytest
from conftest import gva_articles

from factcheck.extract import reading
from factcheck.extract.reading import read_text, windows
from factcheck.pipeline import Checker

WHOLE = 10**9  # a window larger than any text here: the text is read whole


@pytest.fixture(scope="module")
def lexicon():
    return Checker().lexicon


def _read(text: str, lexicon, window: int, monkeypatch) -> reading.TextReading:
    monkeypatch.setattr(reading, "WINDOW_CHARS", window)
    return read_text(text, 0, lexicon, None, None)


def _claims(read: reading.TextReading) -> list[tuple]:
    """Each claim's span, reading and context, with sentence and clause numbers left
    out: a window numbers its own, so only which claims share them can be compared."""
    return [
        (m.start, m.end, m.reading, c._replace(sentence=0, clause=0))
        for m, c in zip(read.mentions, read.contexts, strict=True)
    ]


def _together(read: reading.TextReading) -> list[tuple[bool, bool]]:
    """Whether each claim shares its sentence, and its clause, with the one before."""
    pairs = pairwise(read.contexts)
    return [(a.sentence == b.sentence, a.clause == b.clause) for a, b in pairs]


def test_windows_tile_the_text_and_end_at_a_paragraph_break():
    text = "".join(f"Paragraph {n} has a few words in it.\n\n" for n in range(400))
    cuts = windows(text, 1_000)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(cuts))
    assert all(0 < stop - start <= 1_000 for start, stop in cuts)
    assert all(text[stop - 2 : stop] == "\n\n" for _, stop in cuts[:-1])


def test_a_line_with_no_break_is_cut_at_a_space_and_else_at_the_limit():
    spaced = "killed 5 people, said to " * 100
    assert all(spaced[stop - 1] == " " for _, stop in windows(spaced, 300)[:-1])
    solid = "1," * 1_000
    assert [stop - start for start, stop in windows(solid, 300)] == [300] * 6 + [200]


def test_real_news_reads_the_same_in_windows_as_whole(lexicon, monkeypatch):
    text = "\n\n".join(record["text"] for record in gva_articles(12))
    assert len(text) > 50_000
    whole = _read(text, lexicon, WHOLE, monkeypatch)
    windowed = _read(text, lexicon, 8_000, monkeypatch)
    assert len(windows(text, 8_000)) > 6
    assert len(whole.mentions) > 300
    assert _claims(windowed) == _claims(whole)
    assert _together(windowed) == _together(whole)
    assert windowed.unread == whole.unread


def test_two_windows_never_share_a_sentence_number(lexicon, monkeypatch):
    text = "Police said 3 people were killed on Monday.\n\n" * 400
    read = _read(text, lexicon, 2_000, monkeypatch)
    numbers = [c.sentence for c in read.contexts]
    assert len(numbers) == 800 and len(set(numbers)) == 400  # a count and a date in each
    assert numbers == sorted(numbers)


PADDING = "The council met again on Tuesday to talk about the roads.\n\n" * 60
# What one paragraph tells of the document, and another that reads by it, with what
# that one's claims read as: "Authorities" names no one where the text writes
# "authorities"; "the 787" is no claim where it writes "Boeing 787"; 04/05/2016 is the
# 4th of May where another date is written day first.
TOLD_AND_ASKING = {
    "lower case": (
        "Flights resumed after the authorities lifted the ban.\n\n",
        "Authorities said 4 people were hurt.\n\n",
        [("4", None, None)],
    ),
    "model number": (
        "The airline flies the Boeing 787 to Denver.\n\n",
        "Its 787 landed hard and 4 people were hurt.\n\n",
        [("4", None, None)],
    ),
    "date order": (
        "The report was filed on 25/03/2016.\n\n",
        "The crash happened on 04/05/2016.\n\n",
        [("04/05/2016", None, 5)],
    ),
}


@pytest.mark.parametrize("told_first", [True, False], ids=["told first", "told later"])
@pytest.mark.parametrize("case", TOLD_AND_ASKING)
def test_what_one_window_tells_of_the_document_reaches_the_others(
    case, told_first, lexicon, monkeypatch
):
    told, asking, expected = TOLD_AND_ASKING[case]
    text = told + PADDING + asking if told_first else asking + PADDING + told
    whole = _read(text, lexicon, WHOLE, monkeypatch)
    windowed = _read(text, lexicon, 2_000, monkeypatch)
    assert len(windows(text, 2_000)) > 1
    assert _claims(windowed) == _claims(whole)
    at = text.index(asking)
    read = [
        (text[m.start : m.end], c.entity, getattr(m.reading, "month", None))
        for m, c in zip(windowed.mentions, windowed.contexts, strict=True)
        if at <= m.start < at + len(asking)
    ]
    assert read == expected
