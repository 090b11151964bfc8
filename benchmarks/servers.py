"""The servers the harness measures, each run as its own process on loopback (uvicorn, one worker).

    python -m benchmarks.servers ours   --store DIR|--nq FILE --port N
    python -m benchmarks.servers bare   --store DIR|--nq FILE --port N
    python -m benchmarks.servers rdflib --nq FILE --port N [--engine-queries FILE.json --engine-timeout S]

``ours`` is treatygraph's full app (``create_app``) with every feature on: on a
store directory it opens it the way ``treatygraph serve`` does (following
rebuilds); with ``--nq`` it bulk-loads an in-memory store. ``bare`` is a bare
FastAPI endpoint over the same pyoxigraph store that only runs the query and
serialises SPARQL JSON. ``rdflib`` serves an rdflib ``Dataset`` (union default
graph) with PyPI ``rdflib-endpoint``; with ``--engine-queries`` it first
times each query on rdflib's own SPARQL engine (one JSON line per query on
stdout, ``{"name", "ms"}``) before serving. Every server prints ``READY`` on
stdout once it listens.

The harness starts one with :class:`Server` (a free port, the wait for
``READY``, the resident memory of its process tree) and times
:func:`cold_start`.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]


def _ox_store(store_dir: str | None, nq: str | None):
    import pyoxigraph as ox

    if store_dir:
        return ox.Store.read_only(store_dir)
    store = ox.Store()
    store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
    return store


def ours_app(store_dir: str | None, nq: str | None, query_timeout: float):
    """treatygraph's app over the store directory (as served in production) or an in-memory copy of ``nq``."""
    from treatygraph.config import Settings
    from treatygraph.http.app import create_app
    from treatygraph.store.oxigraph import OxigraphStore

    settings = Settings.from_env(root=ROOT)
    settings = settings.with_(store=store_dir or "", extra={**settings.extra, "query_timeout": query_timeout})
    if store_dir:
        return create_app(settings)
    return create_app(settings, OxigraphStore(_ox_store(None, nq), read_only=True))


def bare_app(store_dir: str | None, nq: str | None):
    """Nothing but: parse the query parameter, run it on pyoxigraph, serialise SPARQL JSON."""
    import pyoxigraph as ox
    from fastapi import FastAPI
    from starlette.responses import Response

    store = _ox_store(store_dir, nq)
    app = FastAPI()

    @app.get("/sparql")
    def sparql(query: str):
        answer = store.query(query, use_default_graph_as_union=True)
        return Response(answer.serialize(format=ox.QueryResultsFormat.JSON),
                        media_type="application/sparql-results+json")

    return app


def rdflib_app(nq: str, engine_queries: str | None, engine_timeout: float):
    """rdflib-endpoint over an rdflib Dataset; optionally time rdflib's engine on the queries first."""
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    started = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    print(json.dumps({"loaded_s": time.perf_counter() - started, "triples": len(ds)}), flush=True)
    if engine_queries:
        _time_rdflib_engine(ds, json.loads(Path(engine_queries).read_text()), engine_timeout)
    return SparqlEndpoint(graph=ds, path="/sparql", enable_update=False, public_url="http://127.0.0.1/sparql")


def _time_rdflib_engine(ds, queries: dict[str, str], timeout: float) -> None:
    """Median of up to 3 runs per query, each query bounded by ``timeout`` (then ``ms`` is null)."""
    for name, text in queries.items():
        times: list[float] = []
        for _ in range(3):
            box: dict = {}

            def run():
                t = time.perf_counter()
                box["rows"] = len(list(ds.query(text)))
                box["ms"] = (time.perf_counter() - t) * 1000

            worker = threading.Thread(target=run, daemon=True)
            worker.start()
            worker.join(timeout)
            if worker.is_alive():
                # rdflib cannot be interrupted: report the bound and stop timing (the thread is abandoned).
                print(json.dumps({"name": name, "ms": None, "bound_ms": timeout * 1000}), flush=True)
                print(json.dumps({"abandoned": True}), flush=True)
                return
            times.append(box["ms"])
            if sum(times) > timeout * 1000:
                break
        times.sort()
        print(json.dumps({"name": name, "ms": times[len(times) // 2], "rows": box["rows"]}), flush=True)


# ------------------------------------------------- started from the harness


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process, started as ``python -m benchmarks.servers KIND``."""

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


# ------------------------------------------------------------- the process


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["ours", "bare", "rdflib"])
    ap.add_argument("--store")
    ap.add_argument("--nq")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--query-timeout", type=float, default=60.0)
    ap.add_argument("--engine-queries")
    ap.add_argument("--engine-timeout", type=float, default=10.0)
    args = ap.parse_args()
    if not (args.store or args.nq):
        ap.error("give --store or --nq")
    if args.kind == "ours":
        app = ours_app(args.store, args.nq, args.query_timeout)
    elif args.kind == "bare":
        app = bare_app(args.store, args.nq)
    else:
        if not args.nq:
            ap.error("rdflib needs --nq")
        app = rdflib_app(args.nq, args.engine_queries, args.engine_timeout)
    config = uvicorn.Config(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)

    def announce():
        while not server.started:
            time.sleep(0.01)
        print("READY", flush=True)

    threading.Thread(target=announce, daemon=True).start()
    server.run()
    sys.exit(0)


if __name__ == "__main__":
    main()
