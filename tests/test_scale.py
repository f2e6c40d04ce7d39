"""Large sets: one failing article never ends a run, and --jobs never changes the output."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import multiprocessing
import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import FrozenInstanceError, dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BROKEN_ID, ROOT, gva_articles

import factcheck.cli.main
import factcheck.collector
import factcheck.forked
import factcheck.pipeline
from factcheck.claim_rows import claims_of, rows_of
from factcheck.cli.main import main
from factcheck.evaluate.sources import find_sources
from factcheck.load.articles import load_article_set
from factcheck.model import Claim, Context, Document, Quantity, Span, _set_by_slots, changed
from factcheck.pipeline import Checker

FLOOD = ROOT / "fixtures" / "flood"


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_article_is_a_problem_and_the_rest_is_checked(broken_reader, checker, jobs):
    documents = list(load_article_set([FLOOD]).documents)
    report = checker.check(documents, jobs=jobs)
    (problem,) = report.problems
    assert problem.internal
    assert problem.path.endswith("northern-courier.md")
    assert f"'{BROKEN_ID}'" in problem.message and "ValueError: injected failure" in problem.message
    assert [r.document.id for r in report.documents] == [
        d.id for d in documents if d.id != BROKEN_ID
    ]
    rules = {f.rule for f in report.findings}
    assert {"dates.event-start", "counts.casualties"} <= rules  # the other planted findings
    assert all(c.doc != BROKEN_ID for f in report.findings for c in f.claims)


def test_the_command_reports_a_failing_article_with_exit_status_3(broken_reader):
    status, stdout, stderr = invoke("check", FLOOD, "--format", "json", "--jobs", "2")
    assert status == 3
    (line,) = stderr.splitlines()
    assert "northern-courier.md: internal error" in line and "injected failure" in line
    report = json.loads(stdout)
    assert BROKEN_ID not in {d["id"] for d in report["documents"]}
    assert report["summary"]["problems"] == 1
    assert {f["rule"] for f in report["findings"]} >= {"dates.event-start", "counts.casualties"}


def test_a_failure_while_resolving_a_claim_names_its_line(monkeypatch, checker):
    real = factcheck.pipeline.normalise.to_claim

    def to_claim(doc, where, start, end, text, *rest):
        if text == "June 12":
            raise RuntimeError("resolution failed")
        return real(doc, where, start, end, text, *rest)

    monkeypatch.setattr(factcheck.pipeline.normalise, "to_claim", to_claim)
    documents = list(load_article_set([str(FLOOD / "valley-herald.md")]).documents)
    (problem,) = checker.check(documents).problems
    text = documents[0].text
    line = text[: text.index("June 12")].count("\n") + 1
    assert (problem.line, problem.internal) == (line, True)
    assert "RuntimeError: resolution failed" in problem.message


def test_extract_reports_a_failing_record_and_reads_the_others(broken_reader, tmp_path):
    records = tmp_path / "records.jsonl"
    lines = [
        {"id": "plain", "text": "The flood killed 14 people.", "ref_time": "2025-06-10"},
        {"id": "broken", "text": "OAKHOLLOW, June 10 - Some 60 boats."},
        {"id": "after", "text": "About 3,200 were evacuated."},
    ]
    records.write_text("".join(json.dumps(r) + "\n" for r in lines))
    status, stdout, stderr = invoke("extract", records, "--jobs", "2")
    assert status == 3
    out = [json.loads(line) for line in stdout.splitlines()]
    assert [r["id"] for r in out] == ["plain", "broken", "after"]
    assert out[1]["claims"] == [] and "injected failure" in out[1]["error"]
    assert [c["text"] for c in out[0]["claims"]] == ["14"]
    assert stderr.startswith("factcheck: line 2: internal error")


@pytest.fixture(scope="module")
def news_set(tmp_path_factory) -> Path:
    """Real local coverage of gun-violence incidents, as one JSONL set: some articles
    dated by metadata, some left to their text and the set."""
    records = gva_articles(15)
    out = tmp_path_factory.mktemp("news") / "news.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return out


def test_the_report_is_the_same_for_any_number_of_jobs(news_set):
    runs = [invoke("check", news_set, "--format", "json", "--jobs", n) for n in (1, 2, 3)]
    assert len({stdout for _, stdout, _ in runs}) == 1
    report = json.loads(runs[0][1])
    assert len(report["documents"]) > 50 and report["findings"]


def test_extract_prints_the_same_for_any_number_of_jobs(news_set, tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(
        "".join(
            json.dumps({"id": r["id"], "text": r["text"], "ref_time": r["published"]}) + "\n"
            for r in map(json.loads, news_set.read_text().splitlines())
        )
    )
    one, two = (invoke("extract", records, "--jobs", n) for n in (1, 2))
    assert one == two and one[0] == 0
    assert sum(len(json.loads(line)["claims"]) for line in one[1].splitlines()) > 500


def test_archive_add_files_each_record_under_its_story(news_set, tmp_path):
    runs = []
    for jobs in (1, 2):
        path = tmp_path / f"archive-{jobs}.sqlite"
        status, stdout, _ = invoke("archive", "add", "--archive", path, "--jobs", jobs, news_set)
        assert status == 0, stdout
        with sqlite3.connect(path) as db:
            runs.append(
                db.execute(
                    "SELECT d.id, d.story, COUNT(c.doc) FROM documents d "
                    "LEFT JOIN claims c ON c.doc = d.doc GROUP BY d.doc ORDER BY d.id"
                ).fetchall()
            )
    assert runs[0] == runs[1]
    expected = {r["id"]: r["story"] for r in map(json.loads, news_set.read_text().splitlines())}
    assert {doc: story for doc, story, _ in runs[0]} == expected


def test_a_story_option_files_records_without_their_own(tmp_path):
    path = tmp_path / "archive.sqlite"
    status, _, _ = invoke("archive", "add", "--archive", path, "--story", "vell", FLOOD)
    assert status == 0
    with sqlite3.connect(path) as db:
        assert {s for (s,) in db.execute("SELECT story FROM documents")} == {"vell"}


def test_jobs_from_the_settings_file(tmp_path, monkeypatch):
    (tmp_path / "factcheck.toml").write_text("jobs = 0\n")
    monkeypatch.chdir(tmp_path)
    status, _, stderr = invoke("check", FLOOD)
    assert status == 2 and "jobs: expected a whole number of at least 1, not 0" in stderr
    (tmp_path / "factcheck.toml").write_text("jobs = 2\n")
    assert invoke("check", FLOOD)[0] == 1


def test_one_checker_reads_a_set_alike_in_one_process_or_several():
    checker = Checker()
    documents = list(load_article_set([FLOOD]).documents)
    assert checker.check(documents, jobs=1) == checker.check(documents, jobs=2)


def test_the_cached_grammar_is_the_grammar_lark_builds(tmp_path, monkeypatch):
    """The pickled parse table reads as Lark's own: the same states and actions (up to
    their numbering, which differs from build to build), terminals and reader callbacks,
    whether built, loaded from the cache, or with no cache at all."""

    from factcheck.extract import grammar

    built = grammar.claim_parser()
    table = built.parse_interactive().parser_state.parse_conf
    for cache in (str(tmp_path / "cache"), str(tmp_path / "none")):
        if cache.endswith("none"):
            (tmp_path / "none").write_text("a file where the cache folder would be")
        monkeypatch.setenv("XDG_CACHE_HOME", cache)
        for _ in range(2):  # built and written, then read back (or built twice)
            grammar.claim_grammar.cache_clear()
            found = grammar.claim_grammar()
            assert _same_table(found.parse_conf, table)
            assert [(t.name, t.pattern, t.priority) for t in found.terminals] == [
                (t.name, t.pattern, t.priority) for t in built.terminals
            ]
            assert found.openers == frozenset(built.parse_interactive().choices())
    assert list((tmp_path / "cache" / "factcheck").glob("claims-*.pickle"))
    grammar.claim_grammar.cache_clear()


def _same_table(a, b) -> bool:
    """Two LALR tables alike from their start states on: every state has the same
    terminals and rules, shifts lead to alike states, reductions are by the same rules
    with the same kind of reader callback, and the end states match."""
    from lark.parsers.lalr_analysis import Shift

    def kind(callback) -> str:
        return getattr(callback, "__name__", type(callback).__name__)

    match = {a.start_state: b.start_state}
    todo = [a.start_state]
    while todo:
        mine = todo.pop()
        row_a, row_b = a.states[mine], b.states[match[mine]]
        if row_a.keys() != row_b.keys():
            return False
        for name, (action, target) in row_a.items():
            other_action, other = row_b[name]
            if action is not other_action:
                return False
            if action is Shift:  # a shift, or a goto after a reduction
                if target not in match:
                    match[target] = other
                    todo.append(target)
                elif match[target] != other:
                    return False
            elif target != other or kind(a.callbacks[target]) != kind(b.callbacks[other]):
                return False
    return match.get(a.end_state) == b.end_state


def test_the_cached_scanner_and_units_are_those_built(tmp_path, monkeypatch):
    """The scanner and the unit vocabulary read back from the user's cache are the ones
    built from the grammar and pint's definitions, and tokenize alike."""
    from factcheck.extract import grammar, scanner, units

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    grammar.claim_grammar.cache_clear()  # built here, whichever tests ran before
    built = scanner._build()
    vocabulary = units._vocabulary()
    for _ in range(2):  # built and written, then read back
        units.unit_vocabulary.cache_clear()
        scanner._scanner.cache_clear()
        assert vars(units.unit_vocabulary()) == vars(vocabulary)
        assert scanner._scanner() == built
    names = sorted(p.name.split("-")[0] for p in (tmp_path / "cache" / "factcheck").iterdir())
    assert names == ["claims", "scanner", "units"]
    text = "On June 5, 2025, about 1,200 people fled; winds of 120 mph (193 km/h) hit US$5m."
    assert scanner.tokenize(text) == scanner.tokenize(text)
    units.unit_vocabulary.cache_clear()
    scanner._scanner.cache_clear()


