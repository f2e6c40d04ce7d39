"""Baselines: findings an editor has looked at and accepted, so they stop reappearing.

A finding is known by its fingerprint: a hash of its rule and, for each of its claims,
the document id, the words as written and the value they were read as. Offsets, line
numbers and messages are left out on purpose, so editing the text around a claim (a new
paragraph above it, a re-wrapped line) keeps the fingerprint; changing the claim itself
("14 people" to "15 people") does not, and the finding comes back for review.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from factcheck import __version__
from factcheck.model import Claim, Finding, Quantity

BASELINE_VERSION = "1"


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


def fingerprint(finding: Finding) -> str:
    # Claims are sorted: which claim a rule names first (the dissenter) may change
    # between runs without the disagreement itself changing.
    parts = sorted(_claim_key(claim) for claim in finding.claims)
    text = "\x1f".join([f"factcheck-fingerprint/{BASELINE_VERSION}", finding.rule, *parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _claim_key(claim: Claim) -> str:
    words = " ".join(claim.text.split())  # a line re-wrapped inside the claim is the same claim
    return "\x1e".join([claim.doc, words, _value_key(claim)])


def _value_key(claim: Claim) -> str:
    value = claim.value
    if isinstance(value, Quantity):
        bounds = (value.lo, value.hi, value.lo_inclusive, value.hi_inclusive)
        return f"{bounds!r}|{value.approximate}|{value.unit}"
    return f"{value.timex}|{value.mod}"


@dataclass(frozen=True)
class Baseline:
    path: str
    fingerprints: frozenset[str]

    def split(self, findings: Iterable[Finding]) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
        """(new findings, accepted findings)."""
        new, accepted = [], []
        for finding in findings:
            (accepted if fingerprint(finding) in self.fingerprints else new).append(finding)
        return tuple(new), tuple(accepted)


def read_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: not a baseline file: {error}") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise BaselineError(
            f'{path}: not a baseline file: expected {{"findings": [{{"fingerprint": ...}}]}}'
        )
    return Baseline(str(path), frozenset(e["fingerprint"] for e in entries))


def baseline_json(findings: Iterable[Finding]) -> dict:
    """The baseline file: fingerprints to match, with the rule, message and claims beside
    each so a person reviewing the file (or its diff) sees what was accepted."""
    entries = {}
    for finding in findings:
        entries.setdefault(fingerprint(finding), finding)
    return {
        "version": BASELINE_VERSION,
        "tool": f"factcheck {__version__}",
        "findings": [
            {
                "fingerprint": key,
                "rule": finding.rule,
                "message": finding.message,
                "claims": [f"{c.doc}: {' '.join(c.text.split())}" for c in finding.claims],
            }
            for key, finding in sorted(entries.items(), key=lambda e: (e[1].rule, e[0]))
        ],
    }


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write the baseline; the number of entries written."""
    data = baseline_json(findings)
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{path}: cannot write the baseline: {error.strerror}") from None
    return len(data["findings"])
