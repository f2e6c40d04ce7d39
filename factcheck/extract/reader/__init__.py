"""Parses → readings: what the words of a claim say, before any date is resolved.

The grammar (grammars/claims.lark) decides the shape of a claim; this transformer
turns each shape into a reading from extract/readings.py, with the vocabulary
tables the grammar's keywords map to. It raises Unreadable where the words parse
but make no sense as a value ("March 32"), so the extractor tries a shorter
reading.
"""

from __future__ import annotations

from lark import Transformer

from factcheck.extract.reader.dates import DateRules
from factcheck.extract.reader.durations import DurationRules
from factcheck.extract.reader.numbers import NumberRules


class _Reader(NumberRules, DateRules, DurationRules, Transformer):
    """Parse tree → reading. Raises Unreadable where the words make no sense as a value.

    Lark calls the method named after each grammar rule; the rules are grouped by what
    they read, one module each."""


READER = _Reader()
