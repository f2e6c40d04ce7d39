"""range: a figure must lie within plausible bounds ("a turnout of 130%" cannot be).

Cost: O(claims), each claim judged on its own.
"""

from __future__ import annotations

import math

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import exact
from factcheck.evaluate.messages import finding, message_fields
from factcheck.model import Claim, Finding
from factcheck.rulebook.rules import RangeRule


def check(rule: RangeRule, corpus: Corpus) -> list[Finding]:
    findings = []
    for members in groups(rule.select, [], corpus).values():
        for claim in members:
            finding = _outside(rule, claim)
            if finding:
                findings.append(finding)
    return findings


def _outside(rule: RangeRule, claim: Claim) -> Finding | None:
    value = exact(claim)
    if value is None:
        return None
    low = -math.inf if rule.min is None else rule.min
    high = math.inf if rule.max is None else rule.max
    if value.lo > high:
        beyond, limit = value.lo - high, f"at most {high:g}"
    elif value.hi < low:
        beyond, limit = low - value.hi, f"at least {low:g}"
    else:
        return None
    scale = max(abs(low if math.isfinite(low) else high), 1.0) * 0.05
    factors = {
        "reading": claim.parse_certainty,
        "aboutness": confidence.aboutness(claim),
        "separation": confidence.separation(beyond, scale),
    }
    fields = message_fields(claim, limit=limit)
    return finding(rule, "implausible", [claim], confidence.combine(factors), factors, fields)
