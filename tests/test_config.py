"""Settings from factcheck.toml or [tool.factcheck] in pyproject.toml; options override them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import LOCAL_RULE, ROOT

from factcheck.cli.main import main
from factcheck.cli.settings import Config, ConfigError, find_config, load_config

FLOOD = ROOT / "fixtures" / "flood"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch) -> Path:
    """A newsroom's project folder with the article set in it, as the current folder."""
    shutil.copytree(FLOOD, tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------- finding the file


def test_nearest_file_above_the_current_folder_applies(tmp_path: Path) -> None:
    outer = write(tmp_path / "pyproject.toml", "[tool.factcheck]\nfail-on = 'warning'\n")
    inner = tmp_path / "desk" / "today"
    inner.mkdir(parents=True)

    assert find_config(inner) == outer
    inner_file = write(tmp_path / "desk" / "factcheck.toml", "fail-on = 'info'\n")
    assert find_config(inner) == inner_file


def test_factcheck_toml_wins_over_pyproject_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.factcheck]\nfail-on = 'warning'\n")
    own = write(tmp_path / "factcheck.toml", "fail-on = 'info'\n")

    assert find_config(tmp_path) == own


def test_pyproject_of_another_tool_is_passed_over(tmp_path: Path) -> None:
    outer = write(tmp_path / "factcheck.toml", "fail-on = 'info'\n")
    write(tmp_path / "app" / "pyproject.toml", "[project]\nname = 'app'\n[tool.ruff]\n")
    write(tmp_path / "other" / "pyproject.toml", "[project\nbroken = \n")

    assert find_config(tmp_path / "app") == outer
    assert find_config(tmp_path / "other") == outer


def test_no_file_is_no_settings(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None
    assert load_config(start=tmp_path) == Config()


# ---------------------------------------------------------------------- reading it


def test_every_key_is_read_with_paths_relative_to_the_file(tmp_path: Path) -> None:
    write(tmp_path / "house-rules" / "local.yaml", "rules: []\n")
    config_file = write(
        tmp_path / "pyproject.toml",
        """\
[project]
name = "newsroom"

[tool.factcheck]
format = "sarif"
output = "reports/check.sarif"
min-confidence = 0.5
select = ["counts", "dates.event-start"]
ignore = "figures"
fail-on = "warning"
rules = ["house-rules"]
bundled-rules = false
published = 2025-06-10         # a TOML date
baseline = "accepted.json"
color = "never"
""",
    )

    config = load_config(start=tmp_path)

    assert config.path == config_file
    assert config.values == {
        "output_format": "sarif",
        "output": tmp_path / "reports" / "check.sarif",
        "min_confidence": 0.5,
        "select": ("counts", "dates.event-start"),
        "ignore": ("figures",),
        "fail_on": "warning",
        "rule_paths": (tmp_path / "house-rules",),
        "no_bundled_rules": True,
        "published": dt.date(2025, 6, 10),
        "baseline": tmp_path / "accepted.json",
        "color": "never",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("min-confidense = 0.5\n", "unknown key 'min-confidense'; did you mean 'min-confidence'?"),
        ("min-confidence = 'high'\n", "min-confidence: expected a number from 0 to 1, not 'high'"),
        ("min-confidence = 2\n", "min-confidence: expected a number from 0 to 1, not 2"),
        ("format = 'pdf'\n", "format: expected one of text, json, jsonl, sarif, html, not 'pdf'"),
        ("fail-on = 'critical'\n", "fail-on: expected one of error, warning, info, never"),
        ("select = [1]\n", "select: expected a list of strings, not [1]"),
        ("bundled-rules = 'no'\n", "bundled-rules: expected true or false, not 'no'"),
        ("published = 'June 10'\n", "published: expected a date (YYYY-MM-DD), not 'June 10'"),
        ("rules = ['nowhere']\n", "rules: "),
        ("format = \n", "invalid TOML: "),
        ("[tool.factcheck]\nformat = 'json'\n", "settings go at the top level of factcheck.toml"),
    ],
    ids=[
        "misspelt-key",
        "not-a-number",
        "out-of-range",
        "unknown-format",
        "unknown-severity",
        "not-strings",
        "not-a-flag",
        "not-a-date",
        "missing-rules",
        "bad-toml",
        "tool-table",
    ],
)
def test_bad_settings_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    config_file = write(tmp_path / "factcheck.toml", text)

    with pytest.raises(ConfigError) as raised:
        load_config(start=tmp_path)

    assert str(raised.value).startswith(f"{config_file}: {message}")


