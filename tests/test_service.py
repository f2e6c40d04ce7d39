"""The HTTP service: the contract of interfaces.md, offsets for JavaScript editors, errors
that are the client's never answered with a 5xx, time budgets, and a real server."""

from __future__ import annotations

import json
import threading
import time
import warnings

import httpx
import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsroom import body, fill_newsroom, flood
from server import running_server

import factcheck.cms.answers as answers_module
import factcheck.cms.service as service_module
from factcheck.cli.main import main
from factcheck.cms.api import Archive, DraftError, Gate
from factcheck.cms.service import ServiceConfig, app_from_environment, create_app, openapi_schema

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette prefers httpx2 over httpx; both work
    from starlette.testclient import TestClient


@pytest.fixture(scope="module")
def docs():
    return flood()


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory, checker, docs):
    path = tmp_path_factory.mktemp("archive") / "newsroom.sqlite"
    with Archive(path) as archive:
        fill_newsroom(archive, checker)
    return path


def client_for(checker, archive_path=None, **config) -> TestClient:
    archive = Archive(archive_path, readonly=True) if archive_path else None
    return TestClient(create_app(checker, archive, ServiceConfig(**config)))


@pytest.fixture(scope="module")
def client(checker, archive_path):
    with client_for(checker, archive_path, archive_days=30) as test_client:
        yield test_client


def draft_of(document, **extra) -> dict:
    article = {"id": document.id, "text": body(document), "source": document.source}
    if document.published:
        article["published"] = document.published.isoformat()
    return article | extra


def schema_of(name: str) -> dict:
    schema = openapi_schema()
    return {"$ref": f"#/components/schemas/{name}", "components": schema["components"]}


def validate(instance, name: str) -> None:
    jsonschema.validate(instance, schema_of(name))


# ------------------------------------------------------------------------- contract


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert len(data["rules_version"]) == 12
    validate(data, "Health")


def test_a_draft_against_inline_sources(client, docs):
    herald = docs["valley-herald"]
    sources = [draft_of(docs["rw-toll"]), draft_of(docs["rw-return"])]
    response = client.post(
        "/v1/check", json={"draft": draft_of(herald), "sources": sources, "archive": {"use": False}}
    )
    assert response.status_code == 200
    data = response.json()
    validate(data, "CheckResponse")
    assert data["version"] == "1"
    assert data["status"] == "complete"
    assert data["decision"] == "block"  # 23 killed against 14: an error at 0.81
    assert data["offset_encoding"] == "utf-32"
    assert data["archive"] is None
    rules = {f["rule"] for f in data["findings"]}
    assert {"counts.casualties", "dates.event-start"} <= rules
    texts = {"valley-herald": body(herald), "rw-toll": body(docs["rw-toll"])}
    texts["rw-return"] = body(docs["rw-return"])
    for finding in data["findings"]:
        assert {c["doc"] for c in finding["claims"]} & {"valley-herald"}
        for claim in finding["claims"]:
            assert texts[claim["doc"]][claim["start"] : claim["end"]] == claim["text"]
            assert claim["origin"] == ("draft" if claim["doc"] == "valley-herald" else "source")
    assert [d["origin"] for d in data["documents"]] == ["draft", "source", "source"]


def test_a_draft_against_the_archive_of_its_story(client, docs):
    request = {"draft": draft_of(docs["valley-herald"]), "archive": {"story": "vell-flood"}}
    data = client.post("/v1/check", json=request).json()
    assert data["status"] == "complete"
    assert data["archive"]["story"] == "vell-flood"
    assert data["archive"]["documents"] == 3
    assert data["archive"]["first_day"] == "2025-05-11"  # the server's 30-day window
    origins = {c["doc"]: c["origin"] for f in data["findings"] for c in f["claims"]}
    assert origins["rw-toll"] == "archive"
    assert "counts.casualties" in {f["rule"] for f in data["findings"]}
    archived = {d["id"]: d for d in data["documents"]}
    assert archived["rw-toll"]["published"] == "2025-06-10"


def test_the_archive_can_be_left_out(client, docs):
    request = {"draft": draft_of(docs["valley-herald"]), "archive": {"use": False}}
    data = client.post("/v1/check", json=request).json()
    assert {f["kind"] for f in data["findings"]} == {"unsupported"}  # no one to back it
    assert {f["severity"] for f in data["findings"]} == {"info"}
    assert data["decision"] == "pass"
    assert data["archive"] is None


