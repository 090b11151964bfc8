"""CPU seconds of each step a build worker takes per document, over every document of ``data/``, in one process.

    python -m benchmarks.worker_stages OUT_DIR [--only SUBSTRING ...]

Each document file the build ingests (``build.inputs.document_files``) goes
through what ``build.workers.ingest_and_validate`` does, with the corpus's
provision index as the build makes it: ingestion, the N-Triples lines of the
triples as built, validation of those N-Triples in the registry's context (no
rdflib Graph of the document), the cache entry (written under ``OUT_DIR``) and
the split.
Each step is timed with ``time.process_time``; the totals are printed as JSON.
Also runs on a checkout from before the N-Triples writer (its cache entry then
includes rdflib's serializer, its ingestion the rdflib Graph).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from pathlib import Path

from rdflib import Graph

from treatygraph.build import cache, store, workers
from treatygraph.build.inputs import document_files
from treatygraph.config import Settings
from treatygraph.namespaces import bind_prefixes
from treatygraph.ingest.resolve import corpus_provisions
from treatygraph.registry import Registry
from treatygraph.validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]


def run(out: Path, only: list[str] | None = None) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    settings = Settings.from_env(ROOT)
    registry = Registry.load(settings.registry_dir, settings.base)
    keys = [(t, hashlib.sha256(t.read_bytes()).hexdigest()[:20]) for t in document_files(settings)
            if not only or any(o in str(t) for o in only)]
    provisions = corpus_provisions(keys, registry, out / "provisions")
    s = workers.load_state(settings, registry=registry, provisions=provisions)
    writer = hasattr(cache, "document_lines")
    seconds: dict[str, float] = {}

    def timed(step: str, f, *args, **kwargs):
        t0 = time.process_time()
        value = f(*args, **kwargs)
        seconds[step] = seconds.get(step, 0.0) + time.process_time() - t0
        return value

    for i, (path, key) in enumerate(keys):
        paths = (key, out / f"{i:03d}" / f"{key}.nt", out / f"{i:03d}" / f"{key}.json")
        result = timed("ingest", s["ingest"], path, s["registry"], settings, provisions=provisions)
        if writer:
            lines = timed("N-Triples lines", cache.document_lines, result)
            nt = timed("N-Triples lines", cache.ntriples_bytes, lines)
            # as the worker does since validate_graph takes N-Triples: no rdflib Graph of the document
            report = timed("validate", validate_graph, bind_prefixes(Graph()), s["shapes"], s["ontology"],
                           context=s["registry"].graph, name=f"document {result.slug}", ntriples=nt)
        else:
            report = timed("validate", validate_graph, result.graph, s["shapes"], s["ontology"],
                           context=s["registry"].graph, name=f"document {result.slug}")
        if writer:
            doc = timed("cache entry", cache._finish_document, paths, result, report, nt)
            timed("split", store._split, doc, settings.base, lines)
        else:
            doc = timed("cache entry", cache._finish_document, paths, result, report)
            timed("split", store._split, doc, settings.base)
    seconds["total"] = sum(seconds.values())
    return {k: round(v, 1) for k, v in seconds.items()}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="where the cache entries go (emptied first)")
    ap.add_argument("--only", nargs="*", default=[], help="only files whose path holds one of these")
    a = ap.parse_args(argv)
    print(json.dumps(run(a.out, a.only)))


if __name__ == "__main__":
    main()
