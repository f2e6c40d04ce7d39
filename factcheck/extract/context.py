"""What each claim is about: its counted noun, the event and topic that govern it,
its preposition, and whether it is hedged, negated, attributed, and its tense.

All of it is read from the document's tokens, lexed once for extraction. The
document is segmented and its lexicon cues are found once; each claim then looks
only at the cues of its own clause and sentence.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import chain, compress, count, pairwise, repeat
from operator import itemgetter, or_, sub

from factcheck.extract.entities import NOT_NAMES, Part, joined, parts_of
from factcheck.extract.lexicon import Cue, Lexicon
from factcheck.extract.mentions import Mention
from factcheck.extract.nouns import counted_noun, counts_something, noun_end
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
from factcheck.extract.scanner import Tokens, where
from factcheck.extract.words import (
    ABBREVIATIONS,
    ADJECTIVE_ADVERBS,
    BREAK_MARKS,
    CHANGES,
    CLAUSE_BREAKS,
    DATE_READINGS,
    DEADLINE_PREPOSITIONS,
    DEFERRALS,
    DETERMINERS,
    FOLLOWING_WORDS,
    FUTURE_PREPOSITIONS,
    GOVERNED_WORDS,
    MAX_NAME_WORDS,
    MEASURE_LINKS,
    MEASURE_REACH,
    NOT_PAST,
    PASSIVE_AUXILIARIES,
    PAST_VERBS,
    PREPOSITIONS,
    PRONOUNS,
    SAYING,
    SENTENCE_CAP,
    SENTENCE_ENDS,
    STARTING_PREPOSITIONS,
    SUBORDINATORS,
    TENSE_WINDOW,
    TIME_OF_EVENT,
)
from factcheck.model import Context


@dataclass(frozen=True)
class _Layout:
    """A document cut into sentences and clauses; for the sentences that hold a claim,
    their lexicon cues by kind, tense markers, quarters named and names."""

    sentence: list[int]  # sentence number of each token: layout.sentence[i]
    clause: list[int]  # clause number of each token
    cues: dict[str, dict[int, list[tuple[int, int, Cue]]]]  # kind → sentence → cues in it
    tenses: dict[int, list[tuple[int, str]]]  # sentence → (token, "past" | "future")
    # Sentences about a quarter, with the quarter they name: "the third quarter" → 3,
    # "the quarter" → 0
    quarters: dict[int, int]
    entities: dict[int, tuple[str, ...]]  # sentence → the names in it ("Russia", "Tartous")
    # sentence → why its figures belong to another time or event ("'since'"), if they do
    background: dict[int, str]
    # event cues by first and by last token, and verb forms: a claim's own predicate
    event_starts: dict[int, Cue]
    event_ends: dict[int, Cue]
    verbs: frozenset[int]


def describe(text: str, tokens: Tokens, mentions: list[Mention], lexicon: Lexicon) -> list[Context]:
    layout = _layout(text, tokens, mentions, lexicon)
    parts = parts_of(text, tokens, mentions, layout)  # each claim's entity, its part's topics
    return others_as_parts([_describe(tokens, layout, lexicon, *mp) for mp in parts])


def _layout(text: str, tokens: Tokens, mentions: list[Mention], lexicon: Lexicon) -> _Layout:
    """Sentences and clauses of the whole document; lexicon cues, past forms and names
    of the sentences that hold a claim, the only ones a claim reads."""
    inside: set[int] = set()
    for m in mentions:
        inside.update(range(m.first_token, m.last_token + 1))
    bounds, sentence, clause = _segment(text, tokens, inside)
    spans = [
        range(bounds[s], bounds[s + 1]) for s in sorted({sentence[m.first_token] for m in mentions})
    ]
    words, lowered = _alphabetic(tokens, spans)
    past_forms = map(
        or_, map(PAST_VERBS.__contains__, lowered), map(str.endswith, lowered, repeat("ed"))
    )
    past = [i for i in compress(words, past_forms) if i not in inside]
    cues: dict[str, dict[int, list[tuple[int, int, Cue]]]] = {}
    for cue in lexicon.find(lowered):
        first, last = words[cue.first], words[cue.last]
        cues.setdefault(cue.kind, {}).setdefault(sentence[first], []).append((first, last, cue))
    quarters = _quarters(mentions, sentence)
    tenses = _tense_markers(tokens, sentence, cues, past)
    names = _names(text, tokens, spans, sentence)
    background = {
        sentence[span.start]: reason
        for span in spans
        if (reason := sentence_scope(tokens.lower[span.start : span.stop]))
    }
    events = [c for by_sentence in cues.get("events", {}).values() for c in by_sentence]
    starts, ends = {a: cue for a, _, cue in events}, {b: cue for _, b, cue in events}
    verbs = frozenset(i for marked in tenses.values() for i, _ in marked)
    return _Layout(sentence, clause, cues, tenses, quarters, names, background, starts, ends, verbs)


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
    return words, lowered


def _names(
    text: str, tokens: Tokens, spans: list[range], sentence: list[int]
) -> dict[int, tuple[str, ...]]:
    """Runs of capitalised words in some sentences: the people, places and bodies each
    names. A claim then takes its sentence's names."""
    words, kinds, lower = tokens.words, tokens.kinds, tokens.lower
    names: dict[int, tuple[str, ...]] = {}
    for span in spans:
        capitalised = map(str.isupper, map(itemgetter(0), words[span.start : span.stop]))
        named = [
            i
            for i in compress(span, capitalised)
            if kinds[i] == "WORD" and lower[i] not in NOT_NAMES
        ]
        runs: list[list[int]] = []  # first and last token of each name
        for k, i in enumerate(named):
            if k and joined(text, tokens, named[k - 1], i):
                runs[-1][1] = i
            else:
                runs.append([i, i])
        if runs:
            found = (text[tokens.starts[a] : tokens.ends[b]] for a, b in runs)
            names[sentence[span.start]] = tuple(dict.fromkeys(found))
    return names


