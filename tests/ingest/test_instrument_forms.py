"""Citation forms of treaty and UN texts (English), one invented sentence per form, and on the corpus."""

from pathlib import Path

import pytest

from treatygraph.ingest.cite.instrument_forms import defined_instruments, defined_parts
from treatygraph.ingest.cite import Lexicon
from treatygraph.ingest.rdf import extract_mentions

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"  # as tests/conftest.py SHARED


@pytest.mark.parametrize("sentence,home,expected", [
    # the document's own instrument is made under UNCLOS: "the Convention" is UNCLOS
    ("1. In accordance with article 76 of the Convention.", "bbnj",
     [("article 76 of the Convention", "id/unclos/art/76")]),
    ("1. Subject to article 305, paragraph 1 (c), of the Convention.", "unfsa",
     [("article 305, paragraph 1 (c), of the Convention", "id/unclos/art/305.1.c")]),
    # a full title wins over the short name it contains
    ("1. Article 5 of the Convention on the Conservation of Migratory Species of Wild Animals applies.", "cbd",
     [("Article 5 of the Convention on the Conservation of Migratory Species of Wild Animals", "id/cms/art/5")]),
    # an instrument named by its title alone is a citation of the instrument itself (any case)
    ("1. Being Parties to the Convention on Biological Diversity.", "cartagena",
     [("the Convention on Biological Diversity", "id/cbd")]),
    ("1. In harmony with the Convention on biological diversity and the Ramsar Convention.", "itpgrfa",
     [("the Convention on biological diversity", "id/cbd"), ("Ramsar Convention", "id/ramsar")]),
    # a treaty's own title in its own text cites nothing; a title qualifying a citation is that citation's
    ("1. The Parties to the Convention on Biological Diversity shall cooperate.", "cbd", []),
    ("1. Recalling decision 14/8 of the Conference of the Parties to the Convention on Biological Diversity.",
     None, [("decision 14/8", "id/cbd/decision/14-8")]),
    # an instrument the registry lacks: unresolved, never the home's article
    ("1. Article 14 of the Zanzibar Agreement applies.", "cbd", [("Article 14 of the Zanzibar Agreement", None)]),
    ("1. As set out in article 10 of this Agreement.", "bbnj", [("article 10 of this Agreement", "id/bbnj/art/10")]),
    ("1. Recalling Article 19, paragraphs 3 and 4, and Articles 8 (g) and 17 of the Convention on Biological Diversity.",
     "cartagena", [("Article 19, paragraphs 3", "id/cbd/art/19.3"), ("4", "id/cbd/art/19.4"),
                   ("Articles 8 (g)", "id/cbd/art/8.g"), ("17", "id/cbd/art/17")]),
    ("1. Article 287, paragraphs 6 to 8, of the Convention shall apply.", "bbnj",
     [("Article 287, paragraphs 6", "id/unclos/art/287.6"), ("to 8", "id/unclos/art/287.7"), ("8", "id/unclos/art/287.8")]),
    # parts and annexes of an instrument
    ("1. Part XI of the Convention and annex I to the United Nations Convention on the Law of the Sea.", "bbnj",
     [("Part XI of the Convention", "id/unclos/part/XI"),
      ("annex I to the United Nations Convention on the Law of the Sea", "id/unclos/annex/I")]),
    ("1. In accordance with Annex III, article 8, of the Convention.", "unclos-part-xi",
     [("Annex III, article 8, of the Convention", "id/unclos/annex/III/art/8")]),
    # General Assembly acts
    ("1. Recalling General Assembly resolution 70/1 and A/RES/77/321.", None,
     [("General Assembly resolution 70/1", "id/unga/resolution/70-1"), ("A/RES/77/321", "id/unga/resolution/77-321")]),
    ("1. Recalling decision 78/560 of the General Assembly.", None,
     [("decision 78/560", "id/unga/decision/78-560")]),
    # targets and goals: the scheme from their own noun phrase, the number checked against it
    ("1. Target 3 of the Kunming-Montreal Global Biodiversity Framework.", "cbd",
     [("Target 3 of the Kunming-Montreal Global Biodiversity Framework", "id/gbf-targets/3")]),
    ("1. Goal A of the Kunming-Montreal GBF.", "cbd", [("Goal A of the Kunming-Montreal GBF", "id/gbf-goals/A")]),
    ("1. Aichi Biodiversity Target 3 and Target 3 of the Kunming-Montreal Global Biodiversity Framework.", "cbd",
     [("Aichi Biodiversity Target 3", "id/aichi-targets/3"),
      ("Target 3 of the Kunming-Montreal Global Biodiversity Framework", "id/gbf-targets/3")]),
    ("1. Target 24 of the Kunming-Montreal Global Biodiversity Framework.", "cbd",
     [("Target 24 of the Kunming-Montreal Global Biodiversity Framework", None)]),
    ("1. Target 3 of the Nowhere Framework.", "cbd", [("Target 3 of the Nowhere Framework", None)]),
])
def test_form(cite, sentence, home, expected):
    got = [(text, target) for text, _, target, _ in cite(sentence, home)]
    assert got == expected
    for text, _, target, warnings in cite(sentence, home):
        if target is None:
            assert any(w.startswith("unresolved:") for w in warnings)