def test_pyproject_messages_name_the_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.factcheck]\ncolour = 'never'\n")

    with pytest.raises(
        ConfigError, match=r"\[tool.factcheck\] unknown key 'colour'; did you mean 'color'"
    ):
        load_config(start=tmp_path)


# ---------------------------------------------------------------------- on the command line


def test_settings_file_drives_the_check(newsroom: Path) -> None:
    write(
        newsroom / "factcheck.toml",
        'format = "json"\nselect = ["counts"]\nfail-on = "never"\n',
    )

    exit_code, out, _ = run("check", "articles")

    assert exit_code == 0  # fail-on = never
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["counts.casualties"]


def test_command_line_overrides_the_file(newsroom: Path) -> None:
    write(newsroom / "factcheck.toml", 'format = "json"\nselect = ["counts"]\nfail-on = "never"\n')

    exit_code, out, _ = run("check", "articles", "--select", "dates", "--fail-on", "error")

    assert exit_code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["dates.event-start"]


def test_output_and_baseline_paths_are_relative_to_the_file(newsroom: Path, monkeypatch) -> None:
    write(newsroom / "factcheck.toml", 'output = "out/report.html"\nbaseline = "accepted.json"\n')
    desk = newsroom / "desk"
    desk.mkdir()
    (newsroom / "out").mkdir()
    monkeypatch.chdir(desk)  # the file is found from below, and its paths still hold

    exit_code, out, err = run(
        "check", "../articles", "--write-baseline", newsroom / "accepted.json"
    )
    assert exit_code == 0
    exit_code, out, err = run("check", "../articles")

    assert exit_code == 0  # everything accepted in the baseline the file names
    assert out == ""
    assert "<!doctype html>" in (newsroom / "out" / "report.html").read_text(encoding="utf-8")
    assert err.endswith(f"Report written to {newsroom / 'out' / 'report.html'}.\n")


def test_rules_from_the_file_add_to_the_bundled_pack(newsroom: Path) -> None:
    write(
        newsroom / "house" / "local.yaml",
        LOCAL_RULE.replace("severity: error", "severity: warning"),
    )
    write(newsroom / "factcheck.toml", 'rules = ["house"]\nformat = "json"\n')

    exit_code, out, _ = run("check", "articles")

    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert exit_code == 1
    assert {"local.start", "dates.event-start"} <= rules


def test_published_from_the_file_dates_undated_articles(newsroom: Path) -> None:
    write(newsroom / "factcheck.toml", 'published = 2025-06-11\nformat = "json"\n')
    write(newsroom / "undated" / "note.txt", "The evacuation began on Friday.\n")

    out = run("check", "undated")[1]

    [document] = json.loads(out)["documents"]
    assert (document["published"], document["published_how"]) == ("2025-06-11", "--published")


def test_bad_settings_file_stops_the_run(newsroom: Path) -> None:
    config_file = write(newsroom / "factcheck.toml", "min-confidence = 'high'\n")

    exit_code, out, err = run("check", "articles")

    assert (exit_code, out) == (2, "")
    assert err == (
        f"factcheck: {config_file}: min-confidence: expected a number from 0 to 1, not 'high'\n"
    )


def test_explicit_config_file_is_used_instead_of_searching(newsroom: Path, tmp_path: Path) -> None:
    write(newsroom / "factcheck.toml", 'format = "text"\n')
    elsewhere = write(tmp_path / "settings" / "strict.toml", 'format = "jsonl"\n')

    out = run("check", "articles", "--config", elsewhere)[1]

    assert json.loads(out.splitlines()[0])["type"] == "header"


def test_settings_know_every_report_format() -> None:
    from factcheck import reports
    from factcheck.cli import settings

    assert settings.FORMATS == reports.FORMATS
