"""The pipeline in one place: documents → claims → findings.

load (loader) → extract (grammar, per document) → reference dates (per set) →
normalise (per claim) → evaluate (per rule group) → a Report for the reporters.
A Checker compiles the grammar and the rules once and can be shared.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.claim_rows import Rows, claims_of, kept_alike, rows_of
from factcheck.collector import fewer_collections
from factcheck.evaluate.corpus import Corpus
from factcheck.evaluate.engine import evaluate, judged, ordered, with_units
from factcheck.evaluate.sources import Fingerprint, Sources, fingerprint, group_sources
from factcheck.extract import lists
from factcheck.extract.foreign import foreign_dates
from factcheck.extract.grammar import claim_grammar
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.mentions import Mention
from factcheck.extract.reading import read_text
from factcheck.forked import SharedMap, SourceGrouping, in_child
from factcheck.model import Claim, Context, Document, Finding, Problem, ReferenceDate, changed
from factcheck.resolve import normalise, refdate, scope
from factcheck.rulebook.rules import RuleSet

Task = tuple[Document, dt.date | None]  # a document and its default date


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    reference: ReferenceDate | None
    claims: tuple[Claim, ...]
    language: str = "en"  # ISO 639-1; another than English is read for full dates only
    notes: tuple[Problem, ...] = ()  # what of the document was not read, and why


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
    notes: tuple[Problem, ...] = ()  # stretches not read: lists and tables of figures


class DocumentFailure(RuntimeError):
    """A document could not be read because of an error in factcheck itself."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class ExtractedSet:
    """The documents of a set that were read, and a problem for each that was not."""

    results: tuple[DocumentResult, ...]
    problems: tuple[Problem, ...] = ()
    # Fingerprints the worker processes made beside the claims, where no child process
    # could group them (with `jobs` > 1 and no fork), so that grouping the sources is all
    # that is left for this process.
    prints: dict[str, Fingerprint] = field(default_factory=dict)
    # The results' sources where a child process grouped them while this one read the
    # documents (with `jobs` > 1).
    sources: Sources | None = None


