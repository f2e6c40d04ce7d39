"""The embeddable API: check_draft against inline sources and an archive, the gate."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
from newsroom import QUAKE, body, fill_newsroom, flood

from factcheck.api import (
    Archive,
    Checker,
    DraftError,
    DraftReport,
    Gate,
    as_document,
    check_draft,
    rules_version,
)
from factcheck.model import Finding
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.loading import load_rules


@pytest.fixture(scope="session")
def checker() -> Checker:
    """The embedding's Checker: the pipeline's, with check_draft."""
    return Checker()


@pytest.fixture(scope="module")
def docs():
    return flood()


@pytest.fixture
def newsroom(tmp_path, checker, docs) -> Archive:
    archive = Archive(tmp_path / "newsroom.sqlite")
    fill_newsroom(archive, checker)
    yield archive
    archive.close()


def summary(findings) -> list[tuple]:
    return sorted(
        (f.rule, f.kind, f.confidence, tuple(sorted((c.doc, c.span.start) for c in f.claims)))
        for f in findings
    )


def test_the_draft_findings_are_the_set_findings_that_involve_the_draft(checker, docs):
    """Whatever article is the draft, check_draft gives exactly the findings of a check of
    the whole set that name one of the draft's claims."""
    for draft_id, draft in docs.items():
        others = [d for d in docs.values() if d.id != draft_id]
        whole = checker.check([draft, *others])
        expected = [f for f in whole.findings if any(c.doc == draft_id for c in f.claims)]
        report = checker.check_draft(draft, against=others)
        assert report.status == "complete"
        assert summary(report.findings) == summary(expected), draft_id
        assert all(isinstance(f, Finding) for f in report.findings)


def test_findings_between_sources_alone_are_left_out(checker, docs):
    draft = docs["rw-return"]
    others = [d for d in docs.values() if d.id != draft.id]
    whole = checker.check([draft, *others])
    assert any(draft.id not in {c.doc for c in f.claims} for f in whole.findings)
    report = checker.check_draft(draft, against=others)
    assert report.findings
    assert all(any(c.doc == draft.id for c in f.claims) for f in report.findings)


def test_archived_claims_count_as_inline_sources_do(checker, docs, newsroom):
    """The flood's wire copy, archived, gives the draft the findings it gives inline."""
    draft = docs["valley-herald"]
    sources = [docs["rw-toll"], docs["rw-return"], docs["northern-courier"]]
    inline = checker.check_draft(draft, against=sources)
    archived = checker.check_draft(draft, archive=newsroom, story="vell-flood")
    assert archived.status == "complete"
    assert summary(archived.findings) == summary(inline.findings)
    assert {f.rule for f in archived.findings} >= {"counts.casualties", "dates.event-start"}
    assert archived.archive.documents == 3
    assert {archived.origins[c.doc] for f in archived.findings for c in f.claims} == {
        "draft",
        "archive",
    }


def test_without_a_scope_other_stories_are_read_but_not_taken_for_the_draft(
    checker, docs, newsroom
):
    """Why scopes exist: "killed 41 people" in Sarn is not about the Vell valley flood.
    Without one, the archive hands over other stories with the same keys; the rules'
    own sense of the event (dates months apart, tolls of another time) keeps them out
    of the findings, and a scope spares the work."""
    draft = docs["valley-herald"]
    unscoped = checker.check_draft(draft, archive=newsroom)
    scoped = checker.check_draft(draft, archive=newsroom, story="vell-flood")
    assert unscoped.archive.documents > scoped.archive.documents == 3
    for result in (unscoped, scoped):
        assert {c.doc for f in result.findings for c in f.claims} <= set(docs)
    assert summary(unscoped.findings) == summary(scoped.findings)
    windowed = checker.check_draft(draft, archive=newsroom, days=14)
    assert summary(windowed.findings) == summary(scoped.findings)
    assert windowed.archive.scope.first_day == dt.date(2025, 5, 27)


