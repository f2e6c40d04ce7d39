"""An installed factcheck finds its bundled grammar and rules outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel, built from this checkout and unpacked where nothing else is."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-2000:]}")
    (wheel,) = out.glob("factcheck-*.whl")
    site = out / "site"
    zipfile.ZipFile(wheel).extractall(site)
    return site


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_wheel_ships_grammar_rules_and_schema(installed):
    shipped = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    assert "factcheck/grammars/claims.lark" in shipped
    assert "factcheck/rules/lexicon.yaml" in shipped
    assert "factcheck/rules/rule-file.schema.json" in shipped
    assert "factcheck/evaluate/checks/agreement.py" in shipped


def test_installed_copy_checks_an_article_set(installed, tmp_path):
    articles = tmp_path / "flood"
    shutil.copytree(ROOT / "fixtures" / "flood", articles)
    where = _run(installed, tmp_path, "-c", "import factcheck; print(factcheck.__file__)")
    assert where.stdout.strip().startswith(str(installed))
    run = _run(installed, tmp_path, "-m", "factcheck", "check", "flood")
    assert run.returncode == 1, run.stderr
    assert "error[dates.event-start]" in run.stdout
    assert "4 findings" in run.stdout
