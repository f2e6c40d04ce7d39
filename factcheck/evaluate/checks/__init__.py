"""One module per rule kind; each exposes `check(rule, corpus) -> list[Finding]`."""

from factcheck.evaluate.checks import (
    agreement,
    corroboration,
    range,
    reference,
    relation,
    spread,
    weekday,
)

CHECKS = {
    "agreement": agreement.check,
    "corroboration": corroboration.check,
    "range": range.check,
    "reference": reference.check,
    "relation": relation.check,
    "spread": spread.check,
    "weekday": weekday.check,
}
