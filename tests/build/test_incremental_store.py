"""A rebuild after documents changed reads what did not change ready-made: same quads as a build from scratch."""

import os
import re
from pathlib import Path

import sqlite3

import pyoxigraph as ox
import pytest

from treatygraph import identifiers
from treatygraph.build import build, open_store_path, store_area


def _quads(path: Path) -> list[str]:
    """Every quad of the store at ``path``, blank nodes written alike (their labels are the loader's)."""
    store = ox.Store.read_only(str(path))
    try:
        return sorted(re.sub(r"_:[A-Za-z0-9]+", "_:b", str(q)) for q in store)
    finally:
        del store


def _index_rows(store_dir: Path) -> dict[str, list[tuple]]:
    """Every row of the search index beside a store, by table (in order: the rows, not their insertion)."""
    conn = sqlite3.connect(f"file:{store_dir.with_name(store_dir.name + '.search.sqlite')}?mode=ro", uri=True)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall())
                for t in ("meta", "names_words", "names_grams", "text_words", "text_grams")}
    finally:
        conn.close()


def _kept(build_dir: Path) -> tuple[dict[str, int], list[str]]:
    """What a build keeps for the next one's update: graph/resources's lines held more than once, and
    the statements graph/derived is computed from (blank nodes written alike)."""
    from treatygraph.build.store import _read_held

    [derivation] = build_dir.glob("derivation-*.nq")
    lines = derivation.read_text(encoding="utf-8").split("\n")
    return _read_held(build_dir), sorted(re.sub(r"_:[A-Za-z0-9]+", "_:b", line) for line in lines if line)


def _same_as_from_scratch(settings, ingest):
    """Build again from scratch and assert it holds what the update made (quads, index rows, kept files);
    the updated store's path."""
    updated_store = open_store_path(settings)
    updated = _quads(updated_store)
    build(settings, progress=False, ingest=ingest, force=True)
    assert _quads(open_store_path(settings)) == updated
    assert _index_rows(open_store_path(settings)) == _index_rows(updated_store)
    assert _kept(open_store_path(settings).parent) == _kept(updated_store.parent)
    return updated_store


def test_one_changed_document_gives_the_store_a_build_from_scratch_gives(
        tmp_path, make_project, small_docs, add_document, counting_ingest, monkeypatch):
    from treatygraph import void

    settings = make_project(tmp_path, small_docs)
    first = build(settings, progress=False, ingest=counting_ingest)
    first_store = open_store_path(settings)
    first_quads = _quads(first_store)
    assert not first.vocabulary_reused

    add_document(settings.documents_dir, "small-b", small_docs["small-b"] + "\n2. 《条约》第 1.2 条规定其宗旨。\n")

    def counted_again(*args):
        raise AssertionError("graph/void counted again: the update should change the served figures")

    monkeypatch.setattr(void, "add_statistics", counted_again)
    second = build(settings, progress=False, ingest=counting_ingest)
    monkeypatch.undo()
    assert second.vocabulary_reused and (second.ingested, second.reused) == (1, 1)
    assert second.store_updated and not first.store_updated  # a checkpoint of the served store, updated
    updated_store = open_store_path(settings)
    updated = _quads(updated_store)
    graph_b = identifiers.document_graph_uri("small-b", settings.base)
    assert second.graphs[graph_b] > first.graphs[graph_b]
    assert _quads(first_store) == first_quads  # the store served before is untouched (its files are shared)

    scratch = build(settings, progress=False, ingest=counting_ingest, force=True)
    assert not scratch.vocabulary_reused and not scratch.store_updated and scratch.graphs == second.graphs
    assert _quads(open_store_path(settings)) == updated
    assert _index_rows(open_store_path(settings)) == _index_rows(updated_store)
    assert _kept(open_store_path(settings).parent) == _kept(updated_store.parent)


