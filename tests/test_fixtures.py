"""The bundled article set: exactly the planted contradictions, none of the traps."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from factcheck.load.articles import load_article_set

ROOT = Path(__file__).resolve().parent.parent
FLOOD = ROOT / "fixtures" / "flood"
EXPECTED = yaml.safe_load((ROOT / "fixtures" / "flood.expected.yaml").read_text())


@pytest.fixture(scope="module")
def report(checker):
    article_set = load_article_set([str(FLOOD)])
    assert article_set.problems == ()
    return checker.check(list(article_set.documents))


def _claims_of(finding) -> list[list[str]]:
    return [[c.doc, c.text] for c in finding.claims]


def test_reference_dates(report):
    found = {
        d.document.id: {"date": d.reference.date, "from": d.reference.source}
        for d in report.documents
    }
    assert found == EXPECTED["reference_dates"]


def test_exactly_the_planted_findings(report):
    found = [{"rule": f.rule, "kind": f.kind, "claims": _claims_of(f)} for f in report.findings]
    assert found == EXPECTED["findings"]
    # Each planted finding has strong evidence; the rule's reliability, fitted on real
    # coverage (docs/confidence.md), then scales it to how often such findings are right.
    assert all(f.confidence / f.factors["rule"] >= 0.6 for f in report.findings)


@pytest.mark.parametrize("doc, text", EXPECTED["traps"], ids=" ".join)
def test_trap_is_read_and_not_reported(report, doc, text):
    claims = {(c.doc, c.text) for d in report.documents for c in d.claims}
    assert (doc, text) in claims
    contradicted = {
        (c.doc, c.text) for f in report.findings if f.kind == "contradiction" for c in f.claims
    }
    assert (doc, text) not in contradicted


def test_every_claim_slices_its_document(report):
    for result in report.documents:
        for claim in result.claims:
            assert result.document.text[claim.span.start : claim.span.end] == claim.text
