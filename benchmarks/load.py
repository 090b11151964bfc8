"""A bounded load run against a real ``treatygraph serve`` on loopback: figures for the security note.

    python -m benchmarks.load [--clients 32] [--runaways 2] [--seconds 10] [--rebuild]

Builds the repository's ``data/`` into a temporary copy of the project (or
uses ``--root``/``--store``), starts ``treatygraph serve`` as its own process
(default worker count unless ``--workers``; query timeout ``--timeout``,
5 s), and runs ``--clients`` clients, each from its own loopback address
(127.0.0.2, 127.0.0.3, ...): ``--runaways`` of them send only runaway
queries (a cartesian product that runs to its deadline), each keeping
``--runaway-concurrency`` of them in flight; the others are well-behaved
and loop over a mix of named queries, ``/sparql``, dereferencing
(``/id/...``, ``/data/...``) and exports. With ``--rebuild`` the store is
rebuilt (``build(force=True)``) while the clients run: every triple count
the clients read must be a complete build's. Prints requests, errors and
p50/p99 latency of the well-behaved clients, the runaways' answers, and the
server's resident memory (process and query workers) before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
JSON = {"Accept": "application/sparql-results+json"}

#: The well-behaved mix: (label, path, params, headers, acceptable statuses).
MIX = [
    ("count", "/sparql", {"query": COUNT}, JSON, {200}),
    ("named:class-counts", "/queries/class-counts", {}, JSON, {200}),
    ("named:interlinkages", "/queries/interlinkages", {}, JSON, {200}),
    ("named:citing-provision", "/queries/citing-provision",
     {"provision": "id/itpgrfa/art/19.3.g"}, JSON, {200}),
    ("named:cooperation", "/queries/cooperation", {"format": "csv"}, {}, {200}),
    ("id", "/id/itpgrfa", {}, {"Accept": "text/turtle"}, {303}),
    ("data", "/data/itpgrfa/art/19.ttl", {}, {}, {200}),
    ("export", "/export", {"root": "https://w3id.org/treatygraph/id/itpgrfa/art/19", "depth": "1", "format": "ntriples"}, {}, {200}),
]


@dataclass
class Figures:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    by_label: dict[str, list[float]] = field(default_factory=dict)
    counts: set[int] = field(default_factory=set)
    runaway_statuses: list[int] = field(default_factory=list)
    rss_before: int = 0
    rss_after: int = 0
    rss_peak: int = 0
    builds: list[int] = field(default_factory=list)  # triple counts of the complete builds
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))]

    def text(self) -> str:
        mb = 2**20
        return "\n".join([
            f"requests (well-behaved): {self.requests} in {self.seconds:.1f} s "
            f"({self.requests / max(self.seconds, 1e-9):.0f}/s)",
            f"errors (well-behaved):   {len(self.errors)}" + (f"  e.g. {self.errors[:3]}" if self.errors else ""),
            f"latency p50 / p99:       {self.percentile(50) * 1000:.1f} ms / {self.percentile(99) * 1000:.1f} ms",
            "p50 by request:          " + ", ".join(
                f"{k} {statistics.median(v) * 1000:.0f} ms" for k, v in sorted(self.by_label.items())),
            "p99 by request:          " + ", ".join(
                f"{k} {sorted(v)[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))] * 1000:.0f} ms"
                for k, v in sorted(self.by_label.items())),
            f"runaway answers:         {dict(sorted(Counter(map(str, self.runaway_statuses)).items()))}",
            f"triple counts read:      {sorted(self.counts)} (complete builds: {sorted(set(self.builds))})",
            f"server RSS (with query workers): before {self.rss_before / mb:.0f} MiB, "
            f"after {self.rss_after / mb:.0f} MiB, peak {self.rss_peak / mb:.0f} MiB",
        ])


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def start_server(root: Path, store: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """``treatygraph serve`` on a free port, as its own process; returns it and its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "treatygraph.cli", "--root", str(root), "--store", str(store),
         "serve", "--host", "127.0.0.1", "--port", str(port), "--no-build"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/queries", timeout=2).read()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the server did not start: " + proc.stderr.read().decode(errors="replace"))
            time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


# ---------------------------------------------------------------- the load


def _client(url: str, address: str, stop: threading.Event, figures: Figures, lock: threading.Lock,
            offset: int, pause: float = 0.0) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, transport=transport, timeout=60, follow_redirects=False) as c:
        i = offset
        while not stop.is_set():
            label, path, params, headers, ok = MIX[i % len(MIX)]
            i += 1
            started = time.perf_counter()
            try:
                r = c.get(path, params=params, headers=headers)
                status, body = r.status_code, r
            except httpx.HTTPError as e:
                status, body = None, e
            elapsed = time.perf_counter() - started
            with lock:
                figures.requests += 1
                figures.latencies.append(elapsed)
                figures.by_label.setdefault(label, []).append(elapsed)
                if status not in ok:
                    figures.errors.append(f"{label}: {status} {str(getattr(body, 'text', body))[:120]}")
                elif label == "count":
                    figures.counts.add(int(r.json()["results"]["bindings"][0]["n"]["value"]))
            stop.wait(pause)


