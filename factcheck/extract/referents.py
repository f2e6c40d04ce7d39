"""What a count refers to: the role of the people counted (killed, injured, shot ...),
whether it is a part of another count in its sentence, and which event it belongs to.

A count's role is read from its own predicate, not from the nearest event word in the
sentence: the word right after its noun phrase ("three men were wounded", "one dead and
two hurt") or right before the count ("killed one woman and injured three men"). Where
neither is there, the count has no role and the casualty rules leave it alone.

A count's scope is "main" (the event the article reports) unless its sentence ties it
to another time or event: a year before the article's, "since", "so far this year", a
date weeks away from the article's date, "a separate shooting". The reason is kept, so
a reader sees why a figure was set aside.
"""

from __future__ import annotations

from itertools import compress

from factcheck.extract.lexicon import Cue
from factcheck.extract.reader.vocabulary import CARDINALS
from factcheck.extract.scanner import Tokens
from factcheck.extract.words import PAST_VERBS
from factcheck.model import Context

# Words between a count's noun phrase and its predicate: "three men were later found dead"
LINKS = frozenset(
    """were was are is have has had been being be also reportedly later all both each
    subsequently eventually initially pronounced found confirmed reported left listed
    who allegedly still believed said apparently remain remained remains""".split()
)
FATAL = frozenset({"fatally", "mortally"})  # "two were fatally shot": killed
# Words that end a count's own phrase: what comes after belongs to another subject.
PHRASE_ENDS = frozenset("and or but he she they it his her their".split())
MAX_LINKS = 4
# Words after a date, before the event it dates: "Sunday's fatal shooting".
DATE_AFTER = frozenset(
    """'s ’s night morning afternoon evening fatal deadly double triple quadruple mass
    drive - by accidental apparent gang related""".split()
)
MAX_DATE_AFTER = 3
# Words from an event word to its date (marks between words are not counted): "found
# shot to death in a home at 7050 Old State Road, Holly Hill on July 20".
MAX_DATE_BEFORE = 16
# Verbs a date's event may stand before: "the shooting happened on June 5".
# Marks that make what follows a field, not part of the sentence before: "Posted:
# Wednesday", "— NAU (@NAU) October 9, 2015", "Updated | June 5".
LABEL_MARKS = frozenset(":|\u2014")
PASSING_VERBS = frozenset("was were is happened occurred took had has been".split())
SHOT = "shot"  # the role of all who were hit: killed and injured together
# What may stand between a predicate and the count it governs: "wounding another two",
# "killing an additional four" ("at least" is part of the count itself).
LEAD_INS = frozenset({"another", "an", "additional", "a", "total", "of", "the"})
MAX_LEAD_INS = 3
# Words before a count that make it a part of a larger count in the sentence.
# ("Among" is not one: "he was among the 53 wounded" names the whole.)
PART_BEFORE = frozenset({"including", "whom", "includes", "included"})
OTHERS = frozenset({"other", "others", "more"})
# Nouns before "and" that make the count after it one of two groups: "a man and two women"
COUPLED = frozenset(
    "man woman boy girl child teen teenager person men women boys girls children teens".split()
)
# Words of a sentence that tie its figures to another time or event than the article's.
# "Since" and "so far" are not among them: "14 killed since Sunday" is this event's toll;
# a far date in the sentence ("since 2011", "last year", "two years ago") is read once
# dates are resolved.
BACKGROUND_WORDS = {
    "separate": "another event: 'separate'",
    "unrelated": "another event: 'unrelated'",
    "previous": "another event: 'previous'",
    "prior": "another event: 'prior'",
    "anniversary": "an anniversary",
    "annually": "a yearly figure",
    # A figure the article says was replaced: "police initially said two were killed"
    "initially": "an earlier report: 'initially'",
    "originally": "an earlier report: 'originally'",
}
# Words of a charge or a verdict, a few words before a count.
LEGAL = frozenset(
    "accused charged convicted guilty indicted sentenced acquitted pleaded confessed".split()
)
CHARGE_REACH = 5
# How a line that links to another story begins: "Related: 5 dead in ...", "READ MORE | ..."
LINKS_TO_OTHER_STORIES = frozenset(
    {("related", ":"), ("related", "story"), ("related", "stories"), ("read", "more"),
     ("also", ":"), ("more", ":"), ("watch", ":"), ("see", "also"), ("previously", ":")}
)  # fmt: skip
# "another" before one of these nouns names another event: "another UN school", "in
# another attack" (but "another man was wounded" is the same event's)
OTHER_PLACES = frozenset(
    """attack attacks strike strikes shooting shootings incident school town city village
    district province blast bombing explosion raid quake earthquake""".split()
)
# Verbs whose subject did the harm when "who" stands right before them ("who shot", "who
# opened fire"), not suffered it ("who died", "who were shot").
DONE_TO_OTHERS = frozenset("shot killed wounded injured stabbed murdered opened open opens".split())
# Nouns that name incidents, not people: "17 shootings over the weekend".
INCIDENTS = frozenset(
    """shooting shootings attack attacks incident incidents stabbing stabbings bombing
    bombings strike strikes raid raids explosion explosions blast blasts homicide homicides
    slaying slayings""".split()
)
BACKGROUND_PHRASES = {
    ("this", "year"): "a tally: 'this year'",
    ("a", "year"): "a yearly figure",
    ("per", "year"): "a yearly figure",
}
# The words a background phrase, or "another" before one of OTHER_PLACES, begins with
PHRASE_STARTS = frozenset({first for first, _ in BACKGROUND_PHRASES} | {"another"})


