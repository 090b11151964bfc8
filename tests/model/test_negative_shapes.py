"""Broken data produces violations that name the focus node and the shape."""

from pathlib import Path
import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from treatygraph.namespaces import TG
from treatygraph.registry import Registry, RegistryError
from treatygraph.validate import validate_graph

ID = "https://w3id.org/treatygraph/id/"
PREFIXES = """
@prefix tg: <https://w3id.org/treatygraph/ontology#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@base <https://w3id.org/treatygraph/> .
"""


def _check(graph, shapes, ontology, focus, shape_part):
    report = validate_graph(graph, shapes, ontology, name="t")
    assert not report.conforms
    hits = [v for v in report.errors() if v.focus_node == focus and shape_part in v.shape]
    assert hits, report.text()
    assert focus in report.text() and shape_part in report.text()
    return hits


def test_decision_without_body(data_shapes, ontology):
    g = Graph().parse(data=PREFIXES + '<id/cbd/decision/XI-6> a tg:Decision ; tg:number "XI/6" .', format="turtle")
    hits = _check(g, data_shapes, ontology, ID + "cbd/decision/XI-6", "ActShape")
    assert hits[0].path == "tg:body" and hits[0].fix


def test_decision_with_body_and_number_conforms(data_shapes, ontology):
    g = Graph().parse(
        data=PREFIXES + '<id/cbd/decision/XI-6> a tg:Decision ; tg:number "XI/6" ; tg:body <id/cbd/cop> .',
        format="turtle",
    )
    assert validate_graph(g, data_shapes, ontology).conforms


def test_provision_with_two_instruments(data_shapes, ontology):
    g = Graph().parse(
        data=PREFIXES
        + "<id/cbd/art/8.j> a tg:ArticlePoint ; eli:is_part_of <id/cbd/art/8> ; tg:instrument <id/cbd> , <id/nagoya> .",
        format="turtle",
    )
    hits = _check(g, data_shapes, ontology, ID + "cbd/art/8.j", "ProvisionShape")
    assert {h.path for h in hits} == {"tg:instrument"}


def test_registry_entry_missing_zh_label(registry, data_shapes, ontology):
    g = Graph()
    g += registry.graph
    cbd = URIRef(ID + "cbd")
    for o in list(g.objects(cbd, RDFS.label)):
        if o.language == "zh":
            g.remove((cbd, RDFS.label, o))
    hits = _check(g, data_shapes, ontology, ID + "cbd", "BilingualLabelShape")
    assert any("Chinese" in h.message for h in hits)


def test_registry_entry_without_provenance(data_shapes, ontology):
    g = Graph().parse(
        data=PREFIXES + '<id/unep> a tg:Organization ; <http://www.w3.org/2000/01/rdf-schema#label> "UNEP"@en , "环境署"@zh .',
        format="turtle",
    )
    _check(g, data_shapes, ontology, ID + "unep", "RegistryProvenanceShape")


def test_ontology_term_without_comment(ontology, lint_shapes):
    g = Graph()
    g += ontology
    g.remove((TG.quote, RDFS.comment, None))
    hits = _check(g, lint_shapes, None, str(TG.quote), "TermDocumentedShape")
    assert hits[0].path == "rdfs:comment"


def test_ontology_undeclared_term_and_one_sided_inverse(ontology, lint_shapes):
    g = Graph()
    g += ontology
    g.add((TG.Undeclared, RDFS.subClassOf, TG.Instrument))
    g.remove((TG.targetOf, URIRef("http://www.w3.org/2002/07/owl#inverseOf"), None))
    report = validate_graph(g, lint_shapes)
    assert any(v.value == str(TG.Undeclared) for v in report.errors()), report.text()
    assert any("InversePairShape" in v.shape and v.focus_node == str(TG.hasTarget) and v.value == str(TG.targetOf)
               for v in report.errors()), report.text()


CITATION = PREFIXES + """
<id/doc/x/para/1> a tg:Paragraph .
[] a tg:Citation ; tg:quote "第 19.3(g)条" ; tg:startOffset 10 ; tg:endOffset 19 ;
   tg:citationKind "{kind}" ; cito:hasCitingEntity <id/doc/x/para/1> ; prov:wasGeneratedBy <run/x-00000000> {extra} .
"""


def test_citation_needs_cited_entity_or_warning(data_shapes, ontology):
    bad = Graph().parse(data=CITATION.format(kind="article", extra=""), format="turtle")
    report = validate_graph(bad, data_shapes, ontology)
    assert any("CitationShape" in v.shape and "cited entity" in v.message for v in report.errors()), report.text()
    unresolved = Graph().parse(
        data=CITATION.format(kind="decision", extra='; tg:resolved false ; tg:warning "garbled number"'), format="turtle"
    )
    assert not [v for v in validate_graph(unresolved, data_shapes, ontology).errors() if "CitationShape" in v.shape]
    resolved = Graph().parse(data=CITATION.format(kind="article", extra="; cito:hasCitedEntity <id/itpgrfa/art/19.3.g>"), format="turtle")
    assert not [v for v in validate_graph(resolved, data_shapes, ontology).errors() if "CitationShape" in v.shape]


def test_citation_kind_outside_the_code_list(data_shapes, ontology):
    g = Graph().parse(data=CITATION.format(kind="treaty-article", extra="; cito:hasCitedEntity <id/cbd>"), format="turtle")
    report = validate_graph(g, data_shapes, ontology)
    assert any(v.value == "treaty-article" for v in report.errors()), report.text()


def test_bad_turtle_in_registry_names_file_and_line(tmp_path, settings):
    for p in settings.registry_dir.glob("*.ttl"):
        shutil.copy(p, tmp_path / p.name)
    broken = tmp_path / "zz-broken.ttl"
    broken.write_text('@prefix tg: <https://w3id.org/treatygraph/ontology#> .\n\n<id/x> tg:shortName "a" \n<id/y> .\n')
    with pytest.raises(RegistryError) as err:
        Registry.load(tmp_path)
    assert "zz-broken.ttl:4" in str(err.value)


def test_empty_registry_dir_is_an_error(tmp_path):
    with pytest.raises(RegistryError, match="no registry files"):
        Registry.load(tmp_path)


def test_part_of_ingested_document_needs_text_and_offsets(data_shapes, ontology):
    g = Graph().parse(
        data=PREFIXES + """
<id/doc/x> a tg:Document ; tg:sourceFile "data/documents/x.zh.txt" .
<id/doc/x/annex/1> a tg:Annex ; eli:is_part_of <id/doc/x> ; tg:text "附录"@zh ; tg:startOffset 0 ; tg:endOffset 2 .
<id/doc/x/annex/1/para/2> a tg:Paragraph ; eli:is_part_of <id/doc/x/annex/1> .
<id/doc/OTHER/1/para/3> a tg:Paragraph ; eli:is_part_of <id/doc/OTHER/1> .
""",
        format="turtle",
    )
    report = validate_graph(g, data_shapes, ontology)
    focus = {v.focus_node for v in report.errors()}
    assert focus == {ID + "doc/x/annex/1/para/2"}, report.text()
    assert {v.path for v in report.errors()} == {"tg:text", "tg:startOffset", "tg:endOffset"}


def test_document_graph_is_validated_in_the_context_of_the_registry(registry, data_shapes, ontology):
    g = Graph().parse(data=PREFIXES + "<id/aichi-targets/5> a tg:Target .", format="turtle")
    assert not validate_graph(g, data_shapes, ontology).conforms  # no labels, scheme, provenance here
    assert validate_graph(g, data_shapes, ontology, context=registry.graph).conforms


def test_offsets_in_the_wrong_order(data_shapes, ontology):
    g = Graph().parse(
        data=CITATION.format(kind="article", extra="; cito:hasCitedEntity <id/cbd>").replace("tg:endOffset 19", "tg:endOffset 10"),
        format="turtle",
    )
    report = validate_graph(g, data_shapes, ontology)
    hits = [v for v in report.errors() if "CitationShape" in v.shape]
    assert [v.message for v in hits] == ["tg:endOffset is not after tg:startOffset"], report.text()


def test_meeting_ending_before_it_starts(registry, data_shapes, ontology):
    g = Graph()
    g += registry.graph
    s = URIRef(ID + "cbd/cop/11")
    g.remove((s, TG.endDate, None))
    g.add((s, TG.endDate, Literal("2012-10-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    hits = _check(g, data_shapes, ontology, ID + "cbd/cop/11", "DateOrderShape")
    assert "ends before it starts" in hits[0].message
