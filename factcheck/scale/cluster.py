"""Article sets larger than one machine: the checker on a Dask cluster.

`check_bag` takes a dask.bag of documents and returns the Report that `Checker.check`
returns for the same documents in one process (the same findings, problems and
sources), in five steps, each where its data is:

1. read: each partition's documents are read on the worker that holds them (one
   checker per worker process, its grammar built once); a document dated by its own
   metadata gets its claims at once, the others wait for the set's date;
2. date: each partition sends the dates it knows (a few per document) to the client,
   which picks the set's date, and with them each document's fingerprint (publisher,
   passage hashes); the waiting documents are finished where they are, and once every
   document's date is known, each claim's place in the set's event is settled where it
   is (resolve/scope.py);
3. compare: every claim a comparing rule selects is keyed by the rule and the rule's
   group key and shuffled, so each group meets on one worker; rules that judge each
   claim alone (range, reference, weekday) run in its partition;
4. sources: meanwhile the client groups the copies from the fingerprints
   (evaluate/sources.py) and sends the grouping to the groups, which are evaluated;
5. gather: the findings come back to the client and are ordered as in one process.

The client also receives every document's result, as the reports need them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import dask
import dask.bag
from dask.sizeof import sizeof

from factcheck.collector import collect_as_before, collect_less, fewer_collections
from factcheck.evaluate.checks import CHECKS
from factcheck.evaluate.corpus import Corpus, key_of, selects
from factcheck.evaluate.engine import judged, ordered, with_units
from factcheck.evaluate.sources import Fingerprint, Sources, fingerprint, group_sources
from factcheck.load.articles import PARQUET_SUFFIXES, load_article_set, unique_ids
from factcheck.load.files import Budget
from factcheck.load.parquet import load_parquet, row_groups
from factcheck.model import Claim, Document, Finding, Problem, ReferenceDate
from factcheck.pipeline import Checker, DocumentResult, Report, placed, set_event
from factcheck.resolve import refdate
from factcheck.resolve.conversion import base_unit
from factcheck.resolve.scope import incident_days
from factcheck.rulebook.cache import cached_rules
from factcheck.rulebook.rules import Rule, RuleSet, Selector

NO_SOURCES = Sources({}, {}, {})  # for selecting claims, which never asks about sources
ALONE = ("range", "reference", "weekday")  # rule kinds that judge each claim on its own
CLAIM_BYTES = 1_000  # a claim with its context and value, in memory (README)


def check_bag(
    documents: dask.bag.Bag,
    rule_set: RuleSet | None = None,
    default_date: dt.date | None = None,
    date_order: str | None = None,
) -> Report:
    """The report of a set of documents spread over a cluster: the same as
    `Checker(rule_set).check(documents.compute(), default_date=..., date_order=...)`.

    Runs on the Dask scheduler in use: a `distributed.Client`'s once one is made. The bag
    may also hold the Problems of what could not be read (`read_files` puts them there):
    they are reported as the set's problems."""
    with _collecting_less():
        return _check_bag(documents, rule_set, default_date, date_order)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """`fewer_collections` here and, with a distributed client, on each of its workers
    while the check runs. A worker holds its share of the set's claims between steps, and
    the collector walked them again and again as it read, unpickled and evaluated claims:
    a fifth of a 10,000-article check on two workers."""
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):  # no distributed client: this process's is enough
        client = None
    with fewer_collections():
        # A worker that cannot take part only collects as often as before.
        if client is not None:
            client.run(collect_less, on_error="ignore")
        try:
            yield
        finally:
            if client is not None:
                client.run(collect_as_before, on_error="ignore")


