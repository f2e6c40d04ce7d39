"""Helpers for the tests of a newsroom's own beats (a storm, an election, earnings): an
article of a given day, and a checker with only the rule file a test writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factcheck.model import Document
from factcheck.pipeline import Checker
from factcheck.rulebook.loading import load_rules


def article(doc_id: str, text: str, published: dt.date) -> Document:
    """An article of its own publisher (named as the article), published that day."""
    return Document(doc_id, text, f"{doc_id}.md", source=doc_id, published=published)


def checker_with_rules(folder: Path, rules_yaml: str) -> Checker:
    """A checker with only these rules (and their lexicon), written to folder/rules.yaml."""
    path = folder / "rules.yaml"
    path.write_text(rules_yaml, encoding="utf-8")
    return Checker(load_rules([path]))
