"""Which event a count belongs to, once dates are resolved: the article set's own event,
or another one (background).

Extraction already sets aside sentences whose words tie them to another time ("since",
"so far this year"). Two more signs need resolved dates:
- a date in the count's sentence weeks away from the article's own date ("In March 2011,
  protests left 12 dead");
- an article published two years or more from the rest of its set: it reports another
  event, so its counts are not the set's tolls;
- a date outside the days of the set's event, which run from six weeks before its first
  report (the first article may be a later one) to a week after, and reach back to the
  week before a day that two articles or more tie to the shooting itself (a set of trial
  reports months later still dates its shooting); and a bare weekday
  ("Sunday") in an article published more than a week after that first report: it names
  a later day than the event's.
"""

from __future__ import annotations

import datetime as dt
import sys

from factcheck.extract.referents import INCIDENT_ROLES
from factcheck.model import Claim, Quantity, ReferenceDate, TimeValue, changed

OTHER_EVENT_DAYS = 21  # a date this far from the article's own dates another event
# An article published this far from the set's middle date reports another event: an
# earlier shooting in the same town that strayed into the set. (Trial reports a year
# later still count: they restate the event's figures.)
FAR_FROM_SET_DAYS = 730
EVENT_DAYS_BEFORE = 45  # the set's event days: from this long before its first report
EVENT_DAYS_AFTER = 7  # to this long after it
WEEK = 7
MONTH_DAYS = 27


def background(claim: Claim, reason: str) -> Claim:
    # One string for each reason: a large set's claims repeat a few thousand of them.
    about = changed(claim.context, scope="background", scope_reason=sys.intern(reason))
    return changed(claim, context=about)


def by_dates_nearby(
    claims: list[Claim], reference: ReferenceDate | None, days: tuple[dt.date, dt.date] | None
) -> list[Claim]:
    """A document's claims, counts in a clause with a date of another time set aside:
    one outside the set's event days, or without them, weeks from the article's date. (A
    trial report's "a 2014 shooting" or "last summer" is the set's event still; "police
    said Friday" dates the saying, in a clause of its own.)"""
    if reference is None and days is None:
        return claims
    far: dict[tuple[str, int], Claim] = {}
    for claim in claims:
        if isinstance(claim.value, TimeValue) and _other_time(claim.value, reference, days):
            far.setdefault(_reach(claim), claim)
    if not far:
        return claims
    found = []
    for claim in claims:
        about = claim.context
        date = far.get(("sentence", about.sentence)) or far.get(("clause", about.clause))
        if claim.type == "quantity" and about.scope == "main" and date is not None:
            claim = background(claim, f"another date: '{date.text}'")
        found.append(claim)
    return found


def _reach(date: Claim) -> tuple[str, int]:
    """How much of its sentence a date sets in its time: a year or a month all of it
    ("the deadliest since 1999, when 15 died"), a day only its own clause ("left one dead
    and nine injured, police said Friday")."""
    value = date.value
    if (value.end - value.start).days >= MONTH_DAYS:
        return "sentence", date.context.sentence
    return "clause", date.context.clause


def _other_time(
    value: TimeValue, reference: ReferenceDate | None, days: tuple[dt.date, dt.date] | None
) -> bool:
    if value.start is None or value.end is None or value.days is not None:
        return False  # open intervals and durations date no other event
    if days is not None:
        return _outside(value, days)
    day = reference.date
    return (day - value.end).days > OTHER_EVENT_DAYS or (value.start - day).days > OTHER_EVENT_DAYS