class Checker:
    def __init__(self, rule_set: RuleSet | None = None, rule_paths: list[Path] | None = None):
        if rule_set is None:
            # Imported here: the loader brings YAML and pydantic, which a Checker given
            # its rules (from the cache, as the commands do) does without.
            from factcheck.rulebook.loading import load_rules

            rule_set = load_rules(rule_paths)
        self.rule_set = rule_set
        claim_grammar()  # compile the grammar now, not on the first article

    @property
    def lexicon(self) -> Lexicon:
        return self.rule_set.lexicon

    @fewer_collections()
    def check(
        self,
        documents: list[Document],
        problems: tuple[Problem, ...] = (),
        default_date: dt.date | None = None,
        progress: Callable[[Document], object] | None = None,
        jobs: int = 1,
        date_order: str | None = None,
    ) -> Report:
        """`progress` is called after each document is read (the per-document work);
        `jobs` processes read the documents. A document that fails to be read is a
        problem of the report, and the rest of the set is checked without it."""
        extracted = self.read_set(documents, default_date, progress, jobs, date_order)
        results = extracted.results
        read = [r.document for r in results]
        sources = extracted.sources
        if sources is None:
            sources = group_sources([extracted.prints.get(d.id) or fingerprint(d) for d in read])
        corpus = Corpus(
            claims=tuple(c for result in results for c in result.claims),
            documents={d.id: d for d in read},
            references={r.document.id: r.reference for r in results},
            sources=sources,
        )
        findings = tuple(_evaluate(corpus, self.rule_set, jobs))
        return Report(results, findings, (*problems, *extracted.problems), corpus.sources)

    @fewer_collections()
    def read_set(
        self,
        documents: list[Document],
        default_date: dt.date | None = None,
        progress: Callable[[Document], object] | None = None,
        jobs: int = 1,
        date_order: str | None = None,
    ) -> ExtractedSet:
        """The claims of each document of one set, with reference dates inferred across
        the set (a document's own date first, then the set's); no rule is run.

        With `jobs` > 1 a pool of processes reads the documents; the results are the
        same, in the same order. A document whose reading raises is left out, with an
        internal-error problem naming it."""
        pending, results, problems, prints = [], {}, [], {}
        tasks = [(document, default_date) for document in documents]
        # Where the set's metadata give its date, an undated document is finished where
        # it is read (the same date `_finish` would give it), not after every other.
        set_date = refdate.set_date([d.published for d in documents if d.published], [])
        # With a pool, a child process groups the sources as the fingerprints are made;
        # where there is no fork, they are kept here for `check` to group.
        grouping = SourceGrouping.start() if _pooling(tasks, jobs) else None
        keep = grouping.add if grouping is not None else prints.__setitem__
        outcomes = _map_tasks(self, tasks, jobs, date_order, keep, set_date)  # lazy
        try:
            for document, outcome in zip(documents, outcomes, strict=True):
                if isinstance(outcome, Problem):
                    problems.append(outcome)
                elif isinstance(outcome, DocumentResult):
                    results[document.id] = outcome
                else:
                    pending.append(outcome)
                if progress is not None:
                    progress(document)
            if grouping is not None:
                grouping.group()  # the child groups while this process settles the dates
            results.update(self._finish(pending, documents, default_date, problems))
            pending.clear()  # read into claims: what the claims do not keep is freed
            read = self._in_set(results, documents)
        except BaseException:  # interrupted: no child is left waiting
            outcomes.close()  # a pool's workers stop now, not once the collector finds them
            if grouping is not None:
                grouping.stop()
            raise
        notes = [note for result in read for note in result.notes]  # what was left unread
        sources = grouping.sources([r.document.id for r in read]) if grouping else None
        return ExtractedSet(read, (*problems, *notes), prints, sources)

    def extract_set(
        self,
        documents: list[Document],
        default_date: dt.date | None = None,
        progress: Callable[[Document], object] | None = None,
        date_order: str | None = None,
    ) -> tuple[DocumentResult, ...]:
        """As `read_set`, in this process, raising DocumentFailure for the first document
        that cannot be read: for callers that need every document or none. What a
        document read leaves unread is in its result's notes."""
        extracted = self.read_set(documents, default_date, progress, date_order=date_order)
        failed = [p for p in extracted.problems if p.internal]
        if failed:
            raise DocumentFailure(failed[0])
        return extracted.results

    def extract(
        self,
        document: Document,
        default_date: dt.date | None = None,
        date_order: str | None = None,
    ) -> DocumentResult:
        """The claims of one document on its own, its reference date from its metadata,
        else `default_date`, else its own text."""
        return self.extract_set([document], default_date, date_order=date_order)[0]

    def extract_each(
        self, tasks: list[Task], jobs: int = 1, date_order: str | None = None
    ) -> Iterator[DocumentResult | Problem]:
        """Each document on its own, as `extract` reads it with its default date, in
        order, read by `jobs` processes; a Problem for a document whose reading raised."""
        for (document, default_date), outcome in zip(
            tasks, _map_tasks(self, tasks, jobs, date_order), strict=True
        ):
            if isinstance(outcome, _Reading):
                problems: list[Problem] = []
                finished = self._finish([outcome], [document], default_date, problems)
                outcome = problems[0] if problems else finished[document.id]
            if isinstance(outcome, DocumentResult):
                (outcome,) = self._in_set({document.id: outcome}, [document])
            yield outcome

    def extract_one(
        self,
        document: Document,
        default_date: dt.date | None,
        date_order: str | None = None,
        set_date: dt.date | None = None,
    ) -> object:
        """What a worker makes of one document: its result where its reference date is
        its own (metadata or `default_date`) or can be read against `set_date`, the date
        its set's metadata give; else its reading, to be finished once the set's date is
        known; a Problem where reading it raised."""
        try:
            reading = self._read(document, date_order)
            if document.published is None and default_date is None:
                if set_date is None:
                    return reading
                reference = refdate.dated_by_set(self.stated_dates(reading), set_date)
            else:
                (reference,) = refdate.reference_dates([document], {}, default_date).values()
            claims = tuple(self._claims(reading, reference))
            return DocumentResult(document, reference, claims, reading.language, reading.notes)
        except Exception as error:  # one article must not end the run
            return _internal_problem(document, error)

    def _finish(
        self,
        readings: list[_Reading],
        documents: list[Document],
        default_date: dt.date | None,
        problems: list[Problem],
    ) -> dict[str, DocumentResult]:
        """Results for documents dated by the set: the set's date comes from every
        document's metadata, else from the dates these documents state."""
        stated = {r.document.id: self.stated_dates(r) for r in readings}
        refs = refdate.reference_dates(documents, stated, default_date)
        finished = {}
        for reading in readings:
            outcome = self.finish(reading, refs[reading.document.id])
            if isinstance(outcome, Problem):
                problems.append(outcome)
            else:
                finished[reading.document.id] = outcome
        return finished

    def finish(
        self, reading: _Reading, reference: ReferenceDate | None
    ) -> DocumentResult | Problem:
        """A document `extract_one` read before its reference date was known, with its
        claims resolved against that date."""
        try:
            claims = tuple(self._claims(reading, reference))
        except Exception as error:  # one article must not end the run
            return _internal_problem(reading.document, error)
        return DocumentResult(reading.document, reference, claims, reading.language, reading.notes)

    @staticmethod
    def stated_dates(reading: _Reading) -> list[dt.date]:
        """The full dates a document read by `extract_one` states, for its set's date."""
        return refdate.full_dates(m.reading for m in reading.mentions)

    def _in_set(
        self, results: dict[str, DocumentResult], documents: list[Document]
    ) -> tuple[DocumentResult, ...]:
        """The results in the order of the documents, each document's claims placed in
        its set's event (resolve/scope.py): what needs every document's reference date.

        Each of `results` is replaced by its placed result as it is made, so that the
        claims it changes are freed one document at a time: placing nearly every claim
        of 100,000 articles anew while the old ones were kept took 600 MB more."""
        far, days = set_event(
            {doc_id: result.reference for doc_id, result in results.items()},
            {doc_id: scope.incident_days(result.claims) for doc_id, result in results.items()},
        )
        for doc_id, result in results.items():
            results[doc_id] = placed(result, far.get(doc_id), days)
        # A document left out has a problem instead.
        return tuple(results[d.id] for d in documents if d.id in results)

    def _read(self, document: Document, default_order: str | None = None) -> _Reading:
        # Lists and tables of figures are blanked, not read claim by claim (lists.py);
        # the blanked text has the same offsets, so claims slice the document's own.
        stretches = lists.letterless(document.text, document.body_start)
        text = lists.blanked(document.text, stretches)
        body_start, stated = document.body_start, document.date_order
        read = read_text(text, body_start, self.lexicon, stated, default_order)
        if read.language != "en":  # junk claims otherwise: see extract/language.py
            mentions = foreign_dates(document.text, body_start, read.language)
            return _Reading(document, mentions, [Context()] * len(mentions), read.language)
        notes = lists.notes(document, stretches, read.unread)
        return _Reading(document, read.mentions, read.contexts, notes=notes)

    def _claims(self, reading: _Reading, reference: ReferenceDate | None) -> list[Claim]:
        """The document's claims with their values resolved; where they stand in their
        set's event is settled in `_in_set`, once every document's date is known."""
        doc = reading.document
        claims = []
        for mention, about in zip(reading.mentions, reading.contexts, strict=False):
            try:
                claim = normalise.to_claim(
                    doc.id,
                    doc.line_column(mention.start),
                    mention.start,
                    mention.end,
                    sys.intern(doc.text[mention.start : mention.end]),  # "2016", "five" ...
                    mention.reading,
                    about,
                    reference,
                )
            except Exception as error:
                raise _FailedAt(mention.start) from error
            if claim is not None:
                claims.append(claim)
        return claims


