"""Push time and query latency: embedded Oxigraph vs a throwaway Virtuoso.

    python benchmarks/remote_store.py [--triples 50000] [--graphs 20] [--runs 21]

Generates ``--triples`` triples with Chinese and English labels in
``--graphs`` named graphs (document-like: parts, citations, text), writes
them to an on-disk embedded store, starts a Virtuoso of its own (the test
suite's launcher, tests/virtuoso_server.py), pushes over SPARQL Update and
over the Graph Store Protocol, then times the same queries on both stores
(median of ``--runs``). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from virtuoso_server import VirtuosoServer  # noqa: E402

from treatygraph.identifiers import document_graph_uri  # noqa: E402
from treatygraph.namespaces import ELI, TG  # noqa: E402
from treatygraph.push import push  # noqa: E402
from treatygraph.store.oxigraph import OxigraphStore  # noqa: E402

BASE = "https://w3id.org/treatygraph/id/"


def make_graphs(total: int, n_graphs: int) -> dict[str, Graph]:
    """Document-like graphs: each part has a type, labels in zh/en, text, a parent, a citation."""
    per_part = 7
    parts = total // per_part // n_graphs
    graphs = {}
    for d in range(n_graphs):
        g = Graph()
        doc = URIRef(f"{BASE}doc/bench-{d}")
        for i in range(parts):
            part = URIRef(f"{doc}/para/{i}")
            g.add((part, RDF.type, TG.Paragraph))
            g.add((part, RDFS.label, Literal(f"第{i}段 文件{d}", lang="zh")))
            g.add((part, SKOS.prefLabel, Literal(f"Paragraph {i} of document {d}", lang="en")))
            g.add((part, TG.text, Literal(f"大会请秘书处与{d}号公约秘书处合作，第{i}段。", lang="zh")))
            g.add((part, ELI.is_part_of, doc))
            g.add((part, TG.startOffset, Literal(i * 100, datatype=XSD.integer)))
            g.add((part, ELI.cites, URIRef(f"{BASE}cbd/decision/XI-{i % 30}")))
        graphs[document_graph_uri(f"bench-{d}")] = g
    return graphs


QUERIES = {
    "count all": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "label lookup (bound ?l)": "SELECT ?s ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
    "parts of one document": (
        "SELECT ?doc ?p ?t WHERE { GRAPH ?g { ?p <http://data.europa.eu/eli/ontology#is_part_of> ?doc ; "
        "<https://w3id.org/treatygraph/ontology#text> ?t } } LIMIT 100"
    ),
    "who cites XI/5 (join)": (
        "SELECT ?d ?doc WHERE { GRAPH ?g { ?p <http://data.europa.eu/eli/ontology#cites> ?d ; "
        "<http://data.europa.eu/eli/ontology#is_part_of> ?doc } }"
    ),
}
BINDINGS = {
    "label lookup (bound ?l)": {"l": Literal("第7段 文件3", lang="zh")},
    "parts of one document": {"doc": URIRef(f"{BASE}doc/bench-5")},
    "who cites XI/5 (join)": {"d": URIRef(f"{BASE}cbd/decision/XI-5")},
}


def median_ms(store, name: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        store.query(QUERIES[name], bindings=BINDINGS.get(name))
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=50000)
    ap.add_argument("--graphs", type=int, default=20)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tg-bench-"))
    graphs = make_graphs(args.triples, args.graphs)
    local = OxigraphStore.open(work / "store", read_only=False)
    local.replace_graphs(graphs)
    local.close()
    local = OxigraphStore.open(work / "store", read_only=True)
    total = sum(len(g) for g in graphs.values())
    server = VirtuosoServer(work)
    server.start()
    try:
        for label, gsp in (("SPARQL Update (INSERT DATA, 250/batch)", False), ("Graph Store Protocol (10000/batch)", True)):
            with server.store(gsp=gsp, max_rows=None) as remote:
                summary = push(local, remote)
                check = sum(remote.count(name) for name in graphs)
            print(f"push {total} triples in {len(graphs)} graphs via {label}: "
                  f"{summary.seconds:.1f} s ({total / summary.seconds:.0f} triples/s); on server: {check}")
        print()
        print(f"| query (median of {args.runs}) | Oxigraph embedded, ms | Virtuoso over HTTP, ms |")
        print("|---|---:|---:|")
        with server.store(max_rows=None) as remote:
            for name in QUERIES:
                a = local.query(QUERIES[name], bindings=BINDINGS.get(name))
                b = remote.query(QUERIES[name], bindings=BINDINGS.get(name))
                assert len(a.rows) == len(b.rows), (name, len(a.rows), len(b.rows))
                print(f"| {name} | {median_ms(local, name, args.runs):.1f} | {median_ms(remote, name, args.runs):.1f} |")
    finally:
        server.stop()
        local.close()


if __name__ == "__main__":
    main()
