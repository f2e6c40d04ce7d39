"""The full dates of an article not written in English, read by dateparser.

The grammar reads English only; dateparser knows the month names and date orders of
two hundred locales. It reads dates only: numbers in another language need that
language's units, scale words and counted nouns, which nothing here knows, so they
are left out rather than read wrong. Only dates with a day, a month and a year are
kept, so that none leans on a guess.
"""

from __future__ import annotations

from factcheck.extract.mentions import Mention
from factcheck.extract.readings import DateReading

NO_TOKEN = -1  # a foreign date has no token of the English scanner


def foreign_dates(text: str, start: int, language: str) -> list[Mention]:
    """Each full date in text[start:], as a mention whose span slices the text."""
    from dateparser.search import search_dates  # loaded only for a foreign article

    settings = {"REQUIRE_PARTS": ["day", "month", "year"]}
    found = search_dates(text[start:], languages=[language], settings=settings) or []
    mentions = []
    at = start
    for words, when in found:
        place = text.find(words, at)
        if place < 0:
            continue  # dateparser reports the words as written; never seen otherwise
        at = place + len(words)
        reading = DateReading(when.year, when.month, when.day)
        mentions.append(Mention(place, at, NO_TOKEN, NO_TOKEN, reading))
    return mentions