def far_from_set(references: dict[str, ReferenceDate | None]) -> dict[str, str]:
    """The documents published far from the middle of their set, each with the reason."""
    days = sorted(r.date.toordinal() for r in references.values() if r is not None)
    if not days:
        return {}
    middle = dt.date.fromordinal(days[(len(days) - 1) // 2])  # the lower middle day
    return {
        doc: f"published {ref.date.isoformat()}, far from the set's {middle.isoformat()}"
        for doc, ref in references.items()
        if ref is not None and abs((ref.date - middle).days) > FAR_FROM_SET_DAYS
    }


def event_days(
    references: dict[str, ReferenceDate | None],
    incidents: dict[str, frozenset[dt.date]] | None = None,
) -> tuple[dt.date, dt.date] | None:
    """The days the set's event can fall on: around its first report, and back to the
    week before a day that two documents or more tie to the incident (`incidents`: each
    document's `incident_days`)."""
    days = [r.date for r in references.values() if r is not None]
    if not days:
        return None
    first = min(days).toordinal()
    low = first - EVENT_DAYS_BEFORE
    agreed = _agreed_day(incidents or {})
    if agreed is not None:
        low = min(low, agreed.toordinal() - WEEK)
    # within the calendar: an article dated 9999-12-31 (found by Schemathesis) or 0001-01-01
    low = max(low, 1)
    high = min(first + EVENT_DAYS_AFTER, dt.date.max.toordinal())
    return dt.date.fromordinal(low), dt.date.fromordinal(high)


def incident_days(claims: tuple[Claim, ...] | list[Claim]) -> frozenset[dt.date]:
    """The days a document's words tie to the incident itself ("shot on March 1", "the
    March 1 slayings"): one day each, in its main event."""
    return frozenset(
        claim.value.start
        for claim in claims
        if claim.type == "date"
        and claim.context.role in INCIDENT_ROLES
        and claim.context.scope == "main"
        and claim.value.start is not None
        and claim.value.start == claim.value.end
    )


def _agreed_day(incidents: dict[str, frozenset[dt.date]]) -> dt.date | None:
    """The earliest day that two documents or more tie to the incident, if any."""
    documents_by_day: dict[dt.date, int] = {}
    for days in incidents.values():
        for day in days:
            documents_by_day[day] = documents_by_day.get(day, 0) + 1
    agreed = [day for day, documents in documents_by_day.items() if documents >= 2]
    return min(agreed, default=None)


def by_event_days(
    claims: list[Claim], days: tuple[dt.date, dt.date] | None, reference: ReferenceDate | None
) -> list[Claim]:
    """A document's dates outside the set's event days set aside, and its days named
    without a figure ("Sunday", "yesterday") when it was published more than a week after
    the event's first report: they name a later day than the event's."""
    if days is None:
        return claims
    first_report = days[0] + dt.timedelta(EVENT_DAYS_BEFORE)
    late = reference is not None and (reference.date - first_report).days > WEEK
    found = []
    for claim in claims:
        value = claim.value
        if claim.type == "date" and claim.context.scope == "main" and value.start and value.end:
            if _outside(value, days):
                claim = background(claim, "another date: outside the days of the set's event")
            elif late and not any(ch.isdigit() for ch in claim.text):
                claim = background(claim, "a weekday in an article written a week later")
        found.append(claim)
    return found


def _outside(value: TimeValue, days: tuple[dt.date, dt.date]) -> bool:
    return value.end < days[0] or value.start > days[1]


def within_own_toll(claims: list[Claim]) -> list[Claim]:
    """An article states its toll and then some of it: the victims at one address, those
    still in hospital, one city's dead in a roundup. A main-event count smaller than the
    article's largest count of the same role (and the same counted class) is a part of
    that toll, not a rival one."""
    keys = list(map(_toll_key, claims))
    largest: dict[tuple, float] = {}
    for claim, key in zip(claims, keys, strict=True):
        if key is not None:
            largest[key] = max(largest.get(key, claim.value.lo), claim.value.lo)
    if not largest:
        return claims
    found = []
    for claim, key in zip(claims, keys, strict=True):
        if key is not None and claim.value.lo < largest[key]:
            claim = changed(claim, context=changed(claim.context, part=True))
        found.append(claim)
    return found


def _toll_key(claim: Claim) -> tuple | None:
    about = claim.context
    value = claim.value
    counted = about.role and about.scope == "main" and not about.part
    if not counted or not isinstance(value, Quantity) or value.lo is None:
        return None
    return about.role, about.counted_in[-1:]
