"""Reports: a Report as readable text or as the versioned JSON of interfaces.md."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from factcheck.checker import DocumentResult, Report
from factcheck.model import Claim, Document, Finding, Quantity, TimeValue
from factcheck.sources import Sources

JSON_VERSION = "1"
CONTEXT_CHARS = 60  # how much of a long line to show either side of a quoted claim


# ---------------------------------------------------------------------- JSON


def value_json(value: Quantity | TimeValue) -> dict[str, Any]:
    if isinstance(value, Quantity):
        return {
            "lo": _number(value.lo),
            "hi": _number(value.hi),
            "lo_inclusive": value.lo_inclusive,
            "hi_inclusive": value.hi_inclusive,
            "approximate": value.approximate,
            "unit": value.unit,
            "precision": _number(value.precision),
        }
    result: dict[str, Any] = {
        "timex": value.timex,
        "mod": value.mod,
        "start": value.start.isoformat() if value.start else None,
        "end": value.end.isoformat() if value.end else None,
    }
    if value.days is not None:
        result["days"] = {"lo": value.days_lo, "hi": value.days_hi}
    return result


def _number(x: float | None) -> float | int | None:
    if x is None or not math.isfinite(x):
        return None
    return int(x) if x == int(x) and abs(x) < 2**53 else x


def claim_json(claim: Claim, with_doc: bool = True) -> dict[str, Any]:
    about = claim.context
    data: dict[str, Any] = {"doc": claim.doc} if with_doc else {}
    data.update(
        start=claim.span.start,
        end=claim.span.end,
        text=claim.text,
        line=claim.span.line,
        column=claim.span.column,
        type=claim.type,
        value=value_json(claim.value),
        about={
            "noun": about.noun,
            "noun_class": about.noun_class,
            "event": about.event,
            "topic": about.topic,
            "attribution": about.attribution,
            "hedged": about.hedged,
            "negated": about.negated,
        },
        certainty=round(claim.certainty, 3),
    )
    return data


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "kind": finding.kind,
        "severity": finding.severity,
        "confidence": finding.confidence,
        "message": finding.message,
        "factors": {k: round(v, 3) for k, v in finding.factors.items()},
        "claims": [claim_json(c) for c in finding.claims],
    }


def document_json(result: DocumentResult, sources: Sources | None) -> dict[str, Any]:
    doc, ref = result.document, result.reference
    return {
        "id": doc.id,
        "path": doc.path,
        "title": doc.title,
        "source": doc.source,
        "published": ref.date.isoformat() if ref else None,
        "published_from": ref.source if ref else None,
        "published_how": ref.how if ref else None,
        "claims": len(result.claims),
        "source_group": sources.group[doc.id] if sources else doc.id,
        "source_group_reason": (sources.reasons.get(doc.id) if sources else None) or None,
    }


def to_json(report: Report) -> str:
    data = {
        "version": JSON_VERSION,
        "documents": [document_json(d, report.sources) for d in report.documents],
        "findings": [finding_json(f) for f in report.findings],
        "problems": [str(p) for p in report.problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------- text


def to_text(report: Report) -> str:
    documents = {d.document.id: d.document for d in report.documents}
    blocks = [_finding_text(f, documents) for f in report.findings]
    notes = [_date_note(d) for d in report.documents if _date_note(d)]
    return "\n\n".join(blocks + (["\n".join(notes)] if notes else []) + [_summary(report)]) + "\n"


def _finding_text(finding: Finding, documents: dict[str, Document]) -> str:
    header = (
        f"{finding.severity}[{finding.rule}] {finding.message} "
        f"(confidence {finding.confidence:.2f})"
    )
    return "\n".join([header] + [_quote(c, documents[c.doc]) for c in finding.claims])


def _quote(claim: Claim, document: Document) -> str:
    """The claim's place, its line of text, and the claimed words underlined."""
    line_text = document.line_text(claim.span.line)
    column = claim.span.column - 1
    width = max(1, min(len(claim.text), len(line_text) - column))
    begin = max(0, column - CONTEXT_CHARS)
    end = min(len(line_text), column + width + CONTEXT_CHARS)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(line_text) else ""
    shown = prefix + line_text[begin:end] + suffix
    gutter = " " * len(str(claim.span.line))
    underline = " " * (len(prefix) + column - begin) + "^" * width
    return (
        f"  --> {document.path}:{claim.span.line}:{claim.span.column}\n"
        f"   {gutter} |\n"
        f"   {claim.span.line} | {shown}\n"
        f"   {gutter} | {underline}"
    )


def _date_note(result: DocumentResult) -> str | None:
    ref = result.reference
    if ref is None:
        return f"note: {result.document.id}: no reference date; relative dates left unresolved"
    if ref.source == "inferred":
        return f"note: {result.document.id}: reference date {ref.date} inferred ({ref.how})"
    return None


def _summary(report: Report) -> str:
    counts = Counter(f.severity for f in report.findings)
    parts = [
        f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
        for s in ("error", "warning", "info")
        if counts[s]
    ]
    findings = len(report.findings)
    text = f"{findings} finding{'s' if findings != 1 else ''}"
    if parts:
        text += f" ({', '.join(parts)})"
    docs = len(report.documents)
    text += f" in {docs} document{'s' if docs != 1 else ''}"
    if report.problems:
        text += f"; {len(report.problems)} input problem{'s' if len(report.problems) != 1 else ''}"
    return text + "."
