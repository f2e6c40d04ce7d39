"""Which documents are independent sources: publishers, shared passages, and the cache."""

from __future__ import annotations

from dataclasses import replace

from factcheck.evaluate.sources import find_sources
from factcheck.load.articles import load_article_set


def _seeds(seeds_dir):
    return list(load_article_set([str(seeds_dir)]).documents)


def test_copies_of_one_wire_story_are_one_source(seeds_dir):
    sources = find_sources(_seeds(seeds_dir))
    groups = {}
    for doc, group in sources.group.items():
        groups.setdefault(group, []).append(doc[:3])
    assert sorted(groups.values()) == [["000", "002"], ["001"], ["003"], ["004"]]
    assert "same publisher (Al Jazeera)" in sources.reasons["002_45b88970ff227739"]
    assert "shared passages" in sources.reasons["002_45b88970ff227739"]


def test_settled_documents_give_the_same_groups(seeds_dir):
    documents = _seeds(seeds_dir)
    # A draft that copies most of 000, checked against the others as an archive would be.
    draft = replace(documents[0], id="draft", source=None, text=documents[0].text + "\nNew line.")
    everything = [draft, *documents]
    full = find_sources(everything)
    cached = find_sources(everything, settled=documents)
    again = find_sources(everything, settled=documents)  # from the cache this time
    assert full.group == cached.group == again.group
    assert full.group["draft"] == full.group["000_e1ee1f8b9d723b9d"]
    assert full.certainty == cached.certainty
