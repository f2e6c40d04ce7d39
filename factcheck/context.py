"""What each claim is about: its counted noun, the event and topic that govern it,
its preposition, and whether it is hedged, negated, attributed or in the future.

All of it is read from the document's tokens, lexed once for extraction. The
document is segmented and its lexicon cues are found once; each claim then looks
only at the cues of its own clause and sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token

from factcheck.extract import Mention
from factcheck.lexicon import Cue, Lexicon
from factcheck.model import Context
from factcheck.readings import AgoReading, DateReading

SENTENCE_ENDS = {".", "!", "?"}
CLAUSE_BREAKS = {",", ";", ":", "(", ")"}
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
    "prof", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "vs", "inc", "corp", "co", "jr", "sr",
}  # fmt: skip
PREPOSITIONS = {
    "on", "in", "from", "since", "until", "till", "by", "before", "after", "during", "at",
    "of", "for", "through", "starting",
}  # fmt: skip
STARTING_PREPOSITIONS = {"from", "since", "starting"}
FUTURE_PREPOSITIONS = {"from", "until", "till", "by", "starting"}
MEASURE_LINKS = {"of", "at", "to"}  # "population of 23 million", "toll at 470,000"
# Words that end a counted noun phrase: "2,000 rebel fighters | including ...".
NOUN_STOPS = PREPOSITIONS | {
    "and", "or", "to", "the", "a", "an", "who", "that", "which", "were", "was", "are", "is",
    "have", "has", "had", "will", "would", "including", "as", "with", "than", "more", "but",
    "while", "when", "where", "said", "says", "per", "each", "ago",
}  # fmt: skip
MAX_NOUN_WORDS = 3
FOLLOWING_WORDS = 6  # how far after a figure its verb may come: "250,000 people have been killed"
DATE_READINGS = (DateReading, AgoReading)  # dates have no counted noun
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class _Layout:
    """A document cut into sentences and clauses, with its lexicon cues by kind."""

    sentence: list[int]  # sentence number of each token
    clause: list[int]  # clause number of each token
    cues: dict[str, list[tuple[int, int, Cue]]]  # kind → (first token, last token, cue)


def describe(
    text: str, tokens: list[Token], mentions: list[Mention], lexicon: Lexicon
) -> list[Context]:
    layout = _layout(text, tokens, mentions, lexicon)
    return [_describe(tokens, layout, lexicon, m) for m in mentions]


def _layout(text: str, tokens: list[Token], mentions: list[Mention], lexicon: Lexicon) -> _Layout:
    inside: set[int] = set()
    for m in mentions:
        inside.update(range(m.first_token, m.last_token + 1))
    # Cues are matched over alphabetic tokens only, so "pre-war" reads as "pre war".
    words = [i for i, t in enumerate(tokens) if str(t).isalpha()]
    cues: dict[str, list[tuple[int, int, Cue]]] = {}
    for cue in lexicon.find([str(tokens[i]).lower() for i in words]):
        cues.setdefault(cue.kind, []).append((words[cue.first], words[cue.last], cue))
    sentence, clause = _segment(text, tokens, inside)
    return _Layout(sentence, clause, cues)


def _segment(text: str, tokens: list[Token], inside: set[int]) -> tuple[list[int], list[int]]:
    sentence, clause = [], []
    s = c = 0
    for i, token in enumerate(tokens):
        if i and "\n" in text[tokens[i - 1].end_pos : token.start_pos]:
            s, c = s + 1, c + 1
        sentence.append(s)
        clause.append(c)
        if i in inside:
            continue
        value = str(token)
        if value in SENTENCE_ENDS and _ends_sentence(tokens, i):
            s, c = s + 1, c + 1
        elif value in CLAUSE_BREAKS or (token.type == "DASH" and _spaced(text, token)):
            c += 1
    return sentence, clause


def _ends_sentence(tokens: list[Token], i: int) -> bool:
    if str(tokens[i]) != ".":
        return True
    before = str(tokens[i - 1]).lower() if i else ""
    return not (before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()))


def _spaced(text: str, token: Token) -> bool:
    return token.start_pos > 0 and text[token.start_pos - 1].isspace()


def _describe(tokens: list[Token], layout: _Layout, lexicon: Lexicon, m: Mention) -> Context:
    preposition = _preposition(tokens, m.first_token)
    noun, noun_class = (None, None)
    if not isinstance(m.reading, DATE_READINGS):
        noun, noun_class = _counted_noun(tokens, lexicon, m.last_token)
    event, event_level = _nearest(tokens, layout, "events", m)
    topic, topic_level = _nearest(tokens, layout, "topics", m)
    event_class, event_word = (event.name, event.phrase) if event else (None, None)
    if preposition in STARTING_PREPOSITIONS and isinstance(m.reading, DATE_READINGS):
        # "the withdrawal from Tuesday": the preposition itself says the date is a start.
        event_class, event_word, event_level = "start", preposition, 0
    measure = _measure(tokens, layout, lexicon, m.first_token)
    if measure is not None:
        # "a population of 23 million": the measure says what the figure is, whatever
        # else happens in the sentence.
        cue, spec = measure
        noun, noun_class = noun or cue.phrase, noun_class or spec.noun or spec.name
        event_class, event_word, event_level = spec.event, cue.phrase if spec.event else None, 0
    sentence = layout.sentence[m.first_token]
    clause = layout.clause[m.first_token]
    levels = [lvl for cue, lvl in ((event_class, event_level), (topic, topic_level)) if cue]
    return Context(
        noun=noun,
        noun_class=noun_class,
        event=event_class,
        event_word=event_word,
        topic=topic.name if topic else None,
        topic_word=topic.phrase if topic else None,
        preposition=preposition,
        hedged=_any_in(layout, "hedges", sentence),
        negated=_any_in(layout, "negations", sentence, clause),
        attribution=_attribution(tokens, layout, sentence),
        future=preposition in FUTURE_PREPOSITIONS or _any_in(layout, "future", sentence, clause),
        clause_distance=max(levels, default=0),
    )


def _preposition(tokens: list[Token], first: int) -> str | None:
    if first == 0:
        return None
    word = str(tokens[first - 1]).lower()
    return word if word in PREPOSITIONS else None


def _counted_noun(
    tokens: list[Token], lexicon: Lexicon, last: int
) -> tuple[str | None, str | None]:
    """The noun phrase right after a figure, and its lexicon class."""
    words = _noun_words(tokens, last)
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
    return " ".join(words), _singular(words[-1])


def _noun_words(tokens: list[Token], last: int) -> list[str]:
    words: list[str] = []
    i = last + 1
    while i < len(tokens) and len(words) < MAX_NOUN_WORDS:
        token = tokens[i]
        word = str(token).lower()
        if token.type == "DASH" and words:
            i += 1
            continue
        if not word.isalpha() or (word in NOUN_STOPS and not (word == "and" and words)):
            break
        words.append(word)
        i += 1
    while words and words[-1] == "and":
        words.pop()
    return words


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _measure(tokens: list[Token], layout: _Layout, lexicon: Lexicon, first: int):
    """A measure noun just before the figure: "population of 23 million"."""
    if first < 2 or str(tokens[first - 1]).lower() not in MEASURE_LINKS:
        return None
    for _start, end, cue in layout.cues.get("measures", ()):
        if end == first - 2:
            return cue, lexicon.measures[cue.name]
    return None


def _nearest(tokens: list[Token], layout: _Layout, kind: str, m: Mention) -> tuple[Cue | None, int]:
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
    for start, end, cue in layout.cues.get(kind, ()):
        if layout.sentence[start] != sentence or (m.first_token <= end and start <= m.last_token):
            continue
        before = end < m.first_token
        distance = m.first_token - end if before else start - m.last_token
        if not before and kind == "events" and _infinitive_between(tokens, m.last_token, start):
            continue
        same_clause = layout.clause[start] == clause
        if same_clause and (before or distance <= FOLLOWING_WORDS):
            rank = (0, distance)
        else:
            rank = (1 if before else 2, distance)
        if best is None or rank < best[0]:
            best = (rank, cue)
    if best is None:
        return None, 0
    return best[1], min(best[0][0], 1)


def _infinitive_between(tokens: list[Token], after: int, before: int) -> bool:
    return any(str(tokens[k]).lower() == "to" for k in range(after + 1, before))


def _any_in(layout: _Layout, kind: str, sentence: int, clause: int | None = None) -> bool:
    for start, _, _ in layout.cues.get(kind, ()):
        if layout.sentence[start] == sentence and (
            clause is None or layout.clause[start] == clause
        ):
            return True
    return False


def _attribution(tokens: list[Token], layout: _Layout, sentence: int) -> str | None:
    """Who the sentence credits: "according to the UN", "Shoigu said", "US estimates"."""
    for start, end, cue in layout.cues.get("attributions", ()):
        if layout.sentence[start] != sentence:
            continue
        if cue.phrase == "according to":
            name = _words_from(tokens, end + 1, 1)
        else:
            name = _capitalised_run(tokens, start - 1, -1) or _capitalised_run(tokens, end + 1, 1)
        if name:
            return name
    return None


def _words_from(tokens: list[Token], i: int, step: int) -> str | None:
    words = []
    while 0 <= i < len(tokens) and len(words) < MAX_NAME_WORDS and str(tokens[i]).isalpha():
        words.append(str(tokens[i]))
        i += step
    return " ".join(words if step > 0 else reversed(words)) or None


def _capitalised_run(tokens: list[Token], i: int, step: int) -> str | None:
    words = []
    while 0 <= i < len(tokens) and len(words) < MAX_NAME_WORDS:
        word = str(tokens[i])
        if not (word.isalpha() and word[0].isupper()):
            break
        words.append(word)
        i += step
    return " ".join(words if step > 0 else reversed(words)) or None
