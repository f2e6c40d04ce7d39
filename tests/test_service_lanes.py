"""Large requests are checked in worker processes: a hostile draft holds up no other
client and leaves nothing in the server's memory, and a worker that overruns its time
budget is killed and replaced. Small drafts are answered alike in either lane."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from server import running_server
from test_service import archive_path, client_for, docs, draft_of  # noqa: F401 - fixtures

# Dense news prose: an event word, a count and a tense marker beside every figure, the
# costliest text to read per byte; 860 KB of it is seconds of work, near the body limit.
DENSE = "Gunmen killed 5 people, police said to us. "
HOSTILE = {"draft": {"id": "hostile", "text": DENSE * 20000}}
SMALL = {"draft": {"text": "The floods killed 14 people on June 3.", "published": "2025-06-04"}}


def test_a_hostile_draft_holds_up_no_other_client(tmp_path):
    """Two hostile drafts and normal ones at the same time: before, the hostile work took
    both threads and the GIL, and normal drafts came back partial after the budget."""
    hostile_body = json.dumps(HOSTILE).encode()
    with running_server(["--threads", "2"], tmp_path / "server.log") as base:
        hostile_answers: list[httpx.Response] = []

        def hostile() -> None:
            answer = httpx.post(f"{base}/v1/check", content=hostile_body, timeout=30)
            hostile_answers.append(answer)

        senders = [threading.Thread(target=hostile) for _ in range(2)]
        for sender in senders:
            sender.start()
        time.sleep(0.2)  # their bodies are in
        normal: list[tuple[httpx.Response, float]] = []
        while any(sender.is_alive() for sender in senders):
            started = time.monotonic()
            answer = httpx.post(f"{base}/v1/check", json=SMALL, timeout=30)
            normal.append((answer, time.monotonic() - started))
        for sender in senders:
            sender.join()
    assert len(normal) >= 5
    assert all(a.status_code == 200 and a.json()["status"] == "complete" for a, _ in normal)
    assert max(seconds for _, seconds in normal) < 3.0  # the time budget
    # One worker process: the second hostile draft waits out a 429, as a client should.
    assert sorted(a.status_code for a in hostile_answers) in ([200, 200], [200, 429])


def test_a_worker_that_overruns_is_killed_and_replaced(checker):
    # A budget far below the draft's seconds of reading, so that the server stops the
    # worker before the worker itself can see the budget run out between two stages.
    with client_for(checker, time_budget=0.25, heavy_bytes=0) as every_check_in_a_process:
        lane = every_check_in_a_process.app.state.service.processes
        first = lane.pids()
        started = time.monotonic()
        overrun = every_check_in_a_process.post("/v1/check", json=HOSTILE)
        elapsed = time.monotonic() - started
        data = overrun.json()
        assert overrun.status_code == 200
        assert (data["status"], data["findings"]) == ("partial", [])
        assert data["notes"] == ["the time budget (0.25 s) ran out"]
        assert elapsed < 3.0  # the budget and the grace, not the draft's seconds of work
        # The replacement takes the slot once it is ready (starting a process here takes
        # about the whole budget: it imports pytest, the main module, again).
        waited = time.monotonic()
        while not (lane.pids() and first[0] not in lane.pids()) and time.monotonic() - waited < 10:
            time.sleep(0.01)
        after = every_check_in_a_process.post("/v1/check", json=SMALL)
        assert after.json()["status"] == "complete"  # answered by the new worker
        assert len(first) == 1 and lane.pids() and first[0] not in lane.pids()
        assert _ended(first[0])


def test_a_worker_whose_memory_grew_is_replaced(checker):
    """A large draft that finishes in time leaves its worker's heap grown: the worker
    answers, then makes way for a fresh one, so the memory goes back to the OS."""
    with client_for(checker, time_budget=30, heavy_bytes=0) as every_check_in_a_process:
        lane = every_check_in_a_process.app.state.service.processes
        small = every_check_in_a_process.post("/v1/check", json=SMALL)
        assert small.json()["status"] == "complete"
        first = lane.pids()
        large = every_check_in_a_process.post("/v1/check", json=HOSTILE)
        assert large.json()["status"] == "complete"
        assert large.json()["findings"]
        assert first[0] not in lane.pids()


def test_a_worker_that_dies_is_a_partial_answer_and_is_replaced(checker):
    with client_for(checker, time_budget=30, heavy_bytes=0) as every_check_in_a_process:
        lane = every_check_in_a_process.app.state.service.processes
        answers: list = []
        sender = threading.Thread(
            target=lambda: answers.append(every_check_in_a_process.post("/v1/check", json=HOSTILE))
        )
        sender.start()
        while not lane._running:  # the draft is with the worker
            time.sleep(0.01)
        (dying,) = lane.pids()
        os.kill(dying, signal.SIGKILL)  # as the kernel's out-of-memory killer would
        sender.join(30)
        assert answers[0].status_code == 200
        assert answers[0].json()["status"] == "partial"
        assert answers[0].json()["notes"] == ["the checker failed on this input"]
        assert every_check_in_a_process.post("/v1/check", json=SMALL).json()["status"] == "complete"
        assert dying not in lane.pids()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_large_drafts_leave_the_server_s_memory_as_it_was(tmp_path):
    """Before, three such drafts left the server 60 MB larger after answering (300 MB
    when they came at once); now it grows by what it takes to read their bodies."""
    hostile_body = json.dumps(HOSTILE).encode()
    with running_server([], tmp_path / "server.log") as base:
        assert httpx.post(f"{base}/v1/check", json=SMALL, timeout=30).status_code == 200
        before = _resident_mb(base.pid)
        for _ in range(3):
            answer = httpx.post(f"{base}/v1/check", content=hostile_body, timeout=30)
            assert answer.status_code == 200
        grown = _resident_mb(base.pid) - before
    assert grown < 30


def test_both_lanes_answer_alike(checker, docs, archive_path):  # noqa: F811 - fixtures
    requests = [
        {"draft": draft_of(docs["valley-herald"]), "sources": [draft_of(docs["rw-toll"])]},
        {
            "draft": draft_of(docs["valley-herald"]),
            "archive": {"story": "vell-flood"},
            "offset_encoding": "utf-16",
        },
        SMALL,
    ]
    answers = {}
    for name, heavy_bytes in (("threads", 10**9), ("processes", 0)):
        with client_for(checker, archive_path, archive_days=30, heavy_bytes=heavy_bytes) as c:
            answers[name] = [_without_time(c.post("/v1/check", json=r).json()) for r in requests]
    assert answers["processes"] == answers["threads"]
    assert answers["threads"][1]["archive"]["documents"] == 3  # the worker read the archive


def test_a_large_request_finds_every_worker_busy_and_gets_429(checker):
    with client_for(checker, time_budget=2.5) as busy:
        busy.app.state.service.processes.pending = 1  # the one worker is taken
        large = {"draft": {"text": "Some 300 people died. " * 4000}}  # 88 KB
        refused = busy.post("/v1/check", json=large)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "3"
        small = busy.post("/v1/check", json=SMALL)
        assert small.json()["status"] == "complete"  # the threads take small ones still


def test_with_no_worker_process_large_requests_run_in_a_thread(checker):
    with client_for(checker, heavy_processes=0) as threads_only:
        assert threads_only.app.state.service.processes is None
        large = {"draft": {"text": "Some 300 people died. " * 4000}}
        assert threads_only.post("/v1/check", json=large).json()["status"] == "complete"


def _without_time(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "elapsed_ms"}


def _resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