def test_general_assembly_text_own_series(cite):
    text = "The General Assembly, Recalling its resolution 72/249 and decision 76/564,\n\n1. Decides.\n"
    got = [(t, target) for t, _, target, _ in cite(text, None)]
    assert got == [("resolution 72/249", "id/unga/resolution/72-249"), ("decision 76/564", "id/unga/decision/76-564")]
    # outside a General Assembly text an unqualified slash number is not the Assembly's
    assert all(t is None or "unga" not in t for _, _, t, _ in cite("1. See resolution 72/249.", None))


def test_the_documents_own_definitions(registry):
    bbnj = next((CORPUS / "un" / "bbnj-agreement-2023").glob("*/text.txt")).read_text(encoding="utf-8")
    assert defined_instruments(bbnj, Lexicon(registry, "bbnj"))["the convention"] == "unclos"
    cartagena = (CORPUS / "treaties" / "cartagena.en.md").read_text(encoding="utf-8")
    assert defined_instruments(cartagena, Lexicon(registry, "cartagena"))["the convention"] == "cbd"
    nkl = (CORPUS / "treaties" / "nkl.en.md").read_text(encoding="utf-8")
    assert defined_instruments(nkl, Lexicon(registry, "nkl"))["the protocol"] == "cartagena"


def test_bbnj_agreement_cites_unclos(registry):
    text = next((CORPUS / "un" / "bbnj-agreement-2023").glob("*/text.txt")).read_text(encoding="utf-8")
    _, mentions = extract_mentions(text, registry, "bbnj", registry.base, "bbnj-en", kind="treaty")
    targets = {m.text: m.target_uri[len(registry.base):] for m in mentions if m.target_uri}
    assert targets["article 287 of the Convention"] == "id/unclos/art/287"
    assert targets["Part XV of the Convention"] == "id/unclos/part/XV"
    # a bare reference to an article the Agreement does not have is not the Agreement's
    assert all(not (m.target_uri or "").endswith("id/bbnj/art/287") for m in mentions)
    # the Agreement's own articles, cited inside it, have their text in the same graph
    assert any(t == "id/bbnj/art/52" for t in targets.values())
    for m in mentions:
        assert m.part_uri is not None and "/id/doc/" not in m.part_uri


def test_treaty_internal_bare_references(registry):
    text = next((CORPUS / "un" / "unclos-1982").glob("*/text.txt")).read_text(encoding="utf-8")
    _, mentions = extract_mentions(text, registry, "unclos", registry.base, "unclos-en", kind="treaty")
    bare = [m for m in mentions if m.text.startswith("articles 7")]
    assert bare and bare[0].target_uri.endswith("id/unclos/art/7")


def test_a_part_defined_as_another_instruments(registry):
    text = next((CORPUS / "un" / "agreement-partxi-1994").glob("*/text.txt")).read_text(encoding="utf-8")
    assert defined_parts(text, Lexicon(registry, "unclos-part-xi")) == {"part xi": "unclos"}
    _, mentions = extract_mentions(text, registry, "unclos-part-xi", registry.base, "partxi-en", kind="treaty")
    part_xi = [m.target_uri for m in mentions if m.text == "Part XI"]
    assert part_xi and all(t == registry.base + "id/unclos/part/XI" for t in part_xi)
    # the Agreement's own annex is unnumbered: "Annex III" is not one of its parts
    assert all(m.target_uri is None for m in mentions if m.text == "Annex III")


def test_a_definition_naming_an_instrument_the_registry_lacks(registry):
    text = (CORPUS / "treaties" / "montreal.en.md").read_text(encoding="utf-8")
    assert defined_instruments(text, Lexicon(registry, "montreal"))["the convention"].startswith("?Vienna Convention")
    _, mentions = extract_mentions(text, registry, "montreal", registry.base, "montreal-en", kind="treaty")
    of_convention = [m for m in mentions if m.text.endswith("of the Convention")]
    assert of_convention and all(m.target_uri is None for m in of_convention)  # never Basel's or CBD's article
    assert any(m.text == "Articles 2A" and m.target_uri.endswith("id/montreal/art/2A") for m in mentions)


def test_a_general_assembly_text_does_not_cite_its_own_symbol(registry):
    text = next((CORPUS / "un" / "ga-resolution" / "A-RES-78-272").glob("*/text.txt")).read_text(encoding="utf-8")
    _, mentions = extract_mentions(text, registry, None, registry.base, "res", kind="resolution")
    assert not [m for m in mentions if (m.target_uri or "").endswith("id/unga/resolution/78-272")]
    assert any((m.target_uri or "").endswith("id/unga/resolution/72-249") for m in mentions)
