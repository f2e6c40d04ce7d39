"""Rule files on disk: the bundled pack, the files a list of paths names, and a problem
found at a place in one.

Apart from the loader (loading.py) so that a start whose rule set is in the user's cache
can find its files and name their problems without importing YAML or pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factcheck.resources import bundled


def bundled_rules_dir() -> Path:
    return bundled("rules")


def rule_files(paths: list[Path]) -> list[Path]:
    """The rule files under the given paths, each once however often it is named."""
    files: dict[Path, Path] = {}
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        for file in found if path.is_dir() else [path]:
            files.setdefault(file.resolve(), file)
    return list(files.values())


@dataclass(frozen=True)
class RuleError:
    path: str
    line: int
    column: int
    where: str  # the YAML path: "rules[0].select.type"
    message: str

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"{self.path}:{self.line}:{self.column}{where}: {self.message}"


class RuleSetError(Exception):
    def __init__(self, errors: list[RuleError]):
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors
