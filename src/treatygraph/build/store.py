"""Writing a new store (bulk load, layout, derived links, its search index) and swapping it in; removing old builds."""

from __future__ import annotations

import gc
import hashlib
import os
import queue
import shutil
import threading
import traceback
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .. import derive, identifiers, layout, void
from .cache import VALIDATION, _DocGraph
from .summary import BuildError


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


def _split(d: _DocGraph, base: str, lines: list[str] | None = None) -> tuple[bytes, int, list[str]]:
    """A cached document graph's own statements (N-Triples, and how many) and its statements about
    resources it does not own. The split is kept beside the cached graph (``<key>.own``,
    ``<key>.shared``), so an unchanged document is not read and split again by the next build.
    ``lines``: the graph's N-Triples lines, when the caller has them (a document just written): split
    as they are, without reading the cache."""
    if lines is None:
        kept = _kept_split(d)
        if kept is not None:
            try:
                shared = kept[2].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                return kept[0], kept[1], [line for line in shared.split("\n") if line]
    return _split_now(d, base, lines)


def _split_bytes(d: _DocGraph, base: str) -> tuple[bytes, int, list[bytes]]:
    """:func:`_split` with the lines about other resources as bytes (UTF-8, as the cache holds them):
    what a build from scratch counts and loads, never decoded."""
    kept = _kept_split(d)
    if kept is not None:
        return kept[0], kept[1], [line for line in kept[2].split(b"\n") if line]
    own, count, about_others = _split_now(d, base)
    return own, count, [line.encode("utf-8") for line in about_others]


def _kept_split(d: _DocGraph) -> tuple[bytes, int, bytes] | None:
    """The split kept beside a cached graph: its own N-Triples, how many, and the lines about other
    resources (joined by ``\\n``); None when it was not kept."""
    try:
        own = d.path.with_name(d.key + ".own").read_bytes()
        shared = d.path.with_name(d.key + ".shared").read_bytes()
    except OSError:
        return None
    return own, own.count(b"\n") + 1 if own else 0, shared


def _split_now(d: _DocGraph, base: str, lines: list[str] | None = None) -> tuple[bytes, int, list[str]]:
    """Split a cached graph (or its ``lines``) and keep the split beside it (:func:`_split`)."""
    if lines is None:
        # split on \n only: a literal may hold U+2028, U+0085 or form feeds that splitlines() would cut
        lines = d.path.read_bytes().decode("utf-8").split("\n")
    own_lines, about_others = layout.split_ntriples(lines, d.doc or d.slug, base)
    own = "\n".join(own_lines).encode("utf-8")
    try:  # shared first: an .own without its .shared is never read
        _write_bytes(d.path.with_name(d.key + ".shared"), "\n".join(about_others).encode("utf-8"))
        _write_bytes(d.path.with_name(d.key + ".own"), own)
    except OSError:
        pass  # only an optimisation of the next build
    return own, len(own_lines), about_others


#: in a build's directory: the ``graph/resources`` lines that two documents or more state, with how many
#: (``<n> <line>``; every other line of the graph has one document): the next build's update
HELD = "resources.held"


def _read_held(build_dir: Path) -> dict[str, int]:
    """The lines of ``graph/resources`` that several documents state, with how many (:data:`HELD`)."""
    held: dict[str, int] = {}
    for row in (build_dir / HELD).read_bytes().decode("utf-8").split("\n"):
        if row:
            n, line = row.split(" ", 1)
            held[line] = int(n)
    return held


def _write_held(build_dir: Path, counts: dict[str, int] | dict[bytes, int], stated: set | frozenset = frozenset()) -> None:
    """Keep in ``build_dir`` the lines of ``counts`` (line, str or UTF-8 bytes: how many documents state
    it) held twice or more, but not those of the vocabulary (``stated``: never in ``graph/resources``)."""
    _write_bytes(build_dir / HELD, b"".join(
        b"%d %s\n" % (n, line if isinstance(line, bytes) else line.encode("utf-8"))
        for line, n in counts.items() if n > 1 and line not in stated))