def test_claims_go_between_processes_as_their_fields():
    """Model objects pickle as their class and field values (compact, and read back five
    times faster than a slotted dataclass's default state), and come back equal."""
    import pickle

    report = Checker().check(list(load_article_set([FLOOD]).documents))
    claim = report.documents[0].claims[0]
    for made in (claim, claim.span, claim.context, claim.value):
        assert type(made).__reduce__(made)[0] is type(made)
    back = pickle.loads(pickle.dumps(report))
    assert back == report
    # A context equals a plain tuple of its values: equality alone would not see one lost.
    assert {type(c.context) for r in back.documents for c in r.claims} == {Context}


def test_a_document_s_claims_cross_as_rows_and_come_back_equal():
    """A --jobs worker sends a document's claims as rows of plain values; the receiver
    builds the same claims, each span in the document it names."""
    import pickle

    documents = list(load_article_set([FLOOD]).documents)
    for result in Checker().check(documents).documents:
        sent = pickle.loads(pickle.dumps(rows_of(result.claims)))
        back = claims_of(result.document.id, sent)
        assert back == result.claims
        assert all(type(c.context) is Context for c in back)  # not a tuple that equals one


def test_equal_values_cross_as_rows_and_are_kept_as_one_object():
    """A set's claims share a few thousand quantities, dates, pairs of certainties and
    words: the receiver keeps each once, across documents. Values that are equal but
    print differently stay apart."""
    import pickle

    def claim(at: int, value: Quantity) -> Claim:
        about = Context(noun="".join("people"), counted_in=("person",))  # a new string each time
        return Claim(Span("a", at, at + 1, 1, at + 1), "5", "quantity", value, about,
                     parse_certainty=float("0.95"), anchor_certainty=float("1.0"))  # fmt: skip

    def crossed(claims: list[Claim]) -> tuple[Claim, ...]:
        return claims_of("a", pickle.loads(pickle.dumps(rows_of(claims))))

    five = [claim(at, Quantity(float("5"), float("5"))) for at in range(50)]
    once, twice = crossed(five), crossed(five)
    assert once == tuple(five)
    for part in ("value", "parse_certainty", "anchor_certainty"):
        assert len({id(getattr(c, part)) for c in once + twice}) == 1
    for word in ("noun", "counted_in"):
        assert len({id(getattr(c.context, word)) for c in once + twice}) == 1
    unlike = [claim(0, Quantity(lo, lo)) for lo in (0.0, -0.0, 1, 1.0, True, 0.0)]
    back = crossed(unlike)
    assert [repr(c.value.lo) for c in back] == ["0.0", "-0.0", "1", "1.0", "True", "0.0"]
    assert back[0].value is not back[5].value  # a zero float is never taken for another


