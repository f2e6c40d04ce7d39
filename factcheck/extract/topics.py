"""Every topic a claim's clause names, nearest first.

"Turnout in the election was 48.2 percent" is about the election and about its turnout:
a rule selecting either topic reads it. The first topic is the one context.py finds
nearest (in the clause, else elsewhere in the sentence: `Part.topics_after`); the others
are those named in the claim's own clause and its own part of the sentence (entities.py
cuts a sentence between its figures), by their distance from the claim.
"""

from __future__ import annotations

from factcheck.extract.mentions import Mention


def part_topics(cues, first: int, last: int, m: Mention, clause: list[int]) -> tuple[str, ...]:
    """The topic classes of `cues` (the topics of the claim's sentence: first token, last
    token, cue) between tokens `first` and `last` and in the claim's clause (`clause`
    numbers each token), nearest the claim first."""
    own = clause[m.first_token]
    ranked = []
    for start, end, cue in cues:
        if start < first or end > last or clause[start] != own:
            continue
        if end < m.first_token:
            ranked.append((m.first_token - end, cue.name))
        elif start > m.last_token:
            ranked.append((start - m.last_token, cue.name))
    return tuple(dict.fromkeys(name for _, name in sorted(ranked)))
