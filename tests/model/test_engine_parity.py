"""The pyoxigraph SHACL engine gives exactly pyshacl's results on deliberately broken graphs.

Each case breaks one or more rules of ``shapes/`` (every constraint component
the shapes use: counts, datatypes including ill-typed literals, node kinds,
classes, ``sh:in``, patterns, lengths, ranges, languages, property pairs,
``sh:or``/``sh:and``, qualified shapes, SPARQL constraints and SPARQL
targets, blank-node focus nodes, a document validated in the registry's
context); both engines run on the same graph and their reports (focus node,
shape, path, message, severity, fix, value) must be identical.
"""

import gc

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from treatygraph.namespaces import TG
from treatygraph.validate import validate_graph

PREFIXES = """
@prefix tg: <https://w3id.org/treatygraph/ontology#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@base <https://w3id.org/treatygraph/> .
"""

BROKEN = {
    "decision without body, two numbers": '<id/cbd/decision/XI-6> a tg:Decision ; tg:number "XI/6" , "XI/7" .',
    "provision with two instruments, literal parent":
        '<id/cbd/art/8.j> a tg:ArticlePoint ; eli:is_part_of "8" ; tg:instrument <id/cbd> , <id/nagoya> .',
    "session number ill-typed and zero": """
        <id/cbd/cop/1> a tg:Session ; tg:body <id/cbd/cop> ; tg:sessionNumber "one"^^xsd:integer , 0 ;
            rdfs:label "COP 1"@en , "第一届"@zh ; tg:curationNote "x" .""",
    "instrument: untagged short name, literal secretariat, labels": """
        <id/xyz> a tg:Instrument ; tg:shortName "XYZ" ; tg:hasSecretariat "the secretariat" ;
            rdfs:label "XYZ"@en , "Xyz"@en ; skos:altLabel "x" ; prov:wasDerivedFrom <http://example.org/x> .""",
    "numbering rule: sh:in, pattern, SPARQL constraints": """
        <id/xyz/cop> a tg:Body ; tg:instrument <id/xyz> ; tg:numberingRule <id/xyz/cop/rule> , <id/xyz> ;
            rdfs:label "COP"@en , "缔约方大会"@zh ; tg:curationNote "x" .
        <id/xyz/cop/rule> a tg:NumberingRule ; tg:actKind "other" ; tg:numberPattern "{session}/X" ;
            tg:sessionNumerals "greek" , "roman" ; tg:fromSession 5 ; tg:untilSession 3 , "four" .
        <id/xyz/cop/rule2> a tg:NumberingRule ; tg:actKind "decision" ; tg:numberPattern "{session}/{n}" .""",
    "dates: order, types, counts": """
        <id/m/1> a tg:Meeting ; tg:startDate "2012-10-08"^^xsd:date , "2012"^^xsd:gYear ;
            tg:endDate "2011-02"^^xsd:gYearMonth ; tg:place "Hyderabad" ; tg:sessionNumber "11" .
        <id/m/2> tg:signedOn "yesterday" ; tg:endDate "2012-02-30"^^xsd:date .""",
    "membership with blank nodes": """
        <id/blg> a tg:LiaisonGroup ; rdfs:label "BLG"@en , "联络组"@zh ; tg:curationNote "x" ;
            org:hasMembership [ a org:Membership ; org:member "CBD" ; tg:curationNote "x" ] ,
                              [ a org:Membership ; org:member <id/cbd> , <id/cms> ; org:organization <id/blg> ] ;
            tg:groupSecretariat <id/a> , <id/b> ; tg:chairRotation "yearly" .""",
    "act paragraph with a verb that is no operative verb": """
        <id/cbd/decision/X-2/para/1> a tg:ActParagraph ; eli:is_part_of <id/cbd/decision/X-2> ;
            tg:operativeVerb <id/cbd> , "urges" ; tg:actor "Parties" .""",
    "citations: quote, offsets, kind, resolution": """
        <id/doc/d/cite/1> a tg:Citation ; tg:quote "" ; tg:startOffset 10 ; tg:endOffset 5 ;
            cito:hasCitingEntity <id/doc/d> ; tg:citationKind "bogus" ; tg:resolved "no" ;
            prov:wasGeneratedBy <id/doc/d/run> .
        <id/doc/d/cite/2> a tg:Citation ; tg:startOffset -1 ; tg:endOffset -1 ; tg:citationKind "article" ;
            cito:hasCitedEntity "Article 8" , <id/cbd/art/8> ; tg:resolved false .
        <id/doc/d/cite/3> a tg:Citation ; tg:quote "decision X/2" ; tg:startOffset 1 ; tg:endOffset 13 ;
            cito:hasCitingEntity <id/doc/d> ; tg:citationKind "decision" ; tg:resolved false ; tg:warning "w" ;
            prov:wasGeneratedBy <id/doc/d/run> .""",
    "citation kinds compared by their strings (tagged, typed, an IRI, two values)": """
        <id/doc/d/cite/8> a tg:Citation ; tg:quote "q" ; tg:startOffset 1 ; tg:endOffset 2 ;
            cito:hasCitingEntity <id/doc/d> ; tg:citationKind "article"@en ; tg:resolved false ; tg:warning "w" ;
            prov:wasGeneratedBy <id/doc/d/run> .
        <id/doc/d/cite/9> a tg:Citation ; tg:quote "q" ; tg:startOffset 1 ; tg:endOffset 2 ;
            cito:hasCitingEntity <id/doc/d> ; tg:citationKind "decision"^^xsd:token , "Decision" ;
            tg:resolved false ; tg:warning "w" ; prov:wasGeneratedBy <id/doc/d/run> .
        <id/doc/d/cite/10> a tg:Citation ; tg:quote "q" ; tg:startOffset 1 ; tg:endOffset 2 ;
            cito:hasCitingEntity <id/doc/d> ; tg:citationKind <id/article> ; tg:resolved false ; tg:warning "w" ;
            prov:wasGeneratedBy <id/doc/d/run> .""",
    "ingested document parts (SPARQL target)": """
        <id/doc/d> a tg:Document ; tg:sourceFile "d.txt" , "e.txt" ; tg:homeInstrument "cbd" .
        <id/doc/d/p/1> a tg:DocumentPart ; eli:is_part_of <id/doc/d> ; tg:text "untagged" ; tg:startOffset 9 ;
            tg:endOffset 3 .
        <id/doc/d/p/1/2> eli:is_part_of <id/doc/d/p/1> ; tg:startOffset 4 .
        <id/doc/d/run> a tg:ExtractionRun ; tg:inputHash "a" , "b" ; tg:codeVersion 3 .""",
    "arrangement and activity": """
        <id/arr> a tg:CooperationArrangement ; rdfs:label "A"@en , "甲"@zh ; tg:curationNote "x" ;
            tg:signatory "someone" ; tg:activity <id/arr/a/1> .
        <id/arr/a/1> a tg:ArrangementActivity ; tg:number 1 ; tg:timeframe "2012" , "2013" .""",
    "literal forms read without rdflib (integers, booleans, language tags)": """
        <id/doc/d/cite/4> a tg:Citation ; tg:quote "q" ; tg:startOffset "+4"^^xsd:integer ;
            tg:endOffset "007"^^xsd:integer ; cito:hasCitingEntity <id/doc/d> ; tg:citationKind "article" ;
            tg:resolved "1"^^xsd:boolean ; cito:hasCitedEntity <id/cbd> ; prov:wasGeneratedBy <id/doc/d/run> .
        <id/doc/d/cite/5> a tg:Citation ; tg:quote "q" ; tg:startOffset "1_0"^^xsd:integer ;
            tg:endOffset "-0"^^xsd:integer ; cito:hasCitingEntity <id/doc/d> ; tg:citationKind "article" ;
            tg:resolved "true"^^xsd:boolean ; cito:hasCitedEntity <id/cbd> ; prov:wasGeneratedBy <id/doc/d/run> .
        <id/doc/d/cite/6> a tg:Citation ; tg:quote "q" ; tg:startOffset "\u0661\u0662"^^xsd:integer ;
            tg:endOffset " 5"^^xsd:integer ; cito:hasCitingEntity <id/doc/d> ; tg:citationKind "article" ;
            tg:resolved "0"^^xsd:boolean , "false"^^xsd:boolean ; cito:hasCitedEntity <id/cbd> ;
            prov:wasGeneratedBy <id/doc/d/run> .
        <id/doc/d/p/9> a tg:DocumentPart ; eli:is_part_of <id/doc/d> ; tg:startOffset "-3"^^xsd:integer ;
            tg:endOffset "+2"^^xsd:integer , "2.5"^^xsd:integer .
        <id/doc/d/p/9/en> a tg:Expression ; eli:realizes <id/doc/d/p/9> ; dcterms:language "en" ;
            eli:title "T"@en-GB , "T" ; tg:startOffset "0"^^xsd:integer ;
            prov:wasDerivedFrom <id/doc/d> .""",
    "a class and a registry resource described by the document": """
        <id/doc/d/MyCitation> rdfs:subClassOf tg:Citation .
        <id/doc/d/cite/7> a <id/doc/d/MyCitation> ; tg:quote "" ; tg:startOffset 3 ; tg:endOffset 1 .
        <id/cbd> tg:shortName "CBD" ; tg:hasSecretariat "the secretariat" .""",
    "concepts and targets": """
        <id/t/1> a tg:Target ; skos:notation "1" , "one" ; rdfs:label "T1"@en .
        <id/v/urges> a tg:OperativeVerb ; skos:inScheme "verbs" ; rdfs:label "urges"@en , "敦促"@zh .""",
}