def set_event(
    references: dict[str, ReferenceDate | None],
    incidents: dict[str, frozenset[dt.date]] | None = None,
) -> tuple[dict[str, str], tuple[dt.date, dt.date] | None]:
    """What a set's reference dates, and the days its documents tie to the incident,
    say of its event: the documents far from it (with why), and the days it can fall on."""
    return scope.far_from_set(references), scope.event_days(references, incidents)


def placed(
    result: DocumentResult, far: str | None, days: tuple[dt.date, dt.date] | None
) -> DocumentResult:
    """A document's result with its claims' scope settled; `far` says why the whole
    document is far from its set's event, if it is; `days` are the days the event can
    fall on."""
    reference = result.reference
    claims = scope.by_dates_nearby(list(result.claims), reference, days)
    claims = scope.by_event_days(claims, days, reference)
    if far is not None:
        claims = [scope.background(c, far) if c.type == "quantity" else c for c in claims]
    return changed(result, claims=tuple(scope.within_own_toll(claims)))


class _FailedAt(Exception):
    """Where in a document an internal error happened: the claim being resolved."""

    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


def _internal_problem(document: Document, error: Exception) -> Problem:
    line = column = None
    if isinstance(error, _FailedAt):
        line, column = document.line_column(error.offset)
        error = error.__cause__ or error
    message = (
        f"internal error, document {document.id!r} left out: "
        f"{type(error).__name__}: {error} (please report this)"
    )
    return Problem(document.path, message, line, column, internal=True)


