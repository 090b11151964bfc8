"""English citation forms of CBD, CITES, Ramsar, CMS and IPBES texts: one invented sentence per form.

Each form is resolved through the registry (numbering rules, document symbol
patterns, body names), never through constants of the grammar; what the
registry cannot decide stays unresolved with a warning saying why.
"""

import pytest


def found(cite, text, home):
    """[(surface, target path or None)] of every mention."""
    return [(surface, target) for surface, _, target, _ in cite(text, home=home)]


def warnings_of(cite, text, home, surface):
    rows = [w for s, _, _, w in cite(text, home=home) if s == surface]
    assert rows, f"no mention {surface!r}"
    return " ".join(rows[0])


# ------------------------------------------------------------ acts of subsidiary bodies and other issuers


@pytest.mark.parametrize("text,home,expected", [
    ("Recalling recommendation 24/1 of the Subsidiary Body on Scientific, Technical and Technological Advice,",
     "cbd", [("recommendation 24/1", "id/cbd/recommendation/24-1")]),
    ("Taking note of SBSTTA recommendation XX/3,", "cbd",
     [("SBSTTA recommendation XX/3", "id/cbd/recommendation/XX-3")]),
    ("Taking note of SBI recommendation 3/1,", "cbd", [("SBI recommendation 3/1", "id/cbd/recommendation/3-1")]),
    ("Recalling Decision 12.5 of CMS,", "cbd", [("Decision 12.5", "id/cms/decision/12.5")]),
    ("Recalling CMS Decision 12.5,", "cbd", [("CMS Decision 12.5", "id/cms/decision/12.5")]),
    ("Recalling Decision 12.5,", "cms", [("Decision 12.5", "id/cms/decision/12.5")]),
    ("Recalling decision IPBES-7/1,", "cbd", [("decision IPBES-7/1", "id/ipbes/decision/IPBES-7-1")]),
    ("Recalling decisionNP-2/3,", "cbd", [("decisionNP-2/3", "id/nagoya/decision/NP-2-3")]),
    ("Recalling decision X1/8,", "cbd", [("decision X1/8", "id/cbd/decision/XI-8")]),
])
def test_act_forms(cite, text, home, expected):
    assert found(cite, text, home) == expected


def test_an_act_two_bodies_number_alike_needs_its_body(cite):
    """SBI recommendation 3/2 or SBSTTA recommendation III/2: without a body named, unresolved."""
    text = "Taking note of recommendation 3/2,"
    assert found(cite, text, "cbd") == [("recommendation 3/2", None)]
    assert "no body named" in warnings_of(cite, text, "cbd", "recommendation 3/2")


def test_a_cms_decision_before_cms_numbered_decisions_is_not_cms(cite):
    assert found(cite, "Recalling Decision 11.5 of CMS,", "cbd") == [("Decision 11.5", None)]


def test_an_unqualified_dotted_decision_in_a_cbd_text_stays_unresolved(cite):
    assert found(cite, "Recalling Decision 12.5 on cooperation,", "cbd") == [("Decision 12.5", None)]


@pytest.mark.parametrize("text,expected", [
    ("Recalling Resolution 11.10 and Decision 12.5 of CMS,",
     [("Resolution 11.10", "id/cms/resolution/11.10"), ("Decision 12.5", "id/cms/decision/12.5")]),
    ("Recalling Resolution 11.10, Resolution 12.1 and Decision 12.5 of the Convention on the Conservation of "
     "Migratory Species of Wild Animals,",
     [("Resolution 11.10", "id/cms/resolution/11.10"), ("Resolution 12.1", "id/cms/resolution/12.1"),
      ("Decision 12.5", "id/cms/decision/12.5")]),
    # a chain mixing instruments: the qualifier after it takes only what its instrument can read
    ("Recalling decision XI/6 and Resolution 11.10 of CMS,",
     [("decision XI/6", "id/cbd/decision/XI-6"), ("Resolution 11.10", "id/cms/resolution/11.10")]),
    # an unknown instrument after a chain leaves every act of it unresolved
    ("Recalling Resolution 5.2 and Resolution 5.3 of the Convention on the Protection of Imaginary Lakes,",
     [("Resolution 5.2", None), ("Resolution 5.3", None)]),
])
def test_a_qualifier_after_a_chain_of_acts_qualifies_it(cite, text, expected):
    assert found(cite, text, "cbd") == expected


# ------------------------------------------------------------ meeting documents without a symbol root


