"""What a finding says: its message fields, quoted claims and values in words."""

from __future__ import annotations

import math
from collections.abc import Iterable

from factcheck.extract.units import with_unit
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
        "entity": about.entity or "",
    }
    fields.update(extra)
    return fields


def quote(claim: Claim) -> str:
    return f"'{claim.text}' in {claim.doc} ({describe_value(claim)})"


SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
QUOTED = 4  # claims a message quotes before it counts the rest


def others_text(claims: list[Claim], total: int | None = None) -> str:
    """The first claims quoted and the rest counted: `total` where `claims` are only the
    first of them."""
    total = len(claims) if total is None else total
    return and_more([quote(c) for c in claims[:QUOTED]], total)


def and_more(items: list[str], total: int | None = None) -> str:
    """The first items listed and the rest counted ("a, b, c, d and 12 more"): `total`
    where `items` are only the first of them."""
    total = len(items) if total is None else total
    listed = items[:QUOTED]
    if total > QUOTED:
        listed.append(f"{total - QUOTED} more")
    return and_list(listed)


def and_list(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_value(claim: Claim) -> str:
    value = claim.value
    if isinstance(value, Quantity):
        return describe_quantity(value)
    if value.start and value.end and value.start != value.end:
        return f"{value.start.isoformat()} to {value.end.isoformat()}"
    if value.start or value.end:
        day = (value.start or value.end).isoformat()
        return {"BEFORE": f"before {day}", "AFTER": f"after {day}"}.get(value.mod or "", day)
    return value.timex


def describe_quantity(q: Quantity) -> str:
    # To the place of the last digit written: a converted value has more digits
    # ("193 km/h" is 119.925 mph) than were written.
    places = max(0, -math.floor(math.log10(q.precision))) if 0 < q.precision < 1e15 else None

    def show(x: float) -> str:
        if not math.isfinite(x):
            return f"{x:g}"
        if places is not None:
            x = round(x, places)
        for scale, word in SCALES:
            if abs(x) >= scale and round(x / scale, 3) == x / scale:  # "$89.5 billion"
                return f"{x / scale:,g} {word}"
        if x == int(x):
            return f"{x:,.0f}"
        return f"{x:,.{places}f}" if places is not None else f"{x:,g}"

    def shown(x: float) -> str:
        return with_unit(show(x), q.unit)

    if q.lo is not None and q.hi is not None:
        text = shown(q.lo) if q.lo == q.hi else f"{shown(q.lo)} to {shown(q.hi)}"
    elif q.lo is not None:
        text = ("more than " if not q.lo_inclusive else "at least ") + shown(q.lo)
    else:
        text = ("less than " if not q.hi_inclusive else "at most ") + shown(q.hi)
    return ("about " if q.approximate and q.lo == q.hi else "") + text
