"""Who or what a figure is about: the name nearest it in its own part of the sentence.

"Smith won 52 percent and Jones 45 percent" gives two figures of two candidates: each
is about the name in its own part, not about every name in the sentence. A sentence is
cut into parts between its figures, at the last coordination between two of them ("and",
"while", a comma, a semicolon); without one, right after the earlier figure ("Smith beat
Jones 52 percent to 45 percent": the 45 names no one). A figure's entity is the name
nearest before it in its part, else the nearest after it ("52 percent went to Smith").
A part with no name that opens with a word of comparison or a verb goes on about the name
before it ("Smith won 52 percent, up from 48 percent in 2019"), unless it names a topic
of its own ("and turnout rose to 61 percent"); any other names no one ("the Greens 12
percent").

A name is a run of capitalised words that is neither a claim ("Sunday", "March 3") nor a
capitalised common word opening the sentence ("Turnout was ..."), without a title before
it ("President", "Mr"); or a phrase of the lexicon's `entities`, which gives the name it
stands for ("the Labour Party" and "Labour" both as "Labour").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Container
from dataclasses import dataclass
from itertools import compress, pairwise
from operator import itemgetter

from factcheck.extract.mentions import Mention
from factcheck.extract.readings import QuantityReading
from factcheck.extract.scanner import Tokens
from factcheck.extract.topics import part_topics
from factcheck.extract.words import PAST_VERBS

# Capitalised words that open sentences without naming anything.
NOT_NAMES = frozenset(
    """the a an this that these those it its he she they we i his her their our there here
    however but and or so yet in on at by for from of to with as after before since while
    when if although though meanwhile earlier later according some many most more other
    both all each one two speaking photo source read related""".split()
)
# Titles before a name, left out of the name: "President Vladimir Putin" is "Vladimir Putin".
TITLES = frozenset(
    """mr mrs ms miss dr prof president vice prime minister senator sen rep representative
    gov governor mayor chancellor premier king queen prince princess sir dame lord lady
    general gen col colonel capt captain judge justice chairman chairwoman chief ceo
    secretary candidate incumbent""".split()
)
# Words that join two figures' parts: the later part begins after the last of them.
COORDINATION = frozenset({",", ";", "and", "while", "whereas", "but", "with"})
QUOTES = frozenset("\"'\u2018\u201c")


@dataclass(frozen=True, slots=True)
class Part:
    """What a claim's own part of its sentence says it is about."""

    entity: str | None = None
    topics: tuple[str, ...] = ()  # the topic classes named in it, nearest first

    def topics_after(self, nearest: str | None) -> tuple[str, ...]:
        """Every topic of the claim: the nearest (which may stand in another clause),
        then those of its part."""
        if nearest is None or self.topics[:1] == (nearest,):
            return self.topics
        return (nearest, *(t for t in self.topics if t != nearest))


NO_PART = Part()


def parts_of(
    text: str,
    tokens: Tokens,
    mentions: list[Mention],
    layout,
    lowered: Container[str] | None = None,
) -> list[tuple[Mention, Part]]:
    """Each claim with its entity and the topics of its part.

    `layout` is the document as context.py cut it: `sentence` and `clause` number each
    token, `cues` holds the lexicon's cues of each kind by sentence. `lowered` is the
    document's `lower_case_words` where the text is a window of it.
    """
    found = [NO_PART] * len(mentions)
    if not mentions:
        return []
    sentence_of = layout.sentence
    by_sentence: dict[int, list[int]] = {}
    for k, m in enumerate(mentions):
        by_sentence.setdefault(sentence_of[m.first_token], []).append(k)
    names = _Names(text, tokens, layout, lowered)
    for sentence, ks in by_sentence.items():
        start, stop = _sentence_bounds(sentence_of, mentions[ks[0]].first_token)
        figures = [k for k in ks if _figure(tokens, mentions[k])]
        bounds = _parts(tokens, mentions, figures, start, stop)
        cues = layout.cues.get("topics", {}).get(sentence, ())
        candidates = names.of_sentence(sentence, start, stop)
        previous: str | None = None
        for (first, last), k in zip(bounds, figures, strict=True):
            m = mentions[k]
            entity = _nearest(candidates, m, first, last)
            topics = part_topics(cues, first, last, m, layout.clause)
            if entity is None and not topics and _goes_on(tokens, first, m):
                entity = previous
            previous = entity
            found[k] = Part(entity, topics) if entity or topics else NO_PART
        for k in set(ks) - set(figures):  # an age in apposition, "Smith, 45,": its name
            m = mentions[k]
            entity = _nearest(candidates, m, start, stop - 1)
            topics = part_topics(cues, start, stop - 1, m, layout.clause)
            found[k] = Part(entity, topics) if entity or topics else NO_PART
    return list(zip(mentions, found, strict=True))


# Words that open a part going on about the name before it: "up from 48 percent", "down
# to", "compared with", "against"; a verb in the past does too ("took 49 percent").
GOING_ON = frozenset(
    """up down from to compared against versus vs than after before rising falling
    climbing dropping gaining losing with""".split()
)


def _goes_on(tokens: Tokens, first: int, m: Mention) -> bool:
    """Whether a part with no name of its own speaks of the name of the part before:
    it follows a coordination ("Smith won 52 percent, up from 48 percent") and opens
    with a word of comparison or a verb, not a subject of its own ("the Greens 12
    percent"), or with the figure itself ("and 45 percent in 2019")."""
    if first == 0 or tokens.lower[first - 1] not in COORDINATION:
        return False
    if first == m.first_token:
        return True
    word = tokens.lower[first]
    return word in GOING_ON or word in PAST_VERBS or (len(word) > 4 and word.endswith("ed"))


