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
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from treatygraph.config import Settings
from treatygraph.named_queries import load_named_queries

from . import corpus

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
REQUIRED_KEYS = ("http_over_engine_p50", "vs_bare_endpoint_rps", "vs_rdflib_endpoint_rps",
                 "vs_rdflib_engine_p50", "build_mb_per_s", "build_scaling_exponent", "rss_mb_1m",
                 "cold_start_s")


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


# ----------------------------------------------------------------- queries


def _values(bindings) -> str:
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(t.n3() for t in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def inline(sparql: str, bindings) -> str:
    """The query with its bindings as a VALUES block at the top of its WHERE clause (for /sparql and rdflib)."""
    if not bindings:
        return sparql
    m = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if m is None:
        raise ValueError("no WHERE clause to bind in")
    return sparql[:m.end()] + "\n  " + _values(bindings) + "\n" + sparql[m.end():]


def workload(info: corpus.CorpusInfo) -> dict[str, dict[str, str]]:
    """Named queries and their parameters on a generated corpus (every one answers with rows)."""
    inst = info.sample_decision.split("/")[1]
    return {
        "meeting": {"meeting": f"id/{inst}/cop/2"},
        "group-members": {"group": "id/group/blg", "date": "2012-06-30"},
        "cites": {"resource": info.sample_document},
        "mentions": {"resource": "id/cbd/decision/X-20"},
        "citing-provision": {"provision": info.sample_provision.rsplit(".", 2)[0]},
        "interlinkages": {},
    }


#: Queries of the /sparql throughput runs: a lookup, a document's citations, and the
#: two-hop "what cites X" (who cites a provision or any of its parts).
THROUGHPUT = ("meeting", "cites", "citing-provision")
#: The query of the headline ratio against rdflib-endpoint: the issue's "what cites X".
WHAT_CITES = "citing-provision"


# --------------------------------------------------------------- measuring


def _median_ms(fn, runs: int, budget_s: float = 20.0) -> float:
    fn()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < runs and (time.perf_counter() - started < budget_s or not times):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process of :mod:`benchmarks.servers`."""

    def __init__(self, kind: str, *args: str, ready_timeout: float = 600.0):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.lines: list[dict] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.servers", kind, "--port", str(self.port), *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + ready_timeout
        for line in self.proc.stdout:  # type: ignore[union-attr]
            line = line.strip()
            if line == "READY":
                break
            if line.startswith("{"):
                self.lines.append(json.loads(line))
            if time.monotonic() > deadline:
                break
        if self.proc.poll() is not None:
            raise RuntimeError(f"the {kind} server exited with {self.proc.returncode}")

    def rss_mb(self) -> tuple[float, float]:
        """(current, peak) resident memory of the server and its worker processes, MB (peaks summed)."""
        return _tree_rss(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _tree_rss(pid: int) -> tuple[float, float]:
    rss = hwm = 0.0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        children = [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                    for c in (t / "children").read_text().split()]
    except (OSError, AttributeError):
        return rss, hwm
    for child in children:
        r, h = _tree_rss(child)
        rss, hwm = rss + r, hwm + h
    return rss, hwm


async def _load(url: str, params: dict, seconds: float, concurrency: int, timeout: float) -> dict:
    """Throughput and latency of ``concurrency`` clients sending GET ``url`` for ``seconds``.

    A first request (not timed) gives the answer's row count, ``rows`` (None when
    it failed or timed out), so the caller can check every server answered the same.
    """
    lat: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Accept": "application/sparql-results+json"}
    async with httpx.AsyncClient(limits=limits, timeout=timeout, headers=headers) as client:
        rows = None
        try:
            first = await client.get(url, params=params)
            if first.status_code == 200:
                rows = _rows(first.content)
        except httpx.HTTPError:
            pass
        started = time.perf_counter()
        deadline = started + seconds

        async def worker():
            nonlocal errors
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                try:
                    r = await client.get(url, params=params)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    lat.append((time.perf_counter() - t) * 1000)
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    lat.sort()
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else None  # noqa: E731
    return {"rps": len(lat) / elapsed, "completed": len(lat), "errors": errors, "seconds": elapsed,
            "p50_ms": pct(0.5), "p99_ms": pct(0.99), "rows": rows}


def load(url, params, mode: Mode, expect_rows: int | None = None, timeout: float = 60.0) -> dict:
    """:func:`_load` at the mode's concurrency and duration; ``agrees``: the answer had ``expect_rows`` rows."""
    result = asyncio.run(_load(url, params, mode.load_seconds, mode.concurrency, timeout))
    result["agrees"] = None if result["rows"] is None or expect_rows is None else result["rows"] == expect_rows
    return result