# ------------------------------------------------------------------ worker processes


@dataclass(frozen=True)
class _WorkerRun:
    """How each process of a pool reads a document: its checker, and the run's settings."""

    checker: Checker
    date_order: str | None
    prints: bool  # whether the run groups sources: it then needs the fingerprints
    set_date: dt.date | None  # the date the set's metadata give, if they do

    def read(self, task: Task) -> tuple[object, Fingerprint | None]:
        """`extract_one` of a task, and the document's fingerprint where the run needs it."""
        outcome = self.checker.extract_one(*task, self.date_order, self.set_date)
        if isinstance(outcome, Problem) or not self.prints:
            return outcome, None
        # Not cached: a pool sees each document once, and the cache would keep its text.
        return outcome, fingerprint.__wrapped__(task[0])

    def read_kept(self, task: Task) -> tuple[object, Fingerprint | None]:
        """`read`, for a document whose claims stay in this process: kept as those that
        arrive from other processes are (`kept_alike`)."""
        outcome, made = self.read(task)
        if isinstance(outcome, DocumentResult):
            outcome = changed(outcome, claims=kept_alike(outcome.claims))
        return outcome, made

    def read_to_send(self, task: Task) -> tuple[object, Rows | None, Fingerprint | None]:
        """What a worker sends back of one document: its result without the document and
        with its claims as rows (claim_rows.py), or its reading; and its fingerprint."""
        outcome, made = self.read(task)
        if isinstance(outcome, Problem):
            return outcome, None, None
        if isinstance(outcome, DocumentResult):
            return changed(outcome, document=None, claims=()), rows_of(outcome.claims), made
        return changed(outcome, document=None), None, made


def _received(task: Task, sent: tuple[object, Rows | None, Fingerprint | None]):
    """What `_WorkerRun.read` would have made of a task, from what `read_to_send` sent."""
    outcome, rows, made = sent
    document = task[0]
    if isinstance(outcome, Problem):
        return outcome, None
    if rows is None:  # a reading, waiting for the set's date
        return changed(outcome, document=document), made
    return changed(outcome, document=document, claims=claims_of(document.id, rows)), made


_worker: _WorkerRun | None = None  # a spawned worker's


def _pooling(tasks: list[Task], jobs: int) -> bool:
    """Whether `_map_tasks` reads these tasks in a pool of processes."""
    return jobs > 1 and len(tasks) > 1


