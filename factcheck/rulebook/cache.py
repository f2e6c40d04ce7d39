"""Rule sets kept between runs, so a command does not parse and validate the same YAML
on every start.

A loaded rule set is pickled to the user's cache under a key made of the rule files'
paths and bytes, factcheck's version, Python's, the size and time of every module of
the package and what the unit vocabulary is read from (a rule's units are validated and
renamed by it): any edit to a rule file, a new file in a rule folder, an upgrade of
factcheck or pint or an edit to the code that a pickle would restore the rules with
makes a new key. A cache that cannot be read or written is ignored: the rules are then
loaded as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from factcheck import __version__
from factcheck.extract.units import vocabulary_key
from factcheck.resources import PACKAGE_DIR, cache_folder
from factcheck.rulebook.files import bundled_rules_dir, rule_files
from factcheck.rulebook.rules import RuleSet


def cached_rules(paths: list[Path] | None = None) -> RuleSet:
    """`load_rules(paths)`, from the cache where these exact files were loaded before.
    Rule sets with errors are never cached: their errors are reported every time."""
    folder = cache_folder()
    key = _key(paths)
    if folder is None or key is None:
        return _loaded(paths)
    path = Path(folder) / f"rules-{key}.pickle"
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # absent, or written by a version that no longer reads it
        pass
    rule_set = _loaded(paths)
    _write(path, rule_set)
    return rule_set


def _loaded(paths: list[Path] | None) -> RuleSet:
    # The loader is imported only on a miss: it brings YAML and pydantic, which a rule
    # set read back from the cache does without.
    from factcheck.rulebook.loading import load_rules

    return load_rules(paths)


def _key(paths: list[Path] | None) -> str | None:
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    try:
        for part in vocabulary_key():
            digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode()))
        for module in sorted(PACKAGE_DIR.rglob("*.py")):
            found = module.stat()
            digest.update(f"\0{module}\0{found.st_size}\0{found.st_mtime_ns}".encode())
        for file in rule_files(paths if paths is not None else [bundled_rules_dir()]):
            data = file.read_bytes()
            digest.update(f"\0{file.resolve()}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError:
        return None  # load_rules reports the file it cannot read
    return digest.hexdigest()[:32]


KEPT = 16  # rule sets kept: the bundled pack and a few house packs, not every edit


def _write(path: Path, rule_set: RuleSet) -> None:
    """Written whole or not at all, so a second process never reads half of it; the
    least recently written beyond the few kept are removed."""
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as stream:
            pickle.dump(rule_set, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)
        kept = sorted(path.parent.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process removed it first, or the cache is read-only
