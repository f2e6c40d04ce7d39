"""Rule files: the YAML a rule author writes, validated into typed rules.

A rule file holds `rules:` (a list) and may hold `lexicon:` (word classes shared
by every file). Every problem in a file is reported with its file, line, column,
the YAML path and what was expected; nothing is checked with a broken rule set.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from factcheck.extract.lexicon import Lexicon, build_lexicon, merge_lexicon
from factcheck.resources import bundled
from factcheck.rulebook.templates import checked_template
from factcheck.rulebook.yamlfile import YamlRefused, read_yaml

ClaimType = Literal["quantity", "date", "time", "duration", "set"]
KeyPart = Literal["event", "topic", "noun", "unit", "type", "role", "scope", "counted"]
Severity = Literal["error", "warning", "info"]
ANY = "any"
ClassList = list[str] | Literal["any"] | None


class _Strict(BaseModel):
    # A rule's numbers are finite: ".nan" or ".inf" would compare false with everything.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    unit: ClassList = None
    entity: list[str] | None = Field(
        None,
        description='a name in the claim\'s sentence, or a word of one: "Putin", "Aleppo"',
    )
    source: list[str] | None = Field(None, description="publishers, from document metadata")
    attributed: bool | None = Field(None, description="the sentence names a source")
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


class Fact(_Strict):
    """A reference fact: what it is about (the rule's key), its value and its source."""

    key: dict[KeyPart, str]
    value: str = Field(description='as a journalist would write it: "more than 250,000"')
    source: str
    as_of: dt.date | None = None


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

    # Placeholders every message may use, and those of each kind.
    COMMON: ClassVar[frozenset[str]] = frozenset(
        {"doc", "text", "value", "line", "event", "topic", "noun"}
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
    tolerance: Tolerance = Tolerance()
    updates: bool = Field(False, description="a later, higher figure is an update: a toll")
    evidence: Selector | None = None  # claims that count toward the consensus, never reported
    related_within: Tolerance | None = None  # values further apart are not compared
    FIELDS: ClassVar[frozenset[str]] = frozenset({"others", "count"})


class CorroborationRule(_GroupedRule):
    """A figure needs a number of independent sources (or a reference fact) behind it."""

    kind: Literal["corroboration"]
    sources: int = Field(
        2, ge=2, le=100, description="independent sources, the claim's own included"
    )
    tolerance: Tolerance = Tolerance()
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


class RelationRule(_Rule):
    """Arithmetic or order between claims that share the `join` key.

    - part_of: `part` can be no larger than `whole` ("including 17 leaders" of "2,000 fighters");
    - duration: a `duration` ("a five-and-a-half-month campaign") matches the time from a
      `start` date to an `end` date, or to the article's date when there is none;
    - order: `first` comes no later than `then` (a start before its end).
    """

    kind: Literal["relation"]
    relation: Literal["part_of", "duration", "order"]
    join: list[KeyPart] = []
    part: Selector | None = None
    whole: Selector | None = None
    duration: Selector | None = None
    start: Selector | None = None
    end: Selector | None = None
    first: Selector | None = None
    then: Selector | None = None
    tolerance: Tolerance = Tolerance()
    within: Literal["set", "document", "sentence"] = Field(
        "set", description="compare claims across the set, or within a document or sentence"
    )
    FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"other_doc", "other_text", "other_value", "expected"}
    )

    def roles(self) -> list[str]:
        """The roles this relation reads: its two required ones, and `end` for a duration."""
        optional = ["end"] if self.relation == "duration" else []
        return [r for r in (*RELATION_ROLES[self.relation], *optional) if getattr(self, r)]

    @model_validator(mode="after")
    def _roles_for_relation(self) -> RelationRule:
        needed = RELATION_ROLES[self.relation]
        missing = [role for role in needed if getattr(self, role) is None]
        if missing:
            raise ValueError(f"relation '{self.relation}' needs {' and '.join(missing)}")
        return self


RELATION_ROLES = {
    "part_of": ("part", "whole"),
    "duration": ("duration", "start"),
    "order": ("first", "then"),
}


class ReferenceRule(_GroupedRule):
    """Claims must agree with a table of reference facts."""

    kind: Literal["reference"]
    facts: list[Fact] = Field(min_length=1)
    tolerance: Tolerance = Tolerance()
    FIELDS: ClassVar[frozenset[str]] = frozenset({"fact", "fact_value", "fact_source"})


