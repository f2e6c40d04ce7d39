"""What each claim is about: its counted noun, the event and topic that govern it,
its preposition, and whether it is hedged, negated, attributed, and its tense.

All of it is read from the document's tokens, lexed once for extraction. The
document is segmented and its lexicon cues are found once; each claim then looks
only at the cues of its own clause and sentence.
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Container
from itertools import compress, repeat
from operator import or_

from factcheck.extract.entities import Part, name_runs, name_words, parts_of
from factcheck.extract.layout import Layout, any_between, positions_of, segment
from factcheck.extract.lexicon import Cue, Lexicon
from factcheck.extract.mentions import Mention
from factcheck.extract.nouns import counted_noun, counts_something, noun_end, noun_phrase
from factcheck.extract.posts import signed_dates
from factcheck.extract.readings import DateReading, QuantityReading
from factcheck.extract.referents import (
    charged,
    date_role,
    is_others,
    is_part,
    others_as_parts,
    others_beside_named,
    role_of,
    sentence_scope,
    whole_of_part,
)
from factcheck.extract.scanner import Tokens
from factcheck.extract.tense import tense_markers, tense_of
from factcheck.extract.words import (
    CHANGES,
    DATE_READINGS,
    FOLLOWING_WORDS,
    MAX_NAME_WORDS,
    MEASURE_LINKS,
    MEASURE_REACH,
    PAST_VERBS,
    PREPOSITIONS,
    PRONOUNS,
    STARTING_PREPOSITIONS,
    SUBORDINATORS,
)
from factcheck.model import Context

INFINITIVE = frozenset({"to"})  # an event word after it is another verb's: "ordered to start"


def describe(
    text: str,
    tokens: Tokens,
    mentions: list[Mention],
    lexicon: Lexicon,
    lowered: Container[str] | None = None,
    numbered_from: int = 0,
) -> list[Context]:
    """Each mention's context. Where `text` is a window of a document: `lowered` is
    the document's words in lower case (entities.lower_case_words), and the window's
    sentences and clauses are numbered from `numbered_from`."""
    layout = _layout(text, tokens, mentions, lexicon, numbered_from)
    parts = parts_of(text, tokens, mentions, layout, lowered)  # entity, topics of its part
    return others_as_parts([_describe(tokens, layout, lexicon, *mp) for mp in parts])


def _layout(
    text: str, tokens: Tokens, mentions: list[Mention], lexicon: Lexicon, numbered_from: int
) -> Layout:
    """Sentences and clauses of the whole text (a document, or a window of a long one);
    lexicon cues, past forms and names of the sentences that hold a claim, the only
    ones a claim reads."""
    inside: set[int] = set()
    for m in mentions:
        inside.update(range(m.first_token, m.last_token + 1))
    bounds, sentence, clause, clause_bounds = segment(text, tokens, inside)
    spans = [
        range(bounds[s], bounds[s + 1]) for s in sorted({sentence[m.first_token] for m in mentions})
    ]
    words, lowered = _alphabetic(tokens, spans)
    past_forms = map(
        or_, map(PAST_VERBS.__contains__, lowered), map(str.endswith, lowered, repeat("ed"))
    )
    past = [i for i in compress(words, past_forms) if i not in inside]
    cues: dict[str, dict[int, list[tuple[int, int, Cue]]]] = {}
    for first, last, cue in lexicon.find(lowered):
        first, last = words[first], words[last]
        cues.setdefault(cue.kind, {}).setdefault(sentence[first], []).append((first, last, cue))
    quarters = _quarters(mentions, sentence)
    tenses = tense_markers(tokens, sentence, cues, past)
    names, capitalised = _names(text, tokens, spans, sentence)
    background = {
        sentence[span.start]: reason
        for span in spans
        if (reason := sentence_scope(tokens.lower[span.start : span.stop]))
    }
    events = [c for by_sentence in cues.get("events", {}).values() for c in by_sentence]
    starts, ends = {a: cue for a, _, cue in events}, {b: cue for _, b, cue in events}
    verbs = frozenset(i for positions, _ in tenses.values() for i in positions)
    credits = {
        number: name
        for number, found in cues.get("attributions", {}).items()
        if (name := _attribution(tokens, found))
    }  # once a sentence: every claim of it has the same
    # Asked about only between a claim and a cue or verb of its sentence: found among
    # the words of the sentences that hold a claim.
    subordinators = positions_of(words, lowered, SUBORDINATORS)
    infinitives = positions_of(words, lowered, INFINITIVE)
    # Each kind's cues of a sentence are in the order of their first token, one a token.
    cue_starts = {
        kind: {
            number: tuple(start for start, _, _ in found) for number, found in by_sentence.items()
        }
        for kind, by_sentence in cues.items()
    }
    reach = {
        kind: max(end - start for found in by_sentence.values() for start, end, _ in found)
        for kind, by_sentence in cues.items()
    }
    negated = frozenset(
        clause[start] for found in cues.get("negations", {}).values() for start, _, _ in found
    )
    return Layout(
        sentence, clause, cues, tenses, quarters, names, capitalised, inside, background,
        starts, ends, verbs, credits, subordinators, infinitives, clause_bounds, cue_starts,
        reach, negated, signed_dates(text), numbered_from,
    )  # fmt: skip


def _alphabetic(tokens: Tokens, spans: list[range]) -> tuple[list[int], list[str]]:
    """The alphabetic tokens of some sentences and their lower case, with a gap (-1, "")
    after each sentence so that no lexicon phrase runs on into the next. Cues are read
    over alphabetic tokens only, so "pre-war" reads as "pre war"."""
    words: list[int] = []
    lowered: list[str] = []
    for span in spans:
        alphabetic = compress(span, map(str.isalpha, tokens.words[span.start : span.stop]))
        found = [*alphabetic, -1]
        words += found
        lowered += map(tokens.lower.__getitem__, found[:-1])
        lowered.append("")
    return tuple(words), tuple(lowered)


def _names(
    text: str, tokens: Tokens, spans: list[range], sentence: list[int]
) -> tuple[dict[int, tuple[str, ...]], dict[int, list[int]]]:
    """The people, places and bodies each of some sentences names (runs of capitalised
    words), and the capitalised words each name may hold, which entities.py reads again
    without the claims' own. A claim then takes its sentence's names."""
    names: dict[int, tuple[str, ...]] = {}
    capitalised: dict[int, list[int]] = {}
    for span in spans:
        number = sentence[span.start]
        capitalised[number] = found = name_words(tokens, span)
        if found:
            runs = name_runs(text, tokens, found)
            spelled = (sys.intern(text[tokens.starts[a] : tokens.ends[b]]) for a, b in runs)
            names[number] = tuple(dict.fromkeys(spelled))
    return names, capitalised


def _quarters(mentions: list[Mention], sentence: list[int]) -> dict[int, int]:
    """The sentences that speak of a quarter, each with the quarter it names, or 0."""
    quarters: dict[int, int] = {}
    for m in mentions:
        if _is_quarter(m.reading):
            number = sentence[m.first_token]
            quarters[number] = m.reading.quarter or quarters.get(number, 0)
    return quarters


def _is_quarter(reading) -> bool:
    return isinstance(reading, DateReading) and (
        reading.quarter is not None or reading.shift_unit == "quarter"
    )


def _describe(tokens: Tokens, layout: Layout, lexicon: Lexicon, m: Mention, own: Part) -> Context:
    preposition = _preposition(tokens, m.first_token)
    noun, noun_class, after = None, None, None
    if counts_something(m.reading):
        words, after = noun_phrase(tokens, m.last_token)  # read once, for both uses
        noun, noun_class = counted_noun(words, lexicon)
    event, event_level = _nearest(tokens, layout, "events", m)
    sentence = layout.sentence[m.first_token]
    role, part, others = _referent(tokens, layout, m, noun, after)
    topic, topic_level = _nearest(tokens, layout, "topics", m)
    event_class, event_word = (event.name, event.phrase) if event else (None, None)
    if preposition in STARTING_PREPOSITIONS and isinstance(m.reading, DATE_READINGS):
        # "the withdrawal from Tuesday": the preposition itself says the date is a start.
        event_class, event_word, event_level = "start", preposition, 0
    if role is not None and not isinstance(m.reading, DATE_READINGS):
        # The count's own predicate says what happened to those counted; a whole number
        # with no noun counts people: "one dead and three hurt" (not "half of them").
        event_class, event_word, event_level = role, None, 0
        if noun_class is None and _whole_count(tokens, m):
            noun_class = "person"
    measure = _measure(tokens, layout, lexicon, m.first_token)
    if measure is not None:
        # "a population of 23 million": the measure says what the figure is, whatever
        # else happens in the sentence.
        cue, spec = measure
        noun, noun_class = noun or cue.phrase, noun_class or spec.noun or spec.name
        event_class, event_word, event_level = spec.event, cue.phrase if spec.event else None, 0
        role = spec.event
    clause = layout.clause[m.first_token]
    background = layout.background.get(sentence) or (role and charged(tokens, m.first_token))
    levels = [lvl for cue, lvl in ((event_class, event_level), (topic, topic_level)) if cue]
    tense, tense_scope = tense_of(tokens, layout, m, preposition)
    quarter = _quarter_nearby(layout, sentence)
    return Context(
        noun=_shared(noun),
        noun_class=noun_class,
        counted_in=lexicon.within(noun_class),
        event=event_class,
        event_word=event_word,
        topic=topic.name if topic else None,
        topic_word=topic.phrase if topic else None,
        topics=own.topics_after(topic.name if topic else None),
        preposition=_shared(preposition),
        hedged=bool(layout.cues.get("hedges", {}).get(sentence)),
        negated=clause in layout.negated,
        revised=bool(layout.cues.get("revisions", {}).get(sentence)),
        attribution=layout.credits.get(sentence),
        future=tense == "future",
        clause_distance=max(levels, default=0),
        tense=tense,
        tense_scope=tense_scope,
        granularity="quarter" if quarter is not None else None,
        quarter=quarter or None,
        entities=layout.entities.get(sentence, ()),
        entity=_shared(own.entity),
        sentence=sentence + layout.numbered_from,
        clause=clause + layout.numbered_from,
        role=role,
        part=part,
        others=others,
        scope="background" if background else "main",
        scope_reason=background or None,
        post=layout.posts.get(tokens.starts[m.first_token]),
    )


def _shared(word: str | None) -> str | None:
    """One string for each word a set's claims repeat ("people", "in", "Chicago"): a
    tenth of the room their claims take, as the pickles that bring them from the
    workers keep one copy of a string for each batch of documents."""
    return None if word is None else sys.intern(word)


def _whole_count(tokens: Tokens, m: Mention) -> bool:
    """A count of whole things, given as a figure: not "half", nor "millions"."""
    reading = m.reading
    whole = reading.bound != "APPROX" and reading.lo.value == int(reading.lo.value)
    after = m.last_token + 1
    return whole and (after >= len(tokens) or tokens.lower[after] != "of")


def _referent(
    tokens: Tokens, layout: Layout, m: Mention, noun: str | None, after: int | None = None
) -> tuple[str | None, bool, bool]:
    """A count's role, and whether it is a part of another count or counts others.
    `noun` is the counted noun as written, None for "One died at the scene"; `after` the
    token after its noun phrase, where already read."""
    starts, ends = layout.event_starts, layout.event_ends
    if isinstance(m.reading, DateReading):
        args = (layout.verbs, layout.sentence, m.first_token, m.last_token)
        return date_role(tokens, starts, ends, *args), False, False
    if not isinstance(m.reading, QuantityReading) or m.reading.unit:
        return None, False, False
    if after is None:
        after = noun_end(tokens, m.last_token)
    role, predicate_after = role_of(tokens, starts, ends, m.first_token, m.last_token, after)
    verb = m.last_token + 1 + (len(noun.split()) if noun else 0)
    if whole_of_part(tokens, m.first_token, verb):
        role = None  # "two of the three victims died": the verb tells of the two
    part = is_part(tokens, m.first_token, m.last_token, after, noun is None, predicate_after)
    others = is_others(tokens, m.first_token, m.last_token, after)
    part = part or (others and others_beside_named(tokens, layout.verbs, ends, m.first_token))
    return role, part, others


QUARTER_REACH = 2  # sentences back: an earnings report names its quarter once


def _quarter_nearby(layout: Layout, sentence: int) -> int | None:
    """ "Profit rose from a year ago" a sentence or two after "the third quarter": the
    quarter the passage is about (0 where it names none), or None where it is about none."""
    for back in range(sentence, sentence - QUARTER_REACH - 1, -1):
        if back in layout.quarters:
            return layout.quarters[back]
    return None


def _preposition(tokens: Tokens, first: int) -> str | None:
    if first == 0:
        return None
    word = tokens.lower[first - 1]
    return word if word in PREPOSITIONS else None


def _measure(tokens: Tokens, layout: Layout, lexicon: Lexicon, first: int):
    """A measure noun just before the figure ("population of 23 million"), or the subject
    of its clause with a verb of change between: "the death toll from Saturday's
    shooting rose to three"."""
    if first < 2 or tokens.lower[first - 1] not in MEASURE_LINKS:
        return None
    changed = tokens.lower[first - 2] in CHANGES
    for _start, end, cue in layout.cues.get("measures", {}).get(layout.sentence[first], ()):
        near = end == first - 2
        subject = changed and layout.clause[end] == layout.clause[first] and end < first
        if near or (subject and first - end <= MEASURE_REACH):
            return cue, lexicon.measures[cue.name]
    return None


