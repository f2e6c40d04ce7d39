"""Word classes shared by the rules, and a matcher that finds them in a token stream."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from factcheck.extract.scanner import where

# Word lists of a lexicon file with no classes inside: each word is its own class.
FLAT = ("hedges", "negations", "future", "attributions", "revisions")


@dataclass(frozen=True)
class Measure:
    """A noun that names what the figure after it measures ("population of 23 million")."""

    name: str
    event: str | None = None
    noun: str | None = None


class Cue(NamedTuple):
    """A lexicon word or phrase, as `Lexicon.find` finds it in a document. Where it
    stands is kept beside it: the lexicon makes one Cue a phrase and class, and every
    place the phrase is found shares it (a long text finds many)."""

    kind: str  # "events", "topics", "nouns", "measures", "hedges", ...
    name: str  # the class: "killed", "air_campaign"; for flat lists the phrase itself
    phrase: str


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s\-\u2010-\u2015]+", phrase.lower()) if w)


@dataclass
class Lexicon:
    classes: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → phrase → class
    measures: dict[str, Measure] = field(default_factory=dict)  # class name → Measure
    parents: dict[str, str] = field(default_factory=dict)  # noun class → the class it is in
    _index: dict[str, list[tuple[tuple[str, ...], str, str]]] | None = None
    _lengths: dict | None = None  # the index by phrase length (`_by_length`)

    def add(self, kind: str, name: str, phrases: list[str]) -> None:
        table = self.classes.setdefault(kind, {})
        for phrase in phrases:
            table[" ".join(phrase_words(phrase))] = name
        self._index = self._lengths = None

    def within(self, noun_class: str | None) -> tuple[str, ...]:
        """A noun class and every class it lies within: child → (child, person)."""
        found: list[str] = []
        while noun_class is not None and noun_class not in found:
            found.append(noun_class)
            noun_class = self.parents.get(noun_class)
        return tuple(found)

    def names(self, kind: str) -> set[str]:
        return set(self.classes.get(kind, {}).values())

    def find(self, words: list[str] | tuple[str, ...]) -> Iterator[tuple[int, int, Cue]]:
        """Every longest lexicon phrase, per kind, starting at each word, as the index of
        its first and last word and its cue. The phrases a word begins are looked up by
        length, longest first: one slice of the words and one dict lookup a length,
        however many phrases share the word. Given one at a time, so that a long text's
        cues are not all held at once before the caller places them."""
        index = self._by_length()
        for i in where(map(index.__contains__, words)):
            taken: set[str] = set()
            for length, phrases in index[words[i]]:
                for cue in phrases.get(tuple(words[i : i + length])) or ():
                    if cue.kind not in taken:
                        taken.add(cue.kind)
                        yield i, i + length - 1, cue

    def _by_length(self) -> dict[str, list[tuple[int, dict[tuple[str, ...], list[Cue]]]]]:
        """First word → (length, phrase → its cues in the index's order), the longest
        first: what `find` looks up. Built with the index."""
        index = self._phrase_index()
        if self._lengths is None:
            lengths: dict[str, list[tuple[int, dict[tuple[str, ...], list[Cue]]]]] = {}
            for word, candidates in index.items():
                by_length: dict[int, dict[tuple[str, ...], list[Cue]]] = {}
                for phrase, kind, name in candidates:  # longest first
                    by_length.setdefault(len(phrase), {}).setdefault(phrase, []).append(
                        Cue(kind, name, " ".join(phrase))
                    )
                lengths[word] = list(by_length.items())
            self._lengths = lengths
        return self._lengths

    def _phrase_index(self) -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
        # Built once: first word → candidate phrases, longest first, so that
        # "death toll" wins over "death" and matching costs one dict lookup a word.
        if self._index is None:
            index: dict[str, list] = defaultdict(list)
            for kind, table in self.classes.items():
                for phrase, name in table.items():
                    words = tuple(phrase.split(" "))
                    index[words[0]].append((words, kind, name))
            for candidates in index.values():
                candidates.sort(key=lambda c: -len(c[0]))
            self._index = dict(index)
        return self._index


def build_lexicon(entries: dict) -> Lexicon:
    """A Lexicon from the validated `lexicon:` mapping of one or more rule files."""
    lexicon = Lexicon()
    merge_lexicon(lexicon, entries)
    return lexicon


def merge_lexicon(lexicon: Lexicon, entries: dict) -> None:
    for kind in ("events", "topics", "nouns", "entities"):
        for name, phrases in (entries.get(kind) or {}).items():
            lexicon.add(kind, name, phrases)
    lexicon.parents.update(entries.get("parents") or {})
    for name, spec in (entries.get("measures") or {}).items():
        lexicon.add("measures", name, spec["words"])
        lexicon.measures[name] = Measure(name, spec.get("event"), spec.get("noun"))
    for kind in FLAT:
        for phrase in entries.get(kind) or ():
            lexicon.add(kind, " ".join(phrase_words(phrase)), [phrase])
