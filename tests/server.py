"""`factcheck serve` as a real server on a free loopback port, for the tests that must
see what a client on the network sees (CORS headers, the token, limits, uvicorn)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


class Base(str):
    """A running server's base URL, with the server's process id."""

    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def running_server(options: list[str], log_path: Path, cwd: Path | None = None, env=None):
    """`factcheck serve` with these options; yields its base URL once /healthz answers."""
    port = free_port()
    command = [
        sys.executable, "-m", "factcheck", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--no-access-log", "--log-level", "warning", *options,
    ]  # fmt: skip
    return running(command, port, "/healthz", log_path, cwd, env)


@contextlib.contextmanager
def running(command: list[str], port: int, ready: str, log_path: Path, cwd=None, env=None):
    """Runs a server; yields its base URL (with its pid) once `ready` answers (any HTTP
    status); on exit, checks it stopped cleanly on SIGTERM and logged no traceback."""
    log = open(log_path, "w+")  # noqa: SIM115 - read after the server stops
    server = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=env or os.environ, cwd=cwd
    )
    base = Base(f"http://127.0.0.1:{port}")
    base.pid = server.pid
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, f"the server exited: {log_path.read_text()}"
            try:
                if httpx.get(f"{base}{ready}", timeout=1).status_code < 500:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(15)
        log.seek(0)
        output = log.read()
        log.close()
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it as its exit status.
    assert server.returncode in (0, -signal.SIGTERM), output
    assert "Traceback" not in output
