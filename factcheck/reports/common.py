"""What every report format reads: the findings to show, the rules behind them, and the
small wordings (places, counts) that must read the same in every format."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from factcheck.extract.language import NAMES as LANGUAGE_NAMES
from factcheck.model import Claim, Document, Finding
from factcheck.pipeline import DocumentResult, Report

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Results:
    """A checked article set as the reports see it.

    `report.findings` are the findings to show (already filtered by confidence, rule and
    baseline); `suppressed` are those the baseline accepted, kept so a report can count
    them (or, in SARIF, list them as suppressed).
    """

    report: Report
    rules: tuple = ()  # the rules that ran (factcheck.rulebook.rules.Rule), for names and help
    suppressed: tuple[Finding, ...] = ()
    baseline: str | None = None  # the baseline file, when one was applied
    show_claims: bool = False  # list every claim as read, with what it is about

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.report.findings

    @cached_property
    def documents(self) -> dict[str, Document]:
        return {r.document.id: r.document for r in self.report.documents}

    @cached_property
    def _rules_by_id(self) -> dict:
        return {r.id: r for r in reversed(self.rules)}  # reversed: the first of an id wins

    def rule(self, rule_id: str):
        return self._rules_by_id.get(rule_id)


def is_own_file(document: Document) -> bool:
    """Whether a document's offsets index its own file (not a line of a .jsonl set)."""
    return document.path != "-" and not document.path.endswith(".jsonl")


def place(document: Document) -> str:
    """Where a document is, for a human: its path, or its record inside a .jsonl set,
    whose lines and columns count from the start of the record's text, not the file."""
    if document.path.endswith(".jsonl"):
        return f"{document.path}[{document.id}]"
    return document.path


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def severity_counts(findings: Iterable[Finding]) -> Counter:
    return Counter(f.severity for f in findings)


def summary(results: Results) -> str:
    """One line: "2 findings (2 errors) in 4 documents; 1 suppressed by the baseline."."""
    report = results.report
    counts = severity_counts(report.findings)
    text = plural(len(report.findings), "finding")
    parts = [plural(counts[s], s) for s in SEVERITIES if counts[s]]
    if parts:
        text += f" ({', '.join(parts)})"
    text += f" in {plural(len(report.documents), 'document')}"
    if results.suppressed:
        text += f"; {len(results.suppressed)} suppressed by the baseline"
    if report.problems:
        text += f"; {plural(len(report.problems), 'input problem')}"
    return text + "."


def document_notes(result: DocumentResult) -> list[str]:
    """What the reader of a report should know about how a document was read."""
    return [note for note in (language_note(result), date_note(result)) if note]


def language_note(result: DocumentResult) -> str | None:
    if result.language == "en":
        return None
    name = LANGUAGE_NAMES.get(result.language, result.language)
    return (
        f"{result.document.id}: written in {name}, not English: only its full dates were "
        "read; its figures were not checked"
    )


def date_note(result: DocumentResult) -> str | None:
    """Why a document's relative dates were read as they were, where the reader should know."""
    ref = result.reference
    if ref is None:
        return f"{result.document.id}: no reference date; relative dates left unresolved"
    if ref.source == "inferred":
        return f"{result.document.id}: reference date {ref.date} inferred ({ref.how})"
    return None


def referent(claim: Claim) -> str:
    """What a claim refers to, in a few words for a tooltip or a column: "killed · person
    · main event", "injured · part of a count · background: another date: 'May 2011'",
    "Ellen Smith · topics election, turnout · main event"."""
    about = claim.context
    parts = [about.role, about.counted_in[-1] if about.counted_in else None, about.entity]
    if about.topics:
        parts.append("topics " + ", ".join(t.replace("_", " ") for t in about.topics))
    if about.part:
        parts.append("part of a count")
    parts.append(
        f"background: {about.scope_reason}" if about.scope == "background" else "main event"
    )
    return " · ".join(p for p in parts if p)
