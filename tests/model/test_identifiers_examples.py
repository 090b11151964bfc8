"""Every example of the shared IDENTIFIERS.md mints and parses as shown; parse(mint(x)) == x."""

import pytest
from hypothesis import given, strategies as st

from treatygraph import identifiers as I
from treatygraph.identifiers import (
    Act, Actor, Arrangement, Body, Document, Entity, Group, Part, Provision, Session,
    StrategicPlan, Target, TargetScheme,
)

DOC = Document("itpgrfa-gb-5-item-13")

EXAMPLES = [
    (Entity("itpgrfa"), "id/itpgrfa"),
    (Entity("cbd"), "id/cbd"),
    (Entity("nagoya"), "id/nagoya"),
    (Entity("cartagena"), "id/cartagena"),
    (Entity("cites"), "id/cites"),
    (Entity("cms"), "id/cms"),
    (Entity("ramsar"), "id/ramsar"),
    (Entity("whc"), "id/whc"),
    (Entity("unfccc"), "id/unfccc"),
    (Entity("unccd"), "id/unccd"),
    (Provision("itpgrfa", ("19", "3", "g")), "id/itpgrfa/art/19.3.g"),
    (Provision("itpgrfa", ("19", "3")), "id/itpgrfa/art/19.3"),
    (Provision("itpgrfa", ("19",)), "id/itpgrfa/art/19"),
    (Provision("nagoya", ("4", "3")), "id/nagoya/art/4.3"),
    (Provision("cbd", ("8", "j")), "id/cbd/art/8.j"),
    (Body("cbd", "cop"), "id/cbd/cop"),
    (Body("itpgrfa", "gb"), "id/itpgrfa/gb"),
    (Body("nagoya", "cop-mop"), "id/nagoya/cop-mop"),
    (Body("cbd", "sbstta"), "id/cbd/sbstta"),
    (Body("unfccc", "sbsta"), "id/unfccc/sbsta"),
    (Session("cbd", "cop", 11), "id/cbd/cop/11"),
    (Session("itpgrfa", "gb", 5), "id/itpgrfa/gb/5"),
    (Session("cbd", "icnp", 1), "id/cbd/icnp/1"),
    (Act("cbd", "decision", "XI-6"), "id/cbd/decision/XI-6"),
    (Act("cbd", "decision", "14-30"), "id/cbd/decision/14-30"),
    (Act("itpgrfa", "resolution", "8-2011"), "id/itpgrfa/resolution/8-2011"),
    (Act("cites", "resolution", "10.4"), "id/cites/resolution/10.4"),
    (Act("cms", "resolution", "8.11"), "id/cms/resolution/8.11"),
    (Act("ramsar", "resolution", "IX.5"), "id/ramsar/resolution/IX.5"),
    (Act("whc", "decision", "30-COM-6"), "id/whc/decision/30-COM-6"),
    (Act("unfccc", "decision", "1-CP.21"), "id/unfccc/decision/1-CP.21"),
    (Part(Act("cbd", "decision", "X-20"), (("para", "9"),)), "id/cbd/decision/X-20/para/9"),
    (Part(Act("cbd", "decision", "VI-20"), (("para", "13"),)), "id/cbd/decision/VI-20/para/13"),
    (Document("UNEP/CBD/ICNP/1/INF/8"), "id/doc/UNEP/CBD/ICNP/1/INF/8"),
    (Document("IT/AC-SMTA-MLS_3/12/Report"), "id/doc/IT/AC-SMTA-MLS_3/12/Report"),
    (Document("FCCC/SBSTA/2001/2"), "id/doc/FCCC/SBSTA/2001/2"),
    (Document("UNEP/CMS/Inf.10.36"), "id/doc/UNEP/CMS/Inf.10.36"),
    (Part(Document("FCCC/SBSTA/2001/2"), (("para", "42.d"),)), "id/doc/FCCC/SBSTA/2001/2/para/42.d"),
    (Target("aichi-targets", "5"), "id/aichi-targets/5"),
    (TargetScheme("aichi-targets"), "id/aichi-targets"),
    (DOC, "id/doc/itpgrfa-gb-5-item-13"),
    (Part(DOC, (("para", "12"),)), "id/doc/itpgrfa-gb-5-item-13/para/12"),
    (Part(DOC, (("fn", "19"),)), "id/doc/itpgrfa-gb-5-item-13/fn/19"),
    (Part(DOC, (("annex", "2"),)), "id/doc/itpgrfa-gb-5-item-13/annex/2"),
    (Part(DOC, (("summary", "ii"),)), "id/doc/itpgrfa-gb-5-item-13/summary/ii"),
    (Part(DOC, (("annex", "3"), ("pp", "1"))), "id/doc/itpgrfa-gb-5-item-13/annex/3/pp/1"),
    (Part(DOC, (("annex", "3"), ("para", "11"))), "id/doc/itpgrfa-gb-5-item-13/annex/3/para/11"),
    (Actor("cbd", "secretariat"), "id/cbd/secretariat"),
    (Actor("cbd", "executive-secretary"), "id/cbd/executive-secretary"),
    (Actor("itpgrfa", "secretary"), "id/itpgrfa/secretary"),
    (Group("blg"), "id/group/blg"),
    (Group("jlg"), "id/group/jlg"),
    (Group("blg", ("5",)), "id/group/blg/5"),
    (Group("blg", ("retreat", "2")), "id/group/blg/retreat/2"),
    (Group("blg", ("meeting", "2013-02-13")), "id/group/blg/meeting/2013-02-13"),
    (Arrangement("cbd-itpgrfa-moc"), "id/arrangement/cbd-itpgrfa-moc"),
    (Arrangement("cbd-itpgrfa-joint-initiative", "1"), "id/arrangement/cbd-itpgrfa-joint-initiative/activity/1"),
    (Arrangement("cbd-cms-jwp-2012-2014", "2.1"), "id/arrangement/cbd-cms-jwp-2012-2014/activity/2.1"),
    (Arrangement("blg-modus-operandi"), "id/arrangement/blg-modus-operandi"),
    (Arrangement("jlg-modus-operandi"), "id/arrangement/jlg-modus-operandi"),
    (StrategicPlan("cbd", "2011-2020"), "id/cbd/strategic-plan/2011-2020"),
    (StrategicPlan("cms", "2006-2011"), "id/cms/strategic-plan/2006-2011"),
    (StrategicPlan("cms", "2006-2011", ("objective", "1")), "id/cms/strategic-plan/2006-2011/objective/1"),
    # Patterns for the corpus (treaties, UNFCCC, UN General Assembly)
    (Entity("paris"), "id/paris"),
    (Entity("kyoto"), "id/kyoto"),
    (Entity("doha"), "id/doha"),
    (Entity("nkl"), "id/nkl"),
    (Entity("montreal"), "id/montreal"),
    (Entity("basel"), "id/basel"),
    (Entity("rotterdam"), "id/rotterdam"),
    (Entity("stockholm"), "id/stockholm"),
    (Entity("minamata"), "id/minamata"),
    (Entity("unclos"), "id/unclos"),
    (Entity("bbnj"), "id/bbnj"),
    (Entity("unfsa"), "id/unfsa"),
    (Entity("unclos-part-xi"), "id/unclos-part-xi"),
    (Entity("unga"), "id/unga"),
    (Provision("paris", ("6", "2")), "id/paris/art/6.2"),
    (Provision("unfccc", ("4", "1", "c")), "id/unfccc/art/4.1.c"),
    (Provision("unclos", ("76",)), "id/unclos/art/76"),
    (Provision("ramsar", ("10bis",)), "id/ramsar/art/10bis"),
    (Provision("kyoto", ("3", "7ter")), "id/kyoto/art/3.7ter"),
    (Provision("bbnj", ("52",)), "id/bbnj/art/52"),
    (Session("unfccc", "cop", 24), "id/unfccc/cop/24"),
    (Session("kyoto", "cmp", 14), "id/kyoto/cmp/14"),
    (Session("paris", "cma", 1), "id/paris/cma/1"),
    (Session("unfccc", "sbi", 50), "id/unfccc/sbi/50"),
    (Session("unfccc", "sbsta", 50), "id/unfccc/sbsta/50"),
    (Act("kyoto", "decision", "3-CMP.14"), "id/kyoto/decision/3-CMP.14"),
    (Act("paris", "decision", "8-CMA.1"), "id/paris/decision/8-CMA.1"),
    (Act("paris", "decision", "3-CMA.1"), "id/paris/decision/3-CMA.1"),
    (Act("unfccc", "resolution", "1-CP.26"), "id/unfccc/resolution/1-CP.26"),
    (Part(Act("paris", "decision", "18-CMA.1"), (("annex", "1"), ("para", "77.d"))),
     "id/paris/decision/18-CMA.1/annex/1/para/77.d"),
    (Part(Act("paris", "decision", "5-CMA.3"), (("annex", "IV"),)), "id/paris/decision/5-CMA.3/annex/IV"),
    (Part(Act("paris", "decision", "18-CMA.1"), (("para", "130.b.ii"),)), "id/paris/decision/18-CMA.1/para/130.b.ii"),
    (Part(Act("paris", "decision", "3-CMA.1"), (("pp", "2"),)), "id/paris/decision/3-CMA.1/pp/2"),
    (Part(Act("paris", "decision", "18-CMA.1"), (("annex", "1"), ("section", "I.B"))),
     "id/paris/decision/18-CMA.1/annex/1/section/I.B"),
    (Part(Act("paris", "decision", "5-CMA.3"), (("annex", "II"), ("appendix", "1"), ("para", "3"))),
     "id/paris/decision/5-CMA.3/annex/II/appendix/1/para/3"),
    (Part(Act("unfccc", "decision", "12-CP.26"), (("fn", "1"),)), "id/unfccc/decision/12-CP.26/fn/1"),
    (Document("FCCC/PA/CMA/2018/3/Add.1"), "id/doc/FCCC/PA/CMA/2018/3/Add.1"),
    (Act("unga", "resolution", "70-1"), "id/unga/resolution/70-1"),
    (Act("unga", "decision", "78-560"), "id/unga/decision/78-560"),
    (Target("gbf-targets", "3"), "id/gbf-targets/3"),
    (Target("gbf-goals", "A"), "id/gbf-goals/A"),
    (Entity("ipbes"), "id/ipbes"),
    (Entity("unep"), "id/unep"),
    (Entity("gef"), "id/gef"),
    (Entity("fao"), "id/fao"),
    # treaties and UN texts of the corpus (issue 13)
    *[(Entity(c), f"id/{c}") for c in ("basel", "bbnj", "minamata", "montreal", "nkl", "rotterdam", "stockholm",
                                       "unclos", "unclos-part-xi", "unfsa", "unga")],
    (Provision("ramsar", ("10bis",)), "id/ramsar/art/10bis"),
    (Provision("unclos", ("76",)), "id/unclos/art/76"),
    (Provision("bbnj", ("52",)), "id/bbnj/art/52"),
    (Act("unga", "resolution", "70-1"), "id/unga/resolution/70-1"),
    (Act("unga", "decision", "78-560"), "id/unga/decision/78-560"),
    (Target("gbf-targets", "3"), "id/gbf-targets/3"),
    (Target("gbf-goals", "A"), "id/gbf-goals/A"),
    (Provision("cites", ("VII", "2")), "id/cites/art/VII.2"),
    (Part(Entity("unclos"), (("part", "XI"),)), "id/unclos/part/XI"),
    (Part(Entity("cbd"), (("annex", "II"), ("part", "1"), ("art", "3"))), "id/cbd/annex/II/part/1/art/3"),
    (Part(Entity("cbd"), (("pp", "2"),)), "id/cbd/pp/2"),
]


