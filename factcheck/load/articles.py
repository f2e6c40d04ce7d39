"""Article sets in, Documents and Problems out.

A PATH is a directory (its *.txt, *.md and *.markdown files, recursively), a single text file,
a .jsonl file (one article per line), a .parquet file (one a row: load/parquet.py) or "-"
(one article on standard input). Bad input never raises: it becomes a Problem, and the
rest of the set still loads. A record's fields are read in load/records.py.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import yaml

from factcheck.load.files import (
    LINE_SLACK,
    Budget,
    LimitError,
    bounded_lines,
    not_regular,
    read_at_most,
)
from factcheck.load.records import (
    METADATA_KEYS,
    admitted,
    has_lone_surrogate,
    isolated,
    parse_iso_date,
    record_document,
    set_metadata,
)
from factcheck.model import Document, Problem

__all__ = ["has_lone_surrogate", "load_article_set", "parse_article", "parse_iso_date"]

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
PARQUET_SUFFIXES = (".parquet", ".pq")
STDIN_PATH = "-"
STDIN_ID = "stdin"

# The pure-Python loader, not CSafeLoader: front matter is a few lines, so speed does not matter,
# and libyaml's composer recurses without a limit and segfaults on deeply nested input.
_YamlLoader = yaml.SafeLoader
_YAML_NULL_TAG = "tag:yaml.org,2002:null"
_BOM = "\ufeff"

_Loaded = tuple[list[Document], list[Problem]]


@dataclass(frozen=True)
class ArticleSet:
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]


def load_article_set(
    paths: Sequence[str], stdin: TextIO | None = None, budget: Budget | None = None
) -> ArticleSet:
    """Load every PATH; `stdin` is read for "-" (default: sys.stdin). `budget` limits the
    bytes of each article and of the set (default: files.py's, or the environment's)."""
    documents: list[Document] = []
    problems: list[Problem] = []
    if budget is None:
        try:
            budget = Budget.from_environment()
        except LimitError as error:
            problems.append(Problem("environment", str(error)))
            budget = Budget()
    for path in paths:
        loaded, found = _load_path(path, stdin, budget)
        documents.extend(loaded)
        problems.extend(found)
    return ArticleSet(tuple(unique_ids(documents)), tuple(problems))


def parse_article(text: str, path: str, default_id: str) -> tuple[Document | None, list[Problem]]:
    """Read one decoded article and its optional YAML front matter.

    Returns no Document when the front matter is unusable: loading the article without the
    metadata its author meant it to have would silently change how it is checked.
    """
    text = text.removeprefix(_BOM)
    yaml_start = _front_matter_start(text)
    if yaml_start is None:
        return Document(id=default_id, text=text, path=path), []
    closer = _front_matter_closer(text, yaml_start)
    if closer is None:
        message = "front matter is not closed (no '---' or '...' line after it)"
        return None, [Problem(path, message, 1, 1)]
    yaml_end, body_start = closer
    fields, problems = _front_matter_fields(text, yaml_start, yaml_end, path)
    if fields is None:
        return None, problems
    fields.setdefault("id", default_id)
    return Document(text=text, path=path, body_start=body_start, **fields), problems


# --- paths ---------------------------------------------------------------------------------


def _load_path(path: str, stdin: TextIO | None, budget: Budget) -> _Loaded:
    if path == STDIN_PATH:
        return _load_stdin(stdin if stdin is not None else sys.stdin, budget)
    if os.path.isdir(path):
        return _load_directory(path, budget)
    if path.lower().endswith(".jsonl"):
        return _load_jsonl(path, budget)
    if path.lower().endswith(PARQUET_SUFFIXES):
        from factcheck.load.parquet import load_parquet  # pyarrow, when a set is in Parquet

        return load_parquet(path, budget)
    return _load_text_file(path, budget)


def _load_directory(root: str, budget: Budget) -> _Loaded:
    files, problems = _article_files(root)
    if not files and not problems:
        problems.append(Problem(root, "no articles (*.txt, *.md, *.markdown) in directory"))
    documents: list[Document] = []
    for file in files:
        loaded, found = _load_text_file(file, budget)
        documents.extend(loaded)
        problems.extend(found)
    return documents, problems


def _article_files(root: str) -> tuple[list[str], list[Problem]]:
    problems: list[Problem] = []

    def report(err: OSError) -> None:
        problems.append(Problem(err.filename or root, _os_error_message(err)))

    relative: list[tuple[str, ...]] = []
    for directory, _, names in os.walk(root, onerror=report):
        parts = _relative_parts(root, directory)
        relative.extend((*parts, name) for name in names if _is_article_name(name))
    # Sorting the path components, not the joined string, keeps each directory's files together.
    return [os.path.join(root, *parts) for parts in sorted(relative)], problems


def _relative_parts(root: str, directory: str) -> tuple[str, ...]:
    relative = os.path.relpath(directory, root)
    return () if relative == os.curdir else tuple(relative.split(os.sep))


def _is_article_name(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIXES)


def _load_text_file(path: str, budget: Budget) -> _Loaded:
    data, problem = _read_bytes(path, budget)
    if problem is not None:
        return [], [problem]
    text, problem = _decode(data, path)
    if problem is not None:
        return [], [problem]
    document, problems = isolated(path, None, parse_article, text, path, _file_id(path))
    return ([document] if document else []), problems


def _file_id(path: str) -> str:
    name = os.path.basename(path)
    stem, _ = os.path.splitext(name)
    return stem or name


def _load_stdin(stdin: TextIO, budget: Budget) -> _Loaded:
    # The binary buffer, where there is one: text mode would translate "\r\n" and shift offsets.
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:
        text = stdin.read(budget.article + 1)
        size = len(text.encode("utf-8", "surrogatepass"))
        problem = budget.over(STDIN_PATH, size if size <= budget.article else None)
    else:
        data, size = read_at_most(buffer, budget.article)
        problem = budget.over(STDIN_PATH, size)
        if problem is None:
            text, problem = _decode(data, STDIN_PATH)
    if problem is not None:
        return [], [problem]
    document, problems = isolated(STDIN_PATH, None, parse_article, text, STDIN_PATH, STDIN_ID)
    return ([document] if document else []), problems


# --- bytes to text -------------------------------------------------------------------------


def _read_bytes(path: str, budget: Budget) -> tuple[bytes, Problem | None]:
    """A regular file's bytes, within the budget."""
    problem = not_regular(path)
    if problem is not None:
        return b"", problem
    try:
        with open(path, "rb") as file:
            data, size = read_at_most(file, budget.article)
    except OSError as err:
        return b"", Problem(path, _os_error_message(err))
    return data, budget.over(path, size)