def test_a_draft_archived_before_is_checked_as_it_is_now(checker, docs, newsroom):
    """rw-toll, archived saying 14 killed, is corrected to 23: the draft is not compared
    with its own old version, and 23 agrees with "more than 10" and "at least 12"."""
    toll = docs["rw-toll"]
    corrected = dataclasses.replace(toll, text=toll.text.replace("killed 14", "killed 23"))
    report = checker.check_draft(corrected, archive=newsroom, story="vell-flood")
    assert report.archive.documents == 2
    assert "counts.casualties" not in {f.rule for f in report.findings}
    as_new = dataclasses.replace(corrected, id="rw-toll-v2")
    report = checker.check_draft(as_new, archive=newsroom, story="vell-flood")
    assert "counts.casualties" in {f.rule for f in report.findings}


def test_drafts_and_sources_may_be_texts_mappings_or_documents(checker, docs):
    herald, toll = docs["valley-herald"], docs["rw-toll"]
    as_mapping = {
        "id": "herald",
        "text": body(herald),
        "source": "Valley Herald",
        "published": "2025-06-10T08:30:00+02:00",
    }
    report = checker.check_draft(
        as_mapping, against=[{"id": "toll", "text": body(toll), "published": "2025-06-10"}]
    )
    assert "counts.casualties" in {f.rule for f in report.findings}
    assert report.draft.document.id == "herald"
    assert report.draft.reference.date == dt.date(2025, 6, 10)
    for finding in report.findings:
        for claim in finding.claims:
            text = report.documents[claim.doc].text
            assert text[claim.span.start : claim.span.end] == claim.text

    plain = checker.check_draft(
        body(herald), against=[body(toll)], default_date=dt.date(2025, 6, 10)
    )
    assert plain.draft.document.id == "draft"
    assert [s.document.id for s in plain.sources] == ["source-1"]
    assert "counts.casualties" in {f.rule for f in plain.findings}


@pytest.mark.parametrize(
    ("draft", "against", "message"),
    [
        ({"text": 12}, [], "'text' must be a string"),
        ({"text": "x", "published": "2025-02-30"}, [], "ISO 8601 date"),
        ({"text": "x", "publisher": "AP"}, [], "unknown article key 'publisher'"),
        ({"text": "x\ud800"}, [], "lone surrogate"),
        ({"id": "", "text": "x"}, [], "must not be empty"),
        ({"id": "a", "text": "x"}, [{"id": "a", "text": "y"}], "two articles have the id 'a'"),
        (42, [], "an article must be"),
    ],
)
def test_unusable_articles_raise_draft_error(checker, draft, against, message):
    with pytest.raises(DraftError, match=message):
        checker.check_draft(draft, against=against)


def test_no_date_is_ever_today(checker):
    report = checker.check_draft("The evacuation began on Friday.")
    assert report.draft.reference is None
    assert report.draft.claims == ()  # "Friday" is not resolved against the clock


def test_a_spent_time_budget_gives_a_partial_report(checker, docs, newsroom):
    report = checker.check_draft(docs["valley-herald"], archive=newsroom, timeout=0)
    assert report.status == "partial"
    assert report.findings == ()
    assert report.notes
    assert Gate().decide(report) == "warn"


def test_a_deadline_between_rules_keeps_the_findings_of_the_rules_that_ran(
    checker, docs, monkeypatch
):
    """The clock runs out after the first rule: its findings are kept, the rest not run."""
    import factcheck.cms.api as api
    import factcheck.evaluate.checks as checks

    ticks = iter(range(1000))

    class Clock:
        @staticmethod
        def monotonic():
            return 100.0 + 0.001 * next(ticks)

    calls = {"n": 0}
    real_checks = dict(checks.CHECKS)

    def counting(kind):
        def run(rule, corpus):
            calls["n"] += 1
            return real_checks[kind](rule, corpus)

        return run

    for kind in real_checks:
        monkeypatch.setitem(checks.CHECKS, kind, counting(kind))
    monkeypatch.setattr(api, "time", Clock)
    draft = docs["valley-herald"]
    sources = [d for d in docs.values() if d.id != draft.id]
    report = check_draft(checker, draft, sources, timeout=0.0045)
    assert report.status == "partial"
    assert 0 < calls["n"] < len(checker.rule_set.rules)
    assert "every rule" in " ".join(report.notes)


