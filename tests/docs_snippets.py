"""The code blocks of docs/cms.md, found by their first line, so tests run what the
docs say and a block no test runs is noticed (tests/test_cms_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "cms.md"
BLOCK = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<code>.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(path: Path = DOC) -> list[tuple[str, str]]:
    """(language, code) of every fenced block, in order."""
    return [(m["lang"], m["code"]) for m in BLOCK.finditer(path.read_text(encoding="utf-8"))]


def snippet(start: str, path: Path = DOC) -> str:
    """The one block whose first line starts with `start`."""
    found = [code for _, code in blocks(path) if code.startswith(start)]
    assert len(found) == 1, f"{path.name}: {len(found)} blocks start with {start!r}"
    return found[0]
