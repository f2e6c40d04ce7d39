"""The plain, immutable data that flows through the pipeline.

load → Document; extract → mentions with readings; normalise → Claim with a
resolved Quantity or TimeValue; evaluate → Finding; report → text or JSON.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from array import array
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from typing import Literal, NamedTuple, TypeVar

from factcheck.sending import fields_of, sent_by_fields

_NEWLINE = re.compile("\n")
T = TypeVar("T")


_FACTORY = object()  # a default made by the field's factory, in a quick __init__'s signature


def _set_by_slots(cls):
    """`cls` with an __init__ that sets each slot through its own descriptor.

    A frozen dataclass's __init__ sets every field through `object.__setattr__`, which
    looks the field up again. Every claim and span is built once when it is read and
    once more when a worker's rows are read back."""
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: a quick __init__ would skip __post_init__ or init=False")
    params, body = [], []
    env: dict[str, object] = {"_FACTORY": _FACTORY}
    for f in fields(cls):
        name = f.name
        env[f"_set_{name}"] = getattr(cls, name).__set__
        if f.default is not MISSING:
            env[f"_default_{name}"] = f.default
            params.append(f"{name}=_default_{name}")
        elif f.default_factory is not MISSING:
            env[f"_factory_{name}"] = f.default_factory
            params.append(f"{name}=_FACTORY")
            body.append(f"    if {name} is _FACTORY:\n        {name} = _factory_{name}()")
        else:
            params.append(name)
        body.append(f"    _set_{name}(self, {name})")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


def changed(obj: T, **changes: object) -> T:
    """`obj` with some fields changed, as `dataclasses.replace` makes it, twice as fast
    (the values read in C and passed by position): placing a set's claims in its event
    changes half of them."""
    values, position = fields_of(type(obj))
    new = list(values(obj))
    for name, value in changes.items():
        new[position[name]] = value
    return obj._make(new) if isinstance(obj, tuple) else type(obj)(*new)


ClaimType = Literal["quantity", "date", "time", "duration", "set"]
Severity = Literal["error", "warning", "info"]
DateSource = Literal["metadata", "inferred"]
DATE_ORDERS = ("dmy", "mdy")  # how numeric dates are written: 14/03/2016 or 03/14/2016


@sent_by_fields
@dataclass(frozen=True, slots=True)
class ReferenceDate:
    """The date an article's relative expressions are read against."""

    date: dt.date
    source: DateSource
    how: str  # a short human reason: "front matter", "states March 14, 2016", ...
    certainty: float  # how sure we are of the date itself, in [0, 1]


@dataclass(frozen=True)
class Document:
    id: str
    text: str  # the full text as read, front matter included
    path: str
    body_start: int = 0  # where the text after any front matter begins
    title: str | None = None
    source: str | None = None  # the publisher
    published: dt.date | None = None
    url: str | None = None
    story: str | None = None  # the story it is filed under in an archive
    date_order: str | None = None  # "dmy" or "mdy": how the article writes "04/05/2025"

    @cached_property
    def line_starts(self) -> array:
        # One regex pass: a Python loop over every character cost ~8% of extraction.
        # Kept as 8-byte numbers: a tuple of Python integers took four times the room.
        return array("q", (0, *(m.end() for m in _NEWLINE.finditer(self.text))))

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a 0-based offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)]


@sent_by_fields
@_set_by_slots
@dataclass(frozen=True, slots=True)
class Span:
    doc: str
    start: int
    end: int
    line: int
    column: int


