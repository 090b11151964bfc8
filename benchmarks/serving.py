"""Query serving at one corpus size: the raw engine, our server, a bare endpoint and rdflib, on the same queries.

:func:`measure_size` loads a generated corpus into an on-disk and an
in-memory pyoxigraph store, times the named queries on the engine and over
HTTP (every answer checked against the engine's rows), runs ``/sparql``
throughput against the bare endpoint and, up to ``mode.rdflib_max_triples``,
against rdflib's own engine and rdflib-endpoint (the rdflib peer).
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pyoxigraph as ox

from treatygraph.config import Settings
from treatygraph.named_queries import load_named_queries

from . import corpus
from .servers import ROOT, Server, cold_start
from .throughput import count_rows, interleaved, round_ratio

if TYPE_CHECKING:
    from .harness import Mode

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


def _engine(store: ox.Store, text: str) -> bytes:
    """The query run on the raw pyoxigraph store and written as SPARQL JSON (the floor for our server)."""
    return store.query(text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)


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
        rows = count_rows(_engine(disk, text))
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
