"""Build a newsroom archive of generated articles for the service benchmarks.

A year of coverage: a few hundred stories (floods, earthquakes, wildfires, ferry fires,
ceasefires, elections, strikes), each with its own place, dates and figures, covered
by a handful to a hundred and fifty articles from forty outlets. Articles run from 1.5
to 4 KB: a dateline and lead with the figures, then quotes and background. About one
article in twenty gets a figure or a date wrong, as real coverage does, and one in ten
is wire copy run by another outlet (its opening paragraphs word for word). Every story is
filed under its own story label in the archive.

    python benchmarks/archive_build.py PATH [--articles 10000] [--seed 11]

`newsroom(...)` and `draft(...)` are imported by benchmarks/service_latency.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from factcheck.cms.api import Archive, Checker, rules_version
from factcheck.model import Document

OUTLETS = [
    "Valley Herald", "Riverside Wire", "Northern Courier", "Coastline Agency", "Highland Post",
    "Harbour Times", "Capital Daily", "Plains Gazette", "Metro Ledger", "Evening Standard-Bearer",
    "Lakeside Observer", "Frontier Report", "Delta Chronicle", "Summit News", "Islands Press",
    "Border Telegraph", "Market Journal", "Union Record", "Western Sentinel", "Eastern Star",
    "Southern Cross Weekly", "Morning Bulletin", "Civic Voice", "Провинция", "La Gaceta del Sur",
    "Le Courrier du Nord", "Il Corriere di Valle", "Gazeta Ludowa", "De Kustbode",
    "Tagesspiegel Ost",
    "Midland Advertiser", "County Examiner", "Bay Area Dispatch", "Mountain Echo", "Port Mercury",
    "Central Times", "Heartland Tribune", "Riverbend Post", "Old Town Crier", "Wire Services",
]  # fmt: skip
PLACES = [
    "Vell", "Sarn", "Alby", "Marrow", "Hesk", "Linden", "Carrow", "Oak", "Brenn", "Tollan",
    "Ostra", "Kelm", "Darro", "Ivel", "Quarne", "Rusk", "Palder", "Wenn", "Ambre", "Skell",
]  # fmt: skip
SUFFIXES = ["ford", " valley", "by", "mouth", " Cross", "holm", " Bay", "wick", "stead", "port"]
MAX_STORY = 150  # articles on one story
MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]

# Background and colour are put together from parts, so articles share words, not
# passages: only wire copy reused by another outlet shares long passages.
OPENERS = [
    "", "By the afternoon,", "Late into the night,", "Across {place},", "Further downstream,",
    "In the hours that followed,", "Near the old station,", "On the edge of town,",
    "Along the main road,", "In the district of {place},", "Before dawn,", "Since then,",
]  # fmt: skip
SUBJECTS = [
    "volunteers", "neighbours", "rescue workers", "local officials", "shopkeepers",
    "the mayor's office", "church groups", "farmers", "teachers", "nurses", "engineers",
    "students", "the fire brigade", "aid workers", "families", "police officers",
]  # fmt: skip
VERBS = [
    "handed out", "cleared", "inspected", "organised", "collected", "repaired", "counted",
    "carried", "checked", "described", "photographed", "guarded", "delivered", "sorted",
]  # fmt: skip
ADJECTIVES = [
    "muddy", "broken", "narrow", "flooded", "empty", "crowded", "old", "new", "damaged",
    "quiet", "wet", "cold", "dark", "makeshift", "temporary", "small", "large", "ruined",
    "abandoned", "smoky", "silent", "busy", "scattered", "heavy", "light", "long", "short",
    "bright", "grey", "brown", "red", "wooden", "concrete", "steel", "plastic", "rusty",
    "fragile", "wide", "steep", "hidden",
]  # fmt: skip
THINGS = [
    "blankets", "debris", "houses", "shelters", "donations", "pipes", "boats", "lists",
    "bridges", "medicines", "schools", "cellars", "cars", "roofs", "windows", "doors",
    "generators", "pumps", "tents", "crates", "sandbags", "fences", "trucks", "ladders",
    "cables", "radios", "lanterns", "buckets", "mattresses", "stoves", "barriers", "signs",
    "benches", "kiosks", "gardens", "barns", "stables", "wells", "chimneys", "walls",
]  # fmt: skip
PLACES_IN_TOWN = [
    "square", "harbour", "market", "station", "church", "stadium", "school", "clinic",
    "library", "depot", "bakery", "mill", "quay", "bridge", "park", "cemetery", "hall",
    "warehouse", "garage", "hotel", "pharmacy", "barracks", "museum", "theatre", "canal",
    "ring road", "bus station", "town hall", "fish market", "old mill",
]  # fmt: skip
PREPOSITIONS = [
    "near the", "behind the", "outside the", "next to the", "beyond the", "around the",
    "opposite the", "by the", "past the", "along the",
]  # fmt: skip
TAILS = [
    "", " while it was still raining", " as the light faded", " before the roads reopened",
    ", residents said", ", according to witnesses", " with the help of the army",
    " for the second day running", " despite the warnings", " in the town square",
]  # fmt: skip
QUOTE_STARTS = [
    "We have never seen anything like this", "Our teams are working around the clock",
    "I took the children and the documents and we left", "Nobody told us it was coming",
    "The questions about the warnings will have to be answered", "We will rebuild",
    "There is still water in every house on our street", "People have been extraordinary",
]  # fmt: skip
QUOTE_ENDS = [
    "and we will not forget it", "but there is so much left to do", "and that is what matters",
    "yet nobody can tell us when", "whatever the ministry says", "and we need help now",
]  # fmt: skip
ROLES = [
    "who has lived in {place} for thirty years", "a spokesperson for the regional authority",
    "a nurse at the district hospital", "an opposition member of the regional council",
    "who runs a bakery near the square", "a volunteer with the Red Cross",
]  # fmt: skip
NAMES = [
    "Mira Castell", "Tobias Relling", "Edda Varnholt", "Aron Pelk", "Ilse Marnow",
    "Jonas Brede", "Kaja Lindqvist", "Pavel Orsic", "Nadia Haddad", "Luis Ferreira",
]  # fmt: skip


@dataclass(frozen=True)
class Story:
    label: str
    kind: str
    place: str
    day: dt.date  # when it happened
    killed: int
    injured: int
    displaced: int
    evacuation_day: dt.date
    return_day: dt.date
    soldiers: int
    pledged: int  # millions
    currency: str
    articles: int


def _date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}"


def _story(rng: random.Random, number: int, articles: int) -> Story:
    kind = rng.choice(["flood", "earthquake", "wildfire", "storm", "ferry fire", "train crash"])
    place = rng.choice(PLACES) + rng.choice(SUFFIXES)
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
    return Story(
        label=f"{kind.replace(' ', '-')}-{place.lower().replace(' ', '-')}-{number}",
        kind=kind,
        place=place,
        day=day,
        killed=rng.choice([3, 7, 9, 12, 14, 23, 41, 60, 128, 310]),
        injured=rng.choice([20, 45, 80, 150, 400]),
        displaced=rng.choice([800, 1500, 3200, 12000, 45000]),
        evacuation_day=day + dt.timedelta(days=rng.choice([0, 1, 2])),
        return_day=day + dt.timedelta(days=rng.choice([7, 10, 14])),
        soldiers=rng.choice([200, 450, 1200, 3000]),
        pledged=rng.choice([2, 5, 10, 25, 80]),
        currency=rng.choice(["$", "€", "£"]),
        articles=articles,
    )


ATTRIBUTIONS = [
    "officials said", "the regional authority said", "according to the health ministry",
    "the civil protection agency said", "police said", "the governor's office said",
    "local media reported", "a government spokesperson said",
]  # fmt: skip


def _lead(rng: random.Random, story: Story, published: dt.date) -> list[str]:
    """The dateline and the figures, each in one of several wordings, as outlets write
    them differently; about one article in twenty gets the toll or a date wrong."""
    wrong = rng.random() < 0.05
    killed = story.killed + (rng.choice([-2, 5]) if wrong and story.killed > 3 else 0)
    evacuation = story.evacuation_day + dt.timedelta(days=rng.choice([2, 3]) if wrong else 0)
    back = _date(story.return_day)
    said = rng.choice(ATTRIBUTIONS)
    kind, place = story.kind, story.place
    lead = rng.choice(
        [
            f"The {kind} has killed {killed} people and injured {story.injured} more, {said}.",
            f"At least {max(killed - 2, 1)} people were killed in the {kind}, {said}.",
            f"The death toll from the {kind} rose to {killed} people, {said}, and "
            f"{story.injured} were injured.",
            f"{killed} people have died since the {kind} struck {place}, {said}.",
            f"Rescuers were still searching the rubble after the {kind} killed {killed} people.",
        ]
    )
    facts = [
        rng.choice(
            [
                f"The evacuation began on {_date(evacuation)}, {said}.",
                f"About {story.displaced:,} residents were evacuated from their homes.",
                f"The evacuation of the worst-hit streets began on {_date(evacuation)}.",
                f"Some {story.displaced:,} residents had been evacuated by the weekend, {said}.",
            ]
        ),
        rng.choice(
            [
                f"Officials said residents would return home from {back}.",
                f"Families can go home from {back}, the governor said.",
                f"Residents will be allowed to return from {back} if engineers agree.",
            ]
        ),
        rng.choice(
            [
                f"The army sent {story.soldiers:,} soldiers to the region.",
                f"About {story.soldiers:,} troops were deployed to help with the rescue.",
                f"{story.soldiers:,} soldiers joined the rescue teams, {said}.",
            ]
        ),
        rng.choice(
            [
                f"The government pledged {story.currency}{story.pledged} million in aid.",
                f"{story.currency}{story.pledged} million in emergency aid has been pledged.",
            ]
        ),
    ]
    rng.shuffle(facts)
    return [f"{place.upper()} - {lead}", *facts[: rng.randint(2, 4)]]


def _paragraph(rng: random.Random, place: str) -> str:
    if rng.random() < 0.35:
        quote = f"{rng.choice(QUOTE_STARTS)}, {rng.choice(QUOTE_ENDS)}"
        role = rng.choice(ROLES).format(place=place)
        return f'"{quote}," said {rng.choice(NAMES)}, {role}.'
    sentences = []
    for _ in range(rng.randint(2, 3)):
        opener = rng.choice(OPENERS).format(place=place)
        words = (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} "
            f"{rng.choice(THINGS)} {rng.choice(PREPOSITIONS)} {rng.choice(ADJECTIVES)} "
            f"{rng.choice(PLACES_IN_TOWN)}"
        )
        sentence = f"{opener} {words}" if opener else words[0].upper() + words[1:]
        sentences.append(sentence + rng.choice(TAILS) + ".")
    return " ".join(sentences)


def _article(
    rng: random.Random, story: Story, size: int, copied: str | None
) -> tuple[str, dt.date, str]:
    published = story.day + dt.timedelta(days=rng.randint(0, 6))
    # Wire copy run by another outlet has the same opening paragraphs, word for word.
    paragraphs = copied.split("\n\n")[:4] if copied else _lead(rng, story, published)
    text = "\n\n".join(paragraphs)
    while len(text.encode()) < size:
        text += "\n\n" + _paragraph(rng, story.place)
    return text + "\n", published, rng.choice(OUTLETS)


def newsroom(articles: int, seed: int) -> list[tuple[Document, str]]:
    """(document, story label) for every article of a generated archive."""
    rng = random.Random(seed)
    stories = []
    remaining = articles
    while remaining > 0:
        count = min(remaining, MAX_STORY, int(rng.paretovariate(1.2) * 8))
        stories.append(_story(rng, len(stories), count))
        remaining -= count
    documents = []
    for story in stories:
        written: list[str] = []
        for i in range(story.articles):
            size = rng.randint(1500, 4000)
            copied = rng.choice(written) if written and rng.random() < 0.1 else None
            text, published, outlet = _article(rng, story, size, copied)
            written.append(text)
            doc_id = f"{story.label}-{i:03d}"
            documents.append(
                (
                    Document(doc_id, text, f"<{doc_id}>", source=outlet, published=published),
                    story.label,
                )
            )
    rng.shuffle(documents)
    return documents


def stories(documents: list[tuple[Document, str]]) -> dict[str, list[Document]]:
    found: dict[str, list[Document]] = {}
    for document, label in documents:
        found.setdefault(label, []).append(document)
    return found


def draft(
    documents: list[tuple[Document, str]],
    story: str | None = None,
    size: int = 4096,
    seed: int = 5,
) -> tuple[dict, str]:
    """A draft of about `size` bytes on a story (default: the largest), as a /v1/check
    article: the lead and figures of the story's first article, then its own paragraphs."""
    by_story = stories(documents)
    label = story or max(by_story, key=lambda s: len(by_story[s]))
    model = by_story[label][0]
    rng = random.Random(seed)
    place = model.text.split(" - ")[0].title()
    text = "\n\n".join(model.text.split("\n\n")[:3])
    while True:
        paragraph = _paragraph(rng, place)
        if len((text + "\n\n" + paragraph).encode()) >= size:
            break
        text += "\n\n" + paragraph
    published = model.published + dt.timedelta(days=rng.randint(0, 1))
    article = {"id": "draft-" + label, "text": text + "\n", "source": "Valley Herald"}
    return article | {"published": published.isoformat()}, label


def build(path: Path, articles: int, seed: int) -> dict:
    checker = Checker()
    documents = newsroom(articles, seed)
    archive = Archive(path)
    archive.ensure_indexes(checker.rule_set)
    version = rules_version(checker.rule_set)
    started = time.perf_counter()
    for label, members in stories(documents).items():
        results = (checker.extract(d) for d in members)
        for _ in archive.add(results, story=label, rules_version=version):
            pass
    seconds = time.perf_counter() - started
    stats = archive.stats()
    archive.close()
    stats["build_seconds"] = round(seconds, 1)
    stats["bytes"] = path.stat().st_size
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if args.path.exists():
        sys.exit(f"{args.path} exists; remove it first")
    stats = build(args.path, args.articles, args.seed)
    print(
        f"{stats['documents']} articles, {stats['claims']} claims, {stats['stories']} stories "
        f"in {args.path} ({stats['bytes'] / 1e6:.1f} MB), built in {stats['build_seconds']} s"
    )


if __name__ == "__main__":
    main()