def test_readings_waiting_for_their_set_go_between_processes_as_their_fields():
    """An undated article's mentions wait in a worker's answer for the set's date: they
    and every kind of reading pickle as their fields, one field ("ago") too."""
    import pickle

    from factcheck.extract.mentions import find_mentions

    text = (
        "On March 5, 2016, 1,200 people fled for three days; two weeks ago, the 1990s, "
        "every Monday, in 2015, about 5 km away, $4.5 million, in the past three weeks."
    )
    mentions = find_mentions(text)
    kinds = {type(m.reading).__name__ for m in mentions}
    assert kinds == {
        "DateReading", "QuantityReading", "DurationReading", "AgoReading", "PeriodReading",
        "SetReading",
    }  # fmt: skip
    for mention in mentions:
        for made in (mention, mention.reading):
            assert type(made).__reduce__(made)[0] is type(made)
    assert pickle.loads(pickle.dumps(mentions)) == mentions


def test_a_changed_copy_is_the_one_dataclasses_replace_makes():
    """`changed` makes what `dataclasses.replace` makes, and for a context (a named
    tuple) what its `_replace` makes."""
    report = Checker().check(list(load_article_set([FLOOD]).documents))
    result = report.documents[0]
    claim = result.claims[0]
    for obj, changes in [
        (claim, {"text": "five", "anchor_certainty": 0.5}),
        (result, {"claims": ()}),
    ]:
        assert changed(obj, **changes) == replace(obj, **changes) != obj
    changes = {"scope": "background", "scope_reason": "'since 2011'"}
    made = changed(claim.context, **changes)
    assert made == claim.context._replace(**changes) != claim.context
    assert type(made) is Context
    with pytest.raises(KeyError):
        changed(claim, no_such_field=1)