def _same(data, shapes, ontology, **kw):
    ours = validate_graph(data, shapes, ontology, engine="oxigraph", name="t", **kw)
    reference = validate_graph(data, shapes, ontology, engine="pyshacl", name="t", **kw)
    assert ours.violations == reference.violations, (ours.text(), reference.text())
    assert ours.conforms == reference.conforms
    return ours


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_same_results(case, data_shapes, ontology):
    g = Graph().parse(data=PREFIXES + BROKEN[case], format="turtle")
    report = _same(g, data_shapes, ontology)
    assert not report.conforms, report.text()


def test_every_broken_case_together_in_registry_context(data_shapes, ontology, registry):
    """One document-like graph of every case, validated as the build validates a document."""
    g = Graph()
    for text in BROKEN.values():
        g.parse(data=PREFIXES + text, format="turtle")
    report = _same(g, data_shapes, ontology, context=registry.graph)
    assert len(report.errors()) > 40


def test_broken_registry(registry, data_shapes, ontology):
    g = Graph()
    g += registry.graph
    cbd = URIRef("https://w3id.org/treatygraph/id/cbd")
    for o in list(g.objects(cbd, RDFS.label)):
        if o.language == "zh":
            g.remove((cbd, RDFS.label, o))
    g.add((cbd, TG.shortName, Literal("CBD")))
    node = BNode()
    g.add((node, TG.startDate, Literal("not a date")))
    report = _same(g, data_shapes, ontology)
    assert not report.conforms


