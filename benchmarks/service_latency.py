"""Latency and throughput of `POST /v1/check` against a 10,000-article archive.

Builds the archive once (benchmarks/archive_build.py; kept in --archive for later runs),
starts `factcheck serve` on 127.0.0.1 at a free port, and measures

1. sequential latency of a 4 KB draft: p50, p95, p99 over --requests requests, for a
   story of typical size (the median) with four of its articles sent along as sources
   (the headline measure: goal p95 <= 50 ms on one worker), the same story without
   sources, the largest story (150 articles), each read by its story label (what a CMS
   sends), and for a 30-day window without a story (fewer requests: it reads every
   story of those weeks);
2. throughput under concurrent load: an asyncio + httpx load generator on loopback with
   --concurrency requests in flight, for at most --seconds seconds and --max-requests
   requests per scenario, then it stops by itself.

With --baseline TREE, a second server runs the factcheck package of another source tree
(e.g. `git archive main | tar -x -C /tmp/main`) at the same time, and the headline
scenario alternates batches between the two, so both are measured in the same
conditions on a busy machine; the ratio of their p95s is reported. With --profile, the
headline request is also run in this process under cProfile, and the functions that
take the most time are printed.

Every request goes to 127.0.0.1 only. Latencies are measured by the client, from
sending the request to reading the whole response.

    python benchmarks/service_latency.py [--archive /tmp/bench-archive.sqlite]
        [--requests 300] [--concurrency 16] [--seconds 15] [--max-requests 20000]
        [--workers 1] [--baseline TREE] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_build import build, draft, newsroom, stories

SEED = 11


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_server(archive: Path, port: int, workers: int, tree: Path | None = None):
    """`factcheck serve` on 127.0.0.1:port; from another source tree's package if given."""
    command = [
        sys.executable, "-m", "factcheck", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--archive", str(archive), "--archive-days", "30", "--workers", str(workers),
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree.resolve())
    return wait_ready(subprocess.Popen(command, env=env, cwd=tree), port)


def wait_ready(server: subprocess.Popen, port: int) -> subprocess.Popen:
    """The server, once /healthz answers; exits if it does not within a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("the server exited")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("the server did not become ready")


class Edits:
    """Request bodies as a CMS sends them while an editor works: the same sources each
    time, the draft a little different (its last line names the save, in letters, so it
    holds no figure), so the service reads each draft anew, never from its cache."""

    def __init__(self, request: dict):
        self.request = request
        self.saves = 0

    def __call__(self) -> bytes:
        self.saves += 1
        draft = self.request["draft"]
        name = "".join(chr(ord("a") + int(d)) for d in str(self.saves))
        edited = draft | {"text": f"{draft['text']}Save {name}.\n"}
        return json.dumps(self.request | {"draft": edited}).encode()


def sequential(base: str, body: Edits, requests: int) -> tuple[list[float], dict]:
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(20):  # warm up: connections, caches, the first parse
            client.post("/v1/check", content=body())
        return timed(client, body, requests)


def timed(client: httpx.Client, body: Edits, requests: int) -> tuple[list[float], dict]:
    latencies = []
    last = {}
    for _ in range(requests):
        started = time.perf_counter()
        response = client.post("/v1/check", content=body())
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
        last = response.json()
    return latencies, last


def alternating(bases: dict[str, str], body: Edits, requests: int, batch: int = 25) -> dict:
    """Each server's latencies, measured in alternating batches: same load, same time."""
    clients = {name: httpx.Client(base_url=base, timeout=30) for name, base in bases.items()}
    latencies: dict[str, list[float]] = {name: [] for name in bases}
    try:
        for client in clients.values():
            timed(client, body, 20)  # warm up
        while min(len(v) for v in latencies.values()) < requests:
            for name, client in clients.items():
                latencies[name] += timed(client, body, batch)[0]
    finally:
        for client in clients.values():
            client.close()
    return latencies


def profile(archive: Path, body: Edits, requests: int) -> None:
    """The headline request in this process under cProfile: where the time goes."""
    import cProfile
    import pstats

    from factcheck.cms.api import Checker
    from factcheck.cms.archive import Archive
    from factcheck.cms.service import Service, ServiceConfig, _parse

    service = Service(Checker(), Archive(archive, readonly=True), ServiceConfig(archive_days=30))

    def once() -> None:
        started = time.monotonic()
        service.answers.answer(_parse(body()), started + 30, started)

    for _ in range(20):
        once()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        once()
    profiler.disable()
    service.close()
    print(f"profile of {requests} requests in process (cumulative, then own time):")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