def test_documents_added_and_removed(tmp_path, make_project, small_docs, add_document, counting_ingest):
    settings = make_project(tmp_path, small_docs)
    build(settings, progress=False, ingest=counting_ingest)
    for f in settings.documents_dir.glob("small-a.*"):
        f.unlink()
    add_document(settings.documents_dir, "small-c", "1. 《生物多样性公约》缔约方大会在决定 XI/6 中重申合作。\n")
    second = build(settings, progress=False, ingest=counting_ingest)
    assert second.vocabulary_reused and second.store_updated
    graphs = set(second.graphs)
    assert identifiers.document_graph_uri("small-a", settings.base) not in graphs
    assert identifiers.document_graph_uri("small-c", settings.base) in graphs
    updated_store = _same_as_from_scratch(settings, counting_ingest)
    assert _kept(updated_store.parent)[0]  # small-b and small-c both state what decision XI/6 is


def test_a_failing_update_leaves_the_served_store(tmp_path, make_project, small_docs, add_document, counting_ingest):
    settings = make_project(tmp_path, small_docs)
    build(settings, progress=False, ingest=counting_ingest)
    target = os.readlink(settings.store_location)
    before = _quads(open_store_path(settings))

    add_document(settings.documents_dir, "small-b", small_docs["small-b"] + "\n2. 《条约》第 1.2 条规定其宗旨。\n")
    (Path(settings.queries_dir) / "derive" / "zz-broken.rq").write_text("CONSTRUCT { ?s ?p } WHERE {", encoding="utf-8")
    with pytest.raises(ValueError, match=r"zz-broken\.rq"):
        build(settings, progress=False, ingest=counting_ingest)
    assert os.readlink(settings.store_location) == target
    assert _quads(open_store_path(settings)) == before
    assert len(list((store_area(settings) / "builds").iterdir())) == 1  # the failed build left nothing


def test_the_predicates_a_derivation_can_match(tmp_path):
    from treatygraph import derive

    folder = tmp_path / "derive"
    folder.mkdir()
    (folder / "a.rq").write_text(
        "PREFIX ex: <http://example.org/>\nCONSTRUCT { ?s ex:out ?o } WHERE {\n"
        "  ?s ex:p/ex:q* ?o . ?o a ?c . FILTER EXISTS { ?o ^ex:r ?x } }", encoding="utf-8")
    assert derive.read_predicates(tmp_path) == frozenset(
        {"http://example.org/p", "http://example.org/q", "http://example.org/r",
         "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"})
    (folder / "b.rq").write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", encoding="utf-8")
    assert derive.read_predicates(tmp_path) is None  # a variable predicate: every statement
    (folder / "b.rq").write_text("CONSTRUCT { ?s <http://e/x> ?o } WHERE { ?s !<http://e/y> ?o }", encoding="utf-8")
    assert derive.read_predicates(tmp_path) is None  # a negated property set: every other predicate


def _statistics_of(store):
    from treatygraph.store.oxigraph import OxigraphStore
    from treatygraph.void import compute_statistics

    return compute_statistics(OxigraphStore(store, read_only=True), "https://example.org/")


