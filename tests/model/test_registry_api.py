"""The Registry API the resolver relies on, against the real registry files."""

from pathlib import Path

import pytest

from treatygraph import identifiers as I
from treatygraph.registry import NumberingRule, Registry, normalise_alias

ID = I.DEFAULT_BASE + "id/"


def test_normalise_alias():
    assert normalise_alias("  The\u3000Convention ") == "the convention"
    assert normalise_alias("ＣＢＤ") == "cbd"  # full-width letters (NFKC)
    assert normalise_alias("《条约》") == "《条约》"


def test_instrument_aliases(registry):
    a = registry.instrument_aliases()
    for alias, code in [
        ("CBD", "cbd"), ("Convention on Biological Diversity", "cbd"), ("《生物多样性公约》", "cbd"), ("生物多样性公约", "cbd"),
        ("ITPGRFA", "itpgrfa"), ("Plant Treaty", "itpgrfa"), ("the International Treaty", "itpgrfa"),
        ("《粮食和农业植物遗传资源国际条约》", "itpgrfa"), ("《国际条约》", "itpgrfa"), ("粮食和农业 植物遗传资源国际条约", "itpgrfa"),
        ("《名古屋议定书》", "nagoya"), ("Nagoya Protocol", "nagoya"),
        ("CITES", "cites"), ("《濒危野生动植物种国际贸易公约》", "cites"), ("CMS", "cms"), ("《养护野生动物移栖物种公约》", "cms"),
        ("Ramsar", "ramsar"), ("《拉姆萨尔湿地公约》", "ramsar"), ("World Heritage Convention", "whc"), ("WHC", "whc"),
        ("《世界遗产公约》", "whc"), ("UNFCCC", "unfccc"), ("UNCCD", "unccd"),
    ]:
        assert a[normalise_alias(alias)] == code, alias
    # context-dependent names are not unambiguous aliases
    assert normalise_alias("the Convention") not in a and "《公约》" not in a


def test_short_names(registry):
    s = registry.short_names()
    assert s["《条约》"] == frozenset({"itpgrfa"})
    assert s[normalise_alias("the Treaty")] == frozenset({"itpgrfa"})
    assert {"cbd", "cites", "cms"} <= s[normalise_alias("the Convention")]
    assert "cbd" in s["《公约》"]
    assert {"nagoya", "cartagena"} <= s["《议定书》"]


def test_body_aliases_and_bodies(registry):
    assert registry.body_aliases("itpgrfa")["管理机构"] == "gb"
    assert registry.body_aliases("itpgrfa")["governing body"] == "gb"
    cbd = registry.body_aliases("cbd")
    assert cbd["cop"] == "cop" and cbd["缔约方大会"] == "cop" and cbd["conference of the parties"] == "cop"
    assert registry.body_aliases("whc")["world heritage committee"] == "com"
    assert registry.body_aliases("whc")["com"] == "com"
    assert registry.bodies("cbd") == ["cop", "icnp", "sbi", "sbstta"]
    assert "ac-smta-mls" in registry.bodies("itpgrfa")
    assert registry.bodies("nope") == []


def test_governing_bodies(registry):
    assert registry.governing_body("cbd") == "cop"
    assert registry.governing_body("itpgrfa") == "gb"
    assert registry.governing_body("nagoya") == "cop-mop"
    assert registry.governing_body("whc") == "com"
    assert registry.governing_body("nope") is None


def test_numbering_rules(registry):
    cbd = registry.numbering_rules("cbd", "cop")
    assert cbd == [
        NumberingRule("decision", "roman", 1, 13, "{session}/{n}", "cop"),
        NumberingRule("decision", "arabic", 14, None, "{session}/{n}", "cop"),
    ]
    assert cbd[0].applies_to(11) and not cbd[0].applies_to(14) and cbd[1].applies_to(15)
    (gb,) = registry.numbering_rules("itpgrfa")
    assert (gb.act_kind, gb.number_pattern, gb.session_numerals) == ("resolution", "{n}/{year}", None)
    cites = {r.act_kind: r.number_pattern for r in registry.numbering_rules("cites")}
    assert cites == {"resolution": "Conf. {session}.{n}", "decision": "{session}.{n}"}
    assert [r.session_numerals for r in registry.numbering_rules("ramsar")] == ["roman"]
    assert registry.numbering_rules("unfccc", "cop")[0].number_pattern == "{n}/CP.{session}"
    assert registry.numbering_rules("whc")[0].number_pattern == "{session} COM {item}"
    assert registry.numbering_rules("cbd", "sbstta") == [
        NumberingRule("recommendation", "roman", 1, 20, "{session}/{n}", "sbstta"),
        NumberingRule("recommendation", "arabic", 21, None, "{session}/{n}", "sbstta"),
    ]
    assert [r.act_kind for r in registry.numbering_rules("cms")] == ["decision", "resolution"]
    assert registry.numbering_rules("ipbes")[0].number_pattern == "IPBES-{session}/{n}"
    assert ("cites", "cop", "[CITES]CoP{session} {type}. {item}") in registry.symbol_patterns()


