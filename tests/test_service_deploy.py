"""The service as a newsroom deploys it: CORS for in-browser editors, a bearer token,
limits on body size, sources and time, all from the settings file. Each is tried on a
real server (uvicorn on a free loopback port), as a browser or a CMS would meet it."""

from __future__ import annotations

import json
import warnings

import httpx
import pytest
from click.testing import CliRunner
from server import running_server

from factcheck.cli.main import main
from factcheck.cms.access import read_token
from factcheck.cms.service import ServiceConfig, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette prefers httpx2 over httpx; both work
    from starlette.testclient import TestClient

STUDIO = "https://studio.example.org"
TOKEN = "s3cret-token-for-tests"
DRAFT = {"id": "d1", "text": "The floods killed 14 people on June 3.", "published": "2025-06-04"}
SETTINGS = f"""\
[serve]
cors-origin = ["{STUDIO}"]
token-file = "secrets/token"
max-body-bytes = 300000
max-sources = 3
time-budget = 0.01
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deploy")
    (folder / "secrets").mkdir()
    (folder / "secrets" / "token").write_text(TOKEN + "\n")
    (folder / "factcheck.toml").write_text(SETTINGS)
    # The command line wins over the file: 25 sources, not 3.
    with running_server(["--max-sources", "25"], folder / "server.log", cwd=folder) as base:
        yield base


def post(base: str, body, token: str | None = TOKEN, **headers) -> httpx.Response:
    if token:
        headers["Authorization"] = f"Bearer {token}"
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers["Content-Type"] = "application/json"
    return httpx.post(f"{base}/v1/check", content=content, headers=headers, timeout=10)


def test_the_token_is_asked_for_everywhere_but_healthz(server):
    assert httpx.get(f"{server}/healthz").status_code == 200
    for token in (None, "wrong", TOKEN[:-1], TOKEN + "x"):
        refused = post(server, {"draft": DRAFT}, token=token)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthorized"
        assert refused.headers["www-authenticate"].startswith("Bearer")
    assert httpx.get(f"{server}/openapi.json").status_code == 401
    other_scheme = post(server, {"draft": DRAFT}, token=None, Authorization=f"Basic {TOKEN}")
    assert other_scheme.status_code == 401
    assert post(server, {"draft": DRAFT}).status_code == 200


def test_a_browser_preflight_and_request_from_an_allowed_origin(server):
    preflight = httpx.options(
        f"{server}/v1/check",
        headers={
            "Origin": STUDIO,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200  # no token: browsers send none with a preflight
    assert preflight.headers["access-control-allow-origin"] == STUDIO
    assert "POST" in preflight.headers["access-control-allow-methods"]
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    answer = post(server, {"draft": DRAFT}, Origin=STUDIO)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == STUDIO
    # A refusal is readable by the page's script too, so it can say why.
    refused = post(server, {"draft": DRAFT}, token=None, Origin=STUDIO)
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == STUDIO


def test_other_origins_get_no_cors_headers(server):
    preflight = httpx.options(
        f"{server}/v1/check",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    answer = post(server, {"draft": DRAFT}, Origin="https://evil.example")
    assert "access-control-allow-origin" not in answer.headers


def test_limits_on_body_size_sources_and_time(server):
    big = {"draft": DRAFT | {"text": "x" * 310_000}}
    too_large = post(server, big)
    assert too_large.status_code == 413
    assert too_large.json()["error"]["code"] == "payload_too_large"
    sources = [{"id": f"s{i}", "text": "The floods killed 14 people."} for i in range(26)]
    too_many = post(server, {"draft": DRAFT, "sources": sources})
    assert too_many.status_code == 422
    assert too_many.json()["error"]["code"] == "too_many_sources"
    assert "at most 25" in too_many.json()["error"]["message"]
    # 25 sources of 10 KB cannot be checked in 10 ms: the answer is partial, and warns.
    text = "The floods killed 14 people on June 3, officials said. " * 180
    heavy = [{"id": f"s{i}", "text": text} for i in range(25)]
    partial = post(server, {"draft": DRAFT, "sources": heavy})
    assert partial.status_code == 200
    data = partial.json()
    assert data["status"] == "partial" and data["decision"] == "warn"
    assert any("time budget" in note for note in data["notes"])


def test_the_openapi_document_lists_the_limits_and_the_token(server):
    schema = httpx.get(
        f"{server}/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"}
    ).json()
    assert schema["x-limits"] == {
        "max_body_bytes": 300000, "max_sources": 25, "time_budget_seconds": 0.01,
    }  # fmt: skip
    assert schema["x-cors-origins"] == [STUDIO]
    assert (
        schema["components"]["schemas"]["CheckRequest"]["properties"]["sources"]["maxItems"] == 25
    )
    check = schema["paths"]["/v1/check"]["post"]
    assert check["security"] == [{"bearer": []}]
    assert {"401", "413", "422"} <= set(check["responses"])
    assert schema["paths"]["/healthz"]["get"]["security"] == []
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_token_may_come_from_the_environment(checker):
    assert read_token(None, {"FACTCHECK_TOKEN": " abc \n"}) == "abc"
    assert read_token(None, {}) is None
    config = ServiceConfig(token=read_token(None, {"FACTCHECK_TOKEN": "abc"}))
    with TestClient(create_app(checker, None, config)) as client:
        assert client.post("/v1/check", json={"draft": DRAFT}).status_code == 401
        headers = {"Authorization": "Bearer abc"}
        assert client.post("/v1/check", json={"draft": DRAFT}, headers=headers).status_code == 200


@pytest.mark.parametrize(("settings", "message"), [
    ("[serve]\nmax-sources = -1\n", "[serve] max-sources:"),
    ("[serve]\ncors_origins = ['x']\n", "unknown key 'cors_origins'; did you mean 'cors-origin'?"),
    ("[serve]\ntoken-file = 'empty'\n", "the token file is empty"),
    ("serve = 3\n", "serve must be a table"),
])  # fmt: skip
def test_bad_serve_settings_are_named_with_their_file(tmp_path, monkeypatch, settings, message):
    (tmp_path / "empty").write_text("\n")
    (tmp_path / "factcheck.toml").write_text(settings)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--no-bundled-rules"])
    assert result.exit_code == 2
    assert "factcheck.toml" in result.output or "empty" in result.output
    assert message in result.output


def test_check_still_reads_a_file_with_a_serve_table(tmp_path, monkeypatch):
    (tmp_path / "factcheck.toml").write_text("format = 'json'\n" + SETTINGS)
    (tmp_path / "a.txt").write_text("The floods killed 14 people.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "a.txt"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"]