def whole_of_part(tokens: Tokens, first: int, verb: int) -> bool:
    """ "two of the three victims died": the three are the whole the part is taken from,
    and the verb after them tells of the two. ("one of five people injured": the
    participle tells of the five.)"""
    if verb >= len(tokens) or tokens.lower[verb] not in FINITE:
        return False
    before = tokens.lower[max(0, first - 3) : first]
    if before[-1:] == ["the"]:
        before = before[:-1]
    return (before[-1:] == ["of"] and len(before) >= 2 and before[-2][:1].isdigit()) or (
        before[-1:] == ["of"] and len(before) >= 2 and before[-2] in NUMBER_WORDS
    )


FINITE = frozenset("died were was have has had are is".split())
NUMBER_WORDS = frozenset(CARDINALS) | {"some", "most", "all"}  # "two of", "some of"


def role_of(
    tokens: Tokens, starts: dict[int, Cue], ends: dict[int, Cue], first: int, last: int, after: int
) -> tuple[str | None, bool]:
    """The role a count's own predicate gives it, and whether that predicate follows the
    count ("three men were wounded") rather than comes before it ("killed three men").
    `starts` and `ends` map the first and last token of each event cue in the sentence to
    the cue; the count runs from token `first` to `last`; its noun phrase ends before
    token `after`. A count of incidents ("17 shootings", "three attacks") has no role:
    it counts no people."""
    if last + 1 < len(tokens) and tokens.lower[last + 1] in INCIDENTS:
        return None, False
    role = _role_after(tokens, starts, last + 1, after)
    if role is not None:
        return role, True
    return _role_before(tokens, ends, first), False


def _role_after(tokens: Tokens, starts: dict[int, Cue], i: int, after: int) -> str | None:
    """An event word after the count, past its noun and a few links: "one dead", "three
    men were later found dead"."""
    fatal = False
    links = 0
    while i < len(tokens) and links <= MAX_LINKS:
        cue = starts.get(i)
        if cue is not None:
            if tokens.lower[i - 1] in ("who", "that") and tokens.lower[i] in DONE_TO_OTHERS:
                return None  # "the two men who shot up a street": the shooters
            return _settle(tokens, starts, cue, i, fatal)
        word = tokens.lower[i]
        if word in PHRASE_ENDS:
            return None  # "killing five people and wounding others": another predicate's
        if i >= after:
            if word not in LINKS and not _adverb(word):
                return None
            links += 1
        fatal = fatal or word in FATAL
        i += 1
    return None


def _settle(tokens: Tokens, starts: dict[int, Cue], cue: Cue, at: int, fatal: bool) -> str:
    """'shot' with what follows: "shot and killed", "shot dead", "fatally shot"."""
    if cue.name != SHOT:
        return "killed" if fatal and cue.name == "injured" else cue.name
    if fatal:
        return "killed"
    for step in (1, 2):
        nxt = starts.get(at + step)
        if nxt is not None and nxt.name != SHOT:
            between = tokens.lower[at + 1 : at + step]
            if all(w in ("and", "to") for w in between):
                return nxt.name
    return SHOT


def _role_before(tokens: Tokens, ends: dict[int, Cue], first: int) -> str | None:
    """An event word before the count: "killed one woman", "wounding another two"; not
    one that is only tried or meant ("trying to kill two others")."""
    i = first - 1
    for _ in range(MAX_LEAD_INS + 1):
        if i < 0:
            return None
        cue = ends.get(i)
        if cue is not None:
            return None if i > 0 and tokens.lower[i - 1] == "to" else cue.name
        if tokens.lower[i] not in LEAD_INS:
            return None
        i -= 1
    return None


