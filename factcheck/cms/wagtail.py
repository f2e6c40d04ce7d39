"""Wagtail: check a page's figures when an editor publishes it; archive it once published.

Installed as the Django app `factcheck.integrations.wagtail`, whose wagtail_hooks.py
registers `before_publish_page` (below) and connects `archive_published` to Wagtail's
`page_published` signal. Settings come from Django's `FACTCHECK` dict (docs/cms.md):

- publishing from the page editor runs the check in this process (one Checker, built on
  first use) against the claim archive; a page the gate blocks is held back: its
  revision is saved as a draft, the editor is sent back to it, and the findings are
  shown at the top (the message, the page's claim and its line);
- a page that publishes, whichever way (editor, workflow, schedule), is added to the
  archive under its story, so the next draft is checked against it.

Findings where the page agrees with most independent sources and another article
differs never hold it back (cms/roles.py); the editor is told of them.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from factcheck.cms.api import Archive, Checker, DraftReport, Gate, check_draft, rules_version
from factcheck.cms.plaintext import from_html
from factcheck.model import Claim, Document, Finding
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.loading import RuleSetError, load_rules

log = logging.getLogger("factcheck.wagtail")

DEFAULTS: dict[str, Any] = {
    "ARCHIVE": "factcheck-archive.sqlite",  # read before publishing, written after
    "TEXT_FIELDS": ("body",),  # the page fields whose text is checked, in order
    "STORY": None,  # a field name, or a callable(page), giving the story label
    "ARCHIVE_DAYS": 30,  # without a story: archived articles within this many days
    "SOURCE": None,  # the publication's name: its pages are one source
    "PAGE_MODELS": None,  # "app_label.ModelName"s to check; None: every page with a text field
    "GATE": {},  # Gate's thresholds: block_severity, block_confidence, warn_...
    "RULES": (),  # rule files or folders added to the bundled rules
    "BUNDLED_RULES": True,
    "TIMEOUT": 3.0,  # seconds; a check that runs out is partial, and warns
    "ON_ERROR": "publish",  # a check that fails: "publish" (and log) or "hold"
}
ID_PREFIX = "wagtail-"  # archived pages' ids: a page's earlier version is never its rival


def options() -> dict[str, Any]:
    """The FACTCHECK settings over the defaults; an unknown key is a configuration error."""
    given = getattr(settings, "FACTCHECK", {})
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ImproperlyConfigured(
            f"FACTCHECK: unknown key '{unknown[0]}'; expected one of {', '.join(DEFAULTS)}"
        )
    merged = DEFAULTS | given
    if merged["ON_ERROR"] not in ("publish", "hold"):
        raise ImproperlyConfigured("FACTCHECK['ON_ERROR'] must be 'publish' or 'hold'")
    try:
        Gate(**merged["GATE"])
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"FACTCHECK['GATE']: {error}") from None
    return merged


@lru_cache(maxsize=1)
def checker() -> Checker:
    """One Checker per process: the grammar and rules are compiled once."""
    settings_ = options()
    paths = [Path(p) for p in settings_["RULES"]]
    if settings_["BUNDLED_RULES"]:
        paths.insert(0, bundled_rules_dir())
    try:
        return Checker(load_rules(paths))
    except RuleSetError as error:
        raise ImproperlyConfigured(f"FACTCHECK['RULES']: {error}") from None


# ------------------------------------------------------------------------- the page


def checked(page) -> bool:
    """Whether the settings ask for this page to be checked."""
    settings_ = options()
    models = settings_["PAGE_MODELS"]
    if models is not None:
        return page._meta.label in models
    return any(hasattr(page, name) for name in settings_["TEXT_FIELDS"])


def draft_of(page) -> dict[str, Any]:
    """The page as a factcheck article (the keys of a JSONL article)."""
    settings_ = options()
    texts = [from_html(getattr(page, name, "")) for name in settings_["TEXT_FIELDS"]]
    published = page.go_live_at or timezone.now()
    return {
        "id": f"{ID_PREFIX}{page.pk}",
        "title": page.title,
        "text": "\n".join(t for t in texts if t.strip()),
        "source": settings_["SOURCE"],
        "published": timezone.localtime(published).date().isoformat(),
    }


def story_of(page) -> str | None:
    story = options()["STORY"]
    if story is None:
        return None
    value = story(page) if callable(story) else getattr(page, story, None)
    return str(value) if value else None


# ------------------------------------------------------------------------ the check


def check_page(page) -> DraftReport:
    """The page's findings against the archive (its story, or a window of dates)."""
    settings_ = options()
    path = Path(settings_["ARCHIVE"])
    story = story_of(page)
    days = None if story else settings_["ARCHIVE_DAYS"]
    if not path.exists():  # nothing published yet: the page is checked on its own
        return check_draft(checker(), draft_of(page), timeout=settings_["TIMEOUT"])
    with Archive(path, readonly=True) as archive:
        return check_draft(
            checker(), draft_of(page), archive=archive, story=story, days=days,
            timeout=settings_["TIMEOUT"],
        )  # fmt: skip


