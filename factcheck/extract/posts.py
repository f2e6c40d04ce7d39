"""Social-media posts an article embeds, known by the line that signs them.

An embedded post ends with its author and its date: "Shooter in custody. More details
to follow. — NAU (@NAU) October 9, 2015". Two articles that embed the same post (the
same account, the same words) must give it the same date; the date of a post is not the
day of the story's event, which a later post may report. Each signed date gets the post's
key: the account and the post's words, lowered, without its links (which differ from one
embed to the next), so that the same post is known in every article that embeds it.
"""

from __future__ import annotations

import re

# "(@NAU) " before a date ("October 9, 2015"), after "— NAU ": the handle is looked for
# first, and the dash only in the few characters before it, so that text full of dashes
# costs no more than any other.
HANDLE = re.compile(r"\(@(\w{1,30})\)[ \t]+(?=[A-Z])")
DASHES = ("\u2014", "\u2013", "-")
MAX_NAME = 80  # characters of a display name
MAX_POST = 600  # characters of a post's words kept before its signature: a post's length
LINK = re.compile(r"\b(?:https?://|pic\.twitter\.com/|t\.co/)\S*", re.IGNORECASE)
NOT_WORD = re.compile(r"[\W_]+")
KEY_WORDS = 160  # characters of the post's words in its key: enough to tell posts apart


def signed_dates(text: str) -> dict[int, str]:
    """Where each post's signed date starts in the text, with the post's key
    ("@nau: reported shooting at nau flagstaff campus shooter in custody ...")."""
    keys = {}
    previous = 0  # a post's words start after the signature before it: each read once
    for match in HANDLE.finditer(text):
        dash = _dash_before(text, max(previous, match.start() - MAX_NAME), match.start())
        if dash is None:
            continue
        first = max(previous, dash - MAX_POST)
        newline = text.rfind("\n", first, dash)
        words = _plain(text[newline + 1 if newline >= 0 else first : dash])
        previous = match.end()
        if words:
            keys[match.end()] = f"@{match.group(1).lower()}: {words[:KEY_WORDS]}"
    return keys


def _dash_before(text: str, lowest: int, handle: int) -> int | None:
    """Where the dash that opens a signature starts: the last one on the handle's line
    between `lowest` and the handle."""
    lowest = max(lowest, text.rfind("\n", lowest, handle) + 1)
    found = max(text.rfind(dash, lowest, handle) for dash in DASHES)
    return found if found >= 0 else None


def _plain(words: str) -> str:
    return NOT_WORD.sub(" ", LINK.sub(" ", words)).strip().lower()
