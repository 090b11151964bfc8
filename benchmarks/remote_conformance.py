"""Do the named queries answer the same on Virtuoso as on the embedded store?

    python benchmarks/remote_conformance.py [--from DIR]

Pushes the current build (or ``--from DIR``) to a throwaway Virtuoso (the
test suite's launcher, tests/virtuoso_server.py), runs every named
query of ``queries/`` on both stores with each example value set of its
parameters (the ``e.g.`` of its ``# param:`` lines, and the extra sets of
tests/api/api_examples.py, which the API tests use too), and prints one line
per run: ``same``, ``DIFFERENT`` (row counts), ``ERROR`` (the server's
message), ``truncated`` (cut by the server's row cap, which the
result says) or ``skipped`` (no example). Blank nodes compare as blank nodes,
graphs by isomorphism. Exit code 1 when any differs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "api"))

from api_examples import comparable, size, value_sets  # noqa: E402
from virtuoso_server import VirtuosoServer  # noqa: E402

from treatygraph.config import Settings  # noqa: E402
from treatygraph.named_queries import load_named_queries  # noqa: E402
from treatygraph.push import push  # noqa: E402
from treatygraph.store.base import BadQuery, StoreError  # noqa: E402
from treatygraph.store.oxigraph import OxigraphStore  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="source", help="embedded store directory (default: the current build)")
    args = ap.parse_args()
    settings = Settings.from_env(root=ROOT)
    source_dir = Path(args.source) if args.source else Path(settings.with_(store="").store_location)
    local = OxigraphStore.open(source_dir, read_only=True)
    catalogue = load_named_queries(settings.queries_dir)
    workdir = Path(tempfile.mkdtemp(prefix="tg-conformance-"))
    server = VirtuosoServer(workdir)
    server.start()
    differ = 0
    try:
        with server.store(gsp=True) as remote:  # the server's row cap: truncated answers say so
            print(push(local, remote))
            runs = truncated = 0
            for q in catalogue.values():
                sets = value_sets(q, settings.base)
                if not sets:
                    print(f"skipped    {q.name}: no example values")
                for values in sets:
                    runs += 1
                    expected = comparable(q.run(local, values, settings.base), q.name)
                    t = time.perf_counter()
                    try:
                        result = q.run(remote, values, settings.base)
                        got = comparable(result, q.name)
                    except (StoreError, BadQuery) as exc:
                        differ += 1
                        print(f"ERROR      {q.name} {values}: {' '.join(str(exc).split())[:160]}")
                        continue
                    ms = (time.perf_counter() - t) * 1000
                    if result.truncated:
                        truncated += 1
                        print(f"truncated  {q.name} {values}: {size(got)} rows on Virtuoso (its row cap), "
                              f"{size(expected)} embedded")
                    elif got == expected:
                        print(f"same       {q.name} {values} ({size(expected)} rows, {ms:.0f} ms on Virtuoso)")
                    else:
                        differ += 1
                        print(f"DIFFERENT  {q.name} {values}: {size(expected)} rows embedded, "
                              f"{size(got)} on Virtuoso")
            print(f"{runs - differ - truncated} of {runs} runs the same, {differ} differ, "
                  f"{truncated} cut by the server's row cap")
    finally:
        server.stop()
        local.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
