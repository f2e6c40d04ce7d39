"""The bundled resources: the grammar and the rule pack, shipped as package data."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """A bundled resource folder: inside the package when installed, beside it in a checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found near {PACKAGE_DIR}")
