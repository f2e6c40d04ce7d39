"""Counts of people in millions as British and wire copy write them: "1.2m people"."""

from __future__ import annotations

import datetime as dt

import pytest
from beats import article

from factcheck.extract.mentions import find_mentions
from factcheck.model import Quantity
from factcheck.pipeline import Checker
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.loading import load_rules


@pytest.mark.parametrize(
    ("text", "claim", "value"),
    [
        ("The storm left 1.2m people without power.", "1.2m", 1.2e6),
        ("Officials told 1.2m residents to leave the coast.", "1.2m", 1.2e6),
        ("Some 3m children were out of school.", "Some 3m", 3e6),
        ("About 2.5 million people live in the delta.", "About 2.5 million", 2.5e6),
    ],
)
def test_a_figure_stuck_to_m_before_a_plural_noun_counts_millions(text, claim, value):
    (mention,) = find_mentions(text)
    assert text[mention.start : mention.end] == claim
    assert mention.reading.lo.value == pytest.approx(value)


def test_an_m_before_no_plural_noun_is_no_million():
    for text in ("She won the 100m hurdles.", "A 1.2m wall fell.", "The ship is 300m long."):
        assert all(m.reading.unit != "person" for m in find_mentions(text)), text
        assert not any(getattr(m.reading.lo, "scale", 1) == 1e6 for m in find_mentions(text)), text


def test_millions_of_people_are_read_as_a_count_of_people():
    checker = Checker(load_rules([bundled_rules_dir()]))
    day = dt.date(2026, 9, 2)
    result = checker.extract(article("a", "The storm left 1.2m people without power.", day))
    (claim,) = [c for c in result.claims if c.type == "quantity"]
    assert claim.context.noun_class == "person"
    assert isinstance(claim.value, Quantity)
    assert claim.value.lo == claim.value.hi == 1.2e6


OUTAGES = """\
lexicon:
  events:
    outage: [without power, lost power, power cuts, blackout]
rules:
  - id: storm.outages
    kind: agreement
    description: Articles agree on how many people lost power.
    select: {type: quantity, event: [outage], counted: [person]}
    group_by: [event]
    message: "{doc} puts the outage at {value}, against {others}"
"""


def test_millions_written_two_ways_agree_and_differ(tmp_path):
    path = tmp_path / "outages.yaml"
    path.write_text(OUTAGES, encoding="utf-8")
    checker = Checker(load_rules([path, bundled_rules_dir() / "lexicon.yaml"]))
    day = dt.date(2026, 9, 2)
    same = checker.check([
        article("a", "The storm left 1.2m people without power.", day),
        article("b", "About 1.2 million people were without power on Tuesday.", day),
    ])  # fmt: skip
    assert same.findings == ()
    apart = checker.check([
        article("a", "The storm left 1.2m people without power.", day),
        article("b", "The storm left 2.5 million people without power.", day),
    ])  # fmt: skip
    (finding,) = apart.findings
    assert sorted(c.text for c in finding.claims) == ["1.2m", "2.5 million"]
