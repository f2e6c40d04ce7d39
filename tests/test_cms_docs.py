"""Every code block of docs/cms.md is run here or in tests/test_wagtail.py: the commands
in a folder laid out as the docs assume, the servers started as written (on free ports),
the JSON sent or compared with real answers, the Python executed."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sys
import tomllib
from pathlib import Path

import httpx
from click.testing import CliRunner
from docs_snippets import blocks, snippet
from newsroom import FLOOD, body, flood, generated_articles
from roles_fixture import SOURCES
from server import free_port, running, running_server

from factcheck.cli.main import main
from factcheck.cms.api import Archive

ROOT = Path(__file__).resolve().parent.parent
INSTALL = "pip install 'factcheck[wagtail]'"
RELAY = (
    "factcheck archive add --archive newsroom.sqlite --story brennholm published/brennholm.jsonl"
)
RELAY_ANSWER = '{"draft": "wp-4812", "decision": "block", "status": "complete",'
ARCHIVE = "factcheck archive add --archive newsroom.sqlite --story vell-flood published/vell-flood/"
SERVE = (
    "factcheck serve --host 127.0.0.1 --port 8000 --archive newsroom.sqlite --archive-days 30 \\"
)
REQUEST = (
    '{"draft": {"id": "wp-4812", "text": "LINDEN CROSS - The floods have killed 23 people ...",'
)
RESPONSE = (
    '{ "version": "1", "status": "complete", "decision": "block", "offset_encoding": "utf-16",'
)
SETTINGS = "[serve]"
PYTHON_API = "from factcheck.api import Archive, Checker, Gate"
# Each block by its first line, and the test that runs it.
RUN_BY = {
    ("sh", INSTALL): "test_the_install_line_names_a_real_extra",
    ("python", "# settings.py"): "tests/test_wagtail.py",
    ("python", "# models.py"): "tests/test_wagtail.py",
    ("sh", RELAY): "test_the_relay_blocks",
    ("json", RELAY_ANSWER): "test_the_relay_blocks",
    ("sh", ARCHIVE): "test_the_archive_service_and_api_blocks",
    ("sh", SERVE): "test_the_archive_service_and_api_blocks",
    ("json", REQUEST): "test_the_archive_service_and_api_blocks",
    ("json", RESPONSE): "test_the_archive_service_and_api_blocks",
    ("python", PYTHON_API): "test_the_archive_service_and_api_blocks",
    ("toml", SETTINGS): "test_the_settings_block",
}


def test_every_block_is_run_by_a_test():
    found = [(lang, code) for lang, code in blocks()]
    run = [(lang, code) for lang, code in found if any(
        lang == kind and code.startswith(start) for kind, start in RUN_BY
    )]  # fmt: skip
    assert len(found) == len(RUN_BY), "a block of docs/cms.md that no test runs"
    assert run == found, "a block of docs/cms.md that no test runs"


def commands(code: str) -> list[list[str]]:
    """The block's command lines, continuations joined and comments dropped."""
    return [shlex.split(line, comments=True) for line in code.replace("\\\n", " ").splitlines()]


def replaced(argv: list[str], name: str, value: str) -> list[str]:
    argv = list(argv)
    argv[argv.index(name) + 1] = value
    return argv


def serve_options(argv: list[str]) -> list[str]:
    """`factcheck serve`'s options without --host and --port (the tests pick a free port)."""
    options = argv[2:]
    for name in ("--host", "--port"):
        if name in options:
            at = options.index(name)
            options = options[:at] + options[at + 2 :]
    return options


def cli(argv: list[str], folder: Path, monkeypatch) -> None:
    assert argv[0] == "factcheck"
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, argv[1:])
    assert result.exit_code == 0, result.output


def test_the_install_line_names_a_real_extra():
    (argv,) = commands(snippet(INSTALL))
    extra = re.fullmatch(r"factcheck\[(\w+)\]", argv[2])[1]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert any(d.startswith("wagtail") for d in extras[extra])
    assert any(d.startswith("wagtail") for d in extras["test"])  # so CI runs its tests


