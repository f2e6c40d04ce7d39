"""Apply a rule set to an article set's claims and collect the findings.

Each rule kind is a module in evaluate/checks/, registered in `CHECKS` by its kind; the
engine runs each rule through its check and orders what they find. What the checks share
lives beside the engine, never in it: the corpus and its groups (corpus.py) and the
wording of findings (messages.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from factcheck.evaluate.checks import CHECKS
from factcheck.evaluate.corpus import Corpus
from factcheck.model import Finding
from factcheck.resolve.conversion import Converter
from factcheck.rulebook.rules import RuleSet

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


def evaluate(corpus: Corpus, rule_set: RuleSet) -> list[Finding]:
    return evaluate_until(corpus, rule_set, lambda: False)[0]


def evaluate_until(
    corpus: Corpus, rule_set: RuleSet, out_of_time: Callable[[], bool]
) -> tuple[list[Finding], bool]:
    """The findings of the rules applied before `out_of_time()` said stop (it is asked
    before each rule), and whether every rule was applied: a service answers in time
    with what it knows."""
    findings: list[Finding] = []
    finished = True
    corpus = with_units(corpus, rule_set)
    for rule in rule_set.rules:
        if out_of_time():
            finished = False
            break
        findings.extend(judged(rule, corpus))
    return ordered(findings), finished


def with_units(corpus: Corpus, rule_set: RuleSet) -> Corpus:
    """The corpus as the rules read it: with the rule set's exchange rates, if any."""
    if rule_set.rates:
        return replace(corpus, units=Converter(rule_set.rates.per_base()))
    return corpus


def judged(rule, corpus: Corpus) -> list[Finding]:
    """One rule's findings in a corpus `with_units`, each naming its claims as read."""
    return [_as_read(f, corpus) for f in CHECKS[rule.kind](rule, corpus)]


def ordered(findings: list[Finding]) -> list[Finding]:
    """The findings of every rule as reported: most severe and surest first, without the
    ones another finding makes redundant. Also for findings gathered from many places."""
    findings = _without_subsumed(findings)
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], -f.confidence, f.rule, _place(f)))
    return findings


def _as_read(finding: Finding, corpus: Corpus) -> Finding:
    """The finding with its claims as read: a check compares a group's quantities in one
    unit, and its message says so, but every claim it names keeps the value it was read
    with (reference facts are not the corpus's and stay as they are)."""
    claims = tuple(map(corpus.as_read, finding.claims))
    return finding if claims == finding.claims else replace(finding, claims=claims)


def _place(finding: Finding) -> tuple[str, int]:
    return finding.claims[0].doc, finding.claims[0].span.start


def _without_subsumed(findings: list[Finding]) -> list[Finding]:
    """A figure already in a contradiction needs no separate "unsupported" finding."""
    contradicted = {c for f in findings if f.kind == "contradiction" for c in f.claims}
    return [f for f in findings if f.kind != "unsupported" or not set(f.claims) <= contradicted]
