"""Build the embedded store: ontology + registry + documents -> validated named graphs -> new store -> swap.

Layout, next to the store location ``S`` (``settings.store_location``)::

    S                         a symlink to the current build's store (what servers open)
    S.builds/builds/<id>/store/      one pyoxigraph on-disk store per build
    S.builds/builds/<id>/build.json  what went into it (input keys, counts); written last
    S.builds/builds/<id>/vocabulary/ the ontology's and registry's N-Triples (read by the next build)
    S.builds/builds/<id>/resources.held  graph/resources's statements that several documents state, with
                                     how many (the next build's update of that graph)
    S.builds/builds/<id>/derivation-<key>.nq  the statements graph/derived was computed from (the next update's)
    S.builds/builds/<id>/store.search.sqlite  the store's full-text index
    S.builds/cache/<slug>/<key>.nt (+ .json)   validated document graphs, by input key
    S.builds/cache/<slug>/<key>.own, .shared   the graph split as the store holds it (:mod:`treatygraph.layout`)
    S.builds/provisions/<key>.json   the provisions each document file holds of an instrument's text
    S.builds/.lock                   one build at a time

Named graphs of a store: ``graph/ontology``, ``graph/registry``, one
``graph/doc/{slug}`` per document with what the document owns, and
``graph/resources`` with what documents say about resources they do not own,
once (:mod:`treatygraph.layout`), ``graph/derived``, computed from the
others by ``queries/derive/*.rq`` (:mod:`treatygraph.derive`), and ``graph/void``,
the VoID statistics of all the others (``queries/void/*.rq``, :mod:`treatygraph.void`).

A build validates every graph on its own (ontology, registry, each document
in the registry's context), writes a NEW store in a fresh directory with
pyoxigraph's bulk loader and only then replaces the symlink with
``os.replace`` (atomic). A failing build removes its own directory and leaves
the current store serving. A document whose text, metadata, registry,
ontology, shapes and code, and the index of the provisions the corpus's treaty
texts hold (``S.builds/provisions/``, one entry per file; see
:mod:`treatygraph.ingest.resolve.provisions`), are unchanged is not ingested again: its validated
graph comes from the cache (the files the index reads, it reads and segments
once per build: their ingestion starts from that reading); the reports of the ontology and the registry are
cached the same way (by the checksum of ontology, registry, shapes and code),
so a rebuild after one document changed ingests and validates that document
only, then writes the store from ready-made parts: the other documents' graphs
already split, the ontology's and registry's N-Triples from the build served
before (when made from the same ontology, registry, shapes and code). Such a
rebuild does not write the store whole: the new store is a checkpoint of the
served one (``Store.backup``: hard links to its immutable files, which are
never written) in which the changed documents' graphs are replaced,
``graph/resources`` is updated by the lines those documents stopped or started
stating (how many documents state a line is kept with each build), ``graph/derived``
is computed again from the statements its queries can match (kept with each
build), ``graph/void`` is updated by the statements that changed and the search
index for the subjects whose statements changed (:func:`.store.write_store`;
``BuildSummary.store_updated``): the same quads as a build from scratch. When
nothing at all changed, nothing is written.

Modules: :mod:`.inputs` (paths, document files, keys), :mod:`.cache`,
:mod:`.workers` (ingest + validate, one process per core), :mod:`.validation`,
:mod:`.store` (bulk load, derived links, swap, clean-up), :mod:`.summary`.

A document file that cannot be read or parsed, or whose graph violates the
shapes, is reported (``BuildSummary.skipped``, with its location) and left out;
the rest of the corpus builds. So is a document or ``.meta.toml`` that links
outside ``data/``, is not a regular file or is larger than
:data:`MAX_DOCUMENT_BYTES` (never read). If the current store holds a graph
built from an earlier version of that file, that graph is kept (nothing already
served is lost). ``strict=True`` (``treatygraph build --strict``) makes any such
error fatal. A shape whose query fails stops the build (named, with its file).

A cache entry is written whole (temporary file, then ``os.replace``; its
``.json``, written last, holds the ``.nt``'s checksum); a damaged one is
discarded with a warning and the document ingested again.

Clean-up never trusts file times: after a swap, every build but the new one
and the one served before it is removed; before a build, directories that a
killed build left (no ``build.json``) are removed, never the served one.

Exit codes of ``treatygraph build``: 0 built (or already up to date, possibly
with skipped documents), 1 the input does not conform to the shapes or cannot
be read (with ``--strict``: any document), 2 any other error.
"""