def _check_bag(
    documents: dask.bag.Bag,
    rule_set: RuleSet | None,
    default_date: dt.date | None,
    date_order: str | None,
) -> Report:
    rules = dask.delayed(rule_set or cached_rules())
    parts = documents.to_delayed()
    reads = dask.persist(*[_read_part(p, rules, default_date, date_order) for p in parts])
    summaries = dask.compute(*[_summary(r, default_date) for r in reads])
    known = [day for s in summaries for day in s.known]
    stated = [day for s in summaries for day in s.stated]
    anchor = refdate.set_date(known, stated)
    finished = dask.persist(*[_finish_part(r, rules, anchor) for r in reads])
    dated = dask.compute(*[_references(f) for f in finished])
    far, days = set_event(
        {doc: ref for part in dated for doc, ref, _ in part},
        {doc: incidents for part in dated for doc, _, incidents in part},
    )
    done = dask.persist(*[_place_part(f, far, days) for f in finished])
    starts = _part_starts(tuple(s.count for s in summaries))
    alone = dask.persist(*[_judge_alone(d, rules) for d in done])
    keyed = dask.bag.from_delayed(
        [_keyed_claims(d, rules, s) for d, s in zip(done, starts, strict=True)]
    )
    # The workers select, key and shuffle the claims while the sources are grouped here.
    grouped = keyed.groupby(lambda item: item[0], npartitions=max(1, len(parts))).persist()
    # Every document's result comes back to this process in a thread of its own while
    # the sources are grouped here and the groups evaluated on the workers: the transfer
    # (a quarter of a run) no longer waits for the findings.
    with ThreadPoolExecutor(1) as background:
        gathered = background.submit(dask.compute, [_results(d) for d in done])
        read = {doc for part in dated for doc, _, _ in part}  # not those that failed to finish
        sources = group_sources([p for s in summaries for p in s.prints if p.id in read])
        shared = dask.delayed(sources)
        compared = grouped.map(_evaluate_group, rules, shared).flatten()
        found, local = dask.compute(compared, alone)
        (results,) = gathered.result()
    findings = [*found, *(f for part in local for f in part)]
    read = tuple(r for part in results for r in part[0])
    problems = tuple(p for part in results for p in part[1])
    notes = tuple(note for r in read for note in r.notes)  # as Checker.read_set adds them
    return Report(read, tuple(ordered(findings)), (*problems, *notes), sources)


def read_files(paths: Sequence[str]) -> dask.bag.Bag:
    """The articles of files (JSONL, Parquet, text or Markdown) or folders, as a bag
    for `check_bag`, each read on a worker: a partition per file, and per row group of a
    Parquet file. What cannot be read is a Problem in the bag, and check_bag reports it
    as `factcheck check` does. The workers must see the files at the same paths (a shared
    or object-store file system); the client reads only Parquet files' footers.

    An id repeated within a partition gets a suffix, as in one process; ids repeated
    across partitions are kept as they are, so a set split over many files or row groups
    needs ids unique across them (as a newsroom's or a wire's are)."""
    parts = []
    for path in paths:
        if str(path).lower().endswith(PARQUET_SUFFIXES):
            groups = row_groups(path) or 1
            parts.extend(_load_part(path, [g]) for g in range(groups))
        else:
            parts.append(_load_part(path, None))
    return dask.bag.from_delayed(parts)


@dask.delayed(pure=True)
def _load_part(path: str, groups: list[int] | None) -> list[Document | Problem]:
    if groups is not None:
        loaded = load_parquet(path, Budget.from_environment(), groups)
        documents = list(unique_ids(loaded[0]))
        return [*loaded[1], *documents]
    found = load_article_set([str(path)])
    return [*found.problems, *found.documents]


def check_on_cluster(
    address: str,
    documents: list[Document],
    rule_set: RuleSet,
    default_date: dt.date | None = None,
    date_order: str | None = None,
    timeout: float = 10.0,
) -> Report:
    """`check_bag` of documents read here, on the cluster whose scheduler is at
    `address`: a few partitions for each worker thread. Raises OSError when no
    scheduler answers there within `timeout` seconds."""
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        threads = sum(client.nthreads().values()) or 1
        size = math.ceil(len(documents) / (threads * 4)) or 1  # a few parts a worker thread
        parts = [documents[start : start + size] for start in range(0, len(documents), size)]
        # Sent to the workers directly: inside the task graph, they went through the
        # scheduler (and a warning about the graph's size on every large set).
        scattered = client.scatter(parts or [[]], hash=False)
        bag = dask.bag.from_delayed([dask.delayed(part) for part in scattered])
        return check_bag(bag, rule_set, default_date, date_order)


# ------------------------------------------------------------------ on the workers

_checkers: dict[int, tuple[RuleSet, Checker]] = {}  # per worker process, by rule set


