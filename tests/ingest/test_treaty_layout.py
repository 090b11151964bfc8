"""The treaty-text layout on every treaty of the corpus and on invented texts."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from treatygraph import identifiers as ids
from treatygraph.ingest.layouts.treaty import (
    TreatyLayoutError, instrument_of, looks_like_treaty, segment_treaty,
)
from treatygraph.ingest.metadata import Metadata
from treatygraph.ingest.rdf import ingest_text
from treatygraph.namespaces import ELI, TG
from treatygraph.registry import Registry

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"  # as tests/conftest.py SHARED

#: Articles of the main text as printed (annex articles not counted).
ARTICLES = {
    "cbd": 42, "cartagena": 40, "nagoya": 36, "nkl": 21, "itpgrfa": 35, "cites": 25, "cms": 20,
    "ramsar": 13, "whc": 38, "unfccc": 26, "kyoto": 28, "unccd": 40, "montreal": 32, "basel": 29,
    "rotterdam": 30, "unclos": 320, "unclos-part-xi": 10, "unfsa": 50, "bbnj": 76,
}
UN_TREATIES = {
    "unclos-1982": "unclos", "agreement-partxi-1994": "unclos-part-xi",
    "fish-stocks-agreement-1995": "unfsa", "bbnj-agreement-2023": "bbnj",
}

#: Kyoto is registered by the UNFCCC-family registry (another branch); until then a fixture adds its title.
KYOTO_TTL = """
@prefix tg: <https://w3id.org/treatygraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<id/kyoto> a tg:Instrument, tg:Protocol ;
    skos:altLabel "Kyoto Protocol to the United Nations Framework Convention on Climate Change"@en .
"""


@pytest.fixture(scope="module")
def treaty_registry(registry) -> Registry:
    g = Graph()
    for t in registry.graph:
        g.add(t)
    if "kyoto" not in registry.instruments():
        g.parse(data=KYOTO_TTL, format="turtle", publicID=registry.base)
    return Registry(g, registry.base)


def treaty_files():
    files = [(p.name.split(".")[0], p) for p in sorted((CORPUS / "treaties").glob("*.en.md"))]
    files += [(code, next((CORPUS / "un" / d).glob("*/text.txt"))) for d, code in UN_TREATIES.items()]
    return files


@pytest.fixture(scope="module")
def segmented(treaty_registry):
    out = {}

    def get(code: str, path: Path):
        if code not in out:
            text = path.read_text(encoding="utf-8")
            out[code] = (text, segment_treaty(text, registry=treaty_registry))
        return out[code]

    return get


@pytest.mark.parametrize("code,path", treaty_files(), ids=[c for c, _ in treaty_files()])
def test_every_treaty_of_the_corpus(code, path, segmented, treaty_registry):
    text, seg = segmented(code, path)
    assert instrument_of(text, treaty_registry) == code  # from the printed title
    assert looks_like_treaty(text)
    articles = [p for p in seg.parts if isinstance(p.ref, ids.Provision) and len(p.ref.steps) == 1]
    assert len(articles) == ARTICLES[code]
    assert len({a.number for a in articles}) == len(articles)
    seen = set()
    for p in seg.parts:
        assert len(p.spans) == 1 and p.text(text) == text[p.start:p.end] and p.end > p.start
        assert p.text(text) == p.text(text).strip()
        if p.ref is not None:
            path_ = ids.path_of(p.ref)
            assert ids.path_of(ids.parse_path(path_)) == path_
            assert path_ not in seen, path_
            seen.add(path_)
            if isinstance(p.ref, ids.Provision) or isinstance(p.ref, ids.Part):
                assert p.ref.parent.code == code if isinstance(p.ref, ids.Part) else p.ref.inst == code
    # headings are not text that cites
    for a in articles:
        assert seg.is_skipped(a.start)


def _by_path(seg):
    return {ids.path_of(p.ref): p for p in seg.parts if p.ref is not None}


def test_cbd_article_8_has_points_a_to_m(segmented):
    text, seg = segmented("cbd", CORPUS / "treaties" / "cbd.en.md")
    by = _by_path(seg)
    points = sorted(k.rsplit(".", 1)[1] for k in by if k.startswith("id/cbd/art/8."))
    assert points == list("abcdefghijklm")
    j = by["id/cbd/art/8.j"]
    assert j.text(text).startswith("j) Subject to its national legislation, respect, preserve")
    assert j.number == "8(j)" and j.parent == by["id/cbd/art/8"].steps
    assert by["id/cbd/art/8"].title == "In-situ Conservation"
    assert by["id/cbd/art/8"].parent is None  # an article is part of the instrument
    assert by["id/cbd/annex/II/part/1/art/3"].text(text).startswith("### Article  3")
    assert "id/cbd/annex/I" in by  # printed "Annex 1" beside "Annex II": Roman


def test_itpgrfa_unclos_bbnj_ramsar_provisions(segmented):
    text, seg = segmented("itpgrfa", CORPUS / "treaties" / "itpgrfa.en.md")
    assert _by_path(seg)["id/itpgrfa/art/19.3.g"].text(text).startswith("g) establish and maintain cooperation")
    text, seg = segmented("unclos", next((CORPUS / "un" / "unclos-1982").glob("*/text.txt")))
    by = _by_path(seg)
    assert by["id/unclos/art/76"].title == "Definition of the continental shelf"
    assert "continental shelf" in by["id/unclos/art/76.1"].text(text)
    assert by["id/unclos/part/XI"].title == "THE AREA"
    assert "id/unclos/annex/VI/art/2" in by
    text, seg = segmented("bbnj", next((CORPUS / "un" / "bbnj-agreement-2023").glob("*/text.txt")))
    by = _by_path(seg)
    assert by["id/bbnj/art/52"].title == "Funding"
    assert by["id/bbnj/art/52.1"].text(text).startswith("1. Each Party shall provide")
    assert "United Nations Convention on the Law of the Sea" in by["id/bbnj/art/1.5"].text(text)
    assert by["id/bbnj/pp/1"].text(text).startswith("The Parties to this Agreement, Recalling")
    text, seg = segmented("ramsar", CORPUS / "treaties" / "ramsar.en.md")
    assert "id/ramsar/art/10bis.1" in _by_path(seg)


def test_roman_and_lettered_article_numbers(segmented):
    _, seg = segmented("cites", CORPUS / "treaties" / "cites.en.md")
    assert "id/cites/art/VII.2" in _by_path(seg)
    _, seg = segmented("montreal", CORPUS / "treaties" / "montreal.en.md")
    assert {"id/montreal/art/2A", "id/montreal/art/10A"} <= set(_by_path(seg))


INVENTED = """# Convention on the Conservation of Migratory Species of Wild Animals

