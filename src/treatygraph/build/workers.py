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

Each worker keeps the files it read for the index (text, metadata and, for a
treaty or decision text, its segmentation: :class:`~treatygraph.ingest.reading.ReadDocument`),
and :func:`run_all` sends a document to the worker that read it, so that a build from
scratch reads and segments each file once. Hence one single-process executor per
worker (:class:`Workers`), not one shared pool: a document can be addressed to its worker.
"""

from __future__ import annotations

import os
import pickle
from collections import deque
from dataclasses import dataclass
from typing import Callable
from pathlib import Path

from ..registry import Registry
from .cache import _finish_document, document_lines, ntriples_bytes
from .documents import _input_errors
from .summary import BuildFailed

#: What a worker holds between documents: settings, registry, ontology, shapes, ingest, and the files read
#: for the provision index (``read``: path -> ReadDocument, each taken by its document's ingestion).
_STATE: dict = {}
#: Tasks kept queued per worker: the next one is there when a worker finishes one.
_QUEUED = 2


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


def load_state(settings, ingest=None, registry=None, ontology=None, shapes=None, lint=None, provisions=None,
               read: dict | None = None) -> dict:
    """Fill this process's worker state (what is not given is loaded from ``settings``; ``provisions``,
    the corpus's provision index, is handed to the default ingestion, and so are the files ``read`` for
    that index, by path: see :func:`read_here`)."""
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
        read=read if read is not None else {},
    )
    return _STATE


def _init_worker(settings, provisions=None) -> None:
    load_state(settings, provisions=provisions)


class Workers:
    """``jobs`` spawned worker processes, each its own single-process executor (started when work is first
    sent to it), and which of them read which file (``holder``: its ingestion goes there)."""

    def __init__(self, settings, jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        self.executors = [ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init_worker,
                                              initargs=(settings,)) for _ in range(max(1, jobs))]
        self.holder: dict[Path, int] = {}
        self._bytes = [0] * len(self.executors)  # of the files each was sent to read

    def read(self, path: Path):
        """Send the file to the worker with the fewest bytes to read so far: the future of its provisions."""
        w = min(range(len(self.executors)), key=self._bytes.__getitem__)
        self._bytes[w] += _size(path)
        self.holder[path] = w
        return self.executors[w].submit(_file_provisions, path)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        for executor in self.executors:
            executor.shutdown(wait=wait, cancel_futures=cancel_futures)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


def start_pool(settings, jobs: int) -> Workers:
    """``jobs`` spawned worker processes (see :class:`Workers`)."""
    return Workers(settings, jobs)


def _file_provisions(path: Path):
    from ..ingest.resolve.provisions import file_provisions

    return file_provisions(path, _STATE["registry"], keep=_STATE["read"])


def read_provisions(pool: Workers, paths: list[Path]) -> dict[Path, object]:
    """Send ``pool`` the files whose provisions to read, the largest first, each to the worker with the
    fewest bytes so far: a future per path."""
    return {path: pool.read(path) for path in sorted(paths, key=lambda p: -_size(p))}


def provisions_of_files(pool: Workers, sent: dict[Path, object], paths: list[Path]) -> list[dict]:
    """The provisions each of ``paths`` holds (:func:`~treatygraph.ingest.resolve.provisions.file_provisions`),
    in that order: from ``sent`` (see :func:`read_provisions`), else read in ``pool`` now."""
    futures = [sent[p] if p in sent else pool.read(p) for p in paths]
    return [f.result() for f in futures]


def read_here(read: dict, registry, paths: list[Path]) -> list[dict]:
    """:func:`provisions_of_files` in this process, the files read kept in ``read`` (for :func:`load_state`)."""
    from ..ingest.resolve.provisions import file_provisions

    return [file_provisions(p, registry, keep=read) for p in paths]


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
            read = s.get("read", {}).pop(p.text, None)  # read for the provision index, by this process
            if read is not None and s.get("default_ingest", True):
                extra["read"] = read
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
    try:
        return _run_all(pending, base, settings, jobs, state, on_done or (lambda rel: None), pool)
    finally:
        state.pop("read", None)  # what is left was read for documents the cache holds


def _run_all(pending, base, settings, jobs, state, done, pool):
    if pool is None and jobs > 1 and len(pending) > 1 and state.get("default_ingest", True):
        with start_pool(settings, min(jobs, len(pending))) as own:
            return _run_all(pending, base, settings, jobs, state, done, own)
    if pool is not None:
        provisions = state.get("provisions")
        fingerprint = provisions.fingerprint if provisions is not None else None
        index = pickle.dumps(provisions) if provisions is not None else None
        # the base reports first, then the documents largest first: a long document started last would
        # leave the other cores idle
        tasks = [(validate_base, (b,), None) for b in base]
        order = sorted(range(len(pending)), key=lambda i: -_size(pending[i].text))
        tasks += [(_ingest_with, (pending[i], fingerprint, index), pool.holder.get(pending[i].text)) for i in order]

        def task_done(k: int) -> None:
            if k >= len(base):
                done(pending[order[k - len(base)]].rel)

        results = _dispatch(pool, tasks, task_done)
        docs: list = [None] * len(pending)
        for k, i in enumerate(order):
            docs[i] = results[len(base) + k]
        return docs, results[:len(base)]
    docs = []
    for p in pending:
        docs.append(ingest_and_validate(p))
        done(p.rel)
    return docs, [validate_base(b) for b in base]


def _dispatch(pool: Workers, tasks: list[tuple[Callable, tuple, int | None]],
              on_done: Callable[[int], object]) -> list:
    """The result of each task ``(function, arguments, worker or None)``, in order: a task naming a worker
    (the one that read its file) runs there, unless that worker is still busy when another has nothing
    left (it then reads the file again); tasks start in the order given. ``on_done(k)`` as task k ends."""
    from concurrent.futures import FIRST_COMPLETED, wait

    n = len(pool.executors)
    own: list[deque[int]] = [deque() for _ in range(n)]
    shared: deque[int] = deque()
    for k, (_, _, holder) in enumerate(tasks):
        (own[holder] if holder is not None and holder < n else shared).append(k)
    results: list = [None] * len(tasks)
    running: dict = {}  # future -> (task, worker)
    queued = [0] * n

    def next_task(w: int) -> int | None:
        ready = [q for q in (own[w], shared) if q]
        if not ready and not queued[w]:  # idle, with nothing of its own: another worker's file
            ready = [q for q in own if q]
        return min(ready, key=lambda q: q[0]).popleft() if ready else None

    while True:
        for w in range(n):
            while queued[w] < _QUEUED and (k := next_task(w)) is not None:
                fn, args, _ = tasks[k]
                running[pool.executors[w].submit(fn, *args)] = (k, w)
                queued[w] += 1
        if not running:
            return results
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in finished:
            k, w = running.pop(future)
            queued[w] -= 1
            results[k] = future.result()
            on_done(k)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
