"""The project's Turtle files are read by pyoxigraph into rdflib graphs: the same triples and prefixes as rdflib's parser."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import XSD

from treatygraph import rdffile
from treatygraph.rdffile import RdfFileError, parse_turtle

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/treatygraph/"

SAMPLE = """@prefix ex: <http://example.org/> .
@prefix : <http://example.org/default#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<id/cbd> ex:n 01, 2.50, 1.0E3, -7, true ;
    ex:when "2020-01-01"^^xsd:date, "2020-1-1"^^xsd:date ;
    ex:label "Convention"@en, "Convenio"@es, 'single' , \"\"\"long
text\"\"\" , "esc\\u00e9\\n" ;
    ex:list ( ex:a "b" 3 ) ;
    ex:node [ ex:p ex:o ; ex:q [ ex:r "s" ] ] ;
    ex:shared _:x .
_:x ex:p "one node" .
<#frag> a :Thing ; rdfs:seeAlso <../up> .
"""


def _same(a: Graph, b: Graph) -> None:
    lines = [sorted(" ".join(t.n3() for t in triple) for triple in to_canonical_graph(g)) for g in (a, b)]
    assert lines[0] == lines[1]
    assert sorted(a.namespaces()) == sorted(b.namespaces())


def _rdflib(path: Path, base: str) -> Graph:
    return Graph().parse(data=path.read_text("utf-8"), format="turtle", publicID=base)


@pytest.mark.parametrize("base", [BASE, None])
def test_a_sample_reads_as_rdflib_reads_it(tmp_path, base):
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE, encoding="utf-8")
    assert rdffile._add_turtle(Graph(), SAMPLE, base or path.resolve().as_uri())  # read by pyoxigraph
    got = parse_turtle(Graph(), path, base)
    _same(got, _rdflib(path, base or path.resolve().as_uri()))
    if base:
        assert (URIRef(BASE + "id/cbd"), None, None) in got  # relative IRIs resolved against the base
    assert Literal("1", datatype=XSD.integer) in set(got.objects())  # "01" as rdflib normalises it


@pytest.mark.parametrize("folder", ["ontology", "shapes", "data/registry"])
def test_the_project_files_read_as_rdflib_reads_them(folder):
    for path in sorted((ROOT / folder).glob("*.ttl")):
        base = BASE if folder == "data/registry" else path.resolve().as_uri()
        assert rdffile._add_turtle(Graph(), path.read_text("utf-8"), base), path
        _same(parse_turtle(Graph(), path, base if folder == "data/registry" else None), _rdflib(path, base))


@pytest.mark.parametrize("text", [
    '<http://a/s> <http://a/p> "x"@EN-GB .\n',  # pyoxigraph writes the tag in lower case, rdflib keeps it
    '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://a/s> <http://a/p> "x"^^xsd:string .\n',
    "@prefix a: <http://a/> .\n@prefix b: <http://a/> .\na:s a:p b:o .\n",  # two prefixes, one namespace
])
def test_what_pyoxigraph_would_read_otherwise_is_read_by_rdflib(tmp_path, text):
    path = tmp_path / "odd.ttl"
    path.write_text(text, encoding="utf-8")
    assert not rdffile._add_turtle(Graph(), text, BASE)
    _same(parse_turtle(Graph(), path, BASE), _rdflib(path, BASE))


def test_bad_turtle_still_names_the_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    with pytest.raises(RdfFileError, match=r"bad\.ttl:4:\d+: bad Turtle"):
        parse_turtle(Graph(), path)
