"""The service under hostile clients: slow headers and bodies, overload, runaway checks."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import httpx
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from server import running_server
from test_service import client_for

import factcheck.cms.answers as answers_module
import factcheck.cms.service as service_module
from factcheck.cms.api import PUBLISHED_PATTERN, parse_published
from factcheck.cms.server import Stopper, WorkStopped
from factcheck.cms.service import openapi_schema


def test_a_full_queue_gets_429_with_retry_after(checker):
    with client_for(checker, max_pending=2, time_budget=2.5) as busy:
        busy.app.state.service.threads.pending = 2  # two checks admitted and not answered
        refused = busy.post("/v1/check", json={"draft": {"text": "Some 300 people died."}})
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "3"
        assert refused.json()["error"]["code"] == "too_many_requests"
        assert busy.get("/healthz").status_code == 200  # only checks are queued
        busy.app.state.service.threads.pending = 1
        admitted = busy.post("/v1/check", json={"draft": {"text": "Some 300 people died."}})
        assert admitted.status_code == 200
        assert admitted.json()["status"] == "complete"
        assert busy.app.state.service.threads.pending == 1


def test_a_runaway_check_is_stopped_and_its_thread_serves_the_next(checker, monkeypatch):
    monkeypatch.setattr(service_module, "GRACE", 0.1)
    real_run = answers_module.Answers.run
    spins = []

    def runaway(self, payload, deadline):
        if payload.draft.text != "spin":
            return real_run(self, payload, deadline)
        while True:  # Python work that ignores every deadline
            spins.append(1)
            del spins[:]

    monkeypatch.setattr(answers_module.Answers, "run", runaway)
    with client_for(checker, time_budget=2, workers=1) as one_thread:
        stuck = one_thread.post("/v1/check", json={"draft": {"text": "spin"}})
        assert stuck.json()["status"] == "partial"
        after = one_thread.post("/v1/check", json={"draft": {"text": "Some 300 people died."}})
    # Complete, so the one thread was freed: still spinning, it would leave this partial.
    assert after.json()["status"] == "complete"


def test_a_stop_lands_in_its_job_and_nowhere_else():
    stopper = Stopper()
    done = object()
    with stopper.running(done):
        pass
    assert not stopper.stop(done)  # ended: nothing to stop
    spinning, outcome = object(), []

    def work() -> None:
        try:
            with stopper.running(spinning):
                while True:
                    pass
        except WorkStopped:
            outcome.append("stopped")
        time.sleep(0.2)  # a stop that came late would land here
        outcome.append("went on")

    thread = threading.Thread(target=work)
    thread.start()
    while spinning not in stopper._threads:
        time.sleep(0.01)
    assert stopper.stop(spinning)
    thread.join(10)
    assert outcome == ["stopped", "went on"]


def test_slow_headers_and_bodies_are_cut_off(tmp_path):
    options = ["--header-timeout", "0.5", "--body-timeout", "0.5"]
    with running_server(options, tmp_path / "server.log") as base:
        address = ("127.0.0.1", int(base.rsplit(":", 1)[1]))
        with socket.create_connection(address, timeout=5) as slow:
            slow.sendall(b"POST /v1/check HTTP/1.1\r\nhost: x\r\n")  # and no more
            assert _read_all(slow).startswith(b"HTTP/1.1 408 ")
        with socket.create_connection(address, timeout=5) as slow:
            head = b"POST /v1/check HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            slow.sendall(head + b"content-length: 100\r\n\r\n{")  # a body promised, not sent
            answer = _read_all(slow)
            assert answer.startswith(b"HTTP/1.1 408 ")
            assert b'"request_timeout"' in answer
        with socket.create_connection(address, timeout=5) as idle:
            assert _read_all(idle) == b""  # closed without an answer no one asked for
        assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200


def test_a_client_back_after_retry_after_finds_its_connection_open(tmp_path):
    """uvicorn closed an idle connection after 5 s: httpx's own limit too, and 2 s past
    the Retry-After of a 429, so a client back from its wait on a loaded machine sent its
    request as the server closed, and read a reset (httpx.ReadError). An idle connection
    is now kept as long as the header timeout, 10 s."""
    with running_server([], tmp_path / "server.log") as base:
        connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]))
        try:
            connection.request("GET", "/healthz")
            assert connection.getresponse().read()
            kept = connection.sock
            time.sleep(5.5)
            connection.request("GET", "/healthz")
            assert connection.getresponse().status == 200
            assert connection.sock is kept  # the same connection, not a new one
        finally:
            connection.close()


def _read_all(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


# ------------------------------------------------ the OpenAPI document and the service


@pytest.mark.parametrize(
    "published, accepted",
    [
        ("", False),  # schemathesis: the schema took "", the service answered 422
        ("2016-02-30", False),
        ("1900-02-29", False),
        ("0000-01-01", False),
        ("June 6", False),
        ("2016-03-14T24:00", False),
        ("2000-02-29", True),
        ("2016-03-14", True),
        ("2016-03-14T09:30:00.25+05:30", True),
        ("2016-03-14 09:30Z", True),
    ],
)
def test_the_schema_and_the_service_agree_on_published(checker, published, accepted) -> None:
    request = {"draft": {"text": "Some 300 people died.", "published": published}}
    assert jsonschema.Draft202012Validator(_request_schema()).is_valid(request) is accepted
    with client_for(checker) as client:
        response = client.post("/v1/check", json=request)
    assert response.status_code == (200 if accepted else 422)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(PUBLISHED_PATTERN, fullmatch=True))
def test_every_published_the_schema_allows_is_read(published: str) -> None:
    assert parse_published(published) is not None


def test_a_list_in_a_draft_is_named_in_the_notes_and_the_rest_checked(checker) -> None:
    text = "Some 300 people died.\n" + "1, " * 100
    with client_for(checker) as client:
        answer = client.post("/v1/check", json={"draft": {"text": text}}).json()
    assert answer["status"] == "complete"
    (note,) = [n for n in answer["notes"] if "not read claim by claim" in n]
    assert note.startswith("document 'draft': 1 stretch of figures")
    assert [c["text"] for f in answer["findings"] for c in f["claims"]] == ["Some 300"]


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59Z"])
def test_a_date_at_the_calendar_s_ends_is_checked(checker, published) -> None:
    # Schemathesis: 500, OverflowError in the set's event days and in "tomorrow"
    text = "Tomorrow 300 people died. Yesterday, on Friday, and next year, and last month."
    request = {
        "draft": {"text": text, "published": published},
        "sources": [{"text": "Some 300 people died on Monday.", "published": published}],
    }
    with client_for(checker) as client:
        response = client.post("/v1/check", json=request)
    assert response.status_code == 200 and response.json()["status"] == "complete"


def test_a_default_id_is_one_no_article_was_given(checker) -> None:
    # Schemathesis: a draft with the id "source-1" made the first source's default id
    # clash with it, and a request the schema allows was refused with 422.
    request = {
        "draft": {"id": "source-1", "text": "Some 300 people died."},
        "sources": [{"text": "About 300 died."}, {"id": "source-1-2", "text": "300 dead."}],
    }
    with client_for(checker) as client:
        response = client.post("/v1/check", json=request)
    assert response.status_code == 200
    assert [d["id"] for d in response.json()["documents"]] == [
        "source-1",
        "source-1-3",
        "source-1-2",
    ]


@pytest.mark.parametrize(
    "days, accepted", [(30, True), (30.0, True), (30.5, False), ("30", False), (True, False)]
)
def test_archive_days_is_an_integer_as_json_schema_counts_them(checker, days, accepted) -> None:
    # Schemathesis: {"days": 13792.0} is an integer to JSON Schema, and was refused
    request = {"draft": {"text": "Some 300 people died."}, "archive": {"days": days}}
    assert jsonschema.Draft202012Validator(_request_schema()).is_valid(request) is accepted
    with client_for(checker) as client:
        response = client.post("/v1/check", json=request)
    assert response.status_code == (200 if accepted else 422)


def _request_schema() -> dict:
    """The OpenAPI document's schema of a check request, resolvable on its own."""
    return {"$ref": "#/components/schemas/CheckRequest"} | {
        "components": openapi_schema()["components"]
    }
