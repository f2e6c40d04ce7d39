"""What the values inside an interval add up to, for every interval of a group at once.

A figure is backed by the other figures that lie inside its interval (corroboration).
Asking figure by figure looks at every value inside each interval: quadratic where
many values nest, as when one source gives "more than 137", "more than 138", and so on
(benchmarks/hostile_sets.py). Here a value lies inside an interval when its lower end
is at or above the interval's and its upper end at or below it. So the intervals are
asked in order of their upper ends (`asking` first takes in every value that ends no
later), and of the values taken in, the ones inside are those from a rank on in
the order of lower ends: a suffix, which trees over the ranks sum up in O(log values).

Cost for a group: O((values + documents of each value) log values) to take the values
in, and O(log values) for each question, whatever the values' nesting.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import add
from typing import Generic, TypeVar

from factcheck.evaluate.intervals import Interval, Position
from factcheck.model import Claim

T = TypeVar("T")
Stated = tuple[Interval, int, Position, frozenset[str]]  # value, place, position, groups


def _lo_key(interval: Interval) -> tuple[float, bool]:
    """Ordered so that a value is inside where its key is at least the interval's: at
    one number, an open end lies inside a closed one, not the reverse."""
    return interval.lo, interval.lo_open


def _hi_key(interval: Interval) -> tuple[float, bool]:
    """Ordered so that a value is inside where its key is at most the interval's."""
    return interval.hi, not interval.hi_open


class Nested:
    """The values a group states, for asking what lies inside one interval after another,
    in order of their upper ends."""

    def __init__(self, stated: list[Stated], enough: int, first_docs: int, listed: int) -> None:
        self._by_lo = sorted(stated, key=lambda s: _lo_key(s[0]))
        self._lo_keys = [_lo_key(s[0]) for s in self._by_lo]
        self._waiting = sorted(range(len(self._by_lo)), key=lambda r: _hi_key(self._by_lo[r][0]))
        self._taken = 0
        size = len(stated)
        self._enough, self._first_docs, self._listed = enough, first_docs, listed
        self._groups = _Suffixes(size, _capped_union(enough), frozenset())
        self._doc_count = _Suffixes(size, add, 0)
        self._first_ids = _smallest(first_docs)
        self._doc_ids = _Suffixes(size, self._first_ids, ())
        self._by_place = _InPlaceOrder(size)
        self._highest: dict[str, int] = {}  # document → the highest rank it gives a value at
        self._placed = {place: position for _, place, position, _ in stated}
        self._claims_but: dict[tuple[int, str], tuple[Claim, ...]] = {}

    def asking(self, asked: list[tuple[int, Position]]) -> Iterator[tuple[int, Position]]:
        """The positions in order of their upper ends, each once the values that end no
        later are taken in: the order every question must be asked in."""
        for place, position in sorted(asked, key=lambda a: _hi_key(a[1].interval)):
            self._take_up_to(position.interval)
            yield place, position

    def _take_up_to(self, interval: Interval) -> None:
        """Take in every value whose upper end is inside this interval's."""
        limit = _hi_key(interval)
        while self._taken < len(self._waiting):
            rank = self._waiting[self._taken]
            value, place, position, groups = self._by_lo[rank]
            if _hi_key(value) > limit:
                return
            self._taken += 1
            self._groups.add(rank, frozenset(list(groups)[: self._enough]))
            self._doc_ids.add(rank, tuple(heapq.nsmallest(self._first_docs, position.docs)))
            self._by_place.add(rank, place, _sole(position))
            for doc in position.docs:
                # Each document is counted once, at the highest rank it has a value at:
                # if any of its values is inside, that one is.
                before = self._highest.get(doc)
                if before is None or rank > before:
                    if before is not None:
                        self._doc_count.add(before, -1)
                    self._doc_count.add(rank, 1)
                    self._highest[doc] = rank

    def _first_rank(self, interval: Interval) -> int:
        return bisect.bisect_left(self._lo_keys, _lo_key(interval))

    def groups(self, interval: Interval) -> frozenset[str]:
        """Source groups of the values inside (taken in so far): all of them, or at
        least `enough`."""
        return self._groups.from_rank(self._first_rank(interval))

    def docs(self, interval: Interval, own: frozenset[str]) -> tuple[int, list[str]]:
        """How many documents give a value inside, or are among `own`, and the smallest
        `first_docs` of their ids."""
        rank = self._first_rank(interval)
        outside = [doc for doc in own if self._highest.get(doc, -1) < rank]
        count = self._doc_count.from_rank(rank) + len(outside)
        first = self._first_ids(
            self._doc_ids.from_rank(rank), heapq.nsmallest(self._first_docs, outside)
        )
        return count, list(first)

    def claims_inside(self, interval: Interval, but: str, besides: Position) -> Iterator[Claim]:
        """The claims of the positions inside but `besides`, in their places' order,
        leaving out those of the document `but`."""
        for place in self._by_place.from_rank(self._first_rank(interval), but):
            position = self._placed[place]
            if position is not besides:
                yield from self.claims_but(place, position, but)

    def claims_but(self, place: int, position: Position, doc: str) -> tuple[Claim, ...]:
        """The position's first `listed` claims that `doc` does not give. Kept, so that a
        document that gives one figure many times is passed over once, not at each ask."""
        key = (place, doc)
        kept = self._claims_but.get(key)
        if kept is None:
            others = (c for c in position.claims if c.doc != doc)
            kept = self._claims_but[key] = tuple(islice(others, self._listed))
        return kept


