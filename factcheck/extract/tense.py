"""The tense of a claim: the nearest tense marker of its sentence, its own clause first.

Markers are the lexicon's future words ("will", "scheduled"), past forms ("said",
"closed") and perfect auxiliaries ("has"), found once per document for the sentences
that hold a claim. A claim looks at the markers within TENSE_WINDOW tokens of it; only
where none of its own clause is there does it look further, outwards from itself, for
the nearest of another clause. So a sentence with many claims and many verbs (a list,
hostile text) costs each claim the markers near it, not every marker of the sentence.
"""

from __future__ import annotations

import bisect

from factcheck.extract.layout import Layout, any_between
from factcheck.extract.mentions import Mention
from factcheck.extract.scanner import Tokens
from factcheck.extract.words import (
    ADJECTIVE_ADVERBS,
    DEADLINE_PREPOSITIONS,
    DEFERRALS,
    DETERMINERS,
    FUTURE_PREPOSITIONS,
    GOVERNED_WORDS,
    NOT_PAST,
    PASSIVE_AUXILIARIES,
    PAST_VERBS,
    PRONOUNS,
    SAYING,
    TENSE_WINDOW,
    TIME_OF_EVENT,
)

Markers = dict[int, tuple[tuple[int, ...], tuple[str, ...]]]  # sentence → tokens, "past" | "future"
Rank = tuple[bool, int, bool]  # another clause's, how far, after the claim


def tense_markers(tokens: Tokens, sentence: list[int], cues, past: list[int]) -> Markers:
    """The tense markers of the sentences read, by sentence, in the order of the text:
    the lexicon's future words, past forms, perfect auxiliaries."""
    marked = [(first, "future") for by_sentence in cues.get("future", {}).values()
              for first, _, _ in by_sentence]  # fmt: skip
    future = {i for i, _ in marked}
    marked += [(i, "past") for i in past if i not in future and _past(tokens, i)]
    by_sentence: dict[int, tuple[list[int], list[str]]] = {}
    for i, tense in sorted(marked):
        positions, tenses = by_sentence.setdefault(sentence[i], ([], []))
        positions.append(i)
        tenses.append(tense)
    # Tuples of numbers and words: the collector stops tracking them, so a long text's
    # many sentences do not make each of its full collections longer.
    return {number: (tuple(p), tuple(t)) for number, (p, t) in by_sentence.items()}


def _past(tokens: Tokens, i: int) -> bool:
    word, lower = tokens.words[i], tokens.lower[i]
    regular = lower not in PAST_VERBS
    if regular and (
        len(word) < 5 or lower.endswith("eed") or lower in NOT_PAST or word[0].isupper()
    ):
        return False  # "need", "hundred", a name: "Ahmed"
    before = tokens.lower[max(0, i - 2) : i]
    # "will be extended": a participle after "be" takes the auxiliary's tense
    return not (set(before) & PASSIVE_AUXILIARIES or (regular and _attributive(before)))


def _attributive(before: list[str]) -> bool:
    """Whether an -ed form with these two words before it modifies a noun rather than
    telling what happened: "the reduced dividend", "a still unspecified date"."""
    if before and before[-1] in DETERMINERS:
        return True
    return len(before) == 2 and before[1] in ADJECTIVE_ADVERBS and before[0] in DETERMINERS


def tense_of(
    tokens: Tokens, layout: Layout, m: Mention, preposition: str | None
) -> tuple[str | None, str | None]:
    """The tense of the nearest marker in the sentence, its own clause first. A marker
    after the claim is another clause's when a subordinating word comes between:
    "would return home from June 12 if engineers found ...".
    """
    if _possessive(tokens, m.last_token):
        # "get around Wednesday's ruling": the possessive names an event already past
        return "past", "clause"
    best = _nearest_marker(tokens, layout, m)
    if preposition in DEADLINE_PREPOSITIONS and _deferred(tokens, layout, m):
        return "future", "preposition"  # "postponed until Tuesday", "given until Friday"
    if best and not best[0][0]:
        return best[1], "verb" if _governs(tokens, best[2], m) else "clause"
    # "The withdrawal starts from March 15, the ministry said": "from" speaks for its
    # own clause before a verb in another does.
    if preposition in FUTURE_PREPOSITIONS:
        return "future", "preposition"
    if preposition == "since":  # "cared for him since November"
        return "past", "preposition"
    return (best[1], "sentence") if best else (None, None)


