"""The HTML report: its structure read with html.parser, and its rendering in headless
Chromium (a screenshot must show the highlight colours; the script must link a finding's
claims)."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, missing

from factcheck.cli.main import main
from factcheck.reports.html import HIGHLIGHT

FLOOD = ROOT / "fixtures" / "flood"
SIDEBAR_WIDTH = 380  # the findings pane's widest; the articles are to its right
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------------- structure


class Page(HTMLParser):
    """What the tests read from the page: marks, findings, inputs, links and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict] = []
        self.findings: list[dict] = []
        self.inputs: list[dict] = []
        self.links: dict[str, list[str]] = {}  # finding id → the claims it links to
        self.ids: set[str] = set()
        self.external: list[str] = []  # anything the page would fetch
        self.scripts = 0
        self._mark: dict | None = None
        self._finding: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            assert attributes["id"] not in self.ids, f"duplicate id {attributes['id']}"
            self.ids.add(attributes["id"])
        if tag == "mark":
            self._mark = {**attributes, "text": ""}
            self.marks.append(self._mark)
        elif tag == "li" and "finding" in attributes.get("class", "").split():
            self.findings.append(attributes)
            self._finding = attributes["id"]
            self.links[self._finding] = []
        elif tag == "a" and "claim-link" in attributes.get("class", "").split():
            self.links[self._finding].append(attributes["href"])
        elif tag == "input":
            self.inputs.append(attributes)
        elif tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            if tag in ("script", "link", "img", "iframe") and value:
                self.external.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            self._mark["text"] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def flood_html() -> str:
    exit_code, out, _ = run("check", FLOOD, "--format", "html")
    assert exit_code == 1
    return out


@pytest.fixture(scope="module")
def flood_json() -> dict:
    return json.loads(run("check", FLOOD, "--format", "json")[1])


def test_every_claim_is_a_mark_with_its_offsets(flood_html: str, checker) -> None:
    from factcheck.load.articles import load_article_set

    page = parse(flood_html)
    documents = load_article_set([str(FLOOD)]).documents
    report = checker.check(list(documents))
    texts = {d.id: d.text for d in documents}
    expected = {(c.doc, c.span.start, c.span.end) for r in report.documents for c in r.claims}

    found = {(m["data-doc"], int(m["data-start"]), int(m["data-end"])) for m in page.marks}
    assert found == expected
    for mark in page.marks:
        start, end = int(mark["data-start"]), int(mark["data-end"])
        assert texts[mark["data-doc"]][start:end] == mark["text"]


def test_each_finding_links_its_claims_and_they_link_back(
    flood_html: str, flood_json: dict
) -> None:
    page = parse(flood_html)
    marks = {m["id"]: m for m in page.marks}

    assert len(page.findings) == len(flood_json["findings"])
    for finding, expected in zip(page.findings, flood_json["findings"], strict=True):
        assert (finding["data-rule"], finding["data-kind"], finding["data-severity"]) == (
            expected["rule"],
            expected["kind"],
            expected["severity"],
        )
        assert float(finding["data-confidence"]) == pytest.approx(expected["confidence"], abs=1e-3)
        claim_ids = finding["data-claims"].split()
        assert page.links[finding["id"]] == [f"#{i}" for i in claim_ids]
        claimed = [marks[i] for i in claim_ids]
        assert [(m["data-doc"], int(m["data-start"])) for m in claimed] == [
            (c["doc"], c["start"]) for c in expected["claims"]
        ]
        for mark in claimed:
            assert finding["id"] in mark["data-findings"].split()
            assert f"sev-{expected['severity']}" in mark["class"].split()


def test_filters_by_rule_kind_severity_and_confidence(flood_html: str, flood_json: dict) -> None:
    page = parse(flood_html)
    boxes: dict[str, set[str]] = {}
    for attributes in page.inputs:
        if attributes.get("type") == "checkbox":
            boxes.setdefault(attributes["name"], set()).add(attributes["value"])
    [slider] = [i for i in page.inputs if i.get("type") == "range"]

    findings = flood_json["findings"]
    assert boxes == {
        "rule": {f["rule"] for f in findings},
        "kind": {f["kind"] for f in findings},
        "severity": {f["severity"] for f in findings},
    }
    assert (slider["name"], slider["min"], slider["max"]) == ("confidence", "0", "1")