async def load(
    base: str, body: Edits, concurrency: int, seconds: float, max_requests: int
) -> tuple[int, float, list[float], Counter]:
    latencies: list[float] = []
    statuses: Counter = Counter()
    sent = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def user(client: httpx.AsyncClient) -> None:
        nonlocal sent
        while time.perf_counter() < stop_at and sent < max_requests:
            sent += 1
            started = time.perf_counter()
            response = await client.post("/v1/check", content=body())
            latencies.append(time.perf_counter() - started)
            partial = b'"status":"partial"' in response.content
            statuses[f"{response.status_code}{' partial' if partial else ''}"] += 1

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        began = time.perf_counter()
        await asyncio.gather(*(user(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return len(latencies), elapsed, latencies, statuses


def describe(name: str, latencies: list[float]) -> str:
    ms = [x * 1e3 for x in latencies]
    return (
        f"{name:<34} n={len(ms):<5} p50 {percentile(ms, 50):6.1f} ms   "
        f"p95 {percentile(ms, 95):6.1f} ms   p99 {percentile(ms, 99):6.1f} ms   "
        f"mean {statistics.mean(ms):6.1f} ms"
    )


def with_sources(documents, story: str, count: int = 4) -> list[dict]:
    """`count` of the story's archived articles, sent along as /v1/check sources (their
    ids keep them from being read from the archive a second time)."""
    chosen = stories(documents)[story][1 : 1 + count]
    return [
        {"id": d.id, "text": d.text, "source": d.source, "published": d.published.isoformat()}
        for d in chosen
    ]


def report_alternating(latencies: dict[str, list[float]], name: str) -> None:
    for server, values in latencies.items():
        print(describe(f"{name}, {server}", values), flush=True)
    ours, theirs = (percentile(v, 95) for v in latencies.values())
    print(f"{'':<34} p95 ratio, this tree / baseline: {ours / theirs:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=Path("/tmp/bench-archive.sqlite"))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--baseline", type=Path, help="another source tree to compare with")
    parser.add_argument("--profile", action="store_true", help="profile the headline request")
    parser.add_argument("--headline-only", action="store_true", help="skip the other scenarios")
    args = parser.parse_args()

    if not args.archive.exists():
        print(f"building {args.archive} ({args.articles} articles)...", flush=True)
        stats = build(args.archive, args.articles, SEED)
        print(f"  built in {stats['build_seconds']} s, {stats['bytes'] / 1e6:.0f} MB", flush=True)
    documents = newsroom(args.articles, SEED)
    by_story = stories(documents)
    ordered = sorted(by_story, key=lambda s: (len(by_story[s]), s))
    typical, largest = ordered[len(ordered) // 2], ordered[-1]
    port = free_port()
    servers = {"this tree": start_server(args.archive, port, args.workers)}
    bases = {"this tree": f"http://127.0.0.1:{port}"}
    if args.baseline:
        port = free_port()
        servers["baseline"] = start_server(args.archive, port, args.workers, args.baseline)
        bases["baseline"] = f"http://127.0.0.1:{port}"
    base = bases["this tree"]
    print(
        f"archive {args.archive}: {args.articles} articles on {len(by_story)} stories; "
        f"server pids {[s.pid for s in servers.values()]}, {args.workers} process(es) each, "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    headline = f"typical story ({len(by_story[typical])}), 4 sources"
    try:
        scenarios = [
            (headline, typical, {"story": typical}, with_sources(documents, typical)),
            (f"typical story ({len(by_story[typical])} articles)", typical, {"story": typical}, []),
            (f"largest story ({len(by_story[largest])} articles)", largest, {"story": largest}, []),
            ("30-day window, no story", largest, {"days": 30}, []),
        ]
        if args.headline_only:
            scenarios = scenarios[:1]
        bodies = {}
        for name, story, scope, sources in scenarios:
            article, _ = draft(documents, story)
            request = {"draft": article, "sources": sources, "archive": scope}
            body = bodies[name] = Edits(request)
            requests = args.requests if "story" in scope else max(10, args.requests // 10)
            if name == headline and args.baseline:
                report_alternating(alternating(bases, body, requests), name)
            latencies, last = sequential(base, body, requests)
            print(describe(name, latencies), flush=True)
            read = last["archive"]
            print(
                f"{'':<34} draft {len(article['text'].encode())} bytes, {len(sources)} sources; "
                f"read {read['claims']} claims of {read['documents']} documents in "
                f"{read['queries']} key queries; {len(last['findings'])} findings, "
                f"{last['decision']}, {last['status']}",
                flush=True,
            )
        if args.profile:
            profile(args.archive, bodies[headline], args.requests)
        for name, *_ in scenarios[1:3]:
            count, elapsed, latencies, statuses = asyncio.run(
                load(base, bodies[name], args.concurrency, args.seconds, args.max_requests)
            )
            print(
                f"load, {name}: {args.concurrency} concurrent clients for {elapsed:.1f} s: "
                f"{count} requests, {count / elapsed:.0f} requests/s, statuses {dict(statuses)}",
                flush=True,
            )
            print(describe("  latency under load", latencies), flush=True)
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(15)


if __name__ == "__main__":
    main()