def interleaved(urls: dict[str, str], params: dict, mode: Mode, expect_rows: int | None,
                timeouts: dict[str, float] | None = None) -> dict[str, dict]:
    """``mode.rounds`` throughput runs of each server, interleaved so drift in the machine's load
    hits every server alike; per server the run of median req/s, with every run's req/s in ``rps_runs``.
    Servers are the keys of ``urls``; the ratio of two of them is best taken by :func:`round_ratio`."""
    runs: dict[str, list[dict]] = {peer: [] for peer in urls}
    for _ in range(mode.rounds):
        for peer, url in urls.items():
            r = load(url, params, mode, expect_rows, timeout=(timeouts or {}).get(peer, 60.0))
            runs[peer].append(r)
    out = {}
    for peer, rs in runs.items():
        median = sorted(rs, key=lambda r: r["rps"])[len(rs) // 2]
        out[peer] = {**median, "rps_runs": [r["rps"] for r in rs]}
    return out


def round_ratio(a: dict, b: dict, floor: float = 0.0) -> float:
    """Median over rounds of a's req/s over b's in the same round (b at least ``floor``)."""
    return statistics.median(x / max(y, floor) for x, y in zip(a["rps_runs"], b["rps_runs"]))


def _engine(store: ox.Store, text: str) -> bytes:
    """The query run on the raw pyoxigraph store and written as SPARQL JSON (the floor for our server)."""
    return store.query(text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)


def _rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def cold_start(store_dir: Path, path: str) -> float:
    """Seconds from starting our server process on an existing store to its first successful answer."""
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.servers", "ours", "--store", str(store_dir),
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(timeout=5) as client:
            while time.perf_counter() - started < 120:
                try:
                    if client.get(f"http://127.0.0.1:{port}{path}").status_code == 200:
                        return time.perf_counter() - started
                except httpx.TransportError:
                    pass
                time.sleep(0.02)
        raise RuntimeError("our server did not answer within 120 s")
    finally:
        proc.terminate()
        proc.wait(10)


# ------------------------------------------------------------------ a size


def measure_size(triples: int, mode: Mode, work: Path, log) -> dict:
    settings = Settings.from_env(root=ROOT)
    catalogue = load_named_queries(settings.queries_dir)
    info = corpus.generate_graph(triples)
    log(f"corpus {info.triples} triples ({info.documents} documents, {info.instruments} instruments): {info.path}")
    out: dict = {"triples": info.triples, "documents": info.documents}
    cases = {}
    for name, values in workload(info).items():
        q = catalogue[name]
        b = q.bindings(values, settings.base)
        cases[name] = (q.sparql, b, values, inline(q.sparql, b))

    # Loading: on disk (what a build writes) and in memory.
    disk_dir = work / f"store-{triples}"
    shutil.rmtree(disk_dir, ignore_errors=True)
    t = time.perf_counter()
    disk = ox.Store(str(disk_dir))
    disk.bulk_load(path=str(info.path), format=ox.RdfFormat.N_QUADS)
    disk.flush()
    out["load_disk_s"] = time.perf_counter() - t
    del disk
    disk = ox.Store.read_only(str(disk_dir))
    t = time.perf_counter()
    memory = ox.Store()
    memory.bulk_load(path=str(info.path), format=ox.RdfFormat.N_QUADS)
    out["load_memory_s"] = time.perf_counter() - t
    log(f"  bulk load: disk {out['load_disk_s']:.1f} s, memory {out['load_memory_s']:.1f} s")

    # Raw engine, in-process.
    engine = {}
    for name, (sparql, b, _, text) in cases.items():
        rows = _rows(_engine(disk, text))
        engine[name] = {
            "rows": rows,
            "disk_ms": _median_ms(lambda: _engine(disk, text), mode.runs),
            "memory_ms": _median_ms(lambda: _engine(memory, text), mode.runs),
        }
        log(f"  engine {name}: {rows} rows, disk {engine[name]['disk_ms']:.2f} ms, "
            f"memory {engine[name]['memory_ms']:.2f} ms")
    del memory
    out["engine"] = engine

    # Cold start, then our server on the disk store.
    out["cold_start_s"] = statistics.median(
        cold_start(disk_dir, "/queries/meeting?meeting=" + cases["meeting"][2]["meeting"]) for _ in range(3))
    log(f"  cold start {out['cold_start_s']:.2f} s")
    http = {}
    servers = {"disk": Server("ours", "--store", str(disk_dir)), "memory": Server("ours", "--nq", str(info.path))}
    try:
        for where, server in servers.items():
            with httpx.Client(base_url=server.url, timeout=120,
                              headers={"Accept": "application/sparql-results+json"}) as client:
                for name, (_, _, values, _) in cases.items():
                    r = client.get(f"/queries/{name}", params=values)
                    if r.status_code != 200:  # e.g. 504: past the server's query timeout
                        http.setdefault(name, {})[f"{where}_ms"] = None
                        http[name][f"{where}_status"] = r.status_code
                        continue
                    if len(r.json()["results"]["bindings"]) != engine[name]["rows"]:
                        raise RuntimeError(f"{name}: our server and the engine disagree on the rows")
                    ms = _median_ms(lambda: client.get(f"/queries/{name}", params=values), mode.runs)
                    http.setdefault(name, {})[f"{where}_ms"] = ms
            out[f"rss_mb_{where}"] = server.rss_mb()[1]
        for name in cases:
            h = http[name]
            h["over_engine"] = h["disk_ms"] / engine[name]["disk_ms"] if h["disk_ms"] else None
            h["memory_over_engine"] = h["memory_ms"] / engine[name]["memory_ms"] if h["memory_ms"] else None
            log(f"  http {name}: disk {h['disk_ms']} ms, memory {h['memory_ms']} ms ({h['over_engine']}x engine)")
        out["http"] = http
        out["http_over_engine_p50"] = statistics.median(
            h["over_engine"] for h in http.values() if h["over_engine"] is not None)
        out["http_memory_over_engine_p50"] = statistics.median(
            h["memory_over_engine"] for h in http.values() if h["memory_over_engine"] is not None)

        # Throughput: ours (disk, memory) and the bare endpoint, same queries, same generator.
        bare = Server("bare", "--store", str(disk_dir))
        try:
            tp: dict = {}
            urls = {"ours": servers["disk"].url + "/sparql", "ours_memory": servers["memory"].url + "/sparql",
                    "bare": bare.url + "/sparql"}
            for name in THROUGHPUT:
                rows = engine[name]["rows"]
                tp[name] = interleaved(urls, {"query": cases[name][3]}, mode, rows)
                for peer, m in tp[name].items():
                    if m["agrees"] is False:
                        raise RuntimeError(f"/sparql {name}: {peer} answered {m['rows']} rows, the engine {rows}")
                tp[name]["ours_over_bare"] = round_ratio(tp[name]["ours"], tp[name]["bare"])
                tp[name]["memory_over_disk"] = round_ratio(tp[name]["ours_memory"], tp[name]["ours"])
                log(f"  /sparql {name}: ours {tp[name]['ours']['rps']:.0f} rps, memory "
                    f"{tp[name]['ours_memory']['rps']:.0f} rps, bare {tp[name]['bare']['rps']:.0f} rps "
                    f"(ours / bare {tp[name]['ours_over_bare']:.2f})")
            out["rss_mb_disk"] = servers["disk"].rss_mb()[1]
            out["rss_mb_memory"] = servers["memory"].rss_mb()[1]
        finally:
            bare.stop()
        out["throughput"] = tp
        out["vs_bare_endpoint_rps"] = min(v["ours_over_bare"] for v in tp.values())
        out["memory_over_disk_rps"] = statistics.median(v["memory_over_disk"] for v in tp.values())

        if triples <= mode.rdflib_max_triples:
            out.update(_rdflib(info, cases, engine, servers["disk"], mode, work, log))
    finally:
        for s in servers.values():
            s.stop()
    return out


def _rdflib(info, cases, engine, ours: Server, mode: Mode, work: Path, log) -> dict:
    """rdflib's engine and rdflib-endpoint on the same graph and queries."""
    try:
        import rdflib_endpoint  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "rdflib-endpoint==0.6.3"], check=True)
    queries_file = work / "rdflib-queries.json"
    queries_file.write_text(json.dumps({n: c[3] for n, c in cases.items()}))
    log(f"  rdflib: loading {info.triples} triples ...")
    server = Server("rdflib", "--nq", str(info.path), "--engine-queries", str(queries_file),
                    "--engine-timeout", str(mode.rdflib_bound), ready_timeout=3600)
    out: dict = {}
    try:
        loaded = next((l for l in server.lines if "loaded_s" in l), {})
        out["rdflib_load_s"] = loaded.get("loaded_s")
        by_name = {l["name"]: l for l in server.lines if "name" in l}
        speedups, memory_speedups, bounded = [], [], False
        rd: dict = {}
        for name in cases:
            line = by_name.get(name)
            ours_ms = engine[name]["disk_ms"]
            if line is None or line["ms"] is None:
                # Not finished within the bound (or not reached after an abandoned query).
                bound = line["bound_ms"] if line else mode.rdflib_bound * 1000
                rd[name] = {"ms": None, "at_least_ms": bound, "speedup": bound / ours_ms, "bounded": True}
                bounded = True
            else:
                rd[name] = {"ms": line["ms"], "rows": line["rows"], "speedup": line["ms"] / ours_ms,
                            "bounded": False}
            speedups.append(rd[name]["speedup"])
            memory_speedups.append((rd[name]["ms"] or rd[name].get("at_least_ms")) / engine[name]["memory_ms"])
            log(f"  rdflib engine {name}: {rd[name]['ms'] or ('>= %.0f' % rd[name]['at_least_ms'])} ms "
                f"({rd[name]['speedup']:.0f}x ours)")
        out["rdflib_engine"] = rd
        out["vs_rdflib_engine_p50"] = statistics.median(speedups)
        out["vs_rdflib_engine_p50_is_lower_bound"] = bounded
        out["vs_rdflib_engine_p50_memory"] = statistics.median(memory_speedups)
        abandoned = any(l.get("abandoned") for l in server.lines)
        tp: dict = {}
        for name in THROUGHPUT:
            params = {"query": cases[name][3]}
            rows = engine[name]["rows"]
            if abandoned:
                # A query thread of rdflib's engine still runs in that process: a fresh server is fairer.
                server.stop()
                server = Server("rdflib", "--nq", str(info.path), ready_timeout=3600)
                abandoned = False
            pair = interleaved({"ours": ours.url + "/sparql", "rdflib_endpoint": server.url + "/sparql"},
                               params, mode, rows, timeouts={"rdflib_endpoint": mode.rdflib_bound})
            ours_r, theirs = pair["ours"], pair["rdflib_endpoint"]
            floor = 1 / max(theirs["seconds"], mode.load_seconds)  # fewer than one answer in the window
            bounded = theirs["completed"] == 0
            abandoned = abandoned or bounded or theirs["rows"] is None
            comparable = ours_r["agrees"] is not False and theirs["agrees"] is not False
            tp[name] = {"ours": ours_r, "rdflib_endpoint": theirs, "bounded": bounded, "comparable": comparable,
                        "ratio": round_ratio(ours_r, theirs, floor) if comparable else None}
            log(f"  /sparql {name}: ours {ours_r['rps']:.0f} rps, rdflib-endpoint {theirs['rps']:.2f} rps "
                f"({theirs['completed']} completed, rows {theirs['rows']} vs {rows})")
        out["rdflib_throughput"] = tp
        # The headline is the "what cites X"; every query's ratio is kept, and the smallest.
        head = tp[WHAT_CITES]
        out["vs_rdflib_endpoint_rps"] = head["ratio"]
        out["vs_rdflib_endpoint_rps_is_lower_bound"] = head["bounded"]
        out["vs_rdflib_endpoint_rps_query"] = WHAT_CITES
        out["vs_rdflib_endpoint_rps_by_query"] = {n: v["ratio"] for n, v in tp.items()}
        out["vs_rdflib_endpoint_rps_min"] = min((v["ratio"] for v in tp.values() if v["ratio"] is not None),
                                                default=None)
        out["rss_mb_rdflib"] = server.rss_mb()[1]
    finally:
        server.stop()
    return out


