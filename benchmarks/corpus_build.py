"""Build the real corpus: from scratch, after one change, its scaling, and validation against pyshacl.

    python -m benchmarks.corpus_build [CORPUS] [--fractions 0.25,0.5,1] [--jobs N] [--peer-docs K] [--quick]

``CORPUS`` is a folder of documents (default: the bundled corpus, every
document of ``data/corpus`` and ``data/documents`` -- what ``treatygraph
build`` ingests -- else ``/work/shared/corpus``). Each build runs in its own process
on a fresh copy of the project (ontology, shapes, queries, registry, the
documents under ``data/documents``), so that its peak memory (``ru_maxrss``
of the build process and of its largest worker) is its own. Measured:

* **from scratch** (no cache) for the documents of each fraction of the
  corpus (every n-th document by size, so each fraction has the same mix);
  MB/s of document input; the scaling exponent is the log-log slope of time
  over MB (fractions 0.25, 0.5, 1: 1x, 2x, 4x the smallest);
* **after one change**: one document's text gets a line more, then
  ``build`` again (cache on); ``--changes N`` does it N times in a row (the
  first one right after the build from scratch); ``--fractions 1 --peer-docs 0``
  measures just that on the whole corpus;
* **validation, same graphs, same run**: the graphs of ``--peer-docs``
  documents (the cached N-Triples a build wrote; a subset spread over sizes,
  because pyshacl takes minutes per large graph: the report says how many of
  how many) parsed by rdflib and validated by pyshacl (what a user would do
  without treatygraph), against our engine on the same rdflib graphs (same
  violations compared).

Writes ``benchmarks/results/corpus_build.json`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SHARED_CORPUS = Path("/work/shared/corpus")


#: the folders of a project's data folder that hold documents (``Settings.document_dirs``)
DOCUMENT_FOLDERS = ("corpus", "documents")


def default_corpus() -> Path:
    """The project's data folder (its ``corpus/`` and ``documents/``) when it holds documents."""
    data = ROOT / "data"
    return data if any((data / d).is_dir() and any((data / d).rglob("*.txt")) for d in DOCUMENT_FOLDERS) \
        else SHARED_CORPUS


def corpus_documents(corpus: Path) -> list[Path]:
    """The files a build would ingest from ``corpus`` (with the build's own rule); in a data folder,
    from its ``corpus/`` and ``documents/`` only."""
    from treatygraph.build import is_document_file

    roots = [corpus / d for d in DOCUMENT_FOLDERS if (corpus / d).is_dir()] or [corpus]
    return sorted(p for root in roots for p in root.rglob("*")
                  if p.is_file() and not p.name.endswith(".meta.toml")
                  and not any(part.startswith(".") for part in p.relative_to(root).parts) and is_document_file(p))


def fraction(docs: list[Path], f: float) -> list[Path]:
    """Every n-th document by size, so that each fraction has the same mix of sizes."""
    by_size = sorted(docs, key=lambda p: p.stat().st_size)
    if f >= 1:
        return by_size
    step = round(1 / f)
    return by_size[::step]


def make_project(dest: Path, corpus: Path, docs: list[Path]) -> Path:
    for d in ("ontology", "shapes", "queries", "data/registry"):
        shutil.copytree(ROOT / d, dest / d)
    target = dest / "data" / "documents"
    for p in docs:
        rel = p.relative_to(corpus)
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, target / rel)
        meta = p.with_name(p.name.split(".", 1)[0] + ".meta.toml")
        if meta.exists():
            shutil.copy2(meta, target / rel.with_name(meta.name))
    return dest


_RUN = """
import json, sys, time, resource
from pathlib import Path
from treatygraph.build import build
from treatygraph.config import Settings
root = Path(sys.argv[1])
settings = Settings(root=root, store=str(root / ".treatygraph" / "store"))
t = time.perf_counter()
s = build(settings, progress=False, jobs=int(sys.argv[2]), force=sys.argv[3] == "force")
seconds = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_SELF)
own = usage.ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "documents": s.documents, "ingested": s.ingested, "reused": s.reused,
                  "store_updated": s.store_updated,
                  "skipped": len(s.skipped), "triples": s.triples, "rss_mb": own / 1024,
                  "worker_rss_mb": workers / 1024,
                  "stages": {k: round(v, 2) for k, v in s.stages.items()}}))
"""


