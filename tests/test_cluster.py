"""The checker on a Dask cluster finds what one process finds.

The test starts its own cluster: a scheduler and two worker processes on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import gc
import json

import pytest
from click.testing import CliRunner
from conftest import BROKEN_ID, ROOT, gva_articles

from factcheck.cli.main import main
from factcheck.collector import THRESHOLDS
from factcheck.load.articles import load_article_set
from factcheck.model import Document, Problem
from factcheck.pipeline import Checker

dask_bag = pytest.importorskip("dask.bag", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

FLOOD = ROOT / "fixtures" / "flood"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def news() -> list[Document]:
    """Real coverage of gun-violence incidents, a third of it without a date of its own
    (dated by its text or its set), and the flood fixtures with their planted findings."""
    documents = list(load_article_set([str(FLOOD)]).documents)
    for number, record in enumerate(gva_articles(12)):
        published = record["published"]
        documents.append(
            Document(
                record["id"],
                record["text"],
                "gva.jsonl",
                source=f"Outlet {number % 7}",
                published=dt.date.fromisoformat(published) if published else None,
            )
        )
    return documents


def test_a_cluster_reports_what_one_process_reports(cluster, news):
    from factcheck.scale.cluster import check_bag

    checker = Checker()
    alone = checker.check(news)
    with distributed.Client(cluster):
        spread = check_bag(dask_bag.from_sequence(news, npartitions=5), checker.rule_set)
    assert spread.findings == alone.findings
    assert spread.documents == alone.documents
    assert spread.sources == alone.sources
    rules = {f.rule for f in alone.findings}
    assert {"dates.event-start", "counts.casualties"} <= rules  # the flood's, and more
    assert len(alone.findings) > 10


def test_documents_read_here_are_sent_to_the_workers_and_checked_alike(cluster, news):
    from factcheck.scale.cluster import check_on_cluster

    checker = Checker()
    alone = checker.check(news)
    spread = check_on_cluster(cluster.scheduler_address, news, checker.rule_set)
    assert (spread.findings, spread.documents) == (alone.findings, alone.documents)
    empty = check_on_cluster(cluster.scheduler_address, [], checker.rule_set)
    assert (empty.findings, empty.documents) == ((), ())


def test_check_dask_prints_the_report_of_one_process(cluster):
    def run(*options: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["check", str(FLOOD), "--format", "json", *options])
        return result.exit_code, result.stdout

    assert run("--dask", cluster.scheduler_address) == run("--jobs", "1")


def test_a_cluster_reads_parquet_and_jsonl_files_where_they_are(cluster, news, tmp_path):
    """read_files: each file read on a worker, a Parquet file by row groups; the report is
    the one process's of the same files, bad rows included."""
    pa = pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
    pq = pytest.importorskip("pyarrow.parquet")
    from factcheck.scale.cluster import check_bag, read_files

    records = [
        {"id": d.id, "text": d.text[d.body_start :], "source": d.source,
         "published": d.published and d.published.isoformat()}
        for d in news
    ]  # fmt: skip
    records[3] = {**records[3], "text": None}  # a bad row: a problem, and the rest is read
    half = len(records) // 2
    pq.write_table(pa.Table.from_pylist(records[:half]), tmp_path / "a.parquet", row_group_size=7)
    with (tmp_path / "b.jsonl").open("w", encoding="utf-8") as stream:
        stream.writelines(json.dumps(r) + "\n" for r in records[half:])
    paths = [str(tmp_path / "a.parquet"), str(tmp_path / "b.jsonl")]
    checker = Checker()
    loaded = load_article_set(paths)
    alone = checker.check(list(loaded.documents), loaded.problems)
    with distributed.Client(cluster):
        bag = read_files(paths)
        assert bag.npartitions > 3
        spread = check_bag(bag, checker.rule_set)
    assert spread.findings == alone.findings
    assert spread.documents == alone.documents
    assert spread.problems == alone.problems and len(alone.problems) == 1


def test_the_workers_collect_garbage_less_often_while_a_set_is_checked(cluster, news):
    """Each worker's collector thresholds are raised while the check runs (it would walk
    the worker's share of the claims again and again) and given back when it ends."""
    from factcheck.scale.cluster import check_bag

    raised = THRESHOLDS

    def read_with_thresholds(document: Document) -> Document | Problem:  # on a worker
        if gc.get_threshold() == raised:
            return document
        return Problem(document.path, f"read with thresholds {gc.get_threshold()}")

    checker = Checker()
    with distributed.Client(cluster) as client:
        before = client.run(gc.get_threshold)
        assert set(before.values()) != {raised} and len(before) == 2
        bag = dask_bag.from_sequence(news[:8], npartitions=2).map(read_with_thresholds)
        spread = check_bag(bag, checker.rule_set)
        assert client.run(gc.get_threshold) == before
        # Nor does a worker keep the articles it read: the fingerprint cache is the CMS's.
        assert set(client.run(_fingerprints_kept).values()) == {0}
    assert spread.problems == () and len(spread.documents) == 8


def _fingerprints_kept() -> int:
    from factcheck.evaluate.sources import fingerprint

    return fingerprint.cache_info().currsize


def test_an_article_that_fails_on_a_worker_is_a_problem_and_no_source(broken_reader):
    """A document the reader fails on is reported as one process reports it, and the
    sources, grouped from fingerprints made before any article was read, leave it out.
    The workers are threads of this process, so that the failure injected here reaches
    them."""
    from factcheck.evaluate.sources import find_sources
    from factcheck.scale.cluster import check_bag

    documents = list(load_article_set([str(FLOOD)]).documents)
    checker = Checker()
    alone = checker.check(documents)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as threads,
        distributed.Client(threads),
    ):
        spread = check_bag(dask_bag.from_sequence(documents, npartitions=3), checker.rule_set)
    assert [p.message for p in spread.problems] == [p.message for p in alone.problems]
    assert BROKEN_ID in alone.problems[0].message
    assert (
        spread.sources == alone.sources == find_sources([d for d in documents if d.id != BROKEN_ID])
    )
    assert (spread.findings, spread.documents) == (alone.findings, alone.documents)


def test_the_scheduler_weighs_a_partition_of_claims_by_what_it_holds(news):
    """Dask guesses an object's size from its shell: a hundredth of a partition of
    results, so moving one looked free. factcheck's objects say what they hold in memory:
    more than a move sends (pickled), and not ten times more."""
    import pickle

    from dask.sizeof import sizeof

    import factcheck.scale.cluster  # noqa: F401 (registers the sizes)

    results = list(Checker().check(news).documents)
    sent = len(pickle.dumps(results))
    assert sent < sizeof(results) < sent * 10