# ------------------------------------------------------------------ build


def measure_build(mode: Mode, work: Path, log) -> dict:
    """Build time of text corpora of increasing size (extraction, validation, loading; no cache)."""
    from treatygraph.build import build

    rows = []
    for n in mode.build_docs:
        root = work / f"project-{n}"
        shutil.rmtree(root, ignore_errors=True)
        size = corpus.generate_texts(root, n)
        settings = Settings(root=root, store=str(root / ".treatygraph" / "store"))
        t = time.perf_counter()
        summary = build(settings, progress=False, force=True, jobs=os.cpu_count() or 1)
        seconds = time.perf_counter() - t
        rows.append({"documents": n, "mb": size / 1e6, "seconds": seconds, "triples": summary.triples,
                     "docs_per_s": n / seconds, "mb_per_s": size / 1e6 / seconds})
        log(f"  build {n} documents ({size / 1e6:.2f} MB): {seconds:.1f} s, {summary.triples} triples")
        shutil.rmtree(root, ignore_errors=True)
    xs = [math.log(r["mb"]) for r in rows]
    ys = [math.log(r["seconds"]) for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    # Marginal cost: time per extra document between the smallest and the largest run.
    a, b = rows[0], rows[-1]
    marginal = (b["seconds"] - a["seconds"]) / (b["documents"] - a["documents"])
    return {"runs": rows, "build_mb_per_s": rows[-1]["mb_per_s"], "build_docs_per_s": rows[-1]["docs_per_s"],
            "build_scaling_exponent": slope, "build_marginal_s_per_doc": marginal,
            "build_fixed_s": a["seconds"] - marginal * a["documents"]}


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


# ---------------------------------------------------------------- machine


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next(l.split(":", 1)[1].strip() for l in Path("/proc/meminfo").read_text().splitlines()
               if l.startswith("MemTotal"))
    import fastapi
    import rdflib
    import uvicorn

    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_total": mem, "python": platform.python_version(),
            "pyoxigraph": ox.__version__, "rdflib": rdflib.__version__, "fastapi": fastapi.__version__,
            "uvicorn": uvicorn.__version__}