def test_the_relay_blocks(tmp_path, monkeypatch):
    add, serve, relay, curl = commands(snippet(RELAY))
    (tmp_path / "published").mkdir()
    lines = "".join(json.dumps(s) + "\n" for s in SOURCES)
    (tmp_path / "published" / "brennholm.jsonl").write_text(lines)
    (tmp_path / "token.txt").write_text("a-long-random-token\n")
    (tmp_path / "relay-secret.txt").write_text("another-secret\n")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    cli(add, tmp_path, monkeypatch)
    with running_server(serve_options(serve), tmp_path / "service.log", cwd=tmp_path) as service:
        port = free_port()
        relay = replaced(replaced(relay, "--port", str(port)), "--factcheck", service)
        relay = [sys.executable, *relay[1:]]
        with running(relay, port, "/", tmp_path / "relay.log", cwd=tmp_path) as relay_url:
            url = curl[2].replace("http://127.0.0.1:8100", relay_url)
            header = curl[curl.index("-H") + 1]
            assert header == "X-Relay-Secret: $(cat relay-secret.txt)"
            secret = (tmp_path / "relay-secret.txt").read_text().strip()
            data = (tmp_path / curl[curl.index("--data") + 1].removeprefix("@")).read_bytes()
            answer = httpx.post(url, content=data, headers={"X-Relay-Secret": secret})
    assert answer.status_code == 200, answer.text
    assert answer.json() == json.loads(snippet(RELAY_ANSWER))


def test_the_archive_service_and_api_blocks(tmp_path, monkeypatch):
    shutil.copytree(FLOOD, tmp_path / "published" / "vell-flood")
    (tmp_path / "wire").mkdir()
    wire = "".join(json.dumps(r) + "\n" for r in generated_articles(5))
    (tmp_path / "wire" / "vell-flood.jsonl").write_text(wire)
    for argv in commands(snippet(ARCHIVE)):
        cli(argv, tmp_path, monkeypatch)
    (serve,) = commands(snippet(SERVE))
    documented = json.loads(snippet(RESPONSE))
    with running_server(serve_options(serve), tmp_path / "service.log", cwd=tmp_path) as base:
        request = json.loads(snippet(REQUEST))
        as_written = httpx.post(f"{base}/v1/check", json=request, timeout=10)
        assert as_written.status_code == 200, as_written.text
        docs = flood()
        request["draft"]["text"] = body(docs["valley-herald"])
        request["sources"] = []  # the response shows the draft against the archive
        answer = httpx.post(f"{base}/v1/check", json=request, timeout=10).json()
    assert set(answer) == set(documented)
    assert answer["decision"] == documented["decision"]
    shown = documented["findings"][0]
    (real,) = [f for f in answer["findings"] if f["rule"] == shown["rule"]]
    assert set(shown) == set(real)
    for key in ("message", "severity", "draft_role", "sources_with_draft", "sources_against"):
        assert real[key] == shown[key], key
    for claim in shown["claims"]:  # each shown as it is, fields trimmed
        assert any(shown_in(claim, c) for c in real["claims"]), claim
    assert set(answer["archive"]) == set(documented["archive"])  # counts vary with the rules
    namespace = {"text": body(docs["valley-herald"]), "wire_text": body(docs["rw-toll"])}
    code = snippet(PYTHON_API)
    *statements, last = code.strip().splitlines()
    exec("\n".join(statements), namespace)
    status, decision, messages = eval(last, namespace)
    assert status == "complete" and decision == "block"
    assert any("'23'" in m for m in messages)


def shown_in(shown, real) -> bool:
    """Whether the docs show a real value as it is, or trimmed: every key they show has
    its real value (other engineers' new fields need not be in the docs' example)."""
    if isinstance(shown, dict):
        return isinstance(real, dict) and all(
            k in real and shown_in(v, real[k]) for k, v in shown.items()
        )
    return shown == real


def test_the_settings_block(tmp_path):
    settings = snippet(SETTINGS)
    (tmp_path / "factcheck.toml").write_text(settings)
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "factcheck-token").write_text("token-from-the-settings\n")
    Archive(tmp_path / "newsroom.sqlite").close()  # an empty archive to serve
    table = tomllib.loads(settings)["serve"]
    with running_server([], tmp_path / "service.log", cwd=tmp_path) as base:
        headers = {"Authorization": "Bearer token-from-the-settings"}
        schema = httpx.get(f"{base}/openapi.json", headers=headers, timeout=10).json()
        assert httpx.get(f"{base}/openapi.json", timeout=10).status_code == 401
    assert schema["x-limits"] == {
        "max_body_bytes": table["max-body-bytes"], "max_sources": table["max-sources"],
        "time_budget_seconds": table["time-budget"],
    }  # fmt: skip
    assert schema["x-cors-origins"] == table["cors-origin"]
