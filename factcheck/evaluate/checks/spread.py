"""spread: estimates of one thing that agree, yet range widely ("250,000 to 470,000").

Not a contradiction: bounds and rival estimates can all hold. The note tells an
editor that the figure is contested, with the lowest and highest sources.

Cost per group: O(claims), a few passes over its claims.
"""

from __future__ import annotations

import math

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import exact
from factcheck.evaluate.messages import describe_value, finding, message_fields
from factcheck.model import Claim, Finding
from factcheck.rulebook.rules import SpreadRule


def check(rule: SpreadRule, corpus: Corpus) -> list[Finding]:
    findings = []
    for members in groups(rule.select, rule.group_by, corpus).values():
        if len({corpus.sources.group[c.doc] for c in members}) < 2:
            continue
        ends = [(end, c) for c in members for end in _finite_ends(c)]
        if not ends or not _all_hold(members):
            continue  # values that cannot all hold are the agreement rules' business
        (low, lowest), (high, highest) = min(ends, key=_by_value), max(ends, key=_by_value)
        if low > 0 and high / low >= rule.ratio and lowest.doc != highest.doc:
            findings.append(_note(rule, lowest, highest))
    return findings


def _all_hold(claims: list[Claim]) -> bool:
    """Some value is admitted by every claim: "more than 250,000" and "470,000" can both hold."""
    values = [v for v in (exact(c) for c in claims) if v is not None]
    return max(v.lo for v in values) <= min(v.hi for v in values)


def _by_value(end: tuple[float, Claim]) -> float:
    return end[0]


def _finite_ends(claim: Claim) -> list[float]:
    value = exact(claim)
    if value is None:
        return []
    return [end for end in (value.lo, value.hi) if math.isfinite(end)]


def _note(rule: SpreadRule, lowest: Claim, highest: Claim) -> Finding:
    factors = {
        "reading": lowest.parse_certainty * highest.parse_certainty,
        "aboutness": confidence.aboutness(lowest) * confidence.aboutness(highest),
    }
    fields = message_fields(
        highest,
        low_text=lowest.text,
        low_doc=lowest.doc,
        low_value=describe_value(lowest),
        high_text=highest.text,
        high_doc=highest.doc,
        high_value=describe_value(highest),
    )
    claims = [lowest, highest]
    return finding(rule, "note", claims, confidence.combine(factors), factors, fields)
