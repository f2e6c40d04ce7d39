from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.load.articles import ArticleSet, load_article_set, parse_article
from factcheck.model import Document, Problem


def load(*paths: Path | str, stdin: io.StringIO | None = None) -> ArticleSet:
    return load_article_set([str(path) for path in paths], stdin=stdin)


def only_document(articles: ArticleSet) -> Document:
    assert articles.problems == ()
    assert len(articles.documents) == 1
    return articles.documents[0]


def test_directory_loads_articles_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("first")
    (tmp_path / "b" / "deep" / "c.markdown").write_text("third")
    (tmp_path / "b" / "x.md").write_text("second")
    (tmp_path / "data.csv").write_text("id,value\n1,2\n")

    articles = load(tmp_path)

    assert articles.problems == ()
    assert [(d.id, d.text) for d in articles.documents] == [
        ("a", "first"),
        ("c", "third"),
        ("x", "second"),
    ]
    assert articles.documents[1].path == os.path.join(str(tmp_path), "b", "deep", "c.markdown")


def test_directory_without_articles_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("1,2\n")

    articles = load(tmp_path)

    assert articles.documents == ()
    assert articles.problems == (
        Problem(str(tmp_path), "no articles (*.txt, *.md, *.markdown) in directory"),
    )


def test_front_matter_sets_every_key_and_body_start(tmp_path: Path) -> None:
    path = tmp_path / "file-name.md"
    path.write_text(
        "---\n"
        "id: 001\n"
        "title: Russia begins withdrawal\n"
        "source: Al Jazeera\n"
        "published: 2016-03-14T18:30:00+02:00\n"
        "url: https://example.com/a\n"
        "tags: [syria, russia]\n"
        "---\n"
        "Russia said on Monday...\n"
    )

    doc = only_document(load(path))

    assert doc.id == "001"  # kept as written, not read as the YAML integer 1
    assert doc.title == "Russia begins withdrawal"
    assert doc.source == "Al Jazeera"
    assert doc.published == dt.date(2016, 3, 14)
    assert doc.url == "https://example.com/a"
    assert doc.text.startswith("---\nid: 001\n")
    assert doc.text[doc.body_start :] == "Russia said on Monday...\n"
    assert doc.line_column(doc.body_start) == (9, 1)


def test_front_matter_closed_by_dots_and_plain_date(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\npublished: 2016-03-15\n...\nBody")

    doc = only_document(load(path))

    assert (doc.id, doc.published, doc.text[doc.body_start :]) == (
        "a",
        dt.date(2016, 3, 15),
        "Body",
    )


def test_text_without_front_matter_starts_body_at_zero(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Just text.\n---\nnot: front matter\n")

    doc = only_document(load(path))

    assert (doc.id, doc.body_start, doc.title) == ("plain", 0, None)


def test_bom_is_stripped_and_front_matter_still_found(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: T\n---\nBody")

    doc = only_document(load(path))

    assert doc.text == "---\ntitle: T\n---\nBody"
    assert (doc.title, doc.body_start) == ("T", 17)


def test_crlf_text_is_kept_exactly(tmp_path: Path) -> None:
    raw = "---\r\ntitle: T\r\n---\r\nLine one.\r\nLine two.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode())

    doc = only_document(load(path))

    assert doc.text == raw
    assert doc.title == "T"
    assert doc.text[doc.body_start :] == "Line one.\r\nLine two.\r\n"


def test_jsonl_bad_line_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    good = {"id": "a", "text": "Alpha", "title": "T", "source": "S", "published": "2016-03-14"}
    lines = [
        json.dumps(good),
        '{"id": "b", "text": ',
        "",
        json.dumps({"id": "c", "text": "Gamma", "url": "https://example.com/c"}),
        json.dumps({"text": "no id"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n")

    articles = load(path)

    assert [(d.id, d.text, d.path) for d in articles.documents] == [
        ("a", "Alpha", str(path)),
        ("c", "Gamma", str(path)),
    ]
    first, second = articles.documents
    assert (first.title, first.source, first.published) == ("T", "S", dt.date(2016, 3, 14))
    assert second.url == "https://example.com/c"
    assert articles.problems == (
        Problem(str(path), "invalid JSON: Expecting value", 2, 21),
        Problem(str(path), "'id' must be a string", 5),
        Problem(str(path), "not a JSON object", 6),
    )


def test_jsonl_bad_published_keeps_the_article(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "published": "March 2016"}) + "\n")

    articles = load(path)

    assert [(d.id, d.published) for d in articles.documents] == [("a", None)]
    message = "published 'March 2016' is not a date (2016-03-14, 14 March 2016, ...)"
    assert articles.problems == (Problem(str(path), message, 1),)


@pytest.mark.parametrize(
    "written",
    ["14 March 2016", "March 14, 2016", "Mon, 14 Mar 2016 09:30:00 GMT", "14. März 2016"],
)
def test_published_as_a_cms_or_feed_writes_it(tmp_path: Path, written: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "published": written}) + "\n")

    articles = load(path)

    assert [(d.id, d.published) for d in articles.documents] == [("a", dt.date(2016, 3, 14))]
    assert articles.problems == ()


def test_stdin_is_one_article(tmp_path: Path) -> None:
    stdin = io.StringIO("---\ntitle: From a pipe\n---\nBody\r\n")

    doc = only_document(load("-", stdin=stdin))

    assert (doc.id, doc.path, doc.title) == ("stdin", "-", "From a pipe")
    assert doc.text[doc.body_start :] == "Body\r\n"


def test_stdin_binary_buffer_is_decoded_without_newline_translation() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbfOne\r\nTwo\r\n"), encoding="utf-8")

    doc = only_document(load("-", stdin=stdin))

    assert doc.text == "One\r\nTwo\r\n"


def test_binary_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    articles = load(path)

    assert articles.documents == ()
    assert articles.problems == (Problem(str(path), "binary file, not text"),)


def test_invalid_utf8_names_byte_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    # A Latin-1 "é" on line 2: byte 6 + 9, column 9 (the two-byte "Ü" is one code point).
    path.write_bytes("Über\nÜber caf".encode() + b"\xe9\n")

    articles = load(path)

    assert articles.documents == ()
    assert articles.problems == (Problem(str(path), "invalid UTF-8 at byte 15", 2, 9),)


def test_invalid_utf8_column_does_not_count_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfab\xff")

    assert load(path).problems == (Problem(str(path), "invalid UTF-8 at byte 5", 1, 3),)


def test_malformed_front_matter_reports_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    # The second ":" on line 3 (column 14) starts a mapping where YAML allows none.
    path.write_text("---\nid: x\ntitle: Russia: the withdrawal\n---\nBody\n")
    other = tmp_path / "good.md"
    other.write_text("Fine.")

    articles = load(path, other)

    assert [d.id for d in articles.documents] == ["good"]
    message = "malformed front matter: mapping values are not allowed here"
    assert articles.problems == (Problem(str(path), message, 3, 14),)


def test_malformed_front_matter_columns_count_code_points(tmp_path: Path) -> None:
    text = "---\ntitle: Über: x\n---\n"

    document, problems = parse_article(text, "u.md", "u")

    message = "malformed front matter: mapping values are not allowed here"
    assert (document, problems) == (None, [Problem("u.md", message, 2, 12)])


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("---\n- a list\n---\nBody", "front matter is not a mapping of keys to values", 2),
        ("---\ntitle: T\nBody", "front matter is not closed (no '---' or '...' line after it)", 1),
    ],
)
def test_unusable_front_matter_skips_the_article(text: str, message: str, line: int) -> None:
    assert parse_article(text, "p.md", "p") == (None, [Problem("p.md", message, line, 1)])


