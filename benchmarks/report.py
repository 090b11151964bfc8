"""The harness's report: the machine it ran on, and the markdown of a run's result (``latest.md``)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import pyoxigraph as ox

#: The headline figures every run reports (the first table of the report).
REQUIRED_KEYS = ("http_over_engine_p50", "vs_bare_endpoint_rps", "vs_rdflib_endpoint_rps",
                 "vs_rdflib_engine_p50", "build_mb_per_s", "build_scaling_exponent", "rss_mb_1m",
                 "cold_start_s")


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
