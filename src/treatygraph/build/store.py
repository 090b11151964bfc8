"""Writing a new store (bulk load, layout, derived links, its search index) and swapping it in; removing old builds."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import shutil
import threading
import traceback
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .. import derive, identifiers, layout, void
from .cache import VALIDATION, _DocGraph
from .summary import BuildError


def _load(targets, data: bytes, graph: str) -> None:
    for target in targets:
        target.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))


#: in a build's directory: the ontology's and registry's N-Triples, one file per graph, for the next build
VOCABULARY = "vocabulary"


def _write_bytes(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _vocabulary_file(build_dir: Path, uri: str) -> Path:
    return build_dir / VOCABULARY / (hashlib.sha256(uri.encode("utf-8")).hexdigest()[:16] + ".nt")


def _vocabulary(graphs: dict[str, Graph], build_dir: Path, previous: Path | None) -> dict[str, bytes]:
    """The ontology and registry graphs as N-Triples: from ``previous`` (a build of the same ontology,
    registry, shapes and code) when it kept them, else serialised by rdflib; kept in ``build_dir``."""
    out: dict[str, bytes] = {}
    (build_dir / VOCABULARY).mkdir(parents=True, exist_ok=True)
    for uri, g in graphs.items():
        kept = _vocabulary_file(previous, uri) if previous is not None else None
        out[uri] = kept.read_bytes() if kept is not None and kept.is_file() else g.serialize(format="nt", encoding="utf-8")
        _write_bytes(_vocabulary_file(build_dir, uri), out[uri])
    return out


def _split(d: _DocGraph, base: str) -> tuple[bytes, int, list[str]]:
    """A cached document graph's own statements (N-Triples, and how many) and its statements about
    resources it does not own. The split is kept beside the cached graph (``<key>.own``,
    ``<key>.shared``), so an unchanged document is not read and split again by the next build."""
    own_file, shared_file = d.path.with_name(d.key + ".own"), d.path.with_name(d.key + ".shared")
    try:
        own = own_file.read_bytes()
        shared = shared_file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    else:
        return own, own.count(b"\n") + 1 if own else 0, [line for line in shared.split("\n") if line]
    # split on \n only: a literal may hold U+2028, U+0085 or form feeds that splitlines() would cut
    lines = d.path.read_bytes().decode("utf-8").split("\n")
    own_lines, about_others = layout.split_ntriples(lines, d.doc or d.slug, base)
    own = "\n".join(own_lines).encode("utf-8")
    try:  # shared first: an .own without its .shared is never read
        _write_bytes(shared_file, "\n".join(about_others).encode("utf-8"))
        _write_bytes(own_file, own)
    except OSError:
        pass  # only an optimisation of the next build
    return own, len(own_lines), about_others


#: in a build's directory: the N-Triples lines of its ``graph/resources``, sorted (the next build's diff)
RESOURCES = "resources.nt"


class _CannotUpdate(Exception):
    """The served store cannot be updated into the new one (a blank node in a changed line): write it whole."""


def write_store(path: Path, graphs: dict[str, Graph], docs: list[_DocGraph], base: str, queries_dir: Path,
                previous: Path | None = None, previous_manifest: dict | None = None) -> tuple[dict[str, int], bool]:
    """The new store at ``path``: updated from a checkpoint of the served one when ``previous`` (its build,
    made from the same ontology, registry, shapes and code) can be, else written whole. Returns the
    triples per graph and whether it was an update."""
    if previous is not None and previous_manifest and _updatable(previous, previous_manifest):
        try:
            return _update_store(path, list(graphs), docs, base, queries_dir, previous, previous_manifest), True
        except _CannotUpdate as exc:
            traceback.clear_frames(exc.__traceback__)  # close the checkpoint before removing it
            gc.collect()
            shutil.rmtree(path.parent, ignore_errors=True)
            path.parent.mkdir(parents=True)
    return _write_store(path, graphs, docs, base, queries_dir, previous), False


def _updatable(previous: Path, manifest: dict) -> bool:
    return (isinstance(manifest.get("graph_keys"), dict) and (previous / RESOURCES).is_file()
            and (previous / "store").is_dir() and (previous / "store.search.sqlite").is_file()
            and isinstance(manifest.get("graphs"), dict))


def _subject_iri(line: str) -> str | None:
    head = line.lstrip().split(" ", 1)[0]
    return head[1:-1] if head.startswith("<") and head.endswith(">") else None


def _lines_to_quads(lines: list[str], graph: ox.NamedNode) -> list[ox.Quad]:
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(
        input="\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
        raise _CannotUpdate  # the loader renames blank nodes: a removed line would not match its quad
    return quads


def _predicate_filter(predicates: frozenset[str] | None) -> re.Pattern | None:
    """A pattern of the N-Triples lines whose predicate is one of ``predicates`` (None: every line)."""
    if predicates is None:
        return None
    alternatives = b"|".join(re.escape(f"<{p}>".encode("utf-8")) for p in sorted(predicates)) or b"(?!)"
    return re.compile(rb"^\S+ (?:" + alternatives + rb") [^\n]*$", re.MULTILINE)


def _shared_lines(d: _DocGraph, base: str) -> list[str]:
    """A cached document's statements about resources it does not own (:func:`_split`)."""
    try:
        if d.path.with_name(d.key + ".own").is_file():
            shared = d.path.with_name(d.key + ".shared").read_bytes().decode("utf-8")
            return [line for line in shared.split("\n") if line]
    except (OSError, UnicodeDecodeError):
        pass
    return _split(d, base)[2]


