"""Findings as a compiler prints diagnostics: severity, rule, message and confidence, then
every claim at file:line:column with its line of text and the claimed words underlined.

Colour is decided by the caller (a terminal, no NO_COLOR); without it the output is plain
text that tools and tests can compare byte for byte.
"""

from __future__ import annotations

from typing import TextIO

import click

from factcheck.evaluate.messages import describe_value
from factcheck.model import Claim, Document, Finding, Quantity
from factcheck.reports.common import Results, document_notes, place, referent, summary
from factcheck.reports.json import context_json

CONTEXT_CHARS = 60  # how much of a long line to show either side of a quoted claim
SEVERITY_STYLE = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "info": {"fg": "cyan", "bold": True},
}
FRAME_STYLE = {"fg": "blue", "bold": True}  # arrows, gutters and line numbers


class _Paint:
    """click.style when colour is on, the bare text when it is off."""

    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, **style) -> str:
        return click.style(text, **style) if self.color and text else text


def render(results: Results, color: bool = False) -> str:
    paint = _Paint(color)
    documents = results.documents
    blocks = [_finding(f, documents, results.rule(f.rule), paint) for f in results.findings]
    notes = [
        f"{paint('note', bold=True)}: {n}"
        for d in results.report.documents
        for n in document_notes(d)
    ]
    if notes:
        blocks.append("\n".join(notes))
    if results.show_claims:
        blocks.extend(_claims_read(d, paint) for d in results.report.documents)
    blocks.append(paint(summary(results), bold=True))
    return "\n\n".join(blocks) + "\n"


def _claims_read(result, paint: _Paint) -> str:
    header = paint(f"claims read in {result.document.id} ({len(result.claims)})", bold=True)
    return "\n".join([header, *(f"  {claim_line(c)}" for c in result.claims)])


def claim_line(claim: Claim) -> str:
    """One claim as read: where, what it says, its value and unit, and what it is about
    (the context fields that are set): "8:39 quantity '23' = 23 event=killed noun=people"."""
    about = " ".join(
        f"{name}={_shown(value)}"
        for name, value in context_json(claim.context).items()
        if value not in (None, False, [], 0)
    )
    unit = claim.value.unit if isinstance(claim.value, Quantity) else None
    unit_text = f" unit={unit}" if unit else ""
    return (
        f"{claim.span.line}:{claim.span.column} {claim.type} '{claim.text}' = "
        f"{describe_value(claim)}{unit_text} {about}  refers to: {referent(claim)}"
    )


def _shown(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value).replace(" ", "_") if isinstance(value, str) else str(value)


def write(results: Results, stream: TextIO, color: bool = False) -> None:
    stream.write(render(results, color))


def _finding(finding: Finding, documents: dict[str, Document], rule, paint: _Paint) -> str:
    style = SEVERITY_STYLE[finding.severity]
    header = (
        f"{paint(f'{finding.severity}[{finding.rule}]', **style)} "
        f"{paint(finding.message, bold=True)} "
        f"{paint(f'(confidence {finding.confidence:.2f})', dim=True)}"
    )
    lines = [header] + [_quote(c, documents[c.doc], style, paint) for c in finding.claims]
    if rule is not None and rule.link:
        lines.append(f"   {paint('=', **FRAME_STYLE)} help: {rule.link}")
    return "\n".join(lines)


def _quote(claim: Claim, document: Document, style: dict, paint: _Paint) -> str:
    """The claim's place, its line of text, and the claimed words underlined."""
    number = claim.span.line
    line_text = document.line_text(number).removesuffix("\r")  # CRLF files
    column = claim.span.column - 1
    width = max(1, min(len(claim.text), len(line_text) - column))
    begin = max(0, column - CONTEXT_CHARS)
    end = min(len(line_text), column + width + CONTEXT_CHARS)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(line_text) else ""
    claimed = paint(line_text[column : column + width], bold=True)
    shown = prefix + line_text[begin:column] + claimed + line_text[column + width : end] + suffix
    # Tabs stay tabs under the text so the carets line up however wide the terminal's tabs.
    pad = "".join("\t" if ch == "\t" else " " for ch in line_text[begin:column])
    gutter = " " * len(str(number))
    bar = paint("|", **FRAME_STYLE)
    return (
        f"  {paint('-->', **FRAME_STYLE)} {place(document)}:{number}:{claim.span.column}\n"
        f"   {gutter} {bar}\n"
        f"   {paint(str(number), **FRAME_STYLE)} {bar} {shown}\n"
        f"   {gutter} {bar} {' ' * len(prefix)}{pad}{paint('^' * width, **style)}"
    )
