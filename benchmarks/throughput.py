"""The harness's load generator: ``concurrency`` clients sending one GET for a while, and round-by-round ratios.

httpx + asyncio in the harness process (so it competes with the servers for
the cores, alike for every server); :func:`interleaved` runs several servers
in turn, round after round, so that drift in the machine's load hits them
alike.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from .harness import Mode


def count_rows(body: bytes) -> int:
    """The rows of an answer in SPARQL JSON."""
    return len(json.loads(body)["results"]["bindings"])


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
                rows = count_rows(first.content)
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
