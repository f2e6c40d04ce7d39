"""The pipeline in one place: documents → claims → findings.

load (loader) → extract (grammar, per document) → reference dates (per set) →
normalise (per claim) → evaluate (per rule group) → a Report for the reporters.
A Checker compiles the grammar and the rules once and can be shared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from factcheck.evaluate.corpus import Corpus
from factcheck.evaluate.engine import evaluate
from factcheck.evaluate.sources import Sources, find_sources
from factcheck.extract import context
from factcheck.extract.dateorder import date_order, in_date_order
from factcheck.extract.foreign import foreign_dates
from factcheck.extract.grammar import claim_parser
from factcheck.extract.language import detect_language
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.mentions import Mention, find_mentions
from factcheck.extract.scanner import tokenize
from factcheck.model import Claim, Context, Document, Finding, Problem, ReferenceDate
from factcheck.resolve import normalise, refdate, scope
from factcheck.rulebook.language import RuleSet
from factcheck.rulebook.loading import load_rules


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    reference: ReferenceDate | None
    claims: tuple[Claim, ...]
    language: str = "en"  # ISO 639-1; another than English is read for full dates only


@dataclass(frozen=True)
class Report:
    documents: tuple[DocumentResult, ...]
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...] = ()
    sources: Sources | None = None


@dataclass(frozen=True)
class _Reading:
    """One document as the grammar read it, before any date is resolved."""

    document: Document
    mentions: list[Mention]
    contexts: list
    language: str = "en"


class Checker:
    def __init__(self, rule_set: RuleSet | None = None, rule_paths: list[Path] | None = None):
        self.rule_set = rule_set or load_rules(rule_paths)
        claim_parser()  # compile the grammar now, not on the first article

    @property
    def lexicon(self) -> Lexicon:
        return self.rule_set.lexicon

    def check(
        self,
        documents: list[Document],
        problems: tuple[Problem, ...] = (),
        default_date: dt.date | None = None,
        progress: Callable[[Document], object] | None = None,
        date_order: str | None = None,
    ) -> Report:
        """`progress` is called after each document is read (the per-document work);
        `date_order` ("dmy", "mdy") is for articles that neither state nor show theirs."""
        results = self.extract_set(documents, default_date, progress, date_order)
        corpus = Corpus(
            claims=tuple(c for result in results for c in result.claims),
            documents={d.id: d for d in documents},
            references={r.document.id: r.reference for r in results},
            sources=find_sources(documents),
        )
        findings = tuple(evaluate(corpus, self.rule_set))
        return Report(results, findings, tuple(problems), corpus.sources)

    def extract_set(
        self,
        documents: list[Document],
        default_date: dt.date | None = None,
        progress: Callable[[Document], object] | None = None,
        date_order: str | None = None,
    ) -> tuple[DocumentResult, ...]:
        """The claims of each document of one set, with reference dates inferred across
        the set (a document's own date first, then the set's); no rule is run."""
        readings = []
        for document in documents:
            readings.append(self._read(document, date_order))
            if progress is not None:
                progress(document)
        stated = {
            r.document.id: refdate.full_dates(m.reading for m in r.mentions) for r in readings
        }
        refs = refdate.reference_dates(documents, stated, default_date)
        far = scope.far_from_set(refs)
        days = scope.event_days(refs)
        return tuple(
            DocumentResult(
                r.document,
                refs[r.document.id],
                tuple(self._claims(r, refs[r.document.id], far.get(r.document.id), days)),
                r.language,
            )
            for r in readings
        )

    def extract(
        self,
        document: Document,
        default_date: dt.date | None = None,
        date_order: str | None = None,
    ) -> DocumentResult:
        """The claims of one document on its own, its reference date from its metadata,
        else `default_date`, else its own text."""
        return self.extract_set([document], default_date, date_order=date_order)[0]

    def _read(self, document: Document, default_order: str | None = None) -> _Reading:
        text = document.text
        language = detect_language(text[document.body_start :])
        if language != "en":  # junk claims otherwise: see extract/language.py
            mentions = foreign_dates(text, document.body_start, language)
            return _Reading(document, mentions, [Context()] * len(mentions), language)
        tokens = tokenize(text)
        mentions = [m for m in find_mentions(text, tokens) if m.start >= document.body_start]
        order = date_order(mentions, document.date_order, default_order)
        mentions = in_date_order(mentions, order)
        contexts = context.describe(text, tokens, mentions, self.lexicon)
        return _Reading(document, mentions, contexts)

    def _claims(
        self,
        reading: _Reading,
        reference: ReferenceDate | None,
        far: str | None,
        days: tuple[dt.date, dt.date] | None,
    ) -> list[Claim]:
        """The document's claims with their values resolved and their scope settled;
        `far` says why the whole document is far from its set's event, if it is; `days`
        are the days the set's event can fall on."""
        doc = reading.document
        claims = []
        for mention, about in zip(reading.mentions, reading.contexts, strict=False):
            claim = normalise.to_claim(
                doc.id,
                doc.line_column(mention.start),
                mention.start,
                mention.end,
                doc.text[mention.start : mention.end],
                mention.reading,
                about,
                reference,
            )
            if claim is not None:
                claims.append(claim)
        claims = scope.by_dates_nearby(claims, reference, days)
        claims = scope.by_event_days(claims, days, reference)
        if far is not None:
            claims = [scope.background(c, far) if c.type == "quantity" else c for c in claims]
        return claims
