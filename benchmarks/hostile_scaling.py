"""Time and peak memory of a full check of hostile text, at growing sizes.

Each pattern of issue 15 is repeated on one line (no newline) to each size, and one
document of it is checked (extraction, context, reference dates, every bundled rule) in
a fresh interpreter, so that the peak resident memory is that check's alone. The last
column is the time at the largest size over that at the one before it: 10 when time is
linear in the input, 100 when quadratic. Start-up (grammar, rules) is left out.

    python benchmarks/hostile_scaling.py [--sizes 1K,10K,100K,1M] [--patterns 1,2]
                                         [--timeout 300] [--repeat 1]

Timings on a shared machine are noisy: each cell gives the time on the clock and the
CPU time of the check (what one core spent on it, whatever else the machine ran); the
ratios between sizes of one run are what the targets are about (1 MB in <= 3 s and
<= 300 MB; 10 MB in <= 10x that). With `--repeat N` each cell is the fastest of N runs,
the sizes run in turn, as timeit takes the best of its repeats: the slower runs measure
what else the machine was doing. Peak memory includes start-up (about 50 MB).

`--instructions` counts instead the machine instructions the check executes, under
valgrind's callgrind (it must be installed; about 50 times slower): the same count for
the same code and input however busy the machine is, so the last column says whether
the work grows in proportion to the text, apart from the caches and the machine's
noise. Start-up is not counted.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys

PATTERNS = [
    "1,",
    "50% ",
    "$1 ",
    "1-",
    "1/2 ",
    "March 5, 2016, ",
    "The siege of the city, which began on March 5, 2016, killed more than 2,000 people, "
    "officials said. ",
    "killed 5 people, said to ",  # an event word and a tense marker beside every claim
    "More to follow \u2014 NAU (@NAU) October 9, 2015 ",  # an embedded post's signature
]
UNITS = {"K": 1_000, "M": 1_000_000}

# Run in a fresh interpreter: builds the text, checks it, prints seconds, MB and claims.
# Under callgrind (a third argument), only the check's instructions are counted.
CHILD = """
import json, os, resource, subprocess, sys, time
from factcheck.model import Document
from factcheck.pipeline import Checker
pattern, size = sys.argv[1], int(sys.argv[2])
text = (pattern * (size // len(pattern) + 1))[:size]
checker = Checker()
counted = len(sys.argv) > 3
def count(state):
    subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], check=True,
                   capture_output=True)
if counted:
    checker.check([Document(id="warm", path="warm.txt", text=text[:3000])])
    count("on")
started, cpu = time.perf_counter(), time.process_time()
report = checker.check([Document(id="hostile", path="hostile.txt", text=text)])
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
if counted:
    count("off")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
claims = sum(len(r.claims) for r in report.documents)
print(json.dumps({"seconds": seconds, "cpu": cpu, "mb": peak, "claims": claims}))
"""


CALLGRIND = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]
COLLECTED = re.compile(r"Collected : (\d+)")


def measure(pattern: str, size: int, timeout: float, instructions: bool = False) -> dict | None:
    """One check of the pattern at one size; with `instructions`, under callgrind, the
    result also holds the instructions it executed."""
    command = [sys.executable, "-c", CHILD, pattern, str(size)]
    if instructions:
        command = [*CALLGRIND, *command, "counted"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if instructions:
        found["instructions"] = int(COLLECTED.findall(done.stderr)[-1])
    return found


def fastest(
    pattern: str, sizes: list[int], repeat: int, timeout: float, instructions: bool = False
) -> list[dict | None]:
    """Each size's fastest of `repeat` runs, the sizes taken in turn in each round, so
    that a busy spell of the machine falls on every size alike; None for a size that
    timed out (it is not run again)."""
    best: list[dict | None] = [None] * len(sizes)
    out = set()
    for _ in range(repeat):
        for place, size in enumerate(sizes):
            if place in out:
                continue
            found = measure(pattern, size, timeout, instructions)
            if found is None:
                out.add(place)
                best[place] = None
            elif best[place] is None or found["seconds"] < best[place]["seconds"]:
                best[place] = found
    return best


def parse_size(text: str) -> int:
    text = text.strip().upper()
    return int(float(text[:-1]) * UNITS[text[-1]]) if text[-1] in UNITS else int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1K,10K,100K,1M")
    parser.add_argument("--patterns", help="1-based numbers of the patterns to run, e.g. 1,6")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per measurement")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each cell, the fastest shown (as timeit)"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count the check's instructions under callgrind instead (deterministic, slow)",
    )
    args = parser.parse_args()
    if args.instructions and not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        parser.error("--instructions needs valgrind (callgrind and callgrind_control)")
    repeat = 1 if args.instructions else args.repeat  # the count does not vary
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    chosen = [int(n) for n in args.patterns.split(",")] if args.patterns else None
    names = [f"{s:,} B" for s in sizes]
    key = "instructions" if args.instructions else "seconds"
    measured = "instructions" if args.instructions else "time"
    print(f"| pattern | {' | '.join(names)} | claims at largest | x {measured}, last step |")
    print("| --- |" + " --- |" * (len(sizes) + 2))
    for number, pattern in enumerate(PATTERNS, 1):
        if chosen and number not in chosen:
            continue
        results = fastest(pattern, sizes, repeat, args.timeout, args.instructions)
        cells = [_cell(r, args.timeout) for r in results]
        last, before = results[-1], results[-2] if len(results) > 1 else None
        ratio = f"{last[key] / before[key]:.2f}" if last and before else "-"
        claims = f"{last['claims']:,}" if last else "-"
        shown = pattern if len(pattern) < 30 else pattern[:27] + "..."
        print(f"| `{shown!r}` | {' | '.join(cells)} | {claims} | {ratio} |", flush=True)


def _cell(result: dict | None, timeout: float) -> str:
    if result is None:
        return f"> {timeout:g} s"
    if "instructions" in result:
        return f"{result['instructions'] / 1e9:.2f} G instructions"
    return f"{result['seconds']:.2f} s ({result['cpu']:.2f} s CPU) / {result['mb']:.0f} MB"


if __name__ == "__main__":
    main()
