"""Reference facts in one unit, compared with claims in another (converted by pint)."""

from __future__ import annotations

import datetime as dt

import pytest
from beats import article, checker_with_rules

from factcheck.rulebook.loading import RuleSetError, load_rules

LANDFALL = dt.date(2026, 9, 2)

WIND_FACT = """\
rules:
  - id: storm.advisory
    kind: reference
    description: Peak winds against the hurricane centre's advisory.
    select: {{type: quantity, unit: [mph, km/h, knots]}}
    group_by: [{key}]
    facts:
      - key: {{{fact_key}}}
        value: "{value}"
        source: National Hurricane Center advisory 14
    severity: error
    message: "{{doc}} gives winds of {{value}}; the advisory says {{fact}}"
"""


def wind_rules(key: str = "unit", fact_key: str = "unit: mph", value: str = "120 mph") -> str:
    return WIND_FACT.format(key=key, fact_key=fact_key, value=value)


@pytest.mark.parametrize(
    ("key", "fact_key", "value"),
    [
        ("unit", "unit: mph", "120 mph"),  # the key names the fact's unit
        ("unit", "unit: mph", "120"),  # a bare value is in the key's unit
        ("unit", "unit: km/h", "193 km/h"),  # the fact in the claims' other unit
        ("type", "type: quantity", "120 mph"),  # no unit in the key: the value's own
    ],
)
def test_a_fact_in_mph_is_compared_with_claims_in_km_h(tmp_path, key, fact_key, value):
    checker = checker_with_rules(tmp_path, wind_rules(key, fact_key, value))
    report = checker.check([
        article("gulf", "Hurricane Delia made landfall with sustained winds of 120 mph.",
                LANDFALL),
        article("euro", "Delia reached the coast with winds of 193 km/h.", LANDFALL),
        article("coast", "Delia came ashore with winds of 160 km/h, forecasters said.",
                LANDFALL),
    ])  # fmt: skip
    found = [(f.claims[0].doc, f.claims[0].text) for f in report.findings]
    assert found == [("coast", "160 km/h")]
    assert "160 km/h" in report.findings[0].message


def test_a_fact_is_never_compared_with_a_claim_in_a_unit_of_another_kind(tmp_path):
    rules = wind_rules("type", "type: quantity", "120 mph").replace(
        "unit: [mph, km/h, knots]", "unit: [mph, km/h, mm]"
    )
    checker = checker_with_rules(tmp_path, rules)
    report = checker.check([
        article("gulf", "Delia brought 250 mm of rain and winds of 120 mph.", LANDFALL),
    ])  # fmt: skip
    assert report.findings == ()


def test_a_unit_in_a_facts_key_is_checked_when_the_file_loads(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(wind_rules(fact_key="unit: mhp"), encoding="utf-8")
    with pytest.raises(RuleSetError, match="unknown unit 'mhp'"):
        load_rules([path])
