"""weekday: a date written with its weekday must fall on it ("Monday, December 15" when
the 15th was a Tuesday). One of the two is wrong, and an editor can tell which from the
other articles; a date moved by a slip of the keyboard is caught even when no other
article gives the day.

Cost: O(claims), each claim judged on its own.
"""

from __future__ import annotations

import calendar

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.messages import finding, message_fields
from factcheck.model import Claim, Finding, TimeValue
from factcheck.rulebook.rules import WeekdayRule


def check(rule: WeekdayRule, corpus: Corpus) -> list[Finding]:
    return [
        _wrong_day(rule, claim)
        for members in groups(rule.select, [], corpus).values()
        for claim in members
        if _off_weekday(claim.value)
    ]


def _off_weekday(value) -> bool:
    return (
        isinstance(value, TimeValue)
        and value.weekday is not None
        and value.start is not None
        and value.start.weekday() != value.weekday
    )


def _wrong_day(rule: WeekdayRule, claim: Claim) -> Finding:
    day = claim.value.start
    # The day was read right, and the weekday written with it: nothing else to weigh,
    # since both come from the same few words.
    factors = {"reading": claim.parse_certainty}
    fields = message_fields(
        claim,
        written=calendar.day_name[claim.value.weekday],
        weekday=calendar.day_name[day.weekday()],
        date=f"{calendar.month_name[day.month]} {day.day}, {day.year}",
    )
    return finding(rule, "contradiction", [claim], confidence.combine(factors), factors, fields)
