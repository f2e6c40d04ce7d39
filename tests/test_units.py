"""Units through pint: a group's quantities compared in one unit, units named in rules
checked when they load, money compared across currencies only with dated rates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from beats import article, checker_with_rules

from factcheck.model import Document
from factcheck.pipeline import Checker
from factcheck.rulebook.loading import RuleSetError, load_rules

STORM_RULES = """\
rules:
  - id: storm.wind
    kind: agreement
    description: Peak wind speeds of the storm.
    select: {type: quantity, unit: [mph, km/h, knots]}
    group_by: [unit]
    severity: error
    message: "{doc} gives peak winds of {value}, against {others}"
  - id: storm.rain
    kind: agreement
    description: Rainfall totals.
    select: {type: quantity, unit: [mm, inches]}
    group_by: [unit]
    severity: error
    message: "{doc} gives {value} of rain, against {others}"
"""

GULF_TIMES = (
    "Hurricane Delia made landfall near Port Salle on Wednesday with sustained winds of "
    "120 mph. Forecasters said as much as 10 inches of rain fell on the coast."
)
EURO_WIRE = (
    "Hurricane Delia reached the coast near Port Salle with winds of 193 km/h, the weather "
    "service said. Up to 250 mm of rain fell in the coastal towns."
)
COAST_DAILY = "Delia came ashore near Port Salle with sustained winds of 90 mph on Wednesday."


def _doc(doc_id: str, text: str) -> Document:
    return article(doc_id, text, dt.date(2025, 9, 4))


def test_the_same_speed_and_rainfall_in_other_units_agree(tmp_path):
    checker = checker_with_rules(tmp_path, STORM_RULES)
    report = checker.check([_doc("gulf-times", GULF_TIMES), _doc("euro-wire", EURO_WIRE)])
    assert report.findings == ()


def test_a_different_speed_is_compared_in_one_unit_and_shown_with_units(tmp_path):
    checker = checker_with_rules(tmp_path, STORM_RULES)
    docs = [_doc("gulf-times", GULF_TIMES), _doc("euro-wire", EURO_WIRE)]
    report = checker.check([*docs, _doc("coast-daily", COAST_DAILY)])
    (finding,) = report.findings
    assert finding.rule == "storm.wind"
    assert finding.message == (
        "coast-daily gives peak winds of 90 mph, against '193 km/h' in euro-wire "
        "(119.9 mph) and '120 mph' in gulf-times (120 mph)"
    )
    # The finding names each claim as it was read, in its own unit.
    units = {c.text: c.value.unit for c in finding.claims}
    assert units == {
        "90 mph": "mile_per_hour",
        "193 km/h": "kilometer_per_hour",
        "120 mph": "mile_per_hour",
    }


def test_a_message_value_carries_its_unit(tmp_path):
    checker = checker_with_rules(tmp_path, STORM_RULES)
    text = "Winds reached 193 km/h in the city."
    report = checker.check([_doc("a", text), _doc("b", "Winds reached 150 km/h in the city.")])
    assert {f.message.split(" of ")[1].split(",")[0] for f in report.findings} <= {
        "193 km/h",
        "150 km/h",
    }
    assert report.findings


@pytest.mark.parametrize("spelling", ["mph", "miles_per_hour", "mile_per_hour", "MPH"])
def test_unit_names_in_rules_resolve_to_the_readers_units(tmp_path, spelling):
    rules = STORM_RULES.replace("[mph, km/h, knots]", f"[{spelling}]")
    checker = checker_with_rules(tmp_path, rules)
    report = checker.check([_doc("a", "Winds of 120 mph."), _doc("b", "Winds of 80 mph.")])
    assert [f.rule for f in report.findings] == ["storm.wind"]


def test_an_unknown_unit_name_is_an_error_at_its_place_with_a_suggestion(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(STORM_RULES.replace("[mph, km/h, knots]", "[mph, kmh, knotz]"))
    with pytest.raises(RuleSetError) as raised:
        load_rules([path])
    (error,) = raised.value.errors
    assert (error.line, error.column, error.where) == (5, 47, "rules[0].select.unit[2]")
    assert error.message.startswith("unknown unit 'knotz'")
    assert error.message.endswith("did you mean 'knot'?")


MONEY_RULES = """\
rules:
  - id: storm.damage
    kind: agreement
    description: Damage estimates.
    select: {type: quantity, unit: [USD, EUR]}
    group_by: [unit]
    severity: error
    message: "{doc} puts the damage at {value}, against {others}"
"""
RATES = """\
rates:
  base: EUR
  as_of: 2025-09-04
  source: ECB euro reference rates, 4 September 2025
  values: {USD: 1.08}
"""


def test_currencies_are_not_compared_without_rates(tmp_path):
    checker = checker_with_rules(tmp_path, MONEY_RULES)
    docs = [_doc("a", "Damage reached $5.4 million."), _doc("b", "Damage reached €3 million.")]
    assert checker.check(docs).findings == ()


def test_currencies_are_compared_with_dated_rates(tmp_path):
    checker = checker_with_rules(tmp_path, MONEY_RULES + RATES)
    same = [_doc("a", "Damage reached $5.4 million."), _doc("b", "Damage reached €5 million.")]
    assert checker.check(same).findings == ()
    report = checker.check([*same, _doc("c", "Damage reached €3 million.")])
    (finding,) = report.findings
    assert finding.message.startswith("c puts the damage at €3 million, against")


def test_rates_with_an_unknown_currency_are_an_error(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(MONEY_RULES + RATES.replace("{USD: 1.08}", "{USX: 1.08}"))
    with pytest.raises(RuleSetError, match="unknown currency code 'USX'"):
        load_rules([path])


def test_a_set_in_one_unit_never_builds_the_pint_registry(tmp_path):
    """pint's registry takes most of a second: only a run that converts builds it."""
    (tmp_path / "rules.yaml").write_text(STORM_RULES)
    (tmp_path / "a.md").write_text("Winds of 120 mph.")
    (tmp_path / "b.md").write_text("Winds of 80 mph.")
    script = (
        "import sys; from pathlib import Path; from factcheck.cli.main import main\n"
        "from factcheck.resolve.conversion import registry\n"
        "try: main(['check', sys.argv[1], sys.argv[2], '--rules', sys.argv[3]])\n"
        "except SystemExit: pass\n"
        "print('built' if registry.cache_info().currsize else 'not built')"
    )
    args = ["check", str(tmp_path / "a.md"), str(tmp_path / "b.md"), str(tmp_path / "rules.yaml")]
    run = subprocess.run(
        [sys.executable, "-c", script, *args[1:]], capture_output=True, text=True, check=False
    )
    assert run.stdout.strip().endswith("not built"), run.stderr


def test_an_age_is_not_compared_with_a_count_of_people():
    """ "A 68-year-old man was killed" gives an age in years: the bundled casualty rule
    groups it apart from the counts of people killed, so 68 contradicts no toll."""
    checker = Checker()
    docs = [
        _doc("herald", "A 68-year-old man was killed when the storm hit. It killed 3 people."),
        _doc("post", "The storm killed 3 people, officials said."),
    ]
    (age,) = [c for r in checker.extract_set(docs) for c in r.claims if c.text == "68-year-old"]
    assert age.value.unit == "year"
    assert checker.check(docs).findings == ()