class BrokenArchive(Archive):
    def __init__(self):
        self.path = "broken.sqlite"

    def select(self, *args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")


def test_an_archive_that_fails_gives_a_partial_report_not_an_exception(checker, docs):
    draft = docs["valley-herald"]
    sources = [docs["rw-toll"]]
    report = checker.check_draft(draft, against=sources, archive=BrokenArchive())
    assert report.status == "partial"
    assert "disk I/O error" in report.notes[0]
    inline = checker.check_draft(draft, against=sources)
    assert summary(report.findings) == summary(inline.findings)


def test_one_checker_and_one_archive_serve_many_threads(checker, docs, newsroom):
    drafts = list(docs.values()) + QUAKE
    expected = {
        d.id: summary(checker.check_draft(d, archive=newsroom, days=10).findings) for d in drafts
    }

    def run(draft):
        return draft.id, summary(checker.check_draft(draft, archive=newsroom, days=10).findings)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, drafts * 12))
    assert all(found == expected[doc_id] for doc_id, found in results)


def _finding(severity: str, confidence: float) -> Finding:
    return Finding("r.x", "contradiction", severity, confidence, "m", ())


@pytest.mark.parametrize(
    ("findings", "status", "decision"),
    [
        ([], "complete", "pass"),
        ([("error", 0.26)], "complete", "block"),
        ([("error", 0.24)], "complete", "warn"),
        ([("warning", 0.95)], "complete", "warn"),
        ([("warning", 0.09)], "complete", "pass"),
        ([("info", 0.99)], "complete", "pass"),
        ([], "partial", "warn"),
        ([("error", 0.9)], "partial", "block"),
    ],
)
def test_the_gate_with_its_default_thresholds(findings, status, decision):
    assert Gate().decision([_finding(*f) for f in findings], status) == decision


def test_the_gate_is_configurable():
    strict = Gate(block_severity="warning", block_confidence=0.5, on_partial="block")
    assert strict.decision([_finding("warning", 0.6)]) == "block"
    assert strict.decision([], "partial") == "block"
    lenient = Gate(block_severity="never", warn_severity="error", warn_confidence=0.9)
    assert lenient.decision([_finding("error", 0.95)]) == "warn"
    assert lenient.decision([_finding("warning", 0.99)]) == "pass"
    with pytest.raises(ValueError):
        Gate(block_confidence=1.5)
    with pytest.raises(ValueError):
        Gate(warn_severity="fatal")


def test_the_rules_version_follows_the_rule_files(tmp_path, checker):
    bundled = rules_version(checker.rule_set)
    assert len(bundled) == 12
    assert rules_version(load_rules([bundled_rules_dir()])) == bundled
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "rules:\n  - id: local.start\n    kind: agreement\n    description: d\n"
        "    select: {type: date, event: [start], topic: any}\n    group_by: [event, topic]\n"
        '    message: "{doc}"\n'
    )
    assert rules_version(load_rules([bundled_rules_dir(), extra])) != bundled


def test_the_report_is_typed(checker, docs):
    report = checker.check_draft(docs["valley-herald"], against=[docs["rw-toll"]])
    assert isinstance(report, DraftReport)
    assert as_document(docs["rw-toll"], "x") is docs["rw-toll"]
    assert report.seconds > 0


def test_the_readme_cms_hook_runs(tmp_path, checker, docs, monkeypatch, capsys):
    """The 15-line hook in the README, as written, against an archive of the story."""
    from newsroom import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("A CMS hook in Python:\n\n```python\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) == 15
    with Archive(tmp_path / "newsroom.sqlite") as archive:
        toll = checker.extract(docs["rw-toll"])
        list(archive.add([toll], story="vell-flood"))
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    herald = docs["valley-herald"]
    post = {"id": "wp-1", "body": body(herald), "date": "2025-06-10", "story": "vell-flood"}
    assert namespace["before_publish"](post, []) is False  # 23 killed against 14: blocked
    printed = capsys.readouterr().out
    assert "error (line [2]): wp-1 puts the number of people killed at '23'" in printed
    calm = {**post, "body": "The floods have killed 14 people, officials said."}
    assert namespace["before_publish"](calm, []) is True
