"""An unsupported figure's confidence: the `event` factor (docs/confidence.md).

A count whose sentence names what happened to those it counts ("were killed") is the
kind of figure an editor checks; one whose sentence names nothing ("responded to the
house") seldom is, and its confidence says so.
"""

from __future__ import annotations

import math

from factcheck.evaluate import confidence
from factcheck.model import Document

TEXTS = (
    "Two people were killed in the shooting on Elm Street late Saturday, police said.",
    "Four officers responded to the house on Elm Street after neighbours called.",
)


def unsupported(checker):
    documents = [Document(f"d{i}", text, f"d{i}.txt") for i, text in enumerate(TEXTS)]
    report = checker.check(documents)
    return {f.claims[0].text: f for f in report.findings if f.kind == "unsupported"}


def test_a_figure_whose_sentence_names_no_event_is_less_sure(checker) -> None:
    found = unsupported(checker)

    assert set(found) == {"Two", "Four"}
    assert found["Two"].factors["event"] == 1.0
    assert found["Four"].factors["event"] == confidence.NO_EVENT
    assert found["Four"].confidence < found["Two"].confidence


def test_the_confidence_is_the_product_of_its_factors(checker) -> None:
    for finding in unsupported(checker).values():
        factors = finding.factors
        assert set(factors) == {"reading", "aboutness", "independence", "event", "rule"}
        assert math.isclose(finding.confidence, math.prod(factors.values()), abs_tol=0.001)
