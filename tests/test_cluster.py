"""The checker on a Dask cluster finds what one process finds.

The test starts its own cluster: a scheduler and two worker processes on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from conftest import ROOT, gva_articles

from factcheck.cli.main import main
from factcheck.load.articles import load_article_set
from factcheck.model import Document
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


def test_check_dask_prints_the_report_of_one_process(cluster):
    def run(*options: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["check", str(FLOOD), "--format", "json", *options])
        return result.exit_code, result.stdout

    assert run("--dask", cluster.scheduler_address) == run("--jobs", "1")