def _numbering(bounds: list[int]) -> list[int]:
    """The number of the part each token is in, from the tokens parts start at (and
    the number of tokens, last)."""
    lengths = map(sub, bounds[1:], bounds)
    return list(chain.from_iterable(map(repeat, count(), lengths)))


def _segment(text: str, tokens: Tokens, inside: set[int]) -> tuple[list[int], list[int], list[int]]:
    """Sentences end at a line break or at a full stop that ends no abbreviation; clauses
    also at commas, semicolons, colons, brackets and spaced dashes. Gives the tokens
    sentences start at (and the number of tokens, last), and the sentence and clause
    number of each token."""
    new_line = _after_line_breaks(text, tokens)
    words = tokens.words
    marks = [i for i in where(map(BREAK_MARKS.__contains__, words)) if i not in inside]
    sentences, clauses = {0}, {0}
    for i in new_line:
        sentences.add(i)
        clauses.add(i)
    for i in marks:
        word = words[i]
        if word in SENTENCE_ENDS:
            if _ends_sentence(tokens, i):
                sentences.add(i + 1)
                clauses.add(i + 1)
        elif word in CLAUSE_BREAKS or (tokens.kinds[i] == "DASH" and _spaced(text, tokens, i)):
            clauses.add(i + 1)
    bounds = sorted(sentences | {len(tokens)})
    # No sentence end (a list, hostile text): cut where one would run past the cap.
    cuts = {cut for a, b in pairwise(bounds) for cut in range(a + SENTENCE_CAP, b, SENTENCE_CAP)}
    bounds = sorted({*bounds, *cuts})
    return bounds, _numbering(bounds), _numbering(sorted(clauses | {*cuts, len(tokens)}))


def _after_line_breaks(text: str, tokens: Tokens) -> set[int]:
    """The tokens a line break comes before."""
    starts = tokens.starts
    found = set()
    at = text.find("\n")
    while at >= 0:
        i = bisect.bisect_left(starts, at)
        if i:
            found.add(i)
        at = text.find("\n", starts[i] if i < len(starts) else len(text))
    return found


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


def _tense_markers(tokens: Tokens, sentence: list[int], cues, past: list[int]):
    """The tense markers of the sentences read, by sentence: the lexicon's future words
    ("will", "scheduled"), past forms ("said", "closed"), perfect auxiliaries ("has")."""
    marked = [(first, "future") for by_sentence in cues.get("future", {}).values()
              for first, _, _ in by_sentence]  # fmt: skip
    future = {i for i, _ in marked}
    marked += [(i, "past") for i in past if i not in future and _past(tokens, i)]
    markers: dict[int, list[tuple[int, str]]] = {}
    for i, tense in sorted(marked):
        markers.setdefault(sentence[i], []).append((i, tense))
    return markers


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


