"""Baselines: fingerprints that survive edits around a claim, and the accept-then-check cycle."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from factcheck.cli.main import main
from factcheck.load.articles import load_article_set
from factcheck.reports.baseline import fingerprint, read_baseline

FLOOD = ROOT / "fixtures" / "flood"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def flood(tmp_path: Path) -> Path:
    """A copy of the bundled article set that a test may edit."""
    return Path(shutil.copytree(FLOOD, tmp_path / "flood"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def fingerprints(checker, folder: Path) -> dict[tuple[str, ...], str]:
    """Each finding's fingerprint, by its rule and claim texts."""
    article_set = load_article_set([str(folder)])
    report = checker.check(list(article_set.documents))
    return {(f.rule, *(c.text for c in f.claims)): fingerprint(f) for f in report.findings}


# ---------------------------------------------------------------------- fingerprints


def test_fingerprint_survives_edits_around_the_claims(checker, flood: Path) -> None:
    before = fingerprints(checker, flood)
    # A new paragraph above every claim of the toll article, and a line re-wrapped in
    # the first sentence of another: offsets, lines and columns all move.
    edit(
        flood / "riverside-toll.md",
        "---\n\nMARROWBY",
        "---\n\nUpdated at 18:00 with comments from the governor.\n\nMARROWBY",
    )
    edit(flood / "valley-herald.md", "hospital and municipal", "hospital and\nmunicipal")

    after = fingerprints(checker, flood)

    assert after == before
    assert len(set(before.values())) == len(before)  # and they tell findings apart


def test_fingerprint_changes_when_a_claim_changes(checker, flood: Path) -> None:
    before = fingerprints(checker, flood)
    edit(flood / "valley-herald.md", "have killed 23 people", "have killed 25 people")

    after = fingerprints(checker, flood)

    casualties = [k for k in before if k[0] == "counts.casualties"]
    assert casualties == [("counts.casualties", "23", "14")]
    assert ("counts.casualties", "25", "14") in after
    unchanged = {k: v for k, v in before.items() if k[0] != "counts.casualties"}
    assert {k: after[k] for k in unchanged} == unchanged


def test_fingerprint_ignores_the_order_of_claims(checker) -> None:
    article_set = load_article_set([str(FLOOD)])
    finding = next(
        f for f in checker.check(list(article_set.documents)).findings if len(f.claims) > 2
    )

    reordered = replace(finding, claims=tuple(reversed(finding.claims)), confidence=0.5)

    assert fingerprint(reordered) == fingerprint(finding)
    assert fingerprint(replace(finding, rule="other.rule")) != fingerprint(finding)


# ---------------------------------------------------------------------- the cycle


def test_accepted_findings_stop_reappearing_and_new_ones_show(flood: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"

    # 1. The editor reviews today's findings and accepts them all.
    exit_code, out, err = run("check", flood, "--write-baseline", baseline)
    assert exit_code == 0
    assert err == f"factcheck: {baseline}: 4 findings accepted\n"
    assert out.endswith("\n0 findings in 4 documents; 4 suppressed by the baseline.\n")

    # 2. Tomorrow's run with the baseline is clean, though the articles were edited around
    #    their claims.
    edit(flood / "riverside-toll.md", "---\n\nMARROWBY", "---\n\nUpdated.\n\nMARROWBY")
    exit_code, out, _ = run("check", flood, "--baseline", baseline)
    assert exit_code == 0
    assert out.endswith("\n0 findings in 4 documents; 4 suppressed by the baseline.\n")

    # 3. A correction that brings a new disagreement is reported, and fails the run.
    edit(flood / "riverside-return.md", "killed at least 12 people", "killed 9 people")
    exit_code, out, _ = run("check", flood, "--baseline", baseline, "--format", "json")
    report = json.loads(out)
    assert exit_code == 1
    [new] = report["findings"]
    assert new["rule"] == "counts.casualties"
    assert ("rw-return", "9") in {(c["doc"], c["text"]) for c in new["claims"]}
    assert report["baseline"] == {"path": str(baseline), "suppressed": 4}
    assert report["summary"]["suppressed"] == 4


def test_baseline_file_is_readable_by_people(flood: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"
    run("check", flood, "--write-baseline", baseline)
    findings = json.loads(run("check", flood, "--format", "json")[1])["findings"]

    data = json.loads(baseline.read_text(encoding="utf-8"))

    assert data["version"] == "1"
    by_fingerprint = {f["fingerprint"]: f for f in findings}
    assert sorted(e["fingerprint"] for e in data["findings"]) == sorted(by_fingerprint)
    for entry in data["findings"]:
        finding = by_fingerprint[entry["fingerprint"]]
        assert (entry["rule"], entry["message"]) == (finding["rule"], finding["message"])
        assert entry["claims"] == [f"{c['doc']}: {c['text']}" for c in finding["claims"]]
    # Written twice from the same findings, the file is the same: no noise in its diffs.
    first = baseline.read_text(encoding="utf-8")
    run("check", flood, "--write-baseline", baseline)
    assert baseline.read_text(encoding="utf-8") == first


def test_write_baseline_honours_the_filters(flood: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"

    run("check", flood, "--select", "counts", "--write-baseline", baseline)
    exit_code, out, _ = run("check", flood, "--baseline", baseline, "--format", "json")

    assert exit_code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == [
        "dates.event-start",
        "figures.single-source",
        "figures.single-source",
    ]
    assert read_baseline(baseline).fingerprints


def test_sarif_lists_accepted_findings_as_suppressed(flood: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"
    run("check", flood, "--select", "dates", "--write-baseline", baseline)

    log = json.loads(run("check", flood, "--baseline", baseline, "--format", "sarif")[1])

    results = log["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["dates.event-start"]
    assert suppressed[0]["baselineState"] == "unchanged"
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
    assert {r["baselineState"] for r in results if not r.get("suppressions")} == {"new"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the baseline"),
        ("{not json", "not a baseline file"),
        ('{"findings": [{"rule": "x"}]}', "not a baseline file: expected"),
    ],
    ids=["missing", "not-json", "no-fingerprints"],
)
def test_unusable_baseline_is_a_usage_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    baseline = tmp_path / "accepted.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")

    exit_code, out, err = run("check", FLOOD, "--baseline", baseline)

    assert (exit_code, out) == (2, "")
    assert err.startswith(f"factcheck: {baseline}: {message}")


def test_writing_a_baseline_needs_no_old_one(flood: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "new.json"

    exit_code, _, _ = run("check", flood, "--baseline", baseline, "--write-baseline", baseline)

    assert exit_code == 0
    assert len(read_baseline(baseline).fingerprints) == 4


def test_unwritable_baseline_is_a_usage_error(tmp_path: Path) -> None:
    exit_code, _, err = run("check", FLOOD, "--write-baseline", tmp_path / "no" / "such.json")

    assert exit_code == 2
    assert "cannot write the baseline" in err