from __future__ import annotations

import fcntl
import gc
import json
import shutil
import time
import traceback
from contextlib import ExitStack
from functools import partial
from datetime import datetime, timezone
from pathlib import Path

from .. import derive, identifiers, void
from ..registry import Registry, RegistryError
from .cache import _cache_dir, _DocGraph, _from_cache, _previous_graph, _rel, _write_text, load_reports, save_reports
from .documents import Ingest, default_ingest
from .inputs import (
    CACHE_FORMAT,
    MAX_DOCUMENT_BYTES,
    NOT_DOCUMENTS,
    _current_manifest,
    _files_hash,
    _code_hash,
    _meta_file,
    _sha,
    check_document_files,
    document_files,
    is_document_file,
    max_document_bytes,
    open_store_path,
    store_area,
)
from .store import _prune, _remove_orphans, _served_build, _swap, derivation_record, search_record, write_store
from .summary import BuildError, BuildFailed, BuildSummary
from .validation import ValidationTask, _shape_error_text, validate_all, validate_graph
from .workers import (
    Pending, default_jobs, load_state, provisions_of_files, read_here, read_provisions, run_all, start_pool,
)

__all__ = [
    "CACHE_FORMAT", "MAX_DOCUMENT_BYTES", "NOT_DOCUMENTS", "BuildError", "BuildFailed", "BuildSummary", "Ingest",
    "ValidationTask", "build", "check_document_files", "default_ingest", "document_files", "is_document_file",
    "max_document_bytes", "open_store_path", "store_area", "validate_all", "validate_graph",
]


def build(
    settings, *, progress: bool = True, ingest: Ingest | None = None, force: bool = False, jobs: int = 0,
    strict: bool = False,
) -> BuildSummary:
    """Build a new store from the project at ``settings.root`` and swap it in.

    Raises :class:`BuildFailed` (with ``.summary``) when a graph violates the
    shapes or an input cannot be read, :class:`BuildError` otherwise; in both
    cases the current store is untouched. Documents the cache lacks are ingested and
    validated in ``jobs`` worker processes (0, the default: one per core; 1: in this
    process); a custom ``ingest`` (replacing the ingestion entry point) runs in this
    process. A document that cannot be read or does not conform is skipped (``summary.skipped``) unless ``strict``.
    """
    started = time.monotonic()
    area = store_area(settings)
    area.mkdir(parents=True, exist_ok=True)
    with open(area / ".lock", "w") as lock, ExitStack() as cleanup:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(f"another build is running ({area / '.lock'})") from exc
        summary = _build_locked(settings, area, progress, ingest, force, jobs, strict, cleanup)
    summary.seconds = time.monotonic() - started
    return summary