def _nearest(tokens: Tokens, layout: Layout, kind: str, m: Mention) -> tuple[Cue | None, int]:
    """The cue of a kind that governs a mention, and 0 if it is in the mention's clause,
    1 if elsewhere in its sentence.

    Preference: a cue earlier in the clause or just after the mention ("250,000
    people were killed"), then one in an earlier clause, then one in a later clause;
    the nearer first, and of two as near the one that starts first. An event word
    after "to" belongs to another verb ("on Monday ordered them to start"), so it does
    not govern the mention. A cue overlapping the mention is none.

    The cues of a sentence are in the order of their first token, so each of these is
    found by a binary search and a look at the few cues around it: a sentence with many
    cues and many claims costs each claim a few cues, not all of them.
    """
    sentence = layout.sentence[m.first_token]
    found = layout.cues.get(kind, {}).get(sentence)
    if not found:
        return None, 0
    starts, reach = layout.cue_starts[kind][sentence], layout.cue_reach[kind]
    first, last = m.first_token, m.last_token
    clause = layout.clause[first]
    clause_start, clause_end = layout.clause_bounds[clause], layout.clause_bounds[clause + 1]
    before = bisect.bisect_left(starts, first)  # the cues [0, before) start before it
    own = _last_before(found, starts, before, first, reach, clause_start)
    following = bisect.bisect_right(starts, last)  # the first cue after it, if any
    if following == len(found) or (
        kind == "events" and any_between(layout.infinitives, last + 1, starts[following])
    ):
        following = None  # none, nor any after it: "to" stands before them all
    best = (first - found[own][1], own) if own is not None else None
    if following is not None and starts[following] < clause_end:
        distance = starts[following] - last
        if distance <= FOLLOWING_WORDS and (best is None or distance < best[0]):
            best = (distance, following)
    if best is not None:
        return found[best[1]][2], 0
    other = _last_before(found, starts, before, first, reach, 0)  # none of its clause
    if other is not None:
        return found[other][2], 1
    return (found[following][2], 1) if following is not None else (None, 0)


