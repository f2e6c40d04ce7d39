"""reference: claims must agree with a table of reference facts, each with its source.

A fact's value is written as a journalist would write it ("more than 250,000",
"March 15, 2011") and read by the same grammar as the articles.

Cost: O(claims × facts of their key), each claim judged on its own against the few
facts the rule states for its key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache

from factcheck.evaluate import confidence
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import Interval, disjoint, gap, widen
from factcheck.evaluate.messages import finding, message_fields
from factcheck.extract.context import describe
from factcheck.extract.lexicon import Lexicon
from factcheck.extract.mentions import find_mentions
from factcheck.extract.scanner import tokenize
from factcheck.model import Claim, Context, Finding, ReferenceDate
from factcheck.resolve.normalise import to_claim
from factcheck.rulebook.language import CorroborationRule, Fact, ReferenceRule

FACT_DOC = "reference"


def check(rule: ReferenceRule, corpus: Corpus) -> list[Finding]:
    findings = []
    facts = fact_intervals(rule)
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        for fact, known in facts.get(key[: len(rule.group_by)], ()):
            for claim in members:
                finding = _against(rule, fact, known, claim)
                if finding:
                    findings.append(finding)
    return findings


def fact_intervals(
    rule: ReferenceRule | CorroborationRule,
) -> dict[tuple, list[tuple[Fact, Interval]]]:
    """The rule's facts by the key they are about, in the rule's order, each with its
    value widened by the rule's tolerance; facts without a readable value are left out."""
    by_key: dict[tuple, list[tuple[Fact, Interval]]] = defaultdict(list)
    for fact in rule.facts:
        claim = read_fact(fact.value, fact.as_of)
        known = widen(claim, rule.room) if claim else None
        if known is not None:
            by_key[tuple(fact.key.get(part) for part in rule.group_by)].append((fact, known))
    return by_key


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