def test_model_objects_are_built_as_their_dataclass_would_build_them():
    """The quick __init__ takes positions, keywords and defaults, makes a default from
    its factory, refuses what the dataclass refuses, and stays frozen."""
    span = Span("a", 10, 14, 2, 5)
    assert (span.doc, span.start, span.end, span.line, span.column) == ("a", 10, 14, 2, 5)
    value = Quantity(lo=5.0, hi=5.0)
    assert (value.lo_inclusive, value.hi_inclusive, value.unit) == (True, True, None)
    first = Claim(span, "five", "quantity", value)
    second = Claim(span=span, text="five", type="quantity", value=value)
    assert first == second and first.context == Context() and first.certainty == 1.0
    assert Claim.__init__.__qualname__ == "Claim.__init__"
    with pytest.raises(TypeError):
        Claim(span, "five")  # no type, no value
    with pytest.raises(TypeError):
        Span("a", 1, 2, 1, 1, doc="b")  # doc given twice
    with pytest.raises(FrozenInstanceError):
        first.text = "six"
    with pytest.raises(TypeError, match="__post_init__"):

        @_set_by_slots
        @dataclass(frozen=True, slots=True)
        class Checked:
            size: int

            def __post_init__(self):
                pass


def test_the_cache_keeps_a_few_pickles_of_each_name(tmp_path, monkeypatch):
    """Each edit of the code a pickle is made with gives a new key: the oldest go."""
    from factcheck import resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "factcheck"
    for number in range(resources.KEPT + 3):
        before = set(folder.glob("*")) if folder.exists() else set()
        assert resources.cached("thing", [str(number)], lambda n=number: n) == number
        for new in set(folder.glob("*")) - before:  # written in this order, whatever the
            os.utime(new, (1_000_000 + number, 1_000_000 + number))  # clock's resolution
    assert resources.cached("other", ["0"], lambda: "other") == "other"
    assert resources.cached("thing", ["0"], lambda: "built again") == "built again"
    assert resources.cached("thing", [str(resources.KEPT + 2)], lambda: "not built") == (
        resources.KEPT + 2
    )
    found = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert found == ["other"] + ["thing"] * resources.KEPT