The Contracting Parties, Recognizing the value of wild animals; Aware that each generation holds them in trust,

HAVE AGREED as follows:

### Article  1

####Interpretation

1. For the purpose of this Convention:

a) first point;

h) eighth point;

i) ninth point, a letter after h);

(i) a sub-point under i);

(ii) another sub-point;

2. Second paragraph.

### Article  2 bis

Text of the inserted article.

### Annex  I

### 1

An annex paragraph.
"""


def test_invented_treaty(registry):
    seg = segment_treaty(INVENTED, registry=registry)
    by = _by_path(seg)
    assert {"id/cms/art/1.1.a", "id/cms/art/1.1.h", "id/cms/art/1.1.i", "id/cms/art/1.1.i.i",
            "id/cms/art/1.1.i.ii", "id/cms/art/1.2", "id/cms/art/2bis", "id/cms/annex/I/para/1"} <= set(by)
    assert by["id/cms/art/1"].title == "Interpretation"
    assert [k for k in by if "/pp/" in k] == ["id/cms/pp/1", "id/cms/pp/2"]
    assert by["id/cms/art/1.1.i.ii"].text(INVENTED) == "(ii) another sub-point;"


def test_which_instrument_comes_from_the_title_only(registry):
    assert instrument_of("# Convention on biological diversity\n\n### Article 1\n", registry) == "cbd"
    # a title that only mentions another instrument is not that instrument
    assert instrument_of("# Protocol on Something to the Convention on Biological Diversity\n", registry) is None
    with pytest.raises(TreatyLayoutError, match="names no instrument of the registry"):
        segment_treaty("# Treaty of Nowhere\n\n### Article 1\n\nText.\n", registry=registry)


def test_not_treaties(settings):
    first = (settings.documents_dir / "itpgrfa-gb-5-item-13.zh.txt").read_text(encoding="utf-8")
    assert not looks_like_treaty(first)
    for p in (CORPUS / "un").glob("ga-*/*/*/text.txt"):
        assert not looks_like_treaty(p.read_text(encoding="utf-8"))


def test_treaty_graph_provisions_carry_text_title_and_number(registry):
    base = registry.base
    result = ingest_text(INVENTED, Metadata(slug="cms-text", language="en", home_instrument="cms"), registry,
                         base, kind="treaty")
    g = result.graph
    art1, point = URIRef(base + "id/cms/art/1"), URIRef(base + "id/cms/art/1.1.i")
    assert (art1, RDF.type, TG.Article) in g and (point, RDF.type, TG.ArticlePoint) in g
    assert (art1, DCTERMS.title, Literal("Interpretation", lang="en")) in g
    assert (art1, ELI.is_part_of, URIRef(base + "id/cms")) in g
    assert (point, ELI.is_part_of, URIRef(base + "id/cms/art/1.1")) in g
    assert (point, TG.number, Literal("1.1(i)")) in g
    assert str(g.value(point, TG.text)).startswith("i) ninth point")
    assert (URIRef(base + "id/cms/annex/I"), RDF.type, TG.Annex) in g


def test_treaty_and_resolution_graphs_conform_to_the_shapes(registry, settings):
    from treatygraph.validate import load_ontology, load_shapes, validate_graph

    shapes, ontology = load_shapes(settings, "data"), load_ontology(settings)
    cases = [
        ((CORPUS / "treaties" / "cbd.en.md"), "cbd", "treaty"),
        (next((CORPUS / "un" / "ga-resolution" / "A-RES-78-272").glob("*/text.txt")), None, "resolution"),
    ]
    for path, home, kind in cases:
        result = ingest_text(path.read_text(encoding="utf-8"),
                             Metadata(slug=f"{kind}-text", language="en", home_instrument=home),
                             registry, registry.base, kind=kind)
        g = Graph()
        for t in registry.graph:
            g.add(t)
        for t in result.graph:
            g.add(t)
        report = validate_graph(g, shapes, ontology, name=kind)
        assert report.conforms, report.text()


ANNEX_WITH_ARTICLES = """# Convention on Migratory Species

