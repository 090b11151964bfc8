"""The decision-compilation layout on every real UNFCCC compilation of the shared corpus."""

from collections import Counter

import pytest

from treatygraph import identifiers as I
from treatygraph.ingest.layouts import LAYOUTS
from treatygraph.ingest.layouts.decisions import looks_like_decisions, segment_decisions, table_of_contents


def compilations(shared_dir):
    files = sorted((shared_dir / "corpus" / "unfccc").glob("c*/*.txt"))
    assert len(files) >= 30
    return files


@pytest.fixture(scope="module")
def segmented(shared_dir, registry):
    out = {}
    for path in compilations(shared_dir):
        text = path.read_text(encoding="utf-8")
        out[path.name] = (text, segment_decisions(text, registry))
    return out


def test_the_layout_is_registered():
    assert "decisions" in LAYOUTS


def test_every_compilation_yields_the_acts_its_contents_list(segmented):
    for name, (text, seg) in segmented.items():
        found = sorted((p.ref.kind, p.number) for p in seg.parts if p.kind == "act")
        toc = sorted(table_of_contents(text))
        assert found == toc, name
        assert [k for k, _ in toc].count("decision") >= 1, name


def test_file_names_agree_where_they_are_right(segmented):
    """``cp2015_21 - 2015 - decisions 2 to 13.txt`` holds 12 decisions."""
    text, seg = segmented["cp2015_21 - 2015 - decisions 2 to 13.txt"]
    assert sum(1 for p in seg.parts if p.kind == "act" and p.ref.kind == "decision") == 12


def test_the_table_of_contents_is_not_segmented(segmented):
    for name, (text, seg) in segmented.items():
        first = min(p.start for p in seg.parts if p.kind == "act")
        assert seg.skipped[0][0] == 0 and 0 <= first - seg.skipped[0][1] <= 4, name  # up to the heading's indent
        assert text[first:].startswith("Decision") or text[first:].startswith("Resolution"), name


def test_every_part_is_the_text_between_its_offsets_and_has_one_uri(segmented):
    for name, (text, seg) in segmented.items():
        uris = Counter(I.path_of(p.ref) for p in seg.parts)
        assert not [u for u, n in uris.items() if n > 1], name
        for p in seg.parts:
            assert p.ref is not None
            assert p.text(text) == text[p.start:p.end], (name, I.path_of(p.ref))
            assert p.text(text).strip() == p.text(text) or p.kind in ("act", "annex"), (name, I.path_of(p.ref))


def test_decision_1_cp21_has_paragraph_53_and_the_paris_agreement_in_its_annex(segmented):
    text, seg = segmented["cp2015_21 - 2015 - decision 1.txt"]
    by = {I.path_of(p.ref): p for p in seg.parts}
    act = by["id/unfccc/decision/1-CP.21"]
    assert act.title == "Adoption of the Paris Agreement"
    assert by["id/unfccc/decision/1-CP.21/para/53"].text(text).startswith("53.\tAlso decides that")
    assert by["id/unfccc/decision/1-CP.21/pp/1"].text(text).startswith("Recalling decision 1/CP.17")
    annex = by["id/unfccc/decision/1-CP.21/annex/1"]
    assert annex.title == "Paris Agreement"
    # the annex is the Paris Agreement: its articles are the Agreement's provisions
    assert by["id/paris/art/4.1"].text(text).startswith("1.\tIn order to achieve the long-term temperature goal")
    assert by["id/paris/art/2.1.a"].text(text).startswith("(a)\tHolding the increase")
    assert by["id/paris/art/3"].text(text).startswith("Article 3")
    assert sum(1 for p in seg.parts if p.kind == "article") == 29


def test_annex_chapters_paragraphs_and_items_any_depth(segmented):
    text, seg = segmented["CMA2018_1.3_Decisions_13_to_20.txt"]
    by = {I.path_of(p.ref): p for p in seg.parts}
    assert by["id/paris/decision/18-CMA.1/annex/1"].title.startswith("Modalities, procedures and guidelines")
    assert by["id/paris/decision/18-CMA.1/annex/1/section/I"].title == "Introduction"
    assert by["id/paris/decision/18-CMA.1/annex/1/section/I.B"].title == "Guiding principles"
    assert by["id/paris/decision/18-CMA.1/annex/1/para/77.d"].text(text).startswith("(d)")
    assert by["id/paris/decision/18-CMA.1/para/6.c"].text(text).startswith("(c)\tPublish")
    deep = [u for u in by if u.count(".") >= 2 and "/para/" in u and u.split("/para/")[1].count(".") >= 2]
    assert deep, "second-level items (130(b)(ii)) are found"
    other = {I.path_of(p.ref) for p in segmented["CMA2018_1.3_Decisions_3_to_12.txt"][1].parts}
    assert {"id/paris/decision/4-CMA.1/annex/I", "id/paris/decision/4-CMA.1/annex/II"} <= other


def test_footnotes_are_anchored_at_their_mark(segmented):
    text, seg = segmented["cp2021_26 - 2021 - Decisions 12 to 23.txt"]
    by = {I.path_of(p.ref): p for p in seg.parts}
    fn = by["id/unfccc/decision/12-CP.26/fn/1"]
    assert fn.text(text) == "FCCC/SBI/2020/13 and FCCC/SBI/2021/10."
    a, b = fn.extra["marker"]
    assert text[a - 4:b] == "20211"  # "for 2020 and 2021¹"
    assert by["id/unfccc/decision/12-CP.26/para/1"].contains(a)


