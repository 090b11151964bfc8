"""RemoteStore.graphs() (a full scan on Virtuoso, asked by the HTTP layer per request) is reused for
graphs_ttl seconds; the store's own updates refresh it at once."""

import pytest
from rdflib import Literal, URIRef

GRAPH = "urn:x-treatygraph-test:graphs-cache"


@pytest.mark.virtuoso
def test_graph_list_is_reused_and_refreshed_by_own_updates(virtuoso):
    cached = virtuoso.store(read_only=True, graphs_ttl=3600)
    fresh = virtuoso.store(read_only=True, graphs_ttl=0)
    writer = virtuoso.store()
    try:
        before = cached.graphs()
        assert GRAPH not in before and GRAPH not in writer.graphs()
        writer.insert_triples(GRAPH, [(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("o"))])
        assert GRAPH in writer.graphs()          # its own update refreshed its list
        assert GRAPH in fresh.graphs()           # no reuse: sees it at once
        assert cached.graphs() == before         # another writer's graph shows after the TTL
        assert cached.has_graph(GRAPH)           # has_graph is never cached
        writer.drop_graph(GRAPH)
        assert GRAPH not in writer.graphs()
    finally:
        writer.drop_graph(GRAPH)
        for s in (cached, fresh, writer):
            s.close()
