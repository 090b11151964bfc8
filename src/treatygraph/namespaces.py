"""RDF namespaces used across treatygraph (see docs/architecture.md, "Vocabulary contract")."""

from rdflib import Namespace as _RdflibNamespace
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD


class Namespace(_RdflibNamespace):
    """rdflib's ``Namespace`` whose terms are made once: ``TG.Citation`` is the same URIRef each time
    (rdflib makes and checks a new one on every access; a document graph names a few dozen terms
    hundreds of thousands of times)."""

    def term(self, name: str) -> URIRef:
        terms = self.__dict__.setdefault("__terms__", {})
        hit = terms.get(name)
        if hit is None:
            hit = terms[name] = super().term(name)
        return hit

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # special Python names (and the cache), as rdflib's
            raise AttributeError(name)
        hit = self.__dict__[name] = self.term(name)  # found as an attribute from now on
        return hit


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
