"""examples/webhook_relay.py: WordPress, Sanity and Contentful webhook bodies (written
from each CMS's documentation, in examples/payloads/) turned into /v1/check requests,
and the relay and the service run as real servers, as a newsroom would run them."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import httpx
import pytest
from roles_fixture import SOURCES
from server import free_port, running, running_server

from factcheck.cms.api import Archive, as_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PAYLOADS = EXAMPLES / "payloads"
SECRET = "relay-secret-for-tests"


def load_relay():
    spec = importlib.util.spec_from_file_location("webhook_relay", EXAMPLES / "webhook_relay.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


relay = load_relay()


def payload(name: str) -> dict:
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


LEAD = (
    "BRENNHOLM {dash} The evacuation of the lower town began on {day}, as the river rose "
    "past the old flood wall, the district council said."
)


def test_a_wordpress_post_becomes_a_check_request():
    request = relay.wordpress(payload("wordpress-post.json"), relay.parse_args([]))
    draft = request["draft"]
    assert draft["id"] == "wp-4812"
    assert draft["title"] == "Brennholm\u2019s lower town empties as the river rises"
    lead = LEAD.format(dash="\u2013", day="June 3")
    assert draft["text"].startswith(lead + "\n\nAbout 2,400 residents")
    assert "<" not in draft["text"] and "wp:paragraph" not in draft["text"]
    assert draft["published"] == "2025-06-09"  # date_gmt, not the site's local date
    assert request["archive"] == {"story": "brennholm"}  # the post's tag, not its category


def test_a_sanity_document_becomes_a_check_request():
    options = relay.parse_args(["--publication", "Valley Herald"])
    request = relay.sanity(payload("sanity-article.json"), options)
    draft = request["draft"]
    assert draft["id"] == "7c1f2e9a-brennholm"  # the draft's published id
    lines = draft["text"].splitlines()
    assert lines[0] == LEAD.format(dash="-", day="June 6")  # spans joined, marks dropped
    assert lines[2].startswith("About 2,400")  # the image block has no text
    assert draft["source"] == "Valley Herald"
    assert draft["published"] == "2025-06-09"
    assert request["archive"] == {"story": "brennholm"}


def test_a_contentful_entry_becomes_a_check_request():
    request = relay.contentful(payload("contentful-entry.json"), relay.parse_args([]))
    draft = request["draft"]
    assert draft["id"] == "5KsDBWseXY6QegucYAoacS"
    assert draft["text"].splitlines()[0] == LEAD.format(dash="-", day="June 3")
    assert draft["published"] == "2025-06-09"
    assert request["archive"] == {"story": "brennholm"}
    markdown = payload("contentful-entry.json")
    markdown["fields"]["body"]["en-US"] = "The evacuation began on June 3.\n"
    markdown["fields"].pop("story")
    plain = relay.contentful(markdown, relay.parse_args([]))
    assert plain["draft"]["text"] == "The evacuation began on June 3.\n"
    assert plain["archive"] == {"days": 30}


@pytest.mark.parametrize("mapping", ["wordpress", "sanity", "contentful"])
def test_bodies_that_are_not_articles_are_refused(mapping):
    with pytest.raises(relay.PayloadError):
        relay.MAPPINGS[mapping]({"hello": "world"}, relay.parse_args([]))


@pytest.fixture(scope="module")
def servers(tmp_path_factory, checker):
    """The service (with an archive where the Courier and the Post say June 6, and a
    token) and the relay in front of it, each a real server on a loopback port."""
    folder = tmp_path_factory.mktemp("relay")
    with Archive(folder / "newsroom.sqlite") as archive:
        archive.ensure_indexes(checker.rule_set)
        documents = [as_document(s, "") for s in SOURCES]
        list(archive.add([checker.extract(d) for d in documents], story="brennholm"))
    (folder / "token.txt").write_text("service-token\n")
    (folder / "relay-secret.txt").write_text(SECRET + "\n")
    service_options = [
        "--archive", str(folder / "newsroom.sqlite"), "--token-file", str(folder / "token.txt"),
    ]  # fmt: skip
    with running_server(service_options, folder / "service.log") as service:
        port = free_port()
        command = [
            sys.executable, str(EXAMPLES / "webhook_relay.py"), "--port", str(port),
            "--factcheck", service, "--token-file", str(folder / "token.txt"),
            "--secret-file", str(folder / "relay-secret.txt"),
        ]  # fmt: skip
        with running(command, port, "/", folder / "relay.log") as relay_url:
            yield relay_url


def send(base: str, cms: str, body, secret: str | None = SECRET) -> httpx.Response:
    headers = {"X-Relay-Secret": secret} if secret else {}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(f"{base}/{cms}", content=content, headers=headers, timeout=10)


@pytest.mark.parametrize(("cms", "name", "decision"), [
    ("wordpress", "wordpress-post.json", "block"),
    ("sanity", "sanity-article.json", "pass"),
    ("contentful", "contentful-entry.json", "block"),
])  # fmt: skip
def test_the_relay_checks_each_cms_through_the_service(servers, cms, name, decision):
    answer = send(servers, cms, payload(name))
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["decision"] == decision and data["status"] == "complete"
    if decision == "block":
        assert data["findings"][0].startswith("line 1: 'June 3': ")
        assert "courier-brennholm" in data["findings"][0]


def test_the_relay_asks_for_its_secret_and_refuses_what_it_cannot_read(servers):
    assert (
        send(servers, "wordpress", payload("wordpress-post.json"), secret=None).status_code == 401
    )
    assert send(servers, "wordpress", payload("wordpress-post.json"), "wrong").status_code == 401
    assert send(servers, "wordpress", b"{not json").status_code == 422
    assert send(servers, "sanity", {"_type": "article"}).status_code == 422
    assert send(servers, "drupal", {}).status_code == 404