def _runaway(url: str, address: str, stop: threading.Event, figures: Figures,
             lock: threading.Lock) -> None:
    """Runaway queries from ``address``, one after another until ``stop``."""
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, transport=transport, timeout=120) as c:
        while True:
            try:
                status = c.get("/sparql", params={"query": RUNAWAY}, headers=JSON).status_code
            except httpx.HTTPError as e:
                status = type(e).__name__
            with lock:
                figures.runaway_statuses.append(status)
            if stop.is_set():
                return


def address(n: int) -> str:
    """The loopback address of client ``n`` (0-based): 127.0.0.2, 127.0.0.3, ..."""
    return f"127.0.{(n + 2) // 256}.{(n + 2) % 256}"


def run_load(url: str, pid: int, *, clients: int = 32, seconds: float = 8.0, runaways: int = 2,
             runaway_concurrency: int = 2, pause: float = 0.0, during=None,
             warmup: float = 2.0) -> Figures:
    """Run the load: ``clients`` addresses, ``runaways`` of them sending runaway queries.

    A well-behaved client waits ``pause`` seconds after each answer.
    ``during()`` (e.g. a rebuild) runs meanwhile and the load lasts at least until it ends.
    """
    for k in range(len(MIX)):  # every route answers before the load starts
        _client_once(url, k)
    behaved = range(runaways, clients)
    # Warm up with the same clients (query workers started, caches filled) before measuring memory.
    warm, lock, stop = Figures(), threading.Lock(), threading.Event()
    threads = [threading.Thread(target=_client, args=(url, address(n), stop, warm, lock, n, pause))
               for n in behaved]
    for t in threads:
        t.start()
    time.sleep(warmup)
    stop.set()
    for t in threads:
        t.join(60)
    if warm.errors:
        raise RuntimeError(f"errors while warming up: {warm.errors[:3]}")
    figures, stop = Figures(), threading.Event()
    figures.rss_before = figures.rss_peak = rss(pid)
    threads = [threading.Thread(target=_client, args=(url, address(n), stop, figures, lock, n, pause))
               for n in behaved]
    threads += [threading.Thread(target=_runaway, args=(url, address(n), stop, figures, lock))
                for n in range(runaways) for _ in range(runaway_concurrency)]
    side = threading.Thread(target=during) if during else None
    started = time.monotonic()
    for t in threads:
        t.start()
    if side:
        side.start()
    while time.monotonic() - started < seconds or (side and side.is_alive()):
        time.sleep(0.25)
        figures.rss_peak = max(figures.rss_peak, rss(pid))
    stop.set()
    for t in threads:
        t.join(180)
    figures.seconds = time.monotonic() - started
    figures.rss_after = rss(pid)
    return figures


def _client_once(url: str, k: int) -> None:
    label, path, params, headers, ok = MIX[k]
    r = httpx.get(url + path, params=params, headers=headers, timeout=60)
    if r.status_code not in ok:
        raise RuntimeError(f"warm-up {label}: {r.status_code} {r.text[:200]}")


# ---------------------------------------------------------------- main


def prepare_project(where: Path) -> tuple[Path, Path]:
    """A copy of the project's inputs under ``where``, built; returns (root, store)."""
    from treatygraph.build import build
    from treatygraph.config import Settings

    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(ROOT / name, where / name)
    store = where / "store"
    summary = build(Settings.from_env(root=where).with_(store=str(store)), progress=False)
    if not summary.ok:
        raise RuntimeError(summary.text())
    return where, store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--runaways", type=int, default=2, help="clients (among --clients) sending runaways")
    ap.add_argument("--runaway-concurrency", type=int, default=2,
                    help="runaway queries each runaway client keeps in flight")
    ap.add_argument("--pause", type=float, default=0.0,
                    help="seconds a well-behaved client waits after each answer")
    ap.add_argument("--timeout", type=float, default=5.0, help="TREATYGRAPH_QUERY_TIMEOUT for the server")
    ap.add_argument("--workers", type=int, default=None,
                    help="TREATYGRAPH_QUERY_WORKERS for the server (default: the server's own)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the store (force) while the clients run")
    args = ap.parse_args(argv)

    from treatygraph.build import build
    from treatygraph.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        root, store = prepare_project(Path(tmp))
        settings = Settings.from_env(root=root).with_(store=str(store))
        env = {"TREATYGRAPH_QUERY_TIMEOUT": str(args.timeout)}
        if args.workers:
            env["TREATYGRAPH_QUERY_WORKERS"] = str(args.workers)
        proc, url = start_server(root, store, env)
        figures_builds: list[int] = []

        def rebuild():
            figures_builds.append(build(settings, progress=False, force=True).triples)

        try:
            figures = run_load(url, proc.pid, clients=args.clients, seconds=args.seconds,
                               runaways=args.runaways, runaway_concurrency=args.runaway_concurrency,
                               pause=args.pause, during=rebuild if args.rebuild else None)
        finally:
            stop_server(proc)
        figures.builds = [build(settings, progress=False).triples, *figures_builds]
    print(f"python -m benchmarks.load {' '.join(argv if argv is not None else sys.argv[1:])}".strip())
    print(figures.text())
    return 0 if not figures.errors else 1


if __name__ == "__main__":
    sys.exit(main())
