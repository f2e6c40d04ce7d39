"""The claim archive: what goes in comes back, reads touch only matching groups, and
neither concurrent readers nor a killed ingest can leave a document half written."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from newsroom import FERRY, FLOOD, QUAKE, fill_newsroom, flood, generated_articles, write_jsonl

from factcheck.cli.main import main
from factcheck.cms.api import archive_queries
from factcheck.cms.archive import (
    BATCH_DOCUMENTS,
    SCHEMA_VERSION,
    Archive,
    ArchiveError,
    KeyQuery,
    Scope,
    claim_from_json,
    claim_to_json,
)
from factcheck.evaluate.corpus import Corpus
from factcheck.evaluate.sources import Sources
from factcheck.model import Claim, Context, Quantity, Span, TimeValue


@pytest.fixture
def newsroom(tmp_path, checker) -> Archive:
    """An archive of three stories: the flood, the Sarn earthquake, the Alby ferry fire."""
    archive = Archive(tmp_path / "newsroom.sqlite")
    fill_newsroom(archive, checker)
    yield archive
    archive.close()


def test_documents_and_claims_come_back_as_they_went_in(newsroom, checker):
    for document in [*flood().values(), *QUAKE, *FERRY]:
        stored = newsroom.document(document.id)
        if document.id == "valley-herald":
            assert stored is None  # never archived
            continue
        fresh = checker.extract(document)
        assert stored.document == document
        assert stored.reference == fresh.reference
        assert stored.claims == fresh.claims


finite = st.floats(allow_nan=False, width=32)
quantities = st.builds(
    Quantity,
    lo=st.none() | finite | st.just(float("-inf")),
    hi=st.none() | finite | st.just(float("inf")),
    lo_inclusive=st.booleans(),
    approximate=st.booleans(),
    unit=st.none() | st.sampled_from(["person", "percent", "USD", "kilometer"]),
    precision=st.sampled_from([1.0, 10.0, 1000.0, 0.1]),
)
times = st.builds(
    TimeValue,
    timex=st.sampled_from(["2015-09-30", "2016-W11", "P2W", "PAST_REF"]),
    mod=st.none() | st.sampled_from(["START", "APPROX"]),
    start=st.none() | st.dates(),
    end=st.none() | st.dates(),
    days=st.none() | finite,
)
contexts = st.builds(
    Context,
    noun=st.none() | st.text(max_size=12),
    noun_class=st.none() | st.sampled_from(["person", "soldier"]),
    event=st.none() | st.sampled_from(["killed", "start"]),
    topic=st.none() | st.text(max_size=8),
    hedged=st.booleans(),
    negated=st.booleans(),
    attribution=st.none() | st.text(max_size=12),
    clause_distance=st.integers(0, 1),
    entities=st.lists(st.text(max_size=8), max_size=3).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=30),
    quantities | times,
    contexts,
    st.floats(0, 1),
)
def test_any_claim_survives_the_json_it_is_stored_as(text, value, about, certainty):
    kind = "quantity" if isinstance(value, Quantity) else "date"
    claim = Claim(Span("doc", 3, 9, 1, 4), text, kind, value, about, certainty, 0.75)
    stored = claim_from_json(claim_to_json(claim))
    assert stored == claim
    assert hash(stored) == hash(claim)  # findings put claims in sets


def test_a_claim_stored_by_another_version_is_read_or_skipped_never_misread():
    claim = Claim(
        Span("d", 0, 2, 1, 1), "14", "quantity", Quantity(14, 14), Context(event="killed")
    )
    stored = claim_to_json(claim)
    # A field a later version added is ignored; one this version needs but lacks is an error.
    assert claim_from_json(stored.replace('"event"', '"mood":"calm","event"')) == claim
    assert claim_from_json(stored.replace('"text"', '"txt"')) is None
    assert claim_from_json("not json") is None


def test_readding_a_document_replaces_it(newsroom, checker):
    before = newsroom.stats()
    toll = flood()["rw-toll"]
    (done,) = newsroom.add([checker.extract(toll)], story="vell-flood")
    assert done.replaced
    assert newsroom.stats()["documents"] == before["documents"]
    assert newsroom.stats()["claims"] == before["claims"]
    assert newsroom.integrity() == []


def test_remove_deletes_documents_with_their_claims(newsroom):
    before = newsroom.stats()
    assert newsroom.remove(["sarn-quake-1", "no-such-id"]) == 1
    after = newsroom.stats()
    assert after["documents"] == before["documents"] - 1
    assert after["claims"] < before["claims"]
    assert newsroom.integrity() == []


def _draft_queries(checker, document) -> list[KeyQuery]:
    result = checker.extract(document)
    corpus = Corpus(result.claims, {document.id: document}, {}, Sources({}, {}, {}))
    return archive_queries(checker.rule_set, result.claims, corpus)


def test_a_draft_reads_only_the_groups_its_claims_fall_in(newsroom, checker):
    draft = flood()["valley-herald"]
    queries = _draft_queries(checker, draft)
    selection = newsroom.select(queries, Scope())
    total = newsroom.stats()["claims"]
    assert 0 < len(selection.claims) < total
    draft_keys = {
        (c.type, c.context.event, c.context.topic, c.context.counted_in[-1:])
        for c in checker.extract(draft).claims
    }
    for claim in selection.claims:
        # Every claim read shares a rule key with some claim of the draft: its event and
        # noun, or its event and topic, or (for relations) its event or topic, or what it
        # counts (people, boats) for corroboration.
        about = claim.context
        assert any(
            about.event == event
            or (topic is not None and about.topic == topic)
            or (counted and about.counted_in[-1:] == counted)
            for _, event, topic, counted in draft_keys
        ), claim


def test_every_key_query_uses_an_index(newsroom, checker):
    queries = _draft_queries(checker, flood()["valley-herald"])
    scope = Scope("vell-flood", dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    for query in queries:
        for plan in (newsroom.explain(query), newsroom.explain(query, scope)):
            assert any("USING INDEX" in step for step in plan), plan
            assert not any(step.startswith("SCAN") for step in plan), plan


def test_a_story_scope_keeps_other_stories_out(newsroom, checker):
    queries = _draft_queries(checker, flood()["valley-herald"])
    everything = newsroom.select(queries, Scope())
    assert {"sarn-quake-1", "alby-ferry-1"} <= set(everything.documents)
    scoped = newsroom.select(queries, Scope(story="vell-flood"))
    assert set(scoped.documents) == {"rw-toll", "rw-return", "northern-courier"}


def test_a_date_window_keeps_old_articles_out(newsroom, checker):
    queries = _draft_queries(checker, flood()["valley-herald"])
    june = Scope(first_day=dt.date(2025, 6, 1), last_day=dt.date(2025, 6, 30))
    assert set(newsroom.select(queries, june).documents) == {
        "rw-toll",
        "rw-return",
        "northern-courier",
    }


def test_excluded_ids_are_not_read(newsroom, checker):
    queries = _draft_queries(checker, flood()["valley-herald"])
    selection = newsroom.select(queries, Scope("vell-flood"), exclude={"rw-toll"})
    assert "rw-toll" not in selection.documents
    assert all(c.doc != "rw-toll" for c in selection.claims)


def test_indexes_follow_the_rules_keys(newsroom):
    names = {
        row[0]
        for row in sqlite3.connect(newsroom.path).execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'"
        )
    }
    assert names >= {"claims_key_event_noun_class", "claims_key_event_topic"}


def test_an_archive_of_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "old.sqlite"
    Archive(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(
        ArchiveError, match=f"version 99; this factcheck reads version {SCHEMA_VERSION}"
    ):
        Archive(path)


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list: eggs, flour\n" * 100)
    with pytest.raises(ArchiveError):
        Archive(path)
    with pytest.raises(ArchiveError, match="no archive at"):
        Archive(tmp_path / "missing.sqlite", readonly=True)


def test_the_archive_is_in_wal_mode(newsroom):
    with sqlite3.connect(newsroom.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_readers_see_whole_documents_while_a_writer_adds(tmp_path, checker):
    """Reader threads share one Archive object with a writer thread; every read is one
    snapshot in which each document has all its claims."""
    archive = Archive(tmp_path / "busy.sqlite")
    records = generated_articles(150)
    from factcheck.cms.api import as_document

    documents = [as_document(r, r["id"]) for r in records]
    results = [checker.extract(d) for d in documents]
    list(archive.add(results[:10]))
    queries = _draft_queries(checker, documents[0])
    errors: list[BaseException] = []
    done = threading.Event()

    def write():
        try:
            list(archive.add(results[10:]))
        except BaseException as error:
            errors.append(error)
        finally:
            done.set()

    snapshots: list[Counter] = []

    def read():
        try:
            while not done.is_set():
                selection = archive.select(queries)
                per_doc = Counter(claim.doc for claim in selection.claims)
                assert set(per_doc) <= set(selection.documents)
                snapshots.append(per_doc)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert archive.stats()["documents"] == len(records)
    # every document a read saw, it saw with all the claims it has once written
    final = Counter(claim.doc for claim in archive.select(queries).claims)
    assert snapshots
    for per_doc in snapshots:
        assert all(count == final[doc_id] for doc_id, count in per_doc.items())
    assert archive.integrity() == []
    archive.close()


def test_a_killed_ingest_loses_no_committed_document(tmp_path, checker):
    """SIGKILL `factcheck archive add` part-way through 4,000 articles: every document it
    reported committed is there with all its claims, nothing is half written, the file
    passes SQLite's integrity check, and a second run completes the ingest."""
    records = generated_articles(4000)
    source = write_jsonl(tmp_path / "wire.jsonl", records)
    path = tmp_path / "killed.sqlite"
    command = [sys.executable, "-m", "factcheck", "archive", "add", "--archive", str(path)]
    process = subprocess.Popen(
        [*command, "--verbose", str(source)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    reported = []
    try:
        for line in process.stdout:
            reported.append(line.split()[1])
            if len(reported) == 50:
                os.kill(process.pid, signal.SIGKILL)
                break
    finally:
        process.kill()
        reported += [line.split()[1] for line in process.stdout if line.startswith("added ")]
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    assert 50 <= len(reported) < len(records), "the ingest was not killed part-way"

    archive = Archive(path)
    assert archive.integrity() == []
    stored = set(archive.ids())
    assert set(reported) <= stored
    # committed, killed before it could say so: at most the rest of one batch
    assert len(stored - set(reported)) < BATCH_DOCUMENTS
    by_id = {r["id"]: r for r in records}
    from factcheck.cms.api import as_document

    for doc_id in sorted(stored)[:60]:
        again = checker.extract(as_document(by_id[doc_id], doc_id))
        assert archive.document(doc_id).claims == again.claims
    archive.close()

    finished = subprocess.run([*command, str(source)], capture_output=True, text=True, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    with Archive(path) as archive:
        assert archive.stats()["documents"] == len(records)
        assert archive.integrity() == []


def _visible_at_each_commit(path, results) -> list[int]:
    """How many documents another connection sees as each added document is reported."""
    with Archive(path) as writer, Archive(path, readonly=True) as reader:
        return [len(reader.ids()) for _ in writer.add(results, story="s")]


def test_documents_are_committed_in_batches_and_reported_once_committed(
    tmp_path, checker, monkeypatch
):
    from factcheck.cms.api import as_document

    records = generated_articles(BATCH_DOCUMENTS + 6)
    results = [checker.extract(as_document(r, r["id"])) for r in records]
    seen = _visible_at_each_commit(tmp_path / "batches.sqlite", results)
    # The first batch is committed whole before any of it is reported, then the rest.
    assert seen == [BATCH_DOCUMENTS] * BATCH_DOCUMENTS + [len(results)] * 6
    # A document waits no longer than BATCH_SECONDS for others: here, not at all.
    monkeypatch.setattr("factcheck.cms.archive.BATCH_SECONDS", 0.0)
    seen = _visible_at_each_commit(tmp_path / "alone.sqlite", results[:5])
    assert seen == [1, 2, 3, 4, 5]


KILLED_MID_WRITE = """
import os, signal, sys
import factcheck.cms.archive as archive_module
from factcheck.cms.api import as_document
from factcheck.pipeline import Checker

records = {records!r}
checker = Checker()
results = [checker.extract(as_document(r, r["id"])) for r in records]
archive = archive_module.Archive(sys.argv[1])
list(archive.add(results[:1]))
print("committed", results[0].document.id, flush=True)
encode = archive_module.claim_to_json

def dying(claim):
    if claim.doc == results[1].document.id:
        os.kill(os.getpid(), signal.SIGKILL)  # the document row is in, its claims are not
    return encode(claim)

archive_module.claim_to_json = dying
list(archive.add(results[1:]))
"""


def test_a_process_killed_inside_a_transaction_leaves_no_trace_of_it(tmp_path):
    records = generated_articles(2)
    path = tmp_path / "mid-write.sqlite"
    script = KILLED_MID_WRITE.format(records=records)
    run = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert run.stdout == f"committed {records[0]['id']}\n"
    with Archive(path) as archive:
        assert archive.ids() == [records[0]["id"]]
        assert archive.integrity() == []


# ----------------------------------------------------------------------------- CLI


def test_archive_commands(tmp_path):
    runner = CliRunner()
    path = str(tmp_path / "cli.sqlite")
    added = runner.invoke(
        main, ["archive", "add", "--archive", path, "--story", "vell-flood", "-v", str(FLOOD)]
    )
    assert added.exit_code == 0, added.output
    assert "added valley-herald (" in added.output
    assert "archived 4 documents" in added.output

    missing = runner.invoke(main, ["archive", "add", "--archive", path, str(FLOOD / "nope.md")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    again = runner.invoke(
        main, ["archive", "add", "--archive", path, str(FLOOD / "riverside-toll.md")]
    )
    assert again.exit_code == 0 and "1 of them replaced" in again.output

    stats = runner.invoke(main, ["archive", "stats", "--archive", path])
    assert stats.exit_code == 0
    assert "4 documents" in stats.output and "stories: 1" in stats.output

    checked = runner.invoke(main, ["archive", "check", "--archive", path])
    assert checked.exit_code == 0 and checked.output.endswith(": ok\n")

    removed = runner.invoke(main, ["archive", "remove", "--archive", path, "rw-toll"])
    assert removed.exit_code == 0 and "removed 1 of 1" in removed.output


def test_archive_path_from_the_environment(tmp_path):
    runner = CliRunner()
    path = tmp_path / "env.sqlite"
    result = runner.invoke(
        main,
        ["archive", "add", str(FLOOD / "valley-herald.md")],
        env={"FACTCHECK_ARCHIVE": str(path)},
    )
    assert result.exit_code == 0, result.output
    assert path.is_file()


def test_stats_of_a_missing_archive_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        main, ["archive", "stats", "--archive", str(tmp_path / "none.sqlite")]
    )
    assert result.exit_code == 2
    assert "no archive at" in result.output


def test_every_rule_that_compares_claims_asks_the_archive(checker):
    # agreement, corroboration and spread compare a group; relations compare their roles.
    # range and reference rules judge a claim alone and read nothing.
    queries = _draft_queries(checker, flood()["valley-herald"])
    asking = {id(q.selector) for q in queries}
    asked = set()
    for rule in checker.rule_set.rules:
        selectors = [getattr(rule, r) for r in rule.roles()] if rule.kind == "relation" else []
        if rule.kind in ("agreement", "corroboration", "spread"):
            selectors = [rule.select]
        if any(id(s) in asking for s in selectors):
            asked.add(rule.id)
        if rule.kind in ("range", "reference"):
            assert id(rule.select) not in asking, rule.id
    # exactly the comparing rules the draft's claims take part in
    assert asked == {
        "figures.single-source", "counts.casualties", "counts.estimates-vary",
        "counts.part-of-people", "dates.event-start", "dates.start-before-end",
        "durations.length-fits-dates",
    }  # fmt: skip
