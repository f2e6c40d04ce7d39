"""A date written with its weekday: the weekday is kept, and a day it is not is reported."""

from __future__ import annotations

import datetime as dt

from factcheck.cms.codec import claim_from_json, claim_to_json
from factcheck.model import Document
from factcheck.pipeline import Checker

ARTICLE = (
    "Deputies were called to a home on Monday, December 15 after a teenager was shot in "
    "the face. A second call came on Sunday, Dec. 13, 2015, from the same street."
)


def _checked(text: str, published: dt.date):
    document = Document(id="herald", text=text, path="herald.md", published=published)
    return Checker().check([document])


def test_a_weekday_the_day_is_not_is_reported_with_its_exact_span():
    report = _checked(ARTICLE, dt.date(2015, 12, 20))
    found = [f for f in report.findings if f.rule == "dates.weekday"]
    assert [c.text for f in found for c in f.claims] == ["Monday, December 15"]
    claim = found[0].claims[0]
    assert ARTICLE[claim.span.start : claim.span.end] == "Monday, December 15"
    assert found[0].kind == "contradiction"
    assert "December 15, 2015 was a Tuesday, not a Monday" in found[0].message


def test_the_written_weekday_is_kept_on_the_value_and_in_the_archive():
    report = _checked(ARTICLE, dt.date(2015, 12, 20))
    claims = {c.text: c for r in report.documents for c in r.claims}
    assert claims["Monday, December 15"].value.weekday == 0
    assert claims["Sunday, Dec. 13, 2015"].value.weekday == 6
    stored = claims["Monday, December 15"]
    assert claim_from_json(claim_to_json(stored)).value == stored.value


def test_a_date_without_a_weekday_or_with_the_right_one_is_not_reported():
    text = "The shooting happened on Tuesday, December 15. Police arrived on December 16."
    found = _checked(text, dt.date(2015, 12, 20)).findings
    assert not [f for f in found if f.rule == "dates.weekday"]
