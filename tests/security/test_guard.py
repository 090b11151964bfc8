"""The query guard: no outbound connection for SERVICE / FROM in any spelling, on every path that runs SPARQL."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from treatygraph.http.app import create_app
from treatygraph.named_queries import NamedQueryError, load_named_queries
from treatygraph.store.guard import QueryRefused, check_query, decode_escapes
from treatygraph.store.oxigraph import OxigraphStore

from security_helpers import EX, sample_graph

BODY = "{ ?s ?p ?o }"


def service_spellings(url: str) -> dict[str, str]:
    """SERVICE calls to ``url``, spelled every way the SPARQL grammar allows (and a few more)."""
    host_iri = f"<{url}>"
    esc = url.replace(":", "\\u003A", 1)
    return {
        "plain": f"SELECT * WHERE {{ SERVICE {host_iri} {BODY} }}",
        "lower": f"select * where {{ service {host_iri} {BODY} }}",
        "mixed": f"SELECT * WHERE {{ SeRvIcE {host_iri} {BODY} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT {host_iri} {BODY} }}",
        "u_escape": f"SELECT * WHERE {{ \\u0053ERVICE {host_iri} {BODY} }}",
        "U_escape": f"SELECT * WHERE {{ \\U00000053ERVICE {host_iri} {BODY} }}",
        "escape_in_middle": f"SELECT * WHERE {{ SERV\\u0049CE {host_iri} {BODY} }}",
        "escaped_iri": f"SELECT * WHERE {{ SERVICE <{esc}> {BODY} }}",
        "comment_and_newlines": f"SELECT * WHERE {{ SERVICE # not here\n\r\n\t{host_iri}\n{BODY} }}",
        "no_spaces": f"SELECT*WHERE{{SERVICE{host_iri}{BODY}}}",
        "prefixed_name": f"PREFIX r: {host_iri} SELECT * WHERE {{ SERVICE r: {BODY} }}",
        "variable": f"SELECT * WHERE {{ VALUES ?svc {{ {host_iri} }} SERVICE ?svc {BODY} }}",
        "relative_iri": f"BASE {host_iri} SELECT * WHERE {{ SERVICE <x> {BODY} }}",
        "optional": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE {host_iri} {BODY} }} }}",
        "union": f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE {host_iri} {BODY} }} }}",
        "minus": f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE {host_iri} {BODY} }} }}",
        "exists": f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE {host_iri} {BODY} }} }}",
        "subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE {host_iri} {BODY} }} }} }}",
        "graph": f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE {host_iri} {BODY} }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {host_iri} {BODY} }}",
        "ask": f"ASK {{ SERVICE {host_iri} {BODY} }}",
        "describe": f"DESCRIBE ?s WHERE {{ SERVICE {host_iri} {BODY} }}",
        "after_string_with_quote": f"SELECT * WHERE {{ ?s ?p \"a'b\" . SERVICE {host_iri} {BODY} }}",
        "after_long_string": f"SELECT * WHERE {{ ?s ?p '''x\n'y''' . SERVICE {host_iri} {BODY} }}",
        "after_less_than": f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<3) SERVICE {host_iri} {BODY} }}",
        # pyoxigraph reads \u0022 / \u005C in a string as an escape, the spec (and rdflib) as a
        # quote / backslash: SERVICE outside a string for pyoxigraph, inside one for the spec
        "escaped_quote_in_string": f'SELECT * WHERE {{ BIND(CONCAT("x\\u0022, ") AS ?z) '
                                   f'SERVICE {host_iri} {BODY} # ", "z") AS ?z)\n }}',
        "escaped_backslash_in_string": f'SELECT * WHERE {{ BIND(CONCAT("x\\u005C") AS ?z) '
                                       f'SERVICE {host_iri} {BODY} # ") AS ?z)\n }}',
    }


def from_spellings(url: str) -> dict[str, str]:
    return {
        "from": f"SELECT * FROM <{url}x> WHERE {BODY}",
        "from_named": f"SELECT * FROM NAMED <{url}x> WHERE {{ GRAPH ?g {BODY} }}",
        "from_prefixed": f"PREFIX r: <{url}> SELECT * FROM r:x WHERE {BODY}",
        "from_escaped": f"SELECT * \\u0046ROM <{url}x> WHERE {BODY}",
        "construct_from": f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}x> WHERE {BODY}",
    }


def settle():
    time.sleep(0.15)  # let a connection that was (wrongly) made reach the recorder


@pytest.fixture
def memory_store():
    return OxigraphStore.from_graphs({EX + "g1": sample_graph(5, "g1")})


def test_the_recorder_sees_what_pyoxigraph_fetches(recorder):
    """Control: without the guard, pyoxigraph does connect (so the tests below can fail)."""
    with pytest.raises(Exception):
        list(ox.Store().query(service_spellings(recorder.url)["plain"]))
    settle()
    assert recorder.connections and recorder.connections[0].startswith(b"POST")


@pytest.mark.parametrize("name", sorted(service_spellings("http://h/")))
def test_service_is_refused_by_the_store(name, recorder, memory_store):
    query = service_spellings(recorder.url)[name]
    with pytest.raises(QueryRefused, match="SERVICE"):
        memory_store.query(query)
    settle()
    assert recorder.connections == []


@pytest.mark.parametrize("name", sorted(from_spellings("http://h/")))
def test_from_outside_the_store_is_refused(name, recorder, memory_store):
    query = from_spellings(recorder.url)[name]
    with pytest.raises(QueryRefused, match=f"127.0.0.1:{recorder.port}/x"):
        memory_store.query(query)
    settle()
    assert recorder.connections == []


def test_from_the_stores_own_graphs_runs(memory_store):
    r = memory_store.query(f"SELECT (COUNT(*) AS ?n) FROM <{EX}g1> WHERE {BODY}")
    assert int(r.rows[0][0]) == 5
    r = memory_store.query(f"PREFIX ex: <{EX}> SELECT (COUNT(*) AS ?n) FROM ex:g1 WHERE {BODY}")
    assert int(r.rows[0][0]) == 5


@pytest.mark.parametrize("text", [
    "SELECT ?service WHERE { ?service ?p ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    "SELECT * WHERE { ?s ?p 'SERVICE <http://h/> { }' }",
    "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://h/> { }",
    "SELECT * WHERE { ?s ?p \"\"\"from \n SERVICE\"\"\" }",
])
def test_the_word_service_as_data_is_not_refused(text, memory_store):
    memory_store.query(text)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "LOAD <http://127.0.0.1:9/x>",
    "load <http://127.0.0.1:9/x> INTO GRAPH <http://g>",
    "SELECT * WHERE { ?s ?p ?o } ; \\u004cOAD <http://127.0.0.1:9/x>",
    "CLEAR ALL",
])
def test_updates_and_load_are_refused(text):
    with pytest.raises(QueryRefused, match="read-only"):
        check_query(text)


def test_codepoint_escapes_are_decoded_and_checked():
    assert decode_escapes("\\u0053ERVICE \\U0001F600") == "SERVICE \U0001F600"
    with pytest.raises(QueryRefused, match="invalid codepoint"):
        decode_escapes("SELECT * WHERE { ?s ?p '\\uD800' }")


# ---------------------------------------------------------------- over HTTP


@pytest.mark.parametrize("name", ["plain", "u_escape", "comment_and_newlines", "prefixed_name", "variable"])
def test_sparql_endpoint_refuses_service_get_and_post(name, recorder, settings, memory_store):
    query = service_spellings(recorder.url)[name]
    with TestClient(create_app(settings, memory_store), raise_server_exceptions=False) as client:
        for response in (
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", content=query.encode(),
                        headers={"Content-Type": "application/sparql-query"}),
        ):
            assert response.status_code == 400
            assert "SERVICE" in response.json()["error"]["detail"]
    settle()
    assert recorder.connections == []


def test_live_server_on_disk_store_refuses_service_and_from(recorder, live_app):
    with live_app(query_timeout=10) as (url, _app):
        for query in [*service_spellings(recorder.url).values(), *from_spellings(recorder.url).values()]:
            r = httpx.get(url + "/sparql", params={"query": query}, timeout=20)
            assert r.status_code == 400, (query, r.text)
            assert r.json()["error"]["status"] == 400
        ok = httpx.get(url + "/sparql", params={"query": f"ASK {{ GRAPH <{EX}g1> {BODY} }}"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=20)
        assert ok.status_code == 200 and ok.json()["boolean"] is True
    settle()
    assert recorder.connections == []


def test_named_query_with_service_is_refused_at_load(tmp_path, recorder):
    (tmp_path / "fetch.rq").write_text(
        "# title: Fetch\n# description: Tries to reach another endpoint.\n"
        f"SELECT * WHERE {{ \\u0053ERVICE <{recorder.url}> {BODY} }}\n", encoding="utf-8")
    (tmp_path / "fine.rq").write_text(
        "# title: Fine\n# description: A harmless query.\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n",
        encoding="utf-8")
    with pytest.raises(NamedQueryError, match=r"fetch\.rq.*SERVICE"):
        load_named_queries(tmp_path)
    errors: list = []
    loaded = load_named_queries(tmp_path, errors=errors)
    assert list(loaded) == ["fine"] and len(errors) == 1
    settle()
    assert recorder.connections == []


def test_named_query_parameter_cannot_smuggle_service(tmp_path, recorder, settings, memory_store):
    (tmp_path / "echo.rq").write_text(
        "# title: Echo\n# description: Echo a text.\n# param: text (literal) — any text\n"
        "SELECT ?text WHERE {}\n", encoding="utf-8")
    app = create_app(settings.with_(root=tmp_path.parent), memory_store)
    app.state.named_queries = load_named_queries(tmp_path)
    smuggled = f"x' }} SERVICE <{recorder.url}> {{ ?s ?p ?o }} #"
    with TestClient(app) as client:
        r = client.get("/queries/echo", params={"text": smuggled},
                       headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["text"]["value"] == smuggled
    settle()
    assert recorder.connections == []


def test_cli_query_refuses_service(recorder, project_root, disk_store_path):
    query = service_spellings(recorder.url)["u_escape"]
    proc = subprocess.run(
        [sys.executable, "-m", "treatygraph.cli", "--root", str(project_root),
         "--store", str(disk_store_path), "query", query],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "SERVICE" in proc.stderr
    settle()
    assert recorder.connections == []
