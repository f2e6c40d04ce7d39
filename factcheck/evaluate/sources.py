"""Which documents are independent sources, and which are copies of one another.

Two documents count as one source when they name the same publisher (metadata, or
a "Source:" line at the end of the text), or when they share long passages of
their own words: wire copy reused by a second outlet. Quotations are left out of
the comparison, since independent reporters quote the same speech.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations, compress, islice, product, repeat

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

_is_list = list.__instancecheck__  # type(x) is list, asked in C


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


@dataclass(frozen=True)
class Fingerprint:
    """What source grouping needs of a document: its publisher and its passages. Made
    where the document is (a worker process, another machine) and grouped anywhere:
    the passage hashes are the same in every process."""

    id: str
    publisher: str | None
    sure: float  # how sure the publisher is (metadata, or a "Source:" line)
    # Each passage once, in order, as 8-byte numbers: a tuple of Python integers took
    # five times the room: a gigabyte more for the fingerprints of 100,000 articles.
    packed: bytes

    @property
    def shingles(self) -> memoryview:
        return memoryview(self.packed).cast("q")

    def bare(self) -> Fingerprint:
        """This fingerprint without its passages: all grouping needs once an index
        (`PassageIndex`) holds them."""
        return Fingerprint(self.id, self.publisher, self.sure, b"")


@lru_cache(maxsize=16384)
def fingerprint(document: Document) -> Fingerprint:
    # Cached per document: a CMS check compares each draft with the same archived
    # articles again and again.
    name, sure = publisher(document)
    return Fingerprint(document.id, name, sure, _shingles(document))


def find_sources(documents: list[Document], settled: Iterable[Document] = ()) -> Sources:
    """Each document's source group. `settled` names documents checked again and again
    (an archive's): the passages they share among themselves are counted once and kept."""
    return group_sources([fingerprint(d) for d in documents], [fingerprint(d) for d in settled])


class PassageIndex:
    """The documents that hold each passage, built as the fingerprints come: a child
    process indexes a set's while the workers are still reading it. Once a fingerprint
    is indexed, the index is all that grouping needs of its passages."""

    def __init__(self) -> None:
        # Most passages are one document's own: such a passage holds the document's id,
        # not a list of one (a list took 88 bytes more, a gigabyte at 100,000 articles).
        self.holders: dict[int, str | list[str]] = {}
        self.sizes: dict[str, int] = {}  # each document's number of passages

    @classmethod
    def of(cls, prints: Iterable[Fingerprint]) -> PassageIndex:
        index = cls()
        for found in prints:
            index.add(found)
        return index

    def add(self, found: Fingerprint) -> None:
        holders, doc = self.holders, found.id
        shingles = found.shingles
        self.sizes[doc] = len(shingles)
        for shingle in shingles:
            held = holders.get(shingle)
            if held is None:
                holders[shingle] = doc
            elif type(held) is str:
                holders[shingle] = [held, doc]
            else:
                held.append(doc)

    def holding(self, shingle: int) -> tuple[str, ...]:
        """The documents that hold a passage."""
        return _as_tuple(self.holders.get(shingle, ()))


def _as_tuple(held: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return (held,) if type(held) is str else tuple(held)


def group_sources(
    prints: list[Fingerprint],
    settled: Iterable[Fingerprint] = (),
    index: PassageIndex | None = None,
) -> Sources:
    """`find_sources` of the documents these fingerprints were made from; `index`, where
    given, holds the passages of those of `prints` that are not settled."""
    parent = {p.id: p.id for p in prints}
    reasons: dict[str, list[str]] = defaultdict(list)
    doubt = {p.id: 1.0 for p in prints}

    def join(a: str, b: str, why: str, sure: float) -> None:
        parent[_root(parent, a)] = _root(parent, b)
        for doc, other in ((a, b), (b, a)):
            if len(reasons[doc]) < MAX_REASONS:
                reasons[doc].append(f"{why} as {other}")
                doubt[doc] *= 1.0 - sure  # each reason is separate evidence of copying

    first_of: dict[str, str] = {}
    for found in prints:
        if found.publisher:
            # Joining each document to the publisher's first is enough to group them all.
            first = first_of.setdefault(found.publisher.casefold(), found.id)
            if first != found.id:
                join(found.id, first, f"same publisher ({found.publisher})", found.sure)
    for a, b, shared in _shared_passages(prints, settled, index):
        join(a, b, f"{shared} shared passages", SHARED_PASSAGES)
    groups = {p.id: _root(parent, p.id) for p in prints}
    certainty = {d: 1.0 - doubt[d] if d in reasons else 1.0 for d in doubt}
    return Sources(groups, {d: "; ".join(r) for d, r in reasons.items()}, certainty)


def _root(parent: dict[str, str], doc: str) -> str:
    while parent[doc] != doc:
        parent[doc] = parent[parent[doc]]
        doc = parent[doc]
    return doc


def _shingles(document: Document) -> bytes:
    """The document's passages as numbers, each once, in order of their number: the
    same numbers in the same order in every process, so the pairs of copies are found,
    and their reasons listed, alike wherever the fingerprint was made."""
    text = QUOTATION.sub(" ", document.text[document.body_start :]).lower()
    # Words as numbers that are the same in every process (Python's hash of a string
    # changes from one process to the next; of a tuple of numbers it does not).
    codes = list(map(zlib.crc32, map(str.encode, WORD.findall(text))))
    # Each run of SHINGLE_WORDS codes as a tuple, made and hashed in C (a loop of slices
    # took twice as long); the shorter iterators end it at the last whole run.
    offsets = (islice(codes, start, None) for start in range(SHINGLE_WORDS))
    runs = zip(*offsets, strict=False)
    return array("q", sorted(set(map(hash, runs)))).tobytes()


def _shared_passages(
    prints: list[Fingerprint],
    settled: Iterable[Fingerprint] = (),
    index: PassageIndex | None = None,
) -> list[tuple[str, str, int]]:
    """Pairs of documents that share enough of their own words to be copies.

    An index from shingle to documents means only documents that share something are
    ever compared. Cost: O(shingles × k²) for shingles shared by k documents, and k is
    at most MAX_SHINGLE_DOCUMENTS (more is boilerplate, not copying): linear in the
    text, with a constant that grows with how often one story is copied, up to 50.
    The settled documents' index and pairs are cached; only pairs with a new document
    are counted on each call.
    """
    settled_ids = {p.id for p in settled}
    old = tuple(sorted((p for p in prints if p.id in settled_ids), key=lambda p: p.id))
    new = [p for p in prints if p.id not in settled_ids]
    old_index, old_shared = _settled_passages(old)
    shared = Counter(old_shared)
    if index is None:
        index = PassageIndex.of(new)
    # The passages of one story copied k times are each held by the same k documents:
    # they are counted once a set of documents, and its pairs weighted by that count,
    # rather than k * (k - 1) / 2 pairs listed for each passage (a story copied 29 times
    # in 100,000 articles listed 700 million pairs).
    holders = _held_with(index, old_index) if old else _held_together(index)
    _count_pairs(holders, shared)
    return _copies(shared, old_index.sizes | index.sizes)


Holders = tuple[tuple[str, ...], tuple[str, ...]]  # new documents, settled ones


def _held_together(index: PassageIndex) -> Counter[Holders]:
    """The sets of documents that hold the same passages, two to MAX_SHINGLE_DOCUMENTS of
    them, with how many passages each set holds, in the index's order. Filtered in C: a
    loop in Python over every passage of a 10,000-article set took 0.9 s, most of
    grouping its sources."""
    held = list(compress(index.holders.values(), map(_is_list, index.holders.values())))
    together = compress(held, map(MAX_SHINGLE_DOCUMENTS.__ge__, map(len, held)))
    return Counter(zip(map(tuple, together), repeat(())))


def _held_with(index: PassageIndex, old_index: PassageIndex) -> Counter[Holders]:
    """The sets of holders of each passage of the new documents that two to
    MAX_SHINGLE_DOCUMENTS documents hold, new or settled, with how many passages each
    set holds."""
    holders: Counter[Holders] = Counter()
    for shingle, fresh in index.holders.items():
        before = old_index.holding(shingle)
        # Most shingles are one document's own: they pair with nothing.
        if type(fresh) is str and not before:
            continue
        fresh = _as_tuple(fresh)
        if len(fresh) + len(before) <= MAX_SHINGLE_DOCUMENTS:
            holders[fresh, before] += 1
    return holders


def _count_pairs(holders: Counter[Holders], shared: Counter[tuple[str, str]]) -> None:
    """Adds to `shared` the passages each pair of documents holds together: a set of
    holders pairs its new documents among themselves and with its settled ones, each
    pair once per passage the set holds."""
    for (fresh, before), passages in holders.items():
        for pair in chain(combinations(fresh, 2), product(fresh, before)):
            shared[pair] += passages


@lru_cache(maxsize=64)
def _settled_passages(
    prints: tuple[Fingerprint, ...],
) -> tuple[PassageIndex, Counter[tuple[str, str]]]:
    index = PassageIndex.of(prints)
    holders = _held_together(index)
    shared: Counter[tuple[str, str]] = Counter()
    _count_pairs(holders, shared)
    return index, shared


def _copies(shared: Counter[tuple[str, str]], sizes: dict[str, int]) -> list[tuple[str, str, int]]:
    pairs = []
    for (a, b), count in shared.items():
        if count >= MIN_SHARED and count >= MIN_CONTAINMENT * min(sizes[a], sizes[b]):
            pairs.append((a, b, count))
    return pairs