def _map_tasks(
    checker: Checker,
    tasks: list[Task],
    jobs: int,
    date_order: str | None,
    keep: Callable[[str, Fingerprint], object] | None = None,
    set_date: dt.date | None = None,
) -> Iterator[object]:
    """`checker.extract_one` of each task, in order: here, or in `jobs` processes, which
    also make each document's fingerprint where `keep` takes it with the document's id
    (per-document work that would otherwise wait until every document is read)."""
    if not _pooling(tasks, jobs):
        return (checker.extract_one(*task, date_order, set_date) for task in tasks)
    return _pooled(_WorkerRun(checker, date_order, keep is not None, set_date), tasks, jobs, keep)


def _pooled(
    run: _WorkerRun,
    tasks: list[Task],
    jobs: int,
    keep: Callable[[str, Fingerprint], object] | None,
) -> Iterator[object]:
    import multiprocessing  # only here: a one-article run need not pay for importing it

    # Chunks small enough to share the work evenly, big enough to keep the pipes quiet.
    chunk = max(1, min(16, len(tasks) // (jobs * 64)))
    outcomes: Iterator[tuple[object, Fingerprint | None]]
    with contextlib.ExitStack() as stack:
        if "fork" in multiprocessing.get_all_start_methods():
            # This process reads a share itself: only the children's claims cross a pipe,
            # and the children inherit the documents and the compiled grammar and rules.
            shared = SharedMap(tasks, jobs, chunk, run.read_kept, run.read_to_send, _received)
            outcomes = stack.enter_context(contextlib.closing(iter(shared)))
        else:
            # Each worker builds the grammar and rules once (from the user's cache).
            settings = (run.checker.rule_set, run.date_order, run.prints, run.set_date)
            pool = stack.enter_context(
                multiprocessing.get_context("spawn").Pool(jobs, _start_worker, settings)
            )
            outcomes = map(_received, tasks, pool.imap(_extract_in_worker, tasks, chunk))
        for (document, _), (outcome, made) in zip(tasks, outcomes, strict=True):
            if keep is not None and made is not None:
                keep(document.id, made)
            yield outcome


def _evaluate(corpus: Corpus, rule_set: RuleSet, jobs: int) -> list[Finding]:
    """`evaluate`, with `jobs` > 1 shared with a forked child process that reads the
    corpus this one holds (nothing is sent; only findings come back). Each process takes
    the next rule no one has taken, so both finish together whatever each rule costs
    (one rule can be half of the work); the same findings, as `ordered` sorts them."""
    if jobs <= 1 or len(rule_set.rules) < 2:
        return evaluate(corpus, rule_set)
    import multiprocessing

    corpus = with_units(corpus, rule_set)
    rules = rule_set.rules
    following = multiprocessing.Value("i", 0)  # the next rule to take, shared by both

    def taken() -> Iterator[int]:
        while True:
            with following.get_lock():
                number = following.value
                following.value += 1
            if number >= len(rules):
                return
            yield number

    def run(numbers: Iterable[int]) -> list[Finding]:
        return [found for number in numbers for found in judged(rules[number], corpus)]

    theirs = in_child(lambda: run(taken()))
    mine: list[int] = []
    found: list[Finding] = []
    for number in taken():
        mine.append(number)
        found.extend(judged(rules[number], corpus))
    found_there = theirs()
    if found_there is None:  # the child failed: this process applies the rules it took
        found_there = run(number for number in range(len(rules)) if number not in mine)
    return ordered(found + found_there)


def _start_worker(
    rule_set: RuleSet, date_order: str | None, prints: bool, set_date: dt.date | None
) -> None:
    global _worker
    _worker = _WorkerRun(Checker(rule_set), date_order, prints, set_date)


def _extract_in_worker(task: Task) -> tuple[object, Rows | None, Fingerprint | None]:
    assert _worker is not None
    return _worker.read_to_send(task)