def before_publish_page(request, page):
    """The `before_publish_page` hook: a response holds the page back (its revision is
    kept as a draft), None lets Wagtail publish it."""
    if not checked(page):
        return None
    settings_ = options()
    try:
        report = check_page(page)
    except Exception:
        log.exception("factcheck could not check page %s", page.pk)
        if settings_["ON_ERROR"] == "hold":
            return hold(request, page, "Not published: the figures could not be checked.")
        return None
    gate = Gate(**settings_["GATE"])
    decision = gate.decide(report)
    at = {index: gate.decision([finding]) for index, finding in enumerate(report.findings)}
    gating = {i for i in at if (role := report.role(i)) is None or role.gates}
    if decision == "block":
        shown = [i for i in gating if at[i] == "block"] or sorted(gating)
        return hold(request, page, findings_message("Not published", report, shown))
    if decision == "warn":
        shown = [i for i in gating if at[i] != "pass"] or sorted(gating)
        messages.warning(request, findings_message("Check before it runs", report, shown))
    others = [i for i in at if (role := report.role(i)) is not None and role.role == "agrees"]
    if others:
        messages.info(request, findings_message("Other articles differ", report, others))
    return None


def hold(request, page, message: str):
    """Keep the page from going live and send the editor back to it with the message.

    Wagtail saved the revision before the hook ran; a page created with Publish was
    also saved as live, so a page never published before is set back to a draft."""
    if page.first_published_at is None and page.live:
        page.live = False
        page.has_unpublished_changes = True
        page.save(update_fields=["live", "has_unpublished_changes"], clean=False)
    messages.error(request, message)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def findings_message(heading: str, report: DraftReport, indexes: list[int]) -> str:
    """Some of the report's findings for the editor, each with the page's claim in it and
    that claim's line (a partial check without findings says so)."""
    draft_id = report.draft.document.id
    rows = []
    for index in sorted(indexes):
        finding = report.findings[index]
        claim = _draft_claim(finding, draft_id)
        rows.append((claim.span.line, claim.text, finding.message))
    items = format_html_join("", "<li>line {}: “{}”: {}</li>", rows)
    notes = format_html_join("", "<li>{}</li>", ((note,) for note in report.notes))
    count = len(rows)
    return format_html(
        "{}: factcheck found {} finding(s).<ul>{}{}</ul>", heading, count, items, notes
    )


def _draft_claim(finding: Finding, draft_id: str) -> Claim:
    """The page's claim in a finding (every finding of a DraftReport has one)."""
    return next(c for c in finding.claims if c.doc == draft_id)


# ---------------------------------------------------------------------- the archive


def archive_published(sender, instance, revision=None, **kwargs) -> None:
    """`page_published` receiver: the page's claims go into the archive, replacing any
    earlier version of the page, under its story."""
    page = instance
    if not checked(page):
        return
    draft = draft_of(page)
    document = Document(
        draft["id"], draft["text"], f"<{draft['id']}>", title=draft["title"],
        source=draft["source"], published=dt.date.fromisoformat(draft["published"]),
    )  # fmt: skip
    rules = checker().rule_set
    with Archive(Path(options()["ARCHIVE"])) as archive:
        archive.ensure_indexes(rules)
        done = archive.add([checker().extract(document)], story=story_of(page),
                           rules_version=rules_version(rules))  # fmt: skip
        for added in done:
            log.info("archived %s (%d claims)", added.id, added.claims)


def connect() -> None:
    """Connect `archive_published` to Wagtail's page_published signal (once)."""
    from wagtail.signals import page_published

    page_published.connect(archive_published, dispatch_uid="factcheck-archive-published")