@pytest.mark.parametrize("ref,path", EXAMPLES, ids=[p for _, p in EXAMPLES])
def test_example_mints_and_parses(ref, path):
    assert I.mint(ref) == I.DEFAULT_BASE + path
    assert I.parse(I.DEFAULT_BASE + path) == ref


@pytest.mark.parametrize(
    "number,path", [("XI/6", "XI-6"), ("14/30", "14-30"), ("8/2011", "8-2011"), ("30 COM 6", "30-COM-6"), ("1/CP.21", "1-CP.21"),
                    ("3/CMP.14", "3-CMP.14"), ("8/CMA.1", "8-CMA.1")]
)
def test_official_numbers_to_paths(number, path):
    assert I.number_to_path(number) == path


def test_symbol_spaces_become_underscores():
    assert I.symbol_to_path("IT/AC-SMTA-MLS 3/12/Report") == "IT/AC-SMTA-MLS_3/12/Report"


@pytest.mark.parametrize("base", ["http://localhost:8000/", "http://example.org/tg", "https://data.example/kg/"])
def test_base_is_configurable(base):
    ref = Act("cbd", "decision", "XI-6")
    uri = I.mint(ref, base)
    assert uri.startswith(base.rstrip("/") + "/id/")
    assert I.parse(uri, base) == ref
    with pytest.raises(I.IdentifierError):
        I.parse(uri)  # not under the default base
    assert I.rebase(uri, base, I.DEFAULT_BASE) == I.mint(ref)


