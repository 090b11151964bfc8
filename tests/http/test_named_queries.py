"""Named queries: header parsing, typed parameters, every generic query on a contract graph, /queries."""

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from treatygraph.named_queries import (
    NamedQueryError, Param, ParameterError, check, coerce, load_named_queries, parse_named_query,
)
from treatygraph.store.oxigraph import OxigraphStore

from httpdata import graph

BASE = "https://w3id.org/treatygraph/"
TG = "https://w3id.org/treatygraph/ontology#"

# A small graph following the vocabulary contract of docs/architecture.md.
CONTRACT = """
<id/itpgrfa> a tg:Treaty ; rdfs:label "Plant Treaty"@en .
<id/cbd> a tg:Convention ; rdfs:label "Convention on Biological Diversity"@en .
<id/cms> a tg:Convention .
<id/itpgrfa/art/19> a tg:Article ; tg:instrument <id/itpgrfa> .
<id/itpgrfa/art/19.3> a tg:ArticleParagraph ; tg:instrument <id/itpgrfa> ; eli:is_part_of <id/itpgrfa/art/19> .
<id/itpgrfa/art/19.3.g> a tg:ArticlePoint ; tg:instrument <id/itpgrfa> ; eli:is_part_of <id/itpgrfa/art/19.3> .
<id/cbd/art/8> a tg:Article ; tg:instrument <id/cbd> .
<id/cbd/art/8.j> a tg:ArticleParagraph ; tg:instrument <id/cbd> ; eli:is_part_of <id/cbd/art/8> ;
    rdfs:label "CBD Article 8(j)"@en , "生物多样性公约第8(j)条"@zh .

<id/doc/itpgrfa-gb-5-item-13> a tg:Document ; tg:homeInstrument <id/itpgrfa> ;
    rdfs:label "IT/GB-5/13/15"@en , "IT/GB-5/13/15 中文"@zh .
<id/doc/itpgrfa-gb-5-item-13/para/5> a tg:Paragraph ; eli:is_part_of <id/doc/itpgrfa-gb-5-item-13> ;
    eli:cites <id/itpgrfa/art/19.3.g> , <id/cbd/art/8.j> .
<id/doc/itpgrfa-gb-5-item-13/annex/1> a tg:Annex ; eli:is_part_of <id/doc/itpgrfa-gb-5-item-13> .
<id/doc/itpgrfa-gb-5-item-13/annex/1/para/2> a tg:Paragraph ;
    eli:is_part_of <id/doc/itpgrfa-gb-5-item-13/annex/1> ; eli:cites <id/cbd/decision/X-20> .

<id/cbd/decision/X-20> a tg:Decision ; tg:instrument <id/cbd> ; rdfs:label "Decision X/20"@en .
<id/cbd/decision/X-20/para/9> a tg:OperativeParagraph ; eli:is_part_of <id/cbd/decision/X-20> ;
    eli:cites <id/itpgrfa/art/19> .

[] a tg:Citation ; cito:hasCitingEntity <id/doc/itpgrfa-gb-5-item-13/para/5> ;
   cito:hasCitedEntity <id/itpgrfa/art/19.3.g> ; tg:quote "第19.3(g)条" ; tg:line 12 ;
   tg:startOffset 100 ; tg:endOffset 108 ; tg:citationKind "article" ; tg:resolved true .
[] a tg:Citation ; cito:hasCitingEntity <id/cbd/decision/X-20/para/9> ;
   cito:hasCitedEntity <id/itpgrfa/art/19> ; tg:quote "Article 19" ; tg:line 3 ;
   tg:startOffset 40 ; tg:endOffset 50 ; tg:citationKind "article" ; tg:resolved true .
[] a tg:Citation ; cito:hasCitingEntity <id/doc/itpgrfa-gb-5-item-13/para/5> ;
   tg:quote "第99条" ; tg:resolved false ; tg:warning "no such article" .

<id/arrangement/cbd-cms-jwp-2012-2014> a tg:JointWorkPlan ; rdfs:label "CBD-CMS joint work plan"@en ;
    tg:party <id/cbd/secretariat> , <id/cms/secretariat> ; tg:signedOn "2012-02"^^xsd:gYearMonth ;
    tg:activity <id/arrangement/cbd-cms-jwp-2012-2014/activity/2.1> .
<id/arrangement/cbd-cms-jwp-2012-2014/activity/2.1> a tg:ArrangementActivity ;
    tg:addressesTarget <id/aichi-targets/12> .
<id/arrangement/itpgrfa-cbd-moc> a tg:MemorandumOfCooperation ;
    tg:party <id/itpgrfa/secretariat> , <id/cbd/secretariat> ; tg:addressesTarget <id/aichi-targets/13> .
<id/cbd/strategic-plan/2011-2020> a tg:StrategicPlan ;
    tg:hasTarget <id/aichi-targets/12> , <id/aichi-targets/13> .
<id/aichi-targets/12> a tg:Target ; rdfs:label "Aichi Target 12"@en .
<id/aichi-targets/13> a tg:Target ; rdfs:label "Aichi Target 13"@en .

<id/group/blg> a tg:LiaisonGroup .
[] a org:Membership ; org:organization <id/group/blg> ; org:member <id/cbd/secretariat> .
[] a org:Membership ; org:organization <id/group/blg> ; org:member <id/itpgrfa/secretariat> ;
   org:memberDuring [ a time:Interval ;
       time:hasBeginning [ a time:Instant ; time:inXSDgYearMonth "2006-09"^^xsd:gYearMonth ] ] .
[] a org:Membership ; org:organization <id/group/blg> ; org:member <id/ramsar/secretariat> ;
   tg:startDate "2001-01-01"^^xsd:date ; tg:endDate "2005-12-31"^^xsd:date .
[] a org:Membership ; org:organization <id/group/jlg> ; org:member <id/cms/secretariat> .
"""


