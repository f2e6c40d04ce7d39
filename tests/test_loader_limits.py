"""What a folder or a set may hold that is no article: devices, FIFOs, huge files, bad
JSONL lines. Each is one problem, reported, and the rest of the set is read."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from test_cli import invoke

from factcheck.load.articles import load_article_set
from factcheck.load.files import ENV_ARTICLE, ENV_SET, Budget

ARTICLE = "Some 300 people were killed in the siege, officials said.\n"


def folder_with(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def messages(articles) -> list[tuple[str, str]]:
    return [(Path(p.path).name, p.message) for p in articles.problems]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_link_to_a_device_is_reported_and_skipped(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "zero.txt").symlink_to("/dev/zero")
    articles = load_article_set([str(folder)])
    assert [d.id for d in articles.documents] == ["a"]
    assert messages(articles) == [("zero.txt", "a device, not a regular file; skipped")]


def test_a_fifo_is_reported_and_skipped_without_waiting(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    os.mkfifo(folder / "x.txt")
    finished = []
    worker = threading.Thread(target=lambda: finished.append(load_article_set([str(folder)])))
    worker.start()
    worker.join(timeout=10)
    assert finished, "reading the folder waited on the FIFO"
    [articles] = finished
    assert [d.id for d in articles.documents] == ["a"]
    assert messages(articles) == [("x.txt", "a FIFO, not a regular file; skipped")]


def test_an_article_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "big.txt").write_text("word " * 300, encoding="utf-8")
    articles = load_article_set([str(folder)], budget=Budget(article=1000))
    assert [d.id for d in articles.documents] == ["a"]
    assert messages(articles) == [
        (
            "big.txt",
            f"over the limit of 1,000 bytes per article: 1,500 bytes ({ENV_ARTICLE}); skipped",
        )
    ]


def test_the_set_limit_skips_what_passes_it(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "b.txt").write_text(ARTICLE, encoding="utf-8")
    articles = load_article_set([str(folder)], budget=Budget(set=len(ARTICLE) + 10))
    assert [d.id for d in articles.documents] == ["a"]
    assert messages(articles) == [
        (
            "b.txt",
            f"{len(ARTICLE)} bytes would take the set past its limit of {len(ARTICLE) + 10} "
            f"bytes ({ENV_SET}); skipped",
        )
    ]


def test_the_environment_overrides_the_limits(tmp_path: Path, monkeypatch) -> None:
    folder = folder_with(tmp_path)
    monkeypatch.setenv(ENV_ARTICLE, "10")
    assert load_article_set([str(folder)]).documents == ()
    monkeypatch.setenv(ENV_ARTICLE, "lots")
    articles = load_article_set([str(folder)])
    assert [d.id for d in articles.documents] == ["a"]
    assert messages(articles) == [
        ("environment", f"{ENV_ARTICLE}='lots': expected a whole number of bytes")
    ]


def test_each_bad_jsonl_line_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    good = json.dumps({"id": "a", "text": ARTICLE})
    lines = [
        good.encode(),
        b'{"id": "nul", "text": "a\x00b"}',
        b'{"id": "surrogate", "text": "bad \\ud800 text"}',
        b'{"id": "broken", ',
        json.dumps({"id": "b", "text": ARTICLE}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles = load_article_set([str(path)])
    assert [d.id for d in articles.documents] == ["a", "b"]
    assert [(p.line, p.message) for p in articles.problems] == [
        (2, "invalid JSON: Invalid control character at"),
        (3, "'text' holds a lone surrogate (\\ud800) at character 5"),
        (4, "invalid JSON: Expecting property name enclosed in double quotes"),
    ]


def test_a_jsonl_line_past_the_limit_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    long = json.dumps({"id": "long", "text": "x" * 5000})
    path.write_text(long + "\n" + json.dumps({"id": "b", "text": ARTICLE}) + "\n")
    articles = load_article_set([str(path)], budget=Budget(article=1000))
    assert [d.id for d in articles.documents] == ["b"]
    assert [(p.line, p.message) for p in articles.problems] == [
        (1, "a line over 2,000 bytes (2 x the article limit); skipped")
    ]


def test_check_reports_the_fifo_and_checks_the_rest(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "b.txt").write_text(ARTICLE.replace("300", "3,000"), encoding="utf-8")
    os.mkfifo(folder / "c.txt")
    run = invoke("check", folder)
    assert run.exit_code == 2
    assert "c.txt: a FIFO, not a regular file; skipped" in run.stderr
    assert "300" in run.stdout and "3,000" in run.stdout


def test_standard_input_over_the_limit_is_refused() -> None:
    import io

    articles = load_article_set(["-"], stdin=io.StringIO("x" * 2000), budget=Budget(article=1000))
    assert articles.documents == ()
    assert [(p.path, p.message) for p in articles.problems] == [
        (
            "-",
            "over the limit of 1,000 bytes per article: more bytes than that "
            f"({ENV_ARTICLE}); skipped",
        )
    ]


def test_a_fault_reading_one_article_is_its_problem(tmp_path: Path, monkeypatch) -> None:
    from factcheck.load import articles

    folder = folder_with(tmp_path)
    (folder / "b.txt").write_text("trips the bug", encoding="utf-8")
    real = articles.parse_article

    def buggy(text, path, default_id):
        if "bug" in text:
            raise KeyError("a bug")
        return real(text, path, default_id)

    monkeypatch.setattr(articles, "parse_article", buggy)
    loaded = load_article_set([str(folder)])
    assert [d.id for d in loaded.documents] == ["a"]
    assert messages(loaded) == [("b.txt", "internal error: KeyError: 'a bug'")]


# ------------------------------------------------------------ factcheck extract


def extract_lines(stdin: bytes, monkeypatch, article: int, set_bytes: int | None = None):
    monkeypatch.setenv(ENV_ARTICLE, str(article))
    if set_bytes is not None:
        monkeypatch.setenv(ENV_SET, str(set_bytes))
    run = invoke("extract", stdin=stdin)
    return run, [json.loads(line) for line in run.stdout.splitlines()]


def test_extract_refuses_a_record_over_the_article_limit_and_reads_the_next(monkeypatch) -> None:
    records = [{"id": "long", "text": "word " * 300}, {"id": "b", "text": ARTICLE}]
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
    run, out = extract_lines(stdin, monkeypatch, article=1000)
    assert run.exit_code == 2
    assert [line["id"] for line in out] == [None, "b"]
    assert out[0]["error"] == (
        f"over the limit of 1,000 bytes per article: 1,500 bytes ({ENV_ARTICLE}); skipped"
    )
    assert [c["text"] for c in out[1]["claims"]] == ["Some 300"]
    assert run.stderr.startswith("factcheck: line 1: over the limit of 1,000 bytes")


def test_extract_applies_the_set_limit_as_check_does(monkeypatch) -> None:
    records = [{"id": str(n), "text": ARTICLE} for n in range(4)]
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
    run, out = extract_lines(stdin, monkeypatch, article=1000, set_bytes=2 * len(ARTICLE))
    assert [line["id"] for line in out] == ["0", "1", None, None]
    assert "would take the set past its limit" in out[2]["error"]
    assert run.exit_code == 2


def test_extract_passes_over_a_line_past_the_limit_without_holding_it(monkeypatch) -> None:
    records = [{"id": "long", "text": "x" * 5000}, {"id": "b", "text": ARTICLE}]
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
    run, out = extract_lines(stdin, monkeypatch, article=1000)
    assert run.exit_code == 2 and [line["id"] for line in out] == [None, "b"]
    assert out[0]["error"] == "a line over 2,000 bytes (2 x the article limit)"


def test_extract_refuses_a_plain_text_over_the_limit(monkeypatch) -> None:
    run, out = extract_lines(b"x " * 1000, monkeypatch, article=1000)
    assert run.exit_code == 2
    assert out == [
        {
            "id": None,
            "claims": [],
            "error": "over the limit of 1,000 bytes per article: more bytes than that "
            f"({ENV_ARTICLE}); skipped",
        }
    ]
    run, out = extract_lines(b"\xef\xbb\xbfSome 300 people.", monkeypatch, article=1000)
    assert run.exit_code == 0 and [c["text"] for c in out[0]["claims"]] == ["Some 300"]


def test_extract_names_a_bad_limit_and_reads_with_the_defaults(monkeypatch) -> None:
    monkeypatch.setenv(ENV_ARTICLE, "lots")
    run = invoke("extract", stdin=json.dumps({"id": "a", "text": ARTICLE}).encode())
    assert run.exit_code == 2
    assert f"{ENV_ARTICLE}='lots': expected a whole number of bytes" in run.stderr
    assert json.loads(run.stdout)["id"] == "a"