def test_a_check_collects_garbage_less_often_and_gives_the_thresholds_back(checker) -> None:
    """The collector's thresholds are raised while a set is checked (it would otherwise walk
    every kept claim again and again) and restored after, also when a check fails."""
    before = gc.get_threshold()
    during = []
    documents = load_article_set([FLOOD]).documents
    checker.check(documents, progress=lambda document: during.append(gc.get_threshold()))
    assert set(during) == {factcheck.collector.THRESHOLDS}
    assert gc.get_threshold() == before

    with pytest.raises(TypeError):
        checker.check(None)  # not a list of documents: raises inside the check
    assert gc.get_threshold() == before


def test_the_report_of_a_check_is_written_with_the_thresholds_still_raised(monkeypatch) -> None:
    """The claims live until the report is written: `factcheck check` writes it before
    the collector walks them again, and gives the thresholds back when it exits."""
    before, seen = gc.get_threshold(), []
    real = factcheck.cli.main.write_report

    def write_report(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(factcheck.cli.main, "write_report", write_report)
    status, stdout, _ = invoke("check", FLOOD, "--format", "json")
    assert status == 1 and json.loads(stdout)["findings"]  # the flood set has findings
    assert seen == [factcheck.collector.THRESHOLDS]
    assert gc.get_threshold() == before


def test_with_a_pool_the_sources_are_grouped_in_a_child_process_alike(checker) -> None:
    documents = list(load_article_set([FLOOD]).documents)
    extracted = checker.read_set(documents, jobs=2)
    assert extracted.sources == find_sources([r.document for r in extracted.results])
    assert extracted.sources.reasons  # the flood set has a publisher's two articles
    assert checker.read_set(documents).sources is None  # one process: grouped by `check`


def test_a_grouping_child_that_dies_loses_nothing(checker, monkeypatch) -> None:
    documents = list(load_article_set([FLOOD]).documents)
    expected = checker.check(documents)
    monkeypatch.setattr(factcheck.forked, "_group_sent", lambda connection, theirs: None)
    assert checker.read_set(documents, jobs=2).sources is None  # the child answered nothing
    report = checker.check(documents, jobs=2)  # so `check` grouped them itself
    assert report.sources == expected.sources
    assert report.findings == expected.findings


def test_a_document_that_fails_after_the_pool_read_it_is_grouped_with_none(
    checker, monkeypatch
) -> None:
    """Undated documents get their claims in this process, once the set's date is known:
    one that fails then is left out of the sources the grouping child made of all."""
    documents = [replace(d, published=None) for d in load_article_set([FLOOD]).documents]
    real = factcheck.pipeline.normalise.to_claim

    def to_claim(doc, *rest):
        if doc == BROKEN_ID:
            raise RuntimeError("resolution failed")
        return real(doc, *rest)

    monkeypatch.setattr(factcheck.pipeline.normalise, "to_claim", to_claim)
    report = checker.check(documents, jobs=2)
    (problem,) = report.problems
    assert BROKEN_ID in problem.message and problem.internal
    rest = [d for d in documents if d.id != BROKEN_ID]
    assert report.sources == find_sources(rest)
    assert BROKEN_ID not in report.sources.group


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_undated_article_of_a_dated_set_is_finished_where_it_is_read(
    checker, monkeypatch, jobs
) -> None:
    """The set's metadata give its date before anything is read: an undated article gets
    the date the set would give it once all were read, in the process that reads it."""
    from factcheck.resolve import refdate

    documents = list(load_article_set([FLOOD]).documents)
    (place,) = [i for i, d in enumerate(documents) if d.published is None]
    undated = documents[place]  # northern-courier; the three others are dated
    reading = checker.extract_one(undated, None)
    stated = {undated.id: Checker.stated_dates(reading)}
    expected = checker.finish(reading, refdate.reference_dates(documents, stated)[undated.id])
    late = []
    real = Checker._finish

    def _finish(self, readings, *rest):
        late.extend(readings)
        return real(self, readings, *rest)

    monkeypatch.setattr(Checker, "_finish", _finish)
    result = checker.read_set(documents, jobs=jobs).results[place]
    assert late == []
    assert result.reference == expected.reference
    assert [c.span for c in result.claims] == [c.span for c in expected.claims]


def test_an_interrupted_read_leaves_no_child_process(checker) -> None:
    import multiprocessing

    def interrupt(document) -> None:
        raise KeyboardInterrupt

    documents = list(load_article_set([FLOOD]).documents)
    with pytest.raises(KeyboardInterrupt):
        checker.read_set(documents, progress=interrupt, jobs=2)
    assert multiprocessing.active_children() == []


def test_extracting_with_a_pool_makes_no_fingerprint(checker, monkeypatch) -> None:
    """Only a check groups sources: `extract` and `archive add` need no fingerprints."""

    def fingerprint(document):
        raise AssertionError("a fingerprint nobody groups")

    monkeypatch.setattr(factcheck.pipeline, "fingerprint", fingerprint)
    tasks = [(d, None) for d in load_article_set([FLOOD]).documents]
    outcomes = list(checker.extract_each(tasks, jobs=2))
    assert [o.document.id for o in outcomes] == [d.id for d, _ in tasks]


def test_a_task_in_a_child_process_gives_its_result_or_none_where_it_failed() -> None:
    assert factcheck.forked.in_child(os.getpid)() != os.getpid()
    assert factcheck.forked.in_child(lambda: 1 / 0)() is None


def test_with_a_pool_the_rules_are_shared_with_a_child_and_a_failed_child_loses_nothing(
    checker, monkeypatch
) -> None:
    documents = list(load_article_set([FLOOD]).documents)
    expected = checker.check(documents).findings
    assert checker.check(documents, jobs=2).findings == expected

    def takes_every_rule_and_dies(task):
        task()  # every rule is taken, and its findings are lost
        return lambda: None

    monkeypatch.setattr(factcheck.pipeline, "in_child", takes_every_rule_and_dies)
    assert checker.check(documents, jobs=2).findings == expected  # applied here again


def test_a_length_against_a_start_copied_many_times_is_judged_as_against_every_copy(
    checker, monkeypatch
) -> None:
    """Copies of one start (one value, source and profile) are one entry of the duration
    check: the same findings as comparing the length with every copy, without its cost."""
    from factcheck.evaluate.checks import relation
    from factcheck.evaluate.intervals import disjoint, exact

    class EveryStart:  # the check as it was: each start compared one by one
        def __init__(self, rule, starts, corpus):
            self.rule, self.starts = rule, [(s, v) for s in starts if (v := exact(s))]

        def outside(self, scope, began):
            found = self.starts
            return [
                (s, v)
                for s, v in found
                if relation._scope(self.rule, s) == scope and disjoint(v, began)
            ]

    wire = "The air campaign began on December 14 last year, the ministry said. " * 3
    documents = [
        Document(id=f"copy-{n}", path=f"copy-{n}.txt", text=wire, source=f"Outlet {n % 3}",
                 published=dt.date(2016, 3, 14))
        for n in range(30)
    ] + [
        Document(id="own", path="own.txt", published=dt.date(2016, 3, 14),
                 text="Moscow declared an end to the five-and-a-half-month air campaign."),
    ]  # fmt: skip
    found = checker.check(documents).findings
    assert [f.rule for f in found].count("durations.length-fits-dates") == 1
    monkeypatch.setattr(relation, "_Starts", EveryStart)
    assert checker.check(documents).findings == found


def test_a_pool_s_claims_arrive_with_equal_values_as_one_object(checker) -> None:
    """Equal values read in one process are separate objects; with --jobs they are one,
    whether the main process read them (`kept_alike`) or a child sent them as rows."""
    documents = list(load_article_set([FLOOD]).documents)

    def objects_per_value(jobs: int) -> list[int]:
        found: dict[object, set[int]] = {}
        for result in checker.check(documents, jobs=jobs).documents:
            for claim in result.claims:
                found.setdefault(claim.value, set()).add(id(claim.value))
        return sorted(len(ids) for ids in found.values())

    assert objects_per_value(1)[-1] > 1
    assert objects_per_value(2)[-1] == 1


def _slowly(value: int) -> int:
    time.sleep(0.002)  # long enough for every process to take some chunks
    return value * value


def test_a_shared_map_makes_every_item_in_order_here_and_in_its_children() -> None:
    """This process makes its own chunks; the children's come back through `made_from`."""
    items = list(range(120))
    made_here = lambda item: ("here", os.getpid(), _slowly(item))  # noqa: E731
    made_from = lambda item, sent: ("sent", sent[0], sent[1])  # noqa: E731
    sent = lambda item: (os.getpid(), _slowly(item))  # noqa: E731
    results = list(factcheck.forked.SharedMap(items, 3, 4, made_here, sent, made_from))
    assert [square for _, _, square in results] == [item * item for item in items]
    here = {pid for how, pid, _ in results if how == "here"}
    there = {pid for how, pid, _ in results if how == "sent"}
    assert here == {os.getpid()}
    assert there and os.getpid() not in there  # each child's, where it started in time
    assert multiprocessing.active_children() == []


@contextlib.contextmanager
def _failing_after(seconds: int) -> Iterator[None]:
    """Raises TimeoutError inside the block once `seconds` have passed: a test of waiting
    code fails instead of hanging."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    before = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def test_a_shared_map_makes_here_what_a_dead_child_never_sent() -> None:
    def dies(item: int) -> int:
        os._exit(1)

    items = list(range(40))
    with _failing_after(seconds=60):  # a lost chunk never remade would wait for ever
        results = list(factcheck.forked.SharedMap(items, 2, 3, _slowly, dies, None))
    assert results == [item * item for item in items]
    assert multiprocessing.active_children() == []


def test_a_shared_map_left_early_leaves_no_child_process() -> None:
    items = list(range(400))
    made = iter(factcheck.forked.SharedMap(items, 3, 2, _slowly, _slowly, lambda _, sent: sent))
    next(made)
    made.close()
    assert multiprocessing.active_children() == []


def test_where_processes_cannot_be_forked_spawned_workers_read_alike(checker, monkeypatch):
    documents = list(load_article_set([FLOOD]).documents)
    expected = checker.check(documents)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    report = checker.check(documents, jobs=2)
    assert report.documents == expected.documents
    assert report.findings == expected.findings
