"""UNFCCC citation forms, one invented sentence each, read inside a decision of a compilation."""

import pytest

from treatygraph.ingest.cite import Lexicon, find_all
from treatygraph.ingest.layouts.decisions import segment_decisions
from treatygraph.ingest.resolve import resolve

BASE = "https://w3id.org/treatygraph/"


@pytest.fixture(scope="module")
def in_decision(registry):
    """``in_decision(sentence, head)`` -> [(surface, kind, target path or None)] of the sentence only."""

    def run(sentence: str, head: str = "Decision 4/CMA.1"):
        text = (f"{head}\r\nAn invented title\r\n\tThe Conference of the Parties,\r\n"
                f"\t1.\tFirst paragraph;\r\n\t2.\t{sentence}\r\n")
        seg = segment_decisions(text, registry)
        lex = Lexicon(registry, None)
        at = text.index(sentence)
        out = []
        for m in resolve(find_all(seg, lex), seg, lex, registry, None):
            assert text[m.start:m.end] == m.text
            if m.start >= at:
                out.append((m.text, m.kind, m.target_uri[len(BASE):] if m.target_uri else None))
        return out

    return run


def targets(found):
    return [t for _, _, t in found]


@pytest.mark.parametrize("sentence,expected", [
    ("Recalls decision 1/CP.21;", ["id/unfccc/decision/1-CP.21"]),
    ("Recalls decision 3/CMP.14;", ["id/kyoto/decision/3-CMP.14"]),
    ("Recalls decisions 1/CP.21, 1/CP.22 and 1/CP.23;",
     ["id/unfccc/decision/1-CP.21", "id/unfccc/decision/1-CP.22", "id/unfccc/decision/1-CP.23"]),
    ("Recalls decisions 7/CP.24, 3/CMP.14 and 7/CMA.1;",  # a list mixing bodies
     ["id/unfccc/decision/7-CP.24", "id/kyoto/decision/3-CMP.14", "id/paris/decision/7-CMA.1"]),
    ("Recalls decisions 2/CP.19 to 4/CP.19;",
     ["id/unfccc/decision/2-CP.19", "id/unfccc/decision/3-CP.19", "id/unfccc/decision/4-CP.19"]),
    ("Notes paragraphs 36–40 of decision 1/CP.21;",
     [f"id/unfccc/decision/1-CP.21/para/{n}" for n in range(36, 41)] + ["id/unfccc/decision/1-CP.21"]),
    ("Recalls decision 1/CP.21, paragraph 53;",
     ["id/unfccc/decision/1-CP.21", "id/unfccc/decision/1-CP.21/para/53"]),
    ("Recalls decision 1/CP.21, paragraphs 26, 28 and 31;",
     ["id/unfccc/decision/1-CP.21"] + [f"id/unfccc/decision/1-CP.21/para/{n}" for n in (26, 28, 31)]),
    ("Refers to annex I to decision 18/CMA.1, paragraph 77(d);",
     ["id/paris/decision/18-CMA.1/annex/I", "id/paris/decision/18-CMA.1/annex/I/para/77.d"]),
    ("Refers to decision 18/CMA.1, annex, paragraph 90;",
     ["id/paris/decision/18-CMA.1/annex/1", "id/paris/decision/18-CMA.1/annex/1/para/90"]),
    ("Refers to paragraph 13 of the annex to decision 2/CP.17;",
     ["id/unfccc/decision/2-CP.17/annex/1/para/13", "id/unfccc/decision/2-CP.17/annex/1"]),
    ("Recalls Article 6, paragraph 2, of the Paris Agreement;", ["id/paris/art/6.2"]),
    ("Recalls Article 4, paragraph 1(c), of the Convention;", ["id/unfccc/art/4.1.c"]),
    ("Recalls Article 7, paragraphs 10 and 11, of the Paris Agreement;", ["id/paris/art/7.10", "id/paris/art/7.11"]),
    ("Recalls Article 9, paragraph 8, Article 11, paragraph 5, and Article 19 of the Paris Agreement;",
     ["id/paris/art/9.8", "id/paris/art/11.5", "id/paris/art/19"]),
    ("Recalls Article 3, paragraph 1, of the Kyoto Protocol;", ["id/kyoto/art/3.1"]),
    ("Recalls Article 13, in particular paragraphs 9 and 10, of the Paris Agreement;",
     ["id/paris/art/13.9", "id/paris/art/13.10"]),
    ("Takes note of FCCC/SBI/2016/8, paragraph 12;", ["id/doc/FCCC/SBI/2016/8", "id/doc/FCCC/SBI/2016/8/para/12"]),
    ("Takes note of FCCC/SBI/2019/9 and Add.1;", ["id/doc/FCCC/SBI/2019/9", "id/doc/FCCC/SBI/2019/9/Add.1"]),
    ("Takes note of FCCC/SB/2021/4 and Add.1–2;",
     ["id/doc/FCCC/SB/2021/4", "id/doc/FCCC/SB/2021/4/Add.1", "id/doc/FCCC/SB/2021/4/Add.2"]),
    ("Recalls decision 1/CP.21, paragraph 27, pursuant to paragraph 24 of the same decision;",
     ["id/unfccc/decision/1-CP.21", "id/unfccc/decision/1-CP.21/para/27", "id/unfccc/decision/1-CP.21/para/24",
      "id/unfccc/decision/1-CP.21"]),
    # extraction damage
    ("Recalls decision 1/ CP.21 and paragraph3 of decision 2/CP.17;",
     ["id/unfccc/decision/1-CP.21", "id/unfccc/decision/2-CP.17/para/3", "id/unfccc/decision/2-CP.17"]),
    ("Recalls decision 1/CP.\r\n21;", ["id/unfccc/decision/1-CP.21"]),
    ("Recalls annex I to decision 18/CMA.1 and paragraphs 65–67 of that annex;",
     ["id/paris/decision/18-CMA.1/annex/I"] + [f"id/paris/decision/18-CMA.1/annex/I/para/{n}" for n in (65, 66, 67)]
     + ["id/paris/decision/18-CMA.1/annex/I"]),
])
def test_form(in_decision, sentence, expected):
    assert targets(in_decision(sentence)) == expected


