"""Writing a new store (bulk load, layout, derived links) and swapping it in; removing old builds."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .. import derive, identifiers, layout
from .cache import _DocGraph
from .summary import BuildError


def _load(targets, data: bytes, graph: str) -> None:
    for target in targets:
        target.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))


def _graph_lines(graphs: dict[str, Graph]) -> dict[str, bytes]:
    """The ontology and registry graphs as N-Triples."""
    return {uri: g.serialize(format="nt", encoding="utf-8") for uri, g in graphs.items()}


def _stated(data: dict[str, bytes]) -> set[str]:
    return {line for d in data.values() for line in d.decode("utf-8").split("\n")}  # N-Triples lines end in \n only


def _split(d: _DocGraph, base: str) -> tuple[list[str], list[str]]:
    """A cached document graph's own statements and those about resources it does not own."""
    # split on \n only: a literal may hold U+2028, U+0085 or form feeds that splitlines() would cut
    lines = d.path.read_bytes().decode("utf-8").split("\n")
    return layout.split_ntriples(lines, d.doc or d.slug, base)


def _finish(store: ox.Store, memory: ox.Store, shared: set[str], expected: dict[str, int], base: str,
            queries_dir: Path, targets) -> dict[str, int]:
    """Load ``graph/resources``, compute ``graph/derived`` on ``memory`` and copy it into ``store``; check the counts."""
    resources = identifiers.resources_graph_uri(base)
    _load(targets, "\n".join(sorted(shared)).encode("utf-8"), resources)
    expected[resources] = len(shared)
    derived = identifiers.derived_graph_uri(base)
    expected[derived] = derive.add_derived(memory, queries_dir, base)
    store.add_graph(ox.NamedNode(derived))
    store.extend(memory.quads_for_pattern(None, None, None, ox.NamedNode(derived)))
    memory.clear()
    store.flush()
    held = {str(r["g"].value): int(r["n"].value) for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    counts = {uri: held.pop(uri, 0) for uri in expected}
    if counts != expected or held:
        raise BuildError(f"the new store holds {counts}, expected {expected}"
                         + (f"; and graphs it should not: {sorted(held)}" if held else ""))
    return counts


def _write_store(path: Path, graphs: dict[str, Graph], docs: list[_DocGraph], base: str,
                 queries_dir: Path) -> dict[str, int]:
    """Bulk-load every graph into a new on-disk store at ``path``; returns triples per graph.

    Each document graph is split (:mod:`treatygraph.layout`): its own statements
    go to its graph, those about shared resources once into ``graph/resources``.
    Then ``graph/derived`` is computed from the rest (:mod:`treatygraph.derive`), on an in-memory copy.
    """
    path.mkdir(parents=True)
    store = ox.Store(str(path))
    # graph/derived is computed on an in-memory copy (its queries ran 10-20x slower on RocksDB),
    # then copied into the new store.
    memory = ox.Store()
    targets = (store, memory)
    data = _graph_lines(graphs)
    for uri, nt in data.items():
        _load(targets, nt, uri)
    stated = _stated(data)
    expected = {u: len(g) for u, g in graphs.items()}
    shared: set[str] = set()
    for d in docs:
        own, about_others = _split(d, base)
        _load(targets, "\n".join(own).encode("utf-8"), d.uri)
        expected[d.uri] = len(own)
        shared.update(about_others)
    counts = _finish(store, memory, shared - stated, expected, base, queries_dir, targets)
    del store
    return counts


def _update_store(path: Path, previous: Path, previous_docs: dict[str, str], graphs: dict[str, Graph],
                  docs: list[_DocGraph], base: str, queries_dir: Path) -> dict[str, int]:
    """A new store at ``path`` equal to what :func:`_write_store` writes, made from the store served now.

    ``previous`` is that store, built from the same ontology, registry, shapes and code (the caller
    checks), ``previous_docs`` its document graphs (URI -> cache key). It is copied (a RocksDB
    checkpoint: hard links to its immutable files; the served store is only read), the graphs of the
    documents that changed, appeared or went are replaced, and ``graph/resources`` and
    ``graph/derived`` are computed again from the whole new dataset. Every graph is counted at the end.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    source = ox.Store.read_only(str(previous))
    try:
        source.backup(str(path))
    finally:
        del source
    store = ox.Store(str(path))
    unchanged = {d.uri for d in docs if previous_docs.get(d.uri) == d.key}
    resources, derived = identifiers.resources_graph_uri(base), identifiers.derived_graph_uri(base)
    for uri in [*previous_docs, resources, derived]:
        if uri not in unchanged:
            store.remove_graph(ox.NamedNode(uri))
    stated = _stated(_graph_lines(graphs))
    expected = {u: len(g) for u, g in graphs.items()}
    shared: set[str] = set()
    for d in docs:
        own, about_others = _split(d, base)
        if d.uri not in unchanged:
            _load((store,), "\n".join(own).encode("utf-8"), d.uri)
        expected[d.uri] = len(own)
        shared.update(about_others)
    store.flush()
    # graph/derived is computed on an in-memory copy of everything but graph/resources (loaded next)
    memory = ox.Store()
    memory.bulk_load(input=store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    counts = _finish(store, memory, shared - stated, expected, base, queries_dir, (store, memory))
    del store
    return counts


def _swap(location: Path, new_store: Path, area: Path) -> Path | None:
    """Point ``location`` at ``new_store`` atomically (a symlink replaced with ``os.replace``).

    Returns the build directory served until now (None if there was none).
    """
    location.parent.mkdir(parents=True, exist_ok=True)
    previous = _symlinked_build(location)
    if location.exists() and not location.is_symlink():
        # A store directory from before builds were swapped: keep it as a build.
        legacy = area / "builds" / ("legacy-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S"))
        legacy.mkdir(parents=True)
        os.replace(location, legacy / "store")
        previous = legacy
    tmp = location.with_name(f".{location.name}.{os.getpid()}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(new_store, location.parent), tmp)
    os.replace(tmp, location)
    return previous


def _symlinked_build(location: Path) -> Path | None:
    """The build directory the store symlink ``location`` points at (None if it is not a live symlink)."""
    return location.resolve().parent if location.is_symlink() and location.exists() else None


def _served_build(settings) -> Path | None:
    return _symlinked_build(Path(settings.store_location))


def _build_dirs(area: Path) -> list[Path]:
    builds = area / "builds"
    return [p for p in builds.iterdir() if p.is_dir() and not p.is_symlink()] if builds.is_dir() else []


def _is_complete(build_dir: Path) -> bool:
    """A build that got as far as its ``build.json`` (written after its store), or a pre-swap legacy store."""
    return (build_dir / "build.json").is_file() or build_dir.name.startswith("legacy-")


def _remove_orphans(area: Path, served: Path | None) -> None:
    """Remove what a killed build left: build directories without ``build.json`` (never the served one).

    Runs under the build lock, so no other build is writing one of them.
    """
    for build_dir in _build_dirs(area):
        if not _is_complete(build_dir) and build_dir.resolve() != (served.resolve() if served else None):
            shutil.rmtree(build_dir, ignore_errors=True)
    for tmp in (area / "cache").glob("*/*.tmp"):
        tmp.unlink(missing_ok=True)


def _prune(area: Path, keep_builds: set[Path | None], keep_doc_keys: set[str]) -> None:
    """Remove every build but ``keep_builds`` (the new one and the one served before it) and unused cache entries.

    Which builds stay is decided by the symlink, never by file times: the
    served build and its predecessor survive, orphans and older builds go.
    """
    keep = {p.resolve() for p in keep_builds if p is not None}
    for build_dir in _build_dirs(area):
        if build_dir.resolve() not in keep:
            shutil.rmtree(build_dir, ignore_errors=True)
    for slug_dir in (area / "cache").glob("*"):
        for f in slug_dir.glob("*"):
            if f.name.split(".", 1)[0] not in keep_doc_keys:
                f.unlink(missing_ok=True)
