"""The grammars on forms written for them (not the source document's strings)."""

import pytest

EN = [
    ("Recalling decision 11/6 of the Conference of the Parties to the Convention on Biological Diversity",
     "decision 11/6", "decision", "id/cbd/decision/XI-6"),
    ("as set out in CBD/COP/DEC/14/30.", "CBD/COP/DEC/14/30", "decision", "id/cbd/decision/14-30"),
    ("see UNEP/CBD/COP/DEC/XI/2 above", "UNEP/CBD/COP/DEC/XI/2", "decision", "id/cbd/decision/XI-2"),
    ("under Resolution Conf. 10.4 (Rev. CoP17) of CITES", "Resolution Conf. 10.4 (Rev. CoP17)", "resolution", "id/cites/resolution/10.4"),
    ("CMS Resolution 8.11 applies", "CMS Resolution 8.11", "resolution", "id/cms/resolution/8.11"),
    ("Ramsar Resolution XI.8 says", "Ramsar Resolution XI.8", "resolution", "id/ramsar/resolution/XI.8"),
    ("World Heritage Committee decision 40 COM 7 notes", "World Heritage Committee decision 40 COM 7", "decision", "id/whc/decision/40-COM-7"),
    ("Parties adopted decision 1/CP.21 in Paris", "decision 1/CP.21", "decision", "id/unfccc/decision/1-CP.21"),
    ("UNCCD decision 3/COP.8 adopted", "UNCCD decision 3/COP.8", "decision", "id/unccd/decision/3-COP.8"),
    ("Plant Treaty Resolution 2/2009 asks", "Plant Treaty Resolution 2/2009", "resolution", "id/itpgrfa/resolution/2-2009"),
    ("CBD Article 8(j) on traditional knowledge", "CBD Article 8(j)", "article", "id/cbd/art/8.j"),
    ("under Article 4.3 of the Nagoya Protocol.", "Article 4.3 of the Nagoya Protocol", "article", "id/nagoya/art/4.3"),
    ("in document UNEP/CBD/SBSTTA/16/2 the", "document UNEP/CBD/SBSTTA/16/2", "document", "id/doc/UNEP/CBD/SBSTTA/16/2"),
    ("as in FCCC/CP/2015/10/Add.1, the", "FCCC/CP/2015/10/Add.1", "document", "id/doc/FCCC/CP/2015/10/Add.1"),
    ("towards Aichi Biodiversity Target 11 by", "Aichi Biodiversity Target 11", "target", "id/aichi-targets/11"),
]

ZH = [
    ("《生物多样性公约》缔约方大会第 XI/6 号决定指出", "《生物多样性公约》缔约方大会第 XI/6 号决定", "decision", "id/cbd/decision/XI-6"),
    ("《生物多样性公约》缔约方大会根据决定 14/30，", "决定 14/30", "decision", "id/cbd/decision/14-30"),
    ("管理机构第 2/2009 号决议要求", "管理机构第 2/2009 号决议", "resolution", "id/itpgrfa/resolution/2-2009"),
    ("《条约》第 6.2 条规定", "《条约》第 6.2 条", "article", "id/itpgrfa/art/6.2"),
    ("《条约》第九条规定", "《条约》第九条", "article", "id/itpgrfa/art/9"),
    ("《生物多样性公约》第 8(j) 条", "《生物多样性公约》第 8(j) 条", "article", "id/cbd/art/8.j"),
    ("见第 UNEP/CBD/COP/11/35 号文件。", "第 UNEP/CBD/COP/11/35 号文件", "document", "id/doc/UNEP/CBD/COP/11/35"),
    ("IT/GB-4/11/报告，", "IT/GB-4/11/报告", "document", "id/doc/IT/GB-4/11/Report"),
    ("《濒危野生动植物种国际贸易公约》第 Conf. 10.4 号决议", "《濒危野生动植物种国际贸易公约》第 Conf. 10.4 号决议", "resolution", "id/cites/resolution/10.4"),
    ("《养护野生动物移栖物种公约》第 8.11 号决议", "《养护野生动物移栖物种公约》第 8.11 号决议", "resolution", "id/cms/resolution/8.11"),
    ("《拉姆萨尔湿地公约》第 IX.5 号决议", "《拉姆萨尔湿地公约》第 IX.5 号决议", "resolution", "id/ramsar/resolution/IX.5"),
    ("《世界遗产公约》第 30 COM 6 号决定", "《世界遗产公约》第 30 COM 6 号决定", "decision", "id/whc/decision/30-COM-6"),
    ("《联合国气候变化框架公约》第 1/CP.21 号决定", "《联合国气候变化框架公约》第 1/CP.21 号决定", "decision", "id/unfccc/decision/1-CP.21"),
    ("《联合国防治荒漠化公约》第 3/COP.8 号决定", "《联合国防治荒漠化公约》第 3/COP.8 号决定", "decision", "id/unccd/decision/3-COP.8"),
    ("《名古屋议定书》第 NP-1/1 号决定", "《名古屋议定书》第 NP-1/1 号决定", "decision", "id/nagoya/decision/NP-1-1"),
    ("见 FCCC/SBSTA/2001/2，第 42(d) 段。", "第 42(d) 段", "document-paragraph", "id/doc/FCCC/SBSTA/2001/2/para/42.d"),
    ("实现爱知生物多样性目标 11 的进展", "爱知生物多样性目标 11", "target", "id/aichi-targets/11"),
]


