"""The command line: `factcheck check`, `factcheck extract`, `factcheck rules`; the
`archive` and `serve` commands come from cli/cms.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import click
from click.core import ParameterSource

from factcheck import __version__
from factcheck.cli.progress import Progress
from factcheck.cli.records import read_records
from factcheck.cli.settings import SEVERITIES, ConfigError, load_config
from factcheck.cli.shared import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    Date,
    checker_or_exit,
    exit_for_problems,
    fail,
    jobs_option,
    machine_cores,
    report_problems,
    rule_options,
    rules_or_exit,
)
from factcheck.collector import fewer_collections
from factcheck.evaluate.engine import SEVERITY_RANK
from factcheck.load.articles import load_article_set
from factcheck.load.files import Budget, LimitError
from factcheck.model import DATE_ORDERS, Document, Problem
from factcheck.pipeline import Checker, Report
from factcheck.reports import FORMATS, SUFFIX_FORMATS, Results, claim_json, write_report
from factcheck.reports.baseline import Baseline, BaselineError, read_baseline, write_baseline
from factcheck.reports.common import summary
from factcheck.reports.filters import FindingFilter, split_patterns, unknown_pattern
from factcheck.reports.text import claim_line
from factcheck.rulebook.files import bundled_rules_dir


def _exit_help(ok: str, failed: str | None, error: str) -> str:
    """The exit statuses of a command, for the end of its --help."""
    lines = ["\b", "Exit status:", f"  0  {ok}"]
    if failed:
        lines.append(f"  1  {failed}")
    return "\n".join([*lines, f"  2  {error}"])


EXTRACT_HELP = (
    _exit_help(
        "every input line was read", None, "a bad rule file, or an input line that cannot be read"
    )
    + f"\n  {EXIT_INTERNAL}  factcheck itself failed on a line (reported; the rest are read)"
)
VALIDATE_HELP = _exit_help("every rule file is valid", None, "a problem in a rule file")
TEST_HELP = _exit_help("every rule example passes", "an example fails", "a problem in a rule file")


class _Commands(click.Group):
    """The commands, with `archive` and `serve` imported only when they run: the claim
    archive and the HTTP service are not needed to check articles, and importing them
    would lengthen every start-up."""

    LAZY = ("archive", "serve")  # in factcheck.cli.cms

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            from factcheck.cli import cms

            return getattr(cms, name)
        return super().get_command(ctx, name)


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="factcheck")
def main() -> None:
    """Check the numbers and dates of several news articles on one event against each other."""


CHECK_HELP = """
\b
Settings: the nearest factcheck.toml, or pyproject.toml with a [tool.factcheck]
table, in this folder or one above it (or the --config file). Its keys are the
long options above without their dashes: format, output, min-confidence,
select, ignore, fail-on, rules, bundled-rules (true or false), published, date-order,
baseline, color, jobs. An option given on the command line overrides the file.

\b
Exit status:
  0  no finding reaches the --fail-on severity (findings accepted in
     the --baseline do not count)
  1  at least one finding does
  2  a usage or configuration error: a bad option, rule file, settings
     file or baseline, or an --output that cannot be written; or an
     unreadable or malformed article (the rest of the set is still
     checked and reported)
  3  an error in factcheck itself while reading some article: that
     article is left out, named on standard error, and the rest is
     checked and reported (please report it)
