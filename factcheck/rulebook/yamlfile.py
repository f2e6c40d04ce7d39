"""A rule file's YAML as plain data, with where each value starts, read within bounds.

A rule file is small and written by hand; one that is not (a file of megabytes, aliases
that repeat a value a billion times, nesting a thousand deep, a tag asking for another
file or a Python object, a number of a hundred thousand digits) is refused with the
place it goes wrong, before it can take time or memory.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000  # the bundled files are under 10 KB each
MAX_DEPTH = 50  # lists and maps inside each other; the bundled files go 7 deep
MAX_VALUES = 100_000  # values once aliases are expanded; the bundled lexicon has ~2,000
MAX_INTEGER_DIGITS = 18

# The tags plain YAML gives its values; any other ("!include", "!!python/object") asks
# for something a rule file has no use for.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
YAML_INT = "tag:yaml.org,2002:int"
YAML_FLOAT = "tag:yaml.org,2002:float"

Marks = dict[tuple, yaml.Mark]


class YamlRefused(Exception):
    """Why a file cannot be read as a rule file, and where (1-based line and column)."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message

    @classmethod
    def at(cls, mark: yaml.Mark | None, message: str) -> YamlRefused:
        """At a YAML mark, which counts lines and columns from 0."""
        return cls(mark.line + 1, mark.column + 1, message) if mark else cls(1, 1, message)


def read_yaml(path: Path) -> tuple[Any, Marks]:
    """The file's data (None when empty) and where each YAML path starts; raises
    YamlRefused."""
    text = _read_text(path)
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise YamlRefused(line, column, "a NUL byte: a rule file is text")
    node = _compose(text)
    if node is None:
        return None, {}
    return _Plain().data(node)


def _read_text(path: Path) -> str:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise YamlRefused(1, 1, f"cannot read rule file: {error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise YamlRefused(1, 1, f"larger than the limit for a rule file, {MAX_FILE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlRefused(1, 1, f"cannot read rule file: {error}") from None


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's pure-Python loader (libyaml's composer recurses without a limit), with
    a bound on how deep lists and maps nest: the composer recurses once a level."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlRefused.at(mark, f"nested more than {MAX_DEPTH} deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _compose(text: str) -> yaml.Node | None:
    loader = None
    try:
        loader = _BoundedLoader(text)  # which checks every character first
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise YamlRefused(line, column, f"invalid YAML: {error.reason}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_error(error: yaml.MarkedYAMLError) -> YamlRefused:
    # "found unexpected end of stream" is found at the end; where it began (an open
    # quote, a bracket) is the place to show.
    at_end = "end of stream" in (error.problem or "")
    mark = (error.context_mark if at_end else None) or error.problem_mark or error.context_mark
    what = f"{error.context}: {error.problem}" if at_end and error.context else error.problem
    return YamlRefused.at(mark, f"invalid YAML: {what}")


class _Plain:
    """YAML nodes → plain data, with where each path starts (a key's path with
    "__key__" at its end maps to the key's own mark), counting the values made."""

    def __init__(self):
        self.values = 0
        self.marks: Marks = {}

    def data(self, node: yaml.Node) -> tuple[Any, Marks]:
        return self._value(node, (), frozenset()), self.marks

    def _value(self, node: yaml.Node, path: tuple, inside: frozenset[int]) -> Any:
        if id(node) in inside:
            raise YamlRefused.at(node.start_mark, "a YAML alias refers to the node that holds it")
        self.values += 1
        if self.values > MAX_VALUES:
            message = f"more than {MAX_VALUES:,} values (YAML aliases repeat what they name)"
            raise YamlRefused.at(node.start_mark, message)
        if node.tag not in PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlRefused.at(node.start_mark, f"unknown tag '{tag}': rule files are plain YAML")
        self.marks[path] = node.start_mark
        inside = inside | {id(node)}
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, inside)
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, (*path, i), inside) for i, item in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: tuple, inside: frozenset[int]) -> dict:
        data = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlRefused.at(
                    key_node.start_mark, "a key must be a plain word, not a list or map"
                )
            key = key_node.value
            data[key] = self._value(value_node, (*path, key), inside)
            self.marks[(*path, key, "__key__")] = key_node.start_mark
        return data


_SCALARS = yaml.constructor.SafeConstructor()
DIGITS = re.compile(r"[0-9]")


def _scalar(node: yaml.ScalarNode) -> Any:
    """A scalar as PyYAML reads it; a number too long or not finite, or a date that is
    none ("2016-02-30"), is refused at its place."""
    if node.tag == YAML_INT and len(DIGITS.findall(node.value)) > MAX_INTEGER_DIGITS:
        raise YamlRefused.at(
            node.start_mark, f"an integer of more than {MAX_INTEGER_DIGITS} digits"
        )
    try:
        value = _SCALARS.construct_object(node)
    except (ValueError, OverflowError, yaml.constructor.ConstructorError) as error:
        raise YamlRefused.at(node.start_mark, f"cannot read '{node.value}': {error}") from None
    if node.tag == YAML_FLOAT and not math.isfinite(value):
        raise YamlRefused.at(node.start_mark, f"'{node.value}' is no finite number")
    return value