@pytest.mark.parametrize("text,surface,kind,target", EN)
def test_english_forms(cite, text, surface, kind, target):
    assert (surface, kind, target) in [(s, k, t) for s, k, t, _ in cite(text)]


@pytest.mark.parametrize("text,surface,kind,target", ZH)
def test_chinese_forms(cite, text, surface, kind, target):
    assert (surface, kind, target) in [(s, k, t) for s, k, t, _ in cite(text)]


def test_english_lists_and_ranges(cite):
    got = cite("See CBD decision X/20, paragraphs 3 to 5 and 9; CITES Resolutions 11.3 and 12.8; "
               "Decisions 35 COM 7B and 36 COM 5A of the World Heritage Committee.")
    targets = [t for _, _, t, _ in got]
    assert targets[:6] == ["id/cbd/decision/X-20"] + [f"id/cbd/decision/X-20/para/{n}" for n in (3, 4, 5, 9)] + ["id/cites/resolution/11.3"]
    assert "id/cites/resolution/12.8" in targets
    assert {"id/whc/decision/35-COM-7B", "id/whc/decision/36-COM-5A"} <= set(targets)
    assert [s for s, *_ in got if s in ("paragraphs 3", "5", "9")] == ["paragraphs 3", "5", "9"]


def test_chinese_lists(cite):
    got = cite("《条约》第 6.2(a)和(c)条；《生物多样性公约》决定 X/20 和 X/21，第 4 和 5 段")
    assert [(s, t) for s, _, t, _ in got] == [
        ("《条约》第 6.2(a)", "id/itpgrfa/art/6.2.a"), ("(c)", "id/itpgrfa/art/6.2.c"),
        ("《生物多样性公约》决定 X/20", "id/cbd/decision/X-20"), ("X/21", "id/cbd/decision/X-21"),
        ("第 4", "id/cbd/decision/X-21/para/4"), ("5", "id/cbd/decision/X-21/para/5"),
    ]


def test_short_name_resolves_to_the_named_instrument(cite):
    got = cite("《生物多样性公约》缔约方大会认为，《公约》第 15 条十分重要。", home="itpgrfa")
    assert ("《公约》第 15 条", "article", "id/cbd/art/15") in [(s, k, t) for s, k, t, _ in got]
    got = cite("《公约》第 15 条", home="cbd")
    assert got[0][2] == "id/cbd/art/15"


def test_ibid_takes_the_previous_footnotes_act(cite):
    text = "1. 《生物多样性公约》正文¹和更多正文²。\n\n¹ 决定 XI/6，第 1 段。\n\n² 同上，第 6 段。"
    got = cite(text, home="itpgrfa")
    assert ("第 6 段", "decision-paragraph", "id/cbd/decision/XI-6/para/6") in [(s, k, t) for s, k, t, _ in got]


def test_own_paragraph_references_are_not_citations(cite):
    assert cite("如本文件第 12 段所述，", home="itpgrfa") == []


def test_incomplete_and_unknown_numbers_are_unresolved_with_warning(cite):
    got = cite("decision XI/…… was cited", home="itpgrfa")
    assert got and got[0][2] is None and got[0][3]
    got = cite("UNCCD Resolution 8.11 is not a thing", home="itpgrfa")
    assert all(t is None for _, k, t, _ in got if k == "resolution")
    assert all(w for _, k, t, w in got if t is None)


def test_not_citations(cite):
    # (an instrument named by its title alone is a citation of the instrument: test_instrument_forms.py)
    text = "See https://www.cbd.int/doc/decisions/cop-11/cop-11-dec-06-en.pdf and www.cbd.int/blg; the CBD; CBD COP 11."
    assert cite(text) == []


def test_paragraph_before_its_act(cite):
    got = cite("as requested in paragraphs 9 and 10 of CBD decision X/20.")
    assert [(s, t) for s, _, t, _ in got] == [
        ("paragraphs 9", "id/cbd/decision/X-20/para/9"), ("10", "id/cbd/decision/X-20/para/10"),
        ("CBD decision X/20", "id/cbd/decision/X-20"),
    ]


def test_article_paragraph_and_point_in_chinese_legal_style(cite):
    got = cite("《生物多样性公约》第十五条第七款")
    assert got[0][:3] == ("《生物多样性公约》第十五条第七款", "article", "id/cbd/art/15.7")
