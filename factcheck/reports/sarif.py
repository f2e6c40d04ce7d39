"""SARIF 2.1.0, for code-scanning dashboards and editors that read static-analysis logs.

One run: every rule that ran is listed in the driver (with or without findings); each
finding is a result whose location is its first claim and whose other claims are related
locations; its baseline fingerprint is the result's fingerprint. Columns and character
offsets count Unicode code points, and the run says so (columnKind). A document that is a
record of a .jsonl set, or standard input, is an artifact of its own with its text
embedded, since its lines and columns count from the start of that text, not of a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from factcheck import __version__
from factcheck.model import Claim, Document, Finding, Problem
from factcheck.reports.baseline import fingerprint
from factcheck.reports.common import Results, document_notes, is_own_file

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "factcheck/v1"
ROOT = "SRCROOT"  # relative paths are relative to the directory the check ran in


def render(results: Results) -> str:
    return json.dumps(sarif_log(results), ensure_ascii=False, indent=2)


def write(results: Results, stream: TextIO, color: bool = False) -> None:
    stream.write(render(results) + "\n")


def sarif_log(results: Results) -> dict[str, Any]:
    artifacts = _Artifacts()
    for result in results.report.documents:
        artifacts.add(result.document)
    rules = _rule_descriptors(results)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    found = [_result(f, index, artifacts, results, suppressed=False) for f in results.findings]
    found += [_result(f, index, artifacts, results, suppressed=True) for f in results.suppressed]
    run = {
        "tool": {
            "driver": {
                "name": "factcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "invocations": [_invocation(results)],
        "originalUriBaseIds": {ROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "artifacts": artifacts.items,
        "results": found,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


# ---------------------------------------------------------------------- rules


def _rule_descriptors(results: Results) -> list[dict[str, Any]]:
    rules = [_descriptor(rule) for rule in results.rules]
    # A finding whose rule is not in the list (a report built without its rules) still
    # gets a descriptor, so that every ruleIndex points somewhere.
    known = {rule["id"] for rule in rules}
    for finding in (*results.findings, *results.suppressed):
        if finding.rule not in known:
            known.add(finding.rule)
            rules.append({"id": finding.rule, "defaultConfiguration": {"level": "warning"}})
    return rules


def _descriptor(rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": _first_sentence(rule.description)},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.description},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": list(rule.tags), "kind": rule.kind},
    }
    if rule.link:
        descriptor["helpUri"] = rule.link
    return descriptor


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + dot.strip() if dot else text


# ---------------------------------------------------------------------- results


def _result(
    finding: Finding,
    index: dict[str, int],
    artifacts: _Artifacts,
    results: Results,
    suppressed: bool,
) -> dict[str, Any]:
    first, *others = finding.claims
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVEL[finding.severity],
        "kind": "fail",
        "message": {"text": finding.message},
        "locations": [_location(first, artifacts, results)],
        "relatedLocations": [
            {**_location(claim, artifacts, results), "id": number}
            for number, claim in enumerate(others, 1)
        ],
        "fingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "rank": round(finding.confidence * 100, 1),
        "properties": {
            "confidence": finding.confidence,
            "findingKind": finding.kind,
            "factors": {k: round(v, 3) for k, v in finding.factors.items()},
        },
    }
    if results.baseline is not None:
        result["baselineState"] = "unchanged" if suppressed else "new"
    if suppressed:
        justification = f"accepted in the baseline {results.baseline}"
        result["suppressions"] = [{"kind": "external", "justification": justification}]
    return result


def _location(claim: Claim, artifacts: _Artifacts, results: Results) -> dict[str, Any]:
    document = results.documents[claim.doc]
    end_line, end_column = document.line_column(claim.span.end)  # SARIF's end is exclusive
    return {
        "physicalLocation": {
            "artifactLocation": artifacts.location(document),
            "region": {
                "startLine": claim.span.line,
                "startColumn": claim.span.column,
                "endLine": end_line,
                "endColumn": end_column,
                "charOffset": claim.span.start,
                "charLength": claim.span.end - claim.span.start,
                "snippet": {"text": claim.text},
            },
            "contextRegion": _context_region(document, claim.span.line, end_line),
        },
        "message": {"text": f"{claim.doc}: '{' '.join(claim.text.split())}'"},
    }


def _context_region(document: Document, first: int, last: int) -> dict[str, Any]:
    """The whole lines the claim stands on."""
    text = "\n".join(document.line_text(n) for n in range(first, last + 1))
    return {"startLine": first, "endLine": last, "snippet": {"text": text}}


# ---------------------------------------------------------------------- artifacts


class _Artifacts:
    """The run's artifacts: each file once; each .jsonl record or stdin text on its own."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._index: dict[tuple[str, str | None], int] = {}

    def add(self, document: Document) -> int:
        if is_own_file(document):
            return self._file(document.path)
        key = (document.path, document.id)
        if key not in self._index:
            item: dict[str, Any] = {"contents": {"text": document.text}, "mimeType": "text/plain"}
            if document.path == "-":
                item["description"] = {"text": f"standard input ({document.id})"}
            else:
                # A record nested in its .jsonl file, named by its id.
                item["location"] = {"uri": "/" + quote(document.id, safe="")}
                item["parentIndex"] = self._file(document.path)
                item["description"] = {"text": f"record '{document.id}' of {document.path}"}
            self._index[key] = len(self.items)
            self.items.append(item)
        return self._index[key]

    def location(self, document: Document) -> dict[str, Any]:
        index = self.add(document)
        location = dict(self.items[index].get("location", {}))
        location["index"] = index
        return location

    def _file(self, path: str) -> int:
        key = (path, None)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append({"location": _file_uri(path), "encoding": "utf-8"})
        return self._index[key]


def _file_uri(path: str) -> dict[str, str]:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(Path(path).as_posix()), "uriBaseId": ROOT}


# ---------------------------------------------------------------------- invocation


def _invocation(results: Results) -> dict[str, Any]:
    """Input problems as errors and inferred reference dates as notes, like a compiler's."""
    notes = [_problem(problem) for problem in results.report.problems]
    notes += [
        {"level": "note", "message": {"text": note}}
        for document in results.report.documents
        for note in document_notes(document)
    ]
    return {
        "executionSuccessful": not results.report.problems,
        "toolExecutionNotifications": notes,
    }


def _problem(problem: Problem) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": str(problem)}}
    if problem.path != "-":
        region = {"startLine": problem.line} if problem.line else {}
        if problem.line and problem.column:
            region["startColumn"] = problem.column
        location: dict[str, Any] = {"artifactLocation": _file_uri(problem.path)}
        if region:
            location["region"] = region
        notification["locations"] = [{"physicalLocation": location}]
    return notification
