"""The checker on real multi-outlet news: article sets from the shared clusters, and scoring.

    python benchmarks/real_clusters.py build OUT_DIR [--corpus gva|fakes|ecb|all]
    python benchmarks/real_clusters.py run OUT_DIR [--factcheck PATH] [--jobs 2] [--in-process]
    python benchmarks/real_clusters.py score OUT_DIR --labels benchmarks/labels/findings.jsonl
    python benchmarks/real_clusters.py fit OUT_DIR --labels benchmarks/labels/findings.jsonl
    python benchmarks/real_clusters.py show OUT_DIR [KEY ...] [--labels FILE] [--width 300]

`build` writes one JSONL article set per cluster (gva-<incident>.jsonl, fakes-<n>.jsonl,
ecb-<subtopic>.jsonl); `run` checks each and writes OUT_DIR/findings.jsonl with a stable `key`
per finding; `score` joins the findings to hand labels by key; `fit` fits each rule's reliability
factor (docs/confidence.md) on them; `show` prints each claim of a finding with the text
around it (the unlabelled findings, without KEY), for labelling.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CLUSTERS = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "data" / "clusters"


def rows(name: str) -> list[dict]:
    with gzip.open(CLUSTERS / name, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def host(uri: str) -> str:
    """The publisher of a gva article: the last host in its (often archived) address."""
    hosts = re.findall(r"https?://([^/:]+)", uri or "")
    return hosts[-1].removeprefix("www.") if hosts else "unknown"


def iso(mdy: str) -> str | None:
    """'1/19/2015' as '2015-01-19'."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", (mdy or "").strip())
    return f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}" if m else None


def gva_sets():
    for inc in rows("gva-dev.jsonl.gz"):
        yield (
            f"gva-{inc['incident_id']}",
            [
                {
                    "id": a["doc_id"],
                    "title": a.get("title") or "",
                    "source": host(a.get("uri")),
                    "published": (a.get("dct") or "")[:10] or None,
                    "text": a["text"],
                }
                for a in inc["articles"]
            ],
        )


def fakes_sets():
    for n, event in enumerate(rows("fakes-dev.jsonl.gz")):
        if len(event["articles"]) >= 2:
            yield (
                f"fakes-{n}",
                [
                    {
                        "id": a["id"],
                        "title": a.get("title") or "",
                        "source": a.get("source"),
                        "published": iso(a.get("date")),
                        "text": a["text"],
                    }
                    for a in event["articles"]
                ],
            )


def ecb_sets():
    groups: dict[str, list[dict]] = {}
    for doc in rows("ecbplus_clusters.jsonl.gz"):
        groups.setdefault(doc["subtopic"], []).append(doc)
    for subtopic, docs in sorted(groups.items()):
        yield (
            f"ecb-{subtopic}",
            [
                {"id": d["doc_name"].removesuffix(".xml"), "text": d["text"]}
                for d in sorted(docs, key=lambda d: d["doc_name"])
            ],
        )


CORPORA = {"gva": gva_sets, "fakes": fakes_sets, "ecb": ecb_sets}


