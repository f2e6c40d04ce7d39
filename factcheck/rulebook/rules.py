"""The rule set as the checks read it: each rule, selector, tolerance and fact a frozen
dataclass, made by the loader from the models that validated its file (language.py).

Apart from those models so that a rule set read back from the user's cache needs no
pydantic: importing it and building the models was a quarter of the start-up of
`factcheck check`. Each class has the fields of the model of its name, in their order
and with their defaults (tests/test_rule_cache.py holds the two to it); what a field
means, and what values it takes, is said once, on the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cached_property
from typing import Literal

from factcheck.extract.lexicon import Lexicon

ClaimType = Literal["quantity", "date", "time", "duration", "set"]
KeyPart = Literal[
    "event", "topic", "noun", "unit", "type", "role", "scope", "counted", "entity", "post"
]
Severity = Literal["error", "warning", "info"]
Rounding = Literal["written", "exact"]
ANY = "any"
ClassList = list[str] | Literal["any"] | None

_frozen = dataclass(frozen=True, kw_only=True)


@_frozen
class Selector:
    """Which claims a rule looks at."""

    type: ClaimType | list[ClaimType] | None = None
    event: ClassList = None
    topic: ClassList = None
    noun: ClassList = None
    counted: list[str] | None = None
    role: ClassList = None
    scope: Literal["main", "background"] | None = None
    part: bool | None = None
    day: bool | None = None
    post: bool | None = None
    unit: ClassList = None
    entity: ClassList = None
    source: list[str] | None = None
    attributed: bool | None = None
    hedged: bool | None = None
    negated: bool | None = False

    def types(self) -> frozenset[str] | None:
        """The claim types asked for, or None for any: worked out once, as it is asked
        for each claim."""
        return self._types

    @cached_property
    def _types(self) -> frozenset[str] | None:
        if self.type is None:
            return None
        return frozenset([self.type] if isinstance(self.type, str) else self.type)


@_frozen
class Tolerance:
    """How far apart two values may be and still agree."""

    absolute: float = 0.0
    relative: float = 0.0
    days: float = 0.0
    approximate: float = 0.1
    exact_below: float = 0.0
    points: float | None = None
    rounding: Rounding = "written"


NO_TOLERANCE = Tolerance()


@_frozen
class Fact:
    """A reference fact: what it is about (the rule's key), its value and its source."""

    key: dict[KeyPart, str]
    value: str
    source: str
    as_of: dt.date | None = None


@_frozen
class TestDocument:
    """An article of a rule's example, with what it says of itself."""

    id: str | None = None
    text: str
    source: str | None = None
    published: dt.date | None = None


@_frozen
class RuleTest:
    """A rule's own example: a few short articles and whether the rule must report them."""

    name: str | None = None
    published: dt.date = dt.date(2016, 3, 14)
    documents: list[str | TestDocument]
    expect: Literal["finding", "none"]


@_frozen
class Rule:
    """What every kind of rule has."""

    id: str
    description: str
    severity: Severity = "warning"
    message: str
    link: str | None = None
    tags: list[str] = field(default_factory=list)
    tests: list[RuleTest] = field(default_factory=list)
    reliability: float = 1.0
    rounding: Rounding = "written"

    @cached_property
    def room(self) -> Tolerance:
        """The rule's tolerance with its rounding: what its checks widen values by."""
        tolerance = getattr(self, "tolerance", None) or NO_TOLERANCE
        if tolerance.rounding == self.rounding:
            return tolerance
        return replace(tolerance, rounding=self.rounding)


@_frozen
class GroupedRule(Rule):
    """A rule that selects claims and compares them within groups of the same key."""

    select: Selector
    group_by: list[KeyPart]


@_frozen
class AgreementRule(GroupedRule):
    """Claims about the same thing in different documents must be compatible."""

    kind: Literal["agreement"]
    tolerance: Tolerance = NO_TOLERANCE
    updates: bool = False
    evidence: Selector | None = None
    related_within: Tolerance | None = None
    dissent_alone: bool = False


@_frozen
class CorroborationRule(GroupedRule):
    """A figure needs a number of independent sources (or a reference fact) behind it."""

    kind: Literal["corroboration"]
    sources: int = 2
    tolerance: Tolerance = NO_TOLERANCE
    facts: list[Fact] = field(default_factory=list)


@_frozen
class SpreadRule(GroupedRule):
    """Compatible estimates of one thing that still differ widely."""

    kind: Literal["spread"]
    ratio: float = 1.5


@_frozen
class RangeRule(Rule):
    """A figure must lie within plausible bounds."""

    kind: Literal["range"]
    select: Selector
    min: float | None = None
    max: float | None = None


@_frozen
class WeekdayRule(Rule):
    """A date written with its weekday must fall on it."""

    kind: Literal["weekday"]
    select: Selector


RELATION_ROLES = {
    "part_of": ("part", "whole"),
    "duration": ("duration", "start"),
    "order": ("first", "then"),
    "sum": ("part",),
}


@_frozen
class RelationRule(Rule):
    """Arithmetic or order between claims that share the `join` key."""

    kind: Literal["relation"]
    relation: Literal["part_of", "duration", "order", "sum"]
    join: list[KeyPart] = field(default_factory=list)
    part: Selector | None = None
    whole: Selector | None = None
    duration: Selector | None = None
    start: Selector | None = None
    end: Selector | None = None
    first: Selector | None = None
    then: Selector | None = None
    tolerance: Tolerance = NO_TOLERANCE
    within: Literal["set", "document", "sentence"] = "set"
    total: float | None = None
    bound: Literal["at_most", "exactly"] = "at_most"

    def roles(self) -> list[str]:
        """The roles this relation reads: its required ones, `end` for a duration and the
        `whole` of a sum."""
        optional = {"duration": ["end"], "sum": ["whole"]}.get(self.relation, [])
        return [r for r in (*RELATION_ROLES[self.relation], *optional) if getattr(self, r)]


@_frozen
class ReferenceRule(GroupedRule):
    """Claims must agree with a table of reference facts."""

    kind: Literal["reference"]
    facts: list[Fact]
    tolerance: Tolerance = NO_TOLERANCE


@_frozen
class Rates:
    """Exchange rates, so that money in different currencies can be compared."""

    base: str
    as_of: dt.date
    source: str
    values: dict[str, float]

    def per_base(self) -> dict[str, float]:
        """Each currency's rate, the base's own (1) included."""
        return {self.base: 1.0, **self.values}


@dataclass(frozen=True)
class RuleSet:
    """The rules of a set of files, the lexicon they share and their exchange rates."""

    rules: tuple[Rule, ...]
    lexicon: Lexicon
    files: tuple[str, ...]
    rates: Rates | None = None


def as_data(value: object, *, drop_none: bool = False) -> object:
    """A rule, or any value in one, as JSON data (a date as its ISO string), keys in
    their order; with drop_none, the fields that are None left out."""
    if is_dataclass(value):
        pairs = ((f.name, getattr(value, f.name)) for f in fields(value))
        return {
            name: as_data(item, drop_none=drop_none)
            for name, item in pairs
            if not (drop_none and item is None)
        }
    if isinstance(value, list | tuple):
        return [as_data(item, drop_none=drop_none) for item in value]
    if isinstance(value, dict):
        return {key: as_data(item, drop_none=drop_none) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
