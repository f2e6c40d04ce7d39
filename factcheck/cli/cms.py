"""`factcheck archive ...` and `factcheck serve`: the claim archive and the HTTP service.

Loaded by the main command group (cli/main.py) only when one of them runs. This module does
not import factcheck.cli.main, so either can be imported first.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from factcheck.cli.settings import (
    SERVE_TABLE,
    SEVERITIES,
    ConfigError,
    find_config,
    settings_table,
)
from factcheck.cli.shared import (
    EXIT_OK,
    Date,
    checker_or_exit,
    exit_for_problems,
    fail,
    jobs_option,
    machine_cores,
    report_problems,
    rule_options,
    rule_path_list,
    rules_or_exit,
)
from factcheck.cms.access import ENV_TOKEN
from factcheck.cms.api import Checker, Gate, rules_version
from factcheck.cms.archive import DEFAULT_PATH, ENV_PATH, Archive, ArchiveError
from factcheck.cms.config import (
    DEFAULT_HEAVY_BYTES,
    DEFAULT_MAX_BODY,
    DEFAULT_TIME_BUDGET,
    ServiceConfig,
)
from factcheck.cms.schemas import MAX_SOURCES
from factcheck.model import Problem

EXIT_PROBLEMS = 1  # some documents could not be stored or removed


def _archive_option(command):
    return click.option(
        "--archive",
        "archive_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_PATH,
        envvar=ENV_PATH,
        show_default=True,
        help=f"The archive file (or ${ENV_PATH}).",
    )(command)


def _open(path: Path, **options) -> Archive:
    try:
        return Archive(path, **options)
    except ArchiveError as error:
        fail(str(error))


# --------------------------------------------------------------------------- archive


@click.group()
def archive() -> None:
    """Keep published articles and their claims in a SQLite archive to check drafts against."""


@archive.command("add")
@click.argument("paths", nargs=-1, required=True)
@_archive_option
@click.option("--story", help="File the documents under this story (drafts can be limited to it).")
@click.option("--published", type=Date(), help="Reference date for articles without one.")
@click.option(
    "--synchronous", type=click.Choice(["normal", "full"]), default="normal", show_default=True,
    help="full: fsync every commit, so a power cut cannot undo one either.",
)  # fmt: skip
@click.option("-v", "--verbose", is_flag=True, help="Print each document once it is committed.")
@rule_options
@jobs_option
def add(
    paths, archive_path, story, published, synchronous, verbose, rule_paths, no_bundled_rules, jobs
):
    """Store articles (folders, files, .jsonl sets, - for stdin) and their claims.

    Each document is committed whole, with all its claims (in batches of up to 64; -v
    prints each once committed), under its own story (a `story` field in its JSONL
    record or front matter), else under --story; a document whose id is already
    archived is replaced. The rules' lexicon decides what each claim is about, so
    re-add documents after changing it. Exit status 2 if an article could not be
    read, 3 if factcheck itself failed on one (it is left out).
    """
    from factcheck.load.articles import load_article_set

    checker = checker_or_exit(rule_paths, no_bundled_rules)
    added = replaced = claims = 0
    problems = []
    with _open(archive_path, synchronous=synchronous) as store:
        store.ensure_indexes(checker.rule_set)
        version = rules_version(checker.rule_set)
        for path in paths:
            article_set = load_article_set([path])
            report_problems(article_set.problems)
            problems.extend(article_set.problems)
            tasks = [(doc, published) for doc in article_set.documents]
            read = checker.extract_each(tasks, jobs or machine_cores())
            for done in store.add_filed(_filed(read, story, problems), version):
                added += 1
                replaced += done.replaced
                claims += done.claims
                if verbose:
                    what = "replaced" if done.replaced else "added"
                    click.echo(f"{what} {done.id} ({done.claims} claims)")
    note = f", {replaced} of them replaced" if replaced else ""
    click.echo(f"archived {added} documents ({claims} claims){note} in {archive_path}")
    sys.exit(exit_for_problems(problems) or EXIT_OK)


def _filed(read, story: str | None, problems: list[Problem]):
    """Each document read, with the story it is filed under (its own, else `story`); a
    document that could not be read is reported, and the rest go on."""
    for outcome in read:
        if isinstance(outcome, Problem):
            report_problems([outcome])
            problems.append(outcome)
        else:
            yield outcome, outcome.document.story or story


@archive.command("stats")
@_archive_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def stats(archive_path, output_format):
    """What the archive holds: documents, claims, stories, dates, rule versions."""
    with _open(archive_path, readonly=True) as store:
        found = store.stats()
    if output_format == "json":
        click.echo(json.dumps(found, indent=2))
        return
    click.echo(f"{found['path']}: {found['documents']} documents, {found['claims']} claims")
    click.echo(f"stories: {found['stories']}")
    click.echo(f"dates: {found['first_day'] or '-'} to {found['last_day'] or '-'}")
    for version, count in sorted(found["rules_versions"].items()):
        click.echo(f"rules version {version or '-'}: {count} documents")


@archive.command("check")
@_archive_option
def check_archive(archive_path):
    """Check the archive's integrity: SQLite's own check, and every document's claims."""
    with _open(archive_path, readonly=True) as store:
        problems = store.integrity()
    for problem in problems:
        click.echo(f"factcheck: {archive_path}: {problem}", err=True)
    if problems:
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"{archive_path}: ok")


