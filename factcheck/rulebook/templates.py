"""Message templates of rules: "{doc} puts the number of {noun} {event} at '{text}'".

A template is checked when its rule file is loaded, so a typo in a placeholder is a
load error with its line, never a crash in the middle of a check.
"""

from __future__ import annotations

import re
import string


def checked_template(message: str, allowed: frozenset[str]) -> str:
    """The message, if it uses only the allowed placeholders and can be filled in."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(message)]
    except ValueError as error:
        raise ValueError(f"malformed message: {error}") from None
    names = {name for name, _ in fields if name}
    for name, spec in fields:
        _check_format_spec(name, spec or "")
    unknown = names - allowed
    if unknown:
        raise ValueError(
            f"unknown placeholder {{{sorted(unknown)[0]}}}; "
            f"expected one of {', '.join(sorted(allowed))}"
        )
    try:  # what only formatting shows: "{}", "{doc!x}", "{doc:>{foo}}"
        message.format_map(_SampleFields(allowed))
    except (ValueError, KeyError, IndexError, AttributeError) as error:
        raise ValueError(f"message cannot be filled in: {error}") from None
    return message


MAX_FORMAT_WIDTH = 200  # characters: a wider field in a message is no layout but a hazard


def _check_format_spec(name: str | None, spec: str) -> None:
    """A placeholder's format ("{doc:>12}") takes no field of its own ("{line:{doc}}"),
    which would only fail when a finding is reported, and no width past a small bound
    ("{doc:>1000000000}" fills a gigabyte)."""
    if "{" in spec or "}" in spec:
        raise ValueError(f"the format of {{{name}}} holds a placeholder: '{spec}'")
    widths = re.findall(r"\d+", spec)
    if any(len(w) > 3 or int(w) > MAX_FORMAT_WIDTH for w in widths):
        raise ValueError(
            f"the format of {{{name}}} asks for a width over {MAX_FORMAT_WIDTH}: '{spec}'"
        )


class _SampleFields(dict):
    """Stand-in values for checking that a message template can be filled in."""

    def __init__(self, allowed: frozenset[str]):
        super().__init__({name: 1 if name in ("line", "count") else "x" for name in allowed})

    def __missing__(self, key: str):
        raise KeyError(f"{{{key}}}")
