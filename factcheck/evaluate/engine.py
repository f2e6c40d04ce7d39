"""Apply rules to an article set's claims and collect the findings.

Each rule kind has its own module in factcheck/checks/. What they share lives
here: the corpus they read, selecting and grouping claims, and filling messages.
Claims are grouped by the rule's key before any comparison, so a rule's cost grows
with the claims in each group, never with all pairs of documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from factcheck.model import Claim, Document, Finding, Quantity, ReferenceDate
from factcheck.rules import ANY, RuleSet, Selector
from factcheck.sources import Sources

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
class Corpus:
    """Everything a check may read about an article set."""

    claims: tuple[Claim, ...]
    documents: dict[str, Document]
    references: dict[str, ReferenceDate | None]
    sources: Sources

    @cached_property
    def _by_type(self) -> dict[str, list[Claim]]:
        index: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.claims:
            index[claim.type].append(claim)
        return index

    def candidates(self, selector: Selector) -> Iterable[Claim]:
        """The claims of the types a selector asks for: most rules read one type."""
        types = selector.types()
        if types is None:
            return self.claims
        return [c for t in sorted(types) for c in self._by_type.get(t, ())]


def evaluate(corpus: Corpus, rule_set: RuleSet) -> list[Finding]:
    return evaluate_until(corpus, rule_set, lambda: False)[0]


def evaluate_until(
    corpus: Corpus, rule_set: RuleSet, out_of_time: Callable[[], bool]
) -> tuple[list[Finding], bool]:
    """The findings of the rules applied before `out_of_time()` said stop (it is asked
    before each rule), and whether every rule was applied: a service answers in time
    with what it knows."""
    from factcheck.checks import CHECKS  # the checks import this module's helpers

    findings: list[Finding] = []
    finished = True
    for rule in rule_set.rules:
        if out_of_time():
            finished = False
            break
        findings.extend(CHECKS[rule.kind](rule, corpus))
    findings = _without_subsumed(findings)
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], -f.confidence, f.rule, _place(f)))
    return findings, finished


def _place(finding: Finding) -> tuple[str, int]:
    return finding.claims[0].doc, finding.claims[0].span.start


def _without_subsumed(findings: list[Finding]) -> list[Finding]:
    """A figure already in a contradiction needs no separate "unsupported" finding."""
    contradicted = {c for f in findings if f.kind == "contradiction" for c in f.claims}
    return [f for f in findings if f.kind != "unsupported" or not set(f.claims) <= contradicted]


# ------------------------------------------------------------------ selection


def selects(selector: Selector, claim: Claim, corpus: Corpus) -> bool:
    types = selector.types()
    if types is not None and claim.type not in types:
        return False
    about = claim.context
    for wanted, actual in (
        (selector.event, about.event),
        (selector.topic, about.topic),
        (selector.noun, about.noun_class),
        (selector.unit, claim_unit(claim)),
    ):
        if wanted is not None and (actual is None or (wanted != ANY and actual not in wanted)):
            return False
    if selector.entity is not None and not _names_any(about.entities, selector.entity):
        return False
    if selector.source is not None:
        publisher = corpus.documents[claim.doc].source
        if publisher not in selector.source:
            return False
    flags = (
        (selector.attributed, about.attribution is not None),
        (selector.hedged, about.hedged),
        (selector.negated, about.negated),
    )
    return all(wanted is None or wanted == actual for wanted, actual in flags)


def _names_any(entities: tuple[str, ...], wanted: list[str]) -> bool:
    """A wanted name is one of the sentence's names, or a word of one ("Putin" in
    "President Vladimir Putin")."""
    words = {w.casefold() for name in entities for w in (name, *name.split())}
    return any(w.casefold() in words for w in wanted)


def claim_unit(claim: Claim) -> str | None:
    """A quantity's unit; dates and durations have none."""
    return claim.value.unit if isinstance(claim.value, Quantity) else None


def key_of(claim: Claim, parts: Iterable[str]) -> tuple:
    about = claim.context
    values = {
        "event": about.event,
        "topic": about.topic,
        "noun": about.noun_class,
        "unit": claim_unit(claim),
        "type": claim.type,
    }
    return tuple(values[part] for part in parts)


def groups(selector: Selector, parts: list[str], corpus: Corpus) -> dict[tuple, list[Claim]]:
    """The selected claims by key; one pass over the claims."""
    grouped: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in corpus.candidates(selector):
        if selects(selector, claim, corpus):
            grouped[key_of(claim, parts)].append(claim)
    return grouped


# ------------------------------------------------------------------- findings


def finding(
    rule, kind: str, claims: Iterable[Claim], score: float, factors: dict, fields: dict
) -> Finding:
    """A rule's finding: its message filled in, its confidence rounded for people."""
    return Finding(
        rule.id,
        kind,
        rule.severity,
        round(score, 3),
        rule.message.format_map(fields),
        tuple(claims),
        factors,
    )


# ------------------------------------------------------------------- messages


def message_fields(claim: Claim, **extra) -> dict:
    about = claim.context
    fields = {
        "doc": claim.doc,
        "text": claim.text,
        "value": describe_value(claim),
        "line": claim.span.line,
        "event": (about.event or "").replace("_", " "),
        "topic": (about.topic or "").replace("_", " "),
        "noun": about.noun or about.noun_class or "",
    }
    fields.update(extra)
    return fields


def quote(claim: Claim) -> str:
    return f"'{claim.text}' in {claim.doc} ({describe_value(claim)})"


QUOTED = 4  # claims a message quotes before it counts the rest


def others_text(claims: list[Claim]) -> str:
    quoted = [quote(c) for c in claims[:QUOTED]]
    if len(claims) > QUOTED:
        quoted.append(f"{len(claims) - QUOTED} more")
    return and_list(quoted)


def and_list(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_value(claim: Claim) -> str:
    value = claim.value
    if isinstance(value, Quantity):
        return _describe_quantity(value)
    if value.start and value.end and value.start != value.end:
        return f"{value.start.isoformat()} to {value.end.isoformat()}"
    if value.start or value.end:
        day = (value.start or value.end).isoformat()
        return {"BEFORE": f"before {day}", "AFTER": f"after {day}"}.get(value.mod or "", day)
    return value.timex


def _describe_quantity(q: Quantity) -> str:
    def show(x: float) -> str:
        return f"{x:,.0f}" if x == int(x) else f"{x:,g}"

    if q.lo is not None and q.hi is not None:
        text = show(q.lo) if q.lo == q.hi else f"{show(q.lo)} to {show(q.hi)}"
    elif q.lo is not None:
        text = ("more than " if not q.lo_inclusive else "at least ") + show(q.lo)
    else:
        text = ("less than " if not q.hi_inclusive else "at most ") + show(q.hi)
    return ("about " if q.approximate and q.lo == q.hi else "") + text