def _derivable(d: _DocGraph, base: str, lines: re.Pattern | None, own: bytes | None = None) -> bytes:
    """A cached document's own statements that the derivation queries can match (``lines``), kept beside
    its cache entry by the pattern's checksum (``<key>.derive-<sum>``): a rebuild reads them ready-made."""
    if lines is None:
        return own if own is not None else _split(d, base)[0]
    kept = d.path.with_name(f"{d.key}.derive-{hashlib.sha256(lines.pattern).hexdigest()[:12]}")
    if own is None:
        try:
            return kept.read_bytes()
        except OSError:
            own = _split(d, base)[0]
    data = _with_predicates(own, lines)
    try:
        _write_bytes(kept, data)
    except OSError:
        pass  # only an optimisation of the next rebuild
    return data


def _with_predicates(nt: bytes, lines: re.Pattern | None) -> bytes:
    """The N-Triples lines of ``nt`` that ``lines`` matches (all when None)."""
    return nt if lines is None else b"\n".join(lines.findall(nt))


#: :func:`treatygraph.derive.read_predicates` by derivation key, as read or found in this process
_PREDICATES: dict[str, frozenset[str] | None] = {}


def derivation_record(queries_dir: Path, manifest: dict | None) -> dict | None:
    """``{"key", "predicates"}`` for the next build's ``build.json``, when known without reading the
    queries (from this process or from ``manifest`` of the same derivation queries), else None."""
    key = derive.derivation_key(queries_dir)
    kept = (manifest or {}).get("derivation") or {}
    if key in _PREDICATES:
        found = _PREDICATES[key]
        return {"key": key, "predicates": None if found is None else sorted(found)}
    return kept if kept.get("key") == key and "predicates" in kept else None


def derivation_predicates(queries_dir: Path, manifest: dict | None) -> frozenset[str] | None:
    """:func:`treatygraph.derive.read_predicates`, from ``manifest`` (a build's) when its derivation
    queries were the same (reading them with rdflib's SPARQL parser takes a second or two)."""
    key = derive.derivation_key(queries_dir)
    if key not in _PREDICATES:
        kept = derivation_record(queries_dir, manifest)
        _PREDICATES[key] = (derive.read_predicates(queries_dir) if kept is None
                            else None if kept["predicates"] is None else frozenset(kept["predicates"]))
    return _PREDICATES[key]


