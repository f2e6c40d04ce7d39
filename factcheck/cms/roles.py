"""The draft's part in each finding that involves it: is the draft the odd one out?

A finding sets the draft's claim against other articles' claims; it does not say whose
claim is wrong. That is decided here by counting, in the rule's own groups (the claims
the rule compares), the independent sources whose claims agree with the draft's value
and those whose claims agree with the value it is set against. Sources are grouped as
everywhere else (evaluate/sources.py: one publisher, or shared passages, is one source),
and archived articles count like the articles sent with the draft.

- "outlier": no more independent sources back the draft's value than the other value
  (one against one included): the draft is the one to check, and the gate applies;
- "agrees": more independent sources back the draft's value: the finding is about the
  other article, and it never holds the draft back;
- "unsupported": the draft gives a figure that too few independent sources back;
- "noted": a note the draft takes part in (estimates that range widely, all of which
  can hold): no figure is wrong, so it never holds the draft back either.

The gate applies to the findings where the draft is the outlier or unsupported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from factcheck.evaluate.corpus import Corpus, claim_unit, key_of, selects
from factcheck.evaluate.intervals import Interval, disjoint, widen
from factcheck.model import Claim, Finding, Quantity
from factcheck.rulebook.rules import RuleSet, Selector, Tolerance

Role = Literal["outlier", "agrees", "unsupported", "noted"]
ROLES: tuple[Role, ...] = ("outlier", "agrees", "unsupported", "noted")
GATED = frozenset({"outlier", "unsupported"})  # the roles the gate reads


@dataclass(frozen=True)
class DraftRole:
    """The draft's part in one finding, and the counts it was decided by."""

    role: Role
    sources_with_draft: int  # independent sources whose claims agree with the draft's
    sources_against: int  # independent sources whose claims agree with the other value

    @property
    def gates(self) -> bool:
        """Whether the finding may hold the draft back (by the gate's thresholds)."""
        return self.role in GATED


def comparisons(rule) -> list[tuple[list[Selector], list[str]]]:
    """The selectors of a rule that compares claims with each other, and the key parts
    its groups share: a relation's roles meet on its join key."""
    if rule.kind in ("agreement", "corroboration", "spread"):
        return [([rule.select], list(rule.group_by))]
    if rule.kind == "relation":
        return [([getattr(rule, role) for role in rule.roles()], list(rule.join))]
    return []


def draft_roles(
    findings: Iterable[Finding], draft_id: str, rule_set: RuleSet, corpus: Corpus
) -> tuple[DraftRole, ...]:
    """The draft's role in each finding, in order."""
    rules = {rule.id: rule for rule in rule_set.rules}
    peers = _Peers(corpus)
    return tuple(_role(f, draft_id, rules.get(f.rule), peers) for f in findings)


def _role(finding: Finding, draft_id: str, rule, peers: _Peers) -> DraftRole:
    mine = [c for c in finding.claims if c.doc == draft_id]
    theirs = [c for c in finding.claims if c.doc != draft_id]
    if rule is None:  # a finding of no known rule: count nothing, judge it as it is
        return DraftRole("outlier", 1, len({c.doc for c in theirs}))
    tolerance = getattr(rule, "tolerance", Tolerance())
    if finding.kind == "unsupported":
        with_draft = peers.backers(rule, mine, [], tolerance)
        return DraftRole("unsupported", len(with_draft), 0)
    if finding.kind != "contradiction":
        return DraftRole("noted", len(peers.backers(rule, mine, [], tolerance)), 0)
    opposite = [c for c in theirs if not any(peers.agree(rule, c, d, tolerance) for d in mine)]
    if not opposite:  # the draft contradicts itself
        return DraftRole("outlier", 1, 1)
    with_draft = peers.backers(rule, mine, opposite, tolerance)
    against = peers.backers(rule, opposite, mine, tolerance)
    role: Role = "agrees" if len(with_draft) > len(against) else "outlier"
    return DraftRole(role, len(with_draft), len(against))


