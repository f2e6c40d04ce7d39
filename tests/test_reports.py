"""The report formats on real article sets: compiler-style text, JSON, JSON Lines, SARIF."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin
from urllib.request import url2pathname

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, shared_path

from factcheck.cli.main import _use_color, main
from factcheck.load.articles import load_article_set
from factcheck.pipeline import Checker
from factcheck.reports import Results, sarif, text
from factcheck.reports import json as json_report

FLOOD = ROOT / "fixtures" / "flood"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HEADER = re.compile(
    r"^(error|warning|info)\[[a-z][a-z0-9_.-]*\] .+ \(confidence [01]\.\d\d\)$", re.MULTILINE
)
ARROW = re.compile(r"^  --> (?P<path>.+):(?P<line>\d+):(?P<column>\d+)$", re.MULTILINE)


def run(*args: str | Path, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def file_text(path: str | Path) -> str:
    return Path(path).read_bytes().decode("utf-8").removeprefix("\ufeff")


@pytest.fixture(scope="module")
def flood_json() -> dict:
    return json.loads(run("check", FLOOD, "--format", "json")[1])


@pytest.fixture
def mixed_set(tmp_path: Path) -> Path:
    """A folder with what trips reporters up: a BOM, CRLF line ends, a tab before a claim,
    non-ASCII text; and beside it (named on the command line, as a folder does not take
    them in) a .jsonl set, whose records are not files of their own."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "tabs.md").write_bytes(
        "\ufeff---\nid: tabs\npublished: 2025-06-10\n---\r\n"
        "Officials in Łódź said:\tthe evacuation began on June 3.\r\n".encode()
    )
    wire = {"id": "wire", "text": "The evacuation began on June 6.", "published": "2025-06-10"}
    (folder / "set.jsonl").write_text(json.dumps(wire) + "\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------------- text


def test_text_quotes_every_claim_at_its_place_with_its_line_underlined(flood_json) -> None:
    exit_code, out, err = run("check", FLOOD)

    assert (exit_code, err) == (1, "")
    headers = HEADER.findall(out)
    assert len(headers) == len(flood_json["findings"])
    claims = [c for f in flood_json["findings"] for c in f["claims"]]
    arrows = list(ARROW.finditer(out))
    assert len(arrows) == len(claims)
    lines = out.splitlines()
    for claim, arrow in zip(claims, arrows, strict=True):
        assert (int(arrow["line"]), int(arrow["column"])) == (claim["line"], claim["column"])
        source_line = file_text(arrow["path"]).splitlines()[claim["line"] - 1]
        assert source_line[claim["column"] - 1 :].startswith(claim["text"])
        # Three lines below the arrow: "N | text", then the carets under the claim.
        at = out[: arrow.start()].count("\n")
        quoted, carets = lines[at + 2], lines[at + 3]
        start = carets.index("^")
        assert quoted[start : start + len(claim["text"])] == claim["text"]
        assert carets[start:] == "^" * len(claim["text"])
    assert out.endswith("\n4 findings (2 errors, 2 infos) in 4 documents.\n")


def test_text_notes_an_inferred_reference_date() -> None:
    out = run("check", FLOOD)[1]

    assert "note: northern-courier: reference date 2025-06-10 inferred" in out


def test_text_keeps_tabs_under_tabs_and_names_jsonl_records(mixed_set: Path) -> None:
    out = run("check", mixed_set, mixed_set / "set.jsonl", "--fail-on", "never")[1]

    tabs = out.split(f"  --> {mixed_set / 'tabs.md'}:5:", 1)[1].splitlines()
    quoted, carets = tabs[2], tabs[3]
    assert "\r" not in quoted  # a CRLF file's line end is not printed
    assert quoted.index("\t") == carets.index("\t")
    assert quoted.expandtabs()[carets.expandtabs().index("^") :].startswith("June 3")
    # A record's line and column count from the start of its own text, so say which record.
    assert f"  --> {mixed_set / 'set.jsonl'}[wire]:1:25\n" in out


def test_colour_only_when_asked_or_on_a_terminal(monkeypatch) -> None:
    plain = run("check", FLOOD)[1]
    coloured = run("check", FLOOD, "--color", "always")[1]

    assert not ANSI.search(plain)
    assert "\x1b[31m\x1b[1merror[dates.event-start]" in coloured
    assert ANSI.sub("", coloured) == plain  # colour adds escapes, nothing else

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _use_color("auto", Terminal()) is True
    assert _use_color("auto", io.StringIO()) is False
    assert _use_color("never", Terminal()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_color("auto", Terminal()) is False
    assert _use_color("always", io.StringIO()) is True


def test_text_shows_a_rules_help_link(tmp_path: Path) -> None:
    rules = tmp_path / "linked.yaml"
    rules.write_text(
        "rules:\n  - id: local.start\n    kind: agreement\n"
        "    description: Dates of the start of an event.\n"
        "    select: {type: date, event: [start], topic: any}\n"
        "    group_by: [event, topic]\n    severity: error\n"
        "    message: \"{doc} says '{text}'\"\n"
        "    link: https://example.org/rules/local-start\n",
        encoding="utf-8",
    )

    out = run("check", FLOOD, "--rules", rules, "--select", "local")[1]

    assert out.startswith("error[local.start] ")
    assert "   = help: https://example.org/rules/local-start\n" in out


# ---------------------------------------------------------------------- JSON


def test_json_keeps_the_interface_contract(flood_json: dict) -> None:
    assert flood_json["version"] == "1"
    for document in flood_json["documents"]:
        assert set(document) >= {"id", "path", "source", "published", "published_from"}
    for finding in flood_json["findings"]:
        assert set(finding) >= {"rule", "kind", "severity", "confidence", "message", "claims"}
        assert re.fullmatch(r"[0-9a-f]{64}", finding["fingerprint"])
        for claim in finding["claims"]:
            path = next(d["path"] for d in flood_json["documents"] if d["id"] == claim["doc"])
            assert file_text(path)[claim["start"] : claim["end"]] == claim["text"]
    assert flood_json["summary"] == {
        "findings": 4,
        "error": 2,
        "warning": 0,
        "info": 2,
        "suppressed": 0,
        "documents": 4,
        "problems": 0,
    }


def test_json_lines_stream_the_same_objects_one_a_line(flood_json: dict) -> None:
    exit_code, out, _ = run("check", FLOOD, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]

    assert exit_code == 1
    assert records[0] == {
        "type": "header",
        "version": "1",
        "tool": flood_json["tool"],
        "baseline": None,
    }
    assert records[-1] == {"type": "summary", **flood_json["summary"]}
    by_type: dict[str, list[dict]] = {}
    for record in records[1:-1]:
        by_type.setdefault(record.pop("type"), []).append(record)
    assert by_type == {
        "document": flood_json["documents"],
        "finding": flood_json["findings"],
    }


def test_json_puts_a_field_on_a_line_and_each_listed_item_on_its_own(flood_json) -> None:
    out = run("check", FLOOD, "--format", "json")[1]
    lines = out.splitlines()
    items = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    ")]

    assert items == flood_json["documents"] + flood_json["findings"]
    fields = [line.split(":")[0].strip() for line in lines if re.match(r'  "', line)]
    assert fields == [json.dumps(name) for name in flood_json]
    assert lines[0] == "{" and lines[-1] == "}"


def test_json_writes_a_quoted_claim_once_and_the_same_bytes_as_the_encoder() -> None:
    """Each claim is written once and spliced into every finding that quotes it: the
    lines are what the encoder writes of each whole finding, and of each claim."""
    article_set = load_article_set([ROOT / "fixtures" / "coverage"])
    report = Checker().check(list(article_set.documents))
    quoted = [id(c) for f in report.findings for c in f.claims]
    assert len(quoted) > len(set(quoted))  # some claim is quoted by two findings
    results = Results(report, show_claims=True)
    lines = json_report.render(results).splitlines()
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    for finding in report.findings:
        assert f"    {encode(json_report.finding_json(finding))}" in {
            line.rstrip(",") for line in lines
        }
    claims = [c for d in report.documents for c in d.claims]
    at = lines.index('  "claims": [')
    assert [line.strip().rstrip(",") for line in lines[at + 1 : at + 1 + len(claims)]] == [
        encode(json_report.claim_json(c)) for c in claims
    ]


def test_json_lines_carry_input_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\n")

    exit_code, out, _ = run("check", FLOOD, bad, "--format", "jsonl")
    problems = [json.loads(line) for line in out.splitlines() if '"problem"' in line]

    assert exit_code == 2
    assert problems == [{"type": "problem", "message": f"{bad}:2:1: invalid UTF-8 at byte 3"}]


# ---------------------------------------------------------------------- SARIF


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    path = shared_path("bench", "schemas", "sarif-schema-2.1.0.json")
    return json.loads(path.read_text(encoding="utf-8"))


def assert_valid_sarif(log: dict, schema: dict) -> None:
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def artifact_path(run_: dict, location: dict) -> Path:
    base = (
        run_["originalUriBaseIds"][location["uriBaseId"]]["uri"] if "uriBaseId" in location else ""
    )
    url = urljoin(base, location["uri"])
    assert url.startswith("file://")
    return Path(url2pathname(unquote(url.removeprefix("file://"))))


def test_sarif_is_valid_and_lists_every_rule(sarif_schema: dict, flood_json: dict) -> None:
    exit_code, out, _ = run("check", FLOOD, "--format", "sarif")
    log = json.loads(out)

    assert exit_code == 1
    assert_valid_sarif(log, sarif_schema)
    [run_] = log["runs"]
    assert log["version"] == "2.1.0"
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in Checker().rule_set.rules]
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run_["results"]
    assert [r["ruleId"] for r in results] == [f["rule"] for f in flood_json["findings"]]
    for result, finding in zip(results, flood_json["findings"], strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["fingerprints"] == {"factcheck/v1": finding["fingerprint"]}
        assert result["level"] == {"error": "error", "info": "note"}[finding["severity"]]
        assert len(result["relatedLocations"]) == len(finding["claims"]) - 1


def test_sarif_regions_point_at_the_claims(flood_json: dict) -> None:
    log = json.loads(run("check", FLOOD, "--format", "sarif")[1])
    [run_] = log["runs"]

    for result, finding in zip(run_["results"], flood_json["findings"], strict=True):
        locations = result["locations"] + result["relatedLocations"]
        assert [loc["physicalLocation"]["region"]["snippet"]["text"] for loc in locations] == [
            c["text"] for c in finding["claims"]
        ]
        for location in locations:
            physical = location["physicalLocation"]
            text = file_text(artifact_path(run_, physical["artifactLocation"]))
            region = physical["region"]
            start, length = region["charOffset"], region["charLength"]
            assert text[start : start + length] == region["snippet"]["text"]
            line = text.splitlines()[region["startLine"] - 1]
            # endColumn is exclusive: the column just after the claim.
            assert (
                line[region["startColumn"] - 1 : region["endColumn"] - 1]
                == region["snippet"]["text"]
            )
            index = physical["artifactLocation"]["index"]
            assert (
                run_["artifacts"][index]["location"]["uri"] == physical["artifactLocation"]["uri"]
            )


def test_sarif_of_jsonl_records_stdin_and_problems_is_valid(
    sarif_schema: dict, mixed_set: Path, tmp_path: Path
) -> None:
    bad = mixed_set / "bad.md"
    bad.write_text("---\npublished: 2025-13-01\n---\nx\n", encoding="utf-8")
    article = b"The evacuation began on June 9.\n"

    exit_code, out, _ = run(
        "check", mixed_set, mixed_set / "set.jsonl", "-", "--format", "sarif", stdin=article
    )
    log = json.loads(out)

    assert exit_code == 2
    assert_valid_sarif(log, sarif_schema)
    [run_] = log["runs"]
    [invocation] = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    [problem] = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert problem["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    artifacts = run_["artifacts"]
    record = next(
        a for a in artifacts if a.get("description", {}).get("text", "").startswith("record")
    )
    parent = artifacts[record["parentIndex"]]
    assert parent["location"]["uri"].endswith("set.jsonl")
    assert record["contents"]["text"] == "The evacuation began on June 6."
    stdin = next(
        a for a in artifacts if "standard input" in a.get("description", {}).get("text", "")
    )
    assert stdin["contents"]["text"] == article.decode()
    # Every region of a record or of stdin indexes the text embedded in its artifact.
    for result in run_["results"]:
        for location in result["locations"] + result["relatedLocations"]:
            physical = location["physicalLocation"]
            artifact = artifacts[physical["artifactLocation"]["index"]]
            if "contents" in artifact:
                region = physical["region"]
                start = region["charOffset"]
                embedded = artifact["contents"]["text"][start : start + region["charLength"]]
                assert embedded == region["snippet"]["text"]


def test_sarif_without_rules_still_resolves_every_rule_index(sarif_schema: dict) -> None:
    article_set = load_article_set([str(FLOOD)])
    report = Checker().check(list(article_set.documents))

    log = sarif.sarif_log(Results(report))

    assert_valid_sarif(log, sarif_schema)
    [run_] = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert {rules[r["ruleIndex"]]["id"] for r in run_["results"]} == {
        f.rule for f in report.findings
    }


def test_text_module_renders_without_rules_too() -> None:
    article_set = load_article_set([str(FLOOD)])
    report = Checker().check(list(article_set.documents))

    assert text.render(Results(report)) == run("check", FLOOD)[1]


def test_copied_set_keeps_relative_paths_relative(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(FLOOD, tmp_path / "flood")
    monkeypatch.chdir(tmp_path)

    log = json.loads(run("check", "flood", "--format", "sarif")[1])

    [run_] = log["runs"]
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.as_uri() + "/"
    assert {a["location"]["uri"] for a in run_["artifacts"]} == {
        f"flood/{p.name}" for p in FLOOD.iterdir()
    }
