"""Linked-data latency at scale: describe/pages/export/pictures on a synthetic citation-heavy store.

    python -m benchmarks.linked_data [--documents 200] [--paragraphs 50] [--runs 20]

The store holds the real ontology and registry plus ``--documents`` synthetic
document graphs shaped like an ingested one: each has ``--paragraphs`` parts
with text and offsets, and each part cites two provisions of the Plant Treaty
or the Nagoya Protocol through a ``tg:Citation`` IRI (quote, offsets, line)
and ``eli:cites``. Article 19.3(g) becomes a hub cited by about a third of
all parts. Prints the median of ``--runs`` in-process requests per case.
"""

from __future__ import annotations

import argparse
import random
import time

from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from treatygraph import identifiers as ids
from treatygraph.config import Settings

from benchmarks.timing import median_ms
from treatygraph.export import collect_subgraph, write
from treatygraph.http.app import create_app
from treatygraph.namespaces import CITO, ELI, TG
from treatygraph.store.oxigraph import OxigraphStore

CITED = [("itpgrfa", ("19", "3", "g")), ("itpgrfa", ("1", "2")), ("itpgrfa", ("19", "3", "l")),
         ("nagoya", ("4", "3")), ("cbd", ("8", "j"))]


def synthetic_document(n: int, paragraphs: int, base: str, rng: random.Random) -> tuple[str, Graph]:
    slug = f"synthetic-{n:04d}"
    g = Graph()
    doc_ref = ids.Document(slug)
    doc = URIRef(ids.mint(doc_ref, base))
    g.add((doc, RDF.type, TG.Document))
    g.add((doc, TG.homeInstrument, URIRef(ids.mint(ids.Entity("itpgrfa"), base))))
    g.add((doc, RDFS.label, Literal(f"Synthetic document {n}", lang="en")))
    offset = 0
    for p in range(1, paragraphs + 1):
        part = URIRef(ids.mint(ids.Part(doc_ref, (("para", str(p)),)), base))
        quote = "《条约》第 19.3(g)条"
        text = f"{p}. 按照{quote}的规定，管理机构应与其它有关国际组织建立并保持合作。"
        g.add((part, RDF.type, TG.Paragraph))
        g.add((part, ELI.is_part_of, doc))
        g.add((part, TG.text, Literal(text, lang="zh")))
        g.add((part, TG.startOffset, Literal(offset)))
        g.add((part, TG.endOffset, Literal(offset + len(text))))
        for inst, steps in rng.sample(CITED, 2):
            cited = URIRef(ids.mint(ids.Provision(inst, steps), base))
            start = offset + text.index(quote)
            cite = URIRef(f"{part}#cite-{start}-{inst}")
            g.add((cite, RDF.type, TG.Citation))
            g.add((cite, CITO.hasCitingEntity, part))
            g.add((cite, CITO.hasCitedEntity, cited))
            g.add((cite, TG.quote, Literal(quote)))
            g.add((cite, TG.startOffset, Literal(start)))
            g.add((cite, TG.endOffset, Literal(start + len(quote))))
            g.add((cite, TG.line, Literal(p)))
            g.add((part, ELI.cites, cited))
        offset += len(text) + 1
    return ids.document_graph_uri(slug, base), g



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    settings = Settings.from_env()
    base = settings.base
    rng = random.Random(7)
    registry = Graph()
    for f in sorted(settings.registry_dir.glob("*.ttl")):
        registry.parse(f, format="turtle", publicID=base)
    ontology = Graph()
    for f in sorted(settings.ontology_dir.glob("*.ttl")):
        ontology.parse(f, format="turtle")
    graphs = {ids.graph_uri("registry", base): registry, ids.graph_uri("ontology", base): ontology}
    for n in range(args.documents):
        uri, g = synthetic_document(n, args.paragraphs, base, rng)
        graphs[uri] = g
    t = time.perf_counter()
    store = OxigraphStore.from_graphs(graphs)
    load = time.perf_counter() - t
    article = ids.mint(ids.Provision("itpgrfa", ("19", "3", "g")), base)
    hub = sum(1 for _ in store.quads()) and store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c <{CITO.hasCitedEntity}> <{article}> }}").rows[0][0]
    print(f"store: {len(store)} quads in {len(graphs)} graphs (loaded in {load:.1f} s); "
          f"Article 19.3(g) cited {hub} times; median of {args.runs} runs")
    client = TestClient(create_app(settings, store))
    rest = "itpgrfa/art/19.3.g"
    cases = {
        "GET /id/... (303)": lambda: client.get(f"/id/{rest}", follow_redirects=False),
        "GET /data/....ttl (hub article)": lambda: client.get(f"/data/{rest}.ttl"),
        "GET /data/....jsonld (hub article)": lambda: client.get(f"/data/{rest}.jsonld"),
        "GET /page/... (hub article)": lambda: client.get(f"/page/{rest}"),
        "GET /page/... (one paragraph)": lambda: client.get("/page/doc/synthetic-0001/para/7"),
        "GET / (home, network picture)": lambda: client.get("/"),
        "GET /pictures/neighbourhood.svg (hub)": lambda: client.get(
            "/pictures/neighbourhood.svg", params={"uri": article}),
        "GET /search?q=19.3": lambda: client.get("/search", params={"q": "19.3"}),
    }
    for name, fn in cases.items():
        print(f"  {name:42s} {median_ms(fn, args.runs):8.1f} ms")
    for depth, direction in ((1, "in"), (1, "both")):
        t = time.perf_counter()
        sub = collect_subgraph(store, article, depth=depth, direction=direction, max_triples=10**7)
        walk = time.perf_counter() - t
        sizes = []
        for fmt in ("nquads", "turtle", "graphml", "csv"):
            t = time.perf_counter()
            size = sum(len(c.encode("utf-8")) for c in write(sub, fmt))
            sizes.append(f"{fmt} {size / 1e6:.2f} MB {1000 * (time.perf_counter() - t):.0f} ms")
        print(f"  export depth={depth} {direction}: {len(sub.quads)} quads, walk {walk * 1000:.0f} ms; "
              + "; ".join(sizes))


if __name__ == "__main__":
    main()
