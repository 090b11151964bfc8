"""The linked-data layer over the REAL build of the repository's data/ (ontology, registry, the
ingested Plant Treaty document), built once into a temporary store."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from live_server import LiveServer
from treatygraph import identifiers as ids
from treatygraph import pictures
from treatygraph.export import collect_subgraph, edges, node_id, write
from treatygraph.namespaces import CITO, ELI, TG

ARTICLE = ids.Provision("itpgrfa", ("19", "3", "g"))


@pytest.fixture(scope="module")
def built(small_built_settings, small_built_store):
    from treatygraph.http.app import create_app

    s, store = small_built_settings, small_built_store
    app = create_app(s, store=store)
    server = LiveServer(app).start()
    with TestClient(app) as client:
        yield {"settings": s, "store": store, "client": client, "server": server}
    server.stop()


@pytest.fixture(scope="module")
def gold(shared_dir):
    return json.loads((shared_dir / "gold" / "citations.json").read_text(encoding="utf-8"))


def test_rdflib_dereferences_the_built_article(built):
    url = built["server"].url + "/" + ids.path_of(ARTICLE)
    g = Graph().parse(url)
    me = URIRef(url)
    citations = set(g.subjects(CITO.hasCitedEntity, me))
    assert citations
    for c in citations:
        part = g.value(c, CITO.hasCitingEntity)
        assert (part, ELI.cites, me) in g
        text, start = str(g.value(part, TG.text)), int(g.value(part, TG.startOffset))
        a, b = int(g.value(c, TG.startOffset)) - start, int(g.value(c, TG.endOffset)) - start
        assert text[a:b] == str(g.value(c, TG.quote))


def test_article_page_marks_every_gold_mention(built, gold):
    """The page shows each mention of Article 19.3(g) the gold standard lists, its words marked."""
    html = built["client"].get("/page/" + ids.path_of(ARTICLE)[len("id/"):]).text
    marks = re.findall(r"<mark>(.*?)</mark>", html, re.S)
    lines = [int(x) for x in re.findall(r"· line (\d+)", html)]
    got = Counter(zip(lines, marks))
    want = Counter((c["line"], c["surface"]) for c in gold if c["target"] == ids.path_of(ARTICLE))
    assert want and got == want


def test_every_page_linked_from_home_answers(built):
    client = built["client"]
    home = client.get("/").text
    pages = sorted(set(re.findall(r'href="(/page/[^"#]+)"', home)))
    assert len(pages) >= 10
    for page in pages:
        r = client.get(page)
        assert r.status_code == 200, page
        data = client.get("/data/" + page[len("/page/"):] + ".ttl")
        assert data.status_code == 200 and len(Graph().parse(data=data.text, format="turtle")) > 0, page


def test_ontology_page_lists_the_real_ontology(built):
    html = built["client"].get("/ontology").text
    for term in ("tg:Citation", "tg:LiaisonGroup", "tg:instrument", "tg:quote"):
        assert term in html


def test_export_round_trips_on_the_built_graph(built):
    store = built["store"]
    uri = ids.mint(ARTICLE, built["settings"].base)
    sub = collect_subgraph(store, uri, depth=1, direction="both")
    r = httpx.get(built["server"].url + "/export", params={"root": uri, "format": "nquads"})
    assert r.status_code == 200
    ds = Dataset()
    ds.parse(data=r.text, format="nquads")
    for name in {q[3] for q in sub.quads}:
        want = Graph()
        for s, p, o, g in sub.quads:
            if g == name:
                want.add((s, p, o))
        got = Graph()
        for t in ds.graph(name):
            got.add(t)
        assert isomorphic(got, want), name
    root = ET.fromstring("".join(write(sub, "graphml")).encode("utf-8"))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f"{ns}graph/{ns}edge")) == sum(1 for _ in edges(sub))
    assert {n.get("id") for n in root.findall(f"{ns}graph/{ns}node")} == {node_id(n) for n in sub.nodes()}
    assert any(d.get("key") == "label_zh" and re.search("[\u4e00-\u9fff]", d.text or "")
               for d in root.iter(f"{ns}data"))
    assert "《条约》第 19.3(g)条" in r.text


def test_network_of_the_built_graph_has_citations_between_instruments(built):
    _, network_edges = pictures.network(built["store"])
    kinds = Counter(e.kind for e in network_edges)
    assert kinds["citation"] >= 1 and kinds["member"] >= 1 and kinds["arrangement"] >= 1
    treaty = ids.mint(ids.Entity("itpgrfa"), built["settings"].base)
    assert any(e.kind == "citation" and e.source == treaty for e in network_edges)
    svg = built["client"].get("/pictures/network.svg").text
    assert "粮食和农业" in svg
