"""Dereferencing /id/... against a real uvicorn server and in process: 303, conneg, caching, CORS."""

from __future__ import annotations

import json

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from treatygraph import identifiers as ids
from treatygraph.namespaces import CITO, ELI, TG

ARTICLE_PATH = "/id/itpgrfa/art/19.3.g"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def local(server_url: str, path: str) -> URIRef:
    return URIRef(server_url + path)


# ---- rdflib against a real server ---------------------------------------------------


def test_rdflib_parses_the_article_from_a_real_server(live_server):
    uri = live_server.url + ARTICLE_PATH
    g = Graph().parse(uri)
    me = URIRef(uri)
    assert (me, RDF.type, TG.ArticlePoint) in g
    assert Literal("第19.3(g)条", lang="zh") in set(g.objects(me, RDFS.label))
    assert (me, ELI.is_part_of, local(live_server.url, "/id/itpgrfa/art/19.3")) in g
    # What cites it: eli:cites in-links and the citations with their quote and citing part.
    citing_parts = set(g.subjects(ELI.cites, me))
    assert local(live_server.url, "/id/doc/IT/GB-5/13/14/para/5") in citing_parts
    assert len(citing_parts) == 3
    citations = set(g.subjects(CITO.hasCitedEntity, me))
    assert len(citations) == 3
    quotes = {str(g.value(c, TG.quote)) for c in citations}
    assert "《条约》第 19.3(g)条" in quotes
    for c in citations:
        part = g.value(c, CITO.hasCitingEntity)
        assert part in citing_parts
        text, start = str(g.value(part, TG.text)), int(g.value(part, TG.startOffset))
        a, b = int(g.value(c, TG.startOffset)) - start, int(g.value(c, TG.endOffset)) - start
        assert text[a:b] == str(g.value(c, TG.quote))
    # Every resource URI is under the server's own base; predicates stay in the ontology namespace.
    ours = [t for t in g.all_nodes() if isinstance(t, URIRef) and "/id/" in str(t)]
    assert ours and all(str(t).startswith(live_server.url + "/id/") for t in ours)


@pytest.mark.parametrize("media_type", sorted(RDF_TYPES))
def test_each_rdf_media_type_over_a_socket(live_server, media_type):
    r = httpx.get(live_server.url + ARTICLE_PATH, headers={"Accept": media_type}, follow_redirects=True)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media_type
    assert len(r.history) == 1 and r.history[0].status_code == 303
    g = Graph().parse(data=r.content, format=RDF_TYPES[media_type],
                      publicID=live_server.url + ARTICLE_PATH)
    assert (local(live_server.url, ARTICLE_PATH), RDF.type, TG.ArticlePoint) in g