class _CannotUpdate(Exception):
    """The served store cannot be updated into the new one (a blank node in a changed line, a cache entry
    of the served build gone): write it whole."""


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
    return (isinstance(manifest.get("graph_keys"), dict) and isinstance(manifest.get("files"), dict)
            and (previous / HELD).is_file() and (previous / "store").is_dir()
            and (previous / "store.search.sqlite").is_file() and isinstance(manifest.get("graphs"), dict))


# ---------------------------------------------------------------------------------------------------------
# The update of the served store (a rebuild after a few documents changed), apart from _write_store. What
# it reads ready-made is kept by every build: HELD, the vocabulary, the derivation's input and predicates.


def _subject_iri(line: str) -> str | None:
    head = line.lstrip().split(" ", 1)[0]
    return head[1:-1] if head.startswith("<") and head.endswith(">") else None


def _lines_to_quads(lines: list[str], graph: ox.NamedNode) -> list[ox.Quad]:
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(
        input="\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
        raise _CannotUpdate  # the loader renames blank nodes: a removed line would not match its quad
    if len(quads) != len(lines):
        raise _CannotUpdate  # not one statement per line: the lines cannot be matched with their quads
    return quads


def _shared_lines(d: _DocGraph, base: str) -> list[str]:
    """A cached document's statements about resources it does not own (:func:`_split`)."""
    try:
        if d.path.with_name(d.key + ".own").is_file():
            shared = d.path.with_name(d.key + ".shared").read_bytes().decode("utf-8")
            return [line for line in shared.split("\n") if line]
    except (OSError, UnicodeDecodeError):
        pass
    return _split(d, base)[2]


def _served_shared_lines(area: Path, rel: str | None, key: str, base: str) -> list[str]:
    """The shared statements of the version of a document the served build holds (its cache entry, kept
    while that build is served)."""
    from .cache import _previous_graph

    served = _previous_graph(area, rel, key, []) if rel is not None else None
    if served is None:
        raise _CannotUpdate  # its cache entry is gone: what it stated about shared resources is unknown
    return _shared_lines(served, base)


def _resources_change(store: ox.Store, graph: ox.NamedNode, was: list[list[str]], now: list[list[str]],
                      stated: set[str], held: dict[str, int]) -> tuple[list[str], list[str]]:
    """The lines ``graph/resources`` loses and gains when the changed documents stated ``was`` (one list
    per document) and now state ``now``; ``held`` (:data:`HELD`, updated here) says how many documents
    state a line held more than once, the store (before the change) whether a line is held at all."""
    delta: Counter[str] = Counter()
    for lines in now:
        delta.update(lines)
    for lines in was:
        delta.subtract(lines)
    in_was = {line for lines in was for line in lines}
    moved = [line for line, n in delta.items() if n and line not in stated]
    unknown = [line for line in moved if line not in held and line not in in_was]
    present = {line for line, q in zip(unknown, _lines_to_quads(unknown, graph)) if q in store}
    gone, new = [], []
    for line in moved:
        before = held.get(line) or (1 if line in in_was or line in present else 0)
        after = before + delta[line]
        if after < 0:
            raise _CannotUpdate  # the kept counts do not match the served store
        if before and not after:
            gone.append(line)
        elif after and not before:
            new.append(line)
        if after > 1:
            held[line] = after
        else:
            held.pop(line, None)
    return sorted(gone), sorted(new)  # few lines: sorted for a stable order


def _derivation_file(build_dir: Path, queries_dir: Path) -> Path:
    """In a build's directory: the statements its ``graph/derived`` was computed from (N-Quads), by the
    derivation queries' key."""
    return build_dir / f"derivation-{derive.derivation_key(queries_dir)[:16]}.nq"


def _derivation_quads(store: ox.Store, predicates: frozenset[str], skip: set[ox.NamedNode]) -> list[ox.Quad]:
    """The quads of ``store`` the derivation queries can match (``predicates``), in every graph but ``skip``."""
    return [q for p in sorted(predicates) for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None)
            if q.graph_name not in skip]


