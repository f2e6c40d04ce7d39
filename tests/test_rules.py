"""The rule loader: every problem of a rule file, with its place; the bundled pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LOCAL_RULE

from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.language import rule_file_schema
from factcheck.rulebook.loading import RuleError, RuleSetError, load_rules
from factcheck.rulebook.rules import Selector

# The shared rule file with a 9th line: tolerance.
RULE = LOCAL_RULE + "    tolerance: {days: 1}\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def rule_errors(*paths: Path) -> list[tuple[str, int, int, str, str]]:
    """(file name, line, column, YAML path, message) of every error loading the files gives."""
    with pytest.raises(RuleSetError) as caught:
        load_rules(list(paths))
    return [(Path(e.path).name, e.line, e.column, e.where, e.message) for e in caught.value.errors]


def errors_of(tmp_path: Path, text: str) -> list[tuple[str, int, int, str, str]]:
    return rule_errors(write(tmp_path, "bad.yaml", text))


def edited(*replacements: tuple[str, str]) -> str:
    text = RULE
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text


# ---------------------------------------------------------------------- good files


def test_valid_file_loads_with_defaults(tmp_path: Path) -> None:
    rule_set = load_rules(
        [write(tmp_path, "local.yaml", RULE.replace("    severity: error\n", ""))]
    )

    [rule] = rule_set.rules
    assert (rule.id, rule.kind, rule.severity) == ("local.start", "agreement", "warning")
    assert rule.select.types() == {"date"}
    assert (rule.select.event, rule.select.topic) == (["start"], "any")
    assert (rule.tolerance.days, rule.tolerance.approximate) == (1.0, 0.1)
    assert rule_set.files == (str(tmp_path / "local.yaml"),)


def test_folder_gives_its_yaml_and_yml_files_in_order(tmp_path: Path) -> None:
    write(tmp_path, "b.yml", RULE.replace("local.start", "local.b"))
    write(tmp_path, "a.yaml", RULE.replace("local.start", "local.a"))
    write(tmp_path, "notes.txt", "not: [a rule")

    rule_set = load_rules([tmp_path])

    assert [rule.id for rule in rule_set.rules] == ["local.a", "local.b"]


def test_empty_file_holds_no_rules(tmp_path: Path) -> None:
    assert load_rules([write(tmp_path, "empty.yaml", "# nothing yet\n")]).rules == ()


def test_rule_error_prints_file_line_column_and_yaml_path() -> None:
    error = RuleError("r.yaml", 7, 5, "rules[0].severty", "unknown key 'severty'")

    assert str(error) == "r.yaml:7:5 (rules[0].severty): unknown key 'severty'"
    assert str(RuleError("r.yaml", 3, 20, "", "invalid YAML: x")) == "r.yaml:3:20: invalid YAML: x"


# ---------------------------------------------------------------------- bad files


def test_every_error_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = edited(("days: 1", "days: -1"), ("severity:", "severty:"))

    assert errors_of(tmp_path, text) == [
        ("bad.yaml", 7, 5, "rules[0].severty", "unknown key 'severty'; did you mean 'severity'?"),
        (
            "bad.yaml",
            9,
            23,
            "rules[0].tolerance.days",
            "input should be greater than or equal to 0",
        ),
    ]


def test_unknown_kind_suggests_the_closest(tmp_path: Path) -> None:
    assert errors_of(tmp_path, edited(("kind: agreement", "kind: agrement"))) == [
        (
            "bad.yaml",
            3,
            11,
            "rules[0].kind",
            "unknown rule kind 'agrement'; did you mean 'agreement'?",
        )
    ]


def test_errors_inside_a_flow_mapping_point_at_their_own_column(tmp_path: Path) -> None:
    text = edited(("tolerance: {days: 1}", "tolerance: {days: -1, relativ: 2}"))

    assert errors_of(tmp_path, text) == [
        (
            "bad.yaml",
            9,
            23,
            "rules[0].tolerance.days",
            "input should be greater than or equal to 0",
        ),
        (
            "bad.yaml",
            9,
            27,
            "rules[0].tolerance.relativ",
            "unknown key 'relativ'; did you mean 'relative'?",
        ),
    ]


def test_errors_in_two_files_are_all_reported(tmp_path: Path) -> None:
    first = write(tmp_path, "first.yaml", edited(("severity: error", "severity: fatal")))
    second = write(tmp_path, "second.yaml", edited(("group_by: [event, topic]", "group_by: []")))

    assert [(name, line, where) for name, line, _, where, _ in rule_errors(first, second)] == [
        ("first.yaml", 7, "rules[0].severity"),
        ("second.yaml", 6, "rules[0].group_by"),
    ]


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (
            ("severity:", "severty:"),
            (7, 5, "rules[0].severty", "unknown key 'severty'; did you mean 'severity'?"),
        ),
        (
            ("tolerance:", "tolerence:"),
            (9, 5, "rules[0].tolerence", "unknown key 'tolerence'; did you mean 'tolerance'?"),
        ),
        (
            ("{type: date,", "{typ: date,"),
            (5, 14, "rules[0].select.typ", "unknown key 'typ'; did you mean 'type'?"),
        ),
        (
            ("{days: 1}", "{dayz: 1}"),
            (9, 17, "rules[0].tolerance.dayz", "unknown key 'dayz'; did you mean 'days'?"),
        ),
    ],
    ids=["severity", "tolerance", "select", "in-tolerance"],
)
def test_unknown_key_suggests_the_closest_known_one(
    tmp_path: Path, replacement: tuple[str, str], expected: tuple
) -> None:
    [error] = errors_of(tmp_path, edited(replacement))

    assert error[1:] == expected


def test_unknown_key_without_a_close_one_lists_the_keys(tmp_path: Path) -> None:
    [(_, line, column, where, message)] = errors_of(
        tmp_path, edited(("severity: error", "colour: red"))
    )

    assert (line, column, where) == (7, 5, "rules[0].colour")
    expected = "unknown key 'colour'; expected one of description, dissent_alone, evidence,"
    assert message.startswith(expected)
    assert "severity" in message.split(";")[1]


# Pydantic puts union branch names ("agreement", "date", ...) in error locations; a user
# key with such a name must keep its own place.
@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (("{days: 1}", "{date: 1}"), (9, 17, "rules[0].tolerance.date", "unknown key 'date'")),
        (("severity: error", "range: 5"), (7, 5, "rules[0].range", "unknown key 'range'")),
    ],
    ids=["date-in-tolerance", "range-in-rule"],
)
def test_unknown_key_named_like_a_kind_or_type_keeps_its_place(
    tmp_path: Path, replacement: tuple[str, str], expected: tuple
) -> None:
    [(_, line, column, where, message)] = errors_of(tmp_path, edited(replacement))

    assert (line, column, where) == expected[:3]
    assert message.startswith(expected[3])


def test_unknown_lexicon_section_suggests_the_closest(tmp_path: Path) -> None:
    assert errors_of(tmp_path, "lexicon:\n  events: {x: [a]}\n  topcs: {}\n") == [
        ("bad.yaml", 3, 3, "lexicon.topcs", "unknown key 'topcs'; did you mean 'topics'?")
    ]


def test_missing_key_points_at_its_rule(tmp_path: Path) -> None:
    text = edited(("    message: \"{doc} says '{text}'\"\n", ""))

    assert errors_of(tmp_path, text) == [
        ("bad.yaml", 2, 5, "rules[0].message", "missing key 'message'")
    ]


def test_bad_rule_id_names_the_pattern(tmp_path: Path) -> None:
    [(_, line, column, where, message)] = errors_of(tmp_path, edited(("local.start", "Local")))

    assert (line, column, where) == (2, 9, "rules[0].id")
    assert message.startswith("string should match pattern ")


def test_unknown_placeholder_is_named(tmp_path: Path) -> None:
    [(_, line, column, where, message)] = errors_of(tmp_path, edited(("{doc} says", "{foo} says")))

    assert (line, column, where) == (8, 14, "rules[0].message")
    expected = "expected one of count, doc, entity, event, line, noun,"
    assert f"unknown placeholder {{foo}}; {expected}" in message


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ("rules:\n  - id: a.b\n    kind: agreement: x\n", 3, 20, "mapping values are not"),
        # An unclosed quote is shown where it opens, not at the end of the file.
        ('rules:\n  - id: "a.b\n', 2, 9, "while scanning a quoted scalar: found unexpected end"),
        ("rules:\n\t- id: a.b\n", 2, 1, "found character '\\t'"),
    ],
    ids=["mapping-value", "unclosed-quote", "tab"],
)
def test_invalid_yaml_gives_line_and_column(
    tmp_path: Path, text: str, line: int, column: int, problem: str
) -> None:
    [error] = errors_of(tmp_path, text)

    assert error[1:4] == (line, column, "")
    assert error[4].startswith(f"invalid YAML: {problem}")


def test_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert errors_of(tmp_path, "- 1\n") == [
        ("bad.yaml", 1, 1, "", "input should be a valid dictionary or instance of RuleFile")
    ]


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    [(_, line, column, _, message)] = rule_errors(write(tmp_path, "bad.yaml", b"rules: \xff\n"))

    assert (line, column) == (1, 1)
    assert message.startswith("cannot read rule file: 'utf-8' codec can't decode byte 0xff")


def test_duplicate_rule_id_is_reported_at_the_second_file(tmp_path: Path) -> None:
    first = write(tmp_path, "first.yaml", RULE)
    second = write(tmp_path, "second.yaml", "# the same rule again\n\n" + RULE)

    assert rule_errors(first, second) == [
        (
            "second.yaml",
            4,
            9,
            "rules[0].id",
            f"rule id 'local.start' is already used in {first}",
        )
    ]


def test_duplicate_of_a_bundled_rule_id(tmp_path: Path) -> None:
    copy = write(tmp_path, "copy.yaml", RULE.replace("local.start", "dates.event-start"))

    [(name, line, _, where, message)] = rule_errors(bundled_rules_dir(), copy)

    assert (name, line, where) == ("copy.yaml", 2, "rules[0].id")
    assert message.endswith(f"already used in {bundled_rules_dir() / 'dates.yaml'}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rules:\n  - [a]: c\n", (2, 5, "a key must be a plain word, not a list or map")),
        ("rules: &a\n  - *a\n", (1, 8, "a YAML alias refers to the node that holds it")),
    ],
    ids=["list-as-key", "recursive-alias"],
)
def test_yaml_that_cannot_be_plain_data(tmp_path: Path, text: str, expected: tuple) -> None:
    assert errors_of(tmp_path, text) == [("bad.yaml", *expected[:2], "", expected[2])]


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ("{} says", "message cannot be filled in: Format string contains positional fields"),
        ("{doc!x} says", "message cannot be filled in: Unknown conversion specifier x"),
        ("{doc:>{foo}} says", "the format of {doc} holds a placeholder: '>{foo}'"),
        ("{doc says", "malformed message: expected '}' before end of string"),
    ],
    ids=["positional", "conversion", "nested-spec", "unclosed"],
)
def test_message_that_cannot_be_filled_in(tmp_path: Path, message: str, problem: str) -> None:
    text = edited(("\"{doc} says '{text}'\"", f'"{message}"'))

    assert errors_of(tmp_path, text) == [("bad.yaml", 8, 14, "rules[0].message", problem)]


# ---------------------------------------------------------------------- bundled pack


@pytest.fixture(scope="module")
def bundled():
    return load_rules()


def test_bundled_pack_loads(bundled) -> None:
    ids = {rule.id for rule in bundled.rules}

    assert len(bundled.rules) >= 2
    assert {"dates.event-start", "counts.casualties"} <= ids
    assert {"killed", "start", "end"} <= bundled.lexicon.names("events")
    assert {"evacuation", "withdrawal"} <= bundled.lexicon.names("topics")
    assert bundled.lexicon.names("nouns") >= {"person", "soldier"}
    assert bundled.lexicon.classes["events"]["began"] == "start"


def test_bundled_rules_select_only_classes_the_lexicon_has(bundled) -> None:
    known = {kind: bundled.lexicon.names(kind + "s") for kind in ("event", "topic", "noun")}
    known["noun"] |= set(bundled.lexicon.measures)  # "population of 23 million"
    selectors = [
        v for rule in bundled.rules for v in vars(rule).values() if isinstance(v, Selector)
    ]

    assert selectors
    for selector in selectors:
        for kind, names in known.items():
            selected = getattr(selector, kind)
            if isinstance(selected, list):
                assert set(selected) <= names, (kind, selected)


def test_schema_describes_a_strict_rule() -> None:
    schema = rule_file_schema()
    rule_kinds = schema["properties"]["rules"]["items"]["discriminator"]["mapping"]
    agreement = schema["$defs"][rule_kinds["agreement"].rsplit("/", 1)[1]]

    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"rules", "lexicon", "rates"}
    assert agreement["additionalProperties"] is False
    assert agreement["properties"]["kind"]["const"] == "agreement"
    assert {"id", "kind", "description", "select", "group_by", "message"} <= set(
        agreement["required"]
    )
