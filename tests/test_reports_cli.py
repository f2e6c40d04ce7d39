"""`factcheck check` options around the reports: --output, --select/--ignore, exit codes,
--help, and the progress bar."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from factcheck.cli.main import main
from factcheck.cli.progress import Progress
from factcheck.load.articles import load_article_set

FLOOD = ROOT / "fixtures" / "flood"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def rules_reported(*options: str) -> list[str]:
    out = run("check", FLOOD, "--format", "json", *options)[1]
    return [f["rule"] for f in json.loads(out)["findings"]]


# ---------------------------------------------------------------------- --output


@pytest.mark.parametrize(
    ("name", "first_bytes"),
    [
        ("report.html", "<!doctype html>"),
        ("report.sarif", '{\n  "$schema"'),
        ("report.sarif.json", '{\n  "$schema"'),
        ("report.json", '{\n  "version": "1"'),
        ("report.jsonl", '{"type": "header"'),
        ("report.txt", "error[dates.event-start]"),
    ],
)
def test_output_file_format_follows_its_suffix(tmp_path: Path, name: str, first_bytes: str) -> None:
    output = tmp_path / name

    exit_code, out, err = run("check", FLOOD, "--output", output)

    assert (exit_code, out) == (1, "")
    assert output.read_text(encoding="utf-8").startswith(first_bytes)
    assert err == (
        f"factcheck: 4 findings (2 errors, 2 infos) in 4 documents. Report written to {output}.\n"
    )


def test_format_option_beats_the_suffix(tmp_path: Path) -> None:
    output = tmp_path / "report.html"

    run("check", FLOOD, "-o", output, "--format", "json")

    assert json.loads(output.read_text(encoding="utf-8"))["version"] == "1"


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    output = tmp_path / "missing" / "report.html"

    exit_code, _, err = run("check", FLOOD, "--output", output)

    assert exit_code == 2
    assert err.startswith(f"factcheck: {output}: cannot write the report: ")


# ---------------------------------------------------------------------- --select, --ignore


def test_select_takes_ids_and_dotted_prefixes() -> None:
    assert rules_reported("--select", "counts") == ["counts.casualties"]
    assert rules_reported("--select", "counts,dates.event-start") == [
        "dates.event-start",
        "counts.casualties",
    ]
    assert rules_reported("--select", "counts", "--select", "figures") == [
        "counts.casualties",
        "figures.single-source",
        "figures.single-source",
    ]


def test_ignore_leaves_out_and_wins_over_select() -> None:
    assert rules_reported("--ignore", "figures") == ["dates.event-start", "counts.casualties"]
    assert rules_reported("--select", "counts,dates", "--ignore", "dates") == ["counts.casualties"]


def test_a_prefix_is_whole_dotted_parts() -> None:
    exit_code, _, err = run("check", FLOOD, "--select", "count")

    assert exit_code == 2
    assert err == "factcheck: --select 'count' matches no rule; did you mean 'counts'?\n"


def test_ignored_rules_findings_do_not_decide_the_exit_status() -> None:
    assert run("check", FLOOD, "--ignore", "dates,counts")[0] == 0
    assert run("check", FLOOD, "--ignore", "dates,counts", "--fail-on", "info")[0] == 1


def test_min_confidence_applies_to_every_format() -> None:
    out = run("check", FLOOD, "--format", "sarif", "--min-confidence", "0.35")[1]

    results = json.loads(out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [
        "dates.event-start",
        "figures.single-source",
        "figures.single-source",
    ]


# ---------------------------------------------------------------------- --help


def test_help_documents_exit_codes_formats_and_settings() -> None:
    out = run("check", "--help")[1]

    for text in (
        "[text|json|jsonl|sarif|html]",
        "--baseline FILE",
        "--write-baseline FILE",
        "[tool.factcheck]",
        "factcheck.toml",
        "Exit status:",
        "  0  no finding reaches the --fail-on severity",
        "  1  at least one finding does",
        "  2  a usage or configuration error",
    ):
        assert text in out


# ---------------------------------------------------------------------- progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_appears_on_a_terminal_once_a_run_is_slow() -> None:
    clock = iter(float(t) for t in range(100))
    stream = Terminal()

    with Progress(5, stream=stream, delay=2, clock=lambda: next(clock)) as progress:
        for _ in range(5):
            progress.advance()

    shown = stream.getvalue()
    assert "Checking" in shown and "5/5" in shown
    assert "1/5" not in shown  # the first second passed without a bar
    assert shown.endswith("\r\x1b[2K\x1b[?25h")  # wiped, and the cursor shown again


def test_no_progress_bar_for_a_quick_run_or_off_a_terminal() -> None:
    quick, piped = Terminal(), io.StringIO()
    clock = iter(float(t) for t in range(100))

    with Progress(3, stream=quick, delay=60) as progress:
        for _ in range(3):
            progress.advance()
    with Progress(3, stream=piped, delay=0, clock=lambda: next(clock)) as progress:
        for _ in range(3):
            progress.advance()

    assert (quick.getvalue(), piped.getvalue()) == ("", "")


def test_checker_reports_progress_once_per_document(checker) -> None:
    documents = list(load_article_set([str(FLOOD)]).documents)
    seen: list[str] = []

    checker.check(documents, progress=lambda document: seen.append(document.id))

    assert seen == [d.id for d in documents]