@pytest.mark.parametrize("text,home,expected", [
    ("Recalling document CoP18 Doc. 12,", "cites", [("document CoP18 Doc. 12", "id/doc/CITES/CoP18_Doc._12")]),
    ("See SC70 Doc. 5.1 and CoP18 Inf. 3,", "cites",
     [("SC70 Doc. 5.1", "id/doc/CITES/SC70_Doc._5.1"), ("CoP18 Inf. 3", "id/doc/CITES/CoP18_Inf._3")]),
    ("See CITES CoP18 Doc.12,", "cbd", [("CITES CoP18 Doc.12", "id/doc/CITES/CoP18_Doc._12")]),
    ("See Ramsar COP13 Doc.18.1,", "cbd", [("Ramsar COP13 Doc.18.1", "id/doc/Ramsar/COP13_Doc.18.1")]),
    ("See COP13 Doc. 18.1 and SC57 Doc.8,", "ramsar",
     [("COP13 Doc. 18.1", "id/doc/Ramsar/COP13_Doc.18.1"), ("SC57 Doc.8", "id/doc/Ramsar/SC57_Doc.8")]),
    ("See UNEP/CMS/COP13/Doc.26,", "cms", [("UNEP/CMS/COP13/Doc.26", "id/doc/UNEP/CMS/COP13/Doc.26")]),
])
def test_meeting_document_symbols(cite, text, home, expected):
    assert found(cite, text, home) == expected


@pytest.mark.parametrize("text,home,surface,why", [
    ("See CoP18 Doc. 12,", "cbd", "CoP18 Doc. 12", "no instrument named"),
    ("See COP13 Doc.26,", "cms", "COP13 Doc.26", "no instrument named"),  # CMS writes UNEP/CMS/COP13/Doc.26
    ("See CMS COP13 Doc.26,", "cbd", "CMS COP13 Doc.26", "no document symbol pattern of cms"),
    ("See document CoP18 Doc. 12 of the Convention on the Protection of Imaginary Lakes,", "cites",
     "document CoP18 Doc. 12", "Imaginary Lakes"),
])
def test_a_meeting_document_nothing_decides_stays_unresolved(cite, text, home, surface, why):
    assert dict(found(cite, text, home))[surface] is None
    assert why in warnings_of(cite, text, home, surface)


# ------------------------------------------------------------ lists and chains


@pytest.mark.parametrize("text,expected", [
    ("Recalling Articles 4, paragraph 1(g) and (h), 5 and 12 of the Convention,",
     ["id/cbd/art/4.1.g", "id/cbd/art/4.1.h", "id/cbd/art/5", "id/cbd/art/12"]),
    ("Recalling Article 4, paragraphs 1 and 2, of the Convention,", ["id/cbd/art/4.1", "id/cbd/art/4.2"]),
    ("Recalling article 2 a) of the Convention,", ["id/cbd/art/2.a"]),
    ("Recalling Article 1, paragraph 1 a) of the Convention,", ["id/cbd/art/1.1.a"]),
    ("Recalling Article 4.1(c) of the Convention,", ["id/cbd/art/4.1.c"]),
    ("Recalling paragraphs 2 (a) and (c), 5–7 of decision 14/1,",
     ["id/cbd/decision/14-1/para/2.a", "id/cbd/decision/14-1/para/2.c", "id/cbd/decision/14-1/para/5",
      "id/cbd/decision/14-1/para/6", "id/cbd/decision/14-1/para/7", "id/cbd/decision/14-1"]),
    ("Recalling decision 14/1, paragraph 17(g–j),",
     ["id/cbd/decision/14-1"] + [f"id/cbd/decision/14-1/para/17.{x}" for x in "ghij"]),
    ("Recalling paragraphs 17(g)–(j) and 20 of decision XI/6,",
     [f"id/cbd/decision/XI-6/para/17.{x}" for x in "ghij"] + ["id/cbd/decision/XI-6/para/20",
                                                               "id/cbd/decision/XI-6"]),
    ("Recalling decision 14/1, paragraphs 3(b) and (d) and 9,",
     ["id/cbd/decision/14-1", "id/cbd/decision/14-1/para/3.b", "id/cbd/decision/14-1/para/3.d",
      "id/cbd/decision/14-1/para/9"]),
    ("Recalling decisions 14/1 to 14/3,", ["id/cbd/decision/14-1", "id/cbd/decision/14-2", "id/cbd/decision/14-3"]),
    ("Recalling Paragraph 12 of decision 14/1,", ["id/cbd/decision/14-1/para/12", "id/cbd/decision/14-1"]),
    ("Taking note of UNEP/CBD/COP/8/4 and 5,", ["id/doc/UNEP/CBD/COP/8/4", "id/doc/UNEP/CBD/COP/8/5"]),
    ("Taking note of documents UNEP/CBD/COP/8/4, 5 and 6,",
     ["id/doc/UNEP/CBD/COP/8/4", "id/doc/UNEP/CBD/COP/8/5", "id/doc/UNEP/CBD/COP/8/6"]),
])
def test_lists(cite, text, expected):
    assert [t for _, t in found(cite, text, "cbd")] == expected


