"""Start-up of `factcheck check` on one small article, as a whole process.

Runs `python -c pass` and `factcheck check ARTICLE` (the bundled fixtures' Valley
Herald, 1.2 KB) alternately, several times each, and prints the median wall time of
each and of factcheck over the bare interpreter. Both run in the same way in the same
run, so a busy machine slows both. One untimed run first leaves what a user's second
run finds: compiled bytecode (PYTHONDONTWRITEBYTECODE is cleared for the runs) and what
the user's cache folder keeps (the parse table, the scanner, the unit vocabulary, the
rule set).

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ARTICLE = Path(__file__).resolve().parent.parent / "fixtures" / "flood" / "valley-herald.md"
GOAL = 0.5  # seconds, the target for the whole process


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    bare = [sys.executable, "-c", "pass"]
    check = [sys.executable, "-m", "factcheck", "check", str(ARTICLE)]
    timed(check, env)  # bytecode, grammar and rules cached, as on any second run
    times: dict[str, list[float]] = {"python -c pass": [], "factcheck check": []}
    for _ in range(args.runs):
        times["python -c pass"].append(timed(bare, env))
        times["factcheck check"].append(timed(check, env))
    medians = {name: statistics.median(found) for name, found in times.items()}
    for name, median in medians.items():
        print(f"{name:16s} median {median:6.3f} s, best {min(times[name]):6.3f} s")
    own = medians["factcheck check"] - medians["python -c pass"]
    verdict = "within" if medians["factcheck check"] < GOAL else "over"
    print(f"factcheck's own start-up {own:.3f} s; the whole process {verdict} {GOAL} s")


if __name__ == "__main__":
    main()
