"""A real Wagtail project, written to a folder by the tests: the settings and the page
model are the snippets docs/cms.md tells a newsroom to write, on top of what
`wagtail start` generates (trimmed to what the admin needs), with a SQLite database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from docs_snippets import snippet

PROJECT_SETTINGS = """\
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "only-for-tests"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]
INSTALLED_APPS = [
    "newsdesk",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "newsdesk.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
# In memory, as Django's test runner makes SQLite test databases.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "/static/"
WAGTAIL_SITE_NAME = "Newsdesk"
WAGTAILADMIN_BASE_URL = "http://localhost"
WAGTAILADMIN_COMMENTS_ENABLED = False
MIGRATION_MODULES = {app: None for app in (
    "newsdesk", "wagtailforms", "wagtailredirects", "wagtailembeds", "wagtailsites", "wagtailusers",
    "wagtailsnippets", "wagtaildocs", "wagtailimages", "wagtailsearch", "wagtailadmin",
    "wagtailcore", "taggit", "auth", "contenttypes", "sessions",
)}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

"""

URLS = """\
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [path("admin/", include(wagtailadmin_urls)), path("", include(wagtail_urls))]
"""


def write_project(folder: Path) -> Path:
    """The project's files: newsdesk/ (settings, urls and the page model); returns the
    folder to put on sys.path."""
    package = folder / "newsdesk"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(PROJECT_SETTINGS + snippet("# settings.py"))
    (package / "urls.py").write_text(URLS)
    (package / "models.py").write_text(snippet("# models.py"))
    return folder


def start_project(folder: Path) -> None:
    """Django set up on the project, its database migrated (once per test process)."""
    import django
    from django.core.management import call_command

    sys.path.insert(0, str(write_project(folder)))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    django.setup()
    # Tables straight from the models, as pytest-django's --nomigrations makes them:
    # Wagtail's 181 migrations take 20 s to apply on a busy machine, this takes 1.
    call_command("migrate", run_syncdb=True, verbosity=0)
    _site()


def _site() -> None:
    """What Wagtail's first migrations make: a locale, the root page, a home page, a site."""
    from wagtail.models import Locale, Page, Site

    Locale.objects.create(language_code="en")
    root = Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