@pytest.fixture(scope="module")
def catalogue(project_root):
    return load_named_queries(project_root / "queries")


@pytest.fixture(scope="module")
def store(project_root):
    """The contract graph, with graph/derived computed from it as a build does."""
    store = OxigraphStore.from_graphs({BASE + "graph/registry": graph(CONTRACT)})
    store.derive(project_root / "queries", BASE)
    return store


def rows(catalogue, store, name, **values):
    """The answer as a list of {variable: compact string} (parameters echoed back left out)."""
    query = catalogue[name]
    result = query.run(store, {k: str(v) for k, v in values.items()}, BASE)
    params = {p.name for p in query.params}
    out = []
    for d in result.dicts():
        out.append({k: str(v).replace(TG, "tg:").replace(BASE, "") for k, v in d.items() if k not in params})
    return out


def test_every_query_file_loads_and_runs(catalogue, project_root):
    """Every queries/*.rq parses and runs on an empty store (a broken file fails here by name)."""
    errors = []
    load_named_queries(project_root / "queries", errors=errors)
    assert errors == []
    for name in ("citing-provision", "cites", "interlinkages", "cooperation", "group-members",
                 "targets", "mentions"):
        assert name in catalogue


def test_citing_provision_includes_sub_provisions(catalogue, store):
    got = rows(catalogue, store, "citing-provision", provision="id/itpgrfa/art/19")
    assert got == [
        {"source": "id/cbd/decision/X-20", "sourceLabel": "Decision X/20",
         "citing": "id/cbd/decision/X-20/para/9", "cited": "id/itpgrfa/art/19"},
        {"source": "id/doc/itpgrfa-gb-5-item-13", "sourceLabel": "IT/GB-5/13/15",
         "citing": "id/doc/itpgrfa-gb-5-item-13/para/5", "cited": "id/itpgrfa/art/19.3.g"},
    ]
    got = rows(catalogue, store, "citing-provision", provision=BASE + "id/itpgrfa/art/19.3", lang="zh")
    assert got == [{"source": "id/doc/itpgrfa-gb-5-item-13", "sourceLabel": "IT/GB-5/13/15 中文",
                    "citing": "id/doc/itpgrfa-gb-5-item-13/para/5", "cited": "id/itpgrfa/art/19.3.g"}]
    assert rows(catalogue, store, "citing-provision", provision="id/cms/art/1") == []