class _Peers:
    """The claims each rule compares a claim with, read once per selector and check."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._groups: dict[tuple[int, tuple], list[tuple[Claim, list[Claim]]]] = {}
        self._by_key: dict[tuple, dict[tuple, list[Claim]]] = {}
        self._intervals: dict[tuple[int, int, str | None], Interval | None] = {}
        self._selectors: dict[tuple[int, int], tuple[Selector, list[str]] | None] = {}

    def backers(
        self, rule, claims: list[Claim], rivals: list[Claim], tolerance: Tolerance
    ) -> set[str]:
        """The independent sources (their group labels) of the claims in the rule's
        groups that agree with any of `claims` and with none of `rivals`: "at least 12"
        backs neither 14 nor 23, whatever its source says elsewhere."""
        source_of = self.corpus.sources.group
        found = {source_of[c.doc] for c in claims}
        for claim in claims:
            # Claims of one value are one position, as the checks count them: each value
            # is compared once, however many articles state it.
            for first, members in self._group(rule, claim):
                if self._compatible(first, claim, tolerance) and not any(
                    self.agree(rule, first, rival, tolerance) for rival in rivals
                ):
                    found.update(source_of[c.doc] for c in members)
        return found

    def agree(self, rule, a: Claim, b: Claim, tolerance: Tolerance) -> bool:
        """Two claims the rule reads in the same role, whose values can both hold."""
        first, second = self._selector(rule, a), self._selector(rule, b)
        same_role = first is not None and second is not None and first[0] is second[0]
        return same_role and self._compatible(a, b, tolerance)

    def _selector(self, rule, claim: Claim) -> tuple[Selector, list[str]] | None:
        """The rule's selector that reads the claim (its role), once per rule and claim."""
        key = (id(rule), id(claim))
        if key not in self._selectors:
            self._selectors[key] = next(
                (
                    (selector, parts)
                    for selectors, parts in comparisons(rule)
                    for selector in selectors
                    if selects(selector, claim, self.corpus)
                ),
                None,
            )
        return self._selectors[key]

    def _group(self, rule, claim: Claim) -> list[tuple[Claim, list[Claim]]]:
        """The claims the rule puts in the claim's group, by value: those of its key
        (indexed once per set of key parts) that the claim's selector reads."""
        found = self._selector(rule, claim)
        if found is None:
            return []
        selector, parts = found
        key = self._key(claim, tuple(parts), selector)
        cached = (id(selector), key)
        if cached not in self._groups:
            by_value: dict[object, list[Claim]] = {}
            for other in self._keyed(tuple(parts), selector).get(key, []):
                if selects(selector, other, self.corpus):
                    by_value.setdefault(other.value, []).append(other)
            self._groups[cached] = [(members[0], members) for members in by_value.values()]
        return self._groups[cached]

    def _keyed(self, parts: tuple[str, ...], selector: Selector) -> dict[tuple, list[Claim]]:
        """The corpus's claims by key, with the topic and entity the selector reads."""
        cached = (parts, id(selector))
        if cached not in self._by_key:
            index: dict[tuple, list[Claim]] = {}
            for claim in self.corpus.claims:
                index.setdefault(self._key(claim, parts, selector), []).append(claim)
            self._by_key[cached] = index
        return self._by_key[cached]

    def _key(self, claim: Claim, parts: tuple[str, ...], selector: Selector) -> tuple:
        """The claim's key, its unit as what the unit measures: the checks compare "120
        mph" with "193 km/h" in one group, converted."""
        key = key_of(claim, parts, selector)
        if "unit" not in parts:
            return key
        at = parts.index("unit")
        measure = self.corpus.units.dimension(key[at]) or key[at]
        return (*key[:at], measure, *key[at + 1 :])

    def _compatible(self, a: Claim, b: Claim, tolerance: Tolerance) -> bool:
        """Whether two claims' values can both hold, in a's unit; never for units that
        measure different things."""
        unit, other = claim_unit(a), claim_unit(b)
        if unit != other:
            measure, others = self.corpus.units.dimension(unit), self.corpus.units.dimension(other)
            if measure is not None and measure == others:
                first, second = self._interval(a, tolerance), self._interval(b, tolerance, unit)
                return first is not None and second is not None and not disjoint(first, second)
            if measure is not None and others is not None:
                return False
        first, second = self._interval(a, tolerance), self._interval(b, tolerance)
        return first is not None and second is not None and not disjoint(first, second)

    def _interval(
        self, claim: Claim, tolerance: Tolerance, unit: str | None = None
    ) -> Interval | None:
        """The claim's value widened by the tolerance, converted into `unit` if given."""
        key = (id(claim), id(tolerance), unit)
        if key not in self._intervals:
            if unit is not None and isinstance(claim.value, Quantity):
                claim = replace(claim, value=self.corpus.units.convert(claim.value, unit))
            self._intervals[key] = widen(claim, tolerance)
        return self._intervals[key]