def _checker(rule_set: RuleSet) -> Checker:
    """One checker per rule set in a worker process, kept for every later partition."""
    found = _checkers.get(id(rule_set))
    if found is None:
        found = _checkers[id(rule_set)] = (rule_set, Checker(rule_set))
    return found[1]


@dask.delayed(pure=True)
def _read_part(
    documents: list[Document],
    rule_set: RuleSet,
    default_date: dt.date | None,
    date_order: str | None,
) -> list[tuple[Document, object]]:
    checker = _checker(rule_set)
    return [
        (d, d if isinstance(d, Problem) else checker.extract_one(d, default_date, date_order))
        for d in documents
    ]


@dataclass(frozen=True)
class _Summary:
    """What the client needs of a partition once it is read: the dates the set's date
    is picked from, each document's fingerprint for grouping sources, and its size."""

    known: list[dt.date]  # the metadata dates of its documents
    stated: list[dt.date]  # the latest full date each undated document states
    prints: list[Fingerprint]
    count: int


@dask.delayed(pure=True)
def _summary(read: list[tuple[Document, object]], default_date: dt.date | None) -> _Summary:
    documents = [(d, outcome) for d, outcome in read if isinstance(d, Document)]
    known = [d.published or default_date for d, _ in documents if d.published or default_date]
    stated = []
    for _, outcome in documents:
        if _waiting(outcome) and (dates := Checker.stated_dates(outcome)):
            stated.append(max(dates))
    # Not cached: a worker sees each document once, and the cache would keep its text.
    make = fingerprint.__wrapped__
    prints = [make(d) for d, outcome in documents if not isinstance(outcome, Problem)]
    return _Summary(known, stated, prints, len(read))


@dask.delayed(pure=True)
def _finish_part(
    read: list[tuple[Document, object]], rule_set: RuleSet, anchor: dt.date | None
) -> list[DocumentResult | Problem]:
    checker = _checker(rule_set)
    finished: list[DocumentResult | Problem] = []
    for _, outcome in read:
        if _waiting(outcome):
            reference = refdate.dated_by_set(Checker.stated_dates(outcome), anchor)
            outcome = checker.finish(outcome, reference)
        finished.append(outcome)
    return finished


@dask.delayed(pure=True)
def _references(
    finished: list[DocumentResult | Problem],
) -> list[tuple[str, ReferenceDate | None, frozenset[dt.date]]]:
    """Each document's reference date and the days it ties to the incident: what the
    set's event is read from (pipeline.set_event)."""
    return [
        (r.document.id, r.reference, incident_days(r.claims))
        for r in finished
        if isinstance(r, DocumentResult)
    ]


@dask.delayed(pure=True)
def _place_part(
    finished: list[DocumentResult | Problem],
    far: dict[str, str],
    days: tuple[dt.date, dt.date] | None,
) -> list[DocumentResult | Problem]:
    return [
        placed(r, far.get(r.document.id), days) if isinstance(r, DocumentResult) else r
        for r in finished
    ]


def _waiting(outcome: object) -> bool:
    return not isinstance(outcome, DocumentResult | Problem)


def _part_starts(counts: tuple[int, ...]) -> list[int]:
    """Where each partition's documents start in the whole set's order."""
    starts, total = [], 0
    for count in counts:
        starts.append(total)
        total += count
    return starts


@dataclass(frozen=True)
class _Keyed:
    """A claim on its way to its group, with what its group's checks read about it."""

    order: tuple[int, int]  # its document's place in the set, its place in the document
    claim: Claim
    document: Document  # the document's metadata, without its text
    reference: ReferenceDate | None


# What the scheduler reads to weigh moving a task's data against running it where the
# data is. Dask's own guess counts an object's shell without what it holds: a hundredth
# of a partition's size, and the scheduler sent partitions of claims from one worker to
# the other to run steps that take less time than the move.
@sizeof.register(Document)
def _document_size(document: Document) -> int:
    return 500 + len(document.text)


@sizeof.register(DocumentResult)
def _result_size(result: DocumentResult) -> int:
    return sizeof(result.document) + CLAIM_BYTES * len(result.claims)


