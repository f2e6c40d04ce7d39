"""Articles for the API, archive and service tests: a newsroom's archive of several stories.

The Vell valley flood is the fixture set (fixtures/flood). Two other stories share its
rule keys (people killed, an evacuation's start) but are about other events, as any
real archive's stories do: the earthquake in Sarn and a ferry fire off Port Alby.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from factcheck.load.articles import load_article_set
from factcheck.model import Document

ROOT = Path(__file__).resolve().parent.parent
FLOOD = ROOT / "fixtures" / "flood"


def flood() -> dict[str, Document]:
    return {d.id: d for d in load_article_set([str(FLOOD)]).documents}


def body(document: Document) -> str:
    """The text after the front matter: what a CMS would send as a draft's text."""
    return document.text[document.body_start :]


QUAKE = [
    Document(
        "sarn-quake-1",
        "SARN - The earthquake has killed 41 people and injured more than 200, the regional "
        "governor said on Tuesday.\n\nThe evacuation of the old town began on March 4, "
        'after engineers found cracks in the cathedral tower.\n\n"Every family has lost '
        'someone or something," said Ilse Marnow, who runs a pharmacy on the square.\n',
        "<sarn-quake-1>",
        source="Highland Post",
        published=dt.date(2025, 3, 5),
    ),
    Document(
        "sarn-quake-2",
        "SARN (Coastline Agency) - Rescue teams pulled two survivors from the rubble on "
        "Wednesday, as the death toll from the earthquake rose to 44 people.\n\nAbout 1,500 "
        "residents were evacuated from the old town, officials said.\n",
        "<sarn-quake-2>",
        source="Coastline Agency",
        published=dt.date(2025, 3, 6),
    ),
]

FERRY = [
    Document(
        "alby-ferry-1",
        "PORT ALBY - A fire on a passenger ferry killed 9 people on Saturday, the coast "
        "guard said. The evacuation of the ship began on August 16, minutes after smoke "
        "was seen on the car deck.\n",
        "<alby-ferry-1>",
        source="Harbour Times",
        published=dt.date(2025, 8, 17),
    ),
]


def generated_articles(count: int, seed: int = 3) -> list[dict]:
    """Short wire stories on one flood, figures varying a little, as JSONL records."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        toll = rng.choice([14, 14, 15, 23])
        evacuated = rng.choice([3000, 3200, 3500])
        day = rng.choice([3, 3, 6])
        text = (
            f"MARROWBY - The floods have killed {toll} people, including four "
            f"children, officials said.\n\nCrews have evacuated {evacuated:,} residents. "
            f"The evacuation began on June {day}, according to the civil protection "
            f"authority.\n\nResidents will return home from June 12, the governor said.\n"
        )
        records.append(
            {
                "id": f"wire-{i:05d}",
                "text": text,
                "source": f"Outlet {i % 40}",
                "published": "2025-06-10",
            }
        )
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def fill_newsroom(archive, checker) -> None:
    """Three stories in an archive: the flood (without the Valley Herald, which tests
    send as the draft), the Sarn earthquake and the Alby ferry fire."""
    archive.ensure_indexes(checker.rule_set)
    docs = flood()
    for story, documents in (
        ("vell-flood", [docs["rw-toll"], docs["rw-return"], docs["northern-courier"]]),
        ("sarn-quake", QUAKE),
        ("alby-ferry", FERRY),
    ):
        list(archive.add((checker.extract(d) for d in documents), story=story))