Rule = Annotated[
    AgreementRule | CorroborationRule | RangeRule | RelationRule | ReferenceRule | SpreadRule,
    Field(discriminator="kind"),
]
RULE_KINDS: dict[str, type[_Rule]] = {
    "agreement": AgreementRule,
    "corroboration": CorroborationRule,
    "range": RangeRule,
    "relation": RelationRule,
    "reference": ReferenceRule,
    "spread": SpreadRule,
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


class RuleFile(_Strict):
    rules: list[Rule] = []
    lexicon: LexiconSpec | None = None


@dataclass(frozen=True)
class RuleError:
    path: str
    line: int
    column: int
    where: str  # the YAML path: "rules[0].select.type"
    message: str

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"{self.path}:{self.line}:{self.column}{where}: {self.message}"


class RuleSetError(Exception):
    def __init__(self, errors: list[RuleError]):
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    lexicon: Lexicon
    files: tuple[str, ...]


def bundled_rules_dir() -> Path:
    return bundled("rules")


def load_rules(paths: list[Path] | None = None) -> RuleSet:
    """Every *.yaml rule file in the given files or folders (default: the bundled pack)."""
    files = _rule_files(paths if paths is not None else [bundled_rules_dir()])
    errors: list[RuleError] = []
    parsed: list[tuple[Path, RuleFile, dict]] = []
    for file in files:
        result, marks = _load_file(file)
        if isinstance(result, RuleFile):
            parsed.append((file, result, marks))
        else:
            errors.extend(result)
    lexicon = build_lexicon({})
    for _, rule_file, _ in parsed:
        if rule_file.lexicon:
            merge_lexicon(lexicon, rule_file.lexicon.model_dump())
    rules = [rule for _, f, _ in parsed for rule in f.rules]
    errors.extend(_duplicate_ids(parsed))
    errors.extend(_unknown_classes(parsed, lexicon))
    if errors:
        raise RuleSetError(errors)
    return RuleSet(tuple(rules), lexicon, tuple(str(f) for f in files))


def _rule_files(paths: list[Path]) -> list[Path]:
    """The rule files under the given paths, each once however often it is named."""
    files: dict[Path, Path] = {}
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        for file in found if path.is_dir() else [path]:
            files.setdefault(file.resolve(), file)
    return list(files.values())


def _load_file(path: Path) -> tuple[RuleFile | list[RuleError], dict]:
    """The validated file and where each YAML path starts, or every error in it."""
    try:
        data, marks = read_yaml(path)
    except YamlRefused as error:
        return [RuleError(str(path), error.line, error.column, "", error.message)], {}
    if data is None:
        return RuleFile(), {}
    try:
        return RuleFile.model_validate(data), marks
    except ValidationError as error:
        errors = [_rule_error(path, data, marks, e) for e in error.errors()]
        return sorted(errors, key=lambda e: (e.line, e.column)), marks


def _rule_error(path: Path, data: Any, marks: dict, error: dict) -> RuleError:
    loc = _yaml_location(data, error["loc"], error["type"])
    if error["type"] == "union_tag_invalid":
        loc = (*loc, "kind")
    mark = _closest_mark(marks, loc, error["type"] == "extra_forbidden")
    message = _explain(error, loc, _parent_model(error["loc"]))
    return _error_at(path, mark, _yaml_path(loc), message)


def _error_at(path: Path, mark: yaml.Mark, where: str, message: str) -> RuleError:
    """An error at a YAML mark (which counts lines and columns from 0)."""
    return RuleError(str(path), mark.line + 1, mark.column + 1, where, message)


def _yaml_location(data: Any, loc: tuple, kind: str) -> tuple:
    """An error's location as YAML keys and indexes, without the names of union branches
    that pydantic puts in it ("agreement", "list[str]"): a step that is in the data is a
    real key, and so is a missing key at the end."""
    kept = []
    node = data
    for i, part in enumerate(loc):
        if _has_step(node, part):
            node = node[part]
        elif not (kind == "missing" and i == len(loc) - 1):
            continue
        kept.append(part)
    return tuple(kept)


def _has_step(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _closest_mark(marks: dict, loc: tuple, at_key: bool) -> yaml.Mark:
    if at_key and (*loc, "__key__") in marks:
        return marks[(*loc, "__key__")]
    while loc not in marks:
        loc = loc[:-1]
    return marks[loc]


def _explain(error: dict, loc: tuple, parent: type[BaseModel] | None) -> str:
    if error["type"] == "extra_forbidden":
        return _unknown_key(str(loc[-1]), parent)
    if error["type"] == "missing":
        return f"missing key '{loc[-1]}'"
    if error["type"] == "union_tag_invalid":
        tag = error["ctx"]["tag"]
        close = difflib.get_close_matches(str(tag), RULE_KINDS, n=1)
        hint = (
            f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(RULE_KINDS)}"
        )
        return f"unknown rule kind '{tag}'; {hint}"
    message = error["msg"].removeprefix("Value error, ")
    return message[0].lower() + message[1:]


def _unknown_key(key: str, model: type[BaseModel] | None) -> str:
    allowed = sorted(model.model_fields) if model else []
    message = f"unknown key '{key}'"
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; expected one of {', '.join(allowed)}" if allowed else message


def _parent_model(loc: tuple) -> type[BaseModel] | None:
    """The model that holds the last key of an error's location."""
    model: type[BaseModel] | None = RuleFile
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        if part in RULE_KINDS or part in _MODEL_NAMES:
            model = RULE_KINDS.get(part) or _MODEL_NAMES[part]
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def _yaml_path(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _duplicate_ids(parsed: list[tuple[Path, RuleFile, dict]]) -> list[RuleError]:
    seen: dict[str, str] = {}
    errors = []
    for path, rule_file, marks in parsed:
        for i, rule in enumerate(rule_file.rules):
            if rule.id in seen:
                mark = marks[("rules", i, "id")]
                where = f"rules[{i}].id"
                message = f"rule id '{rule.id}' is already used in {seen[rule.id]}"
                errors.append(_error_at(path, mark, where, message))
            seen.setdefault(rule.id, str(path))
    return errors


_MODEL_NAMES: dict[str, type[BaseModel]] = {
    m.__name__: m
    for m in (Selector, Tolerance, Fact, TestDocument, RuleTest, LexiconSpec, MeasureSpec)
}


SELECTOR_ROLES = (
    "select",
    "evidence",
    "part",
    "whole",
    "duration",
    "start",
    "end",
    "first",
    "then",
)
CLASSED_KEYS = {"event": "events", "role": "events", "topic": "topics"}


def _unknown_classes(
    parsed: list[tuple[Path, RuleFile, dict]], lexicon: Lexicon
) -> list[RuleError]:
    """Selectors that name an event or topic class that the lexicon does not define: they
    would select nothing. Checked where the rule set has a lexicon of that kind at all."""
    errors = []
    known_by_kind = {kind: lexicon.names(kind) for kind in CLASSED_KEYS.values()}
    for path, rule_file, marks in parsed:
        for i, rule in enumerate(rule_file.rules):
            for role in SELECTOR_ROLES:
                selector = getattr(rule, role, None)
                if not isinstance(selector, Selector):
                    continue
                for key, kind in CLASSED_KEYS.items():
                    names = getattr(selector, key)
                    known = known_by_kind[kind]
                    if not known:
                        continue  # a file checked without any lexicon: nothing to check against
                    for j, name in enumerate(names if isinstance(names, list) else []):
                        if name not in known:
                            loc = ("rules", i, role, key, j)
                            errors.append(_class_error(path, marks, loc, name, kind, known))
    return errors


def _class_error(
    path: Path, marks: dict, loc: tuple, name: str, kind: str, known: set[str]
) -> RuleError:
    mark = _closest_mark(marks, loc, False)
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = (
        f"; did you mean '{close[0]}'?"
        if close
        else f"; the lexicon's {kind} are {', '.join(sorted(known))}"
    )
    message = f"no lexicon defines the {kind[:-1]} class '{name}'{hint}"
    return _error_at(path, mark, _yaml_path(loc), message)


def rule_file_schema() -> dict:
    """The JSON Schema of a rule file, from the very models the loader validates with."""
    return RuleFile.model_json_schema()
