"""The bundled resources (the grammar and the rule pack, shipped as package data), and
the folder in the user's cache where compiled forms of them are kept."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

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


def cached(name: str, key: Iterable[str | bytes], build: Callable[[], T], pickler=None) -> T:
    """`build()`, or what it built in an earlier process with the same key, from a pickle
    in the user's cache (the key also holds Python's version). A cache that cannot be
    read or written is ignored: the value is built, as it would be without one."""
    digest = hashlib.sha256(sys.version.encode())
    for part in key:
        digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode()))
    folder = cache_folder()
    path = folder and os.path.join(folder, f"{name}-{digest.hexdigest()[:32]}.pickle")
    if path:
        try:
            with open(path, "rb") as stream:
                return pickle.load(stream)
        except Exception:  # absent, half-written by a crash, or from other code
            pass
    value = build()
    if path:
        _write(path, value, pickler or pickle.Pickler)
    return value


KEPT = 8  # pickles kept of each name: a few versions side by side, not every edit's


def _write(path: str, value: object, pickler) -> None:
    """Written whole or not at all, so that another process never reads half of it; the
    least recently written of the same name beyond the few kept are removed."""
    folder = os.path.dirname(path)
    try:
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as stream:
            pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        os.replace(stream.name, path)
        name = os.path.basename(path).rsplit("-", 1)[0]
        kept = sorted(Path(folder).glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEPT]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a read-only cache: the next process builds it again