EMOJI_DRAFT = (
    "🌊 LINDEN CROSS 🇬🇧 - The floods have killed 23 people 😢, including four children, "
    "hospital records show.\n\n𝄞 The evacuation began on June 6, after the weir collapsed. "
    "👩‍👩‍👧\n\nMore than 3,000 residents have been evacuated. ✅\n"
)


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_utf16_offsets_for_javascript_editors(client, docs):
    request = {
        "draft": {"id": "draft", "text": EMOJI_DRAFT, "published": "2025-06-10"},
        "sources": [draft_of(docs["rw-toll"])],
        "offset_encoding": "utf-16",
    }
    data = client.post("/v1/check", json=request).json()
    assert data["offset_encoding"] == "utf-16"
    claims = [c for f in data["findings"] for c in f["claims"] if c["doc"] == "draft"]
    assert {c["text"] for c in claims} >= {"23", "June 6"}
    lines = EMOJI_DRAFT.split("\n")
    for claim in claims:
        # What String.prototype.slice(start, end) gives in a browser:
        assert utf16_slice(EMOJI_DRAFT, claim["start"], claim["end"]) == claim["text"]
        line = lines[claim["line"] - 1]
        column = len(line[: line.index(claim["text"])].encode("utf-16-le")) // 2 + 1
        assert claim["column"] == column
    killed = next(c for c in claims if c["text"] == "23")
    assert killed["start"] == EMOJI_DRAFT.index("23") + 3  # 🌊, and 🇬🇧 is two astral flags


def test_utf8_offsets_count_bytes(client, docs):
    request = {
        "draft": {"text": EMOJI_DRAFT, "published": "2025-06-10"},
        "sources": [draft_of(docs["rw-toll"])],
        "offset_encoding": "utf-8",
    }
    data = client.post("/v1/check", json=request).json()
    encoded = EMOJI_DRAFT.encode("utf-8")
    claims = [c for f in data["findings"] for c in f["claims"] if c["doc"] == "draft"]
    assert claims
    for claim in claims:
        assert encoded[claim["start"] : claim["end"]].decode("utf-8") == claim["text"]


def test_sources_take_default_ids_and_duplicates_are_refused(client, docs):
    request = {
        "draft": {"text": body(docs["valley-herald"]), "published": "2025-06-10"},
        "sources": [{"text": body(docs["rw-toll"]), "published": "2025-06-10"}],
        "archive": {"use": False},
    }
    data = client.post("/v1/check", json=request).json()
    assert [d["id"] for d in data["documents"]] == ["draft", "source-1"]
    request["sources"][0]["id"] = "draft"
    response = client.post("/v1/check", json=request)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "duplicate_id"
    assert "two articles have the id 'draft'" in error["message"]
    # The schema cannot say that ids differ: the answer is the documented conflict
    # (Schemathesis sent such a request, valid by the schema, and took 422 for a fault).
    responses = client.get("/openapi.json").json()["paths"]["/v1/check"]["post"]["responses"]
    assert "duplicate_id" in responses["409"]["description"]


def test_openapi(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/v1/check", "/healthz"}
    request = {"draft": {"text": "x"}, "sources": [], "offset_encoding": "utf-16"}
    validate(request, "CheckRequest")
    with pytest.raises(jsonschema.ValidationError):
        validate({"draft": {"text": 1}}, "CheckRequest")


# --------------------------------------------------------------------------- errors


def error_of(response) -> dict:
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert set(data) == {"error"}
    assert {"code", "message"} <= set(data["error"])
    return data["error"]


@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        (b"", 400, "invalid_json", "not JSON"),
        (b'{"draft": {"text": "x"}', 400, "invalid_json", "line 1 column 24"),
        (b"\xff\xfe{}", 400, "invalid_encoding", "not UTF-8"),
        (b"[" * 100_000, 400, "invalid_json", "not JSON"),
        (b"1" * 5000, 400, "invalid_json", "digits"),
        (b"[]", 422, "invalid_request", "must be a JSON object"),
        (b"{}", 422, "invalid_request", "draft: Field required"),
        (b'{"draft": "text"}', 422, "invalid_request", "draft: Input should be"),
        (b'{"draft": {"text": 5}}', 422, "invalid_request", "draft.text"),
        (b'{"draft": {}}', 422, "invalid_request", "draft.text: Field required"),
        (b'{"draft": {"text": "x", "date": "2025"}}', 422, "invalid_request", "draft.date"),
        (b'{"draft": {"text": "x"}, "extra": 1}', 422, "invalid_request", "extra"),
        (b'{"draft": {"text": "\\udc00"}}', 422, "invalid_request", "lone surrogate"),
        (b'{"draft": {"text": "x", "published": "June 6"}}', 422, "invalid_request", "ISO"),
        (b'{"draft": {"text": "x"}, "offset_encoding": "utf-7"}', 422, "invalid_request", ""),
        (b'{"draft": {"text": "x"}, "sources": {}}', 422, "invalid_request", "sources"),
        (b'{"draft": {"text": "x"}, "archive": {"days": -1}}', 422, "invalid_request", "days"),
        (b'{"draft": {"text": "x", "id": ""}}', 422, "invalid_request", "draft.id"),
    ],
)
def test_bad_payloads_get_clear_4xx_errors(client, body, status, code, message):
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    error = error_of(response)
    assert error["code"] == code
    assert message in error["message"]


def test_too_large_bodies_get_413(checker):
    with client_for(checker, max_body_bytes=2000) as small:
        big = {"draft": {"text": "x" * 5000}}
        response = small.post("/v1/check", json=big)
        assert response.status_code == 413
        assert error_of(response)["code"] == "payload_too_large"

        def chunks():  # no Content-Length: the limit is enforced while reading
            for _ in range(10):
                yield b" " * 500

        response = small.post("/v1/check", content=chunks())
        assert response.status_code == 413
        assert small.post("/v1/check", json={"draft": {"text": "x" * 100}}).status_code == 200


def test_other_media_types_methods_and_paths(client):
    response = client.post("/v1/check", data={"draft": "x"})
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    assert error_of(client.get("/v1/check"))["code"] == "method_not_allowed"
    assert error_of(client.get("/v2/check"))["code"] == "not_found"
    text_plain = client.post(
        "/v1/check", content=b'{"draft": {"text": "x"}}', headers={"content-type": "text/plain"}
    )
    assert text_plain.status_code == 415
    no_type = client.post("/v1/check", content=b'{"draft": {"text": "x"}}')
    assert no_type.status_code == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["draft", "sources", "text", "id", "published", "offset_encoding"])
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_no_json_a_client_sends_gets_a_5xx(client, value):
    response = client.post("/v1/check", content=json.dumps(value).encode())
    assert response.status_code < 500
    if response.status_code != 200:
        error_of(response)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_no_bytes_a_client_sends_get_a_5xx(client, data):
    response = client.post("/v1/check", content=data)
    assert response.status_code < 500
    if response.status_code != 200:
        error_of(response)


