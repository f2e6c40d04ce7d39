"""A relay from CMS webhooks to factcheck's `POST /v1/check`: WordPress, Sanity, Contentful.

Each CMS sends its own JSON when an article is saved or published; the relay turns it
into a check request (the body as plain text, the story label, the planned date), sends
it to the factcheck service and answers with the service's decision and findings. Run
it beside the service:

    factcheck serve --port 8000 --archive newsroom.sqlite --token-file token.txt
    python examples/webhook_relay.py --port 8100 --factcheck http://127.0.0.1:8000 \\
        --token-file token.txt --secret-file relay-secret.txt

and point the CMS's webhook at http://<relay>/wordpress, /sanity or /contentful, with the
header `X-Relay-Secret: <the relay secret>` (each of the three can send custom headers).
A webhook cannot stop a publish in these CMSs: use the answer to tell the desk (a log
line for each finding here; a chat message or a field written back in a newsroom's own
relay), or gate publishing in the editor with the service itself (docs/cms.md).

Only the standard library, Starlette and uvicorn (which factcheck installs) are used.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from factcheck.cms.plaintext import from_html, from_portable_text, from_rich_text

log = logging.getLogger("factcheck.relay")
DEFAULT_DAYS = 30  # the archive window for an article filed under no story


class PayloadError(ValueError):
    """A webhook body the relay cannot read as an article."""


# --------------------------------------------------------------- payload → request


def request_for(draft: dict[str, Any], story: str | None) -> dict[str, Any]:
    """The /v1/check body: the draft, and its story (else a window of dates)."""
    if not draft["text"].strip():
        raise PayloadError("the article has no text")
    archive = {"story": story} if story else {"days": DEFAULT_DAYS}
    return {"draft": {k: v for k, v in draft.items() if v is not None}, "archive": archive}


def wordpress(post: dict[str, Any], options: argparse.Namespace) -> dict[str, Any]:
    """A post as the REST API gives it (wp/v2/posts/<id>?_embed), which is what webhook
    plugins send: rendered title and content, GMT dates, tag terms in `_embedded`."""
    try:
        post_id, content = post["id"], post["content"]["rendered"]
    except (KeyError, TypeError):
        raise PayloadError("not a WordPress post: no id or content.rendered") from None
    terms = [t for group in post.get("_embedded", {}).get("wp:term", []) for t in group]
    tags = [t["slug"] for t in terms if t.get("taxonomy") == "post_tag"]
    draft = {
        "id": f"wp-{post_id}",
        "title": from_html(post.get("title", {}).get("rendered", "")).strip() or None,
        "text": from_html(content),
        "source": options.publication,
        "published": _day(post.get("date_gmt") or post.get("date")),
        "url": post.get("link"),
    }
    return request_for(draft, tags[0] if tags else None)


def sanity(document: dict[str, Any], options: argparse.Namespace) -> dict[str, Any]:
    """A Sanity document as a GROQ-powered webhook sends it without a projection: the
    whole document, its body in Portable Text. A draft's id ("drafts.<id>") is checked
    as the article's own id, so its published version is not its rival."""
    if "_id" not in document:
        raise PayloadError("not a Sanity document: no _id")
    body = document.get(options.text_field) or []
    if not isinstance(body, list):
        raise PayloadError(f"'{options.text_field}' is not Portable Text")
    story = document.get(options.story_field)
    if isinstance(story, dict):  # a slug field: {"_type": "slug", "current": "..."}
        story = story.get("current")
    draft = {
        "id": document["_id"].removeprefix("drafts."),
        "title": document.get("title"),
        "text": from_portable_text(body),
        "source": options.publication,
        "published": _day(document.get(options.date_field) or document.get("_updatedAt")),
    }
    return request_for(draft, story if isinstance(story, str) else None)


def contentful(entry: dict[str, Any], options: argparse.Namespace) -> dict[str, Any]:
    """A Contentful entry as its webhooks send it (Entry.save, Entry.publish): `sys` and
    `fields`, each field by locale; the body a Rich Text document or Markdown text."""
    try:
        sys_, fields = entry["sys"], entry["fields"]
    except (KeyError, TypeError):
        raise PayloadError("not a Contentful entry: no sys or fields") from None

    def field(name: str) -> Any:
        return (fields.get(name) or {}).get(options.locale)

    body = field(options.text_field)
    text = from_rich_text(body) if isinstance(body, dict) else (body or "")
    draft = {
        "id": sys_["id"],
        "title": field("title"),
        "text": text,
        "source": options.publication,
        "published": _day(field(options.date_field) or sys_.get("updatedAt")),
    }
    return request_for(draft, field(options.story_field))


