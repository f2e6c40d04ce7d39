"""Who a figure is about (`entity`, read from its own part of the sentence) and every topic
its clause names (`topics`): selectors and group keys of rules for an election night."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from beats import article, checker_with_rules

from factcheck.extract.context import describe
from factcheck.extract.lexicon import build_lexicon
from factcheck.extract.mentions import find_mentions
from factcheck.extract.scanner import tokenize
from factcheck.pipeline import Checker
from factcheck.rulebook.files import bundled_rules_dir
from factcheck.rulebook.loading import RuleSetError, load_rules

NIGHT = dt.date(2026, 11, 4)


def about(text: str, lexicon: dict | None = None):
    """(claim text, entity, topics) of each claim in a text."""
    tokens = tokenize(text)
    mentions = find_mentions(text, tokens)
    contexts = describe(text, tokens, mentions, build_lexicon(lexicon or {}))
    return [
        (text[m.start : m.end], c.entity, c.topics) for m, c in zip(mentions, contexts, strict=True)
    ]


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("Smith won 52 percent and Jones 45 percent.", ["Smith", "Jones"]),
        (
            "Mayor Ellen Smith won 52 percent of the vote and her challenger, Tom Jones, "
            "45 percent.",
            ["Ellen Smith", "Tom Jones"],
        ),
        (
            "Rosa Delgado took 38 percent, Omar Haddad 31 percent; Lena Park trailed with "
            "9 percent.",
            ["Rosa Delgado", "Omar Haddad", "Lena Park"],
        ),
        # the part after the first figure names no one: it goes on about Smith
        ("Smith won 52 percent, up from 48 percent four years ago.", ["Smith", "Smith"]),
        # 52 percent went to a name after it; a day is no name
        ("On Sunday 52 percent of voters backed Delgado.", ["Delgado"]),
        # no coordination between the figures: the 45 is nobody's for sure
        ("Smith beat Jones with 52 percent against 45 percent.", ["Jones", None]),
        # a subject of its own that is no name
        ("Delgado won 52 percent, independents 11 percent.", ["Delgado", None]),
    ],
)
def test_each_figure_is_about_the_name_of_its_own_part(text, entities):
    assert [entity for claim, entity, _ in about(text) if "percent" in claim] == entities


def test_a_common_word_opening_a_sentence_is_no_name_and_an_age_no_part():
    text = "Turnout was low. Harris, 61, won 54 percent, the clerk said. Harris, 61, spoke."
    lexicon = {"topics": {"turnout": ["turnout"]}}
    found = [(claim, entity) for claim, entity, _ in about(text, lexicon)]
    assert found == [("61", "Harris"), ("54 percent", "Harris"), ("61", "Harris")]


def test_lexicon_entities_name_what_capitals_do_not():
    lexicon = {"entities": {"Labour": ["labour party", "labour"]}}
    found = about("The Labour Party got 33.7 percent, the greens 12 percent.", lexicon)
    assert [(c, e) for c, e, _ in found] == [("33.7 percent", "Labour"), ("12 percent", None)]


def test_a_claim_carries_every_topic_of_its_clause_nearest_first():
    lexicon = {"topics": {"election": ["election"], "turnout": ["turnout"]}}
    (found,) = about("Turnout in the election was 48.2 percent, officials said.", lexicon)
    assert found == ("48.2 percent", None, ("election", "turnout"))
    # a topic in another part of the sentence is not the figure's
    found = about("Turnout was 61 percent and the election cost $4 million.", lexicon)
    assert [(c, t) for c, _, t in found] == [
        ("61 percent", ("turnout",)),
        ("$4 million", ("election",)),
    ]


SHARES = """\
rules:
  - id: election.candidate-share
    kind: agreement
    description: Outlets agree on each candidate's share of the vote.
    select: {type: quantity, unit: ["%"], entity: [Smith, Jones]}
    group_by: [entity]
    tolerance: {points: 0.5}
    severity: error
    message: "{doc} gives {entity} {value}, against {others}"
