"""The worked examples of docs/rules.md: each rule file in examples/rules/ passes its own
tests, run as a rule author runs them."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import ROOT

from factcheck.cli.main import main


def test_the_worked_examples_pass_their_tests():
    result = CliRunner().invoke(main, ["rules", "test", str(ROOT / "examples" / "rules")])
    assert result.exit_code == 0, result.output
    assert "18 passed, 0 failed" in result.output
    assert "has no tests" not in result.output


def test_the_documented_examples_are_the_files(tmp_path):
    """docs/rules.md quotes each example file whole, so the two cannot drift apart."""
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for name in ("election", "storm", "earnings"):
        text = (ROOT / "examples" / "rules" / f"{name}.yaml").read_text(encoding="utf-8")
        assert text in docs, f"docs/rules.md does not quote examples/rules/{name}.yaml"