def _day(value: str | None) -> str | None:
    """The date part of an ISO 8601 date-time: the planned publication day."""
    return value[:10] if value else None


MAPPINGS = {"wordpress": wordpress, "sanity": sanity, "contentful": contentful}


# ---------------------------------------------------------------------- the relay


def check(request: dict[str, Any], options: argparse.Namespace) -> tuple[int, dict[str, Any]]:
    """POST the request to the service; its status and JSON answer."""
    headers = {"Content-Type": "application/json"}
    if options.token:
        headers["Authorization"] = f"Bearer {options.token}"
    call = urllib.request.Request(
        options.factcheck.rstrip("/") + "/v1/check", json.dumps(request).encode(), headers
    )
    try:
        with urllib.request.urlopen(call, timeout=options.timeout) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def app(options: argparse.Namespace) -> Starlette:
    async def relay(request: Request) -> JSONResponse:
        cms = request.path_params["cms"]
        if cms not in MAPPINGS:
            return JSONResponse({"error": f"no relay for '{cms}'"}, 404)
        given = request.headers.get("x-relay-secret", "").encode()
        if options.secret and not hmac.compare_digest(given, options.secret.encode()):
            return JSONResponse({"error": "wrong or missing X-Relay-Secret"}, 401)
        try:
            body = MAPPINGS[cms](json.loads(await request.body()), options)
        except (json.JSONDecodeError, PayloadError, AttributeError) as error:
            return JSONResponse({"error": f"{cms}: {error}"}, 422)
        try:
            status, answer = check(body, options)
        except OSError as error:  # the service is down: say so, and let the CMS retry
            return JSONResponse({"error": f"factcheck unavailable: {error}"}, 502)
        if status != 200:
            return JSONResponse({"error": answer.get("error"), "request": body}, 502)
        summary = summarize(body["draft"]["id"], answer)
        for line in summary["findings"]:
            log.warning("%s: %s", summary["draft"], line)
        return JSONResponse(summary)

    return Starlette(routes=[Route("/{cms}", relay, methods=["POST"])])


def summarize(draft_id: str, answer: dict[str, Any]) -> dict[str, Any]:
    """What the desk needs: the decision, and each error or warning where the draft is the
    one to check, with its line (notes and findings about other articles left out)."""
    lines = []
    for finding in answer["findings"]:
        if finding.get("draft_role") in ("agrees", "noted") or finding["severity"] == "info":
            continue
        claim = next(c for c in finding["claims"] if c["origin"] == "draft")
        lines.append(f"line {claim['line']}: '{claim['text']}': {finding['message']}")
    return {"draft": draft_id, "decision": answer["decision"], "status": answer["status"],
            "findings": lines}  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--factcheck", default="http://127.0.0.1:8000", help="the service")
    parser.add_argument("--token-file", type=Path, help="the service's bearer token")
    parser.add_argument("--secret-file", type=Path, help="asked of the CMS as X-Relay-Secret")
    parser.add_argument("--publication", help="the publication's name (draft.source)")
    parser.add_argument("--text-field", default="body", help="Sanity and Contentful")
    parser.add_argument("--story-field", default="story", help="Sanity and Contentful")
    parser.add_argument("--date-field", default="publishedAt", help="Sanity and Contentful")
    parser.add_argument("--locale", default="en-US", help="Contentful")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait")
    options = parser.parse_args(argv)
    options.token = _first_line(options.token_file)
    options.secret = _first_line(options.secret_file)
    return options


def _first_line(path: Path | None) -> str | None:
    if path is None:
        return None
    lines = path.read_text(encoding="utf-8").split()
    if not lines:
        raise SystemExit(f"{path}: empty")
    return lines[0]


if __name__ == "__main__":
    arguments = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(app(arguments), host=arguments.host, port=arguments.port)
