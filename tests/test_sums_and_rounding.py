"""The rule language's sums, rounding and percentage points, on election articles; and
`rules test` with the lexicon `check` uses."""

from __future__ import annotations

import datetime as dt

import pytest
from beats import article, checker_with_rules
from click.testing import CliRunner

from factcheck.cli.main import main
from factcheck.model import Document
from factcheck.rulebook.loading import RuleSetError, load_rules

SHARES = """\
rules:
  - id: election.shares
    kind: relation
    relation: sum
    description: The candidates' shares of one vote add up to at most 100 percent.
    part: {type: quantity, unit: [percent]}
    total: 100
    within: document
    severity: error
    message: "{doc} gives shares that add up to {sum}: {parts}; expected {expected}"
"""

OVER = "Maria Ortiz won 58 percent of the vote, Tom Hale took 44 percent and Ann Lee 7 percent."
FINE = "Maria Ortiz won 52 percent of the vote, Tom Hale took 41 percent and Ann Lee 7 percent."


def _doc(doc_id: str, text: str) -> Document:
    return article(doc_id, text, dt.date(2025, 5, 5))


def test_shares_over_100_percent_in_one_article_are_reported(tmp_path):
    report = checker_with_rules(tmp_path, SHARES).check([_doc("herald", OVER), _doc("post", FINE)])
    (finding,) = report.findings
    assert finding.message == (
        "herald gives shares that add up to 109%: '58 percent' in herald (58%), "
        "'44 percent' in herald (44%) and '7 percent' in herald (7%); expected at most 100%"
    )
    assert [c.text for c in finding.claims] == ["58 percent", "44 percent", "7 percent"]
    assert {c.doc for c in finding.claims} == {"herald"}


def test_a_repeated_share_counts_once(tmp_path):
    text = FINE + " Ortiz's 52 percent was the best result of any candidate since 1990."
    assert checker_with_rules(tmp_path, SHARES).check([_doc("post", text)]).findings == ()


SEGMENTS = """\
lexicon:
  topics:
    total_revenue: [total revenue]
    segment_revenue: [services, products, advertising]
rules:
  - id: earnings.segments
    kind: relation
    relation: sum
    bound: exactly
    description: Segment revenues add up to the total.
    part: {type: quantity, unit: [USD], topic: [segment_revenue]}
    whole: {type: quantity, unit: [USD], topic: [total_revenue]}
    within: document
    severity: warning
    message: "{doc}: the parts add up to {sum}, not {expected}"
"""


@pytest.mark.parametrize(
    ("services", "reported"), [("$19.4 billion", False), ("$19 billion", False),
                               ("$24.2 billion", True), ("$14 billion", True)]
)  # fmt: skip
def test_segments_must_add_up_exactly_to_the_stated_total(tmp_path, services, reported):
    text = (
        "Acme reported total revenue of $89.5 billion for the third quarter. "
        f"Services brought in {services} and products $70.1 billion."
    )
    findings = checker_with_rules(tmp_path, SEGMENTS).check([_doc("wire", text)]).findings
    assert bool(findings) == reported
    if reported:
        assert findings[0].message.endswith("not '$89.5 billion' in wire ($89.5 billion)")


def test_sum_needs_a_whole_or_a_total(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(SHARES.replace("    total: 100\n", ""))
    with pytest.raises(RuleSetError) as raised:
        load_rules([path])
    assert "relation 'sum' needs a whole or a total, not both" in str(raised.value)


AGREE = """\
rules:
  - id: election.turnout
    kind: agreement
    description: Turnout figures agree.
    select: {type: quantity, unit: [percent]}
    group_by: [unit]
    severity: error
    message: "{doc} gives {value}, against {others}"
"""


def test_about_a_percentage_gets_points_not_a_tenth_of_itself(tmp_path):
    docs = [_doc("a", "Turnout was about 48 percent."), _doc("b", "Turnout was 52.5 percent.")]
    # By default "about 48" gets ±4.8 (a tenth of itself): 52.5 agrees with it.
    assert checker_with_rules(tmp_path, AGREE).check(docs).findings == ()
    pointed = AGREE.replace("    severity", "    tolerance: {points: 1}\n    severity")
    (finding,) = checker_with_rules(tmp_path, pointed).check(docs).findings
    assert {c.text for c in finding.claims} == {"about 48 percent", "52.5 percent"}


def test_rounding_exact_compares_values_as_written(tmp_path):
    docs = [_doc("a", "Turnout was 48 percent."), _doc("b", "Turnout was 48.3 percent.")]
    assert checker_with_rules(tmp_path, AGREE).check(docs).findings == ()  # 48 covers 47.5 to 48.5
    exact = AGREE.replace("    severity", "    rounding: exact\n    severity")
    assert [f.rule for f in checker_with_rules(tmp_path, exact).check(docs).findings] == [
        "election.turnout"
    ]


LEXICON_RULE = """\
rules:
  - id: storm.deaths
    kind: agreement
    description: Storm death tolls agree.
    select: {type: quantity, event: [killed]}
    group_by: [event]
    severity: error
    message: "{doc} gives {value}"
    tests:
      - documents:
          - "The storm killed [[12]] people."
          - "The storm killed [[30]] people."
        expect: finding
"""


def test_rules_test_uses_the_lexicon_check_uses(tmp_path):
    """The rule names the bundled `killed` class: with the file's own lexicon only (none),
    the example finds nothing, as `check --rules --no-bundled-rules` would not."""
    path = tmp_path / "storm.yaml"
    path.write_text(LEXICON_RULE)
    runner = CliRunner()
    merged = runner.invoke(main, ["rules", "test", str(path)])
    assert merged.exit_code == 0, merged.output
    assert "ok   storm.deaths: example 1" in merged.output
    assert "counts." not in merged.output  # only the given file's rules are tested
    alone = runner.invoke(main, ["rules", "test", "--no-bundled-rules", str(path)])
    assert alone.exit_code == 1
    assert "FAIL storm.deaths" in alone.output
