"""How sure a finding is, from named factors a reader can check (docs/confidence.md).

For two claims a and b that a rule says cannot both be true:

    pair = reading × anchoring × aboutness × hedging × attribution × separation

- reading: both claims were read right (the grammar's certainty for each kind of words);
- anchoring: both were resolved right (how far each leans on an inferred reference date);
- aboutness: both are about the same thing (where the event and topic words were found);
- hedging: both are asserted rather than passed on ("estimates suggest");
- attribution: they are not rival estimates credited to different named sources;
- separation: the values are really apart, not just past the tolerance by a hair.

A claim that disagrees with several others is wrong if any one disagreement is real,
so the finding's confidence combines its evidence as independent: one piece per
independent source, the best pair with it (copies of one wire story count once),
1 − Π over sources of (1 − best pair).
"""

from __future__ import annotations

import math

from factcheck.model import Claim

ABOUT_IN_CLAUSE = 0.95  # event and topic words in the claim's own clause
ABOUT_IN_SENTENCE = 0.8  # one of them found elsewhere in the sentence
HEDGED = 0.8  # a hedged claim may be a reported estimate rather than an assertion
RIVAL_SOURCES = 0.8  # claims credited to different named sources are rival estimates
# A figure whose sentence says nothing happened to those it counts ("two officers
# responded", "his four children") is seldom the event's figure an editor checks: on
# labelled real news, unsupported figures with an event word were right 0.58 of the
# time, those without one 0.20 (docs/confidence.md).
NO_EVENT = 0.35


def aboutness(claim: Claim) -> float:
    return ABOUT_IN_CLAUSE if claim.context.clause_distance == 0 else ABOUT_IN_SENTENCE


def event_named(claim: Claim) -> float:
    """1 where the claim's sentence names what happened (killed, injured, fled ...)."""
    return 1.0 if claim.context.event else NO_EVENT


def hedging(claim: Claim) -> float:
    return HEDGED if claim.context.hedged else 1.0


def attribution(a: Claim, b: Claim) -> float:
    """Lower when each claim is credited to a different named source: the articles then
    report two estimates, which may both be faithfully reported."""
    credited = a.context.attribution, b.context.attribution
    return RIVAL_SOURCES if all(credited) and credited[0] != credited[1] else 1.0


def separation(gap: float, scale: float) -> float:
    """0 when the values just touch the tolerance, near 1 when many tolerances apart."""
    if scale <= 0:
        return 1.0
    return 1.0 - math.exp(-gap / scale)


def pair_profile(claim: Claim) -> tuple:
    """Everything `pair_factors` reads of one claim of a pair but its value: two claims
    of one value with the same profile score alike against any other claim."""
    about = claim.context
    return (
        claim.parse_certainty,
        claim.anchor_certainty,
        about.clause_distance == 0,
        bool(about.hedged),
        about.attribution,
    )


def pair_factors(a: Claim, b: Claim, gap: float, scale: float) -> dict[str, float]:
    return {
        "reading": a.parse_certainty * b.parse_certainty,
        "anchoring": a.anchor_certainty * b.anchor_certainty,
        "aboutness": aboutness(a) * aboutness(b),
        "hedging": hedging(a) * hedging(b),
        "attribution": attribution(a, b),
        "separation": separation(gap, scale),
    }


def combine(factors: dict[str, float]) -> float:
    return math.prod(factors.values())


def any_of(probabilities: list[float]) -> float:
    """The chance that at least one of several independent pieces of evidence holds."""
    return 1.0 - math.prod(1.0 - p for p in probabilities)


def any_of_counted(probabilities: list[tuple[float, int]]) -> float:
    """`any_of` where each (probability, n) stands for n pieces of evidence that hold
    with that probability (equal to the pairwise product up to the last bits of a float)."""
    return 1.0 - math.prod((1.0 - p) ** n if n > 1 else 1.0 - p for p, n in probabilities)


def claim_weight(claim: Claim) -> float:
    """A claim's own share of a pair's confidence: read, anchored, about the key, asserted."""
    return claim.certainty * aboutness(claim) * hedging(claim)


MAX_LISTED = 12  # claims quoted in one finding; its message counts the rest
# Values one claim is scored against, at most, where a check can choose the surest (the
# furthest off): thousands of different figures at odds with one claim say no more of
# it than the surest 64, and scoring them all would be quadratic in a hostile set.
MOST_COMPARED = 64


def listed(claims: tuple[Claim, ...] | list[Claim], lead: Claim | None = None) -> tuple[Claim, ...]:
    ordered = ([lead] if lead is not None else []) + [c for c in claims if c is not lead]
    return tuple(ordered[:MAX_LISTED])


class Evidence:
    """Pairs of claims that cannot both be true, kept as one piece of evidence per
    independent source: copies of one wire story count once, however many there are."""

    def __init__(self) -> None:
        self._scored: list[tuple[float, Claim, dict[str, float]]] = []
        self._best: dict[str, float] = {}

    def add(self, source_group: str, claim: Claim, factors: dict[str, float]) -> None:
        score = combine(factors)
        self._scored.append((score, claim, factors))
        self._best[source_group] = max(score, self._best.get(source_group, 0.0))

    def __bool__(self) -> bool:
        return bool(self._scored)

    def confidence(self) -> float:
        return any_of(list(self._best.values()))

    def claims(self) -> list[Claim]:
        return [claim for _, claim, _ in sorted(self._scored, key=lambda s: -s[0])]

    def factors(self) -> dict[str, float]:
        """The strongest pair's factors, and how many independent sources disagree."""
        strongest = max(self._scored, key=lambda s: s[0])[2]
        return {**strongest, "sources": len(self._best)}
