"""Which language an article is written in: a stop-word count, cheap enough for every
article (its first thousand words or so, a dict lookup each). The pipeline counts them
among the tokens it has lexed anyway; a text alone is cut into words first.

The grammar and the lexicon read English; an article in another language would give
junk ("leben" read as a unit, "juin" as nothing), so the pipeline reads only its full
dates (with dateparser) and every report says why. A library (langdetect, lingua) would
tell more languages apart, at a model's load time and size; the checker needs only to
know "English or not, and if not, which of the languages news in Europe and the
Americas is written in".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# The most frequent function words of each language, few of which another shares.
STOP_WORDS = {
    "en": "the of and to in is that was for on with as by at from it his are be has have",
    "de": "der die das und ist nicht mit von den des im für auf dem ein eine sich auch wurde",
    "fr": "le les et des est une dans pour que qui sur du au pas par ont été avec ce",
    "es": "el los las y que del en una es por con para se su al lo como más fue",
    "it": "il di che è della per non con del sono gli nel alla anche più questo",
    "pt": "o os e que do da em um uma para com não no na dos mais foi pelo",
    "nl": "het een en van is dat op te niet met voor zijn ook door aan bij werd",
}
NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch",
}  # fmt: skip
_WORDS = re.compile(r"[^\W\d_]+")
_LISTED = [(word, language) for language, words in STOP_WORDS.items() for word in words.split()]
_SHARED = {word for word, times in Counter(w for w, _ in _LISTED).items() if times > 1}
# Each word counts for the one language that lists it; "que", "des", "en" tell nothing.
_INDEX = {word: language for word, language in _LISTED if word not in _SHARED}
SAMPLE_WORDS = 1000
SAMPLE_TOKENS = 1200  # about SAMPLE_WORDS words, with the figures and marks between them
SAMPLE_CHUNK = 8192  # characters searched at a time for the sample's words
MIN_STOP_WORDS = 8  # fewer in the sample: too short to tell; read as English


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language the text is written in; "en" where it cannot
    tell (a headline, a table of figures)."""
    return language_of(map(str.lower, _first_words(text, SAMPLE_WORDS)))


def language_of(lowered: Iterable[str]) -> str:
    """`detect_language` of a text's first words (or tokens: a figure or a mark among
    them counts for no language), in lower case."""
    counts = dict.fromkeys(STOP_WORDS, 0)
    found = Counter(map(_INDEX.get, lowered))
    found.pop(None, None)
    counts.update(found)
    best = max(counts, key=counts.__getitem__)
    if counts[best] < MIN_STOP_WORDS or counts["en"] * 2 >= counts[best]:
        return "en"  # English quoting a foreign phrase is still English
    return best


def _first_words(text: str, n: int) -> list[str]:
    """The first `n` words of a text: found a chunk at a time with findall (no match
    object a word), so a long text costs no more than its first words."""
    words: list[str] = []
    at, size = 0, len(text)
    while len(words) < n and at < size:
        end = min(size, at + SAMPLE_CHUNK)
        found = _WORDS.findall(text, at, end)
        at = end
        if end < size and found and _WORDS.match(text, end - 1) and _WORDS.match(text, end):
            at -= len(found.pop())  # a word cut by the chunk's end: read it whole next time
        words += found
    return words[:n]
