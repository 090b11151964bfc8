"""Time SHACL validation per graph: ontology lint, ontology, registry, each document graph.

    python benchmarks/validation.py [--repeat 5]

Prints the median wall time of each validation (graphs are validated one at
a time, as the build does). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from treatygraph.build import default_ingest, document_files
from treatygraph.config import Settings
from treatygraph.registry import Registry
from treatygraph.validate import load_ontology, load_shapes, validate_graph


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings.from_env(root=Path(__file__).resolve().parents[1])
    t = time.perf_counter()
    ontology = load_ontology(settings)
    registry = Registry.load(settings.registry_dir, settings.base)
    data, lint = load_shapes(settings, "data"), load_shapes(settings, "ontology")
    print(f"load ontology + registry + shapes: {time.perf_counter() - t:.2f}s")
    rows = [
        ("ontology lint", ontology, lambda: validate_graph(ontology, lint)),
        ("ontology", ontology, lambda: validate_graph(ontology, data, ontology)),
        ("registry", registry.graph, lambda: validate_graph(registry.graph, data, ontology)),
    ]
    ingest = default_ingest()
    for path in document_files(settings) if ingest else []:
        g = ingest(path, registry, settings).graph
        rows.append((f"document {path.name}", g, lambda g=g: validate_graph(g, data, ontology, context=registry.graph)))
    for name, graph, fn in rows:
        print(f"{name:45s} {len(graph):6d} triples  median {_median(fn, args.repeat):.2f}s  (n={args.repeat})")


if __name__ == "__main__":
    main()