@pytest.mark.parametrize("text,expected", [
    ("Recalling Articles 4, paragraph 1(g) and (h), 5 and 12, paragraph 1(b), of the Convention,",
     ["id/unfccc/art/4.1.g", "id/unfccc/art/4.1.h", "id/unfccc/art/5", "id/unfccc/art/12.1.b"]),
    ("Recalling Articles 3, paragraph 14, and 4, paragraphs 8 and 9, of the Convention,",
     ["id/unfccc/art/3.14", "id/unfccc/art/4.8", "id/unfccc/art/4.9"]),
    ("Recalling Articles 4, paragraphs 1 and 3, and 7, paragraph 2, of the Paris Agreement,",
     ["id/paris/art/4.1", "id/paris/art/4.3", "id/paris/art/7.2"]),
    ("Recalling Articles 4, paragraphs 3–5, of the Convention,",
     ["id/unfccc/art/4.3", "id/unfccc/art/4.4", "id/unfccc/art/4.5"]),
])
def test_chains_of_articles_with_their_paragraphs(cite, text, expected):
    assert [t for _, t in found(cite, text, "unfccc")] == expected


def test_points_of_an_annex_article(cite):
    text = "Notwithstanding Annex III, article 17, paragraph 2 (b) and (c), of the Convention, such rules apply."
    assert [t for _, t in found(cite, text, "unfsa")] == ["id/unclos/annex/III/art/17.2.b",
                                                           "id/unclos/annex/III/art/17.2.c"]


def test_a_chain_of_articles_of_an_unknown_instrument_stays_unresolved(cite):
    text = ("Recalling Articles 4, paragraph 1(g) and (h), 5 and 12, paragraph 1(b), of the Convention on the "
            "Protection of Imaginary Lakes,")
    assert [t for _, t in found(cite, text, "unfccc")] == [None] * 4


@pytest.mark.parametrize("text,expected", [
    # a number after a symbol that is not its next document: a count, a smaller number, a date
    ("Taking note of UNEP/CBD/COP/8/4 and 5 other documents,", ["id/doc/UNEP/CBD/COP/8/4"]),
    ("Taking note of UNEP/CBD/COP/8/4 and 2,", ["id/doc/UNEP/CBD/COP/8/4"]),
    ("Taking note of FCCC/SBI/2019/9, 10 December 2019,", ["id/doc/FCCC/SBI/2019/9"]),
])
def test_an_elided_symbol_needs_a_next_number(cite, text, expected):
    assert [t for _, t in found(cite, text, "cbd")] == expected


# ------------------------------------------------------------ bad input


def test_a_reversed_range_of_points_stays_unresolved(cite):
    rows = cite("Recalling paragraph 17(j–g) of decision 14/1,", home="cbd")
    para = [r for r in rows if r[0].startswith("paragraph")]
    assert para and para[0][2] is None and any("17(j–g)" in w for w in para[0][3])


def test_paragraphs_of_this_article_are_not_citations_of_something_unknown(cite):
    """"paragraphs 2 and 4 of this article" outside a treaty's article: no citation, no unresolved mention."""
    assert cite("The States referred to in paragraphs 2 and 4 of this article and paragraph 3 of the present "
                "resolution.", home="unfccc") == []


# ------------------------------------------------------------ definitions


@pytest.mark.parametrize("text,surface,right", [
    ("Decides to adopt the Paris Agreement under the United Nations Framework Convention on Climate Change "
     "(hereinafter referred to as “the Agreement”); recalls Article 6, paragraph 2, of the Agreement;",
     "Article 6, paragraph 2, of the Agreement", "id/paris/art/6.2"),
    ("Recalling the Kyoto Protocol to the United Nations Framework Convention on Climate Change (hereinafter "
     "referred to as “the Protocol”); recalls Article 3 of the Protocol;", "Article 3 of the Protocol", "id/kyoto/art/3"),
])
def test_a_definition_names_the_instrument_its_noun_heads(cite, text, surface, right):
    """"X under the Y (hereinafter “the Agreement”)": the Agreement is X, not the nearer Y."""
    assert dict(found(cite, text, "unfccc"))[surface] == right