def date_role(
    tokens: Tokens,
    starts: dict[int, Cue],
    ends: dict[int, Cue],
    verbs: set[int],
    sentence: list[int],
    first: int,
    last: int,
) -> str | None:
    """The event a date tells the day of: an event word before it in its sentence with
    no other verb between ("shot early Sunday", "the shooting at the lanes happened on
    June 5", "found shot to death in a home at 7050 Old State Road, Holly Hill on July
    20"), or right after it ("Sunday's shooting", "the March 2 drive-by shooting"). A verb
    right after it is its event only where none comes before it: "a gunman Sunday shot
    three", not "who was shot in Pontiac March 18 died". A date whose own verb is another
    ("police on Friday said", "Posted: Wednesday") tells the day of something else.
    `verbs` are the sentence's verb forms; `sentence` numbers each token's sentence."""
    after = _cue_after(tokens, starts, last)
    if after is not None and not _past_form(tokens, after):
        return _date_event(tokens, starts[after], after)  # "the March 2 drive-by shooting"
    when = _when_clause(tokens, starts, sentence, last)
    if when is not None:
        return when
    before = _event_before(tokens, ends, verbs, sentence, first)
    if before is not None:
        # "who was shot in Pontiac March 18 died": the date ends the clause of "shot"
        return before or None
    if after is not None:
        return _date_event(tokens, starts[after], after)  # "a gunman Sunday shot three"
    return None


def _cue_after(tokens: Tokens, starts: dict[int, Cue], last: int) -> int | None:
    """Where an event word starts right after a date ("Sunday's shooting", "June 5
    fatal shooting"), if one does."""
    i = last + 1
    while i < len(tokens) and i - last <= MAX_DATE_AFTER:
        if i in starts:
            return i
        if tokens.lower[i] not in DATE_AFTER:
            return None
        i += 1
    return None


def _past_form(tokens: Tokens, i: int) -> bool:
    lower = tokens.lower[i]
    return lower.endswith("ed") or lower in PAST_VERBS


def _event_before(
    tokens: Tokens, ends: dict[int, Cue], verbs: set[int], sentence: list[int], first: int
) -> str | None:
    """The event word a date follows in its sentence with no other verb between; "" where
    another verb or a field's label comes first (the date is not the event's), None
    where neither does."""
    # Marks are not counted, but a run of them ends the search: at most twice the tokens.
    i, words, lowest = first - 1, 0, first - 2 * MAX_DATE_BEFORE
    while i >= max(0, lowest) and words < MAX_DATE_BEFORE and sentence[i] == sentence[first]:
        if i in ends:
            return _date_event(tokens, ends[i], i)
        if tokens.words[i] in LABEL_MARKS:
            return ""  # "... shooting Posted: Wednesday, March 6": a timestamp's field
        compound = i > 0 and tokens.words[i - 1] in ("-", "\u2010", "\u2011")  # "self-inflicted"
        if i in verbs and tokens.lower[i] not in PASSING_VERBS and not compound:
            return ""
        words += tokens.words[i][0].isalnum()  # "Wilmington, Delaware,": commas are free
        i -= 1
    return None


def _when_clause(
    tokens: Tokens, starts: dict[int, Cue], sentence: list[int], last: int
) -> str | None:
    """The event of a clause that says what happened on a date: "on January 8, when the
    accident happened", "Monday, when her ex-father-in-law ... opened fire"; not a
    clause that tells what happened to a thing the date is of ("a shotgun he got for
    Christmas when the gun went off")."""
    i = last + 2
    if i >= len(tokens) or tokens.words[i - 1] != "," or tokens.lower[i] != "when":
        return None
    for j in range(i + 1, min(i + 1 + MAX_DATE_BEFORE, len(tokens))):
        if sentence[j] != sentence[last]:
            return None
        if j in starts:
            return _date_event(tokens, starts[j], j)
    return None


def _date_event(tokens: Tokens, cue: Cue, at: int) -> str:
    """The event a date's cue (a word of which is token `at`) names; a death is its own
    ("died on June 9"): it may come days after the shooting that caused it, where a
    killing ("killed on June 5", "shot to death on June 5") cannot."""
    killing = at > 0 and tokens.lower[at - 1] == "to"
    return DIED if cue.phrase in DEATHS and not killing else cue.name


