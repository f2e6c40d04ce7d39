"""Which findings a run shows: by rule (--select, --ignore) and by confidence.

A rule pattern is a rule id or a dotted prefix of ids: `counts` stands for
`counts.casualties`, `counts.forces`, ... Filtering happens after the rules have run:
leaving out a rule's findings never changes the findings of another (a figure already in
a contradiction is not also reported unsupported, whether or not the contradiction shows).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.model import Finding


def split_patterns(values: Iterable[str]) -> tuple[str, ...]:
    """`--select a,b --select c` → (a, b, c)."""
    return tuple(p.strip() for value in values for p in value.split(",") if p.strip())


def matches(rule_id: str, pattern: str) -> bool:
    return rule_id == pattern or rule_id.startswith(pattern + ".")


def unknown_pattern(patterns: Iterable[str], rule_ids: Iterable[str]) -> str | None:
    """A message for the first pattern that names no rule, so a typo is not silently
    a rule that never fires; None when every pattern names at least one."""
    rule_ids = list(rule_ids)
    for pattern in patterns:
        if not any(matches(rule_id, pattern) for rule_id in rule_ids):
            names = sorted({*rule_ids, *(r.rsplit(".", 1)[0] for r in rule_ids)})
            close = difflib.get_close_matches(pattern, names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return f"'{pattern}' matches no rule{hint}"
    return None


@dataclass(frozen=True)
class FindingFilter:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    min_confidence: float = 0.0

    def keeps(self, finding: Finding) -> bool:
        if finding.confidence < self.min_confidence:
            return False
        if self.select and not any(matches(finding.rule, p) for p in self.select):
            return False
        return not any(matches(finding.rule, p) for p in self.ignore)

    def apply(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        return tuple(f for f in findings if self.keeps(f))