def _last_before(
    found: list[tuple[int, int, Cue]],
    starts: list[int],
    before: int,
    first: int,
    reach: int,
    lowest: int,
) -> int | None:
    """Of the cues [0, before) that start at `lowest` or after and end before token
    `first`, the one that ends last (of two, the one that starts first): looked for
    backwards, up to where no cue can end as late (`reach` tokens past its start)."""
    best, best_end = None, -1
    at = before - 1
    while at >= 0 and starts[at] >= lowest:
        if best is not None and starts[at] + reach < best_end:
            break
        end = found[at][1]
        if best_end <= end < first:
            best, best_end = at, end
        at -= 1
    return best


def _attribution(tokens: Tokens, found: list[tuple[int, int, Cue]]) -> str | None:
    """Who a sentence credits, from its attribution cues: "according to the UN",
    "Shoigu said", "US estimates"."""
    for start, end, cue in found:
        if cue.phrase == "according to":
            name = _words_from(tokens, end + 1, 1)
        else:
            # Named sources only: the confidence formula reads two differently
            # credited figures as rival estimates, which "officials said" is not.
            name = _capitalised_run(tokens, start - 1, -1) or _capitalised_run(tokens, end + 1, 1)
        if name and name.lower() not in PRONOUNS:
            return name.removeprefix("the ").removeprefix("The ")
    return None


def _words_from(tokens: Tokens, i: int, step: int) -> str | None:
    words = []
    while 0 <= i < len(tokens) and len(words) < MAX_NAME_WORDS and tokens.words[i].isalpha():
        words.append(tokens.words[i])
        i += step
    return " ".join(words if step > 0 else reversed(words)) or None


def _capitalised_run(tokens: Tokens, i: int, step: int) -> str | None:
    words = []
    while 0 <= i < len(tokens) and len(words) < MAX_NAME_WORDS:
        word = tokens.words[i]
        if not (word.isalpha() and word[0].isupper()):
            break
        words.append(word)
        i += step
    return " ".join(words if step > 0 else reversed(words)) or None