def keep_derivation_input(build_dir: Path, memory: ox.Store, queries_dir: Path, skip: set[ox.NamedNode]) -> None:
    """Keep with a build written whole the statements of ``memory`` (its copy in memory) that ``graph/derived``
    is computed from (:func:`_derivation_file`): the next build's update reads them ready-made."""
    predicates = derivation_predicates(queries_dir, None)
    if predicates is not None:  # None: every statement, the whole dataset; the update reads it from the store
        _write_bytes(_derivation_file(build_dir, queries_dir),
                     ox.serialize(_derivation_quads(memory, predicates, skip), format=ox.RdfFormat.N_QUADS))


def _derivation_input(store: ox.Store, previous: Path, queries_dir: Path, predicates: frozenset[str] | None,
                      skip: set[ox.NamedNode], removed: set[str], added: list[ox.Quad],
                      gone: list[ox.Quad]) -> ox.Store:
    """An in-memory copy of the statements of the updated ``store`` the derivation queries can match
    (``predicates``; None: all) in every graph but ``skip``: what ``graph/derived`` is computed from, the
    same triples. From the served build's (:func:`_derivation_file`) without the graphs ``removed`` and
    the quads ``gone`` and with the quads ``added`` (those of the graphs loaded again, and the new ones
    of ``graph/resources``), else read from ``store`` (slower: each term is looked up on disk)."""
    memory = ox.Store()
    kept = _derivation_file(previous, queries_dir)
    if predicates is None or not kept.is_file():
        memory.bulk_extend(_derivation_quads(store, predicates, skip) if predicates is not None else
                           (q for q in store if q.graph_name not in skip))
        return memory
    memory.bulk_load(path=str(kept), format=ox.RdfFormat.N_QUADS)
    for uri in removed:
        memory.remove_graph(ox.NamedNode(uri))
    for q in gone:
        if q.predicate.value in predicates:
            memory.remove(q)
    memory.extend(q for q in added if q.predicate.value in predicates)
    return memory


#: the predicates a set of queries can match, by the queries' key, as read in this process
_PREDICATES: dict[str, frozenset[str] | None] = {}


def _predicates_record(key: str, field: str, manifest: dict | None) -> dict | None:
    """``{"key", "predicates"}`` for ``field`` of the next build's ``build.json``, when known without
    reading the queries (from this process or from ``manifest`` of the same queries), else None."""
    kept = (manifest or {}).get(field) or {}
    if key in _PREDICATES:
        found = _PREDICATES[key]
        return {"key": key, "predicates": None if found is None else sorted(found)}
    return kept if kept.get("key") == key and "predicates" in kept else None


def _predicates(key: str, field: str, manifest: dict | None, read) -> frozenset[str] | None:
    """``read()``, or what ``manifest`` kept under ``field`` for the same queries (reading them with
    rdflib's SPARQL parser takes a second or two)."""
    if key not in _PREDICATES:
        kept = _predicates_record(key, field, manifest)
        _PREDICATES[key] = (read() if kept is None
                            else None if kept["predicates"] is None else frozenset(kept["predicates"]))
    return _PREDICATES[key]


def derivation_record(queries_dir: Path, manifest: dict | None) -> dict | None:
    """The derivation queries' ``{"key", "predicates"}`` for the next build's ``build.json``, or None."""
    return _predicates_record(derive.derivation_key(queries_dir), "derivation", manifest)


def derivation_predicates(queries_dir: Path, manifest: dict | None) -> frozenset[str] | None:
    """:func:`treatygraph.derive.read_predicates`, from ``manifest`` when its derivation queries were the same."""
    return _predicates(derive.derivation_key(queries_dir), "derivation", manifest,
                       lambda: derive.read_predicates(queries_dir))


def search_record(queries_dir: Path, manifest: dict | None) -> dict | None:
    """The search index queries' ``{"key", "predicates"}`` for the next build's ``build.json``, or None."""
    from ..search.index import index_key

    return _predicates_record(index_key(queries_dir), "search", manifest)


def _index_predicates(queries_dir: Path, manifest: dict | None) -> frozenset[str] | None:
    """:func:`treatygraph.search.index.index_predicates`, from ``manifest`` when its queries were the same."""
    from ..search.index import index_key, index_predicates

    return _predicates(index_key(queries_dir), "search", manifest, lambda: index_predicates(queries_dir))


