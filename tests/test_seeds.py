"""The acceptance corpus (../shared/seeds): what ../shared/specs/seed-acceptance.md asks."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.load.articles import load_article_set


@pytest.fixture(scope="module")
def report(checker, seeds_dir):
    article_set = load_article_set([str(seeds_dir)])
    assert article_set.problems == ()
    return checker.check(list(article_set.documents))


def _by_prefix(report, prefix: str):
    (result,) = [d for d in report.documents if d.document.id.startswith(prefix)]
    return result


def _contradictions(report):
    return [f for f in report.findings if f.kind == "contradiction"]


def test_reference_dates_are_inferred_from_the_texts(report):
    for result in report.documents:
        assert result.reference.source == "inferred"
        assert result.reference.date in (dt.date(2016, 3, 14), dt.date(2016, 3, 15))
    assert "March 14, 2016" in _by_prefix(report, "003").reference.how


def test_start_of_the_air_campaign_is_a_contradiction(report):
    (finding,) = [f for f in _contradictions(report) if f.rule == "dates.event-start"]
    places = {(c.doc[:3], c.span.line, c.text) for c in finding.claims}
    assert ("004", 15, "September 15") in places
    assert ("003", 28, "Sept. 30 last year") in places
    assert ("002", 41, "late September") in places
    assert finding.confidence >= 0.6


def test_no_trap_is_reported_as_a_contradiction(report):
    # Only the campaign start disagrees: 004's "September 15", against the other
    # dates and against 002's five-and-a-half-month length up to March 14. The death
    # tolls (bounds and an attributed estimate), the withdrawal from Tuesday/tomorrow/
    # March 15, the age of the conflict, the ceasefire and the fighters killed agree.
    found = sorted(f.rule for f in _contradictions(report))
    assert found == ["dates.event-start", "durations.length-fits-dates"]
    (length,) = [f for f in _contradictions(report) if f.rule.startswith("durations")]
    assert [(c.doc[:3], c.text) for c in length.claims] == [
        ("002", "five-and-a-half-month"),
        ("004", "September 15"),
    ]


def test_single_source_figures(report):
    unsupported = {
        (c.doc[:3], c.text) for f in report.findings if f.kind == "unsupported" for c in f.claims
    }
    assert unsupported == {
        ("002", "from 3,000 to 6,000"),
        ("001", "more than 50"),
        ("003", "470,000"),
        ("000", "more than 2,000"),
        ("002", "more than 2,000"),
        ("000", "17"),
        ("002", "17"),
        ("000", "23 million"),
        ("002", "23 million"),
    }
    copies = [f for f in report.findings if f.kind == "unsupported" and len(f.claims) > 1]
    assert len(copies) == 3
    assert all("not independent" in f.message and "Al Jazeera" in f.message for f in copies)


@pytest.mark.parametrize(
    "prefix, text",
    [
        ("001", "more than 270,000"),
        ("000", "more than 250,000"),
        ("003", "At least 250,000"),
        ("003", "470,000"),
        ("000", "Tuesday"),
        ("001", "tomorrow"),
        ("004", "March 15"),
        ("002", "five-and-a-half-month"),
        ("001", "more than five months ago"),
        ("002", "March 2011"),
        ("003", "five years ago"),
        ("000", "February 27"),
        ("003", "the past two weeks"),
        ("000", "more than 2,000"),
        ("002", "17"),
    ],
)
def test_trap_claims_are_read(report, prefix, text):
    assert text in {c.text for c in _by_prefix(report, prefix).claims}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_withdrawal_starts_on_march_15_everywhere(report, prefix):
    starts = [
        c.value.start
        for c in _by_prefix(report, prefix).claims
        if c.context.event == "start" and c.context.topic == "withdrawal"
    ]
    assert starts and set(starts) == {dt.date(2016, 3, 15)}


def test_every_claim_slices_its_file(report, seeds_dir):
    for result in report.documents:
        text = (seeds_dir / f"{result.document.id}.txt").read_text(encoding="utf-8-sig")
        for claim in result.claims:
            assert text[claim.span.start : claim.span.end] == claim.text


def test_command_line_json(seeds_dir):
    run = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", str(seeds_dir), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr  # an error-severity finding
    data = json.loads(run.stdout)
    assert data["version"] == "1"
    assert {d["published_from"] for d in data["documents"]} == {"inferred"}
    texts = {d["id"]: Path(d["path"]).read_text(encoding="utf-8-sig") for d in data["documents"]}
    for finding in data["findings"]:
        for claim in finding["claims"]:
            assert texts[claim["doc"]][claim["start"] : claim["end"]] == claim["text"]


def test_death_toll_estimates_get_a_note_not_a_contradiction(report):
    (note,) = [f for f in report.findings if f.kind == "note"]
    assert note.severity == "info"
    assert [(c.doc[:3], c.text) for c in note.claims] == [
        ("000", "more than 250,000"),
        ("003", "470,000"),
    ]