def _ends_sentence(tokens: Tokens, i: int) -> bool:
    if tokens.words[i] != ".":
        return True
    before = tokens.lower[i - 1] if i else ""
    if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
        return False
    if i + 1 == len(tokens):
        return True
    # A sentence goes on after an abbreviation it does not know: "Birmingham, Ala., killed"
    after = tokens.words[i + 1]
    return not (after in CLAUSE_BREAKS or after[0].islower())


def _spaced(text: str, tokens: Tokens, i: int) -> bool:
    start = tokens.starts[i]
    return start > 0 and text[start - 1].isspace()


def _describe(tokens: Tokens, layout: _Layout, lexicon: Lexicon, m: Mention, own: Part) -> Context:
    preposition = _preposition(tokens, m.first_token)
    noun, noun_class = (None, None)
    if counts_something(m.reading):
        noun, noun_class = counted_noun(tokens, lexicon, m.last_token)
    event, event_level = _nearest(tokens, layout, "events", m)
    sentence = layout.sentence[m.first_token]
    role, part, others = _referent(tokens, layout, m, noun)
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
    tense, tense_scope = _tense(tokens, layout, m, preposition)
    quarter = _quarter_nearby(layout, sentence)
    return Context(
        noun=noun,
        noun_class=noun_class,
        counted_in=lexicon.within(noun_class),
        event=event_class,
        event_word=event_word,
        topic=topic.name if topic else None,
        topic_word=topic.phrase if topic else None,
        topics=own.topics_after(topic.name if topic else None),
        preposition=preposition,
        hedged=_any_in(layout, "hedges", sentence),
        negated=_any_in(layout, "negations", sentence, clause),
        revised=_any_in(layout, "revisions", sentence),
        attribution=_attribution(tokens, layout, sentence),
        future=tense == "future",
        clause_distance=max(levels, default=0),
        tense=tense,
        tense_scope=tense_scope,
        granularity="quarter" if quarter is not None else None,
        quarter=quarter or None,
        entities=layout.entities.get(sentence, ()),
        entity=own.entity,
        sentence=sentence,
        clause=clause,
        role=role,
        part=part,
        others=others,
        scope="background" if background else "main",
        scope_reason=background or None,
    )


def _whole_count(tokens: Tokens, m: Mention) -> bool:
    """A count of whole things, given as a figure: not "half", nor "millions"."""
    reading = m.reading
    whole = reading.bound != "APPROX" and reading.lo.value == int(reading.lo.value)
    after = m.last_token + 1
    return whole and (after >= len(tokens) or tokens.lower[after] != "of")


def _referent(
    tokens: Tokens, layout: _Layout, m: Mention, noun: str | None
) -> tuple[str | None, bool, bool]:
    """A count's role, and whether it is a part of another count or counts others.
    `noun` is the counted noun as written, None for "One died at the scene"."""
    starts, ends = layout.event_starts, layout.event_ends
    if isinstance(m.reading, DateReading):
        args = (layout.verbs, layout.sentence, m.first_token, m.last_token)
        return date_role(tokens, starts, ends, *args), False, False
    if not isinstance(m.reading, QuantityReading) or m.reading.unit:
        return None, False, False
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


def _quarter_nearby(layout: _Layout, sentence: int) -> int | None:
    """ "Profit rose from a year ago" a sentence or two after "the third quarter": the
    quarter the passage is about (0 where it names none), or None where it is about none."""
    for back in range(sentence, sentence - QUARTER_REACH - 1, -1):
        if back in layout.quarters:
            return layout.quarters[back]
    return None


def _possessive(tokens: Tokens, last: int) -> bool:
    """Whether "'s" follows the claim: one POSSESSIVE token."""
    mark = last + 1
    if mark >= len(tokens):
        return False
    return tokens.kinds[mark] == "POSSESSIVE" and tokens.ends[last] == tokens.starts[mark]


def _subordinator_between(tokens: Tokens, first: int, stop: int) -> bool:
    """Whether a subordinating word ("if", "which") stands among tokens first..stop-1."""
    return not SUBORDINATORS.isdisjoint(tokens.lower[first:stop])


