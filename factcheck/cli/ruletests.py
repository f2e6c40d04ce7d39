"""Run the examples that rules carry with them (`tests:` in a rule file).

An example is a few short articles; the claims the rule must report are marked
[[like this]]. `expect: finding` passes when the rule reports exactly the marked
claims; `expect: none` when it reports nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from string import ascii_lowercase

from factcheck.model import Document
from factcheck.pipeline import Checker
from factcheck.rulebook.rules import RuleSet, RuleTest, TestDocument

MARK = re.compile(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class RuleTestResult:
    rule: str
    name: str
    passed: bool
    detail: str  # what was expected and what was found, when it failed


def run_rule_tests(rule_set: RuleSet) -> list[RuleTestResult]:
    results = []
    for rule in rule_set.rules:
        checker = Checker(replace(rule_set, rules=(rule,)))
        for number, test in enumerate(rule.tests, 1):
            results.append(_run(checker, rule.id, test, test.name or f"example {number}"))
    return results


def untested(rule_set: RuleSet) -> list[str]:
    return [rule.id for rule in rule_set.rules if not rule.tests]


def _run(checker: Checker, rule_id: str, test: RuleTest, name: str) -> RuleTestResult:
    documents, marked = _documents(test)
    report = checker.check(documents)
    found = {(c.doc, c.span.start, c.span.end) for f in report.findings for c in f.claims}
    expected = marked if test.expect == "finding" else set()
    passed = found == expected and (test.expect == "none" or bool(report.findings))
    detail = (
        "" if passed else f"expected {_show(expected, documents)}, found {_show(found, documents)}"
    )
    return RuleTestResult(rule_id, name, passed, detail)


def _documents(test: RuleTest) -> tuple[list[Document], set[tuple[str, int, int]]]:
    documents, marked = [], set()
    for letter, item in zip(ascii_lowercase, test.documents, strict=False):
        spec = item if isinstance(item, TestDocument) else TestDocument(text=item)
        doc_id = spec.id or letter
        text, spans = _unmark(spec.text)
        marked.update((doc_id, start, end) for start, end in spans)
        documents.append(
            Document(
                doc_id, text, f"<test {doc_id}>",
                source=spec.source or doc_id, published=spec.published or test.published,
            )
        )  # fmt: skip
    return documents, marked


def _unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without its [[marks]], and where the marked words stand in it."""
    plain, spans, last = [], [], 0
    length = 0
    for match in MARK.finditer(text):
        before = text[last : match.start()]
        plain.append(before)
        length += len(before)
        spans.append((length, length + len(match.group(1))))
        plain.append(match.group(1))
        length += len(match.group(1))
        last = match.end()
    plain.append(text[last:])
    return "".join(plain), spans


def _show(claims: set[tuple[str, int, int]], documents: list[Document]) -> str:
    texts = {d.id: d.text for d in documents}
    shown = sorted(f"{doc}:'{texts[doc][start:end]}'" for doc, start, end in claims)
    return "{" + ", ".join(shown) + "}" if shown else "nothing"
