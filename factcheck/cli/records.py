"""The input of `factcheck extract`: JSONL records, or one plain text, within the limits
`check` applies to an article set (load/files.py): each record's text at most the
article limit, all of them at most the set limit, a line at most LINE_SLACK times the
article limit; FACTCHECK_MAX_ARTICLE_BYTES and FACTCHECK_MAX_SET_BYTES set others.

The input is read a line at a time, so that a line past the limits is never held
whole. Each line gives a record, or the error of that line as a string, so that every
input line gets exactly one output line.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import BinaryIO

from factcheck.load.files import LINE_SLACK, Budget, bounded_lines, read_at_most

STDIN = "-"  # the path problems of standard input name


def read_records(
    source: BinaryIO, input_format: str, budget: Budget
) -> Iterator[tuple[int, dict | str]]:
    """(line number, record) for each input line (one for a plain text); a string
    record is that line's error. `input_format` is "jsonl", "text" or "auto" (JSONL
    where the first line that is not blank starts with "{")."""
    longest = LINE_SLACK * budget.article
    head: list[bytes] = []  # the lines read to tell the format
    while input_format == "auto":
        line = source.readline(longest + 1)
        head.append(line.removeprefix(codecs.BOM_UTF8) if len(head) == 0 else line)
        if not line or line.strip():
            input_format = "jsonl" if head[-1].lstrip().startswith(b"{") else "text"
    if input_format == "text":
        yield 1, _text_record(source, b"".join(head), budget)
        return
    for number, raw in enumerate(_lines(source, head, longest), 1):
        if raw is None:
            yield number, f"a line over {longest:,} bytes ({LINE_SLACK} x the article limit)"
            continue
        record = _record(raw, number)
        if isinstance(record, dict):
            problem = budget.over(STDIN, len(record["text"].encode("utf-8", "replace")), number)
            record = problem.message if problem is not None else record
        yield number, record


def _lines(source: BinaryIO, head: list[bytes], longest: int) -> Iterator[bytes | None]:
    """The input's lines without their line breaks, None for one over `longest` bytes;
    a blank end of the last line is no line."""
    for raw in bounded_lines(source, longest, head):
        if raw is None or raw.endswith(b"\n") or raw.strip():
            yield raw if raw is None else raw.removesuffix(b"\n")


def _text_record(source: BinaryIO, head: bytes, budget: Budget) -> dict | str:
    rest, size = read_at_most(source, max(0, budget.article - len(head)))
    data = (head + rest).removeprefix(codecs.BOM_UTF8)
    if len(head) + len(rest) > budget.article:
        # the size of a file (its whole size); None for a stream
        whole = size if size is not None and size >= len(head) + len(rest) else None
        return _over(budget, whole)
    over = budget.over(STDIN, len(data))
    if over is not None:
        return over.message
    try:
        return {"id": "text", "text": data.decode("utf-8"), "ref_time": None}
    except UnicodeDecodeError as error:
        return f"invalid UTF-8 at byte {error.start}"


def _over(budget: Budget, size: int | None) -> str:
    problem = budget.over(STDIN, size)
    assert problem is not None  # past the article limit
    return problem.message


def _record(raw: bytes, number: int) -> dict | str:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"invalid UTF-8 at byte {error.start}"
    if not line.strip():
        return "empty line"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return f"invalid JSON: {error.msg} at column {error.colno}"
    except RecursionError:
        return "invalid JSON: nested too deeply"
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return "expected an object with a string 'text'"
    record.setdefault("id", str(number))
    return record
