"""Rule files: the YAML a rule author writes, validated into typed rules.

A rule file holds `rules:` (a list) and may hold `lexicon:` (word classes shared
by every file). Every problem in a file is reported with its file, line, column,
the YAML path and what was expected; nothing is checked with a broken rule set.
What validates is compiled into the dataclasses of rules.py, which the checks read.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from factcheck.extract.units import CURRENCY_CODES
from factcheck.resolve.conversion import UnknownUnit, canonical_unit
from factcheck.rulebook import rules
from factcheck.rulebook.rules import RELATION_ROLES, ClaimType, ClassList, KeyPart, Severity
from factcheck.rulebook.templates import checked_template


def _unit_name(name: str) -> str:
    """A unit as the rule names it ("mph") → the reader's name ("mile_per_hour")."""
    try:
        return canonical_unit(name)
    except UnknownUnit as error:
        raise ValueError(str(error)) from None


# Unit names are checked against the reader's vocabulary and pint when a rule is loaded.
UnitList = list[Annotated[str, AfterValidator(_unit_name)]] | Literal["any"] | None


class _Strict(BaseModel):
    # A rule's numbers are finite: ".nan" or ".inf" would compare false with everything.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)


class Selector(_Strict):
    """Which claims a rule looks at.

    A list names lexicon classes (or units, or publishers); "any" asks for a value,
    whichever it is; a key left out does not matter.
    """

    type: ClaimType | list[ClaimType] | None = None
    event: ClassList = None
    topic: ClassList = None
    noun: ClassList = None
    counted: list[str] | None = None  # noun classes, with the classes the lexicon puts inside
    role: ClassList = None  # the event class of a count's own predicate: "killed"
    scope: Literal["main", "background"] | None = None
    part: bool | None = None  # a part of another count in its sentence: "including four"
    day: bool | None = None  # a date of one day ("June 5", "Sunday"), not a month
    post: bool | None = Field(
        None, description='a date that signs an embedded post: "— NAU (@NAU) October 9, 2015"'
    )
    unit: UnitList = Field(None, description='pint units: "mph", "km/h", "percent", "USD"')
    entity: list[str] | Literal["any"] | None = Field(
        None,
        description="the name the claim is about, read from its own part of the sentence, "
        'or a word of it: "Putin", "Aleppo"; a lexicon entity\'s name',
    )
    source: list[str] | None = Field(None, description="publishers, from document metadata")
    attributed: bool | None = Field(None, description="the sentence names a source")
    hedged: bool | None = None
    negated: bool | None = False


class Tolerance(_Strict):
    """How far apart two values may be and still agree.

    Written precision always widens a value ("2,000" covers 1,500–2,500); these add to it.
    """

    absolute: float = Field(0.0, ge=0, description="in the claims' own unit")
    relative: float = Field(0.0, ge=0, le=1, description="fraction of the larger value")
    days: float = Field(0.0, ge=0, description="for dates and durations")
    approximate: float = Field(
        0.1, ge=0, le=1, description='extra relative room for "about", "nearly", ...'
    )
    exact_below: float = Field(0.0, ge=0, description='smaller values are exact: "10 people"')
    points: float | None = Field(
        None,
        ge=0,
        description="room in percentage points for percentages, instead of the relative room; "
        '"about 48%" gets it twice',
    )
    rounding: Literal["written", "exact"] = Field(
        "written", description="the rule's `rounding`, set by the loader; write it on the rule"
    )


# The defaults, made without validation: validating them would build Tolerance's
# validator on import, which a rule file without a tolerance never needs.
NO_TOLERANCE = Tolerance.model_construct()


class Fact(_Strict):
    """A reference fact: what it is about (the rule's key), its value and its source."""

    key: dict[KeyPart, str]
    value: str = Field(description='as a journalist would write it: "more than 250,000"')
    source: str
    as_of: dt.date | None = None

    @field_validator("key")
    @classmethod
    def _unit_named(cls, key: dict[str, str]) -> dict[str, str]:
        """A unit in a fact's key as the reader names it: `unit: mph` is mile_per_hour."""
        if "unit" not in key:
            return key
        return {**key, "unit": _unit_name(key["unit"])}


class TestDocument(_Strict):
    id: str | None = None
    text: str
    source: str | None = None
    published: dt.date | None = None


