"""The archive keys claims by what their unit measures and by every topic: a draft in km/h
finds archived copy in mph, a turnout rule finds turnout that an election is nearer to."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from beats import article

from factcheck.cms.api import archive_queries, check_draft
from factcheck.cms.archive import SCHEMA_VERSION, Archive, ArchiveError
from factcheck.evaluate.corpus import Corpus
from factcheck.evaluate.sources import Sources
from factcheck.pipeline import Checker
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.loading import load_rules

LANDFALL = dt.date(2026, 9, 2)

RULES = """\
lexicon:
  topics:
    turnout: [turnout]
rules:
  - id: storm.peak-wind
    kind: agreement
    description: Articles on one storm agree on its peak wind speed, whatever the unit.
    select: {type: quantity, unit: [mph, km/h, knots]}
    group_by: [unit]
    severity: error
    message: "{doc} gives winds of {value}, against {others}"
  - id: election.turnout
    kind: agreement
    description: Outlets agree on the turnout, to half a point.
    select: {type: quantity, unit: ["%"], topic: [turnout]}
    group_by: [topic]
    tolerance: {points: 0.5}
    message: "{doc} puts turnout at {value}, against {others}"
"""


@pytest.fixture
def checker(tmp_path) -> Checker:
    path = tmp_path / "beats.yaml"
    path.write_text(RULES, encoding="utf-8")
    return Checker(load_rules([path, bundled_rules_dir() / "lexicon.yaml"]))


def _archive(tmp_path, checker, *documents) -> Archive:
    archive = Archive(tmp_path / "archive.sqlite")
    list(archive.add(checker.extract(d) for d in documents))
    return archive


def _read(archive: Archive, checker: Checker, draft) -> list[str]:
    result = checker.extract(draft)
    corpus = Corpus(result.claims, {draft.id: draft}, {}, Sources({}, {}, {}))
    queries = archive_queries(checker.rule_set, result.claims, corpus)
    return sorted(c.text for c in archive.select(queries).claims)


def test_a_draft_in_km_h_reads_archived_claims_in_mph(tmp_path, checker):
    archive = _archive(
        tmp_path, checker,
        article("gulf", "Hurricane Delia came ashore with sustained winds of 120 mph.", LANDFALL),
        article("bay", "Delia's winds reached 90 mph as it crossed the bay.", LANDFALL),
        article("rain", "Delia dropped 250 mm of rain on the coast.", LANDFALL),
    )  # fmt: skip
    draft = article("draft", "Delia reached the coast with winds of 193 km/h.", LANDFALL)
    assert _read(archive, checker, draft) == ["120 mph", "90 mph"]
    report = check_draft(checker, draft, archive=archive)
    (finding,) = [f for f in report.findings if f.rule == "storm.peak-wind"]
    assert sorted(c.text for c in finding.claims) == ["120 mph", "193 km/h", "90 mph"]
    archive.close()


def test_a_turnout_rule_reads_archived_turnout_an_election_is_nearer_to(tmp_path, checker):
    archive = _archive(
        tmp_path, checker,
        article("ledger", "Turnout in the election was 48.2 percent, the clerk said.", LANDFALL),
    )  # fmt: skip
    draft = article("draft", "Turnout reached 51 percent across the county.", LANDFALL)
    assert _read(archive, checker, draft) == ["48.2 percent"]
    report = check_draft(checker, draft, archive=archive)
    (finding,) = [f for f in report.findings if f.rule == "election.turnout"]
    assert sorted(c.text for c in finding.claims) == ["48.2 percent", "51 percent"]
    # removing the document removes its topics too
    assert archive.remove(["ledger"]) == 1
    assert _read(archive, checker, draft) == []
    archive.close()


def test_an_archive_of_version_1_is_upgraded_when_opened_for_writing(tmp_path, checker):
    archive = _archive(
        tmp_path, checker,
        article("gulf", "Hurricane Delia came ashore with sustained winds of 120 mph.", LANDFALL),
    )  # fmt: skip
    archive.close()
    path = tmp_path / "archive.sqlite"
    with sqlite3.connect(path) as connection:  # as version 1 wrote it
        connection.execute("UPDATE claims SET unit = 'mile_per_hour'")
        connection.execute("DROP TABLE claim_topics")
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    connection.close()
    with pytest.raises(ArchiveError, match="open it for writing once"):
        Archive(path, readonly=True)
    upgraded = Archive(path)
    draft = article("draft", "Delia reached the coast with winds of 193 km/h.", LANDFALL)
    assert _read(upgraded, checker, draft) == ["120 mph"]
    upgraded.close()
    with sqlite3.connect(path) as connection:
        (version,) = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'")
    connection.close()
    assert int(version[0]) == SCHEMA_VERSION == 2


def test_the_drafts_role_counts_sources_in_other_units(tmp_path, checker):
    archive = _archive(
        tmp_path, checker,
        article("gulf", "Hurricane Delia came ashore with sustained winds of 120 mph.", LANDFALL),
        article("bay", "Delia's winds reached 90 mph as it crossed the bay.", LANDFALL),
        article("keys", "Forecasters said Delia's winds peaked at 120 mph.", LANDFALL),
    )  # fmt: skip
    draft = article("draft", "Delia reached the coast with winds of 193 km/h.", LANDFALL)
    report = check_draft(checker, draft, archive=archive)
    (index,) = [i for i, f in enumerate(report.findings) if f.rule == "storm.peak-wind"]
    role = report.role(index)
    assert (role.role, role.sources_with_draft, role.sources_against) == ("agrees", 3, 1)
    archive.close()


def test_a_cluster_shuffles_claims_in_mph_and_km_h_to_one_group(checker):
    pytest.importorskip("dask")
    from factcheck.scale.cluster import _shuffle_key

    rule = next(r for r in checker.rule_set.rules if r.id == "storm.peak-wind")
    keys = {
        _shuffle_key(claim, list(rule.group_by), rule.select)
        for text in ("Winds of 120 mph.", "Winds of 193 km/h.")
        for claim in checker.extract(article("a", text, LANDFALL)).claims
    }
    assert keys == {("meter / second",)}
