"""Claims and reference dates to and from JSON, as the archive stores them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from factcheck.model import Claim, Context, Quantity, ReferenceDate, Span, TimeValue
from factcheck.sending import fields_of


def claim_to_json(claim: Claim) -> str:
    """The whole claim, every field of its value and context, as compact JSON."""
    data = {
        "span": _values_of(Span)(claim.span),
        "text": claim.text,
        "type": claim.type,
        "kind": "quantity" if isinstance(claim.value, Quantity) else "time",
        "value": _fields(claim.value),
        "context": _fields(claim.context, skip_defaults=True),
        "parse_certainty": claim.parse_certainty,
        "anchor_certainty": claim.anchor_certainty,
    }
    return _encode(data)


# One encoder for every claim: json.dumps with settings of its own makes one a call.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _values_of(cls: type):
    return fields_of(cls)[0]


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
    """An object's fields by name, dates as {"date": ISO date}; without the fields that
    hold their default, where `skip_defaults`. Read in one pass over its field values
    (archive add wrote each claim's fields one getattr at a time, a fifth of its time)."""
    names, defaults = _DEFAULT_VALUES[type(obj)]
    values = _values_of(type(obj))(obj)
    if skip_defaults:
        kept = [(n, v) for n, v, d in zip(names, values, defaults, strict=True) if v != d]
    else:
        kept = list(zip(names, values, strict=True))
    return {n: {"date": v.isoformat()} if isinstance(v, dt.date) else v for n, v in kept}


# Each stored class's fields, in order, with their defaults (MISSING where none).
_DEFAULTS: dict[type, dict[str, Any]] = {
    Quantity: {f.name: f.default for f in dataclasses.fields(Quantity)},
    TimeValue: {f.name: f.default for f in dataclasses.fields(TimeValue)},
    Context: Context._field_defaults,  # a named tuple: every field has a default
}
_FIELD_NAMES = {cls: frozenset(defaults) for cls, defaults in _DEFAULTS.items()}
_DEFAULT_VALUES = {
    cls: (tuple(defaults), tuple(defaults.values())) for cls, defaults in _DEFAULTS.items()
}


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
