"""Ingesting and validating documents, in worker processes (one per core by default) or in this one.

Each worker loads the registry, the ontology and the shapes once, then takes
documents one at a time: ingest, validate in the registry's context, and
write the conforming graph into the cache (so only a small record crosses
back to the build). Workers are spawned, not forked, so that no store or
thread state of the build process leaks into them. A build with many files
to read starts them first (:func:`start_pool`) and has them read the treaty
texts' provisions (:func:`read_provisions`), so that their start-up
(imports, ontology, registry, shapes) runs while the build loads its own;
the provisions index reaches them with each document (:func:`run_all`).
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from typing import Callable
from pathlib import Path

from ..registry import Registry
from .cache import _finish_document, document_lines, ntriples_bytes
from .documents import _input_errors
from .summary import BuildFailed

#: What a worker holds between documents: settings, registry, ontology, shapes, ingest.
_STATE: dict = {}


@dataclass
class Pending:
    """A document the cache lacks: to ingest and validate."""

    text: Path
    rel: str
    key: str
    nt: Path
    info: Path


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def load_state(settings, ingest=None, registry=None, ontology=None, shapes=None, lint=None, provisions=None) -> dict:
    """Fill this process's worker state (what is not given is loaded from ``settings``; ``provisions``,
    the corpus's provision index, is handed to the default ingestion)."""
    from ..validate import load_ontology, load_shapes
    from .documents import default_ingest

    _STATE.clear()
    _STATE.update(
        settings=settings,
        ingest=ingest or default_ingest(),
        registry=registry or Registry.load(settings.registry_dir, settings.base),
        ontology=ontology if ontology is not None else load_ontology(settings),
        shapes=shapes if shapes is not None else load_shapes(settings, "data"),
        lint=lint if lint is not None else load_shapes(settings, "ontology"),
        provisions=provisions,
    )
    return _STATE


def _init_worker(settings, provisions=None) -> None:
    load_state(settings, provisions=provisions)


def start_pool(settings, jobs: int):
    """A pool of up to ``jobs`` spawned worker processes (each started when work is first sent to it)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(settings,))


def _file_provisions(path: Path):
    from ..ingest.resolve.provisions import file_provisions

    return file_provisions(path, _STATE["registry"])


def read_provisions(pool, paths: list[Path]) -> dict[Path, object]:
    """Send ``pool`` the files whose provisions to read, the largest first: a future per path."""
    return {path: pool.submit(_file_provisions, path) for path in sorted(paths, key=lambda p: -_size(p))}


def provisions_of_files(pool, sent: dict[Path, object], paths: list[Path]) -> list[dict]:
    """The provisions each of ``paths`` holds (:func:`~treatygraph.ingest.resolve.provisions.file_provisions`),
    in that order: from ``sent`` (see :func:`read_provisions`), else read in ``pool`` now."""
    futures = [sent[p] if p in sent else pool.submit(_file_provisions, p) for p in paths]
    return [f.result() for f in futures]


def _ingest_with(p: Pending, fingerprint: str | None, index: bytes | None):
    """:func:`ingest_and_validate` with the corpus's provision index (pickled: unpickled once per worker)."""
    if _STATE.get("provisions_fingerprint", "") != fingerprint:
        _STATE["provisions"] = pickle.loads(index) if index is not None else None
        _STATE["provisions_fingerprint"] = fingerprint
    return ingest_and_validate(p)


def ingest_and_validate(p: Pending):
    """``("ok", _DocGraph, report)`` or ``("failed", message)``; a :class:`ShapeError` propagates."""
    from rdflib import Graph

    from ..namespaces import bind_prefixes
    from ..validate import validate_graph

    s = _STATE
    try:
        try:
            extra = {"provisions": s["provisions"]} if s.get("provisions") is not None else {}
            result = s["ingest"](p.text, s["registry"], s["settings"], **extra)
        except _input_errors() as exc:
            message = str(exc) if str(exc).startswith(str(p.text)) else f"{p.text}: {exc}"
            raise BuildFailed(message) from exc
        except Exception as exc:  # noqa: BLE001 - a layout that cannot parse this file: skip it, say why
            raise BuildFailed(f"{p.text}: cannot be ingested ({type(exc).__name__}: {exc}); "
                              "please report this file") from exc
    except BuildFailed as exc:
        return ("failed", str(exc))
    # The N-Triples are written from the triples as built (treatygraph.ntriples), not by rdflib's serializer.
    lines = document_lines(result)
    nt = ntriples_bytes(lines)
    # Validated from its N-Triples (pyoxigraph parses them): the document's rdflib graph is never built in a
    # build. The empty graph with the project's prefixes names focus nodes as the document graph would.
    report = validate_graph(bind_prefixes(Graph()), s["shapes"], s["ontology"], context=s["registry"].graph,
                            name=f"document {result.slug}", ntriples=nt)
    doc = _finish_document((p.key, p.nt, p.info), result, report, nt)
    if report.conforms:
        from .store import _split

        # split as the store holds it, here in parallel, not in the build's tail; from the lines in memory
        _split(doc, s["settings"].base, lines)
    return ("ok", doc, report)


def validate_base(which: str):
    """The report of ``"ontology (lint)"``, ``"ontology"`` or ``"registry"``."""
    from ..validate import validate_graph

    s = _STATE
    if which == "ontology (lint)":
        return validate_graph(s["ontology"], s["lint"], name=which)
    data = s["ontology"] if which == "ontology" else s["registry"].graph
    return validate_graph(data, s["shapes"], s["ontology"], name=which)


def run_all(pending: list[Pending], base: list[str], settings, jobs: int, state: dict,
            on_done: Callable[[str], None] | None = None, pool=None):
    """Results of every pending document and base report, in order: in ``pool`` (see :func:`start_pool`)
    when given, else in ``jobs`` processes when there is more than one document to do, else in this
    process with ``state`` (see :func:`load_state`). ``on_done(rel)`` is called as each document is
    finished (the progress bar)."""
    done = on_done or (lambda rel: None)
    if pool is None and jobs > 1 and len(pending) > 1 and state.get("default_ingest", True):
        with start_pool(settings, min(jobs, len(pending))) as own:
            return run_all(pending, base, settings, jobs, state, on_done, pool=own)
    if pool is not None:
        from concurrent.futures import as_completed

        provisions = state.get("provisions")
        fingerprint = provisions.fingerprint if provisions is not None else None
        index = pickle.dumps(provisions) if provisions is not None else None
        base_futures = [pool.submit(validate_base, b) for b in base]
        # largest first: a long document started last would leave the other cores idle
        order = sorted(range(len(pending)), key=lambda i: -_size(pending[i].text))
        futures = {pool.submit(_ingest_with, pending[i], fingerprint, index): i for i in order}
        docs: list = [None] * len(pending)
        for future in as_completed(futures):
            i = futures[future]
            docs[i] = future.result()
            done(pending[i].rel)
        return docs, [f.result() for f in base_futures]
    docs = []
    for p in pending:
        docs.append(ingest_and_validate(p))
        done(p.rel)
    return docs, [validate_base(b) for b in base]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
