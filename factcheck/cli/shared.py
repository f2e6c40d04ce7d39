"""What every factcheck command shares: exit codes, the date type, the rule options, and
how a command reports an error."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from factcheck.model import Problem
from factcheck.pipeline import Checker
from factcheck.rulebook.cache import cached_rules
from factcheck.rulebook.files import RuleSetError, bundled_rules_dir
from factcheck.rulebook.rules import RuleSet

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERNAL = 3  # an error in factcheck itself left some documents out


def exit_for_problems(problems: Iterable[Problem]) -> int | None:
    """The exit status problems call for: 3 when factcheck failed on a document, 2
    when only the input was at fault, None without any problem."""
    problems = list(problems)
    if any(p.internal for p in problems):
        return EXIT_INTERNAL
    return EXIT_ERROR if problems else None


def machine_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def jobs_option(command):
    """--jobs, as every command that reads articles takes it."""
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
        help="Read articles in N processes (default: one per core); the output is the same.",
    )(command)  # fmt: skip


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
        return cached_rules(paths)
    except RuleSetError as error:
        report_problems(error.errors)
        sys.exit(EXIT_ERROR)


def checker_or_exit(rule_paths, no_bundled: bool) -> Checker:
    return Checker(rules_or_exit(rule_path_list(rule_paths, no_bundled)))
