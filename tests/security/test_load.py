"""A bounded load test on loopback: 32 clients, 2 of them sending runaway queries, a rebuild meanwhile.

Each client has its own loopback address (127.0.0.2 ... 127.0.0.33); the
server runs with its default worker count; a well-behaved client waits
0.5 s after each answer. No latency is asserted here
(the machine is shared); ``python -m benchmarks.load`` reports it.

Runs by default (marker ``load``; deselect with ``-m 'not load'``). The
figures are printed (``-s`` to see them); ``python -m benchmarks.load``
prints the same for the note.
"""

from __future__ import annotations

import sys

import pytest

from treatygraph.build import build


sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2]))
from benchmarks.load import run_load, start_server, stop_server  # noqa: E402


@pytest.mark.load
def test_load_with_runaways_and_a_rebuild(built_project):
    counts = [build(built_project, progress=False).triples]  # the current, complete build
    proc, url = start_server(built_project.root, built_project.store_location,
                             {"TREATYGRAPH_QUERY_TIMEOUT": "10"})

    def rebuild():
        counts.append(build(built_project, progress=False, force=True).triples)

    try:
        figures = run_load(url, proc.pid, clients=32, seconds=4, runaways=2, pause=0.5,
                           during=rebuild, warmup=1.5)
    finally:
        stop_server(proc)
    figures.builds = counts
    print("\n" + figures.text())
    assert figures.errors == []                       # well-behaved clients never failed
    assert figures.requests > 32
    assert len(counts) == 2                           # the rebuild happened during the load
    assert figures.counts and figures.counts <= set(counts)  # never a half-built graph
    # Runaways stopped (each of the 2 runaway clients keeps 2 in flight), costing only their client:
    assert len(figures.runaway_statuses) >= 4 and set(figures.runaway_statuses) == {504}
    assert figures.rss_after < 1.5 * figures.rss_before  # memory stable
