"""relation `sum`: parts that add up to at most, or exactly, a whole or a constant.

"Smith won 58%, Jones 44% and Brown 7%" cannot all hold: the shares of one vote add up
to at most 100%. Each part is widened by its written precision and the rule's tolerance,
so the parts' sum is an interval too, and only a sum that cannot meet the whole is
reported. A figure an article repeats ("58%" in the lede and again below) is one part,
not two: parts are counted once per value, which can only miss a sum, never invent one.

Cost: O(parts + wholes). Both are split by scope (document, or the whole set) in one
pass, and each scope's parts are summed once and compared with that scope's wholes
only, never with every whole of the set.
"""

from __future__ import annotations

import math

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus
from factcheck.evaluate.intervals import Interval, disjoint, gap, widen
from factcheck.evaluate.messages import (
    and_list,
    describe_quantity,
    describe_value,
    finding,
    message_fields,
    quote,
)
from factcheck.model import Claim, Finding, Quantity
from factcheck.rulebook.rules import RelationRule


def check_sum(rule: RelationRule, roles: dict[str, list[Claim]], corpus: Corpus) -> list[Finding]:
    findings = []
    wholes = _by_scope(rule, roles.get("whole", []))
    for scope, parts in _by_scope(rule, roles["part"]).items():
        stated = [(c, widen(c, rule.room)) for c in _once_per_value(parts)]
        stated = [(c, i) for c, i in stated if i is not None and math.isfinite(i.hi - i.lo)]
        if len(stated) < 2:
            continue  # one part is a part_of rule's business
        lead = stated[0][0]
        total = Interval(
            lead,
            sum(i.lo for _, i in stated),
            sum(i.hi for _, i in stated),
            False,
            False,
            max(i.scale for _, i in stated),
        )
        broken = [
            (whole, limit)
            for whole, limit in _limits(rule, wholes.get(scope, []), lead)
            if _breaks(rule, total, limit)
        ]
        if broken:
            findings.append(_finding(rule, [c for c, _ in stated], total, broken))
    return findings


def _by_scope(rule: RelationRule, claims: list[Claim]) -> dict[str | None, list[Claim]]:
    """The claims of each document (within: document), or of the whole set: one pass, so
    that each document's parts meet only its own wholes."""
    scopes: dict[str | None, list[Claim]] = {}
    for claim in claims:
        scopes.setdefault(claim.doc if rule.within == "document" else None, []).append(claim)
    return scopes


def _once_per_value(parts: list[Claim]) -> list[Claim]:
    seen: dict[object, Claim] = {}
    for claim in parts:
        seen.setdefault(claim.value, claim)
    return list(seen.values())


def _limits(
    rule: RelationRule, wholes: list[Claim], lead: Claim
) -> list[tuple[Claim | None, Interval]]:
    """What the parts must add up to: the rule's constant, or each whole in their scope."""
    if rule.total is not None:
        return [(None, Interval(lead, rule.total, rule.total, False, False, 1e-9))]
    found = [(w, widen(w, rule.room)) for w in wholes]
    return [(w, i) for w, i in found if i is not None]


def _breaks(rule: RelationRule, total: Interval, limit: Interval) -> bool:
    if rule.bound == "at_most":
        return total.lo > limit.hi
    return disjoint(total, limit)


def _finding(
    rule: RelationRule,
    parts: list[Claim],
    total: Interval,
    broken: list[tuple[Claim | None, Interval]],
) -> Finding:
    lead = parts[0]
    distance = max(gap(total, limit) for _, limit in broken)
    scale = max(total.scale, *(limit.scale for _, limit in broken))
    factors = {
        "reading": math.prod(c.parse_certainty for c in parts),
        "aboutness": min(confidence.aboutness(c) for c in parts),
        "hedging": min(confidence.hedging(c) for c in parts),
        "separation": confidence.separation(distance, scale),
    }
    wholes = [w for w, _ in broken if w is not None]
    unit = lead.value.unit if isinstance(lead.value, Quantity) else None
    expected = (
        and_list([quote(w) for w in wholes])
        if wholes
        else describe_quantity(Quantity(rule.total, rule.total, unit=unit, precision=0))
    )
    fields = message_fields(
        lead,
        sum=_sum_text(parts, unit),
        parts=and_list([quote(c) for c in parts]),
        expected=("at most " if rule.bound == "at_most" else "") + expected,
        other_doc=wholes[0].doc if wholes else "",
        other_text=wholes[0].text if wholes else "",
        other_value=describe_value(wholes[0]) if wholes else expected,
    )
    claims = confidence.listed(parts, lead) + confidence.listed(wholes)
    return finding(rule, "contradiction", claims, confidence.combine(factors), factors, fields)


def _sum_text(parts: list[Claim], unit: str | None) -> str:
    """The parts' sum as written (no room added): "109%"."""
    values = [c.value for c in parts if isinstance(c.value, Quantity)]
    lo = sum(v.lo for v in values if v.lo is not None)
    hi = sum(v.hi for v in values if v.hi is not None)
    precision = min(v.precision for v in values)
    return describe_quantity(Quantity(lo, hi, unit=unit, precision=precision))
