"""The counted noun of a figure: "23 people", "a dozen eggs", "the 250,000 killed"."""

from __future__ import annotations

from factcheck.extract.lexicon import Lexicon
from factcheck.extract.readings import QuantityReading
from factcheck.extract.scanner import Tokens
from factcheck.extract.words import (
    DATE_READINGS,
    MAX_NOUN_WORDS,
    NOUN_STOPS,
)


def counts_something(reading) -> bool:
    """Dates count nothing; nor does a measure with a unit of its own ("a 61-year-old
    man", "a $4 million package"): the noun after it is not what the figure counts."""
    if isinstance(reading, DATE_READINGS):
        return False
    return not (isinstance(reading, QuantityReading) and reading.unit)


def noun_end(tokens: Tokens, last: int) -> int:
    """The first token after the noun phrase that follows a figure's last token."""
    return noun_phrase(tokens, last)[1]


def counted_noun(words: list[str], lexicon: Lexicon) -> tuple[str | None, str | None]:
    """The noun phrase right after a figure, from its words (`noun_phrase`), and its
    lexicon class."""
    if not words:
        return None, None
    nouns = lexicon.classes.get("nouns", {})
    # A noun phrase ends in its head: try the longest phrase first, then shorter ones.
    for end in range(len(words), 0, -1):
        for begin in range(end):
            name = nouns.get(" ".join(words[begin:end]))
            if name:
                return " ".join(words[:end]), name
    if "and" in words:
        words = words[: words.index("and")]
    words = _before_verb(words, lexicon.classes.get("events", {}))
    if not words:
        return None, None
    return " ".join(words), _singular(words[-1])


# Past forms that follow a count as its verb, not its noun: "1,000 families fled".
IRREGULAR_PAST = {
    "fled", "left", "went", "came", "ran", "fell", "rose", "lost", "met", "held", "gave",
    "got", "took", "made", "won", "sank", "struck", "fought", "stood", "spent", "saw",
}  # fmt: skip


def _before_verb(words: list[str], events: dict[str, str]) -> list[str]:
    """The words up to the first that reads as a verb: "thousands vowed", "one man died"."""
    for i, word in enumerate(words):
        regular = (len(word) > 3 and word.endswith("ed")) or (
            len(word) > 4 and word.endswith("ing")
        )
        if word in IRREGULAR_PAST or word in events or regular:
            return words[:i]
    return words


def noun_phrase(tokens: Tokens, last: int) -> tuple[list[str], int]:
    """The words of the noun phrase after a figure, and the first token after them."""
    words: list[str] = []
    ends: list[int] = []  # the token after each word
    lower, kinds, size = tokens.lower, tokens.kinds, len(tokens)  # looked up once a claim
    i = last + 1
    while i < size and len(words) < MAX_NOUN_WORDS:
        word = lower[i]
        if kinds[i] == "DASH" and words:
            i += 1
            continue
        stop = word in NOUN_STOPS and not (word == "and" and words)
        if not word.isalpha() or stop or _adverb(word):
            break
        words.append(word)
        i += 1
        ends.append(i)
    while words and words[-1] == "and":
        words.pop()
        ends.pop()
    return words, ends[-1] if ends else last + 1


# Nouns that end like adverbs
LY_NOUNS = frozenset(
    "family assembly supply monopoly anomaly butterfly ally rally belly jelly bully lily "
    "reply melancholy homily".split()
)


def _adverb(word: str) -> bool:
    """An -ly word ends a noun phrase: "a dozen eggs recently", "2,000 barrels daily"."""
    return word.endswith("ly") and len(word) > 3 and word not in LY_NOUNS


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")) and len(word) > 4:
        return word[:-2]  # classes, boxes, churches (not "houses")
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