def test_the_convention_in_a_cma_decision_is_the_unfccc(in_decision):
    (found,) = in_decision("Recalls Article 4, paragraph 1(c), of the Convention;", head="Decision 5/CMA.2")
    assert found[2] == "id/unfccc/art/4.1.c"
    (found,) = in_decision("Recalls Article 4, paragraph 1(c), of the Convention;", head="Decision 5/CP.22")
    assert found[2] == "id/unfccc/art/4.1.c"


def test_the_agreement_in_a_cop_decision_is_the_paris_agreement(in_decision):
    (found,) = in_decision("Notes Article 2, paragraph 1, of the Agreement;", head="Decision 1/CP.21")
    assert found[2] == "id/paris/art/2.1"


def test_internal_references_are_typed_internal_and_stay_within_the_act(in_decision):
    found = in_decision("Recalls paragraph 1 above, this decision and the annex to this decision;")
    assert [(k, t) for _, k, t in found] == [
        ("internal", "id/paris/decision/4-CMA.1/para/1"),
        ("internal", "id/paris/decision/4-CMA.1"),
        ("internal", "id/paris/decision/4-CMA.1/annex/1"),
    ]


def test_an_act_never_cites_itself(in_decision):
    found = in_decision("Recalls decision 4/CMA.1;")
    assert [k for _, k, _ in found] == ["internal"]


def test_that_decision_without_an_earlier_decision_is_unresolved(in_decision):
    found = in_decision("Recalls that decision;")
    assert [(k, t) for _, k, t in found] == [("decision", None)]


def test_that_as_a_conjunction_is_not_an_anaphor(in_decision):
    assert targets(in_decision("Recalling that decision 2/CP.19 established it;")) == ["id/unfccc/decision/2-CP.19"]


def test_bis_paragraphs_stay_unresolved_rather_than_wrong(in_decision):
    found = in_decision("Recalls Article 3, paragraph 7 ter, of the Kyoto Protocol;")
    assert [t for _, _, t in found] in ([None], ["id/kyoto/art/3.7ter"])


def test_a_numbering_rule_decides_the_instrument(in_decision):
    found = in_decision("Recalls decision 8/CMA.1 and decision 3/CMP.14;", head="Decision 2/CP.24")
    assert targets(found) == ["id/paris/decision/8-CMA.1", "id/kyoto/decision/3-CMP.14"]


def test_a_paragraph_list_does_not_swallow_the_next_act_number(in_decision):
    found = in_decision("Recalls decisions 1/CP.16, paragraph 4, and 1/CP.18, paragraph 79;")
    assert targets(found) == ["id/unfccc/decision/1-CP.16", "id/unfccc/decision/1-CP.16/para/4",
                              "id/unfccc/decision/1-CP.18", "id/unfccc/decision/1-CP.18/para/79"]