def _os_error_message(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    return (err.strerror or str(err)).lower()


def _decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    """Strict UTF-8; the BOM stays for parse_article to strip, so byte offsets stay the file's."""
    if b"\0" in data:
        return "", Problem(path, "binary file, not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        return "", _invalid_utf8(data, err.start, path)


def _invalid_utf8(data: bytes, position: int, path: str, first_line: int = 1) -> Problem:
    line = data.count(b"\n", 0, position) + first_line
    line_start = data.rfind(b"\n", 0, position) + 1
    if line_start == 0 and data.startswith(codecs.BOM_UTF8):
        line_start = len(codecs.BOM_UTF8)  # the BOM is not part of the text, so not a column
    column = len(data[line_start:position].decode("utf-8", errors="replace")) + 1
    return Problem(path, f"invalid UTF-8 at byte {position}", line, column)


# --- front matter --------------------------------------------------------------------------


def _lines(text: str, start: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, next line's start) of each line from `start`; lines end at "\\n" only,
    as Document.line_starts counts them."""
    while start < len(text):
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline
        yield start, end, end + 1 if newline >= 0 else end
        start = end + 1


def _is_fence(text: str, start: int, end: int, fences: tuple[str, ...]) -> bool:
    return text[start:end].rstrip() in fences


def _front_matter_start(text: str) -> int | None:
    """Where the YAML begins, if the first line opens front matter."""
    first = next(_lines(text, 0), None)
    if first is None:
        return None
    start, end, after = first
    return after if _is_fence(text, start, end, ("---",)) else None


def _front_matter_closer(text: str, yaml_start: int) -> tuple[int, int] | None:
    """(where the YAML ends, where the body begins), or None when nothing closes it."""
    for start, end, after in _lines(text, yaml_start):
        if _is_fence(text, start, end, ("---", "...")):
            return start, after
    return None


def _front_matter_fields(
    text: str, start: int, end: int, path: str
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Document fields from the front matter, or None when the article must be skipped."""
    try:
        node = _compose_yaml(text[start:end])
    except yaml.YAMLError as err:
        return None, [_yaml_problem(err, text, start, path)]
    except RecursionError:
        return None, [
            Problem(path, "front matter is nested too deeply", *_line_column(text, start))
        ]
    if node is None:
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        where = _line_column(text, start + node.start_mark.index)
        return None, [Problem(path, "front matter is not a mapping of keys to values", *where)]
    return _metadata_from_mapping(node, text, start, path)


def _compose_yaml(source: str) -> yaml.Node | None:
    # Composing, not constructing: scalars are kept as written, so YAML 1.1 typing cannot turn
    # "id: 001" into 1, "title: yes" into True, or crash on "published: 2016-02-30".
    loader = _YamlLoader(source)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _yaml_problem(err: yaml.YAMLError, text: str, start: int, path: str) -> Problem:
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        offset, reason = start + mark.index, getattr(err, "problem", None) or str(err)
    elif isinstance(err, yaml.reader.ReaderError):
        offset, reason = start + err.position, f"unacceptable character #x{err.character:04x}"
    else:
        offset, reason = start, str(err)
    return Problem(path, f"malformed front matter: {reason}", *_line_column(text, offset))


def _metadata_from_mapping(
    node: yaml.MappingNode, text: str, start: int, path: str
) -> tuple[dict[str, Any], list[Problem]]:
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in METADATA_KEYS:
            continue
        line, column = _line_column(text, start + value_node.start_mark.index)
        if not isinstance(value_node, yaml.ScalarNode):
            message = f"front matter '{key}' must be a single value"
            problems.append(Problem(path, message, line, column))
            continue
        fields.pop(key, None)  # a repeated key: the last one wins, as in YAML loaders
        raw = None if value_node.tag == _YAML_NULL_TAG else value_node.value
        problem = set_metadata(fields, key, raw, path, line, column)
        problems.extend([problem] if problem else [])
    return fields, problems


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# --- metadata shared by front matter and jsonl ---------------------------------------------


# --- jsonl ---------------------------------------------------------------------------------


def _load_jsonl(path: str, budget: Budget) -> _Loaded:
    """One article a line, read line by line: a bad line is one problem, not the file's."""
    problem = not_regular(path)
    if problem is not None:
        return [], [problem]
    documents: list[Document] = []
    problems: list[Problem] = []
    try:
        with open(path, "rb") as file:
            for number, line in _jsonl_lines(file, path, problems, budget):
                document, found = admitted(path, number, _jsonl_document, line, budget)
                documents.extend([document] if document else [])
                problems.extend(found)
    except OSError as err:
        problems.append(Problem(path, _os_error_message(err)))
    return documents, problems


def _jsonl_lines(
    file, path: str, problems: list[Problem], budget: Budget
) -> Iterator[tuple[int, str]]:
    """Decoded non-blank lines; a line that is not UTF-8, or longer than an article may
    be (with room for its JSON escapes), is reported and skipped, not the file."""
    longest = LINE_SLACK * budget.article
    for number, raw in enumerate(bounded_lines(file, longest), 1):
        if raw is None:
            message = f"a line over {longest:,} bytes ({LINE_SLACK} x the article limit); skipped"
            problems.append(Problem(path, message, number))
            continue
        try:
            line = raw.removesuffix(b"\n").decode("utf-8")
        except UnicodeDecodeError as err:
            problems.append(_invalid_utf8(raw, err.start, path, number))
            continue
        if line.strip():
            yield number, line


def _jsonl_document(line: str, path: str, number: int) -> tuple[Document | None, list[Problem]]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return None, [Problem(path, f"invalid JSON: {err.msg}", number, err.colno)]
    except RecursionError:
        return None, [Problem(path, "invalid JSON: nested too deeply", number)]
    if not isinstance(record, dict):
        return None, [Problem(path, "not a JSON object", number)]
    return record_document(record, path, number)


# --- ids -----------------------------------------------------------------------------------


def unique_ids(documents: list[Document]) -> Iterator[Document]:
    # Findings name documents by id, so a repeated id gets a suffix rather than a Problem.
    seen: set[str] = set()
    for document in documents:
        unique = document.id
        suffix = 2
        while unique in seen:
            unique = f"{document.id}~{suffix}"
            suffix += 1
        seen.add(unique)
        yield document if unique == document.id else dataclasses.replace(document, id=unique)
