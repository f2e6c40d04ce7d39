"""The versioned JSON report of interfaces.md, and JSON Lines for streaming large sets.

The names interfaces.md gives keep their names and meaning; anything added is extra.
JSON Lines carries the same objects one per line, each with a "type", so a consumer can
read a large set's findings as they arrive without holding the whole report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any, TextIO, TypeVar

from factcheck import __version__
from factcheck.evaluate.sources import Sources
from factcheck.model import Claim, Context, Finding, Quantity, TimeValue
from factcheck.pipeline import DocumentResult, Report
from factcheck.reports.baseline import fingerprint
from factcheck.reports.common import SEVERITIES, Results, document_notes, severity_counts

JSON_VERSION = "1"
TOOL = {"name": "factcheck", "version": __version__}
T = TypeVar("T")


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
            **context_json(about),
            "counted": about.counted_in[-1] if about.counted_in else None,
        },
        certainty=round(claim.certainty, 3),
    )
    return data


def context_json(context: Context) -> dict[str, Any]:
    """Everything the reader says a claim is about, each field of Context by its name, so
    a rule author sees why a rule did or did not select it."""
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name in CONTEXT_FIELDS
        for value in [getattr(context, name)]
    }


CONTEXT_FIELDS = Context._fields


def finding_json(
    finding: Finding, as_json: Callable[[Claim], dict[str, Any]] = claim_json
) -> dict[str, Any]:
    return {**_finding_head(finding), "claims": [as_json(c) for c in finding.claims]}


def _finding_head(finding: Finding) -> dict[str, Any]:
    """A finding's fields before the claims it quotes, its last field."""
    return {
        "rule": finding.rule,
        "kind": finding.kind,
        "severity": finding.severity,
        "confidence": finding.confidence,
        "message": finding.message,
        "fingerprint": fingerprint(finding),
        "factors": {k: round(v, 3) for k, v in finding.factors.items()},
    }


def claims_once() -> Callable[[Claim], dict[str, Any]]:
    """`claim_json` making each claim's object once: a set's findings quote the same
    claims again and again (10,000 articles: 25,650 quoted, 6,795 of them distinct)."""
    return _once(claim_json)


def _once(make: Callable[[Claim], T]) -> Callable[[Claim], T]:
    """`make`, called once for each claim, by identity."""
    made: dict[int, tuple[Claim, T]] = {}  # the claim kept alive, so its id stays its own

    def once(claim: Claim) -> T:
        kept = made.get(id(claim))
        if kept is None:
            kept = made[id(claim)] = (claim, make(claim))
        return kept[1]

    return once


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
        "language": result.language,
        "notes": document_notes(result),
        "source_group": sources.group[doc.id] if sources else doc.id,
        "source_group_reason": (sources.reasons.get(doc.id) if sources else None) or None,
    }


def summary_json(results: Results) -> dict[str, Any]:
    counts = severity_counts(results.findings)
    return {
        "findings": len(results.findings),
        **{severity: counts[severity] for severity in SEVERITIES},
        "suppressed": len(results.suppressed),
        "documents": len(results.report.documents),
        "problems": len(results.report.problems),
    }


def render(results: Results) -> str:
    return "".join(_lines(_fields(results)))


def write(results: Results, stream: TextIO, color: bool = False) -> None:
    # Written piece by piece: the whole report of 100,000 articles as one string took
    # half a gigabyte more.
    stream.writelines(_lines(_fields(results)))
    stream.write("\n")


def _fields(results: Results) -> dict[str, Any]:
    """The report's fields; the lists of documents and claims made as they are written."""
    report = results.report
    claim_written = _claims_written_once()
    data: dict[str, Any] = {
        "version": JSON_VERSION,
        "tool": TOOL,
        "documents": (document_json(d, report.sources) for d in report.documents),
        "findings": [_finding_written(f, claim_written) for f in report.findings],
        "problems": [str(p) for p in report.problems],
        "summary": summary_json(results),
    }
    if results.baseline is not None:
        data["baseline"] = {"path": results.baseline, "suppressed": len(results.suppressed)}
    if results.show_claims:
        data["claims"] = (claim_written(c) for d in report.documents for c in d.claims)
    return data


class _Written(str):
    """A value already written as JSON: `_lines` puts it out as it is."""


def _claims_written_once() -> Callable[[Claim], _Written]:
    """Each claim written as JSON once, however many findings quote it: the quoted
    claims are most of a large set's report, and writing each quote again took over
    half the time of 10,000 articles' report."""
    return _once(lambda claim: _Written(_compact(claim_json(claim))))


def _finding_written(finding: Finding, claim_written: Callable[[Claim], str]) -> _Written:
    """`finding_json` written as `_compact` writes it, its claims spliced in as written."""
    head = _compact(_finding_head(finding))  # "{...}": the claims go before its brace
    quoted = ", ".join(map(claim_written, finding.claims))
    return _Written(f'{head[:-1]}, "claims": [{quoted}]}}')


# Python's encoder in C writes no indentation; the one that does is Python, 6 times
# slower: 2 s of a 10,000-article report, which a pool of processes cannot share.
_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_NOTHING = object()


def _written(value: object) -> str:
    return value if type(value) is _Written else _compact(value)


def _lines(data: dict[str, Any]) -> Iterator[str]:
    """The report as JSON, a field a line and each item of a list on a line of its own:
    as easy to read and to grep as an indented report, and written by the C encoder."""
    yield "{\n"
    for number, (name, value) in enumerate(data.items()):
        yield (",\n  " if number else "  ") + f"{_compact(name)}: "
        if not isinstance(value, list | Iterator):
            yield _compact(value)
            continue
        items = iter(value)
        first = next(items, _NOTHING)
        if first is _NOTHING:
            yield "[]"
            continue
        yield f"[\n    {_written(first)}"
        for item in items:
            yield f",\n    {_written(item)}"
        yield "\n  ]"
    yield "\n}"


def records(results: Results) -> Iterator[dict[str, Any]]:
    """The JSON Lines records: a header, each document, each finding, each problem, a summary."""
    report = results.report
    yield {"type": "header", "version": JSON_VERSION, "tool": TOOL, "baseline": results.baseline}
    for document in report.documents:
        yield {"type": "document", **document_json(document, report.sources)}
    as_json = claims_once()
    for finding in report.findings:
        yield {"type": "finding", **finding_json(finding, as_json)}
    for problem in report.problems:
        yield {"type": "problem", "message": str(problem)}
    yield {"type": "summary", **summary_json(results)}


def write_lines(results: Results, stream: TextIO, color: bool = False) -> None:
    for record in records(results):
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def to_json(report: Report) -> str:
    """The JSON report of a bare Report (no baseline, no rule details)."""
    return render(Results(report))
