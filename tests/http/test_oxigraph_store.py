"""OxigraphStore: datasets, typed bindings, read-only serving, conversions, on-disk use."""

import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from treatygraph.store.base import BadQuery, StoreError, StoreUnavailable
from treatygraph.store.forms import shape
from treatygraph.store.oxigraph import OxigraphStore, to_oxigraph, to_rdflib

from httpdata import EX, graph

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def test_default_graph_is_the_union_of_named_graphs(small_store):
    result = small_store.query(ALL)
    assert len(result.rows) == 4
    assert small_store.graphs() == [EX + "empty", EX + "g1", EX + "g2"]


def test_graph_keyword_still_tells_graphs_apart(small_store):
    r = small_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [str(row[0]) for row in r.rows] == [EX + "g1", EX + "g2"]


def test_from_clause_replaces_the_union(small_store):
    r = small_store.query(f"SELECT ?s ?p ?o FROM <{EX}g1> WHERE {{ ?s ?p ?o }}")
    assert len(r.rows) == 2


def test_dataset_arguments(small_store):
    assert len(small_store.query(ALL, default_graph=[EX + "g2"]).rows) == 2
    # Only named graphs given: the default graph is empty.
    assert small_store.query(ALL, named_graphs=[EX + "g1"]).rows == []
    r = small_store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[EX + "g1"])
    assert {str(row[0]) for row in r.rows} == {EX + "g1"}


def test_bindings_are_typed_terms(small_store):
    q = "SELECT ?o ?s WHERE { ?s ?p ?o }"
    assert [str(r[1]) for r in small_store.query(q, bindings={"o": Literal(2)}).rows] == [EX + "a"]
    # The string "2" is not the integer 2.
    assert small_store.query(q, bindings={"o": Literal("2")}).rows == []
    # A binding that looks like SPARQL is just a string: nothing is pasted into the query.
    assert small_store.query(q, bindings={"o": Literal('one" } UNION { ?s ?p ?o')}).rows == []
    assert len(small_store.query(q, bindings={"o": Literal("one")}).rows) == 1


def test_binding_of_an_unprojected_variable_is_a_bad_query(small_store):
    with pytest.raises(BadQuery, match="projection"):
        small_store.query("SELECT ?s WHERE { ?s ?p ?o }", bindings={"o": Literal(2)})


def test_updates_are_refused_and_nothing_changes(small_store):
    before = set(small_store.quads())
    for update in ("CLEAR ALL", "INSERT DATA { <http://x> <http://y> 1 }",
                   "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }"):
        with pytest.raises(BadQuery, match="read-only"):
            small_store.query(update)
    assert set(small_store.quads()) == before


def test_syntax_error_names_line_and_column(small_store):
    with pytest.raises(BadQuery, match=r"line 2, column \d+"):
        small_store.query("SELECT *\nWHERE { ?s ?p }")


def test_result_kinds(small_store):
    assert small_store.query("ASK { ?s ?p 2 }").boolean is True
    g = small_store.query("CONSTRUCT { ?s <http://example.org/r> ?o } WHERE { ?s <http://example.org/p> ?o }")
    assert g.kind == "graph" and len(g.graph) == 2
    r = small_store.query(f"SELECT ?x ?y WHERE {{ <{EX}a> <{EX}q> ?x OPTIONAL {{ ?x <{EX}nothing> ?y }} }}")
    assert r.variables == ["x", "y"] and r.rows == [(Literal(2), None)]
    assert r.dicts() == [{"x": Literal(2)}]


def test_term_conversion_round_trips():
    terms = [URIRef("http://example.org/x"), BNode("b1"), Literal("plain"), Literal("chat", lang="fr"),
             Literal(3), Literal("2020-01-02", datatype=XSD.date), Literal("中文", lang="zh")]
    for t in terms:
        assert to_rdflib(to_oxigraph(t)) == t
    # xsd:string literals come back plain, equal to rdflib's plain literal
    assert to_rdflib(to_oxigraph(Literal("s", datatype=XSD.string))) == Literal("s")


def test_from_graphs_keeps_content_and_empty_graphs():
    g = graph("ex:s ex:p [ ex:q 'x'@en ] .")
    store = OxigraphStore.from_graphs({EX + "g": g, EX + "nothing": Graph()})
    assert store.graphs() == [EX + "g", EX + "nothing"]
    back = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}").graph
    assert isomorphic(back, g)


def test_replace_and_drop_graph():
    store = OxigraphStore.from_graphs({EX + "g": graph("ex:a ex:p 1 .")})
    store.replace_graph(EX + "g", graph("ex:b ex:p 2 ."))
    assert [str(r[0]) for r in store.query(ALL).rows] == [EX + "b"]
    store.drop_graph(EX + "g")
    assert store.graphs() == [] and store.query(ALL).rows == []


def test_query_serialized_fast_path_matches_rdflib_path(small_store):
    body = small_store.query_serialized(ALL, "application/sparql-results+json")
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["s", "p", "o"] and len(doc["results"]["bindings"]) == 4
    ttl = small_store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert len(Graph().parse(data=ttl, format="turtle")) == 4
    jsonld = small_store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", "application/ld+json")
    assert len(Graph().parse(data=jsonld, format="json-ld")) == 4
    with pytest.raises(ValueError):
        small_store.query_serialized(ALL, "text/turtle")
    with pytest.raises(ValueError):
        small_store.query_serialized("ASK {}", "text/csv")


def test_on_disk_store_opens_read_only(tmp_path):
    path = tmp_path / "store"
    writable = OxigraphStore.open(path, read_only=False)
    writable.replace_graph(EX + "g", graph("ex:a ex:p 1 ."))
    writable.close()
    store = OxigraphStore.open(path)
    assert store.read_only and store.graphs() == [EX + "g"]
    assert store.query("ASK { ?s ?p 1 }").boolean
    with pytest.raises(StoreError, match="read-only"):
        store.replace_graph(EX + "g", Graph())
    with pytest.raises(BadQuery):
        store.query("CLEAR ALL")


def test_missing_store_directory_is_unavailable(tmp_path):
    with pytest.raises(StoreUnavailable, match="no store at"):
        OxigraphStore.open(tmp_path / "nothing")


@pytest.mark.parametrize("text, form, has_from", [
    ("SELECT * WHERE { ?s ?p ?o }", "select", False),
    ("PREFIX ex: <http://e/>\nBASE <http://b/>\n# a comment SELECT\nask {}", "ask", False),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://g> WHERE { ?s ?p ?o }", "construct", True),
    ("describe <http://x>", "describe", False),
    ('SELECT ?from WHERE { ?s ?p "FROM" . ?s ex:from ?from }', "select", False),
    ("SELECT * FROM NAMED <http://g> { GRAPH ?g { ?s ?p ?o } }", "select", True),
    ("PREFIX : <http://e/> INSERT DATA { :a :b :c }", "update", False),
    ("with <http://g> delete { ?s ?p ?o } where { ?s ?p ?o }", "update", False),
    ("  nonsense", None, False),
])
def test_query_shape(text, form, has_from):
    s = shape(text)
    assert (s.form, s.has_dataset_clause) == (form, has_from)
