"""Subgraph export: the walk, every format's round trip (Chinese included), the cap, the route, the CLI."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from treatygraph import identifiers as ids
from treatygraph.export import (
    CSV_COLUMNS, EXPORT_FORMATS, ExportError, ExportTooLarge, collect_subgraph, edges, node_id, write,
)
from treatygraph.namespaces import CITO, TG

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def sub(ld_store, article):
    return collect_subgraph(ld_store, article, depth=1, direction="both")


def text_of(sub, fmt: str) -> str:
    return "".join(write(sub, fmt))


def expected_graph(sub) -> Graph:
    g = Graph()
    for s, p, o in sub.triples():
        g.add((s, p, o))
    return g


# ---- the walk -------------------------------------------------------------------------


def test_depth_zero_out_is_exactly_the_root_statements(ld_store, ld_graphs, article):
    sub = collect_subgraph(ld_store, article, depth=0, direction="out")
    expected = {(s, p, o) for g in ld_graphs.values() for s, p, o in g.triples((URIRef(article), None, None))}
    assert set(sub.triples()) == expected


def test_incoming_brings_citations_with_quote_and_provenance(ld_store, article):
    sub = collect_subgraph(ld_store, article, depth=0, direction="in")
    g = expected_graph(sub)
    citations = set(g.subjects(CITO.hasCitedEntity, URIRef(article)))
    assert len(citations) == 3 and all(isinstance(c, BNode) for c in citations)
    for c in citations:
        assert g.value(c, TG.quote) is not None and g.value(c, TG.startOffset) is not None
        assert g.value(c, CITO.hasCitingEntity) is not None
    graphs = {q[3] for q in sub.quads}
    assert URIRef(ids.document_graph_uri("itpgrfa-gb-5-item-13")) in graphs


def test_blank_node_closure_of_memberships(ld_store):
    blg = ids.mint(ids.Group("blg"))
    sub = collect_subgraph(ld_store, blg, depth=0, direction="in")
    dates = {o for s, p, o in sub.triples() if isinstance(o, Literal) and o.datatype and "date" in str(o.datatype)}
    assert {"2004-05-01", "2011-09-04"} <= {str(d) for d in dates}


def test_deeper_walks_grow_and_never_follow_classes(ld_store, article):
    sizes = [len(collect_subgraph(ld_store, article, depth=d, direction="both").quads) for d in range(3)]
    assert sizes[0] < sizes[1] < sizes[2]
    sub = collect_subgraph(ld_store, article, depth=2, direction="both")
    other_articles = {s for s, p, o in sub.triples() if p == RDF.type and o == TG.Article}
    # Article 19 is two hops up the chain; Nagoya's Article 4 is reachable only through the class.
    assert URIRef(ids.mint(ids.Provision("nagoya", ("4",)))) not in other_articles


def test_cap_raises_too_large(ld_store, article):
    with pytest.raises(ExportTooLarge) as e:
        collect_subgraph(ld_store, article, depth=2, direction="both", max_triples=20)
    assert e.value.limit == 20 and "20" in str(e.value)


@pytest.mark.parametrize("kwargs, parameter", [
    ({"direction": "sideways"}, "direction"), ({"depth": -1}, "depth"), ({"depth": 99}, "depth"),
])
def test_bad_parameters_name_themselves(ld_store, article, kwargs, parameter):
    with pytest.raises(ExportError) as e:
        collect_subgraph(ld_store, article, **kwargs)
    assert e.value.parameter == parameter


# ---- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("ntriples", "nt")])
def test_triple_formats_round_trip(sub, fmt, rdflib_format):
    parsed = Graph().parse(data=text_of(sub, fmt), format=rdflib_format)
    assert isomorphic(parsed, expected_graph(sub))
    assert any(isinstance(o, Literal) and "第 19.3(g)" in str(o) for o in parsed.objects())


@pytest.mark.parametrize("fmt, rdflib_format", [("nquads", "nquads"), ("jsonld", "json-ld")])
def test_quad_formats_keep_the_named_graphs(sub, fmt, rdflib_format):
    ds = Dataset()
    ds.parse(data=text_of(sub, fmt), format=rdflib_format)
    by_graph: dict = {}
    for s, p, o, g in sub.quads:
        by_graph.setdefault(g, Graph()).add((s, p, o))
    parsed_graphs = {ctx.identifier: ctx for ctx in ds.graphs() if len(ctx)}
    assert set(parsed_graphs) == set(by_graph)
    for name, expected in by_graph.items():
        got = Graph()
        for t in parsed_graphs[name]:
            got.add(t)
        assert isomorphic(got, expected), name
    # A blank node shared across graphs? Not in the sample: each graph is isomorphic on its own.


def test_graphml_has_the_same_nodes_and_edges(sub, article):
    root = ET.fromstring(text_of(sub, "graphml").encode("utf-8"))
    graph = root.find(f"{GRAPHML}graph")
    nodes = {n.get("id"): {d.get("key"): d.text for d in n.findall(f"{GRAPHML}data")}
             for n in graph.findall(f"{GRAPHML}node")}
    assert set(nodes) == {node_id(n) for n in sub.nodes()}
    got = Counter()
    for e in graph.findall(f"{GRAPHML}edge"):
        data = {d.get("key"): d.text for d in e.findall(f"{GRAPHML}data")}
        got[(e.get("source"), data["predicate"], e.get("target"), data["graph"])] += 1
    want = Counter((node_id(s), str(p), node_id(o), str(g)) for s, p, o, g in edges(sub))
    assert got == want and got
    assert nodes[article]["label_zh"] == "第19.3(g)条"
    assert str(TG.ArticlePoint) in nodes[article]["types"]


def test_csv_is_the_same_edge_list(sub, article):
    rows = list(csv.DictReader(io.StringIO(text_of(sub, "csv"))))
    assert list(rows[0].keys()) == CSV_COLUMNS
    got = Counter((r["source"], r["predicate"], r["target"], r["graph"]) for r in rows)
    want = Counter((node_id(s), str(p), node_id(o), str(g)) for s, p, o, g in edges(sub))
    assert got == want
    labels = {r["target_label"] for r in rows if r["target"] == article} | {
        r["source_label"] for r in rows if r["source"] == article}
    assert labels == {"Article 19.3(g)"}


def test_graphml_escapes_markup_in_labels(ld_store):
    g = Graph()
    node = URIRef(ids.mint(ids.Entity("odd")))
    g.add((node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal('A <b> & "c" 条约', lang="en")))
    g.add((node, TG.party, URIRef(ids.mint(ids.Entity("cbd")))))
    from treatygraph.store.oxigraph import OxigraphStore

    store = OxigraphStore.from_graphs({ids.graph_uri("registry"): g})
    sub = collect_subgraph(store, str(node), depth=0, direction="out")
    root = ET.fromstring(text_of(sub, "graphml").encode("utf-8"))
    labels = [d.text for d in root.iter(f"{GRAPHML}data") if d.get("key") == "label"]
    assert labels == ['A <b> & "c" 条约']


# ---- HTTP route ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_route_streams_every_format(client, sub, article, fmt):
    r = client.get("/export", params={"root": article, "depth": 1, "direction": "both", "format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == EXPORT_FORMATS[fmt].media_type.split(";")[0]
    assert int(r.headers["treatygraph-statements"]) == len(sub.quads)
    assert r.text == text_of(sub, fmt)


def test_export_root_in_the_servers_own_form(client, article):
    canonical = client.get("/export", params={"root": article, "format": "nquads"})
    local = client.get("/export", params={"root": "http://testserver/id/itpgrfa/art/19.3.g", "format": "nquads"})
    assert local.status_code == 200 and local.headers["treatygraph-statements"] == canonical.headers[
        "treatygraph-statements"]


@pytest.mark.parametrize("params, parameter", [
    ({"direction": "sideways"}, "direction"), ({"depth": "9"}, "depth"),
    ({"depth": "two"}, "depth"), ({"format": "xls"}, "format"), ({"root": ""}, "root"),
])
def test_export_bad_parameters_are_422_naming_them(client, article, params, parameter):
    r = client.get("/export", params={"root": article, **params})
    assert r.status_code == 422, r.text
    assert parameter in r.json()["error"]["detail"]


def test_export_unknown_root_is_404(client):
    r = client.get("/export", params={"root": ids.mint(ids.Entity("nosuch"))})
    assert r.status_code == 404 and "root" in r.json()["error"]["detail"]


def test_export_over_the_cap_is_413(ld_settings, ld_store, article):
    from fastapi.testclient import TestClient

    from treatygraph.http.app import create_app

    app = create_app(ld_settings.with_(extra={**ld_settings.extra, "export_max_triples": 10}), store=ld_store)
    with TestClient(app) as c:
        r = c.get("/export", params={"root": article, "depth": 2})
    assert r.status_code == 413
    assert "more than 10 statements" in r.json()["error"]["detail"]


# ---- CLI -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory, ld_graphs, project_root):
    """The sample graphs on disk, with graph/derived as a build makes it (like ``ld_store``)."""
    from treatygraph.identifiers import DEFAULT_BASE
    from treatygraph.store.oxigraph import OxigraphStore

    path = tmp_path_factory.mktemp("ld-store") / "store"
    store = OxigraphStore.open(path, read_only=False)
    store.replace_graphs(ld_graphs)
    store.derive(project_root / "queries", DEFAULT_BASE)
    store.close()
    del store
    return path


def test_cli_export_writes_nquads(disk_store, tmp_path, sub, capsys):
    from treatygraph.cli import main

    out = tmp_path / "art.nq"
    code = main(["--store", str(disk_store), "export", "id/itpgrfa/art/19.3.g",
                 "--format", "nquads", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    ds = Dataset()
    ds.parse(out, format="nquads")
    assert len(set(ds.quads((None, None, None, None)))) == len(sub.quads)
    assert "《条约》第 19.3(g)条" in out.read_text(encoding="utf-8")


def test_cli_export_reports_bad_root_and_cap(disk_store, capsys):
    from treatygraph.cli import main

    assert main(["--store", str(disk_store), "export", "id/itpgrfa/art/99"]) == 2
    assert "no resource" in capsys.readouterr().err
    assert main(["--store", str(disk_store), "export", "id/itpgrfa/art/19.3.g",
                 "--depth", "2", "--max-triples", "5"]) == 1
    assert "more than 5" in capsys.readouterr().err


def test_export_streams_over_a_socket(live_server, sub, article):
    import httpx

    with httpx.stream("GET", live_server.url + "/export",
                      params={"root": article, "depth": 1, "format": "ntriples"}) as r:
        assert r.status_code == 200
        assert r.headers.get("transfer-encoding") == "chunked" and "content-length" not in r.headers
        chunks = list(r.iter_bytes())
    assert b"".join(chunks).decode("utf-8") == text_of(sub, "ntriples")


def test_citation_iris_travel_with_the_cited_resource_and_are_not_walked(ld_graphs, article):
    """The ingester gives citations IRIs; their statements come with what they cite (depth 0)
    and the walk goes on from the citing part, not from the citation."""
    from treatygraph.store.oxigraph import OxigraphStore

    g = Graph()
    for s, p, o in ld_graphs[ids.document_graph_uri("itpgrfa-gb-5-item-13")]:
        g.add((s, p, o))
    # Give every blank citation an IRI (as the ingester does: the part's IRI and a fragment).
    renamed = {}
    for c in set(g.subjects(RDF.type, TG.Citation)):
        part = g.value(c, CITO.hasCitingEntity)
        renamed[c] = URIRef(f"{part}#cite-{g.value(c, TG.startOffset)}")
    h = Graph()
    for s, p, o in g:
        h.add((renamed.get(s, s), p, renamed.get(o, o)))
    store = OxigraphStore.from_graphs({**ld_graphs, ids.document_graph_uri("itpgrfa-gb-5-item-13"): h})
    sub0 = collect_subgraph(store, article, depth=0, direction="in")
    quotes = {str(o) for s, p, o in sub0.triples() if p == TG.quote}
    assert quotes == {"《条约》第 19.3 (g) 条", "《条约》第 19.3(g)条", "《条约》第 19.3(g)"}
    sub1 = collect_subgraph(store, article, depth=1, direction="in")
    # depth 1 reaches the citing parts' own in-links (their document's has_part) ...
    para5 = URIRef(ids.mint(ids.Part(ids.Document("IT/GB-5/13/14"), (("para", "5"),))))
    assert any(o == para5 and p == URIRef("http://data.europa.eu/eli/ontology#has_part") for s, p, o in sub1.triples())
    # ... and the same statements as with blank citations, renamed.
    blank = collect_subgraph(OxigraphStore.from_graphs(ld_graphs), article, depth=1, direction="in")
    assert len(sub1.triples()) == len(blank.triples())
