"""Hostile and careless rule files: each refused with its place, quickly, exit status 2."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import LOCAL_RULE
from test_cli import invoke
from test_rules import errors_of, rule_errors

from factcheck.rulebook.yamlfile import MAX_FILE_BYTES

MESSAGE = "\"{doc} says '{text}'\""
RANGE_RULE = """\
rules:
  - id: x.range
    kind: range
    description: d
    message: m
    select: {type: quantity}
"""


def laughs(levels: int = 9) -> str:
    """A few hundred bytes whose aliases name 9^9 values: "billion laughs"."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\nrules: *a{levels - 1}\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "where", "message"),
    [
        ("rules: " + "[" * 1000 + "]" * 1000 + "\n", 1, 57, "", "nested more than 50 deep"),
        (
            "rules: !include other.yaml\n",
            *(1, 8, ""),
            "unknown tag '!include': rule files are plain YAML",
        ),
        (
            'rules: !!python/object/apply:os.system ["true"]\n',
            *(1, 8, ""),
            "unknown tag '!!python/object/apply:os.system': rule files are plain YAML",
        ),
        (
            LOCAL_RULE.replace("Dates of", "Dates\0 of"),
            4,
            23,
            "",
            "a NUL byte: a rule file is text",
        ),
        (
            LOCAL_RULE + "    x: " + "1" * 100_000 + "\n",
            *(9, 8, ""),
            "an integer of more than 18 digits",
        ),
        (
            LOCAL_RULE
            + "    tests:\n      - published: 2016-02-30\n        documents: [a]\n"
            + "        expect: none\n",
            *(10, 20, ""),
            "cannot read '2016-02-30': day is out of range for month",
        ),
        (
            LOCAL_RULE.replace(MESSAGE, '"{line:{doc}}"'),
            *(8, 14, "rules[0].message"),
            "the format of {line} holds a placeholder: '{doc}'",
        ),
        (
            LOCAL_RULE.replace(MESSAGE, '"{doc:>1000000000}"'),
            *(8, 14, "rules[0].message"),
            "the format of {doc} asks for a width over 200: '>1000000000'",
        ),
        (RANGE_RULE + "    max: .nan\n", 7, 10, "", "'.nan' is no finite number"),
        (LOCAL_RULE + "    tolerance: {absolute: .inf}\n", 9, 27, "", "'.inf' is no finite number"),
        (
            LOCAL_RULE.replace("agreement", "corroboration") + "    sources: 1.0e+30\n",
            *(9, 14, "rules[0].sources"),
            "unable to parse input string as an integer, exceeded maximum size",
        ),
        (
            LOCAL_RULE.replace("agreement", "corroboration") + "    sources: 1000\n",
            *(9, 14, "rules[0].sources"),
            "input should be less than or equal to 100",
        ),
        (
            LOCAL_RULE.replace("Dates of", "Dates\x1f of"),
            *(4, 23, ""),
            "invalid YAML: special characters are not allowed",
        ),
        (laughs(), 1, 13, "", "more than 100,000 values (YAML aliases repeat what they name)"),
    ],
    ids=[
        "deep",
        "include",
        "python-tag",
        "nul",
        "control-character",
        "huge-int",
        "bad-date",
        "nested-field",
        "wide-field",
        "nan",
        "inf",
        "huge-count",
        "many-sources",
        "billion-laughs",
    ],
)
def test_hostile_rule_file_is_refused_at_its_place(
    tmp_path: Path, text: str, line: int, column: int, where: str, message: str
) -> None:
    started = time.perf_counter()
    assert errors_of(tmp_path, text) == [("bad.yaml", line, column, where, message)]
    assert time.perf_counter() - started < 5  # under a second on an idle machine


def test_rule_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as file:
        file.write("rules:\n")
        file.seek(50_000_000)
        file.write("  - x\n")
    started = time.perf_counter()
    [error] = rule_errors(big)
    assert time.perf_counter() - started < 1
    assert error == (
        "big.yaml",
        1,
        1,
        "",
        f"larger than the limit for a rule file, {MAX_FILE_BYTES:,} bytes",
    )


def test_cli_reports_a_hostile_rule_file_with_exit_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "laughs.yaml"
    bad.write_text(laughs(), encoding="utf-8")
    for args in (("rules", "validate", bad), ("check", "--rules", bad, "-")):
        run = invoke(*args, stdin="Some 300 people were killed.")
        assert run.exit_code == 2
        assert f"{bad}:1:13: more than 100,000 values" in run.stderr