"""


@main.command(epilog=CHECK_HELP)
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default=None,
    help="text (default), json, jsonl (a JSON object a line), sarif (2.1.0) or html; "
    "without it, the --output file's suffix decides.",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)  # fmt: skip
@click.option(
    "--fail-on", type=click.Choice(SEVERITIES), default="error",
    show_default=True, help="The lowest severity that makes the exit status 1.",
)  # fmt: skip
@click.option(
    "--min-confidence", type=click.FloatRange(0, 1), default=0.0,
    help="Leave out findings less sure than this.",
)  # fmt: skip
@click.option(
    "--select", multiple=True, metavar="RULE",
    help="Report only these rules: ids, or dotted prefixes such as 'counts' "
    "(repeatable, or comma-separated).",
)  # fmt: skip
@click.option(
    "--ignore", multiple=True, metavar="RULE",
    help="Leave out these rules' findings (ids or prefixes, as for --select).",
)  # fmt: skip
@click.option("--published", type=Date(), help="Reference date for articles without one.")
@click.option(
    "--date-order", type=click.Choice(DATE_ORDERS), default=None,
    help="How articles that neither state nor show theirs write 04/05/2025: "
    "dmy (4 May) or mdy (April 5, the default).",
)  # fmt: skip
@rule_options
@click.option(
    "--baseline", type=click.Path(dir_okay=False, path_type=Path),
    help="Leave out the findings accepted in this baseline file.",
)  # fmt: skip
@click.option(
    "--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
    help="Accept every finding of this run: write them to this baseline file.",
)  # fmt: skip
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), default="auto",
    show_default=True, help="Colour the text report; auto: on a terminal, unless NO_COLOR is set.",
)  # fmt: skip
@click.option(
    "--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read settings from this file instead of searching for one.",
)  # fmt: skip
@jobs_option
@click.option(
    "--dask", "dask_address", metavar="ADDRESS",
    help="Check on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) "
    "instead of on this machine (needs the dask extra).",
)  # fmt: skip
@click.option(
    "--show-claims", is_flag=True,
    help="List every claim as read (value, unit, event, topic, noun, names...) in the text "
    "and JSON reports: why a rule did or did not select it.",
)  # fmt: skip
def check(paths, **options):
    """Check an article set: directories, text or Markdown files, JSONL files, or - for stdin."""
    settings = _settings(options)
    checker = checker_or_exit(settings["rule_paths"], settings["no_bundled_rules"])
    finding_filter = _finding_filter(settings, checker)
    # Writing a baseline replaces the old one, so the old one need not exist or be read.
    baseline = None if settings["write_baseline"] else _read_baseline(settings["baseline"])
    # The set's claims live until the report is written: the collector is held back
    # until then, not only while the set is checked (walking them all again and again
    # took a third of the writing of 10,000 articles' report).
    with fewer_collections():
        status = _check_and_report(paths, checker, finding_filter, baseline, settings)
    sys.exit(status)


def _check_and_report(
    paths,
    checker: Checker,
    finding_filter: FindingFilter,
    baseline: Baseline | None,
    settings: dict,
) -> int:
    """Read, check and report the set; the exit status."""
    article_set = load_article_set(paths)
    if settings["dask_address"]:
        report = _check_on_cluster(settings["dask_address"], checker, article_set, settings)
    else:
        with Progress(len(article_set.documents)) as progress:
            report = checker.check(
                list(article_set.documents), article_set.problems, settings["published"],
                progress=progress.advance, jobs=settings["jobs"] or machine_cores(),
                date_order=settings["date_order"],
            )  # fmt: skip
    results = _results(report, checker, finding_filter, baseline, settings["write_baseline"])
    results = replace(results, show_claims=settings["show_claims"])
    report_problems(report.problems)
    _write_report(results, settings)
    return _exit_status(results, settings["fail_on"])


def _check_on_cluster(address: str, checker: Checker, article_set, settings: dict) -> Report:
    try:
        from factcheck.scale.cluster import check_on_cluster
    except ImportError:
        fail("--dask needs Dask: pip install 'factcheck[dask]'")
    documents = list(article_set.documents)
    try:
        report = check_on_cluster(
            address, documents, checker.rule_set, settings["published"], settings["date_order"]
        )
    except OSError as error:
        fail(f"--dask {address}: no Dask scheduler answers there ({error})")
    return replace(report, problems=(*article_set.problems, *report.problems))


def _settings(options: dict) -> dict:
    """The command line's options, over the settings file's, over the defaults."""
    try:
        config = load_config(options["config_file"])
    except ConfigError as error:
        fail(str(error))
    if config.path is not None and options["config_file"] is None:
        _name_found_settings(config.path)
    context = click.get_current_context()
    settings = dict(options)
    for name, value in config.values.items():
        if context.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
            settings[name] = value
    settings["select"] = split_patterns(settings["select"])
    settings["ignore"] = split_patterns(settings["ignore"])
    settings["output_format"] = settings["output_format"] or _format_for(settings["output"])
    return settings


def _name_found_settings(path: Path) -> None:
    """A settings file found above the current folder changes the run: say so."""
    if path.parent.resolve() != Path.cwd().resolve():
        click.echo(f"factcheck: using settings from {path}", err=True)


def _format_for(output: Path | None) -> str:
    if output is None:
        return "text"
    if output.name.endswith(".sarif.json"):
        return "sarif"
    return SUFFIX_FORMATS.get(output.suffix.lower(), "text")


def _finding_filter(settings: dict, checker: Checker) -> FindingFilter:
    rule_ids = [rule.id for rule in checker.rule_set.rules]
    for option in ("select", "ignore"):
        problem = unknown_pattern(settings[option], rule_ids)
        if problem:
            fail(f"--{option} {problem}")
    return FindingFilter(settings["select"], settings["ignore"], settings["min_confidence"])


def _read_baseline(path: Path | None) -> Baseline | None:
    try:
        return read_baseline(path) if path is not None else None
    except BaselineError as error:
        fail(str(error))


def _results(
    report: Report,
    checker: Checker,
    finding_filter: FindingFilter,
    baseline: Baseline | None,
    write_to: Path | None,
) -> Results:
    shown = finding_filter.apply(report.findings)
    if write_to is not None:
        try:
            count = write_baseline(write_to, shown)
        except BaselineError as error:
            fail(str(error))
        click.echo(f"factcheck: {write_to}: {count} findings accepted", err=True)
        new, accepted, path = (), shown, str(write_to)  # the new baseline accepts them all
    elif baseline is not None:
        new, accepted = baseline.split(shown)
        path = baseline.path
    else:
        new, accepted, path = shown, (), None
    return Results(replace(report, findings=new), checker.rule_set.rules, accepted, path)


def _write_report(results: Results, settings: dict) -> None:
    output, output_format = settings["output"], settings["output_format"]
    if output is None:
        color = _use_color(settings["color"], sys.stdout)
        write_report(results, output_format, sys.stdout, color)
        return
    try:
        with output.open("w", encoding="utf-8") as stream:
            write_report(results, output_format, stream, settings["color"] == "always")
    except OSError as error:
        fail(f"{output}: cannot write the report: {error.strerror}")
    click.echo(f"factcheck: {summary(results)} Report written to {output}.", err=True)


def _use_color(choice: str, stream) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _exit_status(results: Results, fail_on: str) -> int:
    for_problems = exit_for_problems(results.report.problems)
    if for_problems is not None:
        return for_problems
    if fail_on == "never":
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in results.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


@main.command(epilog=EXTRACT_HELP)
@click.argument("source", required=False, default="-", type=click.File("rb"))
@click.option(
    "--format", "output_format", type=click.Choice(["jsonl", "text"]), default="jsonl",
    show_default=True, help="One JSON line per input line, or a readable listing.",
)  # fmt: skip
@click.option(
    "--input", "input_format", type=click.Choice(["auto", "jsonl", "text"]), default="auto",
    show_default=True, help="JSONL records {id, text, ref_time}, or one plain text.",
)  # fmt: skip
@click.option("--published", type=Date(), help="Reference date where a record has none.")
@click.option(
    "--date-order", type=click.Choice(DATE_ORDERS), default=None,
    help="How 04/05/2025 is read where a text does not show it: dmy or mdy (the default).",
)  # fmt: skip
@rule_options
@jobs_option
def extract(
    source, output_format, input_format, published, date_order, rule_paths, no_bundled_rules, jobs
):
    """Print the claims found in text (JSONL records on stdin or in SOURCE).

    Every input line gets exactly one output line, in order; a line that cannot be
    read gets {"id": null, "claims": [], "error": ...} and the exit status is 2. Each
    claim's "about" says what it was read as: event, topic and noun classes (from the
    lexicon of --rules too), names, hedges; `--format text` lists the same, one a line.
    A record's text may be as long as an article `check` reads, all of them as long as
    a set (FACTCHECK_MAX_ARTICLE_BYTES, FACTCHECK_MAX_SET_BYTES); one past a limit is
    an error line.
    """
    checker = checker_or_exit(rule_paths, no_bundled_rules)
    status = EXIT_OK
    try:
        budget = Budget.from_environment()
    except LimitError as error:
        click.echo(f"factcheck: environment: {error}", err=True)
        budget, status = Budget(), EXIT_ERROR
    records = list(read_records(source, input_format, budget))
    tasks = [
        (Document(str(record["id"]), record["text"], "-"), _ref_time(record.get("ref_time")))
        for _, record in records
        if not isinstance(record, str)
    ]
    tasks = [(document, ref_time or published) for document, ref_time in tasks]
    outcomes = checker.extract_each(tasks, jobs or machine_cores(), date_order)
    for line_number, record in records:
        if isinstance(record, str):
            status = max(status, EXIT_ERROR)
            _print_failure(line_number, None, record)
            continue
        outcome = next(outcomes)
        if isinstance(outcome, Problem):
            status = EXIT_INTERNAL
            _print_failure(line_number, str(record["id"]), outcome.message)
            continue
        for note in outcome.notes:  # a list or table of figures, not read claim by claim
            status = max(status, EXIT_ERROR)
            click.echo(f"factcheck: line {line_number}: {note.message}", err=True)
        _print_extraction(outcome, output_format)
    sys.exit(status)


def _print_failure(line_number: int, record_id: str | None, message: str) -> None:
    click.echo(f"factcheck: line {line_number}: {message}", err=True)
    click.echo(json.dumps({"id": record_id, "claims": [], "error": message}))


def _ref_time(value) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _print_extraction(result, output_format: str) -> None:
    if output_format == "jsonl":
        claims = [claim_json(c, with_doc=False) for c in result.claims]
        click.echo(json.dumps({"id": result.document.id, "claims": claims}, ensure_ascii=False))
        return
    for claim in result.claims:
        click.echo(claim_line(claim))


@main.group()
def rules() -> None:
    """Work with rule files."""


@rules.command("validate", epilog=VALIDATE_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(paths):
    """Check rule files (default: the bundled pack) without running them."""
    rule_set = rules_or_exit(list(paths) or None)
    click.echo(f"{len(rule_set.rules)} rules in {len(rule_set.files)} files: all valid")


@rules.command("test", epilog=TEST_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--no-bundled-rules", "no_bundled", is_flag=True,
    help="Run the examples with the given files' own lexicon only, not the bundled one.",
)  # fmt: skip
def test_rules(paths, no_bundled):
    """Run the examples each rule carries (default: the bundled pack); list rules without any.

    The examples of the given files run with the lexicon `check --rules` would use: the
    bundled one merged with theirs, so an example passes here only if `check` finds it.
    """
    from factcheck.cli.ruletests import run_rule_tests, untested

    rule_set = rules_or_exit(list(paths) or None)
    if paths and not no_bundled:
        merged = rules_or_exit([bundled_rules_dir(), *paths])
        own = {rule.id for rule in rule_set.rules}
        rule_set = replace(merged, rules=tuple(r for r in merged.rules if r.id in own))
    results = run_rule_tests(rule_set)
    for result in results:
        status = "ok  " if result.passed else "FAIL"
        click.echo(f"{status} {result.rule}: {result.name}")
        if result.detail:
            click.echo(f"     {result.detail}")
    for rule_id in untested(rule_set):
        click.echo(f"note: {rule_id} has no tests")
    failed = sum(not r.passed for r in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@rules.command("schema")
def schema():
    """Print the JSON Schema of rule files, for editors that validate YAML as it is typed."""
    from factcheck.rulebook.language import rule_file_schema  # pydantic: only when asked

    click.echo(json.dumps(rule_file_schema(), indent=2))


from factcheck.cli.authoring import init, list_rules, show_rule  # noqa: E402

main.add_command(init)
rules.add_command(list_rules)
rules.add_command(show_rule)