def test_cites(catalogue, store):
    got = rows(catalogue, store, "cites", resource="id/doc/itpgrfa-gb-5-item-13")
    assert got == [
        {"part": "id/doc/itpgrfa-gb-5-item-13/annex/1/para/2", "cited": "id/cbd/decision/X-20",
         "citedLabel": "Decision X/20", "instrument": "id/cbd"},
        {"part": "id/doc/itpgrfa-gb-5-item-13/para/5", "cited": "id/cbd/art/8.j",
         "citedLabel": "CBD Article 8(j)", "instrument": "id/cbd"},
        {"part": "id/doc/itpgrfa-gb-5-item-13/para/5", "cited": "id/itpgrfa/art/19.3.g",
         "instrument": "id/itpgrfa"},
    ]
    assert rows(catalogue, store, "cites", resource="id/cbd/decision/X-20/para/9") == [
        {"part": "id/cbd/decision/X-20/para/9", "cited": "id/itpgrfa/art/19", "instrument": "id/itpgrfa"}]


def test_interlinkages(catalogue, store):
    # itpgrfa -> cbd: para/5 cites CBD art 8(j), annex/1/para/2 cites decision X/20 (a CBD act);
    # cbd -> itpgrfa: decision X/20 para 9 cites art 19; itpgrfa -> itpgrfa: para/5 cites art 19.3(g).
    assert rows(catalogue, store, "interlinkages") == [
        {"from": "id/itpgrfa", "to": "id/cbd", "links": "2"},
        {"from": "id/cbd", "to": "id/itpgrfa", "links": "1"},
    ]
    assert rows(catalogue, store, "interlinkages", include_self="true") == [
        {"from": "id/itpgrfa", "to": "id/cbd", "links": "2"},
        {"from": "id/cbd", "to": "id/itpgrfa", "links": "1"},
        {"from": "id/itpgrfa", "to": "id/itpgrfa", "links": "1"},
    ]


def test_cooperation(catalogue, store):
    everything = rows(catalogue, store, "cooperation")
    assert [(r["arrangement"], r["member"]) for r in everything] == [
        ("id/arrangement/cbd-cms-jwp-2012-2014", "id/cbd/secretariat"),
        ("id/arrangement/cbd-cms-jwp-2012-2014", "id/cms/secretariat"),
        ("id/arrangement/itpgrfa-cbd-moc", "id/cbd/secretariat"),
        ("id/arrangement/itpgrfa-cbd-moc", "id/itpgrfa/secretariat"),
    ]
    assert everything[0]["signedOn"] == "2012-02" and everything[0]["type"] == "tg:JointWorkPlan"
    with_itpgrfa = rows(catalogue, store, "cooperation", party="id/itpgrfa/secretariat")
    assert {(r["arrangement"], r["member"], r["type"]) for r in with_itpgrfa} == {
        ("id/arrangement/itpgrfa-cbd-moc", "id/cbd/secretariat", "tg:MemorandumOfCooperation"),
        ("id/arrangement/itpgrfa-cbd-moc", "id/itpgrfa/secretariat", "tg:MemorandumOfCooperation"),
    }


@pytest.mark.parametrize("date, members", [
    ("2003-01-01", ["id/cbd/secretariat", "id/ramsar/secretariat"]),
    ("2005-12-31", ["id/cbd/secretariat", "id/ramsar/secretariat"]),   # the end day is included
    ("2006-08-31", ["id/cbd/secretariat"]),
    ("2006-09-01", ["id/cbd/secretariat", "id/itpgrfa/secretariat"]),  # month precision
    ("2012-06-30", ["id/cbd/secretariat", "id/itpgrfa/secretariat"]),
])
def test_group_members_at_a_date(catalogue, store, date, members):
    got = rows(catalogue, store, "group-members", group="id/group/blg", date=date)
    assert [r["member"] for r in got] == members