def test_the_statistics_updated_by_the_changed_statements_are_those_counted_again():
    """graph/void of an update: the served figures and the quads removed and added give what counting
    the new store gives (statements in two graphs, a subject or object left in another graph, a class
    and a property gone, blank nodes)."""
    from treatygraph.void import updated_statistics

    base = "https://example.org/"
    g1, g2, g3, gv = (ox.NamedNode(f"{base}graph/{n}") for n in ("one", "two", "three", "void"))
    ex = lambda n: ox.NamedNode(f"http://example.org/{n}")  # noqa: E731
    typ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    a, b, c, d, blank = ex("a"), ex("b"), ex("c"), ex("d"), ox.BlankNode()
    before = ox.Store()
    before.extend([
        ox.Quad(a, typ, ex("A"), g1), ox.Quad(a, ex("p"), b, g1), ox.Quad(b, typ, ex("B"), g1),
        ox.Quad(a, ex("p"), b, g2), ox.Quad(c, ex("q"), ox.Literal("x"), g2), ox.Quad(blank, ex("q"), c, g2),
        ox.Quad(d, typ, ex("A"), g3), ox.Quad(d, ex("r"), a, g3), ox.Quad(c, ex("q"), ox.Literal("x"), g3),
        ox.Quad(b, ex("t"), c, g3), ox.Quad(b, ex("t"), c, g2),
        ox.Quad(b, ex("t"), c, g3), ox.Quad(b, ex("t"), c, g2),
        ox.Quad(ex("void"), ex("triples"), ox.Literal("9"), gv),  # not counted: graph/void itself
    ])
    after = ox.Store()
    after.extend(q for q in before)
    # graph "one" loaded again without (b a B) and with a new statement; graph "three" gone; one added
    removed = set(after.quads_for_pattern(None, None, None, g1)) | set(after.quads_for_pattern(None, None, None, g3))
    after.remove_graph(g1)
    after.remove_graph(g3)
    fresh = ox.BlankNode()
    added = {ox.Quad(a, typ, ex("A"), g1), ox.Quad(a, ex("p"), b, g1), ox.Quad(fresh, ex("s"), ox.Literal("x"), g1),
             ox.Quad(c, typ, ex("C"), ox.NamedNode(f"{base}graph/four")),
             ox.Quad(blank, ex("q"), c, ox.NamedNode(f"{base}graph/four"))}  # held before, in "two"
    after.extend(added)
    old, new = _statistics_of(before), _statistics_of(after)
    assert old != new and old.classes == new.classes == 2
    assert "http://example.org/r" in map(str, old.property_triples)
    counts = {g.value: len(list(after.quads_for_pattern(None, None, None, g))) for g in after.named_graphs()}
    got = updated_statistics(old, {q.triple for q in removed}, {q.triple for q in added}, before, after, base, counts)
    assert got == new and got.graph_triples == new.graph_triples
    # nothing changed: the same figures
    same = updated_statistics(old, set(), set(), before, before, base,
                              {g.value: len(list(before.quads_for_pattern(None, None, None, g)))
                               for g in before.named_graphs()})
    assert same == old


@pytest.mark.parametrize("lost", ["derivation input", "cache entry", "statistics key"])
def test_an_update_without_what_the_served_build_kept(
        tmp_path, make_project, small_docs, add_document, counting_ingest, lost):
    """The served build's derivation input gone: read from its store; the served version's cache entry of
    the changed document gone: the store is written whole; graph/void counted by other queries: counted
    again. The same store as from scratch each time."""
    import json

    from treatygraph.build.cache import _cache_dir

    settings = make_project(tmp_path, small_docs)
    build(settings, progress=False, ingest=counting_ingest)
    served = open_store_path(settings).parent
    if lost == "derivation input":
        [kept] = served.glob("derivation-*.nq")
        kept.unlink()
    elif lost == "cache entry":
        manifest = json.loads((served / "build.json").read_text(encoding="utf-8"))
        [rel] = [r for r in manifest["files"] if r.startswith("small-b")]
        for f in _cache_dir(store_area(settings), rel).glob(manifest["files"][rel] + ".*"):
            f.unlink()
    else:
        manifest = json.loads((served / "build.json").read_text(encoding="utf-8"))
        manifest["statistics"] = "other queries"
        (served / "build.json").write_text(json.dumps(manifest), encoding="utf-8")
    add_document(settings.documents_dir, "small-b", small_docs["small-b"] + "\n2. 《条约》第 1.2 条规定其宗旨。\n")
    second = build(settings, progress=False, ingest=counting_ingest)
    assert second.store_updated == (lost != "cache entry")
    _same_as_from_scratch(settings, counting_ingest)
