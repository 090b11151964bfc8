"""/sparql: the three request styles, datasets, formats, service description, refusals."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef

from httpdata import EX

SELECT = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s <http://example.org/r> ?o } WHERE { ?s <http://example.org/p> ?o }"


def bindings(response):
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


EXPECTED = [{"s": EX + "a", "o": "one"}, {"s": EX + "b", "o": EX + "a"}]


def test_get(client):
    r = client.get("/sparql", params={"query": SELECT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert bindings(r) == EXPECTED


def test_post_form(client):
    r = client.post("/sparql", data={"query": SELECT})
    assert r.status_code == 200 and bindings(r) == EXPECTED


def test_post_direct(client):
    r = client.post("/sparql", content=SELECT.encode(),
                    headers={"content-type": "application/sparql-query; charset=utf-8"})
    assert r.status_code == 200 and bindings(r) == EXPECTED


@pytest.mark.parametrize("accept, check", [
    ("application/sparql-results+xml", lambda t: len(ET.fromstring(t).findall(
        ".//{http://www.w3.org/2005/sparql-results#}result")) == 2),
    ("text/csv", lambda t: list(csv.reader(io.StringIO(t)))[1:] == [[EX + "a", "one"], [EX + "b", EX + "a"]]),
    ("text/tab-separated-values", lambda t: t.splitlines()[1] == f'<{EX}a>\t"one"'),
])
def test_select_formats(client, accept, check):
    r = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert check(r.text)


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
])
def test_construct_formats(client, accept, rdflib_format):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.text, format=rdflib_format)
    assert (URIRef(EX + "a"), URIRef(EX + "r"), Literal("one")) in g and len(g) == 2


def test_ask_json_and_xml(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p 2 }"})
    assert r.json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": "ASK { ?s ?p 3 }"}, headers={"accept": "application/sparql-results+xml"})
    assert "<boolean>false</boolean>" in r.text


def test_format_argument_overrides_accept(client):
    r = client.get("/sparql", params={"query": SELECT, "format": "csv"}, headers={"accept": "application/json"})
    assert r.headers["content-type"].startswith("text/csv")
    r = client.get("/sparql", params={"query": SELECT, "format": "application/sparql-results+xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = client.get("/sparql", params={"query": SELECT, "format": "turtle"})
    assert r.status_code == 406 and "json" in r.json()["error"]["detail"]


def test_unacceptable_is_406_naming_the_offer(client):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "text/csv"})
    assert r.status_code == 406
    assert "text/turtle" in r.json()["error"]["detail"]


def test_dataset_parameters(client):
    q = "SELECT ?s WHERE { ?s ?p ?o }"
    r = client.get("/sparql", params=[("query", q), ("default-graph-uri", EX + "g2")])
    assert len(bindings(r)) == 2
    r = client.post("/sparql?named-graph-uri=" + EX + "g1",
                    content=b"SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                    headers={"content-type": "application/sparql-query"})
    assert {b["g"] for b in bindings(r)} == {EX + "g1"}


def test_unknown_graph_is_refused_by_name(client):
    r = client.get("/sparql", params=[("query", "ASK {}"), ("default-graph-uri", EX + "g1"),
                                      ("named-graph-uri", "http://elsewhere.example/x")])
    assert r.status_code == 400
    assert "http://elsewhere.example/x" in r.json()["error"]["detail"]
    assert EX + "g1" not in r.json()["error"]["detail"]


def test_malformed_query_is_400_with_position(client):
    r = client.get("/sparql", params={"query": "SELECT *\nWHERE { ?s ?p "})
    assert r.status_code == 400
    assert "line 2, column" in r.json()["error"]["detail"]


@pytest.mark.parametrize("request_kwargs", [
    {"params": {"update": "CLEAR ALL"}},
    {"data": {"update": "CLEAR ALL"}, "method": "POST"},
    {"content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}, "method": "POST"},
    {"content": b"DROP GRAPH <http://example.org/g1>", "headers": {"content-type": "application/sparql-query"},
     "method": "POST"},
    {"params": {"query": "INSERT DATA { <http://x> <http://y> 1 }"}},
])
def test_updates_refused_and_nothing_changes(client, small_store, request_kwargs):
    before = set(small_store.quads())
    method = request_kwargs.pop("method", "GET")
    r = client.request(method, "/sparql", **request_kwargs)
    assert r.status_code == 400
    assert "read-only" in r.json()["error"]["detail"]
    assert set(small_store.quads()) == before


def test_bad_requests(client):
    assert client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    r = client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and "application/sparql-query" in r.json()["error"]["detail"]
    r = client.post("/sparql", content="ASK {}".encode("utf-16"),
                    headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415
    r = client.post("/sparql", content=b"ASK { \xff }", headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400 and "UTF-8" in r.json()["error"]["detail"]
    r = client.put("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 405 and "GET" in r.headers["allow"]
    r = client.post("/sparql", data={"format": "json"})
    assert r.status_code == 400


def test_too_large_body_is_413(client):
    from treatygraph.http.sparql import MAX_BODY

    big = b"ASK {} #" + b"x" * MAX_BODY
    r = client.post("/sparql", content=big, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


def test_service_description(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert names == {EX + "g1", EX + "g2", EX + "empty"}
    assert (None, URIRef(sd + "endpoint"), URIRef("http://testserver/sparql")) in g
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    r = client.get("/sparql", headers={"accept": "application/ld+json"})
    assert len(Graph().parse(data=r.text, format="json-ld")) == len(g)


def test_relative_iris_resolve_against_the_uri_base(make_client, settings):
    from httpdata import graph
    from treatygraph.store.oxigraph import OxigraphStore

    store = OxigraphStore.from_graphs({EX + "g": graph("<id/cbd> a tg:Convention .")})
    r = make_client(store).get("/sparql", params={"query": "ASK { <id/cbd> a ?t }"})
    assert r.json()["boolean"] is True
    assert settings.base + "id/cbd" == "https://w3id.org/treatygraph/id/cbd"
