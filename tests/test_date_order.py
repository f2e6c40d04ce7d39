"""Day first or month first: the article's metadata, its own unambiguous dates, the
set's setting (command line or settings file), else month first."""

from __future__ import annotations

from click.testing import CliRunner

from factcheck.cli.main import main
from factcheck.load.articles import load_article_set
from factcheck.pipeline import Checker

UK = "---\nid: uk\npublished: 2025-06-01\n---\nThe vote on 04/05/2025 was close. Results came on 25/05/2025.\n"  # noqa: E501
US = "---\nid: us\npublished: 2025-06-01\n---\nThe vote on 04/05/2025 was close.\n"
STATED = "---\nid: stated\npublished: 2025-06-01\ndate-order: dmy\n---\nThe vote on 04/05/2025 was close.\n"  # noqa: E501


def _timexes(tmp_path, texts: dict[str, str], **options) -> dict[str, list[str]]:
    for name, text in texts.items():
        (tmp_path / f"{name}.md").write_text(text)
    articles = load_article_set([str(tmp_path / f"{name}.md") for name in texts])
    results = Checker().extract_set(list(articles.documents), **options)
    return {r.document.id: [c.value.timex for c in r.claims] for r in results}


def test_an_article_that_shows_day_first_dates_is_read_day_first(tmp_path):
    found = _timexes(tmp_path, {"uk": UK, "us": US})
    assert found == {"uk": ["2025-05-04", "2025-05-25"], "us": ["2025-04-05"]}


def test_front_matter_states_the_order(tmp_path):
    assert _timexes(tmp_path, {"stated": STATED}) == {"stated": ["2025-05-04"]}


def test_the_set_setting_applies_where_an_article_neither_states_nor_shows(tmp_path):
    found = _timexes(tmp_path, {"us": US, "stated": STATED.replace("dmy", "mdy")}, date_order="dmy")
    assert found == {"us": ["2025-05-04"], "stated": ["2025-04-05"]}


def test_a_bad_date_order_in_front_matter_is_a_problem_at_its_place(tmp_path):
    (tmp_path / "a.md").write_text(STATED.replace("dmy", "ymd"))
    (problem,) = load_article_set([str(tmp_path / "a.md")]).problems
    assert (problem.line, problem.column) == (4, 13)
    assert "date-order 'ymd' must be dmy" in problem.message


VOTE_DATE = """\
rules:
  - id: vote.date
    kind: agreement
    description: The day of the vote.
    select: {type: date}
    group_by: [type]
    severity: error
    message: "{doc} dates the vote {value}, against {others}"
"""


def test_the_settings_file_sets_the_order(tmp_path, monkeypatch):
    (tmp_path / "us.md").write_text(US)
    (tmp_path / "other.md").write_text(
        US.replace("id: us", "id: other").replace("04/05/2025", "May 4, 2025")
    )
    (tmp_path / "vote.yaml").write_text(VOTE_DATE)
    monkeypatch.chdir(tmp_path)
    command = ["check", "us.md", "other.md", "--rules", "vote.yaml", "--no-bundled-rules"]
    assert CliRunner().invoke(main, command).exit_code == 1  # month first: April 5
    (tmp_path / "factcheck.toml").write_text('date-order = "dmy"\n')
    assert CliRunner().invoke(main, command).exit_code == 0
    assert CliRunner().invoke(main, [*command, "--date-order", "mdy"]).exit_code == 1
    (tmp_path / "factcheck.toml").write_text('date-order = "ydm"\n')
    bad = CliRunner().invoke(main, command)
    assert bad.exit_code == 2
    assert "date-order: expected one of dmy, mdy" in bad.output
