"""Right or unresolved: the resolver's general rules never make a silent wrong link.

Each form is tested with invented sentences in English and Chinese. Where the
registry lacks the named instrument or scheme the mention must be unresolved
with a warning saying what is missing; where it has it, the link must be right.
Instruments that are being added to the registry (the Paris Agreement, the
Kunming-Montreal targets, …) are accepted either way; invented instruments
must always stay unresolved.
"""

import pytest

BASE = "https://w3id.org/treatygraph/"


def _one(got, surface_part):
    rows = [g for g in got if surface_part in g[0]]
    assert rows, f"no mention containing {surface_part!r} in {got}"
    return rows[0]


def right_or_unresolved(row, right: str, missing: str):
    """``row`` links to ``right``, or is unresolved with a warning naming ``missing``."""
    _, _, target, warnings = row
    if target is not None:
        assert target == right, f"{row}: wrong link (expected {right} or unresolved)"
    else:
        assert any(missing in w for w in warnings), f"{row}: the warning does not say {missing!r} is missing"


def unresolved_naming(row, missing: str):
    _, _, target, warnings = row
    assert target is None, f"{row}: linked although {missing!r} is not in the registry"
    assert any(missing in w for w in warnings), f"{row}: the warning does not name {missing!r}"


# ------------------------------------------------------------ full title over short name


def test_full_title_wins_over_the_short_name_inside_it_en(cite):
    got = cite("Recalling Article 5 of the Convention on the Conservation of Migratory Species of Wild Animals,",
               home="cbd")
    right_or_unresolved(_one(got, "Article 5"), "id/cms/art/5", "Migratory Species of Wild Animals")


def test_full_title_wins_over_the_short_name_inside_it_zh(cite):
    got = cite("回顾《保护虚构湖泊公约》第 5 条，", home="cbd")
    unresolved_naming(_one(got, "第 5 条"), "《保护虚构湖泊公约》")


def test_an_invented_convention_is_never_the_home_instrument_en(cite):
    got = cite("Recalling Article 5 of the Convention on the Protection of Imaginary Lakes,", home="cbd")
    unresolved_naming(_one(got, "Article 5"), "Convention on the Protection of Imaginary Lakes")


def test_the_short_name_alone_is_still_the_home_instrument(cite):
    assert _one(cite("Recalling Article 5 of the Convention,", home="cbd"), "Article 5")[2] == "id/cbd/art/5"
    assert _one(cite("回顾《公约》第 5 条，", home="cbd"), "第 5 条")[2] == "id/cbd/art/5"


# ------------------------------------------------------------ agreements the registry may lack


def test_paris_agreement_article_is_never_cbd_en(cite):
    got = cite("Recalling Article 14 of the Paris Agreement,", home="cbd")
    right_or_unresolved(_one(got, "Article 14"), "id/paris/art/14", "Paris Agreement")


def test_paris_agreement_article_is_never_cbd_zh(cite):
    got = cite("回顾《巴黎协定》第 14 条，", home="cbd")
    right_or_unresolved(_one(got, "第 14 条"), "id/paris/art/14", "《巴黎协定》")


def test_an_agreement_the_registry_lacks_never_falls_back_to_home_en(cite):
    got = cite("Parties shall report under Article 3 of the Imaginary Lakes Agreement.", home="itpgrfa")
    unresolved_naming(_one(got, "Article 3"), "Imaginary Lakes Agreement")


def test_an_agreement_the_registry_lacks_never_falls_back_to_home_zh(cite):
    got = cite("缔约方应根据《虚构湖泊协定》第 3 条提交报告。", home="itpgrfa")
    unresolved_naming(_one(got, "第 3 条"), "《虚构湖泊协定》")


def test_a_sentence_about_an_unknown_agreement_does_not_give_home_articles(cite):
    got = cite("The Imaginary Lakes Agreement, in its Article 7, sets out the rules.", home="cbd")
    unresolved_naming(_one(got, "Article 7"), "Imaginary Lakes Agreement")


def test_short_name_of_an_unknown_convention_named_more_is_unresolved_zh(cite):
    text = "本协定的任何规定不得妨害《联合国海洋法公约》规定的权利。《联合国海洋法公约》第 76 条。《公约》第 82 条同样适用。"
    got = cite(text, home=None)
    row = _one(got, "《公约》第 82 条")
    right_or_unresolved(row, "id/unclos/art/82", "《联合国海洋法公约》")


# ------------------------------------------------------------ numeral style, qualifier after the number


def test_roman_numbers_are_not_read_by_arabic_rules_en(cite):
    got = cite("Noting Resolution XI.6 of the Ramsar Convention,", home="cites")
    assert _one(got, "XI.6")[2] == "id/ramsar/resolution/XI.6"
    got = cite("Noting Resolution XI.6 on wetlands,", home="cites")
    assert _one(got, "XI.6")[2] != "id/cites/resolution/11.6"


def test_roman_numbers_are_not_read_by_arabic_rules_zh(cite):
    got = cite("注意到第 XI.6 号决议，", home="cites")
    assert _one(got, "XI.6")[2] != "id/cites/resolution/11.6"
    got = cite("注意到《拉姆萨尔湿地公约》第 XI.6 号决议，", home="cites")
    assert _one(got, "XI.6")[2] == "id/ramsar/resolution/XI.6"


@pytest.mark.parametrize("text,surface", [
    ("Noting Resolution 11.10 on cooperation,", "Resolution 11.10"),
    ("Noting Decision 12.5 on cooperation,", "Decision 12.5"),
    ("注意到第 11.10 号决议，", "第 11.10 号决议"),
    ("注意到第 12.5 号决定，", "第 12.5 号决定"),
])
def test_unqualified_dotted_numbers_are_not_cites_elsewhere(cite, text, surface):
    row = _one(cite(text, home="cbd"), surface)
    assert row[2] is None and any("no instrument named" in w for w in row[3])


