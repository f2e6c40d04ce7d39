"""Every bundled rule's own examples pass, and every bundled rule has some."""

from __future__ import annotations

import pytest

from factcheck.cli.ruletests import run_rule_tests, untested
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.loading import load_rules

RULES = load_rules()
RESULTS = run_rule_tests(RULES)


def test_every_bundled_rule_has_positive_and_negative_examples():
    assert untested(RULES) == []
    for rule in RULES.rules:
        assert {t.expect for t in rule.tests} == {"finding", "none"}, rule.id


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{r.rule}: {r.name}")
def test_rule_example(result):
    assert result.passed, result.detail


def test_a_wrong_expectation_fails(tmp_path):
    # The runner itself must be able to fail: the same rule, expecting the wrong claims.
    rule_file = tmp_path / "wrong.yaml"
    rule_file.write_text(
        """
rules:
  - id: test.wrong-marks
    kind: agreement
    description: dates of one start
    select: {type: date, event: [start], topic: any}
    group_by: [event, topic]
    message: "{doc} {text} {others}"
    tests:
      - expect: finding
        documents:
          - The evacuation began on [[June 3]].
          - The evacuation began on June 6.
""",
        encoding="utf-8",
    )
    rule_set = load_rules([rule_file, bundled_rules_dir() / "lexicon.yaml"])
    (result,) = run_rule_tests(rule_set)
    assert not result.passed
    assert result.detail == "expected {a:'June 3'}, found {a:'June 3', b:'June 6'}"