def build(out: Path, corpus: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name in CORPORA if corpus == "all" else [corpus]:
        for set_id, docs in CORPORA[name]():
            with (out / f"{set_id}.jsonl").open("w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
            count += 1
    print(f"wrote {count} article sets to {out}")


def key_of(set_id: str, rule: str, claims: list[dict]) -> str:
    spans = sorted((str(c["doc"]), c["start"], c["end"]) for c in claims)
    return "|".join([set_id, rule, *(f"{d}:{s}-{e}" for d, s, e in spans)])


def check(factcheck: str, path: Path) -> list[dict]:
    proc = subprocess.run(
        [factcheck, "check", str(path), "--format", "json"], capture_output=True, text=True
    )
    if proc.returncode not in (0, 1):
        print(f"{path.name}: exit {proc.returncode}: {proc.stderr.strip()[-300:]}", file=sys.stderr)
    if not proc.stdout.strip():
        return []
    return [record(path.stem, f) for f in json.loads(proc.stdout)["findings"]]


def record(set_id: str, f: dict) -> dict:
    """One finding of the JSON report as findings.jsonl keeps it."""
    return {
        "key": key_of(set_id, f["rule"], f["claims"]),
        "set": set_id,
        "rule": f["rule"],
        "kind": f["kind"],
        "confidence": f["confidence"],
        "message": f["message"],
        "claims": [{k: c[k] for k in ("doc", "start", "end", "text")} for c in f["claims"]],
    }


def checked_in_process():
    """The same check as `factcheck check SET --format json`, in this process: no
    start-up per set, for trying a change on every set in minutes."""
    from factcheck.load.articles import load_article_set
    from factcheck.pipeline import Checker
    from factcheck.reports.json import finding_json

    checker = Checker()

    def check_here(path: Path) -> list[dict]:
        loaded = load_article_set([str(path)])
        report = checker.check(list(loaded.documents), loaded.problems)
        return [record(path.stem, finding_json(f)) for f in report.findings]

    return check_here


def run(out: Path, factcheck: str, jobs: int, in_process: bool = False) -> None:
    sets = sorted(p for p in out.glob("*.jsonl") if p.name != "findings.jsonl")
    if in_process:
        results = list(map(checked_in_process(), sets))
    else:
        with ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(lambda p: check(factcheck, p), sets))
    findings = [f for found in results for f in found]
    with (out / "findings.jsonl").open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(f, ensure_ascii=False) + "\n" for f in findings)
    kinds = dict(Counter(f["kind"] for f in findings))
    print(f"{len(findings)} findings in {len(sets)} sets: {kinds}")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def precision(labelled: list[tuple[dict, dict]], floor: float) -> str:
    hits = [lab["verdict"] == "true" for f, lab in labelled if f["confidence"] >= floor]
    return f"{sum(hits) / len(hits):.2f} ({sum(hits)}/{len(hits)})" if hits else "n/a"


def reliability(labelled: list[tuple[dict, dict]]) -> None:
    print("  confidence   predicted  observed  count")
    for b in range(10):
        lo, hi = b / 10, (b + 1) / 10
        cell = [
            (f, lab)
            for f, lab in labelled
            if lo <= f["confidence"] < hi or (b == 9 and f["confidence"] == 1.0)
        ]
        if cell:
            predicted = sum(f["confidence"] for f, _ in cell) / len(cell)
            observed = sum(lab["verdict"] == "true" for _, lab in cell) / len(cell)
            print(f"  {lo:.1f}-{hi:.1f}      {predicted:.2f}       {observed:.2f}     {len(cell)}")


def score(out: Path, labels_path: Path) -> None:
    findings = load(out / "findings.jsonl")
    labels = {lab["key"]: lab for lab in load(labels_path)}
    joined = [(f, labels[f["key"]]) for f in findings if f["key"] in labels]
    print(f"findings: {len(findings)} {dict(Counter(f['kind'] for f in findings))}")
    print(f"labelled: {len(joined)} {dict(Counter(f['kind'] for f, _ in joined))}")
    print(f"classes: {dict(Counter(lab['class'] for _, lab in joined).most_common())}")
    stale = len(labels) - len(joined)
    if stale:
        print(f"labels whose finding is no longer reported: {stale}")
    for kind in sorted({f["kind"] for f, _ in joined}):
        of_kind = [(f, lab) for f, lab in joined if f["kind"] == kind]
        print(
            f"{kind}: precision at >=0.5 {precision(of_kind, 0.5)}, "
            f">=0.8 {precision(of_kind, 0.8)}, all {precision(of_kind, 0.0)}"
        )
        reliability(of_kind)
    unlabelled = [f for f in findings if f["key"] not in labels]
    print(f"unlabelled: {len(unlabelled)} {dict(Counter(f['kind'] for f in unlabelled))}")
    for f in sorted(unlabelled, key=lambda f: (f["kind"] != "contradiction", -f["confidence"])):
        texts = " / ".join(c["text"] for c in f["claims"])
        print(f"  {f['kind']} {f['confidence']:.2f} {f['key']}  {texts}")


MIN_LABELLED = 15  # findings of a rule it takes to fit its reliability on its own