def test_recognised_from_the_text(shared_dir, segmented, doc_path):
    for name, (text, _) in segmented.items():
        assert looks_like_decisions(text), name
    assert not looks_like_decisions(doc_path.read_text(encoding="utf-8"))
    for path in sorted((shared_dir / "corpus" / "unfccc").glob("sb*/*.txt")):
        assert not looks_like_decisions(path.read_text(encoding="utf-8")), path.name


def test_crlf_pipes_and_tabs_are_not_part_of_a_paragraph(segmented):
    text, seg = segmented["CMA2018_1.3_Decisions_3_to_12.txt"]
    by = {I.path_of(p.ref): p for p in seg.parts}
    para = by["id/paris/decision/3-CMA.1/para/1"]
    assert para.text(text).startswith("1.\tCongratulates") and not para.text(text).endswith(("|", "\r"))


def test_an_ingested_compilation_is_its_acts_and_conforms(shared_dir, registry, settings):
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF

    from treatygraph.ingest.metadata import Metadata
    from treatygraph.ingest.rdf import ingest_text
    from treatygraph.namespaces import ELI, TG
    from treatygraph.validate.core import load_ontology, load_shapes, validate_graph

    path = shared_dir / "corpus" / "unfccc" / "cmp" / "CMP2018_14_Decisions_1_to_5.txt"
    res = ingest_text(path.read_text(encoding="utf-8"), Metadata(slug="cmp-14-decisions", language="en"),
                      registry, settings.base, path.name, kind="decisions")
    g, base = res.graph, settings.base + "id/"
    act = URIRef(base + "kyoto/decision/3-CMP.14")
    doc = URIRef(base + "doc/cmp-14-decisions")
    assert (act, RDF.type, TG.Decision) in g and (act, ELI.is_part_of, doc) in g and (doc, ELI.has_part, act) in g
    assert (act, TG.body, URIRef(base + "kyoto/cmp")) in g
    assert g.value(act, DCTERMS.title) is not None
    para = URIRef(base + "kyoto/decision/3-CMP.14/para/1")
    assert (para, ELI.is_part_of, act) in g and g.value(para, TG.text) is not None
    kinds = {str(o) for o in g.objects(None, TG.citationKind)}
    assert {"decision", "internal"} <= kinds
    # internal references are typed, and are not eli:cites
    for c in g.subjects(TG.citationKind, None):
        if str(g.value(c, TG.citationKind)) == "internal" and g.value(c, TG.resolved).toPython():
            citing, cited = g.value(c, URIRef("http://purl.org/spar/cito/hasCitingEntity")), g.value(
                c, URIRef("http://purl.org/spar/cito/hasCitedEntity"))
            assert (citing, ELI.cites, cited) not in g
    report = validate_graph(g + registry.graph, load_shapes(settings), load_ontology(settings), name="cmp-14")
    assert report.conforms, report.text()


_INVENTED = """Conference of the Parties serving as the meeting of the Parties to the Paris Agreement
\tContents
\tDecision\tPage
\t9/CMA.5\tOutlines of reports\t\t2
Decision 9/CMA.5
Outlines of reports
\tThe Conference of the Parties serving as the meeting of the Parties to the Paris Agreement,
\t1.\tAdopts the outlines contained in annexes I and II;
\t2.\tAlso adopts the training programme contained in annex III;
\t3rd plenary meeting
\t1 December 2023
\tAnnex I*
\t\tOutline of the summary report
\t\t\tI.\tIntroduction
\t\t\tAnnex
\t\t\t\tList of sources consulted
\tAnnex II
\t\tOutline of the assessment report
\t\t\tII.\tFindings
\t\t\tAnnex V
\t\t\t\tTables of the assessment
\t\tAnnex III*
\t\tTraining programme for reviewers
\t\t\t1.\tThe programme trains reviewers.
"""


@pytest.mark.parametrize("text", [_INVENTED, _INVENTED.replace("Annex III*", "Annex 3").replace(
    "Annex II\n", "Annex 2\n").replace("Annex I*", "Annex 1").replace("Annex V\n", "Annex 7\n")],
    ids=["roman", "arabic"])
def test_an_annex_heading_out_of_sequence_inside_an_annex_is_part_of_it(text, registry):
    """A bare "Annex" or an "Annex V" after annex II, inside a numbered annex (an outline of a
    report with its own annex), is that annex's text, not a further annex of the decision."""
    seg = segment_decisions(text, registry)
    annexes = [I.path_of(p.ref).rsplit("/", 1)[1] for p in seg.parts
               if p.kind == "annex" and p.ref.steps[-1][0] == "annex"]
    assert annexes in (["I", "II", "III"], ["1", "2", "3"])


def test_decision_5_cma3_has_seven_annexes(segmented):
    _, seg = segmented["CMA2021_3_2021_Decisions_5.txt"]
    annexes = [I.path_of(p.ref) for p in seg.parts if p.kind == "annex" and p.ref.steps[-1][0] == "annex"]
    assert annexes == [f"id/paris/decision/5-CMA.3/annex/{n}" for n in ("I", "II", "III", "IV", "V", "VI", "VII")]
