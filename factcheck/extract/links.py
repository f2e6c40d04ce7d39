"""Web addresses in a text: their figures are no claims.

A link's digits are an article's number or a date in its path ("/article/3742740",
"/2016/03/12/"), and the words after a link are often its headline: read as a claim,
"3742740 Oklahoma man" became a toll of three million.
"""

from __future__ import annotations

import bisect
import re

from factcheck.extract.scanner import Tokens

# As written ("http://newsok.com/article/3742740"), or as some corpora tokenise it
# ("http: / / newsok. com / article / 3742740"); "www." starts one too.
LINK = re.compile(
    r"(?:\bhttps?\s?:\s?/\s?/\s?|\bwww\.)[\w-]+(?:\s?[./-]\s?[\w-]+)*[^\s<>\"')\]]*",
    re.IGNORECASE,
)


def in_links(text: str, tokens: Tokens) -> set[int]:
    """The tokens that begin inside a web address."""
    starts, inside = tokens.starts, set()
    # Most articles hold no link: a search for one in lower case runs in C, where the
    # pattern, matched without regard to case, would be tried at every word.
    lowered = text.lower()
    if "http" not in lowered and "www." not in lowered:
        return inside
    for link in LINK.finditer(text):
        first = bisect.bisect_left(starts, link.start())
        inside.update(range(first, bisect.bisect_left(starts, link.end(), first)))
    return inside
