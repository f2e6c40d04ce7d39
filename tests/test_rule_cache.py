"""The rule-set cache (rulebook/cache.py): what it gives back is what loading the files
gives, and whatever the rules are made from changes its key."""

from __future__ import annotations

from conftest import LOCAL_RULE

from factcheck.rulebook import cache


def test_another_unit_vocabulary_makes_another_key(tmp_path, monkeypatch):
    """Units in rules are validated and renamed by the vocabulary read from pint's
    definitions: a rule set cached under other definitions is not served."""
    rules = tmp_path / "house.yaml"
    rules.write_text(LOCAL_RULE)
    before = cache._key([rules])
    assert cache._key([rules]) == before
    monkeypatch.setattr(cache, "vocabulary_key", lambda: ["units 1", b"", "default_en.txt:1:1"])
    assert cache._key([rules]) != before
