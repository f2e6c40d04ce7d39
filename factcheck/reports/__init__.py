"""Reports: a checked article set as text, JSON, JSON Lines, SARIF or HTML.

One module per format; each has `write(results, stream, color=False)`. `Results` (in
common) is what they all read: the report, the rules behind it, and what a baseline hid.
"""

from __future__ import annotations

from typing import TextIO

from factcheck.reports import json, text
from factcheck.reports.common import Results
from factcheck.reports.json import claim_json, to_json, value_json


def _sarif(results: Results, stream: TextIO, color: bool = False) -> None:
    from factcheck.reports import sarif  # imported when asked for: not on every start-up

    sarif.write(results, stream, color)


def _html(results: Results, stream: TextIO, color: bool = False) -> None:
    from factcheck.reports import html

    html.write(results, stream, color)


WRITERS = {
    "text": text.write,
    "json": json.write,
    "jsonl": json.write_lines,
    "sarif": _sarif,
    "html": _html,
}
FORMATS = tuple(WRITERS)
# The format an --output file's suffix asks for, when no --format is given.
SUFFIX_FORMATS = {
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".sarif": "sarif",
    ".html": "html",
    ".htm": "html",
}


def write_report(results: Results, output_format: str, stream: TextIO, color: bool = False):
    WRITERS[output_format](results, stream, color)


def to_text(report) -> str:
    """The text report of a bare Report (no baseline, no rule details), without colour."""
    return text.render(Results(report))


__all__ = [
    "FORMATS",
    "SUFFIX_FORMATS",
    "Results",
    "claim_json",
    "to_json",
    "to_text",
    "value_json",
    "write_report",
]
