"""Properties of extraction and checking over generated text and over the real seeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from factcheck.extract.mentions import find_mentions
from factcheck.load.articles import load_article_set, parse_article
from factcheck.model import Claim, Document
from factcheck.pipeline import Checker, Report

REFERENCE = dt.date(2016, 3, 14)
FAST = settings(max_examples=200, deadline=None)

# ---------------------------------------------------------------------- strategies

# Characters that trip up offset and line arithmetic: line ends of every kind, no-break and
# zero-width spaces, bidi marks, a BOM mid-text, non-ASCII digits and fractions.
AWKWARD = [
    "\n", "\r\n", "\r", "\n\n", "\t", "\u00a0", "\u2009", "\u200b", "\u200e", "\u200f",
    "\u202e", "\u2028", "\u2029", "\ufeff", "\u0663", "½", "²", "–", "—", "\u2011", "é",
]  # fmt: skip
# Words the claim grammar reacts to, so arbitrary text reaches the parser often.
CLAIM_WORDS = [
    "0", "3", "31", "40", "2,000", "1,5", "4.5", "2016", "9999", "2016-13-01", "3-4", "5th",
    "June", "May", "Sept.", "Tuesday", "today", "last", "next", "year", "weeks", "ago",
    "more than", "about", "between", "and", "to", "half", "a", "million", "dozen", "%",
    "$", "per cent", "since", "from", "early", "late", "mid", "the past", "five-and-a-half",
    "-", ",", ".", " ",
]  # fmt: skip

pieces = st.one_of(
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from(AWKWARD),
    st.sampled_from(CLAIM_WORDS),
)
arbitrary_text = st.one_of(st.text(), st.lists(pieces, max_size=60).map("".join))


@dataclass(frozen=True)
class Plant:
    """A fragment written into the text, and the words of it a claim must cover."""

    fragment: str
    planted: str


MONTHS = ["January", "March", "June", "September", "December", "Sept."]
WEEKDAYS = ["Monday", "Tuesday", "Friday", "Sunday"]
PLANTS = st.one_of(
    st.integers(2, 999_999).map(lambda n: Plant(f"more than {n:,} people", f"{n:,}")),
    st.tuples(st.sampled_from(MONTHS), st.integers(1, 28)).map(
        lambda md: Plant(f"{md[0]} {md[1]}", f"{md[0]} {md[1]}")
    ),
    st.sampled_from(WEEKDAYS).map(lambda day: Plant(f"from {day}", day)),
    st.tuples(st.integers(1, 9_999), st.integers(1, 9_999)).map(
        lambda ab: Plant(f"between {ab[0]} and {ab[1]}", str(ab[0]))
    ),
    st.tuples(st.integers(1, 30), st.integers(1, 30)).map(
        lambda nm: Plant(f"{nm[0]}-{nm[1]} days", f"{nm[0]}-{nm[1]}")
    ),
    st.integers(2, 500).map(lambda n: Plant(f"some {n} residents", str(n))),
    st.sampled_from(
        [
            Plant("a five-and-a-half-month campaign", "five-and-a-half-month"),
            Plant("the past two weeks", "two weeks"),
            Plant("about 70 per cent", "70"),
        ]
    ),
)
FILLER = """officials said the residents of town crews water rose in valley spokesman authority
    reported that had been were streets with by while after when flood rescue homes and
    to army who on for at said it began killed evacuation fled campaign talks started""".split()
PUNCTUATION = [".", ",", ";", ":", " —", "!", '."', ".)", ".\n", ".\n\n", ".\r\n"]


@st.composite
def news(draw) -> tuple[str, list[tuple[int, str]]]:
    """News-like text, and (offset, words) of every planted figure or date in it."""
    text, planted = "", []
    for _ in range(draw(st.integers(1, 6))):
        before = draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=5))
        after = draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=5))
        plant = draw(PLANTS)
        text += " ".join(before).capitalize() + " "
        planted.append((len(text) + plant.fragment.index(plant.planted), plant.planted))
        text += plant.fragment + " " + " ".join(after) + draw(st.sampled_from(PUNCTUATION)) + " "
    return text, planted


# ---------------------------------------------------------------------- helpers


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, counting "\\n" only, as the contract says."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def check_texts(checker: Checker, *texts: str) -> Report:
    documents = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(texts)]
    return checker.check(documents, default_date=REFERENCE)


def all_claims(report: Report) -> list[tuple[Document, Claim]]:
    return [(result.document, claim) for result in report.documents for claim in result.claims]


def assert_spans_index_the_text(document: Document, claim: Claim, text: str) -> None:
    assert claim.doc == document.id
    assert 0 <= claim.span.start < claim.span.end <= len(text)
    assert text[claim.span.start : claim.span.end] == claim.text
    assert (claim.span.line, claim.span.column) == line_column(text, claim.span.start)


# ---------------------------------------------------------------------- arbitrary text


@FAST
@given(arbitrary_text)
@example("Sales fell 40 May to June.")  # a day-month that is no date: once a crash
@example("0JUL 2016-13-01 May 3000 July 0")
@example("\ufeff---\nid: x\n---\nOn\u00a0June\u00a03 \u200fmore than 2,000\u2028people fled.")
def test_find_mentions_never_raises_and_mentions_are_ordered(text: str) -> None:
    mentions = find_mentions(text)

    ends = [0] + [m.end for m in mentions]
    for previous_end, mention in zip(ends, mentions, strict=False):
        assert previous_end <= mention.start < mention.end <= len(text)


@FAST
@given(st.lists(arbitrary_text, min_size=1, max_size=3))
def test_checker_never_raises_and_keeps_every_document(checker, texts: list[str]) -> None:
    report = check_texts(checker, *texts)

    assert [r.document.id for r in report.documents] == [f"d{i}" for i in range(len(texts))]
    ids = {r.document.id for r in report.documents}
    assert all(claim.doc in ids for finding in report.findings for claim in finding.claims)


@FAST
@given(arbitrary_text)
def test_claim_spans_index_arbitrary_text(checker, text: str) -> None:
    for document, claim in all_claims(check_texts(checker, text)):
        assert_spans_index_the_text(document, claim, text)


@FAST
@given(st.text(max_size=40), arbitrary_text)
def test_claims_come_from_the_body_after_front_matter(checker, title: str, body: str) -> None:
    text = f"---\ntitle: {title!r}\npublished: 2016-03-14\n---\n{body}"
    document, _ = parse_article(text, "x.txt", "x")
    assume(document is not None)  # a title YAML cannot read is the loader's business

    for _, claim in all_claims(checker.check([document])):
        assert claim.span.start >= document.body_start
        assert_spans_index_the_text(document, claim, text)


# ---------------------------------------------------------------------- news-like text


def extracted_claims(checker: Checker, text: str) -> list[Claim]:
    """The claims of one text on its own: extraction, no rules."""
    return list(checker.extract(Document("news", text, "news.txt"), REFERENCE).claims)


@FAST
@given(news())
def test_planted_figures_and_dates_are_found(checker, generated) -> None:
    text, planted = generated
    claims = extracted_claims(checker, text)

    for offset, words in planted:
        covering = [c for c in claims if c.span.start <= offset < offset + len(words) <= c.span.end]
        assert covering, f"{words!r} at {offset} not in {[c.text for c in claims]}"
        assert words in covering[0].text


@FAST
@given(news())
def test_claim_spans_index_news_like_text(checker, generated) -> None:
    text, _ = generated
    document = Document("news", text, "news.txt")

    for claim in extracted_claims(checker, text):
        assert_spans_index_the_text(document, claim, text)


# "the past two weeks" with a start date in one sentence: the duration relation rule once
# turned the open-ended period into a start before year 1, and dt.date.fromordinal raised.
PAST_PERIOD_CRASH = "The campaign of the past two weeks began on January 1."


@FAST
@given(news(), news())
@example((PAST_PERIOD_CRASH, []), ("The evacuation began on June 3.", []))
def test_findings_on_news_like_sets_quote_their_texts(checker, first, second) -> None:
    texts = (first[0], second[0])
    report = check_texts(checker, *texts)

    for finding in report.findings:
        for claim in finding.claims:
            assert texts[int(claim.doc[1:])][claim.span.start : claim.span.end] == claim.text


# ---------------------------------------------------------------------- the real seeds


def test_claim_spans_index_the_seed_files(checker, seeds_dir: Path) -> None:
    article_set = load_article_set([str(seeds_dir)])
    report = checker.check(list(article_set.documents))

    assert len(report.documents) >= 5
    claims = all_claims(report)
    assert len(claims) >= 50
    for document, claim in claims:
        text = Path(document.path).read_text(encoding="utf-8-sig")
        assert document.text == text
        assert_spans_index_the_text(document, claim, text)