@sizeof.register(_Keyed)
def _keyed_size(keyed: _Keyed) -> int:
    return CLAIM_BYTES + sizeof(keyed.document)


def _comparisons(rule: Rule) -> list[tuple[Selector, list[str]]]:
    """The selectors a comparing rule reads its groups with, and their key."""
    if rule.kind == "relation":
        return [(getattr(rule, role), list(rule.join)) for role in rule.roles()]
    found = [(rule.select, list(rule.group_by))]
    if getattr(rule, "evidence", None) is not None:
        found.append((rule.evidence, list(rule.group_by)))
    return found


def _local_corpus(done: list[DocumentResult | Problem], sources: Sources) -> Corpus:
    results = [r for r in done if isinstance(r, DocumentResult)]
    return Corpus(
        claims=tuple(c for r in results for c in r.claims),
        documents={r.document.id: r.document for r in results},
        references={r.document.id: r.reference for r in results},
        sources=sources,
    )


@dask.delayed(pure=True)
def _keyed_claims(
    done: list[DocumentResult | Problem], rule_set: RuleSet, start: int
) -> list[tuple[tuple[int, tuple], _Keyed]]:
    """Each claim once for every comparing rule that selects it, under (rule, key). Each
    selector is asked only of the claims of its types, as one process asks it."""
    corpus = _local_corpus(done, NO_SOURCES)
    items = _items(done, start)
    keyed = []
    for index, rule in enumerate(rule_set.rules):
        if rule.kind in ALONE:
            continue
        sent: set[tuple[int, tuple]] = set()  # a claim goes to a rule's group once
        for selector, parts in _comparisons(rule):
            for claim in corpus.candidates(selector):
                if selects(selector, claim, corpus):
                    key = _shuffle_key(claim, parts, selector)
                    if (id(claim), key) not in sent:
                        sent.add((id(claim), key))
                        keyed.append(((index, key), items[id(claim)]))
    return keyed


def _items(done: list[DocumentResult | Problem], start: int) -> dict[int, _Keyed]:
    """Each claim of a partition as it travels, by the claim's id."""
    items = {}
    for place, result in enumerate(done, start):
        if isinstance(result, DocumentResult):
            document = _without_text(result.document)
            for number, claim in enumerate(result.claims):
                items[id(claim)] = _Keyed((place, number), claim, document, result.reference)
    return items


def _shuffle_key(claim: Claim, parts: list[str], selector: Selector) -> tuple:
    """The key a claim is shuffled under, its unit as the base unit of what it measures:
    "120 mph" and "193 km/h" land in one group, where the check converts them."""
    key = key_of(claim, parts, selector)
    if "unit" not in parts:
        return key
    at = parts.index("unit")
    return (*key[:at], base_unit(key[at]), *key[at + 1 :])


def _without_text(document: Document) -> Document:
    return Document(
        document.id, "", document.path, title=document.title, source=document.source,
        published=document.published, url=document.url, story=document.story,
        date_order=document.date_order,
    )  # fmt: skip


def _evaluate_group(
    group: tuple[tuple[int, tuple], list[tuple[tuple[int, tuple], _Keyed]]],
    rule_set: RuleSet,
    sources: Sources,
) -> list[Finding]:
    """One rule applied to one group of claims, in the order one process reads them."""
    (index, _), items = group
    members = sorted((k for _, k in items), key=lambda k: k.order)
    corpus = Corpus(
        claims=tuple(k.claim for k in members),
        documents={k.document.id: k.document for k in members},
        references={k.document.id: k.reference for k in members},
        sources=sources,
    )
    return judged(rule_set.rules[index], with_units(corpus, rule_set))


@dask.delayed(pure=True)
def _judge_alone(done: list[DocumentResult | Problem], rule_set: RuleSet) -> list[Finding]:
    corpus = _local_corpus(done, NO_SOURCES)
    return [
        f for rule in rule_set.rules if rule.kind in ALONE for f in CHECKS[rule.kind](rule, corpus)
    ]


@dask.delayed(pure=True)
def _results(
    done: list[DocumentResult | Problem],
) -> tuple[list[DocumentResult], list[Problem]]:
    return (
        [r for r in done if isinstance(r, DocumentResult)],
        [p for p in done if isinstance(p, Problem)],
    )