@sent_by_fields
@_set_by_slots
@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as an interval: exact values have lo == hi, bounds leave one end open."""

    lo: float | None
    hi: float | None
    lo_inclusive: bool = True
    hi_inclusive: bool = True
    approximate: bool = False
    unit: str | None = None
    precision: float = 1.0  # the place value of the last written digit: "2,000" → 1000


@sent_by_fields
@_set_by_slots
@dataclass(frozen=True, slots=True)
class TimeValue:
    """A date, period or duration with its TIMEX3 value and its calendar interval."""

    timex: str
    mod: str | None = None
    start: dt.date | None = None  # calendar interval, end inclusive
    end: dt.date | None = None
    days: float | None = None  # for durations: the length in days (mid value)
    days_lo: float | None = None
    days_hi: float | None = None
    weekday: int | None = None  # the weekday written with a day: "Monday, December 15" (Monday 0)


class Context(NamedTuple):
    """What a claim is about, read from the words around it.

    A named tuple, where the other values are dataclasses: every claim has one, built
    when it is read, again when a --jobs worker's rows are read back, and again when
    placing it in its event changes it. A tuple is built in C from its values:
    `Context._make` took 0.26 µs where the slotted dataclass of 29 fields took 1.85 µs,
    and keywords 0.82 µs where it took 2.24 µs. It compares, hashes and prints as the
    dataclass did (its fields in order), so sets and dicts of claims keep their order."""

    noun: str | None = None  # counted noun as written: "rebel fighters"
    noun_class: str | None = None  # lexicon class: "fighter"
    counted_in: tuple[str, ...] = ()  # the class and those it lies within: child, person
    event: str | None = None  # event class: "killed", "start"
    event_word: str | None = None
    topic: str | None = None  # topic class: "air_campaign"
    topic_word: str | None = None
    # Every topic the claim's clause names, nearest first (the first is `topic`): "Turnout
    # in the election was 48.2 percent" is about the election and its turnout.
    topics: tuple[str, ...] = ()
    preposition: str | None = None  # "from", "since", "on", ...
    hedged: bool = False
    negated: bool = False
    attribution: str | None = None
    future: bool = False
    clause_distance: int = 0  # 0: key words in the claim's clause; 1: elsewhere in the sentence
    tense: str | None = None  # "past" or "future": the nearest tense marker in the sentence
    # Where the tense comes from: "verb" (the date's own verb: "closed on May 2"),
    # "clause", "preposition", "sentence".
    tense_scope: str | None = None
    granularity: str | None = None  # "quarter": it or one of the 2 sentences before is about one
    quarter: int | None = None  # the quarter those sentences name: 3 for "the third quarter"
    entities: tuple[str, ...] = ()  # the names in the claim's sentence: "Russia", "Geneva"
    # The name the claim is about: the nearest in its own part of the sentence ("Smith won
    # 52 percent and Jones 45 percent": Smith, then Jones), or a lexicon entity's name.
    entity: str | None = None
    # The claim's sentence and clause, numbered in the document's order: only which
    # claims share one is read (a long text's windows number theirs from their start).
    sentence: int = 0
    clause: int = 0
    # What a count refers to (extract/referents.py): the role of the people counted, read
    # from the count's own predicate ("killed", "injured", "shot"); whether it is a part of
    # another count in its sentence ("including four children"); "others" counts people
    # besides those counted before; the event it belongs to: "main" (the article's own) or
    # "background", with the reason ("'since'", "another date: March 2011").
    role: str | None = None
    part: bool = False
    others: bool = False
    scope: str = "main"
    scope_reason: str | None = None
    revised: bool = False  # the sentence says a figure changed: "the toll rose to 5"
    # The embedded post a date signs ("... — NAU (@NAU) October 9, 2015"): its account and
    # words, the same in every article that embeds it (extract/posts.py).
    post: str | None = None

    def __reduce__(self):
        return Context, tuple(self)


@sent_by_fields
@_set_by_slots
@dataclass(frozen=True, slots=True)
class Claim:
    span: Span
    text: str
    type: ClaimType
    value: Quantity | TimeValue
    context: Context = field(default_factory=Context)
    parse_certainty: float = 1.0  # how sure the reading of the words is
    anchor_certainty: float = 1.0  # how sure the resolution against the reference date is

    @property
    def doc(self) -> str:
        return self.span.doc

    @property
    def certainty(self) -> float:
        return self.parse_certainty * self.anchor_certainty


@sent_by_fields
@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    kind: str  # "contradiction", "unsupported", ...
    severity: Severity
    confidence: float
    message: str
    claims: tuple[Claim, ...]
    factors: dict[str, float] = field(default_factory=dict)


@sent_by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    """Input that could not be used: reported, never fatal for the rest of the set."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    internal: bool = False  # an error in factcheck itself, not in the input

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"