def test_targets(catalogue, store):
    plan = rows(catalogue, store, "targets", subject="id/cbd/strategic-plan/2011-2020")
    assert [(r["target"], r["via"], r["relation"], r["label"]) for r in plan] == [
        ("id/aichi-targets/12", "id/cbd/strategic-plan/2011-2020", "tg:hasTarget", "Aichi Target 12"),
        ("id/aichi-targets/13", "id/cbd/strategic-plan/2011-2020", "tg:hasTarget", "Aichi Target 13"),
    ]
    jwp = rows(catalogue, store, "targets", subject="id/arrangement/cbd-cms-jwp-2012-2014")
    assert [(r["target"], r["via"]) for r in jwp] == [
        ("id/aichi-targets/12", "id/arrangement/cbd-cms-jwp-2012-2014/activity/2.1")]
    moc = rows(catalogue, store, "targets", subject="id/arrangement/itpgrfa-cbd-moc")
    assert [(r["target"], r["via"]) for r in moc] == [("id/aichi-targets/13", "id/arrangement/itpgrfa-cbd-moc")]


def test_mentions(catalogue, store):
    exact = rows(catalogue, store, "mentions", resource="id/itpgrfa/art/19")
    assert [{k: v for k, v in r.items() if k != "citation"} for r in exact] == [
        {"cited": "id/itpgrfa/art/19", "quote": "Article 19", "part": "id/cbd/decision/X-20/para/9",
         "line": "3", "start": "40", "end": "50", "kind": "article"}]
    with_parts = rows(catalogue, store, "mentions", resource="id/itpgrfa/art/19", include_parts="1")
    assert [(r["quote"], r["part"]) for r in with_parts] == [
        ("Article 19", "id/cbd/decision/X-20/para/9"),
        ("第19.3(g)条", "id/doc/itpgrfa-gb-5-item-13/para/5"),
    ]


# ---- values ----------------------------------------------------------------


@pytest.mark.parametrize("ptype, raw, term", [
    ("iri", "id/cbd/art/8.j", URIRef(BASE + "id/cbd/art/8.j")),
    ("iri", "https://example.org/x", URIRef("https://example.org/x")),
    ("iri", "tg:Treaty", URIRef(TG + "Treaty")),
    ("iri", "urn:isbn:123", URIRef("urn:isbn:123")),
    ("literal", "Aichi", Literal("Aichi")),
    ("langString", "生物多样性@zh", Literal("生物多样性", lang="zh")),
    ("integer", "+007", Literal("7", datatype=XSD.integer)),
    ("date", "2012-10-08", Literal("2012-10-08", datatype=XSD.date)),
    ("boolean", "TRUE", Literal("true", datatype=XSD.boolean)),
    ("boolean", "0", Literal("false", datatype=XSD.boolean)),
])
def test_coerce(ptype, raw, term):
    got = coerce(Param("x", ptype), raw, BASE)
    assert got == term and type(got) is type(term)


@pytest.mark.parametrize("ptype, raw", [
    ("iri", "id/CBD"), ("iri", "not an iri"), ("iri", "id/cbd/art/"), ("langString", "no language"),
    ("integer", "1.5"), ("date", "2012-13-01"), ("date", "12/10/2012"), ("boolean", "yes"),
])
def test_coerce_rejects_naming_the_parameter(ptype, raw):
    with pytest.raises(ParameterError) as info:
        coerce(Param("the_param", ptype), raw, BASE)
    assert info.value.param == "the_param" and "the_param" in str(info.value)


def test_bindings_defaults_required_and_unknown(catalogue):
    q = catalogue["citing-provision"]
    b = q.bindings({"provision": "id/itpgrfa/art/19"}, BASE)
    assert b == {"provision": URIRef(BASE + "id/itpgrfa/art/19"), "lang": Literal("en")}
    with pytest.raises(ParameterError, match="'provision'"):
        q.bindings({}, BASE)
    with pytest.raises(ParameterError, match="'colour'"):
        q.bindings({"provision": "id/itpgrfa/art/19", "colour": "red"}, BASE)
    assert "party" not in catalogue["cooperation"].bindings({}, BASE)  # optional, no default: unbound


# ---- header parsing ----------------------------------------------------------

GOOD = """# title: T
# description: D
#   continued: still the description
# param: p (integer, optional, default "3") — a number
# param: q iri  short form
SELECT ?p ?q WHERE { ?s ?p ?q }
"""


def test_header_parses():
    q = parse_named_query(GOOD, "good")
    assert q.title == "T" and q.description == "D continued: still the description"
    assert q.params == (Param("p", "integer", True, "3", "a number"), Param("q", "iri", False, None, "short form"))
    assert q.sparql.startswith("SELECT")
    check(q)


