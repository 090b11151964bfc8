"""Parser limits: what would kill a query worker (deep nesting, long chains) is a 400 first.

Through the real endpoint (uvicorn, the worker pool on an on-disk store):
each query that used to answer 500 "a query worker died" is refused with a
400 naming the limit and where it was reached, no worker dies, and the
server answers a normal query afterwards.
"""

from __future__ import annotations

import httpx
import pytest

from treatygraph.store import guard
from treatygraph.store.guard import MAX_DEPTH, MAX_TOKENS, QueryRefused, check_query

from security_helpers import EX

JSON = {"Accept": "application/sparql-results+json"}


def nested_braces(n: int) -> str:
    return "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n


def nested_parens(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "?o" + ")" * n + ") }"


def nested_blank_nodes(n: int) -> str:
    return "SELECT * WHERE { ?s ?p " + "[ <http://p> " * n + "1" + " ]" * n + " }"


def collection(n: int, exists: bool = False) -> str:
    pattern = "?s ?p (" + " 1" * n + " )"
    if exists:
        return "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { " + pattern + " } }"
    return "SELECT * WHERE { " + pattern + " }"


def sum_chain(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(?o = " + "1 + " * n + "1) }"


def union_chain(n: int) -> str:
    return "SELECT * WHERE { " + "{ ?s ?p ?o } UNION " * n + "{ ?s ?p ?o } }"


#: Queries that crashed a worker (SIGSEGV, stack overflow in pyoxigraph) before the limits.
WORKER_KILLERS = {
    "braces_3000": (nested_braces(3000), "deeper than 64 levels, at character 79"),
    "parens_5000": (nested_parens(5000), "deeper than 64 levels, at character 95"),
    "blank_nodes_4000": (nested_blank_nodes(4000), "deeper than 64 levels"),
    "collection_5000": (collection(5000), f"more than {MAX_TOKENS} tokens"),
    "collection_in_exists_1400": (collection(1400, exists=True), f"more than {MAX_TOKENS} tokens"),
    "sum_10000": (sum_chain(10000), f"more than {MAX_TOKENS} tokens"),
    "union_10000": (union_chain(10000), f"more than {MAX_TOKENS} tokens"),
    "not_10000": ("SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 10000 + "?o) }",
                  f"more than {MAX_TOKENS} tokens"),
}


@pytest.mark.parametrize("name", sorted(WORKER_KILLERS))
def test_limits_in_the_guard(name):
    query, message = WORKER_KILLERS[name]
    with pytest.raises(QueryRefused, match=message):
        check_query(query)


def test_limits_are_where_documented():
    check_query(nested_braces(MAX_DEPTH - 1))  # SELECT * WHERE + the braces
    with pytest.raises(QueryRefused, match=f"deeper than {MAX_DEPTH} levels, at character {15 + MAX_DEPTH}"):
        check_query(nested_braces(MAX_DEPTH + 1))
    check_query(collection(MAX_TOKENS - 20))
    with pytest.raises(QueryRefused, match=f"more than {MAX_TOKENS} tokens"):
        check_query(collection(MAX_TOKENS + 1))
    # inside EXISTS a token counts EXISTS_WEIGHT times
    check_query(collection(MAX_TOKENS // guard.EXISTS_WEIGHT - 20, exists=True))
    with pytest.raises(QueryRefused, match=f"more than {MAX_TOKENS} tokens"):
        check_query(collection(MAX_TOKENS // guard.EXISTS_WEIGHT + 1, exists=True))


def test_brackets_in_strings_iris_and_comments_do_not_count():
    check_query("SELECT * WHERE { ?s ?p '" + "{(" * 500 + "' . ?s <http://x/{{{{> ?o } # " + "(" * 500)


def test_values_rows_are_not_counted():
    """A long VALUES list is fine (pyoxigraph reads it flat); the same terms elsewhere are not."""
    check_query("SELECT * WHERE { VALUES ?x { " + "<http://example.org/a> " * 50_000 + "} ?x ?p ?o }")
    check_query("SELECT * WHERE { VALUES (?x ?y) { " + "(1 2) " * 10_000 + "} }")
    with pytest.raises(QueryRefused, match="tokens outside VALUES"):
        check_query("SELECT * WHERE { VALUES ?x { 1 } FILTER(?x IN (" + "1, " * 3000 + "1)) }")


def test_unterminated_strings_are_refused_with_their_position():
    with pytest.raises(QueryRefused, match="unterminated string: the quote at character 23"):
        check_query('SELECT * WHERE { ?s ?p "abc\n" }')
    with pytest.raises(QueryRefused, match="unterminated string"):
        check_query("SELECT * WHERE { ?s ?p '''abc }")
    # pyoxigraph reads "a\u0022b" as a"b, the spec as "a" b" (unclosed): refused, saying why
    with pytest.raises(QueryRefused, match=r"unterminated string.*§19\.2.*write \\\""):
        check_query('SELECT * WHERE { ?s ?p "a\\u0022b" }')


def test_long_terms_pyoxigraph_reads_are_accepted():
    """Long IRIs, literals and variable names do not break pyoxigraph: no limit on them."""
    check_query("SELECT * WHERE { ?s ?p <http://example.org/" + "a" * 200_000 + "> }")
    check_query("SELECT * WHERE { ?s ?p '" + "a" * 200_000 + "' }")
    check_query("SELECT * WHERE { ?s ?p ?" + "a" * 200_000 + " }")


# ---------------------------------------------------------------- over HTTP


def test_worker_killers_get_400_and_the_server_keeps_answering(live_app):
    ok_query = f"ASK {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} }}"
    with live_app(query_timeout=10, query_workers=1) as (url, app):
        with httpx.Client(base_url=url, timeout=30) as client:
            for name, (query, message) in sorted(WORKER_KILLERS.items()):
                for response in (
                    client.post("/sparql", content=query.encode(),
                                headers={"Content-Type": "application/sparql-query", **JSON}),
                    client.post("/sparql", data={"query": query}, headers=JSON),
                ):
                    assert response.status_code == 400, (name, response.text[:300])
                    detail = response.json()["error"]["detail"]
                    assert message.split(",")[0] in detail, (name, detail)
                    assert "at character" in detail
            ok = client.get("/sparql", params={"query": ok_query}, headers=JSON)
            assert ok.status_code == 200 and ok.json()["boolean"] is True
            # the HTML query page runs user text too
            page = client.get("/query", params={"sparql": nested_braces(3000)},
                              headers={"Accept": "text/html"})
            assert page.status_code in (200, 400) and "deeper than" in page.text
            ok = client.get("/sparql", params={"query": ok_query}, headers=JSON)
            assert ok.status_code == 200 and ok.json()["boolean"] is True
        pool = app.state.query_pool
        assert getattr(pool, "killed", 0) == 0
        assert getattr(pool, "_started", 1) <= 1  # the one worker was never restarted


def test_the_issue_40_kb_text_is_refused_at_once_over_http(live_app):
    query = "SELECT * WHERE { ?s ?p ?o FILTER(?o = " + "a." * 20000 + "z) }"
    with live_app(query_timeout=10) as (url, _app):
        r = httpx.post(url + "/sparql", content=query.encode(), timeout=30,
                       headers={"Content-Type": "application/sparql-query", **JSON})
        assert r.status_code == 400 and "bare name of 40001 characters" in r.json()["error"]["detail"]
