"""Rule files: the YAML a rule author writes, validated into typed rules.

A rule file holds `rules:` (a list) and may hold `lexicon:` (word classes shared
by every file). Every problem in a file is reported with its file, line, column,
the YAML path and what was expected; nothing is checked with a broken rule set.
"""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from factcheck.grammar import bundled
from factcheck.lexicon import Lexicon, build_lexicon, merge_lexicon

ClaimType = Literal["quantity", "date", "time", "duration", "set"]
KeyPart = Literal["event", "topic", "noun", "unit", "type"]
ANY = "any"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Selector(_Strict):
    """Which claims a rule looks at.

    A list names lexicon classes; "any" asks for a class, whichever it is.
    """

    type: ClaimType | list[ClaimType] | None = None
    event: list[str] | Literal["any"] | None = None
    topic: list[str] | Literal["any"] | None = None
    noun: list[str] | Literal["any"] | None = None
    hedged: bool | None = None

    def types(self) -> set[str] | None:
        if self.type is None:
            return None
        return {self.type} if isinstance(self.type, str) else set(self.type)


class Tolerance(_Strict):
    """How far apart two values may be and still agree.

    Written precision always widens a value ("2,000" covers 1,500–2,500); these add to it.
    """

    absolute: float = Field(0.0, ge=0, description="in the claims' own unit")
    relative: float = Field(0.0, ge=0, le=1, description="fraction of the larger value")
    days: float = Field(0.0, ge=0, description="for dates")
    approximate: float = Field(
        0.1, ge=0, le=1, description='extra relative room for "about", "nearly", ...'
    )


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$")
    kind: Literal["agreement"]
    description: str
    select: Selector
    group_by: list[KeyPart] = Field(min_length=1)
    tolerance: Tolerance = Tolerance()
    severity: Literal["error", "warning", "info"] = "warning"
    message: str
    link: str | None = None
    tags: list[str] = []

    @field_validator("message")
    @classmethod
    def _known_placeholders(cls, message: str) -> str:
        names = {name for _, name, _, _ in string.Formatter().parse(message) if name}
        unknown = names - MESSAGE_FIELDS
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{sorted(unknown)[0]}}}; "
                f"expected one of {', '.join(sorted(MESSAGE_FIELDS))}"
            )
        return message


# Placeholders a message may use; the evaluator fills every one of them.
MESSAGE_FIELDS = {"doc", "text", "value", "line", "event", "topic", "noun", "others", "count"}


class MeasureSpec(_Strict):
    words: list[str]
    event: str | None = None
    noun: str | None = None


class LexiconSpec(_Strict):
    events: dict[str, list[str]] = {}
    topics: dict[str, list[str]] = {}
    nouns: dict[str, list[str]] = {}
    measures: dict[str, MeasureSpec] = {}
    hedges: list[str] = []
    negations: list[str] = []
    future: list[str] = []
    attributions: list[str] = []


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
    files = _rule_files(paths or [bundled_rules_dir()])
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
    if errors:
        raise RuleSetError(errors)
    return RuleSet(tuple(rules), lexicon, tuple(str(f) for f in files))


def _rule_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def _load_file(path: Path) -> tuple[RuleFile | list[RuleError], dict]:
    """The validated file and where each YAML path starts, or every error in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [RuleError(str(path), 1, 1, "", f"cannot read rule file: {error}")], {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [RuleError(str(path), line, column, "", f"invalid YAML: {error.problem}")], {}
    if node is None:
        return RuleFile(), {}
    data, marks = _plain(node)
    try:
        return RuleFile.model_validate(data), marks
    except ValidationError as error:
        return [_rule_error(path, marks, e) for e in error.errors()], marks


def _plain(node: yaml.Node, path: tuple = ()) -> tuple[Any, dict[tuple, yaml.Mark]]:
    """YAML node → plain data, with where each path starts (keys map to their key's mark)."""
    marks: dict[tuple, yaml.Mark] = {path: node.start_mark}
    if isinstance(node, yaml.MappingNode):
        data = {}
        for key_node, value_node in node.value:
            key = key_node.value
            data[key], inner = _plain(value_node, (*path, key))
            marks.update(inner)
            marks[(*path, key, "__key__")] = key_node.start_mark
        return data, marks
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            value, inner = _plain(item, (*path, i))
            items.append(value)
            marks.update(inner)
        return items, marks
    return _SCALARS.construct_object(node), marks


_SCALARS = yaml.constructor.SafeConstructor()


def _rule_error(path: Path, marks: dict, error: dict) -> RuleError:
    loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
    mark = _closest_mark(marks, loc, error["type"] == "extra_forbidden")
    message = _explain(error, loc)
    return RuleError(str(path), mark.line + 1, mark.column + 1, _yaml_path(loc), message)


def _is_union_tag(part: Any) -> bool:
    # Pydantic names the union branch it tried ("list[...]", "literal[...]"): not a YAML key.
    return isinstance(part, str) and ("[" in part or part in ("str", "bool", "float", "int"))


def _closest_mark(marks: dict, loc: tuple, at_key: bool) -> yaml.Mark:
    if at_key and (*loc, "__key__") in marks:
        return marks[(*loc, "__key__")]
    while loc not in marks:
        loc = loc[:-1]
    return marks[loc]


def _explain(error: dict, loc: tuple) -> str:
    if error["type"] == "extra_forbidden":
        return _unknown_key(str(loc[-1]), loc[:-1])
    if error["type"] == "missing":
        return f"missing key '{loc[-1]}'"
    message = error["msg"]
    return message[0].lower() + message[1:]


def _unknown_key(key: str, parent: tuple) -> str:
    allowed = _allowed_keys(parent)
    message = f"unknown key '{key}'"
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; expected one of {', '.join(sorted(allowed))}" if allowed else message


def _allowed_keys(parent: tuple) -> list[str]:
    model: type[BaseModel] = RuleFile
    for part in parent:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


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
                errors.append(RuleError(str(path), mark.line + 1, mark.column + 1, where, message))
            seen.setdefault(rule.id, str(path))
    return errors


def rule_file_schema() -> dict:
    """The JSON Schema of a rule file, from the very models the loader validates with."""
    return RuleFile.model_json_schema()