"""


def test_two_candidates_in_one_sentence_are_not_compared(tmp_path):
    checker = checker_with_rules(tmp_path, SHARES)
    report = checker.check([
        article("ledger", "Mayor Ellen Smith won 52 percent of the vote and her challenger, "
                "Tom Jones, 45 percent.", NIGHT),
        article("wire", "Smith took 52 percent on Tuesday, while Jones finished with "
                "45 percent.", NIGHT),
    ])  # fmt: skip
    assert report.findings == ()


def test_one_candidate_in_two_articles_is_compared(tmp_path):
    checker = checker_with_rules(tmp_path, SHARES)
    report = checker.check([
        article("ledger", "Mayor Ellen Smith won 52 percent of the vote and her challenger, "
                "Tom Jones, 45 percent.", NIGHT),
        article("wire", "Smith got 49% on Tuesday. Jones finished with 45 percent.", NIGHT),
    ])  # fmt: skip
    (finding,) = report.findings
    assert sorted(c.text for c in finding.claims) == ["49%", "52 percent"]
    assert {c.context.entity for c in finding.claims} == {"Ellen Smith", "Smith"}
    assert finding.message.startswith("ledger gives Ellen Smith 52%") or finding.message.startswith(
        "wire gives Smith 49%"
    )


def test_entity_group_key_without_a_list_groups_by_the_name_as_read(tmp_path):
    rules = SHARES.replace("entity: [Smith, Jones]", "entity: any")
    checker = checker_with_rules(tmp_path, rules)
    report = checker.check([
        article("ledger", "Smith won 52 percent and Jones 45 percent.", NIGHT),
        article("wire", "Smith won 52 percent and Jones 41 percent.", NIGHT),
    ])  # fmt: skip
    (finding,) = report.findings
    assert {c.context.entity for c in finding.claims} == {"Jones"}


TURNOUT = """\
lexicon:
  topics:
    turnout: [turnout]
rules:
  - id: election.turnout
    kind: agreement
    description: Outlets agree on the turnout, to half a point.
    select: {type: quantity, unit: ["%"], topic: [turnout]}
    group_by: [topic]
    tolerance: {points: 0.5}
    message: "{doc} puts turnout at {value}, against {others}"
"""


def test_a_users_topic_selects_claims_another_topic_is_nearer_to(tmp_path):
    # With the bundled lexicon, "election" is a topic too, and nearer to the figure.
    path = tmp_path / "turnout.yaml"
    path.write_text(TURNOUT, encoding="utf-8")
    checker = Checker(load_rules([path, bundled_rules_dir() / "lexicon.yaml"]))
    report = checker.check([
        article("ledger", "Turnout in the election was 48.2 percent, the county clerk said.",
                NIGHT),
        article("wire", "Turnout reached 51 percent across the county.", NIGHT),
    ])  # fmt: skip
    (finding,) = [f for f in report.findings if f.rule == "election.turnout"]
    assert sorted(c.text for c in finding.claims) == ["48.2 percent", "51 percent"]
    ledger = next(c for c in finding.claims if c.doc == "ledger")
    assert ledger.context.topics == ("election", "turnout")


def test_unknown_group_key_has_a_did_you_mean(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(SHARES.replace("group_by: [entity]", "group_by: [entitty]"), "utf-8")
    with pytest.raises(RuleSetError) as error:
        load_rules([path])
    assert "unknown value 'entitty'; did you mean 'entity'?" in str(error.value)


def test_entity_and_topics_show_in_extract_and_json(tmp_path):
    from click.testing import CliRunner

    from factcheck.cli.main import main

    rules = tmp_path / "turnout.yaml"
    rules.write_text(TURNOUT, encoding="utf-8")
    text = "Smith won 52 percent and Jones 45 percent. Turnout in the election was 48.2 percent."
    run = CliRunner().invoke(main, ["extract", "--input", "text", "--rules", str(rules)], text)
    claims = json.loads(run.output)["claims"]
    assert [c["about"]["entity"] for c in claims] == ["Smith", "Jones", None]
    assert claims[2]["about"]["topics"] == ["election", "turnout"]
    run = CliRunner().invoke(
        main, ["extract", "--input", "text", "--format", "text", "--rules", str(rules)], text
    )
    assert "entity=Jones" in run.output
    assert "topics=[election, turnout]" in run.output
