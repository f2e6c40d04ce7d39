"""Loading rule files: YAML read with the place of every node, validated against the
models of language.py, and every problem of a file reported at once with its file, line,
column and YAML path; nothing is checked with a broken rule set. A valid set is compiled
into the dataclasses of rules.py.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from factcheck.extract.lexicon import Lexicon, build_lexicon, merge_lexicon
from factcheck.rulebook.files import RuleError, RuleSetError, bundled_rules_dir, rule_files
from factcheck.rulebook.language import (
    RULE_KINDS,
    Fact,
    LexiconSpec,
    MeasureSpec,
    Rates,
    Rule,
    RuleFile,
    RuleTest,
    Selector,
    TestDocument,
    Tolerance,
    compiled,
)
from factcheck.rulebook.rules import RuleSet
from factcheck.rulebook.yamlfile import YamlRefused, read_yaml


def load_rules(paths: list[Path] | None = None) -> RuleSet:
    """Every *.yaml rule file in the given files or folders (default: the bundled pack)."""
    files = rule_files(paths if paths is not None else [bundled_rules_dir()])
    errors: list[RuleError] = []
    parsed: list[tuple[Path, RuleFile, dict]] = []
    for file in files:
        result, marks = _load_file(file)
        if isinstance(result, RuleFile):
            parsed.append((file, result, marks))
        else:
            errors.extend(result)
            partial = _valid_parts(result, marks)
            if partial is not None:  # its valid rules are still checked against the rest
                parsed.append((file, partial, marks))
    lexicon = build_lexicon({})
    for _, rule_file, _ in parsed:
        if rule_file.lexicon:
            merge_lexicon(lexicon, rule_file.lexicon.model_dump())
    rules = [rule for _, f, _ in parsed for rule in f.rules]
    errors.extend(_duplicate_ids(parsed))
    errors.extend(_unknown_classes(parsed, lexicon))
    rates = _rates(parsed, errors)
    if errors:
        raise RuleSetError(errors)
    return RuleSet(tuple(map(compiled, rules)), lexicon, tuple(map(str, files)), compiled(rates))


def _rates(parsed: list[tuple[Path, RuleFile, dict]], errors: list[RuleError]) -> Rates | None:
    """The one set of exchange rates the rule files give; two would disagree somewhere."""
    given = [(path, f.rates, marks) for path, f, marks in parsed if f.rates]
    for path, _, marks in given[1:]:
        message = f"exchange rates are already given in {given[0][0]}; give them in one file"
        errors.append(_error_at(path, marks[("rates",)], "rates", message))
    return given[0][1] if given else None


def _load_file(path: Path) -> tuple[RuleFile | list[RuleError], dict]:
    """The validated file and where each YAML path starts, or every error in it."""
    try:
        data, marks = read_yaml(path)
    except YamlRefused as error:
        return [RuleError(str(path), error.line, error.column, "", error.message)], {}
    if data is None:
        return RuleFile(), {}
    marks[_DATA] = data  # for the valid parts of a file with errors
    try:
        return RuleFile.model_validate(data), marks
    except ValidationError as error:
        errors = _deepest([_rule_error(path, data, marks, e) for e in error.errors()])
        return sorted(errors, key=lambda e: (e.line, e.column)), marks


def _valid_parts(errors: list[RuleError], marks: dict) -> RuleFile | None:
    """The rules and lexicon of a file with errors that validate on their own (a rule
    that does not stands as None, so every rule keeps its index), so that one broken
    rule does not hide the problems of the others: every problem is reported at once."""
    data = marks.get(_DATA)
    if not isinstance(data, dict):
        return None
    rules = data.get("rules") if isinstance(data.get("rules"), list) else []
    lexicon = _validated(LexiconSpec, data.get("lexicon"))
    return RuleFile.model_construct(
        rules=[_validated(_rule_adapter(), rule) for rule in rules],
        lexicon=lexicon,
        rates=_validated(Rates, data.get("rates")),
    )


def _validated(model, data: Any):
    if data is None:
        return None
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data)
        return model.model_validate(data)
    except ValidationError:
        return None


@cache
def _rule_adapter() -> TypeAdapter:
    """Any one rule, validated by its kind: built when a file has errors, not on import
    (a rule set read from the cache is never validated again)."""
    return TypeAdapter(Rule)


def _deepest(errors: list[RuleError]) -> list[RuleError]:
    """Leave out the errors of the branches a value did not take: for `unit: [mpx]`, the
    unknown unit, not also "input should be 'any'" about the whole list."""
    wheres = {e.where for e in errors}
    return [
        e
        for e in errors
        if not (
            e.message.startswith("input should be")
            and any(w.startswith(e.where + "[") or w.startswith(e.where + ".") for w in wheres)
        )
    ]


_DATA = ("__data__",)  # where _load_file keeps a file's plain data among its marks


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
        if i >= 2 and loc[i - 2] == "rules" and isinstance(loc[i - 1], int) and part in RULE_KINDS:
            continue  # the branch pydantic names by the rule's kind, even where a key shares it
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
    if error["type"] == "literal_error" and isinstance(error.get("input"), str):
        # "group_by: [entitty]": the values a key takes, with the nearest one
        allowed = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        close = difflib.get_close_matches(error["input"], allowed, n=1)
        if close:
            return f"unknown value '{error['input']}'; did you mean '{close[0]}'?"
        return f"unknown value '{error['input']}'; expected one of {', '.join(allowed)}"
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
            if rule is None:
                continue  # a rule with errors of its own, reported already
            if rule.id in seen:
                mark = marks[("rules", i, "id")]
                where = f"rules[{i}].id"
                message = f"rule id '{rule.id}' is already used in {seen[rule.id]}"
                errors.append(_error_at(path, mark, where, message))
            seen.setdefault(rule.id, str(path))
    return errors


_MODEL_NAMES: dict[str, type[BaseModel]] = {
    m.__name__: m
    for m in (Selector, Tolerance, Fact, TestDocument, RuleTest, LexiconSpec, MeasureSpec, Rates)
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
            if rule is None:
                continue
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
