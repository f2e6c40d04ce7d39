"""Article sets in Parquet files read as the same records in JSONL are: the same
documents, findings and problems, from one file or many."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from factcheck.cli.main import main
from factcheck.load.articles import load_article_set

pa = pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
pq = pytest.importorskip("pyarrow.parquet")

FLOOD = ROOT / "fixtures" / "flood"


def flood_records() -> list[dict]:
    """The flood fixtures as records: their metadata, and the text after the front matter."""
    return [
        {
            "id": d.id,
            "title": d.title,
            "source": d.source,
            "published": d.published,
            "text": d.text[d.body_start :],
        }
        for d in load_article_set([str(FLOOD)]).documents
    ]


def write_parquet(path: Path, records: list[dict], dated: bool = True, group_rows: int = 2):
    """`published` as a date column, or as strings; row groups of `group_rows` rows."""
    rows = [
        {**r, "published": r["published"] if dated else r["published"] and str(r["published"])}
        for r in records
    ]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=group_rows)


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for r in records:
            published = r["published"] and r["published"].isoformat()
            stream.write(json.dumps({**r, "published": published}) + "\n")


def report(*paths: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(
        main, ["check", *map(str, paths), "--format", "json", "--jobs", "1"]
    )
    data = json.loads(result.stdout)
    for document in data["documents"]:
        document.pop("path")
    for problem in data.get("problems", []):
        problem.pop("path", None)
    return result.exit_code, data


def test_a_parquet_set_reads_as_its_jsonl(tmp_path):
    records = flood_records()
    write_parquet(tmp_path / "flood.parquet", records)
    write_jsonl(tmp_path / "flood.jsonl", records)
    status, found = report(tmp_path / "flood.parquet")
    assert (status, found) == report(tmp_path / "flood.jsonl")
    assert status == 1 and found["findings"]  # the flood's planted contradictions
    assert len(found["documents"]) == 4


def test_many_parquet_files_read_as_one_set(tmp_path):
    records = flood_records()
    write_parquet(tmp_path / "a.parquet", records[:2], dated=False)
    write_parquet(tmp_path / "b.parquet", records[2:], group_rows=1)
    write_jsonl(tmp_path / "all.jsonl", records)
    assert report(tmp_path / "a.parquet", tmp_path / "b.parquet") == report(tmp_path / "all.jsonl")


def test_a_bad_row_is_a_problem_and_the_rest_is_read(tmp_path):
    records = flood_records()
    records[1] = {**records[1], "id": None}
    write_parquet(tmp_path / "flood.parquet", records)
    loaded = load_article_set([str(tmp_path / "flood.parquet")])
    assert len(loaded.documents) == 3
    (problem,) = loaded.problems
    assert problem.line == 2 and "'id' must be a string" in problem.message


def test_a_file_that_is_no_parquet_is_named(tmp_path):
    (tmp_path / "broken.parquet").write_bytes(b"not parquet at all")
    pq.write_table(pa.table({"body": ["5 people died"]}), tmp_path / "columns.parquet")
    for name in ("broken", "columns"):
        loaded = load_article_set([str(tmp_path / f"{name}.parquet")])
        assert loaded.documents == ()
        (problem,) = loaded.problems
        assert problem.message.startswith("cannot read Parquet")
    assert (
        "no column 'id'"
        in load_article_set([str(tmp_path / "columns.parquet")]).problems[0].message
    )


def test_published_timestamps_give_their_day(tmp_path):
    when = dt.datetime(2025, 6, 10, 23, 30)
    pq.write_table(
        pa.table({"id": ["a"], "text": ["Five people died."], "published": [when]}),
        tmp_path / "stamped.parquet",
    )
    (document,) = load_article_set([str(tmp_path / "stamped.parquet")]).documents
    assert document.published == dt.date(2025, 6, 10)
