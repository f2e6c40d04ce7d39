"""The pre-commit hooks a repository of articles uses: each runs a real factcheck
command, on the files its pattern picks. (The hooks were also run end to end with
`pre-commit try-repo` on a temporary repository; that needs the package index, so it is
not a test here.)"""

from __future__ import annotations

import re
import shlex

import yaml
from click.testing import CliRunner
from conftest import ROOT

from factcheck.cli.main import main

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def _run(hook: dict, files: list[str]):
    command = shlex.split(hook["entry"])
    assert command[0] == "factcheck"
    arguments = [*command[1:], *hook.get("args", []), *(files if hook["pass_filenames"] else [])]
    return CliRunner().invoke(main, arguments)


def test_the_articles_hook_checks_the_whole_set_and_fails_on_a_contradiction(tmp_path, monkeypatch):
    hook = HOOKS["factcheck"]
    assert [bool(re.search(hook["files"], f)) for f in ("a.md", "b.txt", "rules.yaml")] == [
        True, True, False,
    ]  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(
        "---\npublished: 2025-06-10\n---\nThe floods have killed 23 people.\n"
    )
    (tmp_path / "b.md").write_text(
        "---\npublished: 2025-06-10\n---\nThe floods have killed 23 people.\n"
    )
    assert _run(hook, ["a.md"]).exit_code == 0
    (tmp_path / "c.md").write_text(
        "---\npublished: 2025-06-10\n---\nThe floods have killed 40 people.\n"
    )
    failed = _run(hook, ["c.md"])
    assert failed.exit_code == 1
    assert "error[counts.casualties]" in failed.output


def test_the_rules_hook_tests_the_rule_files_it_is_given(tmp_path, monkeypatch):
    hook = HOOKS["factcheck-rules"]
    paths = ("rules/a.yaml", "house-rules/b.yml", "x.yaml")
    assert [bool(re.search(hook["files"], f)) for f in paths] == [True, True, False]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    examples = sorted((ROOT / "examples" / "rules").glob("*.yaml"))
    for example in examples:
        (tmp_path / "rules" / example.name).write_text(example.read_text())
    files = [f"rules/{example.name}" for example in examples]
    passed = _run(hook, files)
    assert passed.exit_code == 0, passed.output
    broken = tmp_path / "rules" / "broken.yaml"
    broken.write_text("rules:\n  - id: x.y\n    kind: agreement\n")
    assert _run(hook, ["rules/broken.yaml"]).exit_code == 2
