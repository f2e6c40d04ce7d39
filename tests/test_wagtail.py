"""The Wagtail integration, end to end: a real Wagtail project (the settings and page
model docs/cms.md gives), an editor publishing through Wagtail's admin views with
Django's test client, and the claim archive the pages are checked against and go into."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

pytest.importorskip("wagtail", reason="the wagtail extra is not installed")

from roles_fixture import JUNE_3_DRAFT, JUNE_6_DRAFT, SOURCES, archived, on_days
from wagtail_project import start_project

from factcheck.cms.api import Archive, as_document

TODAY = dt.date.today()
BEGAN, OTHER = TODAY - dt.timedelta(days=3), TODAY - dt.timedelta(days=6)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The project, migrated; an editor; the archive of two stories."""
    folder = tmp_path_factory.mktemp("wagtail")
    start_project(folder)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from factcheck.cms.wagtail import checker

    archive_path = settings.FACTCHECK["ARCHIVE"]
    with Archive(archive_path) as archive:
        archive.ensure_indexes(checker().rule_set)
        for story, members in archive_stories().items():
            list(archive.add([checker().extract(d) for d in members], story=story))
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client = Client()
    client.force_login(editor)
    return client, archive_path


def archive_stories() -> dict:
    """story "evac-a": the Courier and the Post, both June 6 (`BEGAN`); story "evac-b": the
    same two and the Gazette, which says June 3 (`OTHER`). Dated two days ago."""
    published = (TODAY - dt.timedelta(days=2)).isoformat()
    gazette = archived(3)
    gazette_b = {"id": "gazette", "text": gazette.text, "source": gazette.source}
    stories = {"evac-a": SOURCES, "evac-b": [*SOURCES, gazette_b]}
    return {
        story: [as_document(moved(article, story, published), "") for article in members]
        for story, members in stories.items()
    }


def moved(article: dict, story: str, published: str) -> dict:
    """An archived copy of an article for one story, its dates moved to recent days."""
    text = on_days(article["text"], BEGAN, OTHER)
    return article | {"id": f"{article['id']}-{story}", "published": published, "text": text}


def publish(client, title: str, story: str, text: str, page=None):
    """Press Publish on a new page under the home page (or on `page`, edited), as the
    editor does: the form's fields as the admin's page editor posts them."""
    from wagtail.models import Page
    from wagtail.test.utils.form_data import rich_text

    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "story": story,
        "body": rich_text(paragraphs),
        "action-publish": "action-publish",
    }
    if page is not None:
        return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)
    home = Page.objects.get(depth=2)
    return client.post(f"/admin/pages/add/newsdesk/articlepage/{home.pk}/", data, follow=True)


def page_titled(title: str):
    from newsdesk.models import ArticlePage

    return ArticlePage.objects.get(title=title)


def archived_ids(path) -> set[str]:
    with Archive(path, readonly=True) as archive:
        return set(archive.ids())


def test_a_page_the_archives_sources_contradict_is_held_back(site):
    client, archive_path = site
    response = publish(client, "Evacuation held", "evac-a", on_days(JUNE_3_DRAFT, BEGAN, OTHER))
    page = page_titled("Evacuation held")
    assert not page.live  # held back: the revision is a draft
    assert page.has_unpublished_changes
    assert response.redirect_chain[-1][0] == f"/admin/pages/{page.pk}/edit/"
    shown = response.content.decode()
    assert "Not published: factcheck found" in shown
    other = f"{OTHER:%B} {OTHER.day}"
    assert f"line 1: “{other}”" in shown  # the claim and its line
    assert f"wagtail-{page.pk} dates the start of the evacuation" in shown  # the message
    assert f"wagtail-{page.pk}" not in archived_ids(archive_path)


def test_a_page_that_agrees_with_the_sources_publishes(site):
    client, archive_path = site
    text = on_days(JUNE_6_DRAFT, BEGAN, OTHER)
    response = publish(client, "Evacuation agrees", "evac-b", text)
    page = page_titled("Evacuation agrees")
    assert page.live
    shown = response.content.decode()
    assert "has been published" in shown or "created and published" in shown
    assert "Not published" not in shown
    assert "Other articles differ" in shown and "gazette-evac-b" in shown
    assert f"wagtail-{page.pk}" in archived_ids(archive_path)


def test_a_clean_page_is_published_and_archived(site):
    client, archive_path = site
    text = "The harbour board met on Tuesday to discuss the new sea wall.\n"
    response = publish(client, "Harbour board", "harbour", text)
    page = page_titled("Harbour board")
    assert page.live
    assert "factcheck found" not in response.content.decode()
    with sqlite3.connect(archive_path) as connection:
        stories = dict(connection.execute("SELECT id, story FROM documents"))
    connection.close()
    assert stories[f"wagtail-{page.pk}"] == "harbour"


def test_a_corrected_page_publishes_and_a_live_page_keeps_its_version(site):
    client, _ = site
    wrong, right = (on_days(t, BEGAN, OTHER) for t in (JUNE_3_DRAFT, JUNE_6_DRAFT))
    publish(client, "Evacuation fixed", "evac-a", wrong)
    page = page_titled("Evacuation fixed")
    assert not page.live
    shown = publish(client, "Evacuation fixed", "evac-a", right, page).content.decode()
    assert "Not published" not in shown
    page = page_titled("Evacuation fixed")
    assert page.live
    # Editing the live page back to the wrong date: held back, the live version stays.
    shown = publish(client, "Evacuation fixed", "evac-a", wrong, page).content.decode()
    assert "Not published: factcheck found" in shown
    page = page_titled("Evacuation fixed")
    assert page.live and page.has_unpublished_changes
    assert f"{BEGAN:%B} {BEGAN.day}" in str(page.body)
    assert f"{OTHER:%B} {OTHER.day}" in str(page.get_latest_revision_as_object().body)


def test_a_check_that_fails_holds_the_page_when_asked(site, monkeypatch):
    from django.test import override_settings

    import factcheck.cms.wagtail as integration

    def broken(page):
        raise RuntimeError("the archive disk is gone")

    monkeypatch.setattr(integration, "check_page", broken)
    client, _ = site
    text = "The harbour board met on Tuesday.\n"
    with override_settings(FACTCHECK=integration.options() | {"ON_ERROR": "hold"}):
        shown = publish(client, "Harbour held", "harbour", text).content.decode()
    assert "Not published: the figures could not be checked." in shown
    assert not page_titled("Harbour held").live
    shown = publish(client, "Harbour open", "harbour", text).content.decode()  # "publish"
    assert page_titled("Harbour open").live


@pytest.mark.parametrize(("given", "message"), [
    ({"ARCHVE": "x.sqlite"}, "unknown key 'ARCHVE'"),
    ({"ON_ERROR": "ignore"}, "'publish' or 'hold'"),
    ({"GATE": {"block_confidence": 2}}, "block_confidence must lie in [0, 1]"),
    ({"GATE": {"block": 0.5}}, "FACTCHECK['GATE']"),
])  # fmt: skip
def test_bad_settings_are_named(site, given, message):
    from django.core.exceptions import ImproperlyConfigured
    from django.test import override_settings

    from factcheck.cms.wagtail import options

    with override_settings(FACTCHECK=given), pytest.raises(ImproperlyConfigured) as error:
        options()
    assert message in str(error.value)
