"""The tree shows the pipeline: imports run one way, down the stages, with no circle.

Every import of a factcheck module is read from the source (those inside functions
too), so a lazy import cannot hide a circle or a step up the stage order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factcheck"

# Stage order: a module may import modules of its own stage or of an earlier one.
STAGES = {
    "model": 0,
    "sending": 0,  # how the model's values are pickled between processes
    "claim_rows": 0,  # a document's claims as plain rows, from a pool worker
    "resources": 0,
    "collector": 0,  # the garbage collector's thresholds while a set is checked
    "load": 1,
    "extract": 2,
    "resolve": 3,
    "rulebook": 4,
    "evaluate": 5,
    "pipeline": 6,
    "forked": 6,  # work in forked child processes beside the pipeline's main one
    "reports": 7,
    "scale": 7,
    "cms": 8,
    "integrations": 9,  # editorial systems' plug-ins over cms/ (factcheck[wagtail])
    "api": 9,
    "cli": 9,
    "__main__": 9,
}
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The factcheck modules a module imports, wherever the import statement stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from factcheck.x import y": the module x.y where y is one, else x
            submodules = [f"{node.module}.{a.name}" for a in node.names]
            names = [n for n in submodules if n in known] or [node.module]
        else:
            continue
        found.update(n for n in names if n in known)
    # the root package holds only the version; a package may import its own modules
    return found - {"factcheck", module_name(path)}


def stage(module: str) -> int:
    parts = module.split(".")
    return STAGES[parts[1]] if len(parts) > 1 else 0


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def test_every_module_belongs_to_a_stage() -> None:
    unplaced = [m for m in modules() if m != "factcheck" and m.split(".")[1] not in STAGES]
    assert unplaced == []


def test_imports_never_run_up_the_stage_order() -> None:
    upward = [
        f"{module} imports {imported}"
        for module, imported_modules in graph().items()
        for imported in sorted(imported_modules)
        if stage(imported) > stage(module)
    ]
    assert upward == []


def find_circle(edges: dict[str, set[str]]) -> list[str]:
    """One import circle as the list of its modules, or [] where there is none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (circle := visit(nxt)):
                return circle
        state[node] = "done"
        path.pop()
        return []

    for start in sorted(edges):
        if start not in state and (circle := visit(start)):
            return circle
    return []


def test_no_import_circle() -> None:
    assert find_circle(graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_circle(edges) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_over_the_line_limit(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_the_graph_sees_imports_inside_functions() -> None:
    edges = graph()
    assert "factcheck.cli.ruletests" in edges["factcheck.cli.main"]  # imported when run
    assert "factcheck.evaluate.engine" in edges["factcheck.pipeline"]