# ----------------------------------------------------------------- report


def _fmt(v, bound=False) -> str:
    if v is None:
        return "-"
    s = f"{v:.3g}" if isinstance(v, float) else str(v)
    return (">= " + s) if bound else s


def markdown(result: dict) -> str:
    lines = [f"# treatygraph benchmarks ({result['mode']} mode)", "",
             f"`{result['command']}` on {result['machine']['nproc']} cores, {result['machine']['cpu']}, "
             f"{result['machine']['mem_total']}; {result['finished']}", "",
             f"Headline figures at {result['headline_triples']} triples:", "",
             "| key | value | target |", "|---|---:|---|"]
    targets = {"http_over_engine_p50": "<= 3", "vs_bare_endpoint_rps": ">= 0.7", "vs_rdflib_endpoint_rps": ">= 100",
               "vs_rdflib_engine_p50": ">= 100", "build_scaling_exponent": "<= 1.1", "rss_mb_1m": "<= 1024",
               "cold_start_s": "<= 2", "build_mb_per_s": ""}
    for k in REQUIRED_KEYS:
        lines.append(f"| `{k}` | {_fmt(result[k], result.get(k + '_is_lower_bound', False))} | {targets[k]} |")
    for triples, s in result["sizes"].items():
        lines += ["", f"## {triples} triples ({s['documents']} documents)", "",
                  f"bulk load: disk {s['load_disk_s']:.1f} s, memory {s['load_memory_s']:.1f} s; "
                  f"peak RSS of our server: disk {s['rss_mb_disk']:.0f} MB, memory {s['rss_mb_memory']:.0f} MB"
                  + (f", rdflib-endpoint {s['rss_mb_rdflib']:.0f} MB" if "rss_mb_rdflib" in s else "")
                  + f"; cold start {s['cold_start_s']:.2f} s", "",
                  "| named query | rows | engine disk ms | engine memory ms | HTTP disk ms | HTTP memory ms "
                  "| HTTP / engine | rdflib engine ms | rdflib / engine |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, e in s["engine"].items():
            h = s["http"][name]
            r = s.get("rdflib_engine", {}).get(name)
            rms = "-" if r is None else (_fmt(r["ms"]) if r["ms"] is not None else _fmt(r["at_least_ms"], True))
            rsp = "-" if r is None else _fmt(r["speedup"], r["bounded"])
            lines.append(f"| {name} | {e['rows']} | {e['disk_ms']:.2f} | {e['memory_ms']:.2f} "
                         f"| {_fmt(h['disk_ms'])} | {_fmt(h['memory_ms'])} | {_fmt(h['over_engine'])} | {rms} | {rsp} |")
        lines += ["", f"/sparql throughput, {result['concurrency']} concurrent clients, "
                  f"{result.get('rounds', 1)} interleaved runs of {result['load_seconds']:g} s per server "
                  "(the run of median req/s shown; ratios are medians of same-round ratios):", "",
                  "| query | server | req/s | p50 ms | p99 ms | completed | errors | rows |",
                  "|---|---|---:|---:|---:|---:|---:|---:|"]
        for name, v in s["throughput"].items():
            peers = {k: m for k, m in v.items() if isinstance(m, dict)}
            if name in s.get("rdflib_throughput", {}):
                peers["rdflib-endpoint"] = s["rdflib_throughput"][name]["rdflib_endpoint"]
                peers["ours (same run as rdflib)"] = s["rdflib_throughput"][name]["ours"]
            for peer, m in peers.items():
                lines.append(f"| {name} | {peer} | {m['rps']:.1f} | {_fmt(m['p50_ms'])} | {_fmt(m['p99_ms'])} "
                             f"| {m['completed']} | {m['errors']} | {_fmt(m.get('rows'))} |")
        bare = ", ".join(f"{n} {_fmt(v.get('ours_over_bare'))}" for n, v in s["throughput"].items())
        lines += ["", f"ours / bare req/s: {bare}"]
        if s.get("rdflib_throughput"):
            ratios = ", ".join(f"{n} {_fmt(v['ratio'], v['bounded'])}" for n, v in s["rdflib_throughput"].items())
            lines += ["", f"ours / rdflib-endpoint req/s: {ratios}"]
    b = result["build"]
    lines += ["", "## Build (extraction, SHACL validation, bulk load; no cache)", "",
              "| documents | MB | seconds | docs/s | MB/s | triples |", "|---:|---:|---:|---:|---:|---:|"]
    for r in b["runs"]:
        lines.append(f"| {r['documents']} | {r['mb']:.2f} | {r['seconds']:.1f} | {r['docs_per_s']:.2f} "
                     f"| {r['mb_per_s']:.3f} | {r['triples']} |")
    lines += ["", f"log-log slope {b['build_scaling_exponent']:.2f}; marginal {b['build_marginal_s_per_doc']:.2f} s "
              f"per document; fixed {b['build_fixed_s']:.1f} s (ontology and registry validation)"]
    if result.get("remote"):
        lines += ["", "## Remote store", "", result["remote"]]
    return "\n".join(lines) + "\n"


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