def test_labels_and_existence(registry):
    assert registry.label(ID + "cbd/cop/11") == "Eleventh meeting of the Conference of the Parties to the CBD"
    assert registry.label(ID + "itpgrfa", "zh") == "粮食和农业植物遗传资源国际条约"
    assert registry.label(ID + "nope") is None
    assert registry.exists(ID + "group/blg/retreat/2")
    assert not registry.exists(ID + "cbd/cop/99")
    assert set(registry.instruments()) >= {
        "itpgrfa", "cbd", "nagoya", "cartagena", "cites", "cms", "ramsar", "whc", "unfccc", "unccd",
        "nkl", "montreal", "basel", "rotterdam", "stockholm", "minamata", "unclos", "unclos-part-xi", "unfsa", "bbnj",
        "kyoto", "paris", "doha",
    }
    assert registry.instruments() == sorted(registry.instruments())


def test_registry_facts_the_competency_questions_need(registry):
    g = registry.graph
    q = """
    PREFIX tg: <https://w3id.org/treatygraph/ontology#>
    PREFIX org: <http://www.w3.org/ns/org#>
    SELECT ?inst WHERE { ?m org:organization <%sgroup/blg> ; org:member ?sec . ?sec tg:instrument ?inst }""" % ID
    assert {str(r.inst)[len(ID):] for r in g.query(q)} == {"cbd", "cites", "cms", "ramsar", "whc", "itpgrfa"}
    q = """
    PREFIX tg: <https://w3id.org/treatygraph/ontology#>
    SELECT ?s ?e ?p WHERE { <%scbd/cop/11> tg:startDate ?s ; tg:endDate ?e ; tg:place ?p FILTER (lang(?p) = "en") }""" % ID
    (row,) = list(g.query(q))
    assert (str(row.s), str(row.e), str(row.p)) == ("2012-10-08", "2012-10-19", "Hyderabad, India")
    q = """
    PREFIX tg: <https://w3id.org/treatygraph/ontology#>
    PREFIX org: <http://www.w3.org/ns/org#>
    SELECT ?start ?at WHERE { ?m org:organization <%sgroup/blg> ; org:member <%sitpgrfa/secretariat> ;
                              tg:startDate ?start ; tg:joinedAt ?at }""" % (ID, ID)
    (row,) = list(g.query(q))
    assert str(row.start) == "2006-09" and str(row.at) == ID + "group/blg/5"


def test_base_is_configurable(settings):
    base = "http://localhost:8123/"
    r = Registry.load(settings.registry_dir, base)
    assert r.exists(base + "id/cbd/cop/11")
    assert not r.exists(ID + "cbd/cop/11")
    assert r.governing_body("cbd") == "cop"
    assert r.instrument_aliases()["cbd"] == "cbd"


def test_ambiguous_alias_is_left_out(tmp_path):
    (tmp_path / "x.ttl").write_text(
        """@prefix tg: <https://w3id.org/treatygraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<id/aaa> a tg:Convention , tg:Instrument ; skos:altLabel "Same"@en , "AAA"@en .
<id/bbb> a tg:Convention , tg:Instrument ; skos:altLabel "same"@en .
"""
    )
    r = Registry.load(tmp_path)
    a = r.instrument_aliases()
    assert a == {"aaa": "aaa"}


def test_the_unfccc_family(registry):
    assert registry.numbering_rules("kyoto", "cmp")[0].number_pattern == "{n}/CMP.{session}"
    assert registry.numbering_rules("paris", "cma")[0].number_pattern == "{n}/CMA.{session}"
    assert registry.parent_instrument("paris") == "unfccc" and registry.parent_instrument("kyoto") == "unfccc"
    assert registry.family("paris") == {"unfccc", "kyoto", "paris"}
    assert registry.family("itpgrfa") == {"itpgrfa"}
    assert registry.instrument_aliases()["paris agreement"] == "paris"
    assert registry.instrument_aliases()["kyoto protocol"] == "kyoto"
    assert "paris" in registry.short_names()["the agreement"]
    assert "kyoto" in registry.short_names()["the protocol"]
    assert "unfccc" in registry.short_names()["the convention"]
    assert {"cop", "sbi", "sbsta", "scf", "ac", "tec", "pccb", "excom"} <= set(registry.bodies("unfccc"))
    assert {"cmp", "cdm-eb", "jisc", "compliance-committee"} <= set(registry.bodies("kyoto"))
    series = registry.document_series()
    assert series["FCCC/SBI"] == I.Body("unfccc", "sbi") and series["FCCC/PA/CMA"] == I.Body("paris", "cma")
    assert registry.series_of("FCCC/KP/CMP/2018/8/Add.1") == ("FCCC/KP/CMP", I.Body("kyoto", "cmp"))
    assert registry.series_of("FCCC/XYZ/2018/1") is None


def test_every_unfccc_registry_entry_gives_its_source(registry):
    """prov:wasDerivedFrom a corpus part, or a curation note: nothing passes for extracted without a source."""
    from rdflib import URIRef
    from rdflib.namespace import PROV

    from treatygraph.namespaces import TG

    g = registry.graph
    subjects = {s for s in g.subjects() if isinstance(s, URIRef) and any(
        k in str(s) for k in ("/id/kyoto", "/id/paris", "/id/doha", "/id/unfccc/"))}
    assert len(subjects) > 20
    for s in subjects:
        if "secretariat" in str(s) or "executive-secretary" in str(s):
            continue
        assert (s, PROV.wasDerivedFrom, None) in g or (s, TG.curationNote, None) in g, s