def _tense(
    tokens: Tokens, layout: _Layout, m: Mention, preposition: str | None
) -> tuple[str | None, str | None]:
    """The tense of the nearest marker in the sentence, its own clause first. A marker
    after the claim is another clause's when a subordinating word comes between:
    "would return home from June 12 if engineers found ...".
    """
    if _possessive(tokens, m.last_token):
        # "get around Wednesday's ruling": the possessive names an event already past
        return "past", "clause"
    clause = layout.clause[m.first_token]
    best = None
    for i, tense in layout.tenses.get(layout.sentence[m.first_token], ()):
        distance = m.first_token - i if i < m.first_token else i - m.last_token
        if i > m.last_token and _apart(tokens, layout, m, i):
            continue
        other = layout.clause[i] != clause or (i < m.first_token and _reported(tokens, i, m))
        if distance > TENSE_WINDOW and not other:
            continue  # a verb this far off in the same clause tells of something else
        rank = (other, distance, i > m.last_token)
        if best is None or rank < best[0]:
            best = (rank, tense, i)
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


def _apart(tokens: Tokens, layout: _Layout, m: Mention, marker: int) -> bool:
    """Whether a marker after a claim speaks for another clause: one opened by a
    subordinating word ("would return home from June 12 if engineers found ..."), or
    the reporting verb of the sentence ("... on Thursday, officials said")."""
    if _subordinator_between(tokens, m.last_token + 1, marker):
        return True
    reporting = tokens.lower[marker] in SAYING
    return reporting and layout.clause[marker] != layout.clause[m.first_token]


def _deferred(tokens: Tokens, layout: _Layout, m: Mention) -> bool:
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


def _reported(tokens: Tokens, marker: int, m: Mention) -> bool:
    """Whether a claim after a marker sits in a clause of its own: "said it expects to
    report results in mid-November", "the offer, which expires Friday"."""
    if _subordinator_between(tokens, marker + 1, m.first_token):
        return True
    between = tokens.lower[marker + 1 : m.first_token]
    return tokens.lower[marker] in SAYING and bool(between) and between[0] in PRONOUNS


def _preposition(tokens: Tokens, first: int) -> str | None:
    if first == 0:
        return None
    word = tokens.lower[first - 1]
    return word if word in PREPOSITIONS else None


def _measure(tokens: Tokens, layout: _Layout, lexicon: Lexicon, first: int):
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


def _nearest(tokens: Tokens, layout: _Layout, kind: str, m: Mention) -> tuple[Cue | None, int]:
    """The cue of a kind that governs a mention, and 0 if it is in the mention's clause,
    1 if elsewhere in its sentence.

    Preference: a cue earlier in the clause or just after the mention ("250,000
    people were killed"), then one in an earlier clause, then one in a later clause.
    An event word after "to" belongs to another verb ("on Monday ordered them to
    start"), so it does not govern the mention.
    """
    sentence = layout.sentence[m.first_token]
    clause = layout.clause[m.first_token]
    best: tuple[tuple[int, int], Cue] | None = None
    for start, end, cue in layout.cues.get(kind, {}).get(sentence, ()):
        if m.first_token <= end and start <= m.last_token:
            continue
        before = end < m.first_token
        distance = m.first_token - end if before else start - m.last_token
        same_clause = layout.clause[start] == clause
        if same_clause and (before or distance <= FOLLOWING_WORDS):
            rank = (0, distance)
        else:
            rank = (1 if before else 2, distance)
        if best is not None and rank >= best[0]:
            continue  # ranked first: the scan for "to" is then made only for a better cue
        if not before and kind == "events" and _infinitive_between(tokens, m.last_token, start):
            continue
        best = (rank, cue)
    if best is None:
        return None, 0
    return best[1], min(best[0][0], 1)


def _infinitive_between(tokens: Tokens, after: int, before: int) -> bool:
    return "to" in tokens.lower[after + 1 : before]


def _any_in(layout: _Layout, kind: str, sentence: int, clause: int | None = None) -> bool:
    return any(
        clause is None or layout.clause[start] == clause
        for start, _, _ in layout.cues.get(kind, {}).get(sentence, ())
    )


def _attribution(tokens: Tokens, layout: _Layout, sentence: int) -> str | None:
    """Who the sentence credits: "according to the UN", "Shoigu said", "US estimates"."""
    for start, end, cue in layout.cues.get("attributions", {}).get(sentence, ()):
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
