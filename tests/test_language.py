"""Articles not written in English: told apart, read for full dates only (dateparser),
and named in every report."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from factcheck.cli.main import main
from factcheck.extract.language import detect_language

GERMAN = """\
---
id: lokal-zeitung
published: 2025-06-10
---
LINDEN CROSS - Die Flut hat in der Stadt mindestens 23 Menschen getötet, wie die Behörden
am Dienstag mitteilten. Der Damm ist am 6. Juni 2025 gebrochen, und die Evakuierung wurde
sofort begonnen. Das Leben in der Stadt ist nicht mehr wie vorher, sagte der Bürgermeister,
der auch von 400 Häusern sprach, die zerstört wurden.
"""
ENGLISH = """\
---
id: valley-post
published: 2025-06-10
---
The floods have killed 23 people in Linden Cross, officials said on Tuesday. The weir
collapsed on June 6, and the evacuation of the valley began at once.
"""
FRENCH = (
    "Les inondations ont fait au moins 23 morts dans la ville, selon les autorités. "
    "La digue a cédé le 6 juin 2025 et l'évacuation a commencé aussitôt, a indiqué le "
    "maire, qui a aussi parlé de 400 maisons détruites par les eaux."
)


@pytest.mark.parametrize(
    ("text", "language"),
    [(GERMAN, "de"), (ENGLISH, "en"), (FRENCH, "fr"), ("Winds of 120 mph.", "en")],
)
def test_the_language_of_an_article(text, language):
    assert detect_language(text) == language


def test_english_quoting_a_german_phrase_is_english():
    text = ENGLISH + ' The mayor said "Das Leben in der Stadt ist nicht mehr wie vorher".'
    assert detect_language(text) == "en"


def _check(tmp_path, output_format: str) -> str:
    (tmp_path / "de.md").write_text(GERMAN)
    (tmp_path / "en.md").write_text(ENGLISH)
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", output_format])
    return result.output


def test_a_german_article_gets_only_its_full_dates_and_a_note(tmp_path):
    report = json.loads(_check(tmp_path, "json"))
    german = next(d for d in report["documents"] if d["id"] == "lokal-zeitung")
    assert german["language"] == "de"
    assert german["claims"] == 1  # "am 6. Juni 2025"; not "23", "400", "Leben", "Dienstag"
    assert german["notes"] == [
        "lokal-zeitung: written in German, not English: only its full dates were read; "
        "its figures were not checked"
    ]
    english = next(d for d in report["documents"] if d["id"] == "valley-post")
    assert (english["language"], english["notes"]) == ("en", [])


@pytest.mark.parametrize("output_format", ["text", "sarif", "html", "jsonl"])
def test_every_report_names_the_language(tmp_path, output_format):
    assert "written in German, not English" in _check(tmp_path, output_format)


def test_a_german_date_is_a_claim_that_slices_the_text(tmp_path):
    from factcheck.load.articles import parse_article
    from factcheck.pipeline import Checker

    document, _ = parse_article(GERMAN, "de.md", "de")
    (claim,) = Checker().extract(document).claims
    assert document.text[claim.span.start : claim.span.end] == claim.text == "am 6. Juni 2025"
    assert claim.value.timex == "2025-06-06"