def _sole(position: Position) -> str | None:
    """The one document that gives this position, or None where several do."""
    return next(iter(position.docs)) if len(position.docs) == 1 else None


def _capped_union(cap: int) -> Callable[[frozenset[str], frozenset[str]], frozenset[str]]:
    """A union that stops growing at `cap` items: enough to tell whether there are."""

    def union(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
        return a if len(a) >= cap or b <= a else a | b

    return union


def _smallest(count: int) -> Callable[[Iterable[str], Iterable[str]], tuple[str, ...]]:
    def smallest(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(a).union(b))[:count])

    return smallest


class _Suffixes(Generic[T]):
    """Items added at ranks, summed from any rank to the end: a Fenwick tree over the
    ranks reversed. `merge` must be associative and commutative, and `empty` its unit."""

    def __init__(self, size: int, merge: Callable[[T, T], T], empty: T) -> None:
        self._size, self._merge, self._empty = size, merge, empty
        self._tree = [empty] * (size + 1)

    def add(self, rank: int, item: T) -> None:
        i, tree, merge = self._size - rank, self._tree, self._merge
        while i <= self._size:
            tree[i] = merge(tree[i], item)
            i += i & -i

    def from_rank(self, rank: int) -> T:
        total, i = self._empty, self._size - rank
        while i > 0:
            total = self._merge(total, self._tree[i])
            i -= i & -i
        return total


# A node of `_InPlaceOrder`: its first place and the one document giving that position
# (None where several do), and the first place among the others that this document
# does not alone give (None where there is none or the first has several documents).
Entry = tuple[int, str | None]
Node = tuple[Entry, Entry | None] | None


def _first_but(node: Node, doc: str) -> Entry | None:
    """The node's first place whose position is not given by `doc` alone."""
    if node is None:
        return None
    first, other = node
    return first if first[1] != doc else other


def _join(a: Node, b: Node) -> Node:
    if a is None or b is None:
        return a if b is None else b
    earlier, later = (a, b) if a[0][0] < b[0][0] else (b, a)
    first, other = earlier
    if first[1] is None:
        return first, None
    beside = _first_but(later, first[1])
    if beside is not None and (other is None or beside[0] < other[0]):
        other = beside
    return first, other


class _InPlaceOrder:
    """Places added at ranks, listed from a rank on in increasing order, passing over
    the places that one given document alone gives: a segment tree over the ranks,
    walked in order of each subtree's first place not given by that document alone."""

    def __init__(self, size: int) -> None:
        self._leaves = 1 << max(size - 1, 0).bit_length()
        self._tree: list[Node] = [None] * (2 * self._leaves)

    def add(self, rank: int, place: int, sole: str | None) -> None:
        i, tree = rank + self._leaves, self._tree
        tree[i] = ((place, sole), None)
        i //= 2
        while i:
            tree[i] = _join(tree[2 * i], tree[2 * i + 1])
            i //= 2

    def from_rank(self, rank: int, but: str) -> Iterator[int]:
        tree, heap = self._tree, []
        for node in self._covering(rank):
            _push(heap, node, _first_but(tree[node], but))
        while heap:
            place, node = heapq.heappop(heap)
            if node >= self._leaves:
                yield place
                continue
            for child in (2 * node, 2 * node + 1):
                _push(heap, child, _first_but(tree[child], but))

    def _covering(self, rank: int) -> list[int]:
        """The subtrees that together hold the ranks from `rank` to the end."""
        nodes, lo, hi = [], rank + self._leaves, 2 * self._leaves
        while lo < hi:
            if lo & 1:
                nodes.append(lo)
                lo += 1
            if hi & 1:
                hi -= 1
                nodes.append(hi)
            lo //= 2
            hi //= 2
        return nodes


def _push(heap: list[tuple[int, int]], node: int, entry: Entry | None) -> None:
    if entry is not None:
        heapq.heappush(heap, (entry[0], node))
