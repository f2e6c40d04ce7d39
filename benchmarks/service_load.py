"""The service under many clients, and under hostile ones: does every answer come back
complete or as 429, without a 5xx, while memory stays flat?

Starts `factcheck serve` on 127.0.0.1 at a free port (no archive: drafts are checked
against the sources they bring) and runs two phases of --seconds each:

1. --clients clients (default 200), each posting a 4 KB news draft with one source, one
   request at a time; a 429 is waited out for its Retry-After, as a CMS would;
2. the same, plus --hostile clients posting 860 KB drafts of dense news prose (an event
   word, a count and a tense marker beside every figure: the costliest text to read per
   byte, now that lists of bare figures are skipped), each seconds of work, near the
   service's body limit (--hostile-kb sets another size).

Per phase: answers by kind (complete, partial, 429, 5xx, transport errors; the hostile
clients' apart), p50 and p99
of the complete answers (as the client sees them, and inside the server's handler: the
difference is time spent connecting and queued before the handler, on either side),
and the server's resident memory at the start, its peak (sampled every 0.5 s) and at
the end; the same for the server with the processes it started (its worker processes,
their fork server), added up as proportional set sizes so that pages they share count
once. Every request goes to 127.0.0.1 only.

    python benchmarks/service_load.py [--clients 200] [--hostile 4] [--hostile-kb 860]
                                      [--seconds 60] [--threads 4] [--max-pending 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_build import draft, newsroom
from service_latency import free_port, percentile, wait_ready

DENSE = "Gunmen killed 5 people, police said to us. "


def hostile_body(kilobytes: int) -> bytes:
    repeats = kilobytes * 1000 // len(DENSE)
    return json.dumps({"draft": {"id": "hostile", "text": DENSE * repeats}}).encode()


def start_server(port: int, threads: int, max_pending: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "factcheck", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--threads", str(threads), "--max-pending", str(max_pending), "--no-access-log",
        "--log-level", "warning",
    ]  # fmt: skip
    return wait_ready(subprocess.Popen(command), port)


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_mb(pid: int) -> float:
    """The proportional set sizes of a process and all its descendants, added up."""
    total, pids = 0.0, [pid]
    while pids:
        current = pids.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:  # ended meanwhile
            continue
        total += sum(int(ln.split()[1]) for ln in rollup.splitlines() if ln.startswith("Pss:"))
        pids += [int(child) for child in children]
    return total / 1024


async def phase(base: str, body: bytes, hostile_body: bytes, clients: int, hostile: int,
                seconds: float, pid: int):  # fmt: skip
    kinds: Counter = Counter()
    hostile_kinds: Counter = Counter()
    complete: list[float] = []
    served: list[float] = []  # the server's own elapsed_ms of complete answers
    health: list[float] = []
    memory = [resident_mb(pid)]
    tree = [tree_mb(pid)]
    stop_at = time.perf_counter() + seconds

    async def client(payload: bytes, counted: bool) -> None:
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    response = await http.post("/v1/check", content=payload)
                except httpx.TransportError as error:
                    what = f"transport error ({type(error).__name__}: {error})"
                    (kinds if counted else hostile_kinds)[what] += 1
                    continue
                elapsed = time.perf_counter() - started
                kind = _kind(response)
                if not counted:
                    hostile_kinds[kind] += 1
                if counted:
                    kinds[kind] += 1
                    if kind == "complete":
                        complete.append(elapsed)
                        served.append(response.json()["elapsed_ms"] / 1e3)
                if response.status_code == 429:
                    await asyncio.sleep(float(response.headers.get("retry-after", "1")))

    async def sample() -> None:
        """The server's memory, and how long /healthz takes on a connection of its own."""
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while time.perf_counter() < stop_at:
                await asyncio.sleep(0.5)
                memory.append(resident_mb(pid))
                tree.append(tree_mb(pid))
                started = time.perf_counter()
                await http.get("/healthz")
                health.append(time.perf_counter() - started)

    tasks = [client(body, True) for _ in range(clients)]
    tasks += [client(hostile_body, False) for _ in range(hostile)]
    await asyncio.gather(*tasks, sample())
    memory.append(resident_mb(pid))
    tree.append(tree_mb(pid))
    return kinds, hostile_kinds, complete, served, health, memory, tree


def _kind(response: httpx.Response) -> str:
    if response.status_code >= 500:
        return f"5xx ({response.status_code})"
    if response.status_code != 200:
        return str(response.status_code)
    return "partial" if b'"status":"partial"' in response.content else "complete"


def report(name: str, kinds: Counter, hostile, complete, served, health, memory, tree) -> None:
    total = sum(kinds.values())
    print(f"\n{name}: {total:,} answers")
    for kind, count in kinds.most_common():
        print(f"  {kind:<28} {count:7,}  {count / max(total, 1):6.1%}")
    if hostile:
        print("  the hostile clients': " + ", ".join(f"{k} {n}" for k, n in hostile.most_common()))
    if complete:
        ms = [x * 1e3 for x in complete]
        print(f"  complete: p50 {percentile(ms, 50):.0f} ms, p99 {percentile(ms, 99):.0f} ms")
        inside = [x * 1e3 for x in served]
        print(f"  of which in the server's handler: p50 {percentile(inside, 50):.0f} ms, "
              f"p99 {percentile(inside, 99):.0f} ms")  # fmt: skip
    if health:
        ms = [x * 1e3 for x in health]
        print(f"  /healthz meanwhile: p50 {percentile(ms, 50):.0f} ms, max {max(ms):.0f} ms")
    print(f"  server memory: {memory[0]:.0f} MB at start, peak {max(memory):.0f} MB, "
          f"{memory[-1]:.0f} MB at end")  # fmt: skip
    step = max(1, len(memory) // 12)  # samples every 0.5 s: a dozen of them, evenly spread
    series = ", ".join(f"{mb:.0f}" for mb in memory[::step])
    print(f"  server memory over the phase (MB, every {step / 2:g} s): {series}")
    print(f"  with its worker processes (PSS): {tree[0]:.0f} MB at start, peak {max(tree):.0f}"
          f" MB, {tree[-1]:.0f} MB at end; over the phase: "
          + ", ".join(f"{mb:.0f}" for mb in tree[::step]))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--hostile", type=int, default=4)
    parser.add_argument("--hostile-kb", type=int, default=860, help="size of a hostile draft")
    parser.add_argument("--seconds", type=float, default=60, help="per phase")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-pending", type=int, default=32)
    args = parser.parse_args()
    documents = newsroom(200, 11)
    article, _ = draft(documents)
    source = {"id": "wire", "text": documents[0][0].text}
    body = json.dumps({"draft": article, "sources": [source]}).encode()
    port = free_port()
    server = start_server(port, args.threads, args.max_pending)
    base = f"http://127.0.0.1:{port}"
    try:
        for name, hostile in (("normal clients", 0), ("with hostile clients", args.hostile)):
            bodies = (body, hostile_body(args.hostile_kb))
            result = asyncio.run(
                phase(base, *bodies, args.clients, hostile, args.seconds, server.pid)
            )
            report(f"{name} ({args.clients} + {hostile} hostile, {args.seconds:g} s)", *result)
    finally:
        server.terminate()
        server.wait(15)


if __name__ == "__main__":
    main()
