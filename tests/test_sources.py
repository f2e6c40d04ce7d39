"""Which documents are independent sources: publishers, shared passages, and the cache."""

from __future__ import annotations

from dataclasses import replace

from factcheck.evaluate.sources import (
    PassageIndex,
    find_sources,
    fingerprint,
    group_sources,
)
from factcheck.load.articles import load_article_set
from factcheck.model import Document


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


def test_a_figure_copied_by_many_articles_of_one_outlet_names_four_and_counts_the_rest(
    checker,
):
    """A wire story run by seven papers of one group: the message names the first four
    other articles and counts the rest, rather than listing every copy."""
    text = "Forces have killed more than 2,000 rebel fighters since the start, the agency said."
    documents = [
        Document(id=f"paper-{n}", path=f"paper-{n}.txt", text=text, source="Gulf Wire")
        for n in range(7)
    ]
    report = checker.check(documents)
    (finding,) = [f for f in report.findings if f.rule == "figures.single-source"]
    others = [f"paper-{n}" for n in range(7) if f"paper-{n}" != finding.claims[0].doc]
    named = ", ".join(others[:4])
    assert f"the only other articles that give it, {named} and 2 more, are not" in finding.message


def test_once_indexed_the_passages_are_all_grouping_needs(seeds_dir):
    """The grouping child keeps a fingerprint without its passages once they are in the
    index, and a passage held by one article as that article's id: the groups, reasons
    and certainties are those found from the whole fingerprints."""
    documents = _seeds(seeds_dir)
    prints = [fingerprint(d) for d in documents]
    index = PassageIndex.of(prints)
    bare = [p.bare() for p in prints]
    assert group_sources(bare, index=index) == group_sources(prints) == find_sources(documents)
    own = [held for held in index.holders.values() if type(held) is str]
    shared = [held for held in index.holders.values() if type(held) is list]
    assert own and shared and all(len(held) > 1 for held in shared)
    assert index.sizes == {p.id: len(p.shingles) for p in prints}


def test_a_short_shared_passage_in_long_articles_is_no_copy_from_the_index_alone():
    """Grouping from bare fingerprints reads each article's size from the index: two long
    articles sharing one 27-word passage (20 shingles, 5% of each) are not copies."""
    passage = " ".join(f"shared{n}" for n in range(27))

    def article(name: str) -> Document:
        own = " ".join(f"{name}word{n}" for n in range(400))
        return Document(id=name, path=f"{name}.txt", text=f"{own} {passage}.")

    prints = [fingerprint(article(name)) for name in ("first", "second")]
    index = PassageIndex.of(prints)
    bare = [p.bare() for p in prints]
    found = group_sources(bare, index=index)
    assert found.group["first"] != found.group["second"]
    assert found == group_sources(prints)