def test_broken_ontology_lint(ontology, lint_shapes):
    g = Graph()
    g += ontology
    g.remove((TG.quote, RDFS.comment, None))
    g.remove((TG.quote, RDFS.isDefinedBy, None))
    g.add((TG.quote, RDFS.isDefinedBy, URIRef("https://example.org/other")))
    g.add((TG.Citation, RDFS.seeAlso, TG.undeclaredTerm))
    g.add((TG.cites, OWL.inverseOf, TG.quote))
    for o in list(g.objects(TG.warning, RDFS.range)):
        g.remove((TG.warning, RDFS.range, o))
    report = _same(g, lint_shapes, None)
    assert not report.conforms


def test_unbroken_graphs_conform_on_both(registry, data_shapes, lint_shapes, ontology):
    assert _same(ontology, lint_shapes, None).conforms
    assert _same(registry.graph, data_shapes, ontology).conforms


def test_ntriples_input_gives_the_same_report(data_shapes, ontology, registry):
    """``validate_graph(..., ntriples=...)`` (the build hands over the N-Triples it wrote) reports exactly
    what validating the rdflib graph reports, with either engine; ``data`` then only names the focus nodes."""
    g = Graph()
    for text in BROKEN.values():
        g.parse(data=PREFIXES + text, format="turtle")
    nt = g.serialize(format="nt", encoding="utf-8")
    expected = validate_graph(g, data_shapes, ontology, context=registry.graph, name="t")
    assert not expected.conforms
    for engine in ("oxigraph", "pyshacl"):
        for names in (g, None):
            got = validate_graph(names, data_shapes, ontology, context=registry.graph, name="t", engine=engine,
                                 ntriples=nt)
            assert got.violations == expected.violations, engine
            assert (got.conforms, got.triples) == (expected.conforms, expected.triples) == (False, len(g))
    # without a context every subject is validated: the registry itself, as N-Triples
    reg = registry.graph.serialize(format="nt", encoding="utf-8")
    assert validate_graph(None, data_shapes, ontology, ntriples=reg).conforms


def test_validate_graph_needs_data_or_ntriples(data_shapes):
    with pytest.raises(ValueError, match="ntriples"):
        validate_graph(None, data_shapes)


def test_a_changed_context_graph_is_read_again(data_shapes, ontology, registry):
    """The registry's converted quads are kept between documents; a registry graph changed in place is read again."""
    doc = Graph().parse(data=PREFIXES + BROKEN["act paragraph with a verb that is no operative verb"], format="turtle")
    context = Graph()
    context += registry.graph
    before = validate_graph(doc, data_shapes, ontology, context=context)
    context.add((URIRef("https://w3id.org/treatygraph/id/cbd"), RDF.type, TG.OperativeVerb))
    after = validate_graph(doc, data_shapes, ontology, context=context)
    assert len(after.violations) < len(before.violations)
    assert after.violations == validate_graph(doc, data_shapes, ontology, context=context, engine="pyshacl").violations


