"""One run, every comparison: treatygraph against its engine, a bare endpoint, rdflib-endpoint, rdflib, and itself.

    python -m benchmarks [--quick | --tiny] [--sizes 100000,1000000] [--out benchmarks/results]

For each corpus size (:mod:`benchmarks.corpus`) it loads the N-Quads into an
on-disk and an in-memory pyoxigraph store, starts the servers of
:mod:`benchmarks.servers` as separate processes on loopback and measures:

* named queries: ``GET /queries/{name}`` on our server (one client, real
  sockets, keep-alive) against the same query with the same bindings run
  in-process on the raw pyoxigraph store and serialised to SPARQL JSON
  (``http_over_engine_p50``: median over queries of the ratio of medians);
* ``/sparql`` throughput, p50, p99 at the same concurrency, from the same load
  generator (httpx + asyncio, in this process, competing with the server for
  the 2 cores): ours vs a bare FastAPI endpoint over the same store
  (``vs_bare_endpoint_rps``, worst query), ours vs rdflib-endpoint
  (``vs_rdflib_endpoint_rps`` on the two-hop "what cites X" query
  ``citing-provision``, the issue's reference; every query's ratio and the
  smallest are kept too; a run bounded by time, completed requests counted).
  Every server's answer is checked against the engine's row count;
* rdflib's own SPARQL engine against pyoxigraph's on the same queries
  (``vs_rdflib_engine_p50``, bounded: ``>=`` when rdflib hit the bound);
* peak RSS of our server and cold start (process start to first answer);
* build throughput on a text corpus (``build_mb_per_s``,
  ``build_scaling_exponent``: log-log slope of build time over input size).

Writes ``latest.md`` and ``latest.json`` in ``--out``; prints the table.

This module holds the modes and the run; the parts are
:mod:`benchmarks.serving` (one corpus size: engine, HTTP, bare endpoint,
the rdflib peer), :mod:`benchmarks.throughput` (the load generator),
:mod:`benchmarks.servers` (the server processes and starting them),
:mod:`benchmarks.build_scaling` (the build) and :mod:`benchmarks.report`
(the machine and the markdown).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .build_scaling import measure_build
from .report import machine, markdown
from .servers import ROOT
from .serving import measure_size

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Mode:
    name: str
    sizes: tuple[int, ...]
    build_docs: tuple[int, ...]
    runs: int            # repetitions for a median
    load_seconds: float  # duration of one throughput run
    concurrency: int
    rdflib_bound: float  # seconds: rdflib engine per query, and per request
    rdflib_max_triples: int
    remote_triples: int = 0  # size of the Virtuoso comparison (benchmarks/remote_store.py); 0 skips it
    rounds: int = 1  # throughput runs per server and query, interleaved (ours, peer, ours, peer, ...)


MODES = {
    "tiny": Mode("tiny", (10_000,), (1, 2), 3, 0.5, 2, 2.0, 10_000),
    "quick": Mode("quick", (100_000,), (1, 2), 9, 2.0, 4, 5.0, 100_000, rounds=2),
    "full": Mode("full", (100_000, 1_000_000), (2, 4, 8), 15, 5.0, 4, 20.0, 1_000_000, 100_000, rounds=3),
}


# ----------------------------------------------------------------- remote


def measure_remote(mode: Mode, log) -> str:
    """Embedded vs Virtuoso: the table of benchmarks/remote_store.py (the REMOTE helper's), or why not."""
    if not mode.remote_triples:
        return f"not run in {mode.name} mode (full mode runs benchmarks/remote_store.py)"
    if shutil.which("virtuoso-t") is None:
        return "skipped: Virtuoso (virtuoso-t) is not installed"
    log(f"== remote store: {mode.remote_triples} triples on Virtuoso")
    try:
        run = subprocess.run([sys.executable, "benchmarks/remote_store.py", "--triples", str(mode.remote_triples),
                              "--runs", "7"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return "skipped: benchmarks/remote_store.py ran longer than 30 minutes"
    if run.returncode != 0:
        return "failed: benchmarks/remote_store.py exited with " + str(run.returncode) + ": " + run.stderr[-500:]
    return f"`python benchmarks/remote_store.py --triples {mode.remote_triples} --runs 7`:\n\n" + run.stdout


def run(mode: Mode, out_dir: Path = RESULTS, command: str = "python -m benchmarks", log=print) -> dict:
    """Run every measurement of ``mode``; write ``latest.json`` and ``latest.md`` in ``out_dir``."""
    work = Path(tempfile.mkdtemp(prefix="tg-bench-"))
    try:
        sizes = {}
        for triples in mode.sizes:
            log(f"== {triples} triples")
            sizes[str(triples)] = measure_size(triples, mode, work, log)
        log("== build")
        b = measure_build(mode, work, log)
        remote = measure_remote(mode, log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    headline_size = max((t for t in mode.sizes if t <= 1_000_000), default=max(mode.sizes))
    head = sizes[str(headline_size)]
    rd = sizes[str(max(t for t in mode.sizes if t <= mode.rdflib_max_triples))]
    result = {
        "mode": mode.name, "command": command, "machine": machine(),
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "headline_triples": head["triples"], "concurrency": mode.concurrency, "load_seconds": mode.load_seconds,
        "rounds": mode.rounds,
        "http_over_engine_p50": head["http_over_engine_p50"],
        "vs_bare_endpoint_rps": head["vs_bare_endpoint_rps"],
        "vs_rdflib_endpoint_rps": rd["vs_rdflib_endpoint_rps"],
        "vs_rdflib_endpoint_rps_is_lower_bound": rd["vs_rdflib_endpoint_rps_is_lower_bound"],
        "vs_rdflib_engine_p50": rd["vs_rdflib_engine_p50"],
        "vs_rdflib_engine_p50_is_lower_bound": rd["vs_rdflib_engine_p50_is_lower_bound"],
        # The same ratios, for the record: every throughput query, the smallest, and rdflib against
        # pyoxigraph's in-memory store.
        "vs_rdflib_endpoint_rps_query": rd["vs_rdflib_endpoint_rps_query"],
        "vs_rdflib_endpoint_rps_by_query": rd["vs_rdflib_endpoint_rps_by_query"],
        "vs_rdflib_endpoint_rps_min": rd["vs_rdflib_endpoint_rps_min"],
        "vs_rdflib_engine_p50_memory": rd["vs_rdflib_engine_p50_memory"],
        "build_mb_per_s": b["build_mb_per_s"],
        "build_scaling_exponent": b["build_scaling_exponent"],
        # Peak RSS of our server (disk store) at 1 M triples, or at the largest size measured below it.
        "rss_mb_1m": head["rss_mb_disk"],
        "cold_start_s": head["cold_start_s"],
        "memory_over_disk_rps": head["memory_over_disk_rps"],
        "sizes": sizes, "build": b, "remote": remote,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    md = markdown(result)
    (out_dir / "latest.md").write_text(md)
    return result