def run_build(root: Path, jobs: int, force: bool = False) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", _RUN, str(root), str(jobs), "force" if force else "cache"],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peer_validation(root: Path, k: int) -> dict:
    """rdflib parsing + pyshacl validating the cached graphs of ``k`` documents, against our engine."""
    from rdflib import Graph

    from treatygraph.config import Settings
    from treatygraph.registry import Registry
    from treatygraph.validate import load_ontology, load_shapes, validate_graph

    settings = Settings(root=root, store=str(root / ".treatygraph" / "store"))
    cached = sorted((root / ".treatygraph" / "store.builds" / "cache").glob("*/*.nt"), key=lambda p: p.stat().st_size)
    if not cached or k <= 0:
        return {}
    step = max(1, len(cached) // k)
    sample = cached[::step][:k]
    registry = Registry.load(settings.registry_dir, settings.base)
    ontology, shapes = load_ontology(settings), load_shapes(settings, "data")
    out = {"documents": len(sample), "triples": 0, "rdflib_parse_s": 0.0, "pyshacl_s": 0.0, "ours_s": 0.0,
           "same_results": True}
    for nt in sample:
        t = time.perf_counter()
        g = Graph().parse(nt, format="nt")
        out["rdflib_parse_s"] += time.perf_counter() - t
        out["triples"] += len(g)
        t = time.perf_counter()
        theirs = validate_graph(g, shapes, ontology, context=registry.graph, engine="pyshacl")
        out["pyshacl_s"] += time.perf_counter() - t
        t = time.perf_counter()
        ours = validate_graph(g, shapes, ontology, context=registry.graph, engine="oxigraph")
        out["ours_s"] += time.perf_counter() - t
        out["same_results"] &= ours.violations == theirs.violations
    out["pyshacl_over_ours"] = out["pyshacl_s"] / out["ours_s"] if out["ours_s"] else None
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=None)
    ap.add_argument("--fractions", default="0.25,0.5,1")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    ap.add_argument("--peer-docs", type=int, default=6)
    ap.add_argument("--changes", type=int, default=1,
                    help="one-document rebuilds in a row (a line more each time): the machine's noise shows")
    ap.add_argument("--quick", action="store_true", help="an eighth of the corpus, two fractions, two peer documents")
    ap.add_argument("--out", type=Path, default=RESULTS / "corpus_build.json")
    args = ap.parse_args(argv)
    corpus = args.corpus or default_corpus()
    fractions = [float(f) for f in args.fractions.split(",")]
    if args.quick:
        fractions, args.peer_docs = [0.0625, 0.125], 2
    docs = corpus_documents(corpus)
    rows = []
    work = Path(tempfile.mkdtemp(prefix="tg-corpus-build-"))
    try:
        for f in fractions:
            chosen = fraction(docs, f)
            mb = sum(p.stat().st_size for p in chosen) / 1e6
            root = make_project(work / f"f{f}", corpus, chosen)
            r = run_build(root, args.jobs, force=True)
            r.update(fraction=f, files=len(chosen), mb=round(mb, 3), mb_per_s=round(mb / r["seconds"], 4))
            print(f"fraction {f}: {len(chosen)} files, {mb:.2f} MB: {r['seconds']:.1f} s {r.get('stages')}, "
                  f"{r['mb_per_s']} MB/s, rss {r['rss_mb']:.0f} MB (worker {r['worker_rss_mb']:.0f} MB)",
                  file=sys.stderr, flush=True)
            rows.append(r)
        largest = work / f"f{fractions[-1]}"
        texts = [p for p in (largest / "data" / "documents").rglob("*.txt")]
        changed = max(texts, key=lambda p: p.stat().st_size) if texts else None
        rebuild = None
        for k in range(args.changes if changed is not None else 0):
            with open(changed, "a", encoding="utf-8") as fh:
                fh.write(f"\n\nA line added for the one-document rebuild benchmark ({k + 1}).\n")
            t = time.perf_counter()
            again = run_build(largest, args.jobs)
            again["process_seconds"] = time.perf_counter() - t  # with the interpreter's start and imports
            again["changed"] = str(changed.relative_to(largest / "data" / "documents"))
            print(f"one document changed: {again['seconds']:.1f} s ({again['ingested']} ingested; process "
                  f"{again['process_seconds']:.1f} s, CPU of the build process {again['cpu_s']:.1f} s), stages "
                  f"{again.get('stages')}", file=sys.stderr, flush=True)
            rebuild = rebuild or again
            rebuild.setdefault("runs", []).append(round(again["seconds"], 2))
            rebuild.setdefault("runs_store_s", []).append(again.get("stages", {}).get("store"))
        peer = peer_validation(largest, args.peer_docs)
        print(f"peer: {peer}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    exponent = scaling_exponent([r["mb"] for r in rows], [r["seconds"] for r in rows])
    if peer:
        peer["of_documents"] = len(docs)
    result = {"corpus": str(corpus), "machine": {"nproc": os.cpu_count(), "python": platform.python_version()},
              "command": "python -m benchmarks.corpus_build " + " ".join(argv if argv is not None else sys.argv[1:]),
              "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "builds": rows, "rebuild_one": rebuild,
              "scaling_exponent": exponent, "peer_validation": peer}
    result["targets"] = targets(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown(result))
    return result


def scaling_exponent(mb: list[float], seconds: list[float]) -> float | None:
    """The least-squares slope of log(seconds) over log(MB): 1 is linear."""
    if len(mb) < 2 or min(mb) <= 0 or len(set(mb)) < 2:
        return None
    xs, ys = [math.log(m) for m in mb], [math.log(s) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def targets(r: dict) -> dict:
    """Issue 16's targets against this run (the largest build measured stands for the whole corpus)."""
    full = max(r["builds"], key=lambda b: b["mb"]) if r["builds"] else None
    out = {}
    if full:
        out["scratch_s<=120"] = full["seconds"] <= 120
        out["MB/s>=0.5"] = full["mb_per_s"] >= 0.5
        out["peak_rss<=2GB"] = max(max(b["rss_mb"], b["worker_rss_mb"]) for b in r["builds"]) <= 2048
        out["corpus_MB>=8"] = full["mb"] >= 8
    if r.get("rebuild_one"):
        out["rebuild_one_s<=10"] = r["rebuild_one"]["seconds"] <= 10
    if r.get("scaling_exponent") is not None:
        out["exponent<=1.1"] = r["scaling_exponent"] <= 1.1
    return out


def markdown(r: dict) -> str:
    lines = ["| fraction | files | MB | seconds | MB/s | triples | peak RSS build / worker MB |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for b in r["builds"]:
        lines.append(f"| {b['fraction']} | {b['files']} | {b['mb']} | {b['seconds']:.1f} | {b['mb_per_s']} | "
                     f"{b['triples']} | {b['rss_mb']:.0f} / {b['worker_rss_mb']:.0f} |")
    if r["rebuild_one"]:
        one = r["rebuild_one"]
        lines.append(f"\none document changed ({one['changed']}): {one['seconds']:.1f} s in `build()`, "
                     f"{one['process_seconds']:.1f} s with the interpreter (stages: {one.get('stages')}; "
                     f"store updated in place of a whole write: {one.get('store_updated')}; "
                     f"every run: {one.get('runs')} s, their store stage {one.get('runs_store_s')} s)")
    if r["scaling_exponent"] is not None:
        lines.append(f"scaling exponent (log-log slope of seconds over MB): {r['scaling_exponent']:.2f}")
    p = r["peer_validation"]
    if p:
        lines.append(f"validation of {p['documents']} of {p.get('of_documents')} document graphs "
                     f"({p['triples']} triples): rdflib parse "
                     f"{p['rdflib_parse_s']:.1f} s, pyshacl {p['pyshacl_s']:.1f} s, ours {p['ours_s']:.2f} s "
                     f"({p['pyshacl_over_ours']:.1f}x), same results: {p['same_results']}")
    if r.get("targets"):
        lines.append("targets: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in r["targets"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
