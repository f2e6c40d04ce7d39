"""The evacuation of Brennholm: a draft that agrees with two independent reports while
one archived article gives another date, and the same draft's reverse. Written for the
draft-role tests, the Wagtail tests and docs/cms.md."""

from __future__ import annotations

import datetime as dt

from factcheck.model import Document

PUBLISHED = "2025-06-09"

JUNE_6_DRAFT = (
    "BRENNHOLM - The evacuation of the lower town began on June 6, as the river rose "
    "past the old flood wall, the district council said.\n\n"
    "About 2,400 residents spent the weekend in the sports hall and two schools on the "
    "hill, where volunteers served meals until late on Sunday.\n"
)
JUNE_3_DRAFT = JUNE_6_DRAFT.replace("June 6", "June 3")

# Sent with the draft: two reports from publishers that do not copy each other.
SOURCES = [
    {
        "id": "courier-brennholm",
        "source": "Northern Courier",
        "published": "2025-06-08",
        "text": "Firefighters in Brennholm pumped water from cellars all night. The "
        "evacuation of the lower town began on June 6, when engineers warned that the "
        "wall could not hold.\n",
    },
    {
        "id": "post-brennholm",
        "source": "Highland Post",
        "published": "2025-06-08",
        "text": "Schools on the hill became shelters after the evacuation began on June 6, "
        "said Marta Ilves, who coordinates the district's volunteers.\n",
    },
]


def archived(day: int) -> Document:
    """The archive's article on the story: it dates the evacuation to June `day`."""
    return Document(
        "gazette-brennholm",
        f"BRENNHOLM - Residents of the lower town left their homes after the evacuation "
        f"began on June {day}, officials said, and the river kept rising overnight.\n",
        "<gazette-brennholm>",
        source="Plains Gazette",
        published=dt.date(2025, 6, 7),
    )


def on_days(text: str, began: dt.date, other: dt.date) -> str:
    """The text with its dates moved: June 6 to `began`, June 3 to `other` (for pages
    published today, whose dates must be recent)."""
    return text.replace("June 6", _day(began)).replace("June 3", _day(other))


def _day(day: dt.date) -> str:
    return f"{day:%B} {day.day}"
