"""Latency of named queries and /sparql, in-process (no sockets): median of repeated runs.

    python -m benchmarks.named_query_latency [--runs 200]

The store is the registry and the ontology loaded into an in-memory Oxigraph
store (the same files a build starts from), so the numbers do not depend on
a build being there. Prints one line per measurement.
"""

from __future__ import annotations

import argparse

from fastapi.testclient import TestClient
from rdflib import Graph

from treatygraph.config import Settings

from benchmarks.timing import median_ms
from treatygraph.http.app import create_app
from treatygraph.identifiers import graph_uri
from treatygraph.named_queries import load_named_queries
from treatygraph.store.oxigraph import OxigraphStore



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    settings = Settings.from_env()
    registry = Graph()
    for f in sorted(settings.registry_dir.glob("*.ttl")):
        registry.parse(f, format="turtle", publicID=settings.base)
    ontology = Graph()
    for f in sorted(settings.ontology_dir.glob("*.ttl")):
        ontology.parse(f, format="turtle")
    store = OxigraphStore.from_graphs({graph_uri("registry", settings.base): registry,
                                       graph_uri("ontology", settings.base): ontology})
    catalogue = load_named_queries(settings.queries_dir)
    client = TestClient(create_app(settings, store))
    members = {"group": "id/group/blg", "date": "2012-06-30"}
    rows = len(client.get("/queries/group-members", params=members).json()["results"]["bindings"])
    print(f"store: {len(store)} quads; group-members answers {rows} rows; {args.runs} runs each")
    cases = {
        "group-members, NamedQuery.run (store only)":
            lambda: catalogue["group-members"].run(store, members, settings.base),
        "group-members, GET /queries/group-members (in-process HTTP)":
            lambda: client.get("/queries/group-members", params=members),
        "cooperation, GET /queries/cooperation (in-process HTTP)":
            lambda: client.get("/queries/cooperation"),
        "ASK {}, GET /sparql (in-process HTTP: the HTTP floor)":
            lambda: client.get("/sparql", params={"query": "ASK {}"}),
    }
    for name, fn in cases.items():
        print(f"{median_ms(fn, args.runs):8.2f} ms  median  {name}")


if __name__ == "__main__":
    main()
