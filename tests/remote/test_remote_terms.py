"""Binding and result parsing rules of the remote store (no server needed)."""

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from treatygraph.store.base import BadQuery
from treatygraph.store.results_json import json_term, parse_results_json
from treatygraph.store.terms import bind_values, term_to_sparql


def test_literals_are_escaped_into_one_token():
    assert term_to_sparql(Literal('a "b" \\ c\nd')) == '"a \\"b\\" \\\\ c\\nd"'
    assert term_to_sparql(Literal("植物条约", lang="zh")) == '"植物条约"@zh'
    assert term_to_sparql(Literal("5", datatype=XSD.integer)) == '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert term_to_sparql(Literal("x", datatype=XSD.string)) == '"x"'


@pytest.mark.parametrize("iri", ["http://x/a>b", "http://x/a b", "http://x/{a}", 'http://x/"'])
def test_iris_that_cannot_be_terms_are_refused(iri):
    with pytest.raises(ValueError, match="not an IRI"):
        term_to_sparql(URIRef(iri))


def test_bad_bindings_name_the_parameter():
    with pytest.raises(BadQuery, match=r"\?doc"):
        bind_values("SELECT * WHERE { ?s ?p ?doc }", {"doc": URIRef("http://x/a> } ; DROP ALL ; <x")})
    with pytest.raises(BadQuery, match="not a SPARQL variable"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"o) } DROP ALL {": Literal("x")})
    with pytest.raises(BadQuery, match=r"\?b"):
        bind_values("SELECT * WHERE { ?s ?p ?b }", {"b": BNode()})


def test_values_open_the_outermost_group():
    q = 'PREFIX ex: <http://x/#> # { not a group\nSELECT (COUNT(*) AS ?n) WHERE { ?s ex:p "}{" . { ?s ?p ?o } }'
    bound = bind_values(q, {"s": URIRef("http://x/s")})
    assert bound.startswith(
        'PREFIX ex: <http://x/#> # { not a group\nSELECT (COUNT(*) AS ?n) WHERE { VALUES (?s) { (<http://x/s>) }'
    )
    assert bound.endswith('?s ex:p "}{" . { ?s ?p ?o } }')


def test_values_skip_the_construct_template():
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert bind_values(q, {"s": URIRef("http://x/s")}) == (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://x/s>) } ?s ?p ?o }"
    )
    with pytest.raises(BadQuery, match="short form"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": URIRef("http://x/s")})


def test_virtuoso_results_are_normalised_to_rdf_terms():
    assert json_term({"type": "typed-literal", "datatype": str(XSD.boolean), "value": "1"}) == Literal(True)
    assert json_term({"type": "typed-literal", "datatype": str(XSD.string), "value": "中文"}) == Literal("中文")
    assert json_term({"type": "bnode", "value": "nodeID://b10000"}) == BNode("b10000")
    assert json_term({"type": "literal", "xml:lang": "zh", "value": "条约"}) == Literal("条约", lang="zh")


def test_broken_results_are_not_results():
    with pytest.raises(ValueError):
        parse_results_json(b"<html><body>Internal error</body></html>")
    with pytest.raises(KeyError):
        parse_results_json(b'{"head": {"vars": ["s"]}}')