def _nearest_marker(tokens: Tokens, layout: Layout, m: Mention) -> tuple[Rank, str, int] | None:
    """The marker of least rank (another clause's, how far, after the claim), with its
    tense and token. One of the claim's own clause counts only within TENSE_WINDOW
    tokens: further off it tells of something else.

    The markers are looked at outwards from the claim, the nearer first (before it on
    a tie, as the rank says): the first of its own clause is the one; else the first
    of another, once no marker of its own clause can come (past TENSE_WINDOW)."""
    markers = layout.tenses.get(layout.sentence[m.first_token])
    if not markers:
        return None
    positions, tenses = markers
    first, last = m.first_token, m.last_token
    other = None  # the nearest marker of another clause
    before = bisect.bisect_left(positions, first) - 1
    after = before + 1
    while before >= 0 or after < len(positions):
        nearer_before = after >= len(positions) or (
            before >= 0 and first - positions[before] <= positions[after] - last
        )
        k = before if nearer_before else after
        marker = positions[k]
        distance = first - marker if nearer_before else marker - last
        if other is not None and distance > TENSE_WINDOW:
            break  # no marker of its own clause can come
        if nearer_before:
            before -= 1
        elif any_between(layout.subordinators, last + 1, marker):
            after = len(positions)  # this one, and every one after it, is apart
            continue
        else:
            after += 1
        rank = _rank(tokens, layout, m, marker)
        if rank is None:
            continue
        if not rank[0]:
            return rank, tenses[k], marker
        if other is None:
            other = (rank, tenses[k], marker)
    return other


def _rank(tokens: Tokens, layout: Layout, m: Mention, marker: int) -> Rank | None:
    """A marker's rank for a claim; None where it does not speak for the claim."""
    first, last = m.first_token, m.last_token
    distance = first - marker if marker < first else marker - last
    if marker > last and _apart(tokens, layout, m, marker):
        return None
    other = layout.clause[marker] != layout.clause[first] or (
        marker < first and _reported(tokens, layout, marker, m)
    )
    if distance > TENSE_WINDOW and not other:
        return None  # a verb this far off in the same clause tells of something else
    return other, distance, marker > last


def _possessive(tokens: Tokens, last: int) -> bool:
    """Whether "'s" follows the claim: one POSSESSIVE token."""
    mark = last + 1
    if mark >= len(tokens):
        return False
    return tokens.kinds[mark] == "POSSESSIVE" and tokens.ends[last] == tokens.starts[mark]


def _apart(tokens: Tokens, layout: Layout, m: Mention, marker: int) -> bool:
    """Whether a marker after a claim speaks for another clause: one opened by a
    subordinating word ("would return home from June 12 if engineers found ..."), or
    the reporting verb of the sentence ("... on Thursday, officials said")."""
    if any_between(layout.subordinators, m.last_token + 1, marker):
        return True
    reporting = tokens.lower[marker] in SAYING
    return reporting and layout.clause[marker] != layout.clause[m.first_token]


def _deferred(tokens: Tokens, layout: Layout, m: Mention) -> bool:
    """Whether the clause before a claim puts something off until it: "postponed until
    Tuesday", "has given them until 9 a.m. Tuesday"."""
    clause = layout.clause[m.first_token]
    first = max(0, m.first_token - TENSE_WINDOW)
    return any(
        tokens.lower[i] in DEFERRALS and layout.clause[i] == clause
        for i in range(first, m.first_token)
    )


def _governs(tokens: Tokens, marker: int, m: Mention) -> bool:
    """Whether a tense marker is the verb the date tells the time of: "closed Jan. 10",
    "closed its office on Jan. 10", but not "extended it to Jan. 10" nor "has set
    Jan. 10 as the deadline" nor a verb far before or after."""
    if marker > m.last_token:
        return False
    between = tokens.lower[marker + 1 : m.first_token]
    if not between:
        return True
    return len(between) <= GOVERNED_WORDS and between[-1] in TIME_OF_EVENT


def _reported(tokens: Tokens, layout: Layout, marker: int, m: Mention) -> bool:
    """Whether a claim after a marker sits in a clause of its own: "said it expects to
    report results in mid-November", "the offer, which expires Friday"."""
    if any_between(layout.subordinators, marker + 1, m.first_token):
        return True
    pronoun = marker + 1 < m.first_token and tokens.lower[marker + 1] in PRONOUNS
    return pronoun and tokens.lower[marker] in SAYING
