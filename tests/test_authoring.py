"""What a rule author works with: `rules list`, `rules show`, `init`, seeing what each
claim was read as (`extract --rules`, `check --show-claims`), and the messages that point
at their mistakes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from factcheck.cli.main import main

TURNOUT_RULES = """\
lexicon:
  topics:
    turnout: [turnout]
rules:
  - id: vote.turnout
    kind: agreement
    description: Turnout figures of one election agree.
    select: {type: quantity, unit: ["%"], topic: [turnout]}
    group_by: [topic, unit]
    severity: warning
    message: "{doc} puts turnout at {value}, against {others}"
"""
ARTICLE = "Turnout was 48.2 percent, officials in Lisbon said on Monday.\n"


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rules_list_names_every_rule_check_runs(tmp_path):
    (tmp_path / "vote.yaml").write_text(TURNOUT_RULES)
    result = _invoke("rules", "list", "--rules", str(tmp_path / "vote.yaml"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    (own,) = [line for line in lines if line.startswith("vote.turnout")]
    assert own.split()[:4] == ["vote.turnout", "agreement", "warning", "0"]
    assert own.endswith("Turnout figures of one election agree.")
    assert any(line.startswith("counts.casualties") for line in lines)  # the bundled pack
    assert lines[-1].startswith(f"{len(lines) - 1} rules in ")


def test_rules_show_prints_a_rule_as_read(tmp_path):
    (tmp_path / "vote.yaml").write_text(TURNOUT_RULES)
    result = _invoke("rules", "show", "vote.turnout", "--rules", str(tmp_path / "vote.yaml"))
    assert result.exit_code == 0
    assert "unit:\n  - percent" in result.output  # "%" in the reader's own name
    assert "# tests: none" in result.output
    missing = _invoke("rules", "show", "vote.turnot", "--rules", str(tmp_path / "vote.yaml"))
    assert missing.exit_code == 2
    assert "no rule 'vote.turnot'; did you mean 'vote.turnout'?" in missing.output


def test_init_writes_a_starter_whose_test_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _invoke("init").exit_code == 0
    assert (tmp_path / "house-rules" / "house.yaml").is_file()
    assert 'rules = ["house-rules"]' in (tmp_path / "factcheck.toml").read_text()
    tested = _invoke("rules", "test", "house-rules")
    assert tested.exit_code == 0, tested.output
    assert "2 passed, 0 failed" in tested.output
    listed = _invoke("rules", "list")  # the settings file brings the house rules in
    assert "house.turnout" in listed.output
    again = _invoke("init")
    assert again.exit_code == 2
    assert "exists; init writes only new files" in again.output


def test_extract_with_rules_shows_the_rules_lexicon_classes(tmp_path):
    (tmp_path / "vote.yaml").write_text(TURNOUT_RULES)
    (tmp_path / "a.txt").write_text(ARTICLE)
    plain = json.loads(_invoke("extract", str(tmp_path / "a.txt")).output)
    ruled = json.loads(
        _invoke("extract", str(tmp_path / "a.txt"), "--rules", str(tmp_path / "vote.yaml")).output
    )
    (share,) = [c for c in ruled["claims"] if c["text"] == "48.2 percent"]
    assert share["about"]["topic"] == "turnout"
    assert "Lisbon" in share["about"]["entities"]
    (before,) = [c for c in plain["claims"] if c["text"] == "48.2 percent"]
    assert before["about"]["topic"] != "turnout"


def test_extract_text_lists_what_each_claim_is_about(tmp_path):
    (tmp_path / "vote.yaml").write_text(TURNOUT_RULES)
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = _invoke(
        "extract", str(tmp_path / "a.txt"), "--format", "text",
        "--rules", str(tmp_path / "vote.yaml"),
    )  # fmt: skip
    (line,) = [line for line in result.output.splitlines() if "48.2 percent" in line]
    assert line.startswith("1:13 quantity '48.2 percent' = 48.2% unit=percent topic=turnout")
    assert "Lisbon" in line.split("entities=")[1]


def test_check_show_claims_in_text_and_json(tmp_path):
    (tmp_path / "vote.yaml").write_text(TURNOUT_RULES)
    (tmp_path / "a.md").write_text("---\npublished: 2025-05-05\n---\n" + ARTICLE)
    command = ["check", str(tmp_path / "a.md"), "--rules", str(tmp_path / "vote.yaml")]
    text = _invoke(*command, "--show-claims").output
    assert "claims read in a (" in text
    assert "'48.2 percent' = 48.2% unit=percent" in text
    report = json.loads(_invoke(*command, "--show-claims", "--format", "json").output)
    assert {c["text"] for c in report["claims"]} >= {"48.2 percent", "Monday"}
    assert "claims" not in json.loads(_invoke(*command, "--format", "json").output)


def test_an_unknown_key_of_a_relation_rule_is_named(tmp_path):
    rules = """\
rules:
  - id: a.rel
    kind: relation
    relation: part_of
    description: d
    part: {type: quantity}
    whole: {type: quantity}
    wholes: {type: quantity}
    message: m
"""
    (tmp_path / "r.yaml").write_text(rules)
    result = _invoke("rules", "validate", str(tmp_path / "r.yaml"))
    assert "r.yaml:8:5 (rules[0].wholes): unknown key 'wholes'; did you mean 'whole'?" in (
        result.output
    )


def test_every_problem_of_a_rule_file_is_reported_at_once(tmp_path):
    rules = TURNOUT_RULES.replace("topic: [turnout]}", "topic: [turnot]}") + (
        "  - id: vote.broken\n    kind: agreement\n    description: d\n    message: m\n"
    )
    (tmp_path / "r.yaml").write_text(rules)
    result = _invoke("rules", "validate", str(tmp_path / "r.yaml"))
    assert result.exit_code == 2
    assert "no lexicon defines the topic class 'turnot'; did you mean 'turnout'?" in result.output
    assert "(rules[1].select): missing key 'select'" in result.output


def test_an_underscored_settings_key_is_rejected_with_its_dashed_name(tmp_path, monkeypatch):
    (tmp_path / "factcheck.toml").write_text("min_confidence = 0.5\n")
    (tmp_path / "a.md").write_text(ARTICLE)
    monkeypatch.chdir(tmp_path)
    result = _invoke("check", "a.md")
    assert result.exit_code == 2
    assert "unknown key 'min_confidence'; did you mean 'min-confidence'?" in result.output


def test_a_settings_file_found_in_a_parent_folder_is_named(tmp_path, monkeypatch):
    (tmp_path / "factcheck.toml").write_text('fail-on = "never"\n')
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(ARTICLE)
    monkeypatch.chdir(tmp_path / "articles")
    result = _invoke("check", "a.md")
    assert f"factcheck: using settings from {tmp_path / 'factcheck.toml'}" in result.output
    monkeypatch.chdir(tmp_path)
    assert "using settings" not in _invoke("check", "articles/a.md").output
