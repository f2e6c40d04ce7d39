"""Embedded posts: the date that signs a post, and the post's key, the same in every
article that embeds it (extract/posts.py)."""

from __future__ import annotations

import datetime as dt

from factcheck.extract import posts
from factcheck.extract.posts import signed_dates
from factcheck.model import Document

POST = "Reported shooting at the campus. Shooter in custody. More details to follow."


def test_a_signed_date_starts_where_the_key_says_and_links_do_not_change_the_key() -> None:
    first = f"Police said.\n\n{POST} https://t.co/abc — City University (@CityU) October 9, 2015"
    second = f"{POST} pic.twitter.com/xyz \u2013 City University (@CityU) October 9, 2015\n"
    (at_first, key), (at_second, same) = (
        *signed_dates(first).items(),
        *signed_dates(second).items(),
    )
    assert first[at_first:] == second[at_second:].strip() == "October 9, 2015"
    assert (
        key
        == same
        == "@cityu: " + "reported shooting at the campus shooter in custody more details to follow"
    )


def test_another_account_or_other_words_are_another_post() -> None:
    one = signed_dates(f"{POST} — Police (@CityPD) October 9, 2015")
    other = signed_dates("Campus reopens at noon. — City University (@CityU) October 9, 2015")
    assert set(one.values()).isdisjoint(
        signed_dates(f"{POST} — X (@CityU) October 9, 2015").values()
    )
    assert set(one.values()).isdisjoint(other.values())


def test_a_handle_without_a_signature_dash_or_a_date_signs_nothing() -> None:
    assert signed_dates("Follow us (@CityU) October 9, 2015 for news.") == {}
    assert signed_dates(f"{POST} — City University (@CityU) said on Friday.") == {}


def test_each_post_is_read_once_however_many_signatures_a_line_holds(monkeypatch) -> None:
    read = []
    monkeypatch.setattr(posts, "_plain", lambda words: read.append(len(words)) or "w")
    text = "word — N (@a) October 9, 2015 " * 2_000 + "x" * 700 + " — N (@a) October 9, 2015"
    assert len(signed_dates(text)) == 2_001
    assert sum(read) <= len(text)  # each stretch before a signature once, not 600 each
    assert max(read) == posts.MAX_POST


def test_the_claim_carries_its_post_and_other_dates_none(checker) -> None:
    text = (
        f"{POST} — City University (@CityU) October 9, 2015\n\nThe shooting happened on October 9."
    )
    result = checker.extract(Document("d", text, "d.txt"), dt.date(2015, 10, 10))
    assert [(c.text, c.context.post is not None) for c in result.claims] == [
        ("October 9, 2015", True),
        ("October 9", False),
    ]
