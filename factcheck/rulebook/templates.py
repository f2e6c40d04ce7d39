"""Message templates of rules: "{doc} puts the number of {noun} {event} at '{text}'".

A template is checked when its rule file is loaded, so a typo in a placeholder is a
load error with its line, never a crash in the middle of a check.
"""

from __future__ import annotations

import string


def checked_template(message: str, allowed: frozenset[str]) -> str:
    """The message, if it uses only the allowed placeholders and can be filled in."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(message) if name}
    except ValueError as error:
        raise ValueError(f"malformed message: {error}") from None
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


class _SampleFields(dict):
    """Stand-in values for checking that a message template can be filled in."""

    def __init__(self, allowed: frozenset[str]):
        super().__init__({name: 1 if name in ("line", "count") else "x" for name in allowed})

    def __missing__(self, key: str):
        raise KeyError(f"{{{key}}}")
