"""The command line end to end: `factcheck check`, `extract` and `rules`."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import LOCAL_RULE

from factcheck.cli.main import main
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.loading import load_rules

# Two articles that date the start of the same evacuation differently, and one bystander.
# Beta starts with a BOM and has non-ASCII text before its claim, so code-point offsets,
# BOM removal and columns are all exercised.
ALPHA = """\
---
id: alpha
title: Evacuation under way
published: 2025-06-10
---
Water rose across the valley overnight.
The evacuation began on June 3.
"""
BETA = """\ufeff---
id: beta
published: 2025-06-11
---
Officials in Łódź said the evacuation began on June 6.
"""
BYSTANDER = "Volunteers handed out blankets and soup.\n"

ALPHA_AT = "a.md:7:25"  # "June 3"
BETA_AT = "b.md:5:48"  # "June 6"
FINDING_HEADER = "error[dates.event-start] "
SUMMARY = "1 finding (1 error) in 3 documents."


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return self.stderr.splitlines()


def invoke(*args: str | Path, stdin: str | bytes | None = None) -> Run:
    """Run the CLI in-process; an uncaught exception fails the test instead of being hidden."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)
    run = Run(result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in run.stderr
    return run


def run_module(*args: str | Path, stdin: bytes | None = None, cwd: Path) -> Run:
    """Run `python -m factcheck` as a real process."""
    process = subprocess.run(
        [sys.executable, "-m", "factcheck", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )
    run = Run(process.returncode, process.stdout.decode(), process.stderr.decode())
    assert "Traceback" not in run.stderr
    return run


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    write(folder / "a.md", ALPHA)
    write(folder / "b.md", BETA)
    write(folder / "c.txt", BYSTANDER)
    return folder


def assert_contradiction_reported(stdout: str, folder: Path) -> None:
    assert stdout.startswith(FINDING_HEADER)
    assert f"  --> {folder / ALPHA_AT}\n" in stdout
    assert f"  --> {folder / BETA_AT}\n" in stdout


def full_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8").removeprefix("\ufeff")


# ------------------------------------------------------------------------- check


def test_check_reports_planted_contradiction_in_text(article_dir: Path) -> None:
    run = invoke("check", article_dir)

    assert run.exit_code == 1
    assert run.stderr == ""
    assert_contradiction_reported(run.stdout, article_dir)
    assert "'June 3'" in run.stdout and "'June 6'" in run.stdout
    assert run.stdout.endswith(f"\n{SUMMARY}\n")


def test_real_process_prints_what_the_in_process_run_prints(article_dir: Path) -> None:
    process = run_module("check", article_dir, cwd=article_dir)

    assert process == invoke("check", article_dir)


@pytest.mark.parametrize(
    ("options", "exit_code", "findings"),
    [
        ((), 1, 1),
        (("--fail-on", "never"), 0, 1),
        (("--fail-on", "warning"), 1, 1),
        (("--min-confidence", "0.99"), 0, 0),
    ],
)
def test_check_exit_status_follows_fail_on_and_min_confidence(
    article_dir: Path, options: tuple[str, ...], exit_code: int, findings: int
) -> None:
    run = invoke("check", article_dir, "--format", "json", *options)

    assert run.exit_code == exit_code
    assert len(json.loads(run.stdout)["findings"]) == findings


@pytest.mark.parametrize(("fail_on", "exit_code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_warning_fails_only_from_fail_on_warning(
    article_dir: Path, tmp_path: Path, fail_on: str, exit_code: int
) -> None:
    warning = write(tmp_path / "w.yaml", LOCAL_RULE.replace("severity: error", "severity: warning"))
    lexicon = bundled_rules_dir() / "lexicon.yaml"

    run = invoke(
        "check", article_dir, "--no-bundled-rules", "--rules", lexicon, "--rules", warning,
        "--fail-on", fail_on,
    )  # fmt: skip

    assert run.stdout.startswith("warning[local.start] ")
    assert run.stdout.endswith("\n1 finding (1 warning) in 3 documents.\n")
    assert run.exit_code == exit_code


def test_min_confidence_drops_finding_from_text_summary(article_dir: Path) -> None:
    run = invoke("check", article_dir, "--min-confidence", "0.99")

    assert run.exit_code == 0
    assert "error[" not in run.stdout
    assert run.stdout.endswith("\n0 findings in 3 documents.\n")


def test_check_json_report(article_dir: Path) -> None:
    run = invoke("check", article_dir, "--format", "json")
    report = json.loads(run.stdout)

    assert run.exit_code == 1
    assert report["version"] == "1"
    assert report["problems"] == []
    documents = {d["id"]: d for d in report["documents"]}
    assert set(documents) == {"alpha", "beta", "c"}
    assert documents["alpha"]["path"] == str(article_dir / "a.md")
    assert (documents["alpha"]["published"], documents["alpha"]["published_from"]) == (
        "2025-06-10",
        "metadata",
    )
    assert (documents["beta"]["published"], documents["beta"]["published_from"]) == (
        "2025-06-11",
        "metadata",
    )
    assert documents["c"]["published_from"] == "inferred"
    [finding] = report["findings"]
    assert (finding["rule"], finding["kind"], finding["severity"]) == (
        "dates.event-start",
        "contradiction",
        "error",
    )
    assert 0 < finding["confidence"] <= 1
    claims = {c["doc"]: c for c in finding["claims"]}
    assert {d: (c["text"], c["line"], c["column"]) for d, c in claims.items()} == {
        "alpha": ("June 3", 7, 25),
        "beta": ("June 6", 5, 48),
    }
    assert claims["alpha"]["value"]["timex"] == "2025-06-03"
    assert claims["beta"]["value"]["start"] == "2025-06-06"


def test_check_json_offsets_index_the_file_text(article_dir: Path) -> None:
    report = json.loads(invoke("check", article_dir, "--format", "json").stdout)
    paths = {d["id"]: Path(d["path"]) for d in report["documents"]}

    claims = [c for f in report["findings"] for c in f["claims"]]
    assert claims
    for claim in claims:
        assert set(claim) >= {"doc", "start", "end", "text", "line", "column", "value"}
        text = full_text(paths[claim["doc"]])
        assert text[claim["start"] : claim["end"]] == claim["text"]
        line_start = text.rfind("\n", 0, claim["start"]) + 1
        assert claim["line"] == text.count("\n", 0, claim["start"]) + 1
        assert claim["column"] == claim["start"] - line_start + 1


def test_added_rule_file_runs_beside_bundled_rules(article_dir: Path, tmp_path: Path) -> None:
    rules = write(tmp_path / "local.yaml", LOCAL_RULE)

    run = invoke("check", article_dir, "--rules", rules, "--format", "json")

    rules_found = sorted(f["rule"] for f in json.loads(run.stdout)["findings"])
    assert rules_found == ["dates.event-start", "local.start"]
    local = next(f for f in json.loads(run.stdout)["findings"] if f["rule"] == "local.start")
    assert local["message"] in ("beta says 'June 6'", "alpha says 'June 3'")


def test_check_reads_article_from_stdin() -> None:
    article = "---\npublished: 2025-06-10\n---\nMore than 2,000 people fled on Monday.\n"

    run = invoke("check", "-", "--format", "json", stdin=article.encode())

    [document] = json.loads(run.stdout)["documents"]
    assert run.exit_code == 0
    assert (document["id"], document["path"], document["claims"]) == ("stdin", "-", 2)
    assert (document["published"], document["published_from"]) == ("2025-06-10", "metadata")


def test_stdin_article_joins_a_directory_set(article_dir: Path) -> None:
    article = "The evacuation began on June 9.\n"

    run = invoke("check", article_dir, "-", "--format", "json", stdin=article.encode())

    findings = json.loads(run.stdout)["findings"]
    docs = {c["doc"] for f in findings for c in f["claims"]}
    assert docs == {"alpha", "beta", "stdin"}


def test_stdin_offsets_count_carriage_returns(article_dir: Path) -> None:
    article = "Intro line.\r\nThe evacuation began on June 9, officials said.\r\n"

    run = invoke("check", article_dir, "-", "--format", "json", stdin=article.encode())

    claims = [c for f in json.loads(run.stdout)["findings"] for c in f["claims"]]
    [claim] = [c for c in claims if c["doc"] == "stdin"]
    assert (claim["start"], claim["line"], claim["column"]) == (37, 2, 25)
    assert article[claim["start"] : claim["end"]] == "June 9"


# ------------------------------------------------------------------------- bad input

BAD_FRONT_MATTER = "---\ntitle: x\n  oops: : y\n---\nbody\n"


@pytest.mark.parametrize(
    ("name", "content", "where_and_message", "documents"),
    [
        ("binary.txt", b"abc\0def\n", ": binary file, not text", 3),
        ("latin1.txt", b"ok line\nbad \xff byte\n", ":2:5: invalid UTF-8 at byte 12", 3),
        (
            "front.md",
            BAD_FRONT_MATTER,
            ":3:7: malformed front matter: mapping values are not allowed here",
            3,
        ),
        ("unclosed.md", "---\ntitle: x\n", ":1:1: front matter is not closed", 3),
        # A bad date is reported, but the article itself is still checked.
        ("date.md", "---\npublished: 2025-13-01\n---\nx\n", ":2:12: published '2025-13-01'", 4),
    ],
    ids=["binary", "invalid-utf8", "malformed-yaml", "unclosed-front-matter", "bad-date"],
)
def test_bad_file_in_directory_is_one_line_and_the_rest_is_checked(
    article_dir: Path, name: str, content: str | bytes, where_and_message: str, documents: int
) -> None:
    bad = write(article_dir / name, content)

    run = invoke("check", article_dir)

    [line] = run.stderr_lines
    assert line.startswith(f"factcheck: {bad}{where_and_message}")
    assert run.exit_code == 2
    assert_contradiction_reported(run.stdout, article_dir)
    assert run.stdout.endswith(f"1 finding (1 error) in {documents} documents; 1 input problem.\n")


def test_missing_path_is_reported_and_the_rest_is_checked(article_dir: Path) -> None:
    missing = article_dir / "nope.txt"

    run = invoke("check", article_dir, missing)

    assert run.stderr_lines == [f"factcheck: {missing}: no such file or directory"]
    assert run.exit_code == 2
    assert_contradiction_reported(run.stdout, article_dir)


def test_bad_jsonl_line_is_reported_and_good_lines_are_checked(
    article_dir: Path, tmp_path: Path
) -> None:
    good = {"id": "wire", "text": "The evacuation began on June 9.", "published": "2025-06-10"}
    jsonl = write(tmp_path / "set.jsonl", json.dumps(good) + "\nnot json\n")

    run = invoke("check", article_dir, jsonl, "--format", "json")

    assert run.stderr_lines == [f"factcheck: {jsonl}:2:1: invalid JSON: Expecting value"]
    assert run.exit_code == 2
    report = json.loads(run.stdout)
    assert report["problems"] == [f"{jsonl}:2:1: invalid JSON: Expecting value"]
    assert {c["doc"] for f in report["findings"] for c in f["claims"]} == {
        "alpha",
        "beta",
        "wire",
    }


def test_jsonl_line_missing_both_keys_message_is_grammatical(tmp_path: Path) -> None:
    jsonl = write(tmp_path / "set.jsonl", '{"title": "x"}\n')

    run = invoke("check", jsonl)

    assert run.stderr_lines == [f"factcheck: {jsonl}:1: 'id' and 'text' must be strings"]


EXIT_PROBE = """
import atexit, sys, threading, time
from pathlib import Path
from factcheck.cli.process import run
out = Path(sys.argv[1])
atexit.register(lambda: (out / "exit handler").write_text("ran"))
if sys.argv[2] == "thread":
    threading.Thread(target=lambda: (time.sleep(0.3), (out / "thread").write_text("ran"))).start()
sys.argv = ["factcheck", "--version"]
run()
"""


@pytest.mark.parametrize("company", ["alone", "thread"])
def test_a_finished_command_ends_its_process_at_once_unless_a_thread_runs(
    tmp_path: Path, company: str
) -> None:
    """Once a command is done and its output flushed, the process ends without the usual
    clean-up, which frees a large set's objects one by one: no exit handler runs. Where a
    thread is still running, the process ends as usual, waiting for it."""
    done = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, str(tmp_path), company],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("factcheck, version ")
    ran = sorted(p.name for p in tmp_path.iterdir())
    assert ran == ([] if company == "alone" else ["exit handler", "thread"])


def test_bad_stdin_in_a_real_process_is_one_line_without_traceback(tmp_path: Path) -> None:
    run = run_module("check", "-", stdin=b"abc \xff\n", cwd=tmp_path)

    assert run.stderr_lines == ["factcheck: -:1:5: invalid UTF-8 at byte 4"]
    assert run.exit_code == 2
    assert run.stdout == "0 findings in 0 documents; 1 input problem.\n"


# ------------------------------------------------------------------------- rule files


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("kind: agreement", "kind: agreement: x", ":3:20", ": invalid YAML: mapping values"),
        (
            "severity:",
            "severty:",
            ":7:5 (rules[0].severty)",
            ": unknown key 'severty'; did you mean 'severity'?",
        ),
        (
            "kind: agreement",
            "kind: agrement",
            ":3:11 (rules[0].kind)",
            ": unknown rule kind 'agrement'",
        ),
        ("{doc} says", "{foo} says", ":8:14 (rules[0].message)", ": "),
    ],
    ids=["yaml-syntax", "unknown-key", "wrong-value", "unknown-placeholder"],
)
def test_bad_rule_file_stops_before_checking(
    article_dir: Path, tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    assert old in LOCAL_RULE
    bad = write(tmp_path / "BAD.yaml", LOCAL_RULE.replace(old, new))

    run = invoke("check", article_dir, "--rules", bad)

    [line] = run.stderr_lines
    assert line.startswith(f"factcheck: {bad}{where}{message}")
    assert run.exit_code == 2
    assert run.stdout == ""


def test_unknown_placeholder_names_it_and_the_allowed_ones(tmp_path: Path) -> None:
    bad = write(tmp_path / "BAD.yaml", LOCAL_RULE.replace("{doc} says", "{foo} says"))

    run = invoke("rules", "validate", bad)

    assert run.exit_code == 2
    [line] = run.stderr_lines
    assert "unknown placeholder {foo}; expected one of count, doc, entity, event, line," in line


def test_every_error_of_a_rule_file_is_printed(tmp_path: Path) -> None:
    text = LOCAL_RULE.replace("severity:", "severty:").replace("[event, topic]", "[]")
    bad = write(tmp_path / "BAD.yaml", text)

    run = invoke("rules", "validate", bad)

    assert run.exit_code == 2
    assert [line.split(": ", 2)[1] for line in run.stderr_lines] == [
        f"{bad}:6:15 (rules[0].group_by)",
        f"{bad}:7:5 (rules[0].severty)",
    ]


def test_dates_without_an_interval_are_compared_without_a_crash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The evacuation of the valley began now.\n")
    (tmp_path / "b.txt").write_text("The evacuation of the valley began recently.\n")
    run = invoke("check", tmp_path)
    assert run.exit_code == 0
    assert "0 findings in 2 documents." in run.stdout


def test_no_bundled_rules_without_rules_is_a_usage_error(article_dir: Path) -> None:
    run = invoke("check", article_dir, "--no-bundled-rules")
    assert run.exit_code == 2
    assert "--no-bundled-rules leaves no rules" in run.stderr
    assert run.stdout == ""


def test_rules_validate_bundled_pack() -> None:
    bundled = load_rules()

    run = invoke("rules", "validate")

    assert run.exit_code == 0
    assert run.stdout == f"{len(bundled.rules)} rules in {len(bundled.files)} files: all valid\n"


def test_rules_validate_good_file(tmp_path: Path) -> None:
    run = invoke("rules", "validate", write(tmp_path / "local.yaml", LOCAL_RULE))

    assert (run.exit_code, run.stdout) == (0, "1 rules in 1 files: all valid\n")


def test_rules_schema_is_json_with_rules_property() -> None:
    run = invoke("rules", "schema")

    schema = json.loads(run.stdout)
    assert run.exit_code == 0
    assert "rules" in schema["properties"]
    assert schema["properties"]["rules"]["type"] == "array"


def test_positional_placeholder_is_rejected_when_rules_load(
    article_dir: Path, tmp_path: Path
) -> None:
    bad = write(tmp_path / "BAD.yaml", LOCAL_RULE.replace("{doc} says", "{} says"))

    run = invoke("check", article_dir, "--rules", bad)

    assert run.exit_code == 2
    [line] = run.stderr_lines
    assert line.startswith(f"factcheck: {bad}:8:14 (rules[0].message): ")


# ------------------------------------------------------------------------- extract


def extract(records: list[dict] | str, *options: str) -> tuple[int, list[dict]]:
    """Exit status and the parsed output lines of `factcheck extract` on JSONL input."""
    if not isinstance(records, str):
        records = "".join(json.dumps(r) + "\n" for r in records)
    run = invoke("extract", *options, stdin=records.encode())
    return run.exit_code, [json.loads(line) for line in run.stdout.splitlines()]


def claim_with_text(line: dict, text: str) -> dict:
    matches = [c for c in line["claims"] if c["text"] == text]
    assert len(matches) == 1, (text, [c["text"] for c in line["claims"]])
    return matches[0]


REF = "2016-03-14"
RECORDS = [
    {"id": "range", "text": "Officials said 3,000 to 6,000 people fled.", "ref_time": REF},
    {"id": "more", "text": "More than 50 people were killed.", "ref_time": REF},
    {"id": "about", "text": "About 70 people were injured.", "ref_time": None},
    {"id": "million", "text": "A population of 23 million.", "ref_time": REF},
    {"id": "days", "text": "From Tuesday, the troops will leave.", "ref_time": f"{REF}T10:00:00"},
    {"id": "year", "text": "The strikes started last year.", "ref_time": REF},
    {"id": "none", "text": "No figures here at all.", "ref_time": REF},
]


@pytest.fixture(scope="module")
def extracted() -> list[dict]:
    exit_code, lines = extract(RECORDS)
    assert exit_code == 0
    return lines


def test_extract_one_line_per_record_in_order(extracted: list[dict]) -> None:
    assert [line["id"] for line in extracted] == [r["id"] for r in RECORDS]
    assert extracted[-1]["claims"] == []


def test_extract_claim_text_is_the_record_slice(extracted: list[dict]) -> None:
    for record, line in zip(RECORDS, extracted, strict=True):
        for claim in line["claims"]:
            assert record["text"][claim["start"] : claim["end"]] == claim["text"]


@pytest.mark.parametrize(
    ("record", "text", "expected"),
    [
        ("range", "3,000 to 6,000", {"lo": 3000, "hi": 6000}),
        ("more", "More than 50", {"lo": 50, "lo_inclusive": False, "hi": None}),
        ("about", "About 70", {"lo": 70, "hi": 70, "approximate": True}),
        ("million", "23 million", {"lo": 23_000_000, "hi": 23_000_000}),
        ("days", "Tuesday", {"timex": "2016-03-15", "start": "2016-03-15"}),
        ("year", "last year", {"timex": "2015", "start": "2015-01-01", "end": "2015-12-31"}),
    ],
)
def test_extract_values(extracted: list[dict], record: str, text: str, expected: dict) -> None:
    line = next(line for line in extracted if line["id"] == record)
    value = claim_with_text(line, text)["value"]
    assert {key: value[key] for key in expected} == expected


def test_extract_types_and_units(extracted: list[dict]) -> None:
    first_claims = [line["claims"][0] for line in extracted[:6]]

    assert [c["type"] for c in first_claims] == ["quantity"] * 4 + ["date"] * 2
    assert [c["value"]["unit"] for c in first_claims[:3]] == ["person"] * 3


def test_impossible_date_words_fall_back_to_a_shorter_claim() -> None:
    # "40 May" parses as a day and a month but is no date: the number alone is the claim.
    _, [line] = extract([{"id": "sales", "text": "Sales fell 40 May to June."}])

    assert claim_with_text(line, "40")["value"]["lo"] == 40


def test_extract_bad_line_gives_error_object_and_keeps_alignment() -> None:
    x, y = (json.dumps({"id": i, "text": "5 people"}) for i in "xy")
    exit_code, lines = extract(f"{x}\nnot json\n[1]\n{y}\n")

    assert exit_code == 2
    assert [line["id"] for line in lines] == ["x", None, None, "y"]
    assert lines[1] == {
        "id": None,
        "claims": [],
        "error": "invalid JSON: Expecting value at column 1",
    }
    assert lines[2]["error"] == "expected an object with a string 'text'"


def test_extract_bad_line_is_named_on_stderr() -> None:
    run = invoke("extract", stdin=b'{"id": "x", "text": "5"}\nnot json\n')

    assert run.stderr_lines == ["factcheck: line 2: invalid JSON: Expecting value at column 1"]


def test_extract_reads_a_file_argument(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", "\ufeff" + json.dumps(RECORDS[1]) + "\n")

    run = invoke("extract", source)

    [line] = [json.loads(x) for x in run.stdout.splitlines()]
    assert (run.exit_code, line["id"], line["claims"][0]["text"]) == (0, "more", "More than 50")


def test_extract_stdin_with_bom_is_still_jsonl() -> None:
    _, lines = extract("\ufeff" + json.dumps(RECORDS[1]) + "\n")

    assert [line["id"] for line in lines] == ["more"]


def test_extract_invalid_utf8_is_an_error_line(tmp_path: Path) -> None:
    run = run_module("extract", stdin=b'{"id":"b","text":"\xff5 people"}\n', cwd=tmp_path)

    assert run.exit_code == 2
    assert run.stdout == '{"id": null, "claims": [], "error": "invalid UTF-8 at byte 18"}\n'
    assert run.stderr_lines == ["factcheck: line 1: invalid UTF-8 at byte 18"]
