"""One self-contained HTML file: the article set side by side, every claim highlighted,
the claims of each finding linked to each other, and filters by rule, kind, severity and
confidence.

The page works without its script (each finding links its claims by anchor, each claim
carries the numbers of its findings); the script adds selection, hover linking and the
filters. Page, styles and script are package data beside this module, inlined into every
report so that the file can be mailed or attached to a ticket and opened offline.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from importlib import resources
from string import Template
from typing import TextIO

from factcheck.model import Claim, Finding
from factcheck.pipeline import DocumentResult
from factcheck.reports.common import (
    SEVERITIES,
    Results,
    document_notes,
    place,
    plural,
    referent,
    summary,
)

# Highlight colours, also read by the test that checks a rendered screenshot.
HIGHLIGHT = {"error": "#ffc9c9", "warning": "#ffe08a", "info": "#c3e6fc", "claim": "#e4e9f2"}
ACCENT = {"error": "#c92a2a", "warning": "#b35900", "info": "#1864ab", "claim": "#868e96"}

ClaimKey = tuple[str, int, int]  # document id, start, end


def render(results: Results) -> str:
    page = _Page(results)
    return Template(_asset("report.html")).substitute(
        title=escape(f"factcheck: {summary(results)}"),
        colours=_colour_rules(),
        css=_asset("report.css"),
        js=_asset("report.js"),
        summary=escape(summary(results)),
        filters=_filters(results.findings),
        findings="\n".join(page.finding(f) for f in results.findings),
        notes=_notes(results),
        documents="\n".join(page.document(d) for d in results.report.documents),
    )


def write(results: Results, stream: TextIO, color: bool = False) -> None:
    stream.write(render(results))


def _asset(name: str) -> str:
    return resources.files("factcheck.reports").joinpath(name).read_text(encoding="utf-8")


def _colour_rules() -> str:
    names = [f"--hl-{k}: {v};" for k, v in HIGHLIGHT.items()]
    names += [f"--accent-{k}: {v};" for k, v in ACCENT.items()]
    return ":root { " + " ".join(names) + " }"


def _key(claim: Claim) -> ClaimKey:
    return claim.doc, claim.span.start, claim.span.end


class _Page:
    """Who links to whom: documents by index, findings by number, claims to findings."""

    def __init__(self, results: Results):
        self.results = results
        self.document_index = {r.document.id: n for n, r in enumerate(results.report.documents)}
        self.number = {id(f): n for n, f in enumerate(results.findings, 1)}
        self.links: dict[ClaimKey, list[Finding]] = defaultdict(list)
        self.linked: dict[str, dict[ClaimKey, Claim]] = defaultdict(dict)  # by document id
        for finding in results.findings:
            for claim in finding.claims:
                self.links[_key(claim)].append(finding)
                self.linked[claim.doc].setdefault(_key(claim), claim)

    def claim_id(self, claim: Claim) -> str:
        return f"c{self.document_index[claim.doc]}-{claim.span.start}-{claim.span.end}"

    # ------------------------------------------------------------------ findings

    def finding(self, finding: Finding) -> str:
        number = self.number[id(finding)]
        claim_ids = [self.claim_id(c) for c in finding.claims]
        claims = "".join(
            f'<li><a class="claim-link" href="#{claim_id}" data-claim="{claim_id}">'
            f'<span class="where">{escape(claim.doc)}:{claim.span.line}:{claim.span.column}</span>'
            f"<q>{escape(' '.join(claim.text.split()))}</q></a></li>"
            for claim, claim_id in zip(finding.claims, claim_ids, strict=True)
        )
        rule = self.results.rule(finding.rule)
        description = escape(rule.description) if rule is not None else ""
        help_link = (
            f'<a class="help" href="{escape(rule.link)}">about this rule</a>'
            if rule is not None and rule.link
            else ""
        )
        return (
            f'<li class="finding sev-{finding.severity}" id="f{number}" tabindex="0"'
            f' data-rule="{escape(finding.rule)}" data-kind="{escape(finding.kind)}"'
            f' data-severity="{finding.severity}" data-confidence="{finding.confidence:.3f}"'
            f' data-claims="{" ".join(claim_ids)}">'
            f'<div class="finding-head"><span class="number">{number}</span>'
            f'<span class="badge">{finding.severity}</span>'
            f'<code class="rule" title="{description}">{escape(finding.rule)}</code>'
            f"{_confidence_meter(finding.confidence)}</div>"
            f'<p class="message">{escape(finding.message)}</p>'
            f'<p class="kind">{escape(finding.kind)} · {plural(len(finding.claims), "claim")}</p>'
            f'<ul class="claims">{claims}</ul>{help_link}</li>'
        )

    # ------------------------------------------------------------------ documents

    def document(self, result: DocumentResult) -> str:
        document = result.document
        in_findings = {id(f) for c in result.claims for f in self.links.get(_key(c), ())}
        return (
            f'<article class="document" id="d{self.document_index[document.id]}"'
            f' data-doc="{escape(document.id)}">'
            f"<header>{_document_head(result, len(in_findings))}</header>"
            f'<div class="text">{self.marked_text(result)}</div></article>'
        )

    def marked_text(self, result: DocumentResult) -> str:
        """The article's body with each claim in a <mark> that carries its offsets (into the
        full text, front matter included, as in the JSON report)."""
        text = result.document.text
        position = result.document.body_start
        while position < len(text) and text[position] in "\r\n":  # blank lines after front matter
            position += 1
        parts = []
        for claim in self._claims_in_order(result):
            if claim.span.start < position:  # overlaps the claim before it: shown once
                continue
            parts.append(escape(text[position : claim.span.start]))
            parts.append(self.mark(claim))
            position = claim.span.end
        parts.append(escape(text[position:]))
        return "".join(parts)

    def _claims_in_order(self, result: DocumentResult) -> list[Claim]:
        claims = {_key(c): c for c in result.claims}
        # A finding's claims are claims of their documents; this keeps any that is not.
        for key, claim in self.linked.get(result.document.id, {}).items():
            claims.setdefault(key, claim)
        return sorted(claims.values(), key=lambda c: (c.span.start, -c.span.end))

    def mark(self, claim: Claim) -> str:
        findings = self.links.get(_key(claim), [])
        numbers = [self.number[id(f)] for f in findings]
        classes = f"claim in-finding sev-{_worst(findings)}" if findings else "claim"
        about = f"{claim.type}: {referent(claim)}"
        tip = "; ".join([about, *(f"{f.severity} {f.rule}: {f.message}" for f in findings)])
        refs = "".join(
            f'<a class="ref sev-{f.severity}" href="#f{n}">{n}</a>'
            for f, n in zip(findings, numbers, strict=True)
        )
        return (
            f'<mark class="{classes}" id="{self.claim_id(claim)}"'
            f' data-doc="{escape(claim.doc)}" data-start="{claim.span.start}"'
            f' data-end="{claim.span.end}" data-type="{claim.type}"'
            f' data-findings="{" ".join(f"f{n}" for n in numbers)}"'
            f' title="{escape(tip)}">{escape(claim.text)}</mark>'
            + (f'<sup class="refs">{refs}</sup>' if refs else "")
        )


def _worst(findings: list[Finding]) -> str:
    return next(s for s in SEVERITIES if any(f.severity == s for f in findings))


def _confidence_meter(confidence: float) -> str:
    return (
        f'<span class="confidence" title="confidence {confidence:.2f}">'
        f'<span class="meter"><span style="width: {round(confidence * 100)}%"></span></span>'
        f"{confidence:.2f}</span>"
    )


def _document_head(result: DocumentResult, finding_count: int) -> str:
    document, ref = result.document, result.reference
    facts = [f'<span class="doc-id">{escape(document.id)}</span>'] if document.title else []
    if document.source:
        facts.append(f"<span>{escape(document.source)}</span>")
    if ref is None:
        facts.append('<span class="inferred">no reference date</span>')
    elif ref.source == "metadata":
        facts.append(f"<span>{ref.date.isoformat()}</span>")
    else:
        facts.append(
            f'<span>{ref.date.isoformat()} <span class="inferred">inferred: '
            f"{escape(ref.how)}</span></span>"
        )
    counts = f"{plural(len(result.claims), 'claim')}, {finding_count} in findings"
    return (
        f"<h2>{escape(document.title or document.id)}</h2>"
        f'<p class="meta">{" · ".join(facts)}</p>'
        f'<p class="meta"><span class="path">{escape(place(document))}</span> · {counts}</p>'
    )


def _filters(findings: tuple[Finding, ...]) -> str:
    """Checkboxes for each rule, kind and severity present, and a confidence slider."""
    groups = [
        ("rule", "Rule", Counter(f.rule for f in findings)),
        ("kind", "Kind", Counter(f.kind for f in findings)),
        ("severity", "Severity", Counter(f.severity for f in findings)),
    ]
    fieldsets = []
    for name, legend, counts in groups:
        order = SEVERITIES if name == "severity" else sorted(counts)
        boxes = "".join(
            f'<label><input type="checkbox" name="{name}" value="{escape(value)}" checked> '
            f'<span class="value">{escape(value)}</span> <span class="count">{counts[value]}</span>'
            f"</label>"
            for value in order
            if counts[value]
        )
        fieldsets.append(
            f'<fieldset class="filter" data-filter="{name}">'
            f"<legend>{legend}</legend>{boxes}</fieldset>"
        )
    slider = (
        '<fieldset class="filter" data-filter="confidence"><legend>Confidence</legend>'
        '<label>at least <input type="range" name="confidence" min="0" max="1" step="0.05" '
        'value="0"> <output name="confidence-value">0.00</output></label></fieldset>'
    )
    return "".join(fieldsets) + slider


def _notes(results: Results) -> str:
    items = [f"<li>{escape(n)}</li>" for d in results.report.documents for n in document_notes(d)]
    items += [f'<li class="problem">{escape(str(p))}</li>' for p in results.report.problems]
    if results.suppressed:
        items.append(
            f"<li>{plural(len(results.suppressed), 'accepted finding')} hidden by the "
            f"baseline {escape(results.baseline or '')}</li>"
        )
    return f'<ul class="notes">{"".join(items)}</ul>' if items else ""