def test_published_without_a_day_keeps_the_article_without_a_date(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\npublished: spring 2016\n---\nBody")

    articles = load(path)

    [doc] = articles.documents
    assert (doc.title, doc.published) == ("T", None)
    message = "published 'spring 2016' is not a date (2016-03-14, 14 March 2016, ...)"
    assert articles.problems == (Problem(str(path), message, 3, 12),)


def test_impossible_date_is_a_problem_not_a_crash() -> None:
    doc, problems = parse_article("---\npublished: 2016-02-30\n---\n", "a.md", "a")

    assert doc is not None and doc.published is None
    message = "published '2016-02-30' is not a date (2016-03-14, 14 March 2016, ...)"
    assert problems == [Problem("a.md", message, 2, 12)]


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    present = tmp_path / "yes.txt"
    present.write_text("Here.")

    articles = load(missing, present)

    assert [d.id for d in articles.documents] == ["yes"]
    assert articles.problems == (Problem(str(missing), "no such file or directory"),)


def test_unreadable_file_is_a_problem(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def denied(name, *args, **kwargs):
        raise PermissionError(13, "Permission denied", name)

    # A file mode would not stop root, as CI runs: the operating system's refusal is
    # what the loader must report.
    monkeypatch.setattr("builtins.open", denied)
    assert load(path).problems == (Problem(str(path), "permission denied"),)


def test_duplicate_ids_are_renamed_in_order(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("one")
    (tmp_path / "b" / "story.md").write_text("two")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(json.dumps({"id": "story", "text": "three"}) + "\n")

    articles = load(tmp_path, jsonl)

    assert articles.problems == ()
    assert [(d.id, d.text) for d in articles.documents] == [
        ("story", "one"),
        ("story~2", "two"),
        ("story~3", "three"),
    ]


def test_deeply_nested_front_matter_is_a_problem_not_a_crash() -> None:
    # libyaml's composer would overflow the C stack here; the loader must report, not crash.
    text = "---\ntitle: " + "[" * 100_000 + "\n---\nBody"

    assert parse_article(text, "n.md", "n") == (
        None,
        [Problem("n.md", "front matter is nested too deeply", 2, 1)],
    )


yaml_ish = st.text(alphabet=st.sampled_from(list("-.:[]{}!&*?|>'\"#%@`, \n\r\t\ufeffaZ09")))


@given(
    st.tuples(st.sampled_from(["", "---\n", "\ufeff---\r\n"]), st.text() | yaml_ish).map("".join)
)
def test_parse_article_never_raises_and_keeps_the_text(text: str) -> None:
    document, problems = parse_article(text, "h.md", "h")

    assert document is not None or problems
    if document is not None:
        assert document.text == text.removeprefix("\ufeff")
        assert 0 <= document.body_start <= len(document.text)