### Article 1

####Use of terms

1. For the purposes of this Convention:

(a) "Range" means the areas a species crosses.

### Article 2

####Objective

The objective is the one of Article 1.

### Annex  I

####Regional annex

### Article  1

####Purpose

This annex applies to the region.

### Article  2

####Particular conditions

The Parties shall consider:

a) the conditions of the region;

b) the other conditions.

### Article  3

####Programmes

The programmes take account of the conditions referred to in article 2 a).

They apply Article 1, paragraph 1 a) of the Convention.

They follow Article 7.

They apply the Convention, in particular its article 2, and article 1 of this Annex.

They assess article 1 and other related provisions of the Convention.
"""


def test_an_unqualified_article_inside_an_annex_with_its_own_articles(registry):
    from treatygraph.ingest.rdf import extract_mentions

    _, mentions = extract_mentions(ANNEX_WITH_ARTICLES, registry, "cms", registry.base, "cms-text", kind="treaty")
    assert [(m.text, (m.target_uri or "").replace(registry.base, "")) for m in mentions] == [
        ("Article 1", "id/cms/art/1"),  # outside the annex, nothing changes
        ("article 2 a)", "id/cms/annex/I/art/2.a"),  # the annex's own article, with its point
        ("Article 1, paragraph 1 a) of the Convention", "id/cms/art/1.1.a"),  # its owner after its point
        ("Article 7", "id/cms/art/7"),  # an article the annex does not have: the treaty's
        ("article 2", "id/cms/art/2"),  # "its article 2", after naming the Convention
        ("article 1", "id/cms/annex/I/art/1"),  # "of this Annex"
        ("article 1", "id/cms/art/1"),  # an instrument named later in the clause
    ]


def test_an_article_of_an_annex_named_before_it(registry):
    from treatygraph.ingest.rdf import extract_mentions

    text = ANNEX_WITH_ARTICLES.replace("####Objective\n\nThe objective is the one of Article 1.",
                                       "####Objective\n\nThe objective is the one of Annex I, article 2.")
    _, mentions = extract_mentions(text, registry, "cms", registry.base, "cms-text", kind="treaty")
    at = text.index("Annex I, article 2") + len("Annex I, ")
    assert [m.target_uri.replace(registry.base, "") for m in mentions if m.start == at] == ["id/cms/annex/I/art/2"]