def test_browser_accept_gets_the_page_over_a_socket(live_server):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    r = httpx.get(live_server.url + ARTICLE_PATH, headers={"Accept": accept}, follow_redirects=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert str(r.url).endswith("/page/itpgrfa/art/19.3.g")
    assert "<mark>" in r.text


# ---- Accept edge cases, by name --------------------------------------------------------


def location(client, accept: str | None) -> str:
    headers = {} if accept is None else {"Accept": accept}
    r = client.get(ARTICLE_PATH, headers=headers, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["vary"] == "Accept"
    return r.headers["location"]


def test_accept_missing_gets_turtle(client):
    assert location(client, None).endswith("/data/itpgrfa/art/19.3.g.ttl")


def test_accept_empty_gets_turtle(client):
    assert location(client, "").endswith("/data/itpgrfa/art/19.3.g.ttl")


def test_accept_star_star_gets_turtle(client):
    assert location(client, "*/*").endswith(".ttl")


def test_accept_q_values_pick_the_highest(client):
    assert location(client, "text/turtle;q=0.5, application/ld+json;q=0.9, text/html;q=0.1").endswith(".jsonld")


def test_accept_q_zero_excludes(client):
    assert location(client, "text/turtle;q=0, */*;q=0.5").endswith(".nt")


def test_accept_type_wildcard(client):
    assert location(client, "application/*").endswith(".nt")


def test_accept_alias_x_turtle(client):
    assert location(client, "application/x-turtle").endswith(".ttl")


def test_accept_rdfxml(client):
    assert location(client, "application/rdf+xml").endswith(".rdf")


def test_accept_html_gets_the_page(client):
    assert location(client, "text/html").endswith("/page/itpgrfa/art/19.3.g")


def test_accept_malformed_counts_as_missing(client):
    assert location(client, "garbage, ;;;").endswith(".ttl")


def test_accept_unsupported_is_406_naming_the_alternatives(client):
    r = client.get(ARTICLE_PATH, headers={"Accept": "image/png"}, follow_redirects=False)
    assert r.status_code == 406
    assert r.headers["vary"] == "Accept"
    assert r.headers["access-control-allow-origin"] == "*"
    detail = r.json()["error"]["detail"]
    for media_type in [*RDF_TYPES, "text/html"]:
        assert media_type in detail


# ---- unknown and malformed ----------------------------------------------------------------


def test_unknown_identifier_is_404(client):
    r = client.get("/id/itpgrfa/art/99", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 404
    assert r.headers["vary"] == "Accept"
    assert "itpgrfa/art/99" in r.json()["error"]["detail"]


def test_malformed_identifier_is_404_with_reason(client):
    r = client.get("/id/itpgrfa/art/19..3", follow_redirects=False)
    assert r.status_code == 404
    assert "not a treatygraph identifier" in r.json()["error"]["detail"]


def test_data_url_without_suffix_is_404_naming_the_suffixes(client):
    r = client.get("/data/itpgrfa/art/19.3.g")
    assert r.status_code == 404
    assert ".ttl" in r.json()["error"]["detail"]


def test_dotted_identifiers_strip_exactly_one_suffix(client):
    g3 = Graph().parse(data=client.get("/data/itpgrfa/art/19.3.ttl").content, format="turtle")
    gg = Graph().parse(data=client.get("/data/itpgrfa/art/19.3.g.ttl").content, format="turtle")
    base = "http://testserver/id/itpgrfa/art/"
    assert g3.value(URIRef(base + "19.3"), TG.number) == Literal("19.3")
    assert gg.value(URIRef(base + "19.3.g"), TG.number) == Literal("19.3(g)")
    assert gg.value(URIRef(base + "19.3"), TG.number) is None  # only labels of its neighbours


# ---- headers: Link, ETag, CORS, HEAD -------------------------------------------------------


def test_data_links_to_the_other_formats(client):
    r = client.get("/data/itpgrfa/art/19.3.g.ttl")
    link = r.headers["link"]
    for suffix in (".nt", ".jsonld", ".rdf"):
        assert f"</data/itpgrfa/art/19.3.g{suffix}>; rel=\"alternate\"" in link
    assert "</page/itpgrfa/art/19.3.g>" in link and 'type="text/html"' in link
    assert ".ttl>" not in link
    for part in link.split(", "):
        target = part.split(">")[0].lstrip("<")
        assert client.get(target).status_code == 200


def test_etag_is_per_format_and_304_on_if_none_match(client):
    tags = {}
    for suffix in ("ttl", "nt", "jsonld", "rdf"):
        r = client.get(f"/data/itpgrfa/art/19.3.g.{suffix}")
        etag = r.headers["etag"]
        assert etag.startswith('"') and not etag.startswith("W/")
        tags[suffix] = etag
        again = client.get(f"/data/itpgrfa/art/19.3.g.{suffix}", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        weak = client.get(f"/data/itpgrfa/art/19.3.g.{suffix}", headers={"If-None-Match": f'"x", W/{etag}'})
        assert weak.status_code == 304
    assert len(set(tags.values())) == 4
    other = client.get("/data/itpgrfa/art/19.3.g.ttl", headers={"If-None-Match": tags["nt"]})
    assert other.status_code == 200
    assert client.get("/data/itpgrfa/art/19.3.ttl").headers["etag"] != tags["ttl"]


def test_cors_on_303_and_data(client):
    r = client.get(ARTICLE_PATH, headers={"Origin": "https://example.org"}, follow_redirects=False)
    assert r.headers["access-control-allow-origin"] == "*"
    d = client.get("/data/itpgrfa/art/19.3.g.jsonld", headers={"Origin": "https://example.org"})
    assert d.headers["access-control-allow-origin"] == "*"
    exposed = {h.strip().lower() for h in d.headers["access-control-expose-headers"].split(",")}
    assert {"link", "etag", "content-location"} <= exposed


def test_cors_preflight(client):
    r = client.options(ARTICLE_PATH, headers={"Origin": "https://example.org",
                                             "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "GET" in r.headers["access-control-allow-methods"]


GET_ROUTES = [
    ARTICLE_PATH, "/data/itpgrfa/art/19.3.g.ttl", "/page/itpgrfa/art/19.3.g", "/", "/search?q=CBD",
    "/ontology", "/ontology.ttl", "/query", "/pictures/network.svg",
    "/pictures/neighbourhood.svg?uri=https://w3id.org/treatygraph/id/group/blg",
    "/export?root=https://w3id.org/treatygraph/id/group/blg&format=csv", "/static/style.css",
]


@pytest.mark.parametrize("path", GET_ROUTES)
def test_head_answers_like_get_without_a_body(live_server, path):
    url = live_server.url + path
    get = httpx.get(url, headers={"Accept": "text/turtle"})
    head = httpx.head(url, headers={"Accept": "text/turtle"})
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    if "etag" in get.headers:
        assert head.headers["etag"] == get.headers["etag"]


# ---- the server's own base vs the canonical one -----------------------------------------


def test_canonical_base_is_served_unchanged(ld_settings):
    """A server whose base is the canonical one serves the canonical URIs as they are."""
    from fastapi.testclient import TestClient

    from ld_sample import sample_graphs
    from treatygraph.http.app import create_app
    from treatygraph.store.oxigraph import OxigraphStore

    base = "http://testserver/"
    store = OxigraphStore.from_graphs(sample_graphs(base))
    with TestClient(create_app(ld_settings.with_(base=base), store=store)) as c:
        r = c.get(ARTICLE_PATH, headers={"Accept": "application/ld+json"}, follow_redirects=True)
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="json-ld")
    me = URIRef(ids.mint(ids.Provision("itpgrfa", ("19", "3", "g")), base))
    assert (me, RDF.type, TG.ArticlePoint) in g
    json.loads(r.content)  # JSON-LD is JSON


def test_a_hub_description_is_cut_and_says_so(ld_settings, ld_graphs, article):
    """6000 parts cite one article: its own statements stay, the in-links are cut, and the
    response says so (header, a related link to /export, a note on the page)."""
    from fastapi.testclient import TestClient

    from treatygraph.http.app import create_app
    from treatygraph.store.oxigraph import OxigraphStore

    hub = Graph()
    doc = ids.Document("hub-test")
    for n in range(6000):
        hub.add((URIRef(ids.mint(ids.Part(doc, (("para", str(n + 1)),)))), ELI.cites, URIRef(article)))
    store = OxigraphStore.from_graphs({**ld_graphs, ids.document_graph_uri("hub-test"): hub})
    with TestClient(create_app(ld_settings, store=store)) as c:
        r = c.get("/data/itpgrfa/art/19.3.g.nt")
        page = c.get("/page/itpgrfa/art/19.3.g")
        export = c.get("/export", params={"root": article, "depth": 0, "direction": "in", "format": "ntriples"})
    assert r.headers["treatygraph-truncated"] == "true"
    assert 'rel="related"' in r.headers["link"] and "/export?" in r.headers["link"]
    g = Graph().parse(data=r.text, format="nt")
    me = URIRef("http://testserver/id/itpgrfa/art/19.3.g")
    assert (me, TG.number, Literal("19.3(g)")) in g and (me, ELI.is_part_of, None) in g
    assert 0 < len(set(g.subjects(ELI.cites, me))) < 6000
    assert 'id="truncated"' in page.text
    assert len(set(Graph().parse(data=export.text, format="nt").subjects(ELI.cites, URIRef(article)))) == 6003