@archive.command("remove")
@click.argument("ids", nargs=-1, required=True)
@_archive_option
def remove(ids, archive_path):
    """Delete documents and their claims by id."""
    with _open(archive_path) as store:
        removed = store.remove(ids)
    click.echo(f"removed {removed} of {len(ids)} documents from {archive_path}")
    sys.exit(EXIT_OK if removed == len(ids) else EXIT_PROBLEMS)


# ----------------------------------------------------------------------------- serve

PATH_SETTINGS = ("archive_path", "token_file", "rule_paths")  # relative to the file


def _apply_serve_settings(context: click.Context, options: dict, config_file: Path | None):
    """The [serve] table of the settings file under the options not given on the command
    line: keys are serve's long options without dashes, checked as the options are."""
    path = config_file or find_config(Path.cwd().resolve())
    if path is None:
        return
    try:
        table, where = settings_table(path)
    except ConfigError as error:
        fail(str(error))
    serve_table = table.get(SERVE_TABLE, {})
    if not isinstance(serve_table, dict):
        fail(f"{path}: {where}{SERVE_TABLE} must be a table")
    parameters = {p.name: p for p in context.command.params if p.name != "config_file"}
    flags = {p.opts[0].lstrip("-"): p for p in parameters.values()}
    for key, value in serve_table.items():
        parameter = flags.get(key.replace("_", "-"))
        if parameter is None:
            close = difflib.get_close_matches(key.replace("_", "-"), list(flags), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            fail(f"{path}: {where}[{SERVE_TABLE}] unknown key '{key}'{hint}")
        if context.get_parameter_source(parameter.name) != ParameterSource.DEFAULT:
            continue  # the command line wins
        if parameter.name in PATH_SETTINGS:
            value = _relative(value, path.resolve().parent)
        try:
            options[parameter.name] = parameter.type_cast_value(context, value)
        except click.BadParameter as error:
            fail(f"{path}: {where}[{SERVE_TABLE}] {key}: {error.message}")


def _relative(value, base: Path):
    if isinstance(value, list):
        return [_relative(v, base) for v in value]
    return str(base / value) if isinstance(value, str) else value


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--archive", "archive_path", type=click.Path(dir_okay=False, path_type=Path), envvar=ENV_PATH,
    help=f"Check drafts against this archive too (or ${ENV_PATH}); read only.",
)  # fmt: skip
@click.option(
    "--archive-days", type=click.IntRange(0), default=None,
    help="Read only archived articles dated within this many days of the draft (a request "
    "may ask otherwise).",
)  # fmt: skip
@click.option(
    "--block-on", type=click.Choice(SEVERITIES), default=Gate.block_severity, show_default=True,
    help="The lowest severity that can block a draft.",
)  # fmt: skip
@click.option(
    "--block-confidence", type=click.FloatRange(0, 1), default=Gate.block_confidence,
    show_default=True,
    help="How sure such a finding must be to block.",
)  # fmt: skip
@click.option(
    "--warn-on", type=click.Choice(SEVERITIES), default=Gate.warn_severity, show_default=True,
    help="The lowest severity that makes a warning.",
)  # fmt: skip
@click.option(
    "--warn-confidence", type=click.FloatRange(0, 1), default=Gate.warn_confidence,
    show_default=True,
    help="How sure such a finding must be to warn.",
)  # fmt: skip
@click.option(
    "--on-partial", type=click.Choice(["pass", "warn", "block"]), default="warn",
    show_default=True, help="The least decision for a check that ran out of time.",
)  # fmt: skip
@click.option(
    "--max-body-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BODY, show_default=True,
    help="Larger requests get 413.",
)  # fmt: skip
@click.option(
    "--max-sources", type=click.IntRange(0), default=MAX_SOURCES, show_default=True,
    help="Requests with more sources get 422 (too_many_sources).",
)  # fmt: skip
@click.option(
    "--time-budget", type=click.FloatRange(0.01), default=DEFAULT_TIME_BUDGET, show_default=True,
    help="Seconds a check may take before it answers with status partial.",
)  # fmt: skip
@click.option(
    "--cors-origin", "cors_origins", multiple=True,
    help="A browser origin allowed to call the service, e.g. https://studio.example.org "
    "(repeatable; * for any).",
)  # fmt: skip
@click.option(
    "--token-file", type=click.Path(dir_okay=False, path_type=Path),
    help=f"Ask every request but GET /healthz for 'Authorization: Bearer <token>', the "
    f"token being this file's first line (or ${ENV_TOKEN}).",
)  # fmt: skip
@click.option(
    "--threads", type=click.IntRange(1), default=4, show_default=True,
    help="Checks run at once in each process.",
)  # fmt: skip
@click.option(
    "--workers", type=click.IntRange(1), default=1, show_default=True,
    help="Server processes (each builds its own checker).",
)  # fmt: skip
@click.option(
    "--max-pending", type=click.IntRange(1), default=32, show_default=True,
    help="Checks running or waiting for a thread, per process; more get 429 with Retry-After.",
)  # fmt: skip
@click.option(
    "--heavy-bytes", type=click.IntRange(0), default=DEFAULT_HEAVY_BYTES, show_default=True,
    help="Requests of more bytes are checked in a worker process, which is killed and "
    "replaced if it overruns the time budget and replaced once it has grown, so their work "
    "neither holds up other checks nor stays in the server's memory.",
)  # fmt: skip
@click.option(
    "--heavy-processes", type=click.IntRange(0), default=1, show_default=True,
    help="Worker processes for requests over --heavy-bytes, per server process, at a lower "
    "CPU priority; one more such request gets 429 with Retry-After. 0: every check runs in "
    "a thread.",
)  # fmt: skip
@click.option(
    "--max-connections", type=click.IntRange(1), default=500, show_default=True,
    help="Open connections per process; a request on one more gets 503.",
)  # fmt: skip
@click.option(
    "--header-timeout", type=click.FloatRange(0.1), default=10.0, show_default=True,
    help="Seconds a client has to send a request's headers, from connecting or from the last "
    "answer; then the connection closes, with 408 if a request had begun (so an idle "
    "kept-alive connection lasts this long).",
)  # fmt: skip
@click.option(
    "--body-timeout", type=click.FloatRange(0.1), default=10.0, show_default=True,
    help="Seconds a client has to send a request's body; then 408.",
)  # fmt: skip
@click.option(
    "--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info", show_default=True,
)  # fmt: skip
@click.option("--no-access-log", is_flag=True, help="Do not log each request.")
@rule_options
@click.option(
    "--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the [serve] table of this settings file instead of the one found.",
)  # fmt: skip
@click.pass_context
def serve(context, config_file, **options):
    """Start the HTTP service: POST /v1/check, GET /healthz, GET /openapi.json.

    \b
    Settings: the [serve] table of the nearest factcheck.toml (or [tool.factcheck.serve]
    in pyproject.toml), keys as the long options without dashes, e.g.
      [serve]
      port = 8080
      cors-origin = ["https://studio.example.org"]
      token-file = "secrets/factcheck-token"
    An option given on the command line overrides the file.
    """
    _apply_serve_settings(context, options, config_file)
    _serve(**options)


