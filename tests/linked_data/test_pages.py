"""HTML pages (in process): home, search, resource, query, ontology; and the SVG pictures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from treatygraph import identifiers as ids
from treatygraph import pictures
from treatygraph.export.describe import describe

SVG_NS = "{http://www.w3.org/2000/svg}"


class Links(HTMLParser):
    """Collects hrefs, and the text inside <mark> and the .quote spans, in order."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.marks, self.quotes = [], [], []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "mark":
            self._in.append("mark")
            self.marks.append("")
        elif tag == "span" and a.get("class") == "quote":
            self._in.append("quote")
            self.quotes.append("")

    def handle_endtag(self, tag):
        if self._in and ((tag == "mark" and self._in[-1] == "mark") or (tag == "span" and self._in[-1] == "quote")):
            self._in.pop()

    def handle_data(self, data):
        if self._in:
            (self.marks if self._in[-1] == "mark" else self.quotes)[-1] += data


def parse(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def test_home_counts_entry_points_picture_and_search(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    table = html.split('id="counts"')[1].split("</table>")[0]
    counts = dict(re.findall(r'<td><a href="[^"]*">([^<]+)</a></td><td class="num">(\d+)</td>', table))
    assert counts["Citation"] == "7"
    assert counts["Article"] == "3"
    # by instrument: the Plant Treaty's provisions with text and the citations they receive
    instruments = html.split('id="instruments"')[1].split("</table>")[0]
    assert "International Treaty on Plant Genetic Resources" in instruments
    assert "生物多样性公约" in client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    links = parse(html).hrefs
    assert "/page/itpgrfa" in links and "/page/group/blg" in links
    assert "/page/arrangement/itpgrfa-cbd-moc-2010" in links and "/page/doc/IT/GB-5/13/14" in links
    assert '<svg' in html and 'name="q"' in html


@pytest.mark.parametrize("q, expected", [
    ("生物多样性", "/page/cbd"), ("biological diversity", "/page/cbd"),
    ("19.3(g)", "/page/itpgrfa/art/19.3.g"), ("blg", "/page/group/blg"),
    ("BLG", "/page/group/blg"),
])
def test_search_in_any_language(client, q, expected):
    r = client.get("/search", params={"q": q})
    assert r.status_code == 200
    assert expected in parse(r.text).hrefs


def test_search_for_nothing_lists_nothing(client):
    r = client.get("/search", params={"q": "no such label anywhere 无"})
    assert r.status_code == 200 and 'id="names-title"' in r.text
    assert "/page/" not in r.text.split('id="names-title"')[1]


def test_article_page(client):
    r = client.get("/page/itpgrfa/art/19.3.g")
    assert r.status_code == 200
    html = r.text
    links = parse(html)
    # breadcrumbs: instrument › Article 19 › Article 19.3, in that order
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', html, re.S).group(0)
    assert [m for m in re.findall(r'href="([^"]+)"', crumbs)] == [
        "/page/itpgrfa", "/page/itpgrfa/art/19", "/page/itpgrfa/art/19.3"]
    assert "第19.3(g)条" in html
    # each citation's <mark> is exactly its quote (offsets relative to the part's start)
    assert len(links.marks) == 3 and links.marks == links.quotes
    assert "《条约》第 19.3 (g) 条" in links.marks
    # every data format is linked and answers
    for suffix in (".ttl", ".nt", ".jsonld", ".rdf"):
        href = f"/data/itpgrfa/art/19.3.g{suffix}"
        assert href in links.hrefs and client.get(href).status_code == 200
    assert "/pictures/neighbourhood.svg?uri=" in html
    assert "tg:ArticlePoint" in html or "Article point" in html


def test_group_page_shows_memberships_through_blank_nodes(client):
    html = client.get("/page/group/blg").text
    assert "Secretariat of the Convention on Migratory Species" in html
    assert "2011-09-04" in html  # the membership's interval → beginning → date
    assert "生物多样性相关公约联络小组" in html


def test_page_of_unknown_resource_is_404(client):
    assert client.get("/page/itpgrfa/art/77").status_code == 404
    assert client.get("/page/not//valid").status_code == 404


def test_query_page_has_a_form_per_named_query(client, ld_app):
    html = client.get("/query").text
    for name, q in ld_app.state.named_queries.items():
        form = re.search(rf'<form class="query" action="/query" method="get" id="form-{name}">(.*?)</form>', html, re.S)
        assert form, name
        inputs = re.findall(r'<(?:input type="(?:text|number|date)"|select) name="([^"]+)"', form.group(1))
        assert inputs == [p.name for p in q.params]
        for p in q.params:
            kind = {"integer": 'input type="number"', "date": 'input type="date"', "boolean": "select"}.get(
                p.type, 'input type="text"')
            assert f'<{kind} name="{p.name}"' in form.group(1), (name, p.name)


def test_query_page_runs_a_named_query(client):
    r = client.get("/query", params={"name": "search-labels", "q": "CBD"})
    assert r.status_code == 200
    table = re.search(r'<table id="results">.*?</table>', r.text, re.S).group(0)
    assert "/page/cbd" in table
    csv_link = re.search(r'href="(/queries/search-labels\?[^"]*format=csv)"', r.text).group(1)
    d = client.get(csv_link.replace("&amp;", "&"))
    assert d.status_code == 200 and d.headers["content-type"].startswith("text/csv")
    assert "https://w3id.org/treatygraph/id/cbd" in d.text


def test_query_page_reports_a_missing_parameter(client):
    r = client.get("/query", params={"name": "describe"})
    assert r.status_code == 200 and "resource" in re.search(r'id="query-error">([^<]*)<', r.text).group(1)


def test_query_page_runs_sparql_and_reports_syntax_errors(client):
    ok = client.get("/query", params={"sparql": "SELECT ?s WHERE { ?s a <https://w3id.org/treatygraph/ontology#LiaisonGroup> }"})
    assert "/page/group/blg" in ok.text
    bad = client.get("/query", params={"sparql": "SELECT ?s WHERE { ?s ?p }"})
    assert re.search(r'id="query-error">[^<]*line 1', bad.text)


def test_ontology_page_and_turtle(client, ld_graphs):
    html = client.get("/ontology", headers={"Accept": "text/html"}).text
    assert "Liaison group" in html and "联络小组" in html and 'id="LiaisonGroup"' in html
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle") and r.headers["vary"] == "Accept"
    assert isomorphic(Graph().parse(data=r.text, format="turtle"), ld_graphs[ids.graph_uri("ontology")])
    assert client.get("/ontology.ttl").text == r.text
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406


# ---- pictures -------------------------------------------------------------------------------


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


def test_network_svg(client):
    r = client.get("/pictures/network.svg")
    assert r.headers["content-type"].startswith("image/svg+xml")
    texts = svg_texts(r.text)
    assert "粮食和农业植物遗传资源国际条约" in "".join(texts) and "BLG" in texts  # long labels wrap
    assert "citation ×1" in texts  # the Plant Treaty document cites the Nagoya Protocol
    assert 'href="/page/nagoya"' in r.text


def test_network_edges_are_counted(ld_store):
    nodes, edges = pictures.network(ld_store)
    by = {(e.source.rsplit("/id/", 1)[1], e.target.rsplit("/id/", 1)[1], e.kind): e.weight for e in edges}
    assert by[("itpgrfa", "nagoya", "citation")] == 1
    assert by[("cbd", "itpgrfa", "arrangement")] == 1
    assert by[("itpgrfa", "group/blg", "member")] == 1
    assert ("itpgrfa", "itpgrfa", "citation") not in by  # citing one's own articles is not an interlinkage


def test_neighbourhood_svg_shows_the_citing_parts(client, article):
    r = client.get("/pictures/neighbourhood.svg", params={"uri": article})
    texts = " ".join(svg_texts(r.text))
    assert "IT/GB-5/13/14 para 5" in texts and "cites “《条约》第 19.3(g)条”" in texts
    assert client.get("/pictures/neighbourhood.svg", params={"uri": "http://testserver/id/itpgrfa/art/19.3.g"}).text == r.text
    assert client.get("/pictures/neighbourhood.svg").status_code == 422


def test_labels_are_escaped_for_svg(ld_store, article):
    odd = 'He said "x" \\ <b>&</b>\n第二行'
    node = pictures.NetworkNode("https://example.org/a?x=1&y=2", "instrument", odd, "条约", "")
    other = pictures.NetworkNode("https://example.org/b", "group", "B <g>", "", "")
    svg = pictures.network_svg_of([node, other], [pictures.NetworkEdge(node.uri, other.uri, "citation", 3)])
    root = ET.fromstring(svg)  # well-formed XML whatever the labels
    texts = svg_texts(svg)
    assert "条约" in texts and "citation ×3" in texts and "B <g>" in texts
    assert node.uri in {v for el in root.iter() for k, v in el.attrib.items() if k.endswith("href")}
    titles = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}title")]
    assert any(odd in t for t in titles)  # the full label as a tooltip
    description = describe(ld_store, article)
    assert ET.fromstring(pictures.neighbourhood_svg(description, article)).tag == f"{SVG_NS}svg"


def test_pictures_need_no_graphviz(client, monkeypatch):
    """No Graphviz binary on the PATH: the pictures are served all the same (drawn in Python)."""
    monkeypatch.setenv("PATH", "/nonexistent")
    import shutil as _shutil

    assert _shutil.which("neato") is None and _shutil.which("dot") is None
    for path, params in (("/pictures/network.svg", {}), ("/pictures/neighbourhood.svg",
                                                         {"uri": "https://w3id.org/treatygraph/id/group/blg"})):
        r = client.get(path, params=params)
        assert r.status_code == 200 and ET.fromstring(r.text).tag == f"{SVG_NS}svg", path
    home = client.get("/").text
    assert "<svg" in home and 'class="error"' not in home


def test_home_has_the_network_as_a_table(client):
    html = client.get("/").text
    table = re.search(r'<details class="network-table".*?</details>', html, re.S).group(0)
    rows = re.findall(r'<tr><td><a href="([^"]+)">[^<]*</a></td><td>(\w+)</td><td><a href="([^"]+)">', table)
    assert ("/page/itpgrfa", "citation", "/page/nagoya") in rows
    assert ("/page/itpgrfa", "member", "/page/group/blg") in rows


def test_pictures_keep_their_text_legible_on_a_phone(client, article):
    """A picture never shrinks below MIN_WIDTH_PX (its frame scrolls), so its text stays readable."""
    for svg in (client.get("/pictures/network.svg").text,
                client.get("/pictures/neighbourhood.svg", params={"uri": article}).text):
        root = ET.fromstring(svg)
        width = float(root.get("viewBox").split()[2])
        min_px = float(re.search(r"min-width:(\d+)px", root.get("style")).group(1))
        smallest = min(float(t.get("font-size")) for t in root.iter(f"{SVG_NS}text"))
        assert smallest * min(1.0, min_px / width) >= 8  # px on screen at the narrowest


def test_a_shared_secretariat_does_not_link_its_own_instruments():
    """CBD's secretariat serves the CBD and the Nagoya Protocol; its arrangement with CMS links
    each of them to CMS, never the CBD to Nagoya."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from treatygraph.namespaces import TG
    from treatygraph.store.oxigraph import OxigraphStore

    g = Graph()
    m = lambda ref: URIRef(ids.mint(ref))  # noqa: E731
    sec, cms_sec = m(ids.Actor("cbd", "secretariat")), m(ids.Actor("cms", "secretariat"))
    for code in ("cbd", "nagoya", "cms"):
        g.add((m(ids.Entity(code)), RDF.type, TG.Instrument))
    g.add((sec, TG.secretariatOf, m(ids.Entity("cbd"))))
    g.add((sec, TG.secretariatOf, m(ids.Entity("nagoya"))))
    g.add((cms_sec, TG.secretariatOf, m(ids.Entity("cms"))))
    jwp = m(ids.Arrangement("cbd-cms-jwp"))
    g.add((jwp, TG.party, sec))
    g.add((jwp, TG.party, cms_sec))
    _, edges = pictures.network(OxigraphStore.from_graphs({ids.graph_uri("registry"): g}))
    pairs = {(e.source.rsplit("/", 1)[1], e.target.rsplit("/", 1)[1]) for e in edges}
    assert pairs == {("cbd", "cms"), ("cms", "nagoya")}


def test_part_page_marks_the_citations_it_makes(client):
    html = client.get("/page/doc/IT/GB-5/13/14/annex/3/pp/1").text
    section = re.search(r'<h2 id="cites">.*?</div>', html, re.S).group(0)
    linked = re.findall(r'<a href="([^"]+)" title="[^"]*"><mark>(.*?)</mark></a>', section)
    assert linked == [("/page/itpgrfa/art/1.2", "《条约》第 1.2 条"),
                      ("/page/itpgrfa/art/19.3.g", "《条约》第 19.3(g)"),
                      ("/page/itpgrfa/art/19.3.l", "(l)")]
    assert re.sub(r"<[^>]+>", "", section.split('<p class="text" lang="zh">')[1].split("</p>")[0]).startswith("忆及《条约》")


def test_every_linked_data_route_is_documented(project_root):
    from treatygraph.http import linked_data, pages

    doc = (project_root / "docs" / "linked-data.md").read_text(encoding="utf-8")
    for router in (linked_data.router, pages.router):
        for route in router.routes:
            path = re.sub(r"\{(\w+):path\}", r"{\1}", route.path)
            path = path.replace("{suffix}", "ttl")
            assert f"`{path}" in doc or path == "/", f"{path} is not in docs/linked-data.md"


def test_links_out_only_over_http(ld_settings):
    from treatygraph.http.linked_data import href

    assert href(ld_settings, "javascript:alert(1)") == "#"
    assert href(ld_settings, "http://data.europa.eu/eli/ontology#LegalResource").startswith("http://")
    assert href(ld_settings, ids.mint(ids.Entity("cbd"))) == "/page/cbd"
    assert href(ld_settings, "https://w3id.org/treatygraph/ontology#Citation") == "/ontology#Citation"


def test_query_page_runs_user_queries_within_the_budget(ld_settings, ld_store):
    """The SPARQL box is cut at the app's max_rows, like /sparql, and says so."""
    from fastapi.testclient import TestClient

    from treatygraph.http.app import create_app

    app = create_app(ld_settings.with_(extra={**ld_settings.extra, "max_rows": 2}), store=ld_store)
    with TestClient(app) as c:
        r = c.get("/query", params={"sparql": "SELECT ?s WHERE { ?s ?p ?o }"})
    table = re.search(r'<table id="results">.*?</table>', r.text, re.S).group(0)
    assert table.count("<tr>") == 3  # header + 2 rows
    assert "(truncated)" in r.text
