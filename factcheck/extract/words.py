"""The word lists context reads: sentence and clause marks, prepositions, tense markers,
the words that end a counted noun phrase."""

from __future__ import annotations

from factcheck.extract.readings import AgoReading, DateReading
from factcheck.extract.scanner import DASH_MARKS

SENTENCE_ENDS = {".", "!", "?"}
CLAUSE_BREAKS = {",", ";", ":", "(", ")"}
BREAK_MARKS = frozenset(SENTENCE_ENDS | CLAUSE_BREAKS | set(DASH_MARKS))
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
DEADLINE_PREPOSITIONS = {"until", "till"}
# Verbs that move or grant time up to a date, which then lies ahead of the report
DEFERRALS = frozenset(
    "postponed delayed deferred adjourned extended suspended given granted gave allowed "
    "pushed".split()
)
# Prepositions that give the time of the verb's event ("closed on Jan. 10"), not a limit.
TIME_OF_EVENT = {"on", "in", "at", "during"}
GOVERNED_WORDS = 3  # "closed | its office on | Jan. 10"
MEASURE_LINKS = {"of", "at", "to"}  # "population of 23 million", "toll at 470,000"
# Verbs of change between a measure and its figure: "the death toll ... rose to three"
CHANGES = frozenset("rose risen climbed jumped increased grew fell dropped stands stood".split())
MEASURE_REACH = 12  # tokens from the measure noun to its figure
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
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "this"})  # "He said"
# Tense markers: a verb form or auxiliary that fixes which way a clause looks. The
# nearest one to a claim decides how "Tuesday" or "Sept. 30" resolves.
PAST_VERBS = frozenset(
    """said told was were had has have did began came went took made gave found held led fled
    fell rose saw won lost got sent spent struck broke brought bought caught chose drove flew
    grew knew paid ran sat sold spoke stood thought threw wrote became left met kept felt heard
    shot fought sought taught swept dealt meant built sank drank shook forgot hid ate withdrew
    undertook arose awoke wore swore froze stole rode woke overtook ago""".split()
)
PASSIVE_AUXILIARIES = frozenset({"be", "been", "being", "is", "are", "am"})
# An -ed form right after one of these modifies a noun: "the reduced dividend".
DETERMINERS = frozenset("the a an its their his our your my these those".split())
# ... also with one of these between: "a still unspecified date".
ADJECTIVE_ADVERBS = frozenset("still newly recently previously widely long".split())
NOT_PAST = frozenset({"hundred", "united", "based", "limited", "alleged", "estimated", "so-called"})
SUBORDINATORS = frozenset(
    "if when whether because although though unless while whereas that which who where".split()
)
# Verbs that report a clause: the clause after "said it" has a tense of its own.
SAYING = frozenset("said says say told announced added reported stated predicted warned".split())
TENSE_WINDOW = 15  # tokens: markers further away belong to other verbs
# Tokens a sentence may have, so that what a claim reads of it is bounded however long
# the text; the longest sentence of the bench suites, seeds and ECB+ has 128.
SENTENCE_CAP = 200