def _serve(
    host, port, archive_path, archive_days, block_on, block_confidence, warn_on,
    warn_confidence, on_partial, max_body_bytes, max_sources, time_budget, cors_origins,
    token_file, threads, workers, max_pending, heavy_bytes, heavy_processes, max_connections,
    header_timeout, body_timeout, log_level, no_access_log, rule_paths, no_bundled_rules,
):  # fmt: skip
    import uvicorn

    from factcheck.cms.access import TokenError, read_token
    from factcheck.cms.server import TimedH11Protocol
    from factcheck.cms.service import ENV_CONFIG, create_app

    try:
        token = read_token(token_file)
    except TokenError as error:
        fail(str(error))
    gate = Gate(block_on, block_confidence, warn_on, warn_confidence, on_partial)
    # The embedding's Checker: it keeps the readings of articles sent again and again.
    checker = Checker(rules_or_exit(rule_path_list(rule_paths, no_bundled_rules)))
    # A locked archive is waited on for no longer than a check may take.
    store = _open(archive_path, readonly=True, timeout=time_budget) if archive_path else None
    TimedH11Protocol.header_timeout = header_timeout
    run = {
        "host": host, "port": port, "log_level": log_level, "access_log": not no_access_log,
        "timeout_graceful_shutdown": 5, "http": TimedH11Protocol,
        "limit_concurrency": max_connections,
    }  # fmt: skip
    if workers == 1:
        config = ServiceConfig(
            max_body_bytes, time_budget, gate, archive_days, threads, max_sources,
            tuple(cors_origins), token, max_pending, body_timeout, heavy_bytes, heavy_processes,
        )  # fmt: skip
        uvicorn.run(create_app(checker, store, config), **run)
        return
    # Several processes: each builds its app from the same settings, checked above.
    if store is not None:
        store.close()
    settings = {
        "rule_paths": [str(p) for p in rule_path_list(rule_paths, no_bundled_rules)],
        "archive": str(archive_path) if archive_path else None,
        "archive_days": archive_days,
        "max_body_bytes": max_body_bytes,
        "max_sources": max_sources,
        "time_budget": time_budget,
        "cors_origins": list(cors_origins),
        "workers": threads,
        "max_pending": max_pending,
        "header_timeout": header_timeout,
        "body_timeout": body_timeout,
        "heavy_bytes": heavy_bytes,
        "heavy_processes": heavy_processes,
        "gate": {
            "block_severity": block_on, "block_confidence": block_confidence,
            "warn_severity": warn_on, "warn_confidence": warn_confidence,
            "on_partial": on_partial,
        },
    }  # fmt: skip
    os.environ[ENV_CONFIG] = json.dumps(settings)
    if token:
        os.environ[ENV_TOKEN] = token  # the worker processes read it; it is not in the JSON
    uvicorn.run("factcheck.cms.service:app_from_environment", factory=True, workers=workers, **run)