text_with_claims = st.lists(
    st.sampled_from(
        [
            "The floods have killed 23 people. ",
            "😢 ",
            "𝄞",
            "The evacuation began on June 6. ",
            "More than 3,000 residents were evacuated.\n",
            "é",
            "\r\n",
            "🇬🇧 ",
            "Officials said 14 people died on Friday. ",
            "\u2028",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text_with_claims,
    st.text(max_size=40),
    st.sampled_from(["utf-32", "utf-16", "utf-8"]),
    st.none() | st.sampled_from(["2025-06-10", "2025-06-10T23:59:00-05:00"]),
)
def test_any_draft_gets_a_complete_check_with_offsets_that_slice_right(
    client, text, noise, encoding, published
):
    # The two disagree on a toll, so every example has findings whose offsets to check.
    draft = {
        "id": "d",
        "text": noise + text + " The floods have killed 977 people.",
        "published": published,
    }
    source = {
        "id": "s",
        "text": text + noise + " The floods have killed 412 people.",
        "published": "2025-06-10",
    }
    response = client.post(
        "/v1/check",
        json={
            "draft": draft,
            "sources": [source],
            "offset_encoding": encoding,
            "archive": {"use": False},
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "complete", data["notes"]
    texts = {"d": draft["text"], "s": source["text"]}
    assert data["findings"]
    for finding in data["findings"]:
        for claim in finding["claims"]:
            full = texts[claim["doc"]]
            if encoding == "utf-32":
                written = full[claim["start"] : claim["end"]]
            elif encoding == "utf-16":
                written = utf16_slice(full, claim["start"], claim["end"])
            else:
                written = full.encode()[claim["start"] : claim["end"]].decode()
            assert written == claim["text"]


# ---------------------------------------------------------------------- time budget


def test_a_check_that_runs_out_of_time_is_partial_and_warns(checker, docs):
    long_draft = "\n\n".join([body(docs["valley-herald"])] * 40)
    with client_for(checker, time_budget=0.001) as hurried:
        request = {"draft": {"text": long_draft, "published": "2025-06-10"}}
        request["sources"] = [draft_of(docs["rw-toll"])]
        response = hurried.post("/v1/check", json=request)
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "partial"
    assert data["decision"] in ("warn", "block")
    assert any("time budget" in note for note in data["notes"])


def test_a_stage_that_overruns_the_budget_is_cut_off(checker, monkeypatch):
    monkeypatch.setattr(service_module, "GRACE", 0.1)
    release = threading.Event()

    def stuck(self, payload, deadline):
        release.wait(10)  # a stage that ignores the deadline
        raise DraftError("released")

    monkeypatch.setattr(answers_module.Answers, "run", stuck)
    try:
        with client_for(checker, time_budget=0.2) as hurried:
            started = time.monotonic()
            response = hurried.post("/v1/check", json={"draft": {"text": "x"}})
            elapsed = time.monotonic() - started
    finally:
        release.set()
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "partial"
    assert data["decision"] == "warn"
    assert data["findings"] == []
    assert "time budget (0.2 s) ran out" in data["notes"][0]
    assert elapsed < 1.0


def test_a_fault_in_the_checker_is_a_partial_answer_not_a_500(checker, monkeypatch):
    def broken(self, payload, deadline):
        raise RuntimeError("bug")

    monkeypatch.setattr(answers_module.Answers, "run", broken)
    with client_for(checker) as faulty:
        response = faulty.post("/v1/check", json={"draft": {"text": "x"}})
    assert response.status_code == 200
    assert response.json()["status"] == "partial"
    assert "checker failed" in response.json()["notes"][0]


def test_gate_thresholds_are_the_servers(checker, docs):
    request = {
        "draft": draft_of(docs["valley-herald"]),
        "sources": [draft_of(docs["rw-toll"])],
    }
    with client_for(checker, gate=Gate(block_confidence=0.95)) as lenient:
        assert lenient.post("/v1/check", json=request).json()["decision"] == "warn"
    with client_for(checker, gate=Gate()) as strict:  # the default: 0.25
        assert strict.post("/v1/check", json=request).json()["decision"] == "block"


def test_the_app_factory_reads_its_settings_from_the_environment(monkeypatch, archive_path):
    settings_json = {
        "archive": str(archive_path),
        "archive_days": 3,
        "gate": {"block_confidence": 0.99},
        "time_budget": 1.5,
    }
    monkeypatch.setenv(service_module.ENV_CONFIG, json.dumps(settings_json))
    app = app_from_environment()
    config = app.state.service.config
    assert config.archive_days == 3 and config.time_budget == 1.5
    assert config.gate.block_confidence == 0.99
    with TestClient(app) as factory_client:
        assert factory_client.get("/healthz").json()["archive"] == str(archive_path)


# ---------------------------------------------------------------------- the command


def test_serve_refuses_a_missing_archive(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--archive", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no archive at" in result.output


def test_a_real_server_on_loopback(archive_path, docs, tmp_path):
    options = [
        "--archive", str(archive_path), "--archive-days", "30", "--block-confidence", "0.96",
    ]  # fmt: skip
    with running_server(options, tmp_path / "server.log") as base:
        request = {
            "draft": draft_of(docs["valley-herald"]),
            "archive": {"story": "vell-flood"},
            "offset_encoding": "utf-16",
        }
        response = httpx.post(f"{base}/v1/check", json=request, timeout=10)
        assert response.status_code == 200
        data = response.json()
        assert data["status"] == "complete"
        assert data["decision"] == "warn"  # 0.95 and 0.81 < --block-confidence 0.96
        assert data["archive"]["documents"] == 3
        bad = httpx.post(f"{base}/v1/check", content=b"{", timeout=10)
        assert bad.status_code == 400
        assert httpx.get(f"{base}/openapi.json", timeout=10).json()["openapi"].startswith("3.")