def _update_store(path: Path, vocabulary: list[str], docs: list[_DocGraph], base: str, queries_dir: Path,
                  previous: Path, manifest: dict) -> dict[str, int]:
    """The new store as a checkpoint of the served one (``previous``: hard links, the served files are
    never written) with the changed document graphs replaced, ``graph/resources`` updated by its diff,
    ``graph/derived`` and ``graph/void`` computed again and the search index updated for the subjects
    that changed.

    ``graph/derived`` is computed on an in-memory copy of the statements its queries can match
    (:func:`treatygraph.derive.read_predicates`), as on the whole dataset: the same triples."""
    path.parent.mkdir(parents=True, exist_ok=True)
    source = ox.Store.read_only(str(previous / "store"))
    try:
        source.backup(str(path))
    finally:
        del source
    store = ox.Store(str(path))
    try:
        return _update_open_store(store, path, vocabulary, docs, base, queries_dir, previous, manifest)
    finally:
        del store
        gc.collect()  # the search index's wrapper may hold it in a cycle: closed before anyone opens it


def _update_open_store(store: ox.Store, path: Path, vocabulary: list[str], docs: list[_DocGraph], base: str,
                       queries_dir: Path, previous: Path, manifest: dict) -> dict[str, int]:
    old_keys: dict[str, str] = manifest["graph_keys"]
    new_keys = {d.uri: d.key for d in docs}
    counts = {u: int(n) for u, n in manifest["graphs"].items()}
    subjects: set[str] = set()
    changed: set[str] = set()
    for uri, key in old_keys.items():
        if new_keys.get(uri) != key:
            g = ox.NamedNode(uri)
            subjects.update(q.subject.value for q in store.quads_for_pattern(None, None, None, g)
                            if isinstance(q.subject, ox.NamedNode))
            store.remove_graph(g)
            counts.pop(uri, None)
            changed.add(uri)
    predicates = _predicate_filter(derivation_predicates(queries_dir, manifest))
    memory = ox.Store()  # what graph/derived is computed from
    stated: set[str] = set()
    (path.parent / VOCABULARY).mkdir(parents=True, exist_ok=True)
    for uri in vocabulary:  # the same ontology and registry as the served build's (the caller checked)
        nt = _vocabulary_file(previous, uri).read_bytes()
        stated.update(nt.decode("utf-8").split("\n"))
        _load((memory,), _with_predicates(nt, predicates), uri)
        _write_bytes(_vocabulary_file(path.parent, uri), nt)
    shared: set[str] = set()
    expected: dict[str, int] = {}
    for d in docs:
        if old_keys.get(d.uri) == d.key:  # unchanged: its statements for the derivation and its shared ones
            _load((memory,), _derivable(d, base, predicates), d.uri)
            shared.update(_shared_lines(d, base))
            continue
        own, count, about_others = _split(d, base)
        _load((memory,), _derivable(d, base, predicates, own), d.uri)
        shared.update(about_others)
        store.bulk_load(input=own, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(d.uri))
        subjects.update(s for s in map(_subject_iri, own.decode("utf-8").split("\n")) if s)
        expected[d.uri] = count
        changed.add(d.uri)
    shared -= stated
    resources = identifiers.resources_graph_uri(base)
    before = set((previous / RESOURCES).read_bytes().decode("utf-8").split("\n")) - {""}
    gone, new = sorted(before - shared), sorted(shared - before)  # few lines: sorted for a stable order
    g = ox.NamedNode(resources)
    for q in _lines_to_quads(gone, g):
        store.remove(q)
    store.extend(_lines_to_quads(new, g))
    subjects.update(s for s in map(_subject_iri, gone + new) if s)
    expected[resources] = len(shared)
    resources_nt = "\n".join(shared).encode("utf-8")  # any order: the store and the diff are sets
    _load((memory,), _with_predicates(resources_nt, predicates), resources)
    _write_bytes(path.parent / RESOURCES, resources_nt)

    derived = ox.NamedNode(identifiers.derived_graph_uri(base))
    old_derived = list(store.quads_for_pattern(None, None, None, derived))
    expected[derived.value] = derive.add_derived(memory, queries_dir, base)
    new_derived = list(memory.quads_for_pattern(None, None, None, derived))
    subjects.update(q.subject.value for q in old_derived + new_derived if isinstance(q.subject, ox.NamedNode))
    store.remove_graph(derived)
    store.add_graph(derived)
    store.extend(new_derived)
    memory.clear()
    # graph/void: the statistics count distinct terms over the whole dataset, so they are computed
    # again on an in-memory copy of it (on RocksDB the same queries took 3x longer)
    statistics = ox.NamedNode(identifiers.void_graph_uri(base))
    store.remove_graph(statistics)
    whole = ox.Store()
    whole.bulk_extend(store.quads_for_pattern(None, None, None, None))
    expected[statistics.value] = void.add_statistics(whole, queries_dir, base)
    store.add_graph(statistics)
    store.extend(whole.quads_for_pattern(None, None, None, statistics))
    del whole
    store.flush()
    from ..search.index import SearchIndex
    from ..store.oxigraph import OxigraphStore

    SearchIndex.update(previous / "store.search.sqlite", OxigraphStore(store, read_only=True, path=path),
                       queries_dir, path.with_name(path.name + ".search.sqlite"), subjects)
    for uri in list(counts):
        if uri in changed or uri in (resources, derived.value, statistics.value):
            counts.pop(uri)
    held = {}
    for uri in expected:
        [row] = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{uri}> {{ ?s ?p ?o }} }}")
        held[uri] = int(row["n"].value)
    if held != expected:
        raise BuildError(f"the updated store holds {held}, expected {expected}")
    counts.update(held)
    return counts