def fit(out: Path, labels_path: Path) -> None:
    """Each rule's reliability (docs/confidence.md): its observed precision over the mean
    of its evidence scores, so that its confidences average what it gets right. The
    precision is smoothed by one right and one wrong finding (Laplace), so that a rule
    with few labels is not set to 0 or 1 by chance; the rules with fewer labelled
    findings than MIN_LABELLED are fitted together, as one."""
    from factcheck.rulebook.loading import load_rules

    current = {rule.id: rule.reliability for rule in load_rules().rules}
    labels = {lab["key"]: lab for lab in load(labels_path)}
    joined = [(f, labels[f["key"]]) for f in load(out / "findings.jsonl") if f["key"] in labels]
    by_rule: dict[str, list] = {}
    for f, lab in joined:
        if f["kind"] == "update":
            continue  # an update is an info of the toll's rule: fitted with its contradictions
        score = f["confidence"] / current.get(f["rule"], 1.0)
        by_rule.setdefault(f["rule"], []).append((score, lab["verdict"] == "true"))
    few = [pair for pairs in by_rule.values() if len(pairs) < MIN_LABELLED for pair in pairs]
    print("rule                          n  right  mean score  reliability  now")
    for rule, pairs in sorted(by_rule.items()):
        basis = pairs if len(pairs) >= MIN_LABELLED else few
        right = (sum(ok for _, ok in basis) + 1) / (len(basis) + 2)
        mean = sum(s for s, _ in basis) / len(basis)
        fitted = min(1.0, right / mean) if mean else 1.0
        pooled = "" if basis is pairs else f" (with {len(basis)} of rules with few labels)"
        print(
            f"{rule:29} {len(pairs):3}  {sum(ok for _, ok in pairs):5}  {mean:10.2f}"
            f"  {fitted:11.2f}  {current.get(rule, 1.0):.2f}{pooled}"
        )


def show(out: Path, keys: list[str], labels_path: Path | None, width: int) -> None:
    findings = load(out / "findings.jsonl")
    done = {lab["key"] for lab in load(labels_path)} if labels_path else set()
    chosen = (
        [f for f in findings if f["key"] in keys]
        if keys
        else [f for f in findings if f["key"] not in done]
    )
    texts: dict[str, dict[str, str]] = {}
    for f in chosen:
        if f["set"] not in texts:
            texts[f["set"]] = by_unique_id(out / f"{f['set']}.jsonl")
        print(f"=== {f['confidence']:.2f} {f['kind']} {f['key']}\n    {f['message']}")
        for c in f["claims"]:
            text = texts[f["set"]].get(str(c["doc"]), "")
            before = text[max(0, c["start"] - width) : c["start"]]
            after = text[c["end"] : c["end"] + width]
            context = f"{before}[[{text[c['start'] : c['end']]}]]{after}".replace("\n", " ")
            print(f"  -- {c['doc']}: {context}")


def by_unique_id(path: Path) -> dict[str, str]:
    """Each article's text of a set by the id findings name it by, as the loader gives
    it (a repeated id takes "~2", "~3")."""
    from factcheck.load.articles import load_article_set

    return {d.id: d.text for d in load_article_set([str(path)]).documents}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("out", type=Path)
    b.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    r = sub.add_parser("run")
    r.add_argument("out", type=Path)
    r.add_argument("--factcheck", default="factcheck")
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--in-process", action="store_true", help="one process, one Checker")
    s = sub.add_parser("score")
    s.add_argument("out", type=Path)
    s.add_argument("--labels", type=Path, required=True)
    f = sub.add_parser("fit")
    f.add_argument("out", type=Path)
    f.add_argument("--labels", type=Path, required=True)
    w = sub.add_parser("show")
    w.add_argument("out", type=Path)
    w.add_argument("keys", nargs="*")
    w.add_argument("--labels", type=Path)
    w.add_argument("--width", type=int, default=300)
    a = ap.parse_args()
    if a.cmd == "build":
        build(a.out, a.corpus)
    elif a.cmd == "run":
        run(a.out, a.factcheck, a.jobs, a.in_process)
    elif a.cmd == "score":
        score(a.out, a.labels)
    elif a.cmd == "fit":
        fit(a.out, a.labels)
    else:
        show(a.out, a.keys, a.labels, a.width)


if __name__ == "__main__":
    main()