def test_an_article_list_does_not_cross_the_end_of_its_line_or_take_a_year(in_decision):
    found = in_decision("Cancels units under Article 3, paragraphs 1 ter and 1 quater;\r\n\t\t12(e) bis.\tA new item;",
                        head="Decision 3/CMP.11")
    assert targets(found) == ["id/kyoto/art/3.1ter", "id/kyoto/art/3.1quater"]
    found = in_decision("Uses base years in accordance with Article 3, paragraph 8, and 1995 or 2000;",
                        head="Decision 3/CMP.11")
    assert targets(found) == ["id/kyoto/art/3.8"]


def test_an_article_takes_the_instrument_its_number_had_earlier_in_the_paragraph(in_decision):
    """In a COP decision (home: the Convention), a bare article after the same article of the
    Paris Agreement, in another sentence of its paragraph, is the Paris Agreement's."""
    found = in_decision("Notes that Article 2 of the Paris Agreement sets out goals; and (3) in Article 2, "
                        "paragraph 1(c), making finance flows consistent;", head="Decision 5/CP.22")
    assert targets(found) == ["id/paris/art/2", "id/paris/art/2.1.c"]
    found = in_decision("Notes Article 2 of the Paris Agreement; and Article 4, paragraph 1(c);",
                        head="Decision 5/CP.22")  # another article number: the home instrument's
    assert targets(found) == ["id/paris/art/2", "id/unfccc/art/4.1.c"]


def test_an_article_takes_the_instrument_of_the_same_article_in_the_decision_title(in_decision):
    found = in_decision("Requests guidance on cooperative approaches (Article 6, paragraph 2);",
                        head="Decision 5/CP.22\r\nMatters relating to Article 6 of the Paris Agreement")
    assert targets(found) == ["id/paris/art/6.2"]


def test_a_paragraph_of_something_unknown_stays_unresolved(in_decision):
    found = in_decision("Recalls decision 1/CP.17, paragraph 6, and notes paragraph 79 of the report on SBSTA 40;")
    assert targets(found) == ["id/unfccc/decision/1-CP.17", "id/unfccc/decision/1-CP.17/para/6", None]


def test_an_internal_reference_to_a_paragraph_the_act_lacks_stays_unresolved(in_decision):
    found = in_decision("Recalls paragraph 7 above;")
    assert [(k, t) for _, k, t in found] == [("internal", None)]


def test_paragraph_of_this_article_in_a_treaty_annex(registry):
    text = ("Decision 1/CP.21\r\nAdoption of the Paris Agreement\r\n\tThe Conference of the Parties,\r\n"
            "\t1.\tDecides to adopt it;\r\nAnnex\r\nParis Agreement\r\nArticle 6\r\n\t1.\tParties recognize.\r\n"
            "\t2.\tRules adopted under paragraph 1 of this Article apply.\r\n")
    seg = segment_decisions(text, registry)
    lex = Lexicon(registry, None)
    found = [(m.kind, m.target_uri[len(BASE):] if m.target_uri else None)
             for m in resolve(find_all(seg, lex), seg, lex, registry, None)]
    assert ("internal", "id/paris/art/6.1") in found


def test_paragraphs_of_the_annex_are_the_acts_own_annex(registry):
    """"paragraphs 1(a–b) and 2 of the annex" in a decision's body: its annex's paragraphs, internal."""
    text = ("Decision 4/CMA.1\r\nAn invented title\r\n\tThe Conference of the Parties,\r\n"
            "\t1.\tAdopts the guidance contained in the annex;\r\n"
            "\t2.\tRecalls paragraphs 1(a–b) and 2 of the annex;\r\n"
            "Annex\r\nGuidance\r\n\t1.\tFirst;\r\n\t\t(a)\tone;\r\n\t\t(b)\ttwo;\r\n\t2.\tSecond.\r\n")
    seg = segment_decisions(text, registry)
    lex = Lexicon(registry, None)
    got = [(m.text, m.kind, (m.target_uri or "")[len(BASE):]) for m in resolve(find_all(seg, lex), seg, lex, registry, None)
           if m.start > text.index("Recalls")]
    assert got == [
        ("paragraphs 1(a–b)", "internal", "id/paris/decision/4-CMA.1/annex/1/para/1.a"),
        ("–b)", "internal", "id/paris/decision/4-CMA.1/annex/1/para/1.b"),
        ("2", "internal", "id/paris/decision/4-CMA.1/annex/1/para/2"),
    ]