def _update_store(path: Path, vocabulary: list[str], docs: list[_DocGraph], base: str, queries_dir: Path,
                  previous: Path, manifest: dict) -> dict[str, int]:
    """The new store as a checkpoint of the served one (``previous``: hard links, the served files are
    never written) with the changed document graphs replaced, ``graph/resources`` updated by the lines
    the changed documents stopped or started stating, ``graph/derived`` computed again, ``graph/void``
    updated by the statements that changed and the search index updated for the subjects that changed.

    ``graph/derived`` is computed on an in-memory copy of the statements its queries can match
    (:func:`treatygraph.derive.read_predicates`), as on the whole dataset: the same triples."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # what this process held before (the vocabulary's graphs...) is left out of the collection below: a
    # cycle holding the store can only be made during the update (scanning the rest took 1 s of a rebuild)
    gc.freeze()
    try:
        served = ox.Store.read_only(str(previous / "store"))  # read, never written: the statistics' look-ups
        try:
            served.backup(str(path))
            store = ox.Store(str(path))
            try:
                return _update_open_store(store, served, path, vocabulary, docs, base, queries_dir, previous,
                                          manifest)
            finally:
                del store
        finally:
            del served
    finally:
        gc.collect()  # the search index's wrapper may hold it in a cycle: closed before anyone opens it
        gc.unfreeze()


def _update_open_store(store: ox.Store, served: ox.Store, path: Path, vocabulary: list[str], docs: list[_DocGraph],
                       base: str, queries_dir: Path, previous: Path, manifest: dict) -> dict[str, int]:
    old_keys: dict[str, str] = manifest["graph_keys"]
    new_keys = {d.uri: d.key for d in docs}
    served_files = {key: rel for rel, key in manifest["files"].items()}
    counts = {u: int(n) for u, n in manifest["graphs"].items()}
    resources = ox.NamedNode(identifiers.resources_graph_uri(base))
    derived = ox.NamedNode(identifiers.derived_graph_uri(base))
    statistics = ox.NamedNode(identifiers.void_graph_uri(base))
    old_stats = _served_statistics(store, queries_dir, base, manifest)
    removed: set[ox.Quad] = set()  # the quads removed and added (a graph loaded again: all its quads)
    added: set[ox.Quad] = set()
    was: list[list[str]] = []  # the changed documents' shared lines in the served build, and now
    now: list[list[str]] = []
    gone_graphs: set[str] = set()
    expected: dict[str, int] = {}
    for uri, key in old_keys.items():
        if new_keys.get(uri) != key:
            g = ox.NamedNode(uri)
            removed.update(store.quads_for_pattern(None, None, None, g))
            was.append(_served_shared_lines(previous.parent.parent, served_files.get(key), key, base))
            store.remove_graph(g)
            counts.pop(uri, None)
            gone_graphs.add(uri)
    loaded: list[ox.Quad] = []
    for d in docs:
        if old_keys.get(d.uri) == d.key:
            continue
        own, count, about_others = _split(d, base)
        g = ox.NamedNode(d.uri)
        store.bulk_load(input=own, format=ox.RdfFormat.N_TRIPLES, to_graph=g)
        loaded += store.quads_for_pattern(None, None, None, g)  # as stored: blank nodes renamed
        now.append(about_others)
        expected[d.uri] = count
    stated: set[str] = set()
    (path.parent / VOCABULARY).mkdir(parents=True, exist_ok=True)
    for uri in vocabulary:  # the same ontology and registry as the served build's (the caller checked)
        nt = _vocabulary_file(previous, uri).read_bytes()
        stated.update(nt.decode("utf-8").split("\n"))
        _write_bytes(_vocabulary_file(path.parent, uri), nt)

    held = _read_held(previous)
    gone, new = _resources_change(store, resources, was, now, stated, held)
    gone_quads, new_quads = _lines_to_quads(gone, resources), _lines_to_quads(new, resources)
    for q in gone_quads:
        store.remove(q)
    store.extend(new_quads)
    removed.update(gone_quads)
    added.update(loaded, new_quads)
    _write_held(path.parent, held)
    counts[resources.value] = counts.get(resources.value, 0) - len(gone) + len(new)

    predicates = derivation_predicates(queries_dir, manifest)
    memory = _derivation_input(store, previous, queries_dir, predicates, {derived, statistics}, gone_graphs,
                               loaded + new_quads, gone_quads)
    old_derived = list(store.quads_for_pattern(None, None, None, derived))
    expected[derived.value] = derive.add_derived(memory, queries_dir, base)
    new_derived = list(memory.quads_for_pattern(None, None, None, derived))
    store.remove_graph(derived)
    store.add_graph(derived)
    store.extend(new_derived)
    removed.update(old_derived)
    added.update(new_derived)
    if predicates is not None:  # the next build's derivation input (without graph/derived)
        memory.remove_graph(derived)
        memory.dump(output=str(_derivation_file(path.parent, queries_dir)), format=ox.RdfFormat.N_QUADS)
    del memory

    for uri in expected:
        [row] = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{uri}> {{ ?s ?p ?o }} }}")
        counts[uri] = int(row["n"].value)
    if any(counts[uri] != n for uri, n in expected.items()):
        raise BuildError(f"the updated store holds {({u: counts[u] for u in expected})}, expected {expected}")
    store.remove_graph(statistics)
    counts.pop(statistics.value, None)
    counts[statistics.value] = _update_statistics(
        store, served, old_stats, {q.triple for q in removed}, {q.triple for q in added}, queries_dir, base, counts)
    store.flush()
    from ..search.index import SearchIndex
    from ..store.oxigraph import OxigraphStore

    # the index rows of a subject are read from its statements with the index queries' predicates only:
    # those whose such statements changed
    read = _index_predicates(queries_dir, manifest)
    subjects = {q.subject.value for q in removed ^ added
                if isinstance(q.subject, ox.NamedNode) and (read is None or q.predicate.value in read)}
    SearchIndex.update(previous / "store.search.sqlite", OxigraphStore(store, read_only=True, path=path),
                       queries_dir, path.with_name(path.name + ".search.sqlite"), subjects)
    return counts


def _served_statistics(store: ox.Store, queries_dir: Path, base: str, manifest: dict):
    """The statistics ``graph/void`` of the served store holds, when they are those of its graphs and were
    counted by the same queries and code (:func:`treatygraph.void.statistics_key`), else None."""
    from ..store.oxigraph import OxigraphStore

    if manifest.get("statistics") != void.statistics_key(queries_dir):
        return None
    stats = void.stored_statistics(OxigraphStore(store, read_only=True), base, queries_dir)
    graphs = {g: int(n) for g, n in manifest["graphs"].items() if int(n) and g != identifiers.void_graph_uri(base)}
    return stats if stats is not None and stats.graph_triples == graphs else None


def _update_statistics(store: ox.Store, served: ox.Store, old, removed: set, added: set, queries_dir: Path,
                       base: str, counts: dict[str, int]) -> int:
    """``graph/void`` of the updated ``store`` (without one): from the served build's statistics (``old``)
    and the statements that changed, else counted again on an in-memory copy of the whole dataset."""
    if old is not None:
        try:
            stats = void.updated_statistics(old, removed, added, served, store, base, counts)
        except ValueError:
            pass
        else:
            return void.put_statistics(store, stats, base)
    # counted on a copy in memory (on RocksDB the same queries took 3x longer)
    whole = ox.Store()
    whole.bulk_extend(store.quads_for_pattern(None, None, None, None))
    n = void.add_statistics(whole, queries_dir, base)
    g = ox.NamedNode(identifiers.void_graph_uri(base))
    store.add_graph(g)
    store.extend(whole.quads_for_pattern(None, None, None, g))
    return n


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

    What runs at once (each releases the GIL but for the Python parts): RocksDB's bulk loads of the
    graphs' N-Triples (:func:`_disk_loads`), one after the other in one thread, the first as soon as the
    documents' splits are read, ``graph/resources`` as soon as it is made (a load sorts its quads in
    one thread: the most work of the stage); in this thread, the same graphs loaded in memory, where ``graph/derived``
    and ``graph/void`` are computed (their queries ran 3-20x slower on RocksDB); beside them, the
    derivation's input kept for the next build, and the search index, read from the copy in memory
    beside ``graph/void``. What the bulk loads cannot take as it is (blank nodes) and the two computed
    graphs are copied from memory last. The graphs are counted in memory (the store on disk holds the
    same quads: the bulk loads read the bytes parsed strictly into memory), the store on disk as a whole.
    The lines are handled as UTF-8 bytes throughout: they are never decoded.
    """
    path.mkdir(parents=True)
    data = _vocabulary(graphs, path.parent, previous)
    expected = {u: len(g) for u, g in graphs.items()}
    pieces = dict(data)  # graph -> its N-Triples
    about_others: list[list[bytes]] = []  # by document: its lines about shared resources
    for d in docs:
        pieces[d.uri], expected[d.uri], lines = _split_bytes(d, base)
        about_others.append(lines)
    resources = identifiers.resources_graph_uri(base)
    derived, statistics = identifiers.derived_graph_uri(base), identifiers.void_graph_uri(base)
    from ..store.oxigraph import OxigraphStore

    store, memory = ox.Store(str(path)), ox.Store()
    background: list[_Background] = []
    disk_work: queue.SimpleQueue = queue.SimpleQueue()
    try:
        # the ontology's, registry's and documents' own statements into memory while graph/resources is made
        first = _Background(_load_graphs, memory, dict(pieces))
        background.append(first)
        # and into the store on disk (one thread, the longest chain of the stage): they start it, graph/resources
        # follows in the same thread as soon as it is made (lenient: the copy in memory parses the same bytes strictly)
        loads, from_memory = _disk_loads(pieces, expected, 1)
        background.append(_Background(_queued_bulk_loads, store, disk_work))
        for work in loads:
            disk_work.put(work)
        stated = {line for nt in data.values() for line in nt.split(b"\n")}  # N-Triples lines of the ontology and registry
        shared = set().union(*about_others) - stated
        pieces = {resources: b"\n".join(shared)}  # any order: the store is a set
        expected[resources] = len(shared)
        del shared
        loads, more = _disk_loads(pieces, expected, 1)
        for work in loads:
            disk_work.put(work)
        disk_work.put(None)
        from_memory += more
        held: Counter[bytes] = Counter()  # the lines about shared resources: how many documents state each
        for lines in about_others:
            held.update(lines)
        del about_others
        _write_held(path.parent, held, stated)  # the next build's update of graph/resources
        del held, stated
        first.join()
        first.check()
        _load_graphs(memory, {resources: pieces.pop(resources)})
        del pieces
        # the next update's derivation input, beside the derivation: it skips the graphs computed here
        background.append(_Background(keep_derivation_input, path.parent, memory, queries_dir,
                                      {ox.NamedNode(derived), ox.NamedNode(statistics)}))
        expected[derived] = derive.add_derived(memory, queries_dir, base)
        # the search index beside the VoID statistics: graph/void holds no name nor passage, so its
        # rows are the same whether it reads graph/void or not (graph/derived's queries are data, so
        # it reads after them)
        background.append(_Background(write_search_index, path, queries_dir, source=memory))
        # last: the VoID statistics describe every other graph as the store will hold it
        stats = void.compute_statistics(OxigraphStore(memory, read_only=True), base, queries_dir)
        expected[statistics] = void.put_statistics(memory, stats, base)
    finally:
        disk_work.put(None)  # the bulk loads end, also when this thread failed before queuing them all
        for thread in background:  # every one, also when this thread failed: none writes into a removed directory
            thread.join()
    for thread in background:
        thread.check()
    # the graphs as the statistics counted them (graph/void: as put), checked against what was loaded
    found = dict(stats.graph_triples)
    found[statistics] = sum(1 for _ in memory.quads_for_pattern(None, None, None, ox.NamedNode(statistics)))
    counts = {uri: found.pop(uri, 0) for uri in expected}
    if counts != expected or found:
        raise BuildError(f"the new store holds {counts}, expected {expected}"
                         + (f"; and graphs it should not: {sorted(found)}" if found else ""))
    # blank nodes keep the names they have in memory, where graph/derived and graph/void were made
    for uri in [*from_memory, derived, statistics]:
        store.extend(memory.quads_for_pattern(None, None, None, ox.NamedNode(uri)))
    store.add_graph(ox.NamedNode(derived))  # also when no link was derived
    freed = _Background(memory.clear)  # while the store on disk is counted
    store.flush()
    on_disk = len(store)  # the bulk loads read the bytes parsed strictly into memory: the same quads
    freed.join()
    if on_disk != sum(counts.values()):
        raise BuildError(f"the new store holds {on_disk} statements, its copy in memory {sum(counts.values())}")
    del store
    return counts


