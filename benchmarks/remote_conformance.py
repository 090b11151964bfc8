"""Do the named queries answer the same on Virtuoso as on the embedded store?

    python benchmarks/remote_conformance.py [--from DIR]

Pushes the current build (or ``--from DIR``) to a throwaway Virtuoso (the
test suite's launcher, tests/virtuoso_server.py), runs every named
query of ``queries/`` on both stores with the example values of its
parameters (the ``e.g.`` of each ``# param:`` line; parameters without one
are left out, and queries that then miss a required one are skipped), and
prints one line per query: ``same``, ``DIFFERENT`` (row counts), ``ERROR``
(the server's message) or ``skipped``. Exit code 1 when any differs.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from virtuoso_server import VirtuosoServer  # noqa: E402

from treatygraph.config import Settings  # noqa: E402
from treatygraph.named_queries import ParameterError, load_named_queries  # noqa: E402
from treatygraph.push import push  # noqa: E402
from treatygraph.store.base import BadQuery, StoreError  # noqa: E402
from treatygraph.store.oxigraph import OxigraphStore  # noqa: E402

_EXAMPLE = re.compile(r"e\.g\.\s*([^\s,;()]+)")


def answer(result) -> tuple:
    """A comparable form of a result: sorted rows, the graph's triples, or the boolean."""
    if result.kind == "graph":
        return tuple(sorted(map(repr, result.graph)))
    if result.kind == "ask":
        return (result.boolean,)
    return tuple(sorted(map(repr, result.rows)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", help="embedded store directory (default: the current build)")
    args = ap.parse_args()
    settings = Settings.from_env(root=ROOT)
    source_dir = Path(args.source) if args.source else Path(settings.with_(store="").store_location)
    local = OxigraphStore.open(source_dir, read_only=True)
    catalogue = load_named_queries(settings.queries_dir)
    server = VirtuosoServer(Path(tempfile.mkdtemp(prefix="tg-conformance-")))
    server.start()
    differ = 0
    try:
        with server.store(gsp=True, max_rows=None) as remote:
            print(push(local, remote))
            for q in catalogue.values():
                values = {}
                for p in q.params:
                    m = _EXAMPLE.search(p.description)
                    if m and not p.optional:
                        values[p.name] = m.group(1).rstrip(".")
                try:
                    expected = answer(q.run(local, values, settings.base))
                except ParameterError as exc:
                    print(f"skipped    {q.name}: {exc}")
                    continue
                t = time.perf_counter()
                try:
                    got = answer(q.run(remote, values, settings.base))
                except (StoreError, BadQuery) as exc:
                    differ += 1
                    print(f"ERROR      {q.name}: {' '.join(str(exc).split())[:160]}")
                    continue
                ms = (time.perf_counter() - t) * 1000
                if got == expected:
                    print(f"same       {q.name} ({len(expected)} rows, {ms:.0f} ms on Virtuoso)")
                else:
                    differ += 1
                    print(f"DIFFERENT  {q.name}: {len(expected)} rows embedded, {len(got)} on Virtuoso {values}")
    finally:
        server.stop()
        local.close()
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