def _build_locked(settings, area: Path, progress: bool, ingest: Ingest | None, force: bool, jobs: int,
                  strict: bool, cleanup: ExitStack) -> BuildSummary:
    """``ingest``: None for the default ingestion (imported here, once the workers are started);
    ``cleanup`` stops the workers when the build ends."""
    from tqdm import tqdm

    root = Path(settings.root)
    base = settings.base
    _remove_orphans(area, _served_build(settings))
    texts = document_files(settings)
    summary = BuildSummary(documents=len(texts))
    refused = check_document_files(texts, settings)
    if refused and strict:
        raise BuildFailed(next(iter(refused.values())), summary)
    jobs = jobs if jobs > 0 else default_jobs()

    onto_files = sorted(Path(settings.ontology_dir).glob("*.ttl"))
    reg_files = sorted(Path(settings.registry_dir).glob("*.ttl"))
    shape_files = sorted(Path(settings.shapes_dir).glob("*.ttl"))
    keys = {
        "format": str(CACHE_FORMAT),
        "base": base,
        "code": _code_hash(),
        "ontology": _files_hash(onto_files, root),
        "registry": _files_hash(reg_files, root),
        "shapes": _files_hash(shape_files, root),
    }
    common = _sha(*[f"{k}={v}".encode() for k, v in sorted(keys.items())])
    docs_root = Path(settings.documents_dir)
    doc_keys = {}
    unreadable: dict[str, str] = {}
    for t in texts:
        meta = _meta_file(t)
        if t in refused:  # never read: reported below, as any document that cannot be read
            unreadable[_rel(t, docs_root)] = refused[t]
            doc_keys[_rel(t, docs_root)] = "refused"
            continue
        try:
            doc_keys[_rel(t, docs_root)] = _sha(common.encode(), t.read_bytes(),
                                                meta.read_bytes() if meta.exists() else b"")[:20]
        except OSError as exc:  # unreadable: reported below, as any document that cannot be read
            unreadable[_rel(t, docs_root)] = f"{t}: cannot be read: {exc.strerror or exc}"
            doc_keys[_rel(t, docs_root)] = "unreadable"
    # Many files the provision index has not read (a build from scratch, changed code or registry): the
    # workers start now and read their provisions (then documents) while this process imports the ingestion
    # and loads the ontology and registry; each keeps the files it read (and segmented) for their ingestion,
    # which is sent to it (workers.run_all). (``<key>.json``: ``provisions.entry_name``, the entry
    # corpus_provisions keeps per file, written here again so as not to import the ingestion, which takes a second.)
    pool, sent = None, {}
    unread = [t for t in texts if _rel(t, docs_root) not in unreadable
              and not (area / "provisions" / f"{doc_keys[_rel(t, docs_root)]}.json").exists()]
    if ingest is None and jobs > 1 and len(unread) > 1:
        pool = start_pool(settings, jobs)
        cleanup.callback(pool.shutdown, cancel_futures=True)
        sent = read_provisions(pool, unread)
    if ingest is None:
        ingest = default_ingest()
    if texts and ingest is None:
        summary.warnings.append("ingestion is not installed: documents skipped")
        texts = []
        doc_keys, unreadable = {}, {}
        summary.documents = 0
    # The derivation and VoID queries (and their code) change graph/derived and graph/void only: part of the
    # build's key, not the cache's.
    build_key = _sha(common.encode(), derive.derivation_key(Path(settings.queries_dir)).encode(),
                     void.statistics_key(Path(settings.queries_dir)).encode(),
                     *[f"{n}={k}".encode() for n, k in sorted(doc_keys.items())], f"strict={strict}".encode())

    current = _current_manifest(settings)
    if current and current.get("key") == build_key and not force:
        summary.store_path = open_store_path(settings)
        summary.build_id = current["id"]
        for name in ("triples", "graphs", "citations", "unresolved", "warnings"):
            setattr(summary, name, current[name])
        summary.skipped = list(current.get("skipped", []))
        summary.reused = summary.documents
        return summary

    # One step for loading the ontology and registry, one per document (cached, skipped or ingested and
    # validated), one for writing the store: a person can follow a corpus build file by file.
    bar = tqdm(total=2 + len(texts), disable=not progress, unit="step", desc="build", dynamic_ncols=True)
    try:
        bar.set_postfix_str("ontology")
        clock = time.monotonic()
        try:
            from ..validate import ShapeError, load_ontology, load_shapes

            ontology = load_ontology(settings)
            registry = Registry.load(settings.registry_dir, base)
            data_shapes = load_shapes(settings, "data")
            lint_shapes = load_shapes(settings, "ontology")
        except (RegistryError, ValueError) as exc:
            raise BuildFailed(str(exc), summary) from exc
        provisions = None
        read: dict = {}  # the files the index read in this process, kept for their ingestion here
        if ingest is default_ingest():
            # What the corpus's treaty texts hold (the resolver checks inferred articles against it) is
            # part of every document's cache key: a changed treaty text re-resolves the documents citing it.
            from ..ingest.resolve import corpus_provisions

            # the files are read (and the treaty texts segmented) once: the worker, or this process, that
            # read a file for the index keeps it for the file's ingestion
            compute = partial(provisions_of_files, pool, sent) if pool is not None else \
                partial(read_here, read, registry)
            provisions = corpus_provisions([(t, doc_keys[_rel(t, docs_root)]) for t in texts
                                            if _rel(t, docs_root) not in unreadable], registry, area / "provisions",
                                           compute=compute)
            doc_keys = {rel: k if rel in unreadable else _sha(k.encode(), provisions.fingerprint.encode())[:20]
                        for rel, k in doc_keys.items()}
        # What the cache lacks is ingested and validated (in worker processes), with the ontology and
        # registry, unless their reports are cached under the same inputs, shapes and code.
        bar.update(1)
        summary.stages["load"], clock = time.monotonic() - clock, time.monotonic()
        found: list[_DocGraph | Pending] = []
        kept_texts: list[Path] = []
        cache_warnings: list[str] = []  # about this run only: not replayed from build.json
        previous_files = (current or {}).get("files", {})

        def skip(rel: str, message: str) -> _DocGraph | None:
            if strict:
                raise BuildFailed(message, summary)
            summary.skipped.append(message)
            previous = _previous_graph(area, rel, previous_files.get(rel), cache_warnings)
            if previous is not None:
                previous.warnings = previous.warnings + [f"{rel}: kept the graph built from its previous version"]
            return previous

        for t in texts:
            rel = _rel(t, docs_root)
            if rel in unreadable:
                got = skip(rel, unreadable[rel])
            else:
                cache = _cache_dir(area, rel)
                key = doc_keys[rel]
                got = _from_cache(cache / f"{key}.nt", cache / f"{key}.json", key, cache_warnings, rel) \
                    or Pending(t, rel, key, cache / f"{key}.nt", cache / f"{key}.json")
            if got is not None:
                found.append(got)
                kept_texts.append(t)
        texts = kept_texts
        base_names = ["ontology (lint)", "ontology", "registry"]
        base_reports = None if force else load_reports(area, common)
        summary.base_reports_reused = base_reports is not None
        pending = [f for f in found if isinstance(f, Pending)]
        bar.set_description("documents")
        bar.update(len(texts) - len(pending))  # from the cache, or skipped unread

        def document_done(rel: str) -> None:
            bar.set_postfix_str(rel, refresh=False)
            bar.update(1)

        state = load_state(settings, ingest, registry, ontology, data_shapes, lint_shapes, provisions, read)
        state["default_ingest"] = ingest is default_ingest() or ingest is None
        try:
            results, fresh_base = run_all(pending, [] if base_reports else base_names, settings,
                                          jobs, state, on_done=document_done, pool=pool)
        except ShapeError as exc:
            raise BuildFailed(_shape_error_text(exc, settings), summary) from exc
        if pool is not None:
            pool.shutdown()  # their memory is free before the store is written
        if base_reports is None:
            base_reports = fresh_base
            if all(r.conforms for r in base_reports):
                save_reports(area, common, base_reports)
        summary.stages["documents"], clock = time.monotonic() - clock, time.monotonic()
        summary.warnings += cache_warnings
        summary.reports += base_reports
        docs: list[_DocGraph] = []
        outcome = iter(results)
        built_texts: list[Path] = []
        for t, f in zip(texts, found):
            if isinstance(f, Pending):
                got = next(outcome)
                if got[0] == "failed":
                    f = skip(f.rel, got[1])
                else:
                    _, doc, report = got
                    if report.conforms or strict:
                        summary.reports.append(report)
                        f = doc
                    else:
                        f = skip(f.rel, f"{t}: its graph violates the shapes:\n{report.text()}")
                if f is None:
                    continue
            docs.append(f)
            built_texts.append(t)
        texts = built_texts
        for d in docs:
            summary.citations += d.citations
            summary.unresolved += d.unresolved
            summary.warnings += [f"{d.slug}: {w}" for w in d.warnings]
            summary.ingested += not d.reused
            summary.reused += d.reused
        seen: dict[str, str] = {}
        for t, d in zip(texts, docs):
            if d.uri in seen:
                raise BuildFailed(f"{seen[d.uri]} and {_rel(t, docs_root)} both make the graph {d.uri} "
                                  "(one slug per document)", summary)
            seen[d.uri] = _rel(t, docs_root)
        if not summary.ok:
            raise BuildFailed(f"{len(summary.violations)} SHACL violation(s); the current store is unchanged", summary)

        if not derive.derivation_queries(Path(settings.queries_dir)):
            summary.warnings.append(f"no {Path(settings.queries_dir) / 'derive'}/*.rq: graph/derived stays empty "
                                    "(the interlinkages and instrument-network queries read it)")
        bar.set_description("store")
        bar.set_postfix_str(f"{len(docs)} documents")
        graphs = {
            identifiers.graph_uri("ontology", base): ontology,
            identifiers.graph_uri("registry", base): registry.graph,
        }
        build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + build_key[:8]
        build_dir = area / "builds" / build_id
        try:
            served = _served_build(settings)
            same_vocabulary = not force and served is not None and current.get("keys") == keys
            counts, summary.store_updated = write_store(build_dir / "store", graphs, docs, base,
                                                        Path(settings.queries_dir),
                                                        previous=served if same_vocabulary else None,
                                                        previous_manifest=current)
            summary.vocabulary_reused = same_vocabulary
            manifest = {
                "format": CACHE_FORMAT,
                "id": build_id,
                "key": build_key,
                "keys": keys,
                "documents": {d.slug: d.key for d in docs},
                "graph_keys": {d.uri: d.key for d in docs},
                "derivation": derivation_record(Path(settings.queries_dir), current),
                "search": search_record(Path(settings.queries_dir), current),
                # what graph/void was counted with: a rebuild updates those figures, else counts them again
                "statistics": void.statistics_key(Path(settings.queries_dir)),
                "files": {_rel(t, docs_root): d.key for t, d in zip(texts, docs)},
                "skipped": summary.skipped,
                "graphs": counts,
                "triples": sum(counts.values()),
                "citations": summary.citations,
                "unresolved": summary.unresolved,
                "warnings": [w for w in summary.warnings if w not in cache_warnings],
                "created": datetime.now(timezone.utc).isoformat(),
            }
            _write_text(build_dir / "build.json", json.dumps(manifest, indent=2, ensure_ascii=False))
            previous = _swap(Path(settings.store_location), build_dir / "store", area)
        except BaseException as exc:
            # the new store is still open in the failed frames' locals: close it first, or RocksDB writes
            # its files again into the directory being removed
            traceback.clear_frames(exc.__traceback__)
            gc.collect()
            shutil.rmtree(build_dir, ignore_errors=True)
            raise
        bar.update(1)
        summary.stages["store"] = time.monotonic() - clock
        summary.changed = True
        summary.build_id = build_id
        summary.graphs = counts
        summary.triples = manifest["triples"]
        summary.store_path = open_store_path(settings)
        _prune(area, keep_builds={build_dir, previous},
               keep_doc_keys={d.key for d in docs} | set((current or {}).get("documents", {}).values()))
        return summary
    finally:
        bar.close()
