"""Article sets in Parquet files: one article a row, its columns those of a JSONL record
(`id` and `text`, and `title`, `source`, `published`, `url`, `date-order`, `story`; any
other column is left unread). Read with pyarrow (the `parquet` extra), a batch of rows at
a time, so a large file is never held whole as Python objects.

A row is checked as a JSONL line is: a bad row is one problem, named by its number
(counted from 1, as a line would be), and the rest of the file is read. `published` may
be a string or a date or timestamp column (its day, as stored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from factcheck.load.files import Budget, not_regular
from factcheck.load.records import METADATA_KEYS, admitted, record_document
from factcheck.model import Document, Problem

COLUMNS = ("text", *METADATA_KEYS)
BATCH_ROWS = 512
INSTALL = "reading Parquet needs pyarrow: pip install 'factcheck[parquet]'"


def load_parquet(
    path: str, budget: Budget, row_groups: Sequence[int] | None = None
) -> tuple[list[Document], list[Problem]]:
    """The articles of a Parquet file, or of some of its row groups (a Dask partition's),
    and a problem for each row that is no article or is past the budget."""
    problem = not_regular(path)
    if problem is not None:
        return [], [problem]
    documents: list[Document] = []
    problems: list[Problem] = []
    try:
        for number, record in _records(path, row_groups):
            document, found = admitted(path, number, record_document, record, budget)
            documents.extend([document] if document else [])
            problems.extend(found)
    except ImportError:
        problems.append(Problem(path, INSTALL))
    except Exception as error:  # pyarrow's errors: not Parquet, a truncated file, ...
        problems.append(Problem(path, f"cannot read Parquet: {_message(error)}"))
    return documents, problems


def row_groups(path: str) -> int:
    """How many row groups a Parquet file has: the partitions it can be read in."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).num_row_groups


def _records(path: str, groups: Sequence[int] | None) -> Iterator[tuple[int, dict]]:
    """(row number, record) of each row, the values as a JSONL record has them."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as file:
        names = file.schema_arrow.names
        columns = [c for c in COLUMNS if c in names]
        missing = [c for c in ("id", "text") if c not in names]
        if missing:
            raise ValueError(f"no column {' and no column '.join(map(repr, missing))}")
        chosen = range(file.num_row_groups) if groups is None else groups
        number = sum(file.metadata.row_group(g).num_rows for g in range(min(chosen, default=0)))
        for batch in file.iter_batches(BATCH_ROWS, row_groups=list(chosen), columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield number, {key: _as_json(value) for key, value in row.items()}


def _as_json(value: object) -> object:
    """A column's value as JSON would give it: a date or timestamp as its ISO day."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _message(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