def _write_store(path: Path, graphs: dict[str, Graph], docs: list[_DocGraph], base: str,
                 queries_dir: Path, previous: Path | None = None) -> dict[str, int]:
    """Bulk-load every graph into a new on-disk store at ``path``; returns triples per graph.

    Each document graph is split (:mod:`treatygraph.layout`): its own statements
    go to its graph, those about shared resources once into ``graph/resources``.
    Then ``graph/derived`` is computed from the rest (:mod:`treatygraph.derive`), on an in-memory copy,
    and last ``graph/void``, the VoID statistics of all the others (:mod:`treatygraph.void`).
    What does not depend on the changed documents is read ready-made: each document's split from the
    cache, the ontology's and registry's N-Triples from ``previous`` (the build served now, when it
    was made from the same ontology, registry, shapes and code). The served store is never written.

    What runs at once (each releases the GIL): RocksDB's bulk loads of the graphs' N-Triples as
    N-Quads, in two threads (one load sorts its quads in one thread: the most work of the stage);
    in this thread, the same graphs loaded in memory, where ``graph/derived`` and ``graph/void`` are
    computed (their queries ran 3-20x slower on RocksDB); and the search index, read from that copy in
    a thread beside ``graph/void``. What the bulk loads cannot take as it is (blank nodes) and the two
    computed graphs are copied from memory last, then the store's graphs are counted.
    """
    path.mkdir(parents=True)
    data = _vocabulary(graphs, path.parent, previous)
    stated: set[str] = set()  # N-Triples lines of the ontology and registry
    for nt in data.values():
        stated.update(nt.decode("utf-8").split("\n"))  # N-Triples lines end in \n only
    expected = {u: len(g) for u, g in graphs.items()}
    pieces = dict(data)  # graph -> its N-Triples
    shared: set[str] = set()
    for d in docs:
        pieces[d.uri], expected[d.uri], about_others = _split(d, base)
        shared.update(about_others)
    shared -= stated
    resources = identifiers.resources_graph_uri(base)
    resources_nt = "\n".join(shared).encode("utf-8")  # any order: the store and the diff are sets
    _write_bytes(path.parent / RESOURCES, resources_nt)
    pieces[resources] = resources_nt
    expected[resources] = len(shared)
    store = ox.Store(str(path))
    batches, from_memory = _disk_batches(pieces, expected, _BULK_THREADS)
    # lenient: the same bytes are parsed strictly into the copy in memory meanwhile
    background = [_Background(store.bulk_load, input=batch, format=ox.RdfFormat.N_QUADS, lenient=True)
                  for batch in batches]
    del batches
    try:
        memory = ox.Store()
        for uri, nt in pieces.items():
            _load((memory,), nt, uri)  # strict: also checks what the bulk loads read leniently
        derived = identifiers.derived_graph_uri(base)
        expected[derived] = derive.add_derived(memory, queries_dir, base)
        # the search index beside the VoID statistics: graph/void holds no name nor passage, so its
        # rows are the same whether it reads graph/void or not (graph/derived's queries are data, so
        # it reads after them)
        background.append(_Background(write_search_index, path, queries_dir, source=memory))
        # last: the VoID statistics describe every other graph as the store will hold it
        statistics = identifiers.void_graph_uri(base)
        expected[statistics] = void.add_statistics(memory, queries_dir, base)
    finally:
        for thread in background:  # every one, also when this thread failed: none writes into a removed directory
            thread.join()
    for thread in background:
        thread.check()
    # blank nodes keep the names they have in memory, where graph/derived and graph/void were made
    for uri in [*from_memory, derived, statistics]:
        store.extend(memory.quads_for_pattern(None, None, None, ox.NamedNode(uri)))
    store.add_graph(ox.NamedNode(derived))  # also when no link was derived
    memory.clear()
    store.flush()
    held = {str(r["g"].value): int(r["n"].value) for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    counts = {uri: held.pop(uri, 0) for uri in expected}
    if counts != expected or held:
        raise BuildError(f"the new store holds {counts}, expected {expected}"
                         + (f"; and graphs it should not: {sorted(held)}" if held else ""))
    del store
    return counts


#: RocksDB bulk loads a build from scratch runs at once
_BULK_THREADS = 2


def _disk_batches(pieces: dict[str, bytes], expected: dict[str, int], n: int) -> tuple[list[bytes], list[str]]:
    """The graphs' N-Triples (``pieces``) as N-Quads cut into ``n`` batches of about the same size at line
    ends, for one bulk load each, and the graphs left to copy from memory: those with a blank node (a
    parse names it anew: one in two graphs' N-Triples read at once would become one node, and
    graph/derived and graph/void may name it too) and those whose lines do not all end in `` .``."""
    quads: list[bytes] = []
    from_memory = []
    for uri, nt in pieces.items():
        lines = nt + b"\n" if nt else b""
        if b"_:" in nt or lines.count(b" .\n") != expected[uri]:
            from_memory.append(uri)
        elif lines:  # an N-Triples line holds no raw line break: " .\n" ends a statement
            quads.append(lines.replace(b" .\n", b" <" + uri.encode("utf-8") + b"> .\n"))
    data = b"".join(quads)
    batches, start = [], 0
    for i in range(1, n + 1):
        end = len(data) if i == n else data.find(b"\n", max(start, len(data) * i // n)) + 1 or len(data)
        if end > start:
            batches.append(data[start:end])
        start = end
    return batches, from_memory


class _Background(threading.Thread):
    """``target(*args, **kwargs)`` in a thread (GIL released by what it runs); :meth:`check` raises its error."""

    def __init__(self, target, *args, **kwargs):
        super().__init__(name=f"build-{getattr(target, '__name__', 'work')}", daemon=True)
        self.work, self.error = (target, args, kwargs), None
        self.start()

    def run(self) -> None:
        target, args, kwargs = self.work
        try:
            target(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the build's thread
            self.error = exc
        finally:
            self.work = None  # the bytes are freed, the store closes when the build lets it go

    def check(self) -> None:
        """Raise the work's error, if it failed (after :meth:`join`)."""
        if self.error is not None:
            raise self.error


def write_search_index(store_dir: Path, queries_dir: Path, source: ox.Store | None = None) -> Path:
    """Write the full-text index of the new store beside it (``{store}.search.sqlite``), before it is
    served, so that the first search is as fast as the next (:mod:`treatygraph.search.index`).
    ``source``: a store holding the same quads (the build's copy in memory) to read instead."""
    from ..search.index import SearchIndex, index_path
    from ..store.oxigraph import OxigraphStore

    if source is not None:
        store = OxigraphStore(source, read_only=True, path=store_dir)
        SearchIndex.build(store, queries_dir, index_path(store)).close()
        return index_path(store)
    store = OxigraphStore.open(store_dir, read_only=True)
    try:
        path = index_path(store)
        SearchIndex.build(store, queries_dir, path).close()
    finally:
        store.close()
    return path


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
        if slug_dir.name == VALIDATION:
            continue  # the ontology's and registry's reports (:func:`.cache.save_reports`), not a document's
        for f in slug_dir.glob("*"):
            if f.name.split(".", 1)[0] not in keep_doc_keys:
                f.unlink(missing_ok=True)
