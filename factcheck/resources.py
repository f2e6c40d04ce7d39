"""The bundled resources (the grammar and the rule pack, shipped as package data), and
the folder in the user's cache where compiled forms of them are kept."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """A bundled resource folder: inside the package when installed, beside it in a checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found near {PACKAGE_DIR}")


def cache_folder() -> str | None:
    """factcheck's folder in the user's cache, made if need be; None where there is none."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "factcheck")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder
