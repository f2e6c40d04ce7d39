"""The draft's part in each finding: a draft that agrees with the independent sources is
not held back because one archived article differs; the same draft's reverse is."""

from __future__ import annotations

import warnings

import jsonschema
import pytest
from roles_fixture import JUNE_3_DRAFT, JUNE_6_DRAFT, PUBLISHED, SOURCES, archived

from factcheck.cms.api import Archive, Checker, Gate, check_draft
from factcheck.cms.roles import ROLES
from factcheck.cms.service import ServiceConfig, create_app, openapi_schema
from factcheck.model import Document

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette prefers httpx2 over httpx; both work
    from starlette.testclient import TestClient


def archive_saying(tmp_path, checker, day: int):
    path = tmp_path / f"june-{day}.sqlite"
    with Archive(path) as archive:
        archive.ensure_indexes(checker.rule_set)
        list(archive.add([checker.extract(archived(day))], story="brennholm"))
    return path


def check(checker, path, text: str):
    draft = {"id": "herald-brennholm", "text": text, "source": "Valley Herald"}
    with Archive(path, readonly=True) as archive:
        return check_draft(
            checker, draft | {"published": PUBLISHED}, SOURCES, archive=archive, story="brennholm"
        )


def evacuation(report):
    """The start-date finding and the draft's role in it."""
    found = [
        (f, report.role(i)) for i, f in enumerate(report.findings) if f.rule == "dates.event-start"
    ]
    assert len(found) == 1, report.findings
    return found[0]


def test_a_draft_that_agrees_with_the_sources_is_not_blocked(checker, tmp_path):
    report = check(checker, archive_saying(tmp_path, checker, 3), JUNE_6_DRAFT)
    finding, role = evacuation(report)
    # The archived article contradicts the draft, surely: this finding alone blocked it.
    assert finding.severity == "error" and finding.confidence >= 0.9
    assert Gate().decision([finding]) == "block"
    assert finding.claims[0].doc == "gazette-brennholm"
    # The draft, the Courier and the Post say June 6; only the Gazette says June 3.
    assert (role.role, role.sources_with_draft, role.sources_against) == ("agrees", 3, 1)
    assert not role.gates
    assert finding not in report.gating()
    assert Gate().decide(report) == "pass"


def test_the_reverse_draft_is_blocked(checker, tmp_path):
    report = check(checker, archive_saying(tmp_path, checker, 6), JUNE_3_DRAFT)
    finding, role = evacuation(report)
    assert (role.role, role.sources_with_draft, role.sources_against) == ("outlier", 1, 3)
    assert finding in report.gating()
    assert Gate().decide(report) == "block"


def test_one_against_one_the_draft_is_the_one_to_check(checker):
    draft = Document("draft", JUNE_6_DRAFT, "<draft>", published=archived(3).published)
    report = check_draft(checker, draft, [archived(3)])
    _, role = evacuation(report)
    assert (role.role, role.sources_with_draft, role.sources_against) == ("outlier", 1, 1)
    assert report.gating() == report.findings  # the gate judges it by its thresholds
    assert Gate().decide(report) == Gate().decision(report.findings) != "pass"


def test_copies_of_one_source_count_once(checker, tmp_path):
    # The two June 6 reports from one publisher are one source: 2 against 1 still, not 3.
    same_publisher = [s | {"source": "Northern Courier"} for s in SOURCES]
    draft = {"id": "herald-brennholm", "text": JUNE_6_DRAFT, "published": PUBLISHED}
    with Archive(archive_saying(tmp_path, checker, 3), readonly=True) as archive:
        report = check_draft(checker, draft, same_publisher, archive=archive, story="brennholm")
    _, role = evacuation(report)
    assert (role.role, role.sources_with_draft, role.sources_against) == ("agrees", 2, 1)


def test_a_figure_no_one_backs_is_unsupported(checker):
    report = check_draft(checker, {"text": JUNE_6_DRAFT, "published": PUBLISHED}, SOURCES)
    roles = {f.rule: report.role(i).role for i, f in enumerate(report.findings)}
    assert roles["figures.single-source"] == "unsupported"  # "About 2,400" residents
    assert set(roles.values()) <= set(ROLES)


@pytest.mark.parametrize(("text", "day", "role", "decision"), [
    (JUNE_6_DRAFT, 3, "agrees", "pass"), (JUNE_3_DRAFT, 6, "outlier", "block"),
])  # fmt: skip
def test_the_service_says_the_drafts_part(checker, tmp_path, text, day, role, decision):
    archive = Archive(archive_saying(tmp_path, checker, day), readonly=True)
    request = {
        "draft": {"id": "herald-brennholm", "text": text, "published": PUBLISHED},
        "sources": SOURCES,
        "archive": {"story": "brennholm"},
    }
    with TestClient(create_app(checker, archive, ServiceConfig())) as client:
        data = client.post("/v1/check", json=request).json()
    schema = openapi_schema()
    jsonschema.validate(
        data, {"$ref": "#/components/schemas/CheckResponse", "components": schema["components"]}
    )
    assert data["decision"] == decision
    (finding,) = [f for f in data["findings"] if f["rule"] == "dates.event-start"]
    assert finding["draft_role"] == role
    assert finding["sources_with_draft"] + finding["sources_against"] == 4
    described = schema["components"]["schemas"]["FindingOut"]["properties"]["draft_role"]
    assert "outlier" in described["description"]


def test_articles_sent_again_are_not_read_again(checker):
    embedded = Checker(checker.rule_set)
    draft = {"id": "herald-brennholm", "text": JUNE_6_DRAFT, "published": PUBLISHED}
    first = embedded.check_draft(draft, SOURCES)
    edited = embedded.check_draft(draft | {"text": JUNE_3_DRAFT}, SOURCES)
    again = embedded.check_draft(draft, SOURCES)
    fresh = check_draft(checker, draft, SOURCES)
    assert first.findings == again.findings == fresh.findings
    assert edited.findings != first.findings
    assert embedded._read.cache_info().hits == 2 * len(SOURCES) + 1


def test_a_note_never_holds_the_draft_back(checker):
    # Estimates that can all hold, but range widely: a note, not a wrong figure.
    low = "The war has killed more than 250,000 people, officials said.\n"
    high = "Other estimates put the death toll from the war at 470,000 people.\n"
    draft = {"text": low, "published": "2024-03-01", "source": "Capital Daily"}
    other = {"id": "s1", "text": high, "source": "Metro Ledger", "published": "2024-03-01"}
    report = check_draft(checker, draft, [other])
    assert [(f.kind, report.role(i).role) for i, f in enumerate(report.findings)] == [
        ("note", "noted")
    ]
    strict = Gate(warn_severity="info")
    assert strict.decision(report.findings) == "warn"
    assert strict.decide(report) == "pass"
