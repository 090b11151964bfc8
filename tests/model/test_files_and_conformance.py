"""Every vocabulary file parses; the ontology and the registry conform to the shapes."""

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from treatygraph import identifiers
from treatygraph.namespaces import TG
from treatygraph.validate import validate_graph

ROOT = Path(__file__).resolve().parents[2]
TTL_FILES = sorted(
    p.relative_to(ROOT)
    for d in ("ontology", "data/registry", "shapes")
    for p in (ROOT / d).glob("*.ttl")
)


@pytest.mark.parametrize("rel", TTL_FILES, ids=str)
def test_every_vocabulary_file_parses(rel):
    g = Graph().parse(ROOT / rel, format="turtle", publicID=identifiers.DEFAULT_BASE)
    assert len(g) > 0


def test_the_three_folders_have_files():
    folders = {str(p.parent) for p in TTL_FILES}
    assert folders == {"ontology", "data/registry", "shapes"}


def test_ontology_passes_its_lint(ontology, lint_shapes):
    report = validate_graph(ontology, lint_shapes, name="ontology")
    assert report.conforms, report.text()


def test_ontology_concepts_conform_to_data_shapes(ontology, data_shapes):
    report = validate_graph(ontology, data_shapes, ontology, name="ontology")
    assert report.conforms, report.text()


def test_registry_conforms(registry, data_shapes, ontology):
    report = validate_graph(registry.graph, data_shapes, ontology, name="registry")
    assert report.conforms, report.text()


def test_every_registry_subject_uri_parses(registry):
    subjects = {s for s in registry.graph.subjects() if isinstance(s, URIRef)}
    assert len(subjects) > 100
    for s in subjects:
        ref = identifiers.parse(str(s))
        assert identifiers.mint(ref) == str(s)


def test_vocabulary_contract_terms_are_declared(ontology):
    """Every tg: term named in docs/architecture.md's contract exists in the ontology."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    contract = text[text.index("## Vocabulary contract"):]
    names = set(re.findall(r"`tg:([A-Za-z]+)`", contract))
    assert len(names) > 60
    declared = {
        str(s)[len(str(TG)):]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(TG))
    }
    assert sorted(names - declared) == []


def test_ontology_reuses_standard_vocabularies(ontology):
    supers = {str(o) for o in ontology.objects(None, RDFS.subClassOf)} | {
        str(o) for o in ontology.objects(None, RDFS.subPropertyOf)
    }
    for ns in (
        "http://data.europa.eu/eli/ontology#",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://purl.org/spar/cito/",
        "http://www.w3.org/ns/oa#",
        "http://www.w3.org/2004/02/skos/core#",
        "http://purl.org/dc/terms/",
    ):
        assert any(s.startswith(ns) for s in supers), ns
    assert (TG.Instrument, RDFS.subClassOf, URIRef("http://data.europa.eu/eli/ontology#LegalResource")) in ontology
    assert (TG.hasSecretariat, OWL.inverseOf, TG.secretariatOf) in ontology
    assert (TG.secretariatOf, OWL.inverseOf, TG.hasSecretariat) in ontology
