"""RDF namespaces used across treatygraph (see docs/architecture.md, "Vocabulary contract")."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

TG = Namespace("https://w3id.org/treatygraph/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CITO = Namespace("http://purl.org/spar/cito/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")

#: Prefixes bound on every graph we serialise.
PREFIXES = {
    "tg": TG, "eli": ELI, "org": ORG, "cito": CITO, "oa": OA, "prov": PROV,
    "skos": SKOS, "dcterms": DCTERMS, "time": TIME, "owl": OWL, "rdf": RDF,
    "rdfs": RDFS, "xsd": XSD, "sh": SH, "skosxl": SKOSXL,
}


def bind_prefixes(graph):
    """Bind the project's prefixes on an rdflib graph and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph
