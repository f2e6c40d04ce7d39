"""Claims and reference dates to and from JSON, as the archive stores them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from factcheck.model import Claim, Context, Quantity, ReferenceDate, Span, TimeValue


def claim_to_json(claim: Claim) -> str:
    """The whole claim, every field of its value and context, as compact JSON."""
    data = {
        "span": dataclasses.astuple(claim.span),
        "text": claim.text,
        "type": claim.type,
        "kind": "quantity" if isinstance(claim.value, Quantity) else "time",
        "value": _fields(claim.value),
        "context": _fields(claim.context, skip_defaults=True),
        "parse_certainty": claim.parse_certainty,
        "anchor_certainty": claim.anchor_certainty,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def claim_from_json(data: str) -> Claim | None:
    """A stored claim, or None when it was stored in a form this version cannot read.

    Fields a later version added are left at their defaults; fields it dropped are ignored.
    """
    try:
        raw = json.loads(data)
        value_type = Quantity if raw["kind"] == "quantity" else TimeValue
        value = _build(value_type, raw["value"])
        return Claim(
            span=Span(*raw["span"]),
            text=raw["text"],
            type=raw["type"],
            value=value,
            context=_build(Context, raw["context"]),
            parse_certainty=raw["parse_certainty"],
            anchor_certainty=raw["anchor_certainty"],
        )
    except (KeyError, TypeError, ValueError):
        return None


def _fields(obj: Any, skip_defaults: bool = False) -> dict[str, Any]:
    data = {}
    for name, default in _DEFAULTS[type(obj)].items():
        value = getattr(obj, name)
        if skip_defaults and value == default:
            continue
        data[name] = {"date": value.isoformat()} if isinstance(value, dt.date) else value
    return data


# Each stored class's fields, in order, with their defaults (MISSING where none).
_DEFAULTS: dict[type, dict[str, Any]] = {
    Quantity: {f.name: f.default for f in dataclasses.fields(Quantity)},
    TimeValue: {f.name: f.default for f in dataclasses.fields(TimeValue)},
    Context: Context._field_defaults,  # a named tuple: every field has a default
}
_FIELD_NAMES = {cls: frozenset(defaults) for cls, defaults in _DEFAULTS.items()}


def _build(cls: type, data: dict[str, Any]) -> Any:
    known = _FIELD_NAMES[cls]
    values = {}
    for name, value in data.items():
        if name not in known:
            continue
        values[name] = _plain(value)
    return cls(**values)


def _plain(value: Any) -> Any:
    """A JSON value as the model holds it: dates as dates, sequences as tuples (claims are
    frozen and hashable)."""
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def reference_to_json(ref: ReferenceDate | None) -> str | None:
    if ref is None:
        return None
    return json.dumps(
        {"date": ref.date.isoformat(), "source": ref.source, "how": ref.how,
         "certainty": ref.certainty}
    )  # fmt: skip


def reference_from_json(data: str | None) -> ReferenceDate | None:
    if not data:
        return None
    raw = json.loads(data)
    return ReferenceDate(
        dt.date.fromisoformat(raw["date"]), raw["source"], raw["how"], raw["certainty"]
    )