@pytest.mark.parametrize("bad", ["id/cbd/art/g", "id/cbd/art/8.IV", "id/cbd/annex", "id/cbd/annex/I/x", "id/cbd/decision/XI/6", "id/Cbd", "id/cbd/cop/0", "id/aichi-targets/5/x", "id/cbd//cop"])
def test_malformed_paths_are_refused(bad):
    with pytest.raises(I.IdentifierError):
        I.parse_path(bad)


# ---------------------------------------------------------------- property test

codes = st.from_regex(r"[a-z][a-z0-9]{1,7}", fullmatch=True).filter(
    lambda c: c not in I.INSTRUMENT_SUBPATHS | I.ACTOR_ROLES | I.INSTRUMENT_PART_KINDS | {"doc", "group", "arrangement", "art"}
    and not I.is_target_scheme(c)
)
numbers = st.from_regex(r"[1-9][0-9]{0,2}", fullmatch=True)
roman = st.integers(1, 40).map(I.to_roman)
act_numbers = st.one_of(
    st.tuples(roman, numbers).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(numbers, st.integers(1990, 2030)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(numbers, numbers).map(lambda t: f"{t[0]}.{t[1]}"),
    st.tuples(numbers, numbers).map(lambda t: f"{t[0]} COM {t[1]}"),
).map(I.number_to_path)
part_kinds = st.sampled_from(sorted(I.DOCUMENT_PART_KINDS))

refs = st.one_of(
    codes.map(Entity),
    st.builds(Provision, codes, st.lists(numbers, min_size=1, max_size=3).map(tuple)),
    st.builds(Body, codes, codes),
    st.builds(Session, codes, codes, st.integers(1, 99)),
    st.builds(Actor, codes, st.sampled_from(sorted(I.ACTOR_ROLES))),
    st.builds(Act, codes, st.sampled_from(sorted(I.ACT_KINDS)), act_numbers),
    st.builds(Part, st.builds(Act, codes, st.just("decision"), act_numbers), st.lists(st.tuples(part_kinds, numbers), min_size=1, max_size=3).map(tuple)),
    st.builds(Part, codes.map(Document), st.lists(st.tuples(part_kinds, numbers), min_size=1, max_size=3).map(tuple)),
    st.builds(Group, codes, st.one_of(st.just(()), numbers.map(lambda n: (n,)), numbers.map(lambda n: ("retreat", n)))),
    st.builds(Arrangement, codes, st.one_of(st.none(), numbers)),
    st.builds(StrategicPlan, codes, st.just("2011-2020"), st.one_of(st.none(), numbers.map(lambda n: ("objective", n)))),
    st.builds(Target, codes.map(lambda c: c + "-targets"), numbers),
)


@given(refs)
def test_parse_inverts_mint(ref):
    assert I.parse(I.mint(ref)) == ref


@given(refs, st.sampled_from(["http://localhost:8000/", "https://example.org/kg/"]))
def test_parse_inverts_mint_under_any_base(ref, base):
    assert I.parse(I.mint(ref, base), base) == ref


def test_every_path_written_in_the_shared_identifiers_doc_parses(shared_dir):
    import re

    text = (shared_dir / "IDENTIFIERS.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`(id/[^`…{}\s\[]+)`", text))
    assert len(paths) > 30
    minted = {p for _, p in EXAMPLES}
    for path in paths:
        assert I.path_of(I.parse_path(path)) == path
    assert paths <= minted, sorted(paths - minted)  # the table above covers every written example
