"""Which documents are independent sources, and which are copies of one another.

Two documents count as one source when they name the same publisher (metadata, or
a "Source:" line at the end of the text), or when they share long passages of
their own words: wire copy reused by a second outlet. Quotations are left out of
the comparison, since independent reporters quote the same speech.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from factcheck.model import Document

SOURCE_LINE = re.compile(
    r"^[ \t]*Source[ \t]*:[ \t]*(?P<name>[^\n,;]+)", re.IGNORECASE | re.MULTILINE
)
QUOTATION = re.compile(r"\u201c[^\u201d\n]*\u201d|\"[^\"\n]*\"")
WORD = re.compile(r"\w+")
SHINGLE_WORDS = 8
# Shared passages that make two documents copies: at least this many shared
# eight-word shingles, and this share of the smaller document's shingles.
MIN_SHARED = 20
MIN_CONTAINMENT = 0.1

MAX_REASONS = 3  # a document copied by hundreds keeps the first few reasons
# A shingle found in more documents than this is boilerplate (a site's footer, a
# standard disclaimer), not evidence that two particular documents copy each other.
MAX_SHINGLE_DOCUMENTS = 50

# How sure each reason for grouping documents is (docs/confidence.md).
SAME_PUBLISHER = 1.0
SOURCE_LINE_PUBLISHER = 0.95
SHARED_PASSAGES = 0.9


@dataclass(frozen=True)
class Sources:
    """Each document's source group, and why documents were grouped."""

    group: dict[str, str]  # document id → group label
    reasons: dict[str, str]  # document id → why it is in its group ("" when alone)
    certainty: dict[str, float]  # document id → how sure its grouping with copies is


def publisher(document: Document) -> tuple[str | None, float]:
    if document.source:
        return document.source.strip(), SAME_PUBLISHER
    lines = SOURCE_LINE.findall(document.text[document.body_start :])
    if lines:
        return lines[-1].strip(), SOURCE_LINE_PUBLISHER
    return None, 1.0


def find_sources(documents: list[Document], settled: Iterable[Document] = ()) -> Sources:
    """Each document's source group. `settled` names documents checked again and again
    (an archive's): the passages they share among themselves are counted once and kept."""
    parent = {d.id: d.id for d in documents}
    reasons: dict[str, list[str]] = defaultdict(list)
    doubt = {d.id: 1.0 for d in documents}

    def join(a: str, b: str, why: str, sure: float) -> None:
        parent[_root(parent, a)] = _root(parent, b)
        for doc, other in ((a, b), (b, a)):
            if len(reasons[doc]) < MAX_REASONS:
                reasons[doc].append(f"{why} as {other}")
                doubt[doc] *= 1.0 - sure  # each reason is separate evidence of copying

    first_of: dict[str, str] = {}
    for doc in documents:
        name, sure = publisher(doc)
        if name:
            # Joining each document to the publisher's first is enough to group them all.
            first = first_of.setdefault(name.casefold(), doc.id)
            if first != doc.id:
                join(doc.id, first, f"same publisher ({name})", sure)
    for a, b, shared in _shared_passages(documents, settled):
        join(a, b, f"{shared} shared passages", SHARED_PASSAGES)
    groups = {d.id: _root(parent, d.id) for d in documents}
    certainty = {d: 1.0 - doubt[d] if d in reasons else 1.0 for d in doubt}
    return Sources(groups, {d: "; ".join(r) for d, r in reasons.items()}, certainty)


def _root(parent: dict[str, str], doc: str) -> str:
    while parent[doc] != doc:
        parent[doc] = parent[parent[doc]]
        doc = parent[doc]
    return doc


@lru_cache(maxsize=16384)
def _shingles(document: Document) -> frozenset[int]:
    # Cached per document: a CMS check compares each draft with the same archived
    # articles again and again.
    text = QUOTATION.sub(" ", document.text[document.body_start :]).lower()
    words = WORD.findall(text)
    return frozenset(
        hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def _shared_passages(
    documents: list[Document], settled: Iterable[Document] = ()
) -> list[tuple[str, str, int]]:
    """Pairs of documents that share enough of their own words to be copies.

    An index from shingle to documents means only documents that share something are
    ever compared. The settled documents' index and pairs are cached; only pairs with
    a new document are counted on each call.
    """
    settled_ids = {d.id for d in settled}
    old = tuple(sorted((d for d in documents if d.id in settled_ids), key=lambda d: d.id))
    new = [d for d in documents if d.id not in settled_ids]
    old_index, old_shared = _settled_passages(old)
    shared = Counter(old_shared)
    index: dict[int, list[str]] = {}
    for doc in new:
        for shingle in _shingles(doc):
            index.setdefault(shingle, []).append(doc.id)
    pairs: list[tuple[str, str]] = []
    for shingle, fresh in index.items():
        before = old_index.get(shingle, ())
        if len(fresh) + len(before) > MAX_SHINGLE_DOCUMENTS:
            continue
        # Most shingles are one document's own: they pair with nothing, and the pairs of
        # the rest are counted in one call, not one call per shingle.
        if len(fresh) > 1:
            pairs.extend(combinations(fresh, 2))
        if before:
            pairs.extend((a, b) for a in fresh for b in before)
    shared.update(pairs)
    return _copies(shared, {d.id: len(_shingles(d)) for d in documents})


@lru_cache(maxsize=64)
def _settled_passages(
    documents: tuple[Document, ...],
) -> tuple[dict[int, list[str]], Counter[tuple[str, str]]]:
    index: dict[int, list[str]] = defaultdict(list)
    for doc in documents:
        for shingle in _shingles(doc):
            index[shingle].append(doc.id)
    shared: Counter[tuple[str, str]] = Counter()
    for docs in index.values():
        if 1 < len(docs) <= MAX_SHINGLE_DOCUMENTS:
            shared.update(combinations(docs, 2))  # counted in C, not pair by pair
    return dict(index), shared


def _copies(shared: Counter[tuple[str, str]], sizes: dict[str, int]) -> list[tuple[str, str, int]]:
    pairs = []
    for (a, b), count in shared.items():
        if count >= MIN_SHARED and count >= MIN_CONTAINMENT * min(sizes[a], sizes[b]):
            pairs.append((a, b, count))
    return pairs
