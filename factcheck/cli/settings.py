"""Settings for `factcheck check` from a file, so a newsroom's choices live beside its articles.

The file is `factcheck.toml` (settings at its top level) or `pyproject.toml` (under
`[tool.factcheck]`), in the current folder or the nearest folder above it that has one;
factcheck.toml wins where a folder has both. Keys are the long options of `check`
without their dashes; an option given on the command line overrides the file. Paths in
the file are relative to the file's folder, not to where the command runs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.model import DATE_ORDERS

FILE_NAME = "factcheck.toml"
SERVE_TABLE = "serve"  # the [serve] table: `factcheck serve` reads it (cli/cms.py)
PYPROJECT = "pyproject.toml"
FORMATS = ("text", "json", "jsonl", "sarif", "html")
SEVERITIES = ("error", "warning", "info", "never")
COLORS = ("auto", "always", "never")


class ConfigError(Exception):
    """A settings file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # None: no settings file was found
    values: dict[str, Any] = field(default_factory=dict)  # by `check` parameter name


# ---------------------------------------------------------------------- values


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Path], str]:
    def convert(value: Any, base: Path) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, not {value!r}")
        return value

    return convert


def _fraction(value: Any, base: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"expected a number from 0 to 1, not {value!r}")
    return float(value)


def _flag(value: Any, base: Path) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, not {value!r}")
    return value


def _date(value: Any, base: Path) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # TOML has dates of its own: published = 2016-03-14
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a date (YYYY-MM-DD), not {value!r}") from None


def _path(value: Any, base: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a path, not {value!r}")
    return base / value


def _existing_paths(value: Any, base: Path) -> tuple[Path, ...]:
    paths = tuple(_path(v, base) for v in _strings(value))
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise ValueError(f"{missing[0]} does not exist")
    return paths


def _count(value: Any, base: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number of at least 1, not {value!r}")
    return value


def _strings(value: Any, base: Path | None = None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"expected a list of strings, not {value!r}")
    return tuple(value)


# Each key: the `check` parameter it sets, and how its value is read.
KEYS: dict[str, tuple[str, Callable[[Any, Path], Any]]] = {
    "format": ("output_format", _choice(FORMATS)),
    "output": ("output", _path),
    "min-confidence": ("min_confidence", _fraction),
    "select": ("select", _strings),
    "ignore": ("ignore", _strings),
    "fail-on": ("fail_on", _choice(SEVERITIES)),
    "rules": ("rule_paths", _existing_paths),
    "bundled-rules": ("no_bundled_rules", lambda v, base: not _flag(v, base)),
    "published": ("published", _date),
    "show-claims": ("show_claims", _flag),
    "date-order": ("date_order", _choice(DATE_ORDERS)),
    "baseline": ("baseline", _path),
    "color": ("color", _choice(COLORS)),
    "jobs": ("jobs", _count),
}


# ---------------------------------------------------------------------- files


def find_config(start: Path) -> Path | None:
    """The settings file that applies in `start`: the nearest one at or above it."""
    for folder in (start, *start.parents):
        own = folder / FILE_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        # Complain about a broken pyproject.toml only if it means to configure factcheck:
        # a broken one elsewhere up the tree is another tool's business.
        return "tool.factcheck" in text
    return isinstance(tool, dict) and "factcheck" in tool


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The settings of `path`, or of the file found from `start` (default: the current
    folder); an empty Config when there is none."""
    path = path or find_config((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    table, where = settings_table(path)
    base = path.resolve().parent
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == SERVE_TABLE:
            continue
        if key not in KEYS:
            raise ConfigError(f"{path}: {where}{_unknown(key)}")
        name = key
        parameter, convert = KEYS[name]
        try:
            values[parameter] = convert(value, base)
        except ValueError as error:
            raise ConfigError(f"{path}: {where}{key}: {error}") from None
    return Config(path, values)


def settings_table(path: Path) -> tuple[dict[str, Any], str]:
    """The settings table of a file and how to name it in messages."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name != PYPROJECT:
        if "tool" in data and isinstance(data["tool"], dict) and "factcheck" in data["tool"]:
            raise ConfigError(
                f"{path}: settings go at the top level of {path.name}, without [tool.factcheck]"
            )
        return data, ""
    table = data.get("tool", {}).get("factcheck", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.factcheck] must be a table")
    return table, "[tool.factcheck] "


def _unknown(key: str) -> str:
    if key.replace("_", "-") in KEYS:  # "min_confidence": the option's name is dashed
        return f"unknown key '{key}'; did you mean '{key.replace('_', '-')}'?"
    close = difflib.get_close_matches(key, list(KEYS), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(KEYS)}"
    return f"unknown key '{key}'{hint}"
