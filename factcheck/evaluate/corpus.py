"""The article set as the checks read it, and the claims a rule selects, by group.

Claims are grouped by the rule's key before any comparison, so a rule's cost grows with
the claims in each group, never with all pairs of documents. A group's quantities are
compared in one unit: units that measure the same thing share a group and are converted
("120 mph" with "193 km/h"); units that cannot be converted never share one.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from operator import attrgetter

from factcheck.evaluate.sources import Sources
from factcheck.model import Claim, Context, Document, Quantity, ReferenceDate, TimeValue
from factcheck.resolve.conversion import Converter
from factcheck.rulebook.rules import ANY, Selector


@dataclass(frozen=True)
class Corpus:
    """Everything a check may read about an article set."""

    claims: tuple[Claim, ...]
    documents: dict[str, Document]
    references: dict[str, ReferenceDate | None]
    sources: Sources
    units: Converter = field(default_factory=Converter)

    def as_read(self, claim: Claim) -> Claim:
        """The claim of the corpus at this claim's span: a finding names the claims as
        read, not as a check converted them. Spans are looked up in the documents that
        findings name, each indexed once: a map of every claim of 100,000 articles took
        80 MB and two seconds, for the few thousand claims that findings quote."""
        spans = self._spans.get(claim.doc)
        if spans is None:
            kept = self._by_document.get(claim.doc, ())
            spans = self._spans[claim.doc] = {c.span: c for c in kept}
        return spans.get(claim.span, claim)

    @cached_property
    def _by_document(self) -> dict[str, list[Claim]]:
        return _index(self.claims, attrgetter("doc"))

    @cached_property
    def _spans(self) -> dict[str, dict]:
        return {}  # document id → its claims by span, made as `as_read` is asked

    @cached_property
    def _by_type(self) -> dict[str, list[Claim]]:
        return _index(self.claims, attrgetter("type"))

    def candidates(self, selector: Selector) -> Iterable[Claim]:
        """The claims of the types a selector asks for (most rules read one type), and of
        those, where it names the classes of some of `CLASSES`, only the claims of those
        classes: most rules take a few claims of their type, and each candidate costs a
        `selects`. Each type's claims come in the corpus's order."""
        types = selector.types()
        if types is None:
            return self.claims
        typed = [self._by_type.get(t, ()) for t in sorted(types)]
        wanted = [getattr(selector, name) for name in CLASSES]
        if sum(map(len, typed)) < INDEXED_FROM or all(w is None for w in wanted):
            return [c for claims in typed for c in claims]
        found: dict[str, list[array]] = defaultdict(list)
        for (claim_type, *classes), positions in self._by_classes.items():
            if claim_type in types and all(map(_named, wanted, classes)):
                found[claim_type].append(positions)
        claims = self.claims
        return [claims[i] for t in sorted(found) for i in sorted(chain.from_iterable(found[t]))]

    @cached_property
    def _by_classes(self) -> dict[tuple, array]:
        """The claims' positions by type and classes: a few thousand keys, and 8 bytes a
        claim. Made in one pass over the claims, for the rules of a set that name a class."""
        index: dict[tuple, array] = {}
        for number, claim in enumerate(self.claims):
            # `key_of(claim, ("type", *CLASSES))`, read directly: through key_of's
            # functions the index took six times as long to build.
            about = claim.context
            key = (claim.type, about.event, about.noun_class, about.role, claim_unit(claim))
            positions = index.get(key)
            if positions is None:
                positions = index[key] = array("q")
            positions.append(number)
        return index


# The classes of a claim a selector may name, each a part of `key_of` and a field of
# Selector; `Corpus._by_classes` keys the claims by their type and these.
CLASSES = ("event", "noun", "role", "unit")
# Below this many claims of its types, a rule reads them all: a key of the index costs
# about what a claim does, and a small set has nearly as many keys as claims.
INDEXED_FROM = 2_000


def _named(wanted, actual) -> bool:
    """Whether a class is one a selector asks for, where it names any."""
    return wanted is None or _among(wanted, actual)


def _index(claims: Iterable[Claim], key: Callable[[Claim], str]) -> dict[str, list[Claim]]:
    """The claims by a key, each list in the corpus's order."""
    index: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        index[key(claim)].append(claim)
    return index


# ------------------------------------------------------------------ selection


def selects(selector: Selector, claim: Claim, corpus: Corpus) -> bool:
    """Whether a rule's selector takes a claim. Each key the selector leaves out costs
    nothing: it is asked of every claim, for every rule."""
    types = selector.types()
    if types is not None and claim.type not in types:
        return False
    about = claim.context
    if selector.event is not None and not _among(selector.event, about.event):
        return False
    if selector.noun is not None and not _among(selector.noun, about.noun_class):
        return False
    if selector.unit is not None and not _among(selector.unit, claim_unit(claim)):
        return False
    if selector.role is not None and not _among(selector.role, about.role):
        return False
    if selector.topic is not None and _selected_topic(selector.topic, about) is None:
        return False
    if selector.counted is not None and not set(selector.counted) & set(about.counted_in):
        return False
    if selector.entity is not None and _selected_entity(selector.entity, about) is None:
        return False
    if selector.source is not None:
        publisher = corpus.documents[claim.doc].source
        if publisher not in selector.source:
            return False
    if selector.attributed is not None and selector.attributed != (about.attribution is not None):
        return False
    if selector.hedged is not None and selector.hedged != about.hedged:
        return False
    if selector.negated is not None and selector.negated != about.negated:
        return False
    if selector.part is not None and selector.part != about.part:
        return False
    if selector.scope is not None and selector.scope != about.scope:
        return False
    if selector.post is not None and selector.post != (about.post is not None):
        return False
    return selector.day is None or selector.day == _one_day(claim)