class RuleTest(_Strict):
    """A rule's own example: a few short articles, the claims of the expected finding
    marked [[like this]], and whether the rule must report them."""

    name: str | None = None
    published: dt.date = Field(dt.date(2016, 3, 14), description="for documents without one")
    documents: list[str | TestDocument] = Field(min_length=1)
    expect: Literal["finding", "none"]


class _Rule(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$")
    description: str
    severity: Severity = "warning"
    message: str
    link: str | None = None
    tags: list[str] = []
    tests: list[RuleTest] = []
    # How often the rule's findings are right, fitted on hand-labelled findings: a factor
    # of every confidence it gives (docs/confidence.md).
    reliability: float = Field(1.0, gt=0, le=1)
    rounding: Literal["written", "exact"] = Field(
        "written",
        description='written: "2,000" stands for anything that rounds to it (1,500 to 2,500); '
        "exact: values are compared as written",
    )

    # Placeholders every message may use, and those of each kind.
    COMMON: ClassVar[frozenset[str]] = frozenset(
        {"doc", "text", "value", "line", "event", "topic", "noun", "entity"}
    )
    FIELDS: ClassVar[frozenset[str]] = frozenset()

    @field_validator("message")
    @classmethod
    def _known_placeholders(cls, message: str) -> str:
        return checked_template(message, cls.COMMON | cls.FIELDS)


class _GroupedRule(_Rule):
    """A rule that selects claims and compares them within groups of the same key."""

    select: Selector
    group_by: list[KeyPart] = Field(min_length=1)


class AgreementRule(_GroupedRule):
    """Claims about the same thing in different documents must be compatible."""

    kind: Literal["agreement"]
    tolerance: Tolerance = NO_TOLERANCE
    updates: bool = Field(False, description="a later, higher figure is an update: a toll")
    evidence: Selector | None = None  # claims that count toward the consensus, never reported
    related_within: Tolerance | None = None  # values further apart are not compared
    dissent_alone: bool = Field(
        False,
        description="a document that states the agreed value too dissents only where it "
        "ties both values to the same role; else its other value is about something else "
        "(a death days after the shooting)",
    )
    FIELDS: ClassVar[frozenset[str]] = frozenset({"others", "count"})


class CorroborationRule(_GroupedRule):
    """A figure needs a number of independent sources (or a reference fact) behind it."""

    kind: Literal["corroboration"]
    sources: int = Field(
        2, ge=2, le=100, description="independent sources, the claim's own included"
    )
    tolerance: Tolerance = NO_TOLERANCE
    facts: list[Fact] = []
    FIELDS: ClassVar[frozenset[str]] = frozenset({"reason", "copies"})


class SpreadRule(_GroupedRule):
    """Compatible estimates of one thing that still differ widely: worth a note to editors."""

    kind: Literal["spread"]
    ratio: float = Field(1.5, gt=1, description="highest over lowest value worth a note")
    FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"low_text", "low_doc", "low_value", "high_text", "high_doc", "high_value"}
    )


class RangeRule(_Rule):
    """A figure must lie within plausible bounds."""

    kind: Literal["range"]
    select: Selector
    min: float | None = None
    max: float | None = None
    FIELDS: ClassVar[frozenset[str]] = frozenset({"limit"})


class WeekdayRule(_Rule):
    """A date written with its weekday must fall on it."""

    kind: Literal["weekday"]
    select: Selector
    FIELDS: ClassVar[frozenset[str]] = frozenset({"written", "weekday", "date"})


class RelationRule(_Rule):
    """Arithmetic or order between claims that share the `join` key.

    - part_of: `part` can be no larger than `whole` ("including 17 leaders" of "2,000 fighters");
    - duration: a `duration` ("a five-and-a-half-month campaign") matches the time from a
      `start` date to an `end` date, or to the article's date when there is none;
    - order: `first` comes no later than `then` (a start before its end);
    - sum: the `part`s add up to at most (`bound: at_most`) or exactly (`bound: exactly`)
      a `whole`, or a constant `total` ("vote shares add up to at most 100 %").
    """

    kind: Literal["relation"]
    relation: Literal["part_of", "duration", "order", "sum"]
    join: list[KeyPart] = []
    part: Selector | None = None
    whole: Selector | None = None
    duration: Selector | None = None
    start: Selector | None = None
    end: Selector | None = None
    first: Selector | None = None
    then: Selector | None = None
    tolerance: Tolerance = NO_TOLERANCE
    within: Literal["set", "document", "sentence"] = Field(
        "set", description="compare claims across the set, or within a document or sentence"
    )
    total: float | None = Field(
        None, description="sum: the constant the parts add up to, in their unit (100 for %)"
    )
    bound: Literal["at_most", "exactly"] = Field(
        "at_most", description="sum: the parts add up to at most the whole, or exactly to it"
    )
    FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"other_doc", "other_text", "other_value", "expected", "sum", "parts"}
    )

    @model_validator(mode="after")
    def _roles_for_relation(self) -> RelationRule:
        needed = RELATION_ROLES[self.relation]
        missing = [role for role in needed if getattr(self, role) is None]
        if missing:
            raise ValueError(f"relation '{self.relation}' needs {' and '.join(missing)}")
        if self.relation == "sum" and (self.whole is None) == (self.total is None):
            raise ValueError("relation 'sum' needs a whole or a total, not both")
        if self.relation != "sum" and self.total is not None:
            raise ValueError(f"total is for relation 'sum', not '{self.relation}'")
        return self


