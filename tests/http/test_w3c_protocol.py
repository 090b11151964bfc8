"""The W3C SPARQL 1.1 Protocol tests (sparql11-protocol/manifest.ttl), run in-process.

Each manifest test becomes one parametrized case. Requests go to our
endpoint (``/sparql/`` in ``ht:absolutePath`` becomes ``/sparql``). The store
of each test holds the ``data*.nt`` files it declares (``ut:graphData``)
under the graph names it uses; tests declaring none get all three; a graph a
request names without a data file (``data0.rdf``) exists, empty.

Read-only adaptation (documented in docs/http.md): the endpoint refuses
SPARQL Update, so a test whose update request expects 2xx instead expects
400, the store's quads must be unchanged afterwards, and each follow-up ASK
that checks the update's effect must answer the opposite of the manifest's
``mf:expectedBoolean``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from treatygraph.store.oxigraph import OxigraphStore

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

ENDPOINT = "/sparql"
MANIFEST = Path(__file__).resolve().parents[3] / "shared" / "w3c" / "sparql11-protocol" / "manifest.ttl"


@dataclass
class Req:
    method: str
    path: str
    headers: dict
    body: bytes | None
    statuses: set[int]            # expected status classes: 2, 3, 4
    fmt: str | None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    graph_data: dict[str, str] = field(default_factory=dict)  # graph name -> data file
    requests: list[Req] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        """Its first request is an update the manifest expects to succeed."""
        first = self.requests[0]
        ctype = first.headers.get("content-type", "")
        body = (first.body or b"")[:7]
        return (ctype.startswith("application/sparql-update") or body == b"update=") and 2 in first.statuses


def load_manifest(path: Path) -> list[ProtocolTest]:
    g = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        t = ProtocolTest(str(entry).rsplit("#", 1)[-1], str(g.value(entry, MF.name)))
        for gd in g.objects(entry, UT.graphData):
            t.graph_data[str(g.value(gd, RDFS.label))] = str(g.value(gd, UT.graph)).rsplit("/", 1)[-1]
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            hlist = g.value(req, HT.headers)
            if hlist is not None:
                for h in Collection(g, hlist):
                    headers[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
            body = None
            b = g.value(req, HT.body)
            if b is not None:
                encoding = str(g.value(b, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(b, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            statuses = {int(str(s).rsplit("StatusCode", 1)[-1][0]) for s in g.objects(resp, MF.expectedStatus)}
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            path_ = str(g.value(req, HT.absolutePath)).replace("/sparql/", ENDPOINT, 1)
            t.requests.append(Req(str(g.value(req, HT.methodName)), path_, headers, body, statuses,
                                  str(fmt) if fmt is not None else None,
                                  boolean.toPython() if boolean is not None else None))
        tests.append(t)
    return tests


TESTS = load_manifest(MANIFEST) if MANIFEST.is_file() else []


def build_store(test: ProtocolTest, data_dir: Path) -> OxigraphStore:
    data = test.graph_data or {
        f"http://kasei.us/2009/09/sparql/data/data{i}.rdf": f"data{i}.nt" for i in (1, 2, 3)}
    graphs = {name: Graph().parse(data_dir / file, format="nt") for name, file in data.items()}
    for req in test.requests:
        for key, value in parse_qsl(urlsplit(req.path).query):
            if key in ("default-graph-uri", "named-graph-uri") and value not in graphs:
                graphs[value] = Graph()  # named by the test, no data file: an empty graph
    return OxigraphStore.from_graphs(graphs)


def check_format(response, fmt: str | None, boolean: bool | None) -> None:
    ctype = response.headers.get("content-type", "").split(";")[0].strip()
    if fmt in ("boolean", "tabular"):
        assert ctype in {"application/sparql-results+json", "application/sparql-results+xml",
                         "text/csv", "text/tab-separated-values"}, ctype
        if fmt == "boolean":
            assert ctype in {"application/sparql-results+json", "application/sparql-results+xml"}
            if ctype.endswith("json"):
                got = json.loads(response.content)["boolean"]
            else:
                el = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
                got = el.text == "true"
            if boolean is not None:
                assert got is boolean
        elif ctype.endswith("json"):
            assert "bindings" in json.loads(response.content)["results"]
    elif fmt == "RDF":
        parser = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}
        assert ctype in parser, ctype
        Graph().parse(data=response.content, format=parser[ctype])


@pytest.fixture(scope="module")
def data_dir(shared_dir) -> Path:
    return shared_dir / "w3c" / "sparql11-protocol"


def test_manifest_has_all_34_tests(data_dir):
    assert len(load_manifest(data_dir / "manifest.ttl")) == 34


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(test: ProtocolTest, data_dir, make_client):
    store = build_store(test, data_dir)
    client = make_client(store)
    before = set(store.quads())
    refused_update = False
    for i, req in enumerate(test.requests):
        response = client.request(req.method, req.path, content=req.body, headers=req.headers)
        if i == 0 and test.is_update:
            # Adapted: read-only endpoint.
            assert response.status_code == 400, response.text
            assert "read-only" in response.json()["error"]["detail"]
            assert set(store.quads()) == before
            refused_update = True
            continue
        assert response.status_code // 100 in req.statuses, (req.method, req.path, response.status_code, response.text)
        if response.status_code // 100 == 2:
            expected = (not req.boolean) if refused_update and req.boolean is not None else req.boolean
            check_format(response, req.fmt, expected)
    assert set(store.quads()) == before