def test_page_is_self_contained_and_escapes_article_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.md"
    hostile.write_text(
        '---\nid: "<i>id</i>"\ntitle: <b>Bold</b> & "quoted"\npublished: 2025-06-10\n---\n'
        "<script>alert(1)</script> The evacuation began on June 3 & ended.\n",
        encoding="utf-8",
    )
    (tmp_path / "other.md").write_text(
        "---\npublished: 2025-06-10\n---\nThe evacuation began on June 6.\n", encoding="utf-8"
    )

    html = run("check", tmp_path, "--format", "html")[1]
    page = parse(html)

    assert page.scripts == 1  # the report's own, inline; the article's is text
    assert page.external == []
    assert "&lt;script&gt;alert(" in html and "<script>alert" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" in html
    assert "<i>" not in html and "&lt;i&gt;id&lt;/i&gt;:6:" in html
    assert {m["text"] for m in page.marks} >= {"June 3", "June 6"}


# ---------------------------------------------------------------------- Chromium


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        missing("chromium is not installed (.ci/run installs Debian's chromium package)")
    return found


def render(page: Path, *how: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *how, page.as_uri()],
            capture_output=True,
            timeout=120,
            check=True,
        )


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit, non-interlaced RGB or RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert (depth, interlace) == (8, 0) and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, prior = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        _unfilter(kind, line, prior, channels)
        rows.append(
            bytes(line) if channels == 3 else bytes(line[i] for i in range(stride) if i % 4 != 3)
        )
        prior = line
    return width, height, rows


def _unfilter(kind: int, line: bytearray, prior: bytearray, bpp: int) -> None:
    """Undo one row's PNG filter in place (PNG specification, section 9)."""
    if kind == 0:
        return
    if kind == 2:  # the commonest after Paeth, and simple enough to do in one pass
        line[:] = bytes((a + b) & 255 for a, b in zip(line, prior, strict=True))
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = prior[i]
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
        else:
            corner = prior[i - bpp] if i >= bpp else 0
            estimate = left + up - corner
            pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + predictor) & 255


def colour_counts(rows: list[bytes], left: int = 0) -> Counter:
    """How many pixels of each RGB colour lie right of column `left`."""
    counts: Counter = Counter()
    for row in rows:
        for x in range(left * 3, len(row), 3):
            counts[row[x : x + 3]] += 1
    return counts


@pytest.fixture(scope="module")
def flood_page(tmp_path_factory) -> Path:
    page = tmp_path_factory.mktemp("html") / "flood report.html"  # a space, as users' paths have
    exit_code, _, err = run("check", FLOOD, "--output", page)
    assert exit_code == 1
    assert err.endswith(f"Report written to {page}.\n")
    return page


def test_screenshot_shows_the_highlights(flood_page: Path) -> None:
    shot = flood_page.with_name("shot.png")

    render(flood_page, f"--screenshot={shot}", "--window-size=1400,1000")
    width, height, rows = read_png(shot)

    assert (width, height) == (1400, 1000)
    counts = colour_counts(rows, left=SIDEBAR_WIDTH)
    for name in ("error", "info", "claim"):
        colour = bytes.fromhex(HIGHLIGHT[name].removeprefix("#"))
        # A claim a few characters long fills some hundreds of pixels at this size.
        assert counts[colour] > 150, f"{name} highlight {HIGHLIGHT[name]} not rendered"
    # Text was drawn too: the page is not one flat colour plus highlights.
    assert len(counts) > 50


def dump_dom(page: Path, suffix: str = "") -> str:
    """The page's DOM after its script has run, for the address `page` + `suffix`."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--dump-dom",
                page.as_uri() + suffix,
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
    return done.stdout.decode("utf-8")


def test_script_selects_a_findings_claims_in_every_article(flood_page: Path) -> None:
    # Opening the page at #f1 selects the first finding, as a click on it would.
    dom = dump_dom(flood_page, "#f1")
    page = parse(dom)

    [first, *_] = page.findings
    selected = [m for m in page.marks if "selected" in m["class"].split()]
    assert "selected" in first["class"].split()
    assert sorted(m["id"] for m in selected) == sorted(first["data-claims"].split())
    assert len({m["data-doc"] for m in selected}) == 3  # June 3, Friday, June 6
    assert 'id="shown">(4 of 4)' in dom


def test_script_filters_findings_and_mutes_their_claims(flood_page: Path, flood_json: dict) -> None:
    dom = dump_dom(flood_page, "?kind=contradiction&confidence=0.9")
    page = parse(dom)

    shown = [f["data-rule"] for f in page.findings if "hidden" not in f]
    expected = [
        f["rule"]
        for f in flood_json["findings"]
        if f["kind"] == "contradiction" and f["confidence"] >= 0.9
    ]
    assert shown == expected == ["dates.event-start"]
    assert f'id="shown">(1 of {len(page.findings)})' in dom
    # The claims of hidden findings read as plain claims; those of the shown one do not.
    shown_claims = set(page.findings[0]["data-claims"].split())
    for mark in page.marks:
        if mark["data-findings"]:
            assert ("muted" in mark["class"].split()) == (mark["id"] not in shown_claims)
