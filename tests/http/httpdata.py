"""Helpers shared by the HTTP tests (a module, not fixtures: imported by name)."""

from rdflib import Graph

EX = "http://example.org/"


def graph(turtle: str) -> Graph:
    """An rdflib graph from Turtle (the project prefixes and ``ex:`` are declared)."""
    head = (
        "@prefix ex: <http://example.org/> .\n"
        "@prefix tg: <https://w3id.org/treatygraph/ontology#> .\n"
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix cito: <http://purl.org/spar/cito/> .\n"
        "@prefix time: <http://www.w3.org/2006/time#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@base <https://w3id.org/treatygraph/> .\n"
    )
    g = Graph()
    g.parse(data=head + turtle, format="turtle")
    return g
