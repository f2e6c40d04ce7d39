"""What each count refers to, case by case (tests/cases/referents.yaml): its role, whether
it is a part of another count, what it counts and which event it belongs to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from factcheck.model import Document

CASES = yaml.safe_load(
    (Path(__file__).parent / "cases" / "referents.yaml").read_text(encoding="utf-8")
)
FIELDS = ("role", "part", "scope")


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_case(case: dict, checker) -> None:
    ref = case.get("ref", dt.date(2021, 5, 10))
    result = checker.extract(Document("case", case["text"], "-", published=ref))
    claims = {c.text: c for c in result.claims}
    for wanted in case["claims"]:
        claim = claims.get(wanted["text"])
        assert claim is not None, f"{wanted['text']!r} not read; read {sorted(claims)}"
        about = claim.context
        for field in FIELDS:
            if field in wanted:
                assert getattr(about, field) == wanted[field], (wanted["text"], field)
        if "counted" in wanted:
            assert about.counted_in[:1] == (wanted["counted"],), wanted["text"]