class ReferenceRule(_GroupedRule):
    """Claims must agree with a table of reference facts."""

    kind: Literal["reference"]
    facts: list[Fact] = Field(min_length=1)
    tolerance: Tolerance = NO_TOLERANCE
    FIELDS: ClassVar[frozenset[str]] = frozenset({"fact", "fact_value", "fact_source"})


Rule = Annotated[
    AgreementRule
    | CorroborationRule
    | RangeRule
    | RelationRule
    | ReferenceRule
    | SpreadRule
    | WeekdayRule,
    Field(discriminator="kind"),
]
RULE_KINDS: dict[str, type[_Rule]] = {
    "agreement": AgreementRule,
    "corroboration": CorroborationRule,
    "range": RangeRule,
    "relation": RelationRule,
    "reference": ReferenceRule,
    "spread": SpreadRule,
    "weekday": WeekdayRule,
}


class MeasureSpec(_Strict):
    words: list[str]
    event: str | None = None
    noun: str | None = None


class LexiconSpec(_Strict):
    events: dict[str, list[str]] = {}
    topics: dict[str, list[str]] = {}
    nouns: dict[str, list[str]] = {}
    parents: dict[str, str] = {}  # a noun class → the class it lies within
    measures: dict[str, MeasureSpec] = {}
    hedges: list[str] = []
    negations: list[str] = []
    future: list[str] = []
    attributions: list[str] = []
    revisions: list[str] = []  # words that say a figure changed: "rose to", "has died"
    # names a claim may be about, each with the phrases that name it: {Labour: [Labour Party]}
    entities: dict[str, list[str]] = {}


class Rates(_Strict):
    """Exchange rates, so that money in different currencies can be compared: without
    them, "$5 million" and "€4 million" are never compared. Dated and sourced, as the
    figures they convert are."""

    base: str = Field(description="the currency the rates are given against: EUR")
    as_of: dt.date
    source: str = Field(description='where the rates come from: "ECB reference rates"')
    values: dict[str, float] = Field(
        min_length=1, description="units of each currency per one unit of the base: {USD: 1.08}"
    )

    @model_validator(mode="after")
    def _known_currencies(self) -> Rates:
        unknown = sorted({self.base, *self.values} - CURRENCY_CODES)
        if unknown:
            raise ValueError(f"unknown currency code '{unknown[0]}' (ISO 4217, as USD or EUR)")
        if any(rate <= 0 for rate in self.values.values()):
            raise ValueError("every rate must be above 0")
        return self


class RuleFile(_Strict):
    rules: list[Rule] = []
    lexicon: LexiconSpec | None = None
    rates: Rates | None = None


# The schema's identifier: stable across releases that keep the rule language compatible,
# so an editor's association with it need not change. A URN: it names, it is not fetched.
SCHEMA_ID = "urn:factcheck:rule-file:v1"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def rule_file_schema() -> dict:
    """The JSON Schema of a rule file, from the very models the loader validates with."""
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **RuleFile.model_json_schema()}


def compiled(value):
    """A validated value as the checks read it: each model as the dataclass of its name
    in rules.py, with every field (defaults too) compiled in turn."""
    if isinstance(value, BaseModel):
        made = getattr(rules, type(value).__name__)
        return made(**{name: compiled(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [compiled(item) for item in value]
    if isinstance(value, dict):
        return {key: compiled(item) for key, item in value.items()}
    return value
