"""What a finding says: its message fields, quoted claims and values in words."""

from __future__ import annotations

import math
from collections.abc import Iterable

from factcheck.model import Claim, Finding, Quantity

# ------------------------------------------------------------------- findings


def finding(
    rule, kind: str, claims: Iterable[Claim], score: float, factors: dict, fields: dict
) -> Finding:
    """A rule's finding: its message filled in, its confidence (the evidence's score
    times the rule's fitted reliability) rounded for people."""
    return Finding(
        rule.id,
        kind,
        rule.severity,
        round(score * rule.reliability, 3),
        rule.message.format_map(fields),
        tuple(claims),
        {**factors, "rule": rule.reliability},
    )


# ------------------------------------------------------------------- messages


def message_fields(claim: Claim, **extra) -> dict:
    about = claim.context
    fields = {
        "doc": claim.doc,
        "text": claim.text,
        "value": describe_value(claim),
        "line": claim.span.line,
        "event": (about.event or "").replace("_", " "),
        "topic": (about.topic or "").replace("_", " "),
        "noun": about.noun or about.noun_class or "",
    }
    fields.update(extra)
    return fields


def quote(claim: Claim) -> str:
    return f"'{claim.text}' in {claim.doc} ({describe_value(claim)})"


QUOTED = 4  # claims a message quotes before it counts the rest


def others_text(claims: list[Claim]) -> str:
    quoted = [quote(c) for c in claims[:QUOTED]]
    if len(claims) > QUOTED:
        quoted.append(f"{len(claims) - QUOTED} more")
    return and_list(quoted)


def and_list(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_value(claim: Claim) -> str:
    value = claim.value
    if isinstance(value, Quantity):
        return _describe_quantity(value)
    if value.start and value.end and value.start != value.end:
        return f"{value.start.isoformat()} to {value.end.isoformat()}"
    if value.start or value.end:
        day = (value.start or value.end).isoformat()
        return {"BEFORE": f"before {day}", "AFTER": f"after {day}"}.get(value.mod or "", day)
    return value.timex


def _describe_quantity(q: Quantity) -> str:
    def show(x: float) -> str:
        return f"{x:,.0f}" if math.isfinite(x) and x == int(x) else f"{x:,g}"

    if q.lo is not None and q.hi is not None:
        text = show(q.lo) if q.lo == q.hi else f"{show(q.lo)} to {show(q.hi)}"
    elif q.lo is not None:
        text = ("more than " if not q.lo_inclusive else "at least ") + show(q.lo)
    else:
        text = ("less than " if not q.hi_inclusive else "at most ") + show(q.hi)
    return ("about " if q.approximate and q.lo == q.hi else "") + text