def test_unqualified_dotted_numbers_are_cites_in_a_cites_document(cite):
    assert _one(cite("Noting Decision 12.5 on cooperation,", home="cites"), "12.5")[2] == "id/cites/decision/12.5"


def test_a_decision_of_the_nagoya_cop_mop_is_never_cbd_en(cite):
    got = cite("Recalling decision 2/4 of the COP-MOP to the Nagoya Protocol,", home="cbd")
    assert _one(got, "2/4")[2] == "id/nagoya/decision/NP-2-4"


def test_a_decision_of_the_nagoya_cop_mop_is_never_cbd_zh(cite):
    got = cite("回顾《名古屋议定书》缔约方会议第 2/4 号决定，", home="cbd")
    assert _one(got, "2/4")[2] == "id/nagoya/decision/NP-2-4"


def test_an_unqualified_number_in_a_general_assembly_text_is_not_a_cbd_decision(cite):
    row = _one(cite("Recalling its decision 78/560 of 13 August 2024,", home=None), "78/560")
    assert row[2] is None or row[2] == "id/unga/decision/78-560"


# ------------------------------------------------------------ decision symbols


@pytest.mark.parametrize("text", ["See CBD/CP/MOP/DEC/10/5.", "见 CBD/CP/MOP/DEC/10/5。"])
def test_a_cartagena_decision_symbol_is_not_a_cbd_cop_decision(cite, text):
    row = _one(cite(text, home="cbd"), "CBD/CP/MOP/DEC/10/5")
    assert row[2] is None or "/cartagena/" in row[2]
    if row[2] is None:
        assert any("'CP'" in w or "'MOP'" in w for w in row[3])


def test_a_cbd_decision_symbol_is_still_the_decision(cite):
    assert _one(cite("See UNEP/CBD/COP/DEC/X/2.", home="cbd"), "DEC/X/2")[2] == "id/cbd/decision/X-2"


# ------------------------------------------------------------ target schemes


def test_a_kunming_montreal_target_is_never_an_aichi_target_en(cite):
    got = cite("Recalling Aichi Biodiversity Target 11 and Target 3 of the Kunming-Montreal GBF,", home="cbd")
    assert _one(got, "Target 11")[2] == "id/aichi-targets/11"
    right_or_unresolved(_one(got, "Target 3"), "id/gbf-targets/3", "Kunming-Montreal GBF")


def test_a_kunming_montreal_target_is_never_an_aichi_target_zh(cite):
    got = cite("回顾爱知生物多样性目标 11 和《昆明-蒙特利尔全球生物多样性框架》目标 3，", home="cbd")
    assert _one(got, "目标 11")[2] == "id/aichi-targets/11"
    right_or_unresolved(_one(got, "目标 3"), "id/gbf-targets/3", "昆明-蒙特利尔全球生物多样性框架")


def test_a_target_number_outside_its_scheme_is_unresolved(cite):
    row = _one(cite("Recalling Aichi Biodiversity Target 25,", home="cbd"), "Target 25")
    assert row[2] is None and any("no target 25" in w for w in row[3])


# ------------------------------------------------------------ paragraphs of annexes


@pytest.mark.parametrize("text", [
    "Recalling paragraph 13 of the annex to decision X/2,",
    "Recalling decision X/2, annex, paragraph 13,",
    "回顾第 X/2 号决定附件第 13 段，",
])
def test_a_paragraph_of_an_annex_is_not_an_operative_paragraph(cite, text):
    got = cite(text, home="cbd")
    paras = [t for s, k, t, _ in got if k == "decision-paragraph"]
    assert paras == ["id/cbd/decision/X-2/annex/1/para/13"]


def test_annex_numbered_as_printed(cite):
    got = cite("Recalling paragraph 4 of annex II to decision X/2,", home="cbd")
    assert [t for s, k, t, _ in got if k == "decision-paragraph"] == ["id/cbd/decision/X-2/annex/II/para/4"]


def test_a_paragraph_of_something_else_is_not_the_decisions(cite):
    got = cite("Recalling decision X/2 and paragraph 5 of the report of the meeting,", home="cbd")
    assert not [t for s, k, t, _ in got if k == "decision-paragraph"]


# ------------------------------------------------------------ Cartagena's numbering (BS-, CP-)


@pytest.mark.parametrize("text, number, right", [
    ("Recalling decision BS-VII/5 of the COP-MOP to the Cartagena Protocol,", "BS-VII/5",
     "id/cartagena/decision/BS-VII-5"),
    ("Recalling decision CP-VIII/1,", "CP-VIII/1", "id/cartagena/decision/CP-VIII-1"),
    ("Recalling decisions BS-V/16 and CP-9/3 of the Conference of the Parties serving as the meeting "
     "of the Parties to the Cartagena Protocol on Biosafety,", "CP-9/3", "id/cartagena/decision/CP-9-3"),
    ("回顾《卡塔赫纳生物安全议定书》缔约方会议第 BS-V/16 号决定，", "BS-V/16", "id/cartagena/decision/BS-V-16"),
])
def test_cartagena_decisions_are_read_by_their_own_prefix(cite, text, number, right):
    assert _one(cite(text, home="cbd"), number)[2] == right


def test_a_cartagena_number_outside_its_rules_stays_unresolved(cite):
    row = _one(cite("Noting decision BS-IX/1,", home="cbd"), "BS-IX/1")  # BS- numbering ended with session 7
    assert row[2] is None and any("no numbering rule" in w for w in row[3]), row
