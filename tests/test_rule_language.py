"""The rule language end to end: the published schema, reference facts, selectors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from factcheck.cli.ruletests import run_rule_tests
from factcheck.model import Document
from factcheck.pipeline import Checker
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.language import rule_file_schema
from factcheck.rulebook.loading import load_rules

SCHEMA_FILE = bundled_rules_dir() / "rule-file.schema.json"


def test_published_schema_is_generated_from_the_loader_models():
    assert json.loads(SCHEMA_FILE.read_text()) == rule_file_schema()


@pytest.mark.parametrize("path", sorted(bundled_rules_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_files_validate_against_the_schema(path):
    # As an editor sees the file: dates are strings until the loader reads them.
    data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    jsonschema.validate(data, rule_file_schema())


def test_schema_rejects_what_the_loader_rejects():
    broken = {"rules": [{"id": "a.b", "kind": "agreement", "description": "d", "message": "m",
                         "select": {}, "group_by": ["event"], "severty": "error"}]}  # fmt: skip
    with pytest.raises(jsonschema.ValidationError, match="severty"):
        jsonschema.validate(broken, rule_file_schema())


def _checker_with(tmp_path: Path, rules_yaml: str) -> Checker:
    path = tmp_path / "extra.yaml"
    path.write_text(rules_yaml, encoding="utf-8")
    return Checker(load_rules([path, bundled_rules_dir() / "lexicon.yaml"]))


def _doc(doc_id: str, text: str, source: str | None = None) -> Document:
    return Document(doc_id, text, f"{doc_id}.txt", source=source or doc_id,
                    published=dt.date(2016, 3, 14))  # fmt: skip


REFERENCE_RULE = """
rules:
  - id: toll.reference
    kind: reference
    description: Death tolls against the agency's figure.
    select: {type: quantity, event: [killed], noun: [person]}
    group_by: [event, noun]
    facts:
      - key: {event: killed, noun: person}
        value: more than 300,000
        source: Monitoring group, March 2016
        as_of: 2016-03-01
    severity: warning
    message: "{doc} gives '{text}' {noun} {event}; the reference is {fact}"
"""


def test_reference_fact_contradicted(tmp_path):
    checker = _checker_with(tmp_path, REFERENCE_RULE)
    report = checker.check([_doc("a", "The war has killed 250,000 people, officials said.")])
    (finding,) = [f for f in report.findings if f.rule == "toll.reference"]
    assert finding.kind == "contradiction"
    assert [c.text for c in finding.claims] == ["250,000"]
    assert finding.message == (
        "a gives '250,000' people killed; the reference is more than 300,000 "
        "(Monitoring group, March 2016)"
    )
    assert 0.5 < finding.confidence < 1


def test_reference_fact_agreed(tmp_path):
    checker = _checker_with(tmp_path, REFERENCE_RULE)
    report = checker.check([_doc("a", "The war has killed 320,000 people, officials said.")])
    assert [f for f in report.findings if f.rule == "toll.reference"] == []


def test_a_fact_backs_a_single_source_figure(tmp_path):
    rule = """
rules:
  - id: toll.backed
    kind: corroboration
    description: tolls need a second source or a fact
    select: {type: quantity, event: [killed], noun: [person]}
    group_by: [event, noun]
    facts:
      - {key: {event: killed, noun: person}, value: "470,000", source: Research centre}
    message: "{doc} {text}: {reason}"
"""
    checker = _checker_with(tmp_path, rule)
    backed = checker.check([_doc("a", "Other estimates put the death toll at 470,000.")])
    assert [f for f in backed.findings if f.rule == "toll.backed"] == []
    alone = checker.check([_doc("a", "Other estimates put the death toll at 520,000.")])
    (finding,) = [f for f in alone.findings if f.rule == "toll.backed"]
    assert finding.message == "a 520,000: no other article gives this figure"


def test_source_selector_reads_document_metadata(tmp_path):
    rule = """
rules:
  - id: wire.only
    kind: range
    description: figures from one wire, capped
    select: {type: quantity, source: [Gulf Wire]}
    max: 100
    message: "{doc} {text} {limit}"
"""
    checker = _checker_with(tmp_path, rule)
    report = checker.check([
        _doc("a", "Officials counted 500 boats.", source="Gulf Wire"),
        _doc("b", "Officials counted 500 boats.", source="Valley Herald"),
    ])  # fmt: skip
    found = [(f.claims[0].doc, f.message) for f in report.findings if f.rule == "wire.only"]
    assert found == [("a", "a 500 at most 100")]


def test_worked_example_in_the_rule_guide_passes(tmp_path):
    guide = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n# yaml-language-server")[1].split("```")[0]
    path = tmp_path / "elections.yaml"
    path.write_text("# yaml-language-server" + example, encoding="utf-8")
    results = run_rule_tests(load_rules([path, bundled_rules_dir() / "lexicon.yaml"]))
    assert [(r.rule, r.passed) for r in results] == [("elections.turnout-agrees", True)] * 2


def test_entity_selector_reads_the_names_in_the_sentence(tmp_path):
    rule = """
rules:
  - id: places.capped
    kind: range
    description: counts in one place only
    select: {type: quantity, entity: [Aleppo]}
    max: 100
    message: "{doc} {text}"
"""
    checker = _checker_with(tmp_path, rule)
    report = checker.check([
        _doc("a", "In Aleppo, officials counted 500 boats."),
        _doc("b", "In Homs, officials counted 500 boats."),
        _doc("c", "The governor of Aleppo Province counted 700 trucks."),
    ])  # fmt: skip
    found = [
        (f.claims[0].doc, f.claims[0].text) for f in report.findings if f.rule == "places.capped"
    ]
    assert found == [("a", "500"), ("c", "700")]
