"""agreement: claims about the same thing in different documents must be compatible.

Within each group, the values that cover the point most documents agree on form
the consensus; every other value is a dissent, reported against the consensus
claims it cannot be squared with.

With `evidence`, a wider selection counts toward the consensus and may be quoted
against a dissent without being reported itself: the day of a shooting is checked
against every date the articles give that day, though only dates tied to the shooting
by their own words are reported.

With `dissent_alone`, a document that states the agreed value too dissents only where it
ties both values to the same role: "shot on June 5 ... died on June 9" gives the days of
two things, "shot on June 5 ... the June 10 shooting" is the article at odds with itself.

With `updates: true` (tolls), a pair whose later article gives a figure higher by one,
or says the figure rose, is most often the toll changing as news comes in: it is
reported as an update (info, with both dates), and only the other pairs as a
contradiction.

Cost per group: O(claims + values log values) to find the consensus (a sweep), and
O(claims of the consensus) once to count them by what a pair's confidence reads of a
claim (its profile: certainties, aboutness, hedging, attribution, and for tolls its
article's date and wording) and by source group. Then for each dissenting value:
O(consensus values x profiles) pairs scored, once each, of at most 64 consensus values
(`_compared`); O(signatures) for the confidence
(source groups are counted by the set of pairs they hold, their signature, so a group is
not visited one by one; there are at most as many signatures as groups); O(claims of the
consensus in the dissent's own documents), which are left out;
and O(pairs x 12) to list the claims a finding quotes. So a group costs
O(claims + dissents x (values x profiles + signatures)), values at most 64: linear in
the claims, however many values overlap (benchmarks/hostile_sets.py "ranges"). Ten
thousand articles repeating a toll are counted, not compared pair by pair (in 10,000
real articles the largest group, 1,400 tolls, has at most 67 profiles a value). The findings
are the pairwise check's (tests/test_agreement_linear.py compares them); the confidence
multiplies equal factors as powers, equal to the pairwise product to the last bits of a
float, and the same once rounded for the report.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import Counter, defaultdict
from itertools import islice
from operator import itemgetter

from factcheck.evaluate import confidence
from factcheck.evaluate.confidence import MAX_LISTED, MOST_COMPARED
from factcheck.evaluate.corpus import Corpus, groups
from factcheck.evaluate.intervals import (
    Position,
    consensus_positions,
    disjoint,
    gap,
    positions,
)
from factcheck.evaluate.messages import and_list, finding, message_fields, others_text
from factcheck.extract.referents import LOOSE_ROLES
from factcheck.model import Claim, Finding, Quantity, TimeValue
from factcheck.rulebook.rules import AgreementRule


def check(rule: AgreementRule, corpus: Corpus) -> list[Finding]:
    findings = []
    backing = groups(rule.evidence, rule.group_by, corpus) if rule.evidence else {}
    for key, members in groups(rule.select, rule.group_by, corpus).items():
        pool = list({id(c): c for c in (*members, *backing.get(key, ()))}.values())
        if len({c.doc for c in pool}) < 2:
            continue
        reportable = {id(c) for c in members}
        found = positions(pool, rule.room)
        agreed = consensus_positions(found)
        agreed_ids = {id(p) for p in agreed}
        agreeing = _agreeing_roles(agreed, reportable) if rule.dissent_alone else {}
        agreed = _compared(agreed)
        consensus = None  # counted once a dissent needs it
        for position in found:
            dissenting = [
                c
                for c in position.claims
                if id(c) in reportable and not _about_something_else(c, agreeing.get(c.doc))
            ]
            if id(position) in agreed_ids or not dissenting:
                continue
            opposed = [i for i, p in enumerate(agreed) if _differ(rule, p, position)]
            if not opposed:
                continue
            consensus = consensus or _Consensus(rule, agreed, corpus)
            finding = _contradiction(rule, position, dissenting, opposed, consensus, corpus)
            if finding:
                findings.append(finding)
    return findings


def _compared(agreed: list[Position]) -> list[Position]:
    """The consensus values a dissent is compared with: all of them, or where there are
    more than `MOST_COMPARED`, the half that start highest and the half that end lowest,
    in their order. A dissent below the consensus is opposed by the values that start
    above it, and most strongly by those that start highest (the further apart, the
    surer the pair); one above it, by those that end lowest. News gives a few values for
    one thing (at most 18 agree in a group of 10,000 real articles); thousands of
    different figures that all agree are wide ranges that overlap, and comparing each
    dissent with each of them would be quadratic."""
    if len(agreed) <= MOST_COMPARED:
        return agreed
    half = MOST_COMPARED // 2
    highest = heapq.nlargest(half, agreed, key=lambda p: p.interval.lo)
    lowest = heapq.nsmallest(half, agreed, key=lambda p: p.interval.hi)
    kept = {id(p) for p in (*highest, *lowest)}
    return [p for p in agreed if id(p) in kept]


def _agreeing_roles(agreed: list[Position], reportable: set[int]) -> dict[str, set[str | None]]:
    """For each document that states the agreed value of the selected thing, the roles
    it gives it. Evidence alone does not count: an article that dates the buying of a
    rifle on the day the others give the shooting has not given the shooting that day."""
    roles: dict[str, set[str | None]] = {}
    for position in agreed:
        for claim in position.claims:
            if id(claim) in reportable:
                roles.setdefault(claim.doc, set()).add(claim.context.role)
    return roles


def _about_something_else(claim: Claim, agreeing: set[str | None] | None) -> bool:
    """Whether the claim's document states the agreed value for something else: "shot
    on June 5 ... died on June 9" dates two things, a death that follows the event; so
    do a day its words tie to no role ("a shotgun he got for Christmas") and one tied
    only to "an incident" (a police log's other cases). A document that ties both values
    to the event ("shot on June 5", "the June 10 shooting") is at odds with itself, and
    stays a dissent."""
    if agreeing is None:
        return False
    role = claim.context.role
    return role is None or (role in LOOSE_ROLES and role not in agreeing)


def _differ(rule: AgreementRule, a: Position, b: Position) -> bool:
    """Values that cannot both hold and, with `related_within`, are near enough to be
    about the same thing: a shooting dated "June 5" and "June 10", not "June 5" and an
    arraignment in August."""
    if not disjoint(a.interval, b.interval) or _weeks_apart(a, b):
        return False
    room = rule.related_within
    return room is None or gap(a.interval, b.interval) <= max(room.days, room.absolute)


def _weeks_apart(a: Position, b: Position) -> bool:
    """Days a whole number of weeks apart where one of them is a day named without a
    figure ("Tuesday", "early Sunday"): its week is read from its article's date, and
    articles are often dated by a later update, so the week is what is in doubt, not the
    day."""
    first, second = a.claims[0].value, b.claims[0].value
    if not isinstance(first, TimeValue) or not isinstance(second, TimeValue):
        return False
    if first.start is None or first.start != first.end or second.start != second.end:
        return False
    if second.start is None or (first.start - second.start).days % WEEK:
        return False
    return _figureless(a) or _figureless(b)


def _figureless(position: Position) -> bool:
    return not any(ch.isdigit() for claim in position.claims for ch in claim.text)


Profile = tuple  # what a pair's confidence, and whether it is an update, read of a claim
Pair = tuple[int, Profile]  # a consensus value (its index) and a profile of its claims
WEEK = 7  # days


def _profile(claim: Claim, rule: AgreementRule, corpus: Corpus) -> Profile:
    """Everything `confidence.pair_factors` and `_update` read of the other claim of a
    pair: two claims of one value with the same profile score alike against any claim."""
    found = confidence.pair_profile(claim)
    if not rule.updates:
        return found
    reference = corpus.references.get(claim.doc)
    revised = bool(claim.context.revised)
    return (*found, reference is None, reference and reference.date, revised)


class _Side:
    """The claims of one consensus value, by profile and by document."""

    def __init__(self, position: Position, rule: AgreementRule, corpus: Corpus) -> None:
        self.position = position
        self.claims = position.claims
        self.profile_of = [_profile(c, rule, corpus) for c in self.claims]
        self.group_of = [corpus.sources.group[c.doc] for c in self.claims]
        self.by_profile: dict[Profile, list[int]] = defaultdict(list)
        self.by_doc: dict[str, list[int]] = defaultdict(list)
        for index, (claim, profile) in enumerate(zip(self.claims, self.profile_of, strict=True)):
            self.by_profile[profile].append(index)
            self.by_doc[claim.doc].append(index)


class _Consensus:
    """The consensus claims of a group, counted: each value's claims by profile, and each
    source group by the pairs (value, profile) it holds claims of. Groups that hold the
    same pairs (their signature) score alike against any dissent, so they are counted
    together."""

    def __init__(self, rule: AgreementRule, agreed: list[Position], corpus: Corpus) -> None:
        self.sides = [_Side(p, rule, corpus) for p in agreed]
        held: dict[str, Counter[Pair]] = defaultdict(Counter)
        for i, side in enumerate(self.sides):
            for profile, group in zip(side.profile_of, side.group_of, strict=True):
                held[group][(i, profile)] += 1
        self.held = held
        self.signature = {group: frozenset(pairs) for group, pairs in held.items()}
        self.signatures = Counter(self.signature.values())


@dataclasses.dataclass
class _Tally:
    """The pairs of one kind (contradictions, or updates) a dissent makes: what its
    finding needs of them, as `confidence.Evidence` gives it."""

    listed: list[Claim]  # the first claims by score, as a finding lists them
    count: int
    confidence: float
    factors: dict[str, float]


def _contradiction(
    rule: AgreementRule,
    dissent: Position,
    dissenting: list[Claim],
    opposed: list[int],
    consensus: _Consensus,
    corpus: Corpus,
) -> Finding | None:
    """The finding for one dissenting value: `dissenting` are its claims that the rule
    reports (with `evidence`, other claims only count and are quoted against it)."""
    lead = max(dissenting, key=confidence.claim_weight)
    scored: dict[Pair, tuple[float, dict[str, float], bool]] = {}
    for i in opposed:
        side = consensus.sides[i]
        interval = side.position.interval
        distance = gap(dissent.interval, interval)
        scale = max(dissent.interval.scale, interval.scale)
        higher = dissent.interval.lo > interval.lo
        for profile, members in side.by_profile.items():
            other = side.claims[members[0]]
            factors = confidence.pair_factors(lead, other, distance, scale)
            update = rule.updates and _update(lead, other, higher, corpus)
            scored[(i, profile)] = (confidence.combine(factors), factors, bool(update))
    # A dissent's own documents are not evidence against it.
    left_out: dict[Pair, set[int]] = defaultdict(set)
    removed: dict[str, Counter[Pair]] = defaultdict(Counter)
    for i in opposed:
        side = consensus.sides[i]
        for doc in dissent.docs:
            for index in side.by_doc.get(doc, ()):
                pair = (i, side.profile_of[index])
                left_out[pair].add(index)
                removed[side.group_of[index]][pair] += 1
    evidence = _tally(False, scored, left_out, removed, consensus)
    if evidence:
        return _finding(rule, "contradiction", lead, dissenting, evidence)
    updates = _tally(True, scored, left_out, removed, consensus) if rule.updates else None
    if updates:
        return _update_finding(rule, lead, dissenting, updates, corpus)
    return None


def _tally(
    update: bool,
    scored: dict[Pair, tuple[float, dict[str, float], bool]],
    left_out: dict[Pair, set[int]],
    removed: dict[str, Counter[Pair]],
    consensus: _Consensus,
) -> _Tally | None:
    pairs = {pair: found for pair, found in scored.items() if found[2] == update}
    count, candidates = 0, []
    for (i, profile), (score, _, _) in pairs.items():
        members, skip = consensus.sides[i].by_profile[profile], left_out.get((i, profile), ())
        count += len(members) - len(skip)
        kept = (index for index in members if index not in skip)
        candidates.extend((-score, i, index, profile) for index in islice(kept, MAX_LISTED))
    if not count:
        return None
    candidates.sort(key=itemgetter(0, 1, 2))  # by score, then in the order first met
    listed = [consensus.sides[i].claims[index] for _, i, index, _ in candidates[:MAX_LISTED]]
    _, i, _, profile = candidates[0]
    strongest = pairs[(i, profile)][1]
    bests = _bests(pairs, removed, consensus)
    factors = {**strongest, "sources": sum(n for _, n in bests)}
    return _Tally(listed, count, confidence.any_of_counted(bests), factors)


def _bests(pairs, removed: dict[str, Counter[Pair]], consensus: _Consensus) -> list[tuple]:
    """(best score, source groups) for the source groups against a dissent: each group
    counts once, with its best pair. Groups are taken by signature, but for those with
    claims in the dissent's own documents, taken one by one without those claims."""

    def best(held) -> float | None:
        return max((pairs[p][0] for p in held if p in pairs), default=None)

    own = Counter(consensus.signature[group] for group in removed)
    found = []
    for signature, alike in consensus.signatures.items():
        score = best(signature)
        if score is not None and alike > own[signature]:
            found.append((score, alike - own[signature]))
    for group, gone in removed.items():
        score = best(p for p, n in consensus.held[group].items() if n > gone[p])
        if score is not None:
            found.append((score, 1))
    return found


def _update(claim: Claim, other: Claim, higher: bool, corpus: Corpus) -> bool:
    """Whether two tolls read as one changing between reports: the higher came out on a
    later day, and either its sentence says the figure changed ("the toll rose to 5", "a
    fourth victim has died") or it is higher by one (one more victim died or was found).
    A larger jump with no such words is a contradiction still."""
    mine, theirs = corpus.references.get(claim.doc), corpus.references.get(other.doc)
    if mine is None or theirs is None or mine.date == theirs.date:
        return False
    if (mine.date > theirs.date) != higher:
        return False  # the later article gives the lower figure
    high, low = (claim, other) if higher else (other, claim)
    return high.context.revised or _one_more(high.value, low.value)


def _one_more(high, low) -> bool:
    return (
        isinstance(high, Quantity)
        and isinstance(low, Quantity)
        and None not in (high.lo, low.hi)
        and high.lo - low.hi <= 1
    )


def _finding(rule, kind: str, lead: Claim, dissenting: list[Claim], tally: _Tally) -> Finding:
    others = tally.listed
    fields = message_fields(lead, others=others_text(others, tally.count), count=tally.count)
    claims = confidence.listed(dissenting, lead) + confidence.listed(others)
    return finding(rule, kind, claims, tally.confidence, tally.factors, fields)


def _update_finding(rule, lead: Claim, dissenting: list[Claim], tally: _Tally, corpus) -> Finding:
    """A toll that changed between reports: an info, its message the dates in order."""
    found = _finding(rule, "update", lead, dissenting, tally)
    day = {c.doc: corpus.references[c.doc].date for c in found.claims}
    latest = max(found.claims, key=lambda c: day[c.doc])
    earlier = [c for c in found.claims if c is not latest]
    message = (
        f"'{latest.text}' in {latest.doc} ({day[latest.doc].isoformat()}) comes after "
        + and_list([f"'{c.text}' in {c.doc} ({day[c.doc].isoformat()})" for c in earlier])
        + ": the toll most likely changed between the reports"
    )
    return dataclasses.replace(found, severity="info", message=message)
