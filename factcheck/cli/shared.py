"""What every factcheck command shares: exit codes, the date type, the rule options, and
how a command reports an error."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from factcheck.pipeline import Checker
from factcheck.rulebook.language import RuleSet, bundled_rules_dir
from factcheck.rulebook.loading import RuleSetError, load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> NoReturn:
    """The message on standard error, and exit status 2."""
    click.echo(f"factcheck: {message}", err=True)
    sys.exit(EXIT_ERROR)


def report_problems(problems: Iterable[object]) -> None:
    for problem in problems:
        click.echo(f"factcheck: {problem}", err=True)


class Date(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not an ISO date (YYYY-MM-DD)", param, ctx)


def rule_options(command):
    """--rules and --no-bundled-rules, as every command that runs rules takes them."""
    command = click.option(
        "--no-bundled-rules",
        is_flag=True,
        help="Use only the rule files given with --rules, not the bundled pack.",
    )(command)
    return click.option(
        "--rules",
        "rule_paths",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="A rule file or folder to add to the bundled rules (repeatable).",
    )(command)


def rule_path_list(rule_paths, no_bundled: bool) -> list[Path]:
    if no_bundled and not rule_paths:
        raise click.UsageError("--no-bundled-rules leaves no rules: give some with --rules")
    return list(rule_paths) if no_bundled else [bundled_rules_dir(), *rule_paths]


def rules_or_exit(paths: list[Path] | None) -> RuleSet:
    """The rule set, or every problem in its files on standard error and exit status 2."""
    try:
        return load_rules(paths)
    except RuleSetError as error:
        report_problems(error.errors)
        sys.exit(EXIT_ERROR)


def checker_or_exit(rule_paths, no_bundled: bool) -> Checker:
    return Checker(rules_or_exit(rule_path_list(rule_paths, no_bundled)))