def _among(wanted, actual) -> bool:
    """Whether a claim's class (or unit) is one a selector asks for: any, for ANY."""
    return actual is not None and (wanted == ANY or actual in wanted)


def _one_day(claim: Claim) -> bool:
    value = claim.value
    return isinstance(value, TimeValue) and value.start is not None and value.start == value.end


def topics_of(about: Context) -> tuple[str, ...]:
    """Every topic of a claim, nearest first."""
    return about.topics or ((about.topic,) if about.topic else ())


def _selected_topic(wanted: list[str] | str | None, about: Context) -> str | None:
    """The topic a selector reads a claim by: the nearest of the claim's topics that the
    selector names ("turnout" in "Turnout in the election was 48.2 percent", where the
    election is nearer), else its nearest topic; None when it names none of them."""
    topics = topics_of(about)
    if wanted is None or wanted == ANY:
        return topics[0] if topics else None
    return next((topic for topic in topics if topic in wanted), None)


def _selected_entity(wanted: list[str] | str | None, about: Context) -> str | None:
    """The entity a selector reads a claim by: the name it lists that is the claim's
    entity or a word of it ("Smith" for "Jane Smith"), else the entity as read."""
    entity = about.entity
    if entity is None or wanted is None or wanted == ANY:
        return entity
    words = {entity.casefold(), *(w.casefold() for w in entity.split())}
    return next((name for name in wanted if name.casefold() in words), None)


def claim_unit(claim: Claim) -> str | None:
    """A quantity's unit; dates and durations have none."""
    return claim.value.unit if isinstance(claim.value, Quantity) else None


def key_of(claim: Claim, parts: Iterable[str], selector: Selector | None = None) -> tuple:
    """A claim's values of some key parts. With the selector that read it, the topic and
    entity are those it selected the claim by: a rule on turnout groups "Turnout in the
    election was 48.2 percent" by turnout, a rule on Smith "Jane Smith" as Smith. Only
    the parts asked for are worked out: this is asked of every claim a rule selects."""
    return tuple([_KEY_PARTS[part](claim, selector) for part in parts])


def _widest_counted(about: Context) -> str | None:
    """The widest class of what is counted: residents, children and people are people."""
    return about.counted_in[-1] if about.counted_in else None


_KEY_PARTS = {
    "event": lambda claim, selector: claim.context.event,
    "topic": lambda claim, selector: _selected_topic(selector and selector.topic, claim.context),
    "entity": lambda claim, selector: _selected_entity(selector and selector.entity, claim.context),
    "noun": lambda claim, selector: claim.context.noun_class,
    "unit": lambda claim, selector: claim_unit(claim),
    "type": lambda claim, selector: claim.type,
    "role": lambda claim, selector: claim.context.role,
    "scope": lambda claim, selector: claim.context.scope,
    "counted": lambda claim, selector: _widest_counted(claim.context),
    "post": lambda claim, selector: claim.context.post,
}


def groups(selector: Selector, parts: list[str], corpus: Corpus) -> dict[tuple, list[Claim]]:
    """The selected claims by key, each group in one unit; one pass over the candidates
    (`Corpus.candidates`): the claims of the selector's types and of the classes it names."""
    grouped: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in corpus.candidates(selector):
        if selects(selector, claim, corpus):
            grouped[key_of(claim, parts, selector)].append(claim)
    units = {claim_unit(c) for members in grouped.values() for c in members}
    if len(units) < 2:
        return grouped  # the usual case: nothing to convert, and pint is never loaded
    return _in_one_unit(grouped, list(parts), corpus.units)


def _in_one_unit(
    grouped: dict[tuple, list[Claim]], parts: list[str], units: Converter
) -> dict[tuple, list[Claim]]:
    """Groups by what their units measure, each converted into its most frequent unit.

    Where the key holds the unit, its place holds that unit; where it does not, a group
    that mixes what it measures is split, and the key gains the unit of each part, so
    that no two units pint cannot convert are compared.
    """
    at = parts.index("unit") if "unit" in parts else None
    measured: dict[tuple, list[Claim]] = defaultdict(list)
    for key, members in grouped.items():
        for claim in members:
            measured[_with_unit(key, at, _label(claim, at, units))].append(claim)
    one_kind = len({key[-1] for key in measured}) == 1
    converted: dict[tuple, list[Claim]] = {}
    for key, members in measured.items():
        unit = Counter(claim_unit(c) for c in members).most_common(1)[0][0]
        measure = units.dimension(unit) is not None
        if at is not None:
            key = _with_unit(key, at, unit)
        elif one_kind:
            key = key[:-1]  # one thing measured throughout: the rule's own key
        converted[key] = [_converted(c, unit, units) for c in members] if measure else members
    return converted


def _label(claim: Claim, at: int | None, units: Converter) -> str | None:
    """What a claim's group is told apart by: what its unit measures; for a count, the
    counted noun's class where the rule's key holds the unit, else nothing (the rule
    compares "23 people" with "four children" as it always has)."""
    unit = claim_unit(claim)
    return units.dimension(unit) or (unit if at is not None else None)


def _with_unit(key: tuple, at: int | None, unit: str | None) -> tuple:
    return (*key, unit) if at is None else (*key[:at], unit, *key[at + 1 :])


def _converted(claim: Claim, unit: str | None, units: Converter) -> Claim:
    if not isinstance(claim.value, Quantity) or claim.value.unit == unit:
        return claim
    return replace(claim, value=units.convert(claim.value, unit))