DIED = "died"
DEATHS = frozenset("died die dies death deaths succumbed".split())
# The roles a date may have for the incident itself; a death may come days after the
# shooting, but days, not months.
INCIDENT_ROLES = frozenset({SHOT, "killed", "injured", DIED})
# Roles that may belong to another thing than the one an article dates on the agreed
# day: a death may follow its event by days; "an incident" may be any incident.
LOOSE_ROLES = frozenset({DIED, "incident"})


def _adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4


def is_part(
    tokens: Tokens, first: int, last: int, after: int, alone: bool, predicate_after: bool
) -> bool:
    """A count that names some of a larger group: "including four children", "two of
    them", "two men and a woman were hurt", "a man and two women", and a bare "One died
    at the scene" after "Two men were shot". `alone`: no counted noun;
    `predicate_after`: the count's own predicate follows it ("four men dead and a woman
    wounded" counts all the dead)."""
    lower = tokens.lower
    before = lower[max(0, first - 3) : first]
    if not PART_BEFORE.isdisjoint(before) or "other" in before[-2:]:
        return True
    if before[-1:] == ["and"] and before[-2:-1] and before[-2] in COUPLED:
        return True  # "a man and two women", not "one woman dead and five men injured"
    if alone and lower[first] == "one" and (first == 0 or not tokens.words[first - 1].isalpha()):
        return True  # "One died at the scene": one of them
    following = lower[after : after + 2]
    if following[:1] == ["of"]:
        return True  # "two of the victims", "three of them"
    coupled = following[:1] == ["and"] and following[1:] in (["a"], ["an"], ["one"])
    return coupled and not predicate_after


def is_others(tokens: Tokens, first: int, last: int, after: int) -> bool:
    """ "three others", "five other people", "another two": people besides some already
    counted. The count's own words are not read ("more than 10")."""
    return not OTHERS.isdisjoint(tokens.lower[last + 1 : after]) or (
        first > 0 and tokens.lower[first - 1] == "another"
    )


def others_beside_named(tokens: Tokens, verbs: set[int], ends: dict[int, Cue], first: int) -> bool:
    """ "Conley and seven others were wounded", "the driver and two others": the others
    share their predicate with the people named before "and", so the count is a part of
    a total it does not state. "Two were killed and three others wounded", "one man dead
    and five others injured": the words before "and" have a predicate of their own (a
    verb, or an event word such as "dead")."""
    at = first - 1
    return at > 0 and tokens.lower[at] == "and" and at - 1 not in verbs and at - 1 not in ends


def others_as_parts(contexts: list[Context]) -> list[Context]:
    """ "Two were killed and three others wounded", "Lewis was killed. Six others were
    injured": the others are a count of their own role. After a count of the same role
    in the sentence ("two were wounded ... three others were also wounded"), or shot
    after someone killed ("four others were shot"), they add to people counted before,
    so they are a part of a total, not one."""
    roles: dict[int, set[str]] = {}
    found = []
    for about in contexts:
        earlier = roles.setdefault(about.sentence, set())
        if about.others and (about.role in earlier or about.role == SHOT):
            about = about._replace(part=True)
        if about.role:
            earlier.add(about.role)
        found.append(about)
    return found


def charged(tokens: Tokens, first: int) -> str | None:
    """A count in a charge or a verdict ("accused of killing two men", "convicted of
    wounding three") names what a defendant answers for, not the toll: the reason."""
    before = tokens.lower[max(0, first - CHARGE_REACH) : first]
    word = next((w for w in before if w in LEGAL), None)
    return f"a charge, not a toll: '{word}'" if word else None


def sentence_scope(words: list[str]) -> str | None:
    """Why a sentence's figures belong to another time or event than the article's, by
    its words, or None. Dates far from the article's are read later, once resolved."""
    if tuple(words[:2]) in LINKS_TO_OTHER_STORIES:
        return "a link to another story"
    # The words are searched in C (filter, compress): this reads every word of every
    # sentence that holds a claim.
    word = next(filter(BACKGROUND_WORDS.__contains__, words), None)
    if word is not None:
        return BACKGROUND_WORDS[word]
    for k in compress(range(len(words) - 1), map(PHRASE_STARTS.__contains__, words)):
        reason = BACKGROUND_PHRASES.get((words[k], words[k + 1]))
        if reason:
            return reason
        if words[k] == "another" and words[k + 1] in OTHER_PLACES:
            return f"another event: 'another {words[k + 1]}'"
    return None