def _sentence_bounds(sentence_of: list[int], token: int) -> tuple[int, int]:
    """The first token of a token's sentence and the token after its last (sentences are
    numbered in order)."""
    number = sentence_of[token]
    return bisect_left(sentence_of, number), bisect_right(sentence_of, number)


def _figure(tokens: Tokens, m: Mention) -> bool:
    """Whether a claim has a part of its own: not a bare number set off by commas after
    a name, an age or an aside ("Smith, 45, won 52 percent")."""
    reading = m.reading
    bare = (
        isinstance(reading, QuantityReading) and reading.unit is None and reading.lo is reading.hi
    )
    if not bare or m.first_token == 0 or m.last_token + 1 >= len(tokens):
        return True
    return not (tokens.words[m.first_token - 1] == "," and tokens.words[m.last_token + 1] == ",")


def _parts(
    tokens: Tokens, mentions: list[Mention], figures: list[int], start: int, stop: int
) -> list[tuple[int, int]]:
    """The first and last token of each figure's part of its sentence."""
    if not figures:
        return []
    cuts = [start]
    for a, b in pairwise(figures):
        after, before = mentions[a].last_token + 1, mentions[b].first_token
        between = [i for i in range(after, before) if tokens.lower[i] in COORDINATION]
        cuts.append(between[0] + 1 if between else after)
    return [(first, nxt - 1) for first, nxt in zip(cuts, [*cuts[1:], stop], strict=True)]


def _nearest(candidates: list[tuple[int, int, str]], m: Mention, first: int, last: int):
    """The name nearest before a claim in its part, else the nearest after it."""
    before = [c for c in candidates if first <= c[0] and c[1] < m.first_token]
    if before:
        return max(before, key=lambda c: c[1])[2]
    after = [c for c in candidates if c[0] > m.last_token and c[1] <= last]
    return min(after, key=lambda c: c[0])[2] if after else None


class _Names:
    """The names of a document's sentences, with where they stand: lexicon entities
    first, then runs of capitalised words that no lexicon entity overlaps."""

    def __init__(self, text: str, tokens: Tokens, layout, lowered: Container[str] | None):
        self.text, self.tokens, self.layout = text, tokens, layout
        self._lower_words = lowered

    def of_sentence(self, sentence: int, start: int, stop: int) -> list[tuple[int, int, str]]:
        listed = [
            (first, last, cue.name)
            for first, last, cue in self.layout.cues.get("entities", {}).get(sentence, ())
        ]
        taken = {i for first, last, _ in listed for i in range(first, last + 1)}
        runs = []
        for first, last in self._runs(sentence):
            if taken and taken.intersection(range(first, last + 1)):
                continue
            first = self._untitled(first, last)
            if first == last and first <= start + 1 and self._common_opener(first, start):
                continue
            runs.append(
                (first, last, self.text[self.tokens.starts[first] : self.tokens.ends[last]])
            )
        return sorted(listed + runs)

    def _runs(self, sentence: int) -> list[list[int]]:
        words = self.layout.capitalised.get(sentence, ())
        return name_runs(self.text, self.tokens, [i for i in words if i not in self.layout.claimed])

    def _untitled(self, first: int, last: int) -> int:
        lower = self.tokens.lower
        while first < last and lower[first].rstrip(".") in TITLES:
            first += 1
        return first

    def _common_opener(self, i: int, start: int) -> bool:
        """A capitalised word that opens its sentence (after any quote mark) and is a
        lexicon word, or written in lower case elsewhere in the document."""
        opening = i == start or (i == start + 1 and self.tokens.words[start] in QUOTES)
        if not opening:
            return False
        sentence = self.layout.sentence[i]
        cues = self.layout.cues.values()
        if any(first == i for by_kind in cues for first, _, _ in by_kind.get(sentence, ())):
            return True
        if self._lower_words is None:
            self._lower_words = lower_case_words(self.tokens)
        return self.tokens.lower[i] in self._lower_words


def lower_case_words(tokens: Tokens) -> frozenset[str]:
    """The words a text writes in lower case: a capitalised sentence opener that is one
    of them ("Authorities said") names nothing."""
    return frozenset(compress(tokens.words, map(str.islower, tokens.words)))


def name_words(tokens: Tokens, span: range) -> list[int]:
    """The capitalised words of some tokens that may be part of a name: not a word that
    opens sentences without naming anything ("The", "However")."""
    words, kinds, lower = tokens.words, tokens.kinds, tokens.lower
    capitalised = map(str.isupper, map(itemgetter(0), words[span.start : span.stop]))
    return [
        i for i in compress(span, capitalised) if kinds[i] == "WORD" and lower[i] not in NOT_NAMES
    ]


def name_runs(text: str, tokens: Tokens, words: list[int]) -> list[list[int]]:
    """The first and last token of each name some capitalised words (in order) make."""
    runs: list[list[int]] = []
    for i in words:
        if runs and joined(text, tokens, runs[-1][1], i):
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def joined(text: str, tokens: Tokens, left: int, right: int) -> bool:
    """Whether two capitalised words are one name: "Bashar Assad", "Deir Ez-Zor"."""
    if right == left + 1:
        return text[tokens.ends[left] : tokens.starts[right]] == " "
    dash = left + 1
    stuck = tokens.ends[left] == tokens.starts[dash] and tokens.ends[dash] == tokens.starts[right]
    return right == left + 2 and tokens.kinds[dash] == "DASH" and stuck