def _load_graphs(memory: ox.Store, pieces: dict[str, bytes]) -> None:
    """Load each graph's N-Triples into ``memory``, strictly: also checks what the bulk loads read leniently."""
    for uri, nt in pieces.items():
        memory.bulk_load(input=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(uri))


#: a graph's N-Triples this large are bulk-loaded as they are, into the graph; smaller graphs as N-Quads
#: together (each bulk load writes and ingests a file per index: a load per document would cost more)
_OWN_LOAD = 4 << 20


def _disk_loads(pieces: dict[str, bytes], expected: dict[str, int], n: int,
                own_load: int = _OWN_LOAD) -> tuple[list[list[tuple[bytes, str | None]]], list[str]]:
    """The graphs' N-Triples (``pieces``) as the work of ``n`` bulk loads of about the same size, each a
    list of ``(data, graph)``: N-Triples of ``graph``, or N-Quads when ``graph`` is None, cut at line
    ends; and the graphs left to copy from memory. A graph of ``own_load`` bytes or more is loaded as
    it is, into its graph (no copy of its lines with the graph's name: ``graph/resources`` is 85 % of
    the data); the smaller ones become N-Quads by appending their name to each line, all in one. Left
    to the copy in memory: the graphs with a blank node (a parse names it anew: one in two graphs'
    N-Triples, or in two parts of one, read apart would become two nodes, and graph/derived and
    graph/void may name it too) and the small graphs whose lines do not all end in `` .``."""
    quads: list[bytes] = []
    whole: list[tuple[bytes, str | None]] = []
    from_memory = []
    for uri, nt in pieces.items():
        if b"_:" in nt:
            from_memory.append(uri)
        elif len(nt) >= own_load:
            whole.append((nt, uri))
        elif nt:
            lines = nt + b"\n"
            if lines.count(b" .\n") != expected[uri]:
                from_memory.append(uri)
            else:  # an N-Triples line holds no raw line break: " .\n" ends a statement
                quads.append(lines.replace(b" .\n", b" <" + uri.encode("utf-8") + b"> .\n"))
    segments = ([(b"".join(quads), None)] if quads else []) + whole
    size = -(-sum(len(data) for data, _ in segments) // n)  # bytes per load
    loads: list[list[tuple[bytes, str | None]]] = [[]]
    room = size
    for data, graph in segments:
        start = 0
        while start < len(data):
            if len(loads) == n or len(data) - start <= room:
                end = len(data)
            else:
                end = data.find(b"\n", start + room) + 1 or len(data)
            loads[-1].append((data if start == 0 and end == len(data) else data[start:end], graph))
            room -= end - start
            start = end
            if room <= 0 and len(loads) < n:
                loads.append([])
                room = size
    return [work for work in loads if work], from_memory


def _bulk_load(store: ox.Store, work: list[tuple[bytes, str | None]]) -> None:
    """Bulk-load the parts of :func:`_disk_loads` into ``store``, leniently (the copy in memory parses
    them strictly)."""
    for data, graph in work:
        if graph is None:
            store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS, lenient=True)
        else:
            store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph), lenient=True)


def _queued_bulk_loads(store: ox.Store, work: queue.SimpleQueue) -> None:
    """:func:`_bulk_load` each list of parts taken from ``work``, in turn, until None. One thread: two
    overlapping loads at once made RocksDB compact (a 209 MB store against 121 MB for the same quads) for no
    measurable gain in the stage's time (docs/performance.md)."""
    while (parts := work.get()) is not None:
        _bulk_load(store, parts)


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