def test_the_collector_is_as_it_was_after_validation(data_shapes, ontology, registry):
    """The engine pauses the cyclic garbage collector while it runs: it is back on after a report, and
    after a validation that fails; and left off when it was off."""
    doc = Graph().parse(data=PREFIXES + BROKEN["citations: quote, offsets, kind, resolution"], format="turtle")
    nt = doc.serialize(format="nt", encoding="utf-8")
    assert gc.isenabled()
    assert not validate_graph(None, data_shapes, ontology, context=registry.graph, ntriples=nt).conforms
    assert gc.isenabled()
    with pytest.raises(SyntaxError):
        validate_graph(None, data_shapes, ontology, context=registry.graph, ntriples=b"<urn:a> <urn:b> .\n")
    assert gc.isenabled()
    gc.disable()
    try:
        validate_graph(None, data_shapes, ontology, context=registry.graph, ntriples=nt)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_report_does_not_depend_on_what_was_validated_before(data_shapes, ontology, registry):
    """Nothing of one document (its quads, its terms, a failed run) reaches the next one's report."""
    def nt(*cases):
        g = Graph()
        for case in cases:
            g.parse(data=PREFIXES + BROKEN[case], format="turtle")
        return g.serialize(format="nt", encoding="utf-8")

    def report(data):
        return validate_graph(None, data_shapes, ontology, context=registry.graph, name="t", ntriples=data)

    small = nt("ingested document parts (SPARQL target)")
    alone = report(small)
    report(nt(*BROKEN))
    with pytest.raises(SyntaxError):
        report(nt(*BROKEN) + b"<urn:a> <urn:b> .\n")
    again = report(small)
    assert again.violations == alone.violations and again.triples == alone.triples
    assert again.violations == validate_graph(None, data_shapes, ontology, context=registry.graph, name="t",
                                              ntriples=small, engine="pyshacl").violations


def test_ill_typed_booleans_read_from_an_rdflib_graph(data_shapes, ontology, registry):
    """``"TRUE"^^xsd:boolean`` is outside xsd:boolean's lexical space (true, false, 1, 0; XSD 1.1 §3.3.2),
    so ``sh:datatype xsd:boolean`` fails on it. rdflib rewrites such a literal's lexical form to
    "true"/"false" and keeps only its ``ill_typed`` flag: both engines still report it (and not the
    well-typed ones beside it, written the same after rdflib's rewriting), from a graph and from N-Triples."""
    forms = {"TRUE": True, "True": True, "FALSE": True, "no": True, "01": True, "true": False, "1": False,
             "false": False, "0": False}
    text = ""
    for i, form in enumerate(forms):
        text += f"""
        <id/doc/d/cite/b{i}> a tg:Citation ; tg:quote "q" ; tg:startOffset 1 ; tg:endOffset 2 ;
            cito:hasCitingEntity <id/doc/d> ; tg:citationKind "article" ; tg:resolved "{form}"^^xsd:boolean ;
            cito:hasCitedEntity <id/cbd> ; prov:wasGeneratedBy <id/doc/d/run> ."""
    g = Graph().parse(data=PREFIXES + text, format="turtle")
    assert {str(o) for o in g.objects(None, TG.resolved)} == {"true", "false"}  # rdflib's rewriting
    expected = {f"https://w3id.org/treatygraph/id/doc/d/cite/b{i}" for i, bad in enumerate(forms.values()) if bad}

    def flagged(report):
        return {v.focus_node.replace("tgid:", "https://w3id.org/treatygraph/id/") for v in report.violations
                if v.message == "tg:resolved is one boolean"}

    for context in (None, registry.graph):
        report = _same(g, data_shapes, ontology, context=context)
        assert flagged(report) == expected, report.text()
    # the same lexical forms as N-Triples (written here, not by rdflib, which would rewrite them)
    nt = "".join(
        f'<https://w3id.org/treatygraph/id/doc/d/cite/b{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
        f'<https://w3id.org/treatygraph/ontology#Citation> .\n'
        f'<https://w3id.org/treatygraph/id/doc/d/cite/b{i}> <https://w3id.org/treatygraph/ontology#resolved> '
        f'"{form}"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n' for i, form in enumerate(forms)).encode()
    reports = [validate_graph(None, data_shapes, ontology, ntriples=nt, name="t", engine=engine)
               for engine in ("oxigraph", "pyshacl")]
    assert reports[0].violations == reports[1].violations
    assert flagged(reports[0]) == expected, reports[0].text()
