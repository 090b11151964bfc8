"""SHACL validation of every document graph of the corpus, timed and reported, for before/after comparisons.

    python -m benchmarks.validation_corpus --graphs /tmp/graphs.pkl [--reports OUT.txt] [--ntriples] [--every N]

Each document the build ingests (``build.inputs.document_files``) is ingested
once and its graph pickled to ``--graphs`` (reused when the file exists: run
main and a branch on the same graphs); then each graph is validated as a build
worker validates it (``validate_graph(graph, shapes, ontology,
context=registry.graph)``), or, with ``--ntriples``, from its N-Triples
(written untimed). Prints the sum of CPU seconds (``time.process_time``, less
disturbed than wall time on a shared machine) and the wall total; ``--reports``
writes every report's text (one per document, with each violation and
warning) so that two runs can be compared with ``cmp``.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import time
from pathlib import Path

from treatygraph.build.inputs import document_files
from treatygraph.build.workers import load_state
from treatygraph.config import Settings
from treatygraph.validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]


def _graphs(path: Path, settings, state) -> list:
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    docs = []
    for text in document_files(settings):
        result = state["ingest"](text, state["registry"], settings)
        docs.append((str(text.relative_to(settings.root)), result.slug, result.graph))
    with path.open("wb") as f:
        pickle.dump(docs, f, protocol=5)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--graphs", type=Path, required=True, help="pickle of the ingested graphs (made if missing)")
    parser.add_argument("--reports", type=Path)
    parser.add_argument("--ntriples", action="store_true", help="validate from N-Triples bytes (validate_graph(ntriples=))")
    parser.add_argument("--every", type=int, default=1, help="every n-th document only")
    args = parser.parse_args()
    settings = Settings.from_env(ROOT)
    state = load_state(settings)
    docs = _graphs(args.graphs, settings, state)[::args.every]
    shapes, ontology, registry = state["shapes"], state["ontology"], state["registry"].graph
    nts = [g.serialize(format="nt", encoding="utf-8") if args.ntriples else None for _, _, g in docs]
    gc.freeze()  # the pickled graphs of every document are not what a worker's collector walks
    validate_graph(docs[0][2], shapes, ontology, context=registry)  # compile the shapes, convert the context
    cpu, texts = [], []
    wall = time.perf_counter()
    for (rel, slug, graph), nt in zip(docs, nts):
        extra = {"ntriples": nt} if nt is not None else {}
        t = time.process_time()
        report = validate_graph(graph, shapes, ontology, context=registry, name=f"document {slug}", **extra)
        cpu.append((time.process_time() - t, rel))
        texts.append(report.text())
    wall = time.perf_counter() - wall
    print(f"{len(docs)} graphs, {sum(len(g) for _, _, g in docs)} triples: {sum(c for c, _ in cpu):.2f} s CPU, "
          f"{wall:.2f} s wall{' (from N-Triples)' if args.ntriples else ''}")
    for c, rel in sorted(cpu, reverse=True)[:5]:
        print(f"  {c:.2f} s  {rel}")
    if args.reports:
        args.reports.write_text("\n".join(texts) + "\n")


if __name__ == "__main__":
    main()
