"""Extraction and date-resolution cases kept as data beside the code (tests/cases/*.yaml).

Each case is a sentence, a reference date and EXACTLY the claims expected in it, in
order. Listed fields are compared with the claim's value (`text` and `type` with the
claim itself); fields left out are not checked. Resolution cases also say whether the
sentence looks forward (`future`), which every claim's context must agree with.
A case with `xfail: "reason"` states what the code should do but does not do yet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from factcheck.model import Document
from factcheck.pipeline import Checker

CASES = Path(__file__).parent / "cases"
FILES = ("extraction.yaml", "resolution.yaml")
ON_CLAIM = {"text", "type"}  # the rest are fields of the claim's value


def _load() -> list:
    params = []
    for name in FILES:
        for case in yaml.safe_load((CASES / name).read_text(encoding="utf-8")):
            text = case["text"]
            label = f"{Path(name).stem}: {text if len(text) <= 50 else text[:47] + '...'}"
            xfail = pytest.mark.xfail(reason=case.get("xfail"), strict=True)
            marks = [xfail] if "xfail" in case else []
            params.append(pytest.param(case, id=label, marks=marks))
    return params


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def _plain(value):
    """Dates as ISO strings, so YAML dates and model dates compare alike."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _same(actual, expected) -> bool:
    actual, expected = _plain(actual), _plain(expected)
    if isinstance(actual, str):
        return actual == str(expected)  # a timex written as 2015 in YAML is an int
    if isinstance(actual, float) and isinstance(expected, int | float):
        return actual == pytest.approx(expected)
    return actual == expected


@pytest.mark.parametrize("case", _load())
def test_case(case: dict, checker: Checker) -> None:
    doc = Document("case", case["text"], "case")
    result = checker.extract(doc, case["ref"])
    claims = result.claims

    for claim in claims:
        assert doc.text[claim.span.start : claim.span.end] == claim.text
    assert [c.text for c in claims] == [e["text"] for e in case["claims"]]

    for claim, expected in zip(claims, case["claims"], strict=True):
        if "future" in case:
            future = claim.context.future
            assert future is case["future"], f"{claim.text!r}: future is {future}"
        for field, want in expected.items():
            got = getattr(claim, field) if field in ON_CLAIM else getattr(claim.value, field)
            assert _same(got, want), f"{claim.text!r}: {field} is {got!r}, expected {want!r}"


def test_a_sentence_names_hyphenated_names_whole(checker: Checker) -> None:
    doc = Document("case", "President Bashar Al-Assad visited Deir Ez-Zor on Tuesday.", "case")
    (claim,) = checker.extract(doc, dt.date(2016, 3, 14)).claims
    assert claim.context.entities == ("President Bashar Al-Assad", "Deir Ez-Zor")
