"""Time query files in-process on a generated corpus, on the on-disk and the in-memory pyoxigraph store.

    python -m benchmarks.query_times --triples 1000000 queries/instrument-network.rq queries/derive/instrument-links.rq

For a query that is not in the harness's workload (no parameters: the text is
run as written, over the union default graph). Prints one line per query and
store: answers (rows or triples) and the median of ``--runs`` runs after a
warm-up. The on-disk store is bulk-loaded into a temporary directory.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from . import corpus
from .timing import median_ms


def _answers(store: ox.Store, text: str) -> int:
    return sum(1 for _ in store.query(text, use_default_graph_as_union=True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("queries", nargs="+", type=Path)
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    info = corpus.generate_graph(args.triples)
    work = Path(tempfile.mkdtemp(prefix="tg-query-times-"))
    try:
        disk = ox.Store(str(work / "store"))
        disk.bulk_load(path=str(info.path), format=ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk
        stores = {"disk": ox.Store.read_only(str(work / "store")), "memory": ox.Store()}
        stores["memory"].bulk_load(path=str(info.path), format=ox.RdfFormat.N_QUADS)
        print(f"corpus: {info.triples} triples ({info.path.name})")
        for path in args.queries:
            text = path.read_text(encoding="utf-8")
            for where, store in stores.items():
                n = _answers(store, text)
                ms = median_ms(lambda: _answers(store, text), args.runs)
                print(f"{path}  {where}: {n} answers, median {ms:.2f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
