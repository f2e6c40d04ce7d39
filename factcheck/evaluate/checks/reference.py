"""reference: claims must agree with a table of reference facts, each with its source.

A fact's value is written as a journalist would write it ("more than 250,000",
"March 15, 2011") and read by the same grammar as the articles.

A fact in one unit is compared with claims in another, converted by pint ("120 mph" with
"193 km/h"); never with a claim in a unit it cannot be converted into.

Cost: O(claims × facts of their key), each claim judged on its own against the few
facts the rule states for its key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus, claim_unit, groups
from factcheck.evaluate.intervals import Interval, disjoint, gap, widen
from factcheck.evaluate.messages import finding, message_fields
from factcheck.extract.context import describe
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.mentions import find_mentions
from factcheck.extract.scanner import tokenize
from factcheck.model import Claim, Context, Finding, Quantity, ReferenceDate
from factcheck.resolve.conversion import Converter
from factcheck.resolve.normalise import to_claim
from factcheck.rulebook.rules import CorroborationRule, Fact, ReferenceRule

FACT_DOC = "reference"


def check(rule: ReferenceRule, corpus: Corpus) -> list[Finding]:
    findings = []
    facts = Facts(rule, corpus.units)
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        for claim in members:
            for fact, known in facts.about(key, claim):
                finding = _against(rule, fact, known, claim)
                if finding:
                    findings.append(finding)
    return findings


class Facts:
    """A rule's facts by the key they are about, each read once and, for a claim, widened
    by the rule's tolerance in the claim's unit: a fact of "120 mph" is 193 km/h for a
    claim in km/h, and is never compared with a claim in a unit it cannot be converted
    into. Facts without a readable value are left out.

    A fact's key may name a unit (`unit: mph`): it is then about the groups whose unit
    measures the same thing, and a value written without a unit is in that unit."""

    def __init__(self, rule: ReferenceRule | CorroborationRule, units: Converter):
        self.rule, self.units = rule, units
        parts = list(rule.group_by)
        self.at = parts.index("unit") if "unit" in parts else None
        self.by_key: dict[tuple, list[tuple[int, Fact, Claim, str | None]]] = defaultdict(list)
        for number, fact in enumerate(rule.facts):
            claim = read_fact(fact.value, fact.as_of)
            if claim is None:
                continue
            key = tuple(fact.key.get(part) for part in parts)
            named = key[self.at] if self.at is not None else None
            if named is not None and isinstance(claim.value, Quantity) and not claim.value.unit:
                claim = replace(claim, value=replace(claim.value, unit=named))
            self.by_key[self._rest(key)].append((number, fact, claim, named))
        self._widened: dict[tuple[int, str | None], Interval | None] = {}

    def _rest(self, key: tuple) -> tuple:
        return key if self.at is None else key[: self.at] + key[self.at + 1 :]

    def about(self, key: tuple, claim: Claim) -> list[tuple[Fact, Interval]]:
        """The facts about a group's key, each widened in the unit of one of its claims."""
        key = key[: len(self.rule.group_by)]
        found = []
        for number, fact, fact_claim, named in self.by_key.get(self._rest(key), ()):
            if self.at is not None and not self._same_measure(named, key[self.at]):
                continue
            known = self._in_unit(number, fact_claim, claim_unit(claim))
            if known is not None:
                found.append((fact, known))
        return found

    def _same_measure(self, named: str | None, unit: str | None) -> bool:
        if named is None or unit is None:
            return named == unit
        measure = self.units.dimension(named)
        return named == unit or (measure is not None and measure == self.units.dimension(unit))

    def _in_unit(self, number: int, fact: Claim, unit: str | None) -> Interval | None:
        if (number, unit) not in self._widened:
            own = claim_unit(fact)
            measures = self.units.dimension(own), self.units.dimension(unit)
            if None in measures or own == unit:  # a count or a bare figure: as it always was
                converted: Claim | None = fact
            elif measures[0] != measures[1]:
                converted = None  # "120 mph" says nothing of a claim in percent
            else:
                converted = replace(fact, value=self.units.convert(fact.value, unit))
            known = widen(converted, self.rule.room) if converted is not None else None
            self._widened[number, unit] = known
        return self._widened[number, unit]


@lru_cache(maxsize=1024)
def read_fact(value: str, as_of: dt.date | None) -> Claim | None:
    """The first claim in a fact's value text, resolved against its date."""
    mentions = find_mentions(value)
    if not mentions:
        return None
    mention = mentions[0]
    (about,) = describe(value, tokenize(value), [mention], Lexicon()) or [Context()]
    reference = ReferenceDate(as_of, "metadata", "fact", 1.0) if as_of else None
    return to_claim(
        FACT_DOC, (1, mention.start + 1), mention.start, mention.end,
        value[mention.start : mention.end], mention.reading, about, reference,
    )  # fmt: skip


def _against(rule: ReferenceRule, fact: Fact, known: Interval, claim: Claim) -> Finding | None:
    stated = widen(claim, rule.room)
    if stated is None or not disjoint(stated, known):
        return None
    factors = {
        "reading": claim.parse_certainty,
        "anchoring": claim.anchor_certainty,
        "aboutness": confidence.aboutness(claim),
        "hedging": confidence.hedging(claim),
        "separation": confidence.separation(gap(stated, known), max(stated.scale, known.scale)),
    }
    fields = message_fields(
        claim, fact=f"{fact.value} ({fact.source})", fact_value=fact.value, fact_source=fact.source
    )
    return finding(rule, "contradiction", [claim], confidence.combine(factors), factors, fields)