@pytest.mark.parametrize("text, line, words", [
    (GOOD.replace("# title: T\n", ""), 1, "title"),
    (GOOD.replace("# description: D\n#   continued: still the description\n", ""), 1, "description"),
    (GOOD.replace("(integer,", "(number,"), 4, "type"),
    (GOOD.replace('default "3"', 'default "three"'), 4, "default"),
    (GOOD.replace("optional,", "sometimes,"), 4, "sometimes"),
    (GOOD.replace("# title: T", "# title: T\n# author: me"), 2, "author"),
    (GOOD.replace("?s ?p ?q", "?s ?p ?o").replace("SELECT ?p ?q", "SELECT ?p"), 5, "'q'"),
    (GOOD.replace("# param: q iri  short form", "# param: p iri  again"), 5, "twice"),
    (GOOD.replace("# param: q iri  short form", "# param: format literal  no"), 5, "reserved"),
])
def test_header_errors_name_file_and_line(text, line, words):
    with pytest.raises(NamedQueryError) as info:
        parse_named_query(text, "bad", Path("queries/bad.rq"))
    assert f"queries/bad.rq:{line}" in str(info.value)
    assert words in str(info.value)


def test_check_catches_an_unprojected_parameter(tmp_path):
    (tmp_path / "unprojected.rq").write_text(GOOD.replace("SELECT ?p ?q", "SELECT ?s"), encoding="utf-8")
    with pytest.raises(NamedQueryError, match="unprojected.rq.*project every parameter"):
        load_named_queries(tmp_path)
    errors = []
    assert load_named_queries(tmp_path, errors=errors) == {} and len(errors) == 1


# ---- over HTTP -----------------------------------------------------------------


@pytest.fixture
def http(make_client, store):
    return make_client(store)


def test_list_json_and_html(http, catalogue):
    r = http.get("/queries")
    listed = {q["name"]: q for q in r.json()["queries"]}
    assert set(listed) == set(catalogue)
    gm = listed["group-members"]
    assert [p["name"] for p in gm["params"]] == ["group", "date", "lang"]
    assert gm["params"][1] == {"name": "date", "type": "date", "optional": False, "default": None,
                               "description": "the day, YYYY-MM-DD"}
    assert gm["url"].endswith("/queries/group-members")
    r = http.get("/queries", headers={"accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html")
    assert "Members of a liaison group at a date" in r.text and 'href="http://testserver/queries/targets"' in r.text


def test_run_over_http_in_every_format(http):
    params = {"group": "id/group/blg", "date": "2012-06-30"}
    r = http.get("/queries/group-members", params=params)
    assert r.status_code == 200
    members = [b["member"]["value"] for b in r.json()["results"]["bindings"]]
    assert members == [BASE + "id/cbd/secretariat", BASE + "id/itpgrfa/secretariat"]
    r = http.get("/queries/group-members", params=params, headers={"accept": "text/csv"})
    assert r.text.splitlines()[0].startswith("group,date,lang,member")
    r = http.get("/queries/group-members", params=dict(params, format="xml"))
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = http.get("/queries/resource-exists", params={"resource": "id/cbd"})
    assert r.json()["boolean"] is True


@pytest.mark.parametrize("params, param", [
    ({"group": "id/group/blg", "date": "30/06/2012"}, "date"),
    ({"group": "id/group/blg"}, "date"),
    ({"group": "id/group/blg", "date": "2012-06-30", "colour": "red"}, "colour"),
    ({"group": "id/GROUP", "date": "2012-06-30"}, "group"),
])
def test_bad_parameters_are_422_naming_them(http, params, param):
    r = http.get("/queries/group-members", params=params)
    assert r.status_code == 422
    assert f"'{param}'" in r.json()["error"]["detail"]


def test_repeated_parameter_is_422(http):
    r = http.get("/queries/group-members?group=id/group/blg&group=id/group/jlg&date=2012-01-01")
    assert r.status_code == 422 and "'group'" in r.json()["error"]["detail"]


def test_head(http):
    r = http.head("/queries/group-members", params={"group": "id/group/blg", "date": "2012-06-30"})
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert http.head("/queries").status_code == 200
