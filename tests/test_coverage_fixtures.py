"""Article sets of our own, one for each kind of false alarm real coverage raised
(fixtures/coverage/): each gives exactly the contradictions it expects, and its traps
are read and left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from factcheck.load.articles import load_article_set

COVERAGE = Path(__file__).resolve().parent.parent / "fixtures" / "coverage"
SETS = sorted(p.stem.removesuffix(".expected") for p in COVERAGE.glob("*.expected.yaml"))
COMPARED = ("contradiction", "update")


def expected(name: str) -> dict:
    return yaml.safe_load((COVERAGE / f"{name}.expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports(checker) -> dict:
    found = {}
    for name in SETS:
        article_set = load_article_set([str(COVERAGE / name)])
        assert article_set.problems == ()
        found[name] = checker.check(list(article_set.documents))
    return found


def test_every_false_alarm_class_has_a_set() -> None:
    assert SETS == [
        "background", "dates", "non-casualty", "other-event", "part-whole", "role", "updates"
    ]  # fmt: skip


@pytest.mark.parametrize("name", SETS)
def test_exactly_the_expected_findings(reports, name) -> None:
    found = [
        {"rule": f.rule, "kind": f.kind, "claims": sorted([c.doc, c.text] for c in f.claims)}
        for f in reports[name].findings
        if f.kind in COMPARED
    ]
    wanted = [
        {"rule": f["rule"], "kind": f["kind"], "claims": sorted(f["claims"])}
        for f in expected(name)["findings"]
    ]
    assert found == wanted


@pytest.mark.parametrize("name", SETS)
def test_traps_are_read_and_left_alone(reports, name) -> None:
    report = reports[name]
    claims = {(c.doc, c.text) for d in report.documents for c in d.claims}
    compared = {(c.doc, c.text) for f in report.findings if f.kind in COMPARED for c in f.claims}
    for doc, text in expected(name)["traps"]:
        assert (doc, text) in claims
        assert (doc, text) not in compared


@pytest.mark.parametrize("name", SETS)
def test_each_claim_says_which_event_it_belongs_to(reports, name) -> None:
    scopes = {(c.doc, c.text): c.context.scope for d in reports[name].documents for c in d.claims}
    for doc, text, scope in expected(name).get("scopes", []):
        assert scopes[(doc, text)] == scope, (doc, text)


@pytest.mark.parametrize("name", SETS)
def test_reference_dates_and_resolved_days(reports, name) -> None:
    report = reports[name]
    wanted = expected(name)
    refs = {d.document.id: d.reference for d in report.documents}
    for doc, ref in wanted.get("reference_dates", {}).items():
        assert (refs[doc].date, refs[doc].source) == (ref["date"], ref["from"])
    starts = {
        (c.doc, c.text): c.value.start
        for d in report.documents
        for c in d.claims
        if c.type == "date"
    }
    for doc, text, day in wanted.get("values", []):
        assert starts[(doc, text)] == day, (doc, text)


def test_reports_say_what_each_claim_refers_to(reports) -> None:
    from factcheck.reports import claim_json
    from factcheck.reports.common import referent

    claims = {(c.doc, c.text): c for d in reports["background"].documents for c in d.claims}
    tally = claims[("coastal-wire", "57")]
    about = claim_json(tally)["about"]
    assert (about["role"], about["counted"], about["scope"]) == ("killed", "person", "background")
    assert about["scope_reason"] == "a tally: 'this year'"
    assert referent(tally) == "killed · person · background: a tally: 'this year'"
    assert referent(claims[("harbour-post", "12")]) == "killed · person · main event"


def test_an_update_says_both_dates(reports) -> None:
    [update] = [f for f in reports["updates"].findings if f.kind == "update"]
    assert update.severity == "info"
    assert update.message == (
        "'three' in next-day (2022-11-07) comes after 'Two' in first-report (2022-11-06):"
        " the toll most likely changed between the reports"
    )


def test_a_count_below_the_articles_own_toll_is_part_of_it(checker) -> None:
    from factcheck.model import Document

    text = (
        "Five people were wounded in the shooting on Sunday, police said. Two were wounded "
        "at the front door and were taken to hospital."
    )
    claims = {c.text: c for c in checker.extract(Document("a", text, "-")).claims}
    assert (claims["Five"].context.role, claims["Five"].context.part) == ("injured", False)
    assert (claims["Two"].context.role, claims["Two"].context.part) == ("injured", True)
