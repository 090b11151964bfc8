"""One work, six languages: the BBNJ Agreement's six texts as one instrument (issue 14, points 3 and 4).

Reads the real texts in ``../shared/corpus/un/bbnj-agreement-2023*``; invented
texts check each language's headings on their own.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from treatygraph import identifiers as ids
from treatygraph.ingest.expressions import SKOSXL, definition_name
from treatygraph.ingest.layouts.treaty import segment_treaty
from treatygraph.ingest.metadata import Metadata
from treatygraph.ingest.rdf import ingest_text
from treatygraph.named_queries import load_named_queries
from treatygraph.namespaces import ELI, TG
from treatygraph.store.oxigraph import OxigraphStore

LANGS = ("en", "fr", "es", "ru", "zh", "ar")
#: Article headings the Arabic OCR lost (the text runs on without "المادة 32" / "المادة 69").
AR_LOST_HEADINGS = {"32", "69"}


def _path(shared_dir, lang):
    folder = "bbnj-agreement-2023" + ("" if lang == "en" else f"-{lang}")
    return shared_dir / "corpus" / "un" / folder / "2023-06-19" / "text.txt"


@pytest.fixture(scope="module")
def texts(shared_dir):
    paths = {lang: _path(shared_dir, lang) for lang in LANGS}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        pytest.skip(f"BBNJ texts not found: {missing}")
    return {lang: p.read_text(encoding="utf-8") for lang, p in paths.items()}


@pytest.fixture(scope="module")
def segmented(texts, registry):
    return {lang: segment_treaty(t, registry=registry, home="bbnj", lang=lang) for lang, t in texts.items()}


def _provisions(seg, depth=None):
    return {p.ref.steps: p for p in seg.parts
            if isinstance(p.ref, ids.Provision) and (depth is None or len(p.ref.steps) == depth)}


def test_every_language_gives_articles_1_to_76(segmented):
    for lang, seg in segmented.items():
        numbers = {s[0] for s in _provisions(seg, 1)}
        expected = {str(n) for n in range(1, 77)} - (AR_LOST_HEADINGS if lang == "ar" else set())
        assert numbers == expected, lang
        assert all(p.lang == lang for p in seg.parts), lang


def test_paragraphs_align_with_the_english(segmented):
    en = set(_provisions(segmented["en"], 2))
    for lang in ("fr", "es", "ru", "zh"):
        other = set(_provisions(segmented[lang], 2))
        assert len(other & en) / len(en) >= 0.95, lang
    # the OCR'd Arabic, its paragraph marks out of place: articles read whole, no paragraph placed wrong
    assert not _provisions(segmented["ar"], 2)


ART_52 = {"en": "Funding", "fr": "Financement", "es": "Financiación", "ru": "Финансирование", "zh": "供资",
          "ar": "التمويل"}


def test_titles_of_article_52(segmented):
    for lang, seg in segmented.items():
        assert _provisions(seg, 1)[("52",)].title == ART_52[lang], lang
    assert _provisions(segmented["zh"], 1)[("51",)].title == "信息交换机制"


def test_run_in_titles_end_where_the_text_starts(segmented):
    """Titles printed on the line of the first sentence (fr, es, ru, zh, ar)."""
    arts = {lang: _provisions(seg, 1) for lang, seg in segmented.items()}
    assert arts["fr"][("2",)].title == "Objectif général"
    assert arts["es"][("3",)].title == "Ámbito de aplicación"
    assert arts["ru"][("4",)].title == "Исключения"
    assert arts["zh"][("2",)].title == "一般目标"
    assert arts["zh"][("62",)].title == "本协定之非缔约方"
    assert arts["ar"][("3",)].title == "نطاق الانطباق"
    assert arts["fr"][("1",)].title == "Emploi des termes"  # "Article premier"


# ------------------------------------------------------------------ graph


@pytest.fixture(scope="module")
def store(texts, registry):
    graphs = {}
    for lang, text in texts.items():
        meta = Metadata(slug=f"bbnj-text-{lang}", language=lang, home_instrument="bbnj", kind="treaty",
                        title={lang: text.strip().splitlines()[0]})
        result = ingest_text(text, meta, registry, registry.base, kind="treaty")
        graphs[result.graph_uri] = result.graph
    s = OxigraphStore.from_graphs(graphs)
    yield s, graphs
    s.close()


@pytest.fixture(scope="module")
def queries(project_root):
    return load_named_queries(project_root / "queries")



def test_cq_c23_title_of_article_52_in_six_languages(store, queries, shared_dir, registry):
    s, _ = store
    gold = {q["id"]: q for q in json.loads((shared_dir / "gold" / "corpus_competency_questions.json").read_text())}
    result = queries["provision-titles"].run(s, {"provision": "id/bbnj/art/52"}, registry.base)
    got = {f"{row['title']}@{row['lang']}" for row in result.dicts()}
    assert all(row.get("expression") is not None for row in result.dicts())
    assert got == set(gold["CQ-C23"]["answer"])


def test_cq_c25_article_by_chinese_title(store, queries, shared_dir, registry):
    s, _ = store
    gold = {q["id"]: q for q in json.loads((shared_dir / "gold" / "corpus_competency_questions.json").read_text())}
    result = queries["provision-by-title"].run(s, {"title": "信息交换机制"}, registry.base)
    rows = result.dicts()
    assert [ids.path_of(ids.parse(str(r["provision"]), registry.base)) for r in rows] == ["id/bbnj/art/51"]
    assert gold["CQ-C25"]["answer"] == ["bbnj/article/51"]
    assert str(rows[0]["lang"]) == "zh"


def test_expressions_realize_the_work(store, registry):
    _, graphs = store
    g = Graph()
    for part in graphs.values():
        g += part
    base = registry.base
    art = URIRef(ids.mint(ids.Provision("bbnj", ("52",)), base))
    exprs = set(g.objects(art, ELI.is_realized_by))
    assert exprs == {URIRef(ids.mint(ids.Expression(ids.Provision("bbnj", ("52",)), lang), base)) for lang in LANGS}
    for e in exprs:
        assert (e, RDF.type, ELI.LegalExpression) in g
        assert (e, ELI.realizes, art) in g
        lang = str(g.value(e, DCTERMS.language))
        assert g.value(e, ELI.is_part_of) == URIRef(ids.mint(ids.Expression(ids.Entity("bbnj"), lang), base))
        assert g.value(e, TG.startOffset) is not None
    texts = {t.language for t in g.objects(art, TG.text)}
    assert texts == set(LANGS)
    assert not list(g.objects(art, TG.startOffset))  # offsets are each language version's own
    para = URIRef(ids.mint(ids.Provision("bbnj", ("52", "1")), base))
    fr_para = URIRef(ids.mint(ids.Expression(ids.Provision("bbnj", ("52", "1")), "fr"), base))
    assert (fr_para, ELI.is_part_of, URIRef(ids.mint(ids.Expression(ids.Provision("bbnj", ("52",)), "fr"), base))) in g
    assert {t.language for t in g.objects(para, TG.text)} >= {"en", "fr", "es", "ru", "zh"}
    whole = URIRef(ids.mint(ids.Entity("bbnj"), base))
    assert {str(g.value(e, DCTERMS.language)) for e in g.objects(whole, ELI.is_realized_by)} == set(LANGS)
    # the Russian decode's control character does not reach a literal
    assert not any("\x12" in str(o) for o in g.objects(None, TG.text))


def test_labels_stated_by_the_texts_with_their_source(store, registry):
    _, graphs = store
    g = Graph()
    for part in graphs.values():
        g += part
    base = registry.base
    bbnj, unclos = (URIRef(ids.mint(ids.Entity(c), base)) for c in ("bbnj", "unclos"))
    assert {lab.language for lab in g.objects(bbnj, SKOS.altLabel)} == set(LANGS)
    unclos_langs = {lab.language for lab in g.objects(unclos, SKOS.altLabel)}
    assert unclos_langs >= {"en", "fr", "es", "zh"}
    assert Literal("Convention des Nations Unies sur le droit de la mer", lang="fr") in set(g.objects(unclos, SKOS.altLabel))
    for node in g.objects(unclos, SKOSXL.altLabel):
        assert (node, TG.extracted, Literal(True)) in g
        source = g.value(node, PROV.wasDerivedFrom)
        # the definition of "the Convention": paragraph 5 of Article 1; the Chinese text letters
        # its definitions as points, （五） is point (e)
        assert str(source).rsplit("/id/", 1)[1] in ("bbnj/art/1.5", "bbnj/art/1.e"), source


@pytest.mark.parametrize("par,name", [
    ("5. “Convention” means the United Nations Convention on the Law of the Sea of 10 December 1982.",
     "United Nations Convention on the Law of the Sea"),
    ("5. « Convention » la Convention des Nations Unies sur le droit de la mer du 10 décembre 1982.",
     "Convention des Nations Unies sur le droit de la mer"),
    ("（五）“《公约》”是指1982年12月10日《联合国海洋法公约》。", "联合国海洋法公约"),
    ("Nothing is defined here.", None),
])
def test_definition_name(par, name):
    assert definition_name(par) == name


# ------------------------------------------------------------------ invented texts


INVENTED = {
    "fr": "ACCORD INVENTÉ\n\nPRÉAMBULE Les Parties, Rappelant ceci, Sont convenues de ce qui suit :\n\n"
          "PARTIE I\nDISPOSITIONS\n\nArticle premier\nObjet Le présent Accord vise.\n\nArticle 2\nFinancement\n\n"
          "1. Chaque Partie fournit.\n\n2. Le mécanisme comporte :\n\na) Un fonds ;\n\nb) Un autre fonds.\n\n"
          "Article 3\nFin\n\n1. Rien.\n",
    "es": "ACUERDO INVENTADO\n\nPREÁMBULO Las Partes, Recordando esto, Han convenido en lo siguiente:\n\n"
          "PARTE I\nDISPOSICIONES\n\nArtículo 1\nObjeto El presente Acuerdo.\n\nArtículo 2\nFinanciación\n\n"
          "1. Cada Parte.\n\n2. El mecanismo:\n\na) Un fondo;\n\nb) Otro.\n\nArtículo 3\nFin\n\n1. Nada.\n",
    "ru": "ПРИДУМАННОЕ СОГЛАШЕНИЕ\n\nПРЕАМБУЛА Стороны, ссылаясь на это, согласились о нижеследующем:\n\n"
          "ЧАСТЬ I\nПОЛОЖЕНИЯ\n\nСтатья 1\nЦель Настоящее Соглашение.\n\nСтатья 2\nФинансирование\n\n"
          "1. Каждая Сторона.\n\n2. Механизм:\n\na) фонд;\n\nb) другой.\n\nСтатья 3\nКонец\n\n1. Ничто.\n",
    "zh": "虚构协定\n\n序言本协定各缔约方，兹协议如下：\n\n第一部分一般规定\n\n第一条目标本协定的目标是测试。\n\n"
          "第二条供资\n\n一、每一缔约方应提供。\n\n二、该机制应包括：\n\n（一）一项基金；\n\n（二）另一项基金：\n\n"
          "1．缴款；\n\n2．付款。\n\n第三条结束\n\n一、无。\n",
    "ar": "اتفاق مخترع\n\nإنّ الأطراف، الديباجة إذ تشير\n\nالأول أحكام عامة\n\n"
          "المادة 1 الهدف الهدف من هذا الاتفاق هو الاختبار.\n\n"
          "المادة 2 التمويل - 1 يقدم كل طرف. - 2 تشمل الآلية: (أ) صندوقا؛ (ب) صندوقا آخر.\n\n"
          "المادة ٣ النهاية - 1 لا شيء.\n",
}


@pytest.mark.parametrize("lang", sorted(INVENTED))
def test_invented_text_in_each_language(lang):
    seg = segment_treaty(INVENTED[lang], inst="bbnj", lang=lang)
    paths = {ids.path_of(p.ref) for p in seg.parts if p.ref is not None}
    assert {"id/bbnj/art/1", "id/bbnj/art/2", "id/bbnj/art/3", "id/bbnj/art/2.1", "id/bbnj/art/2.2",
            "id/bbnj/art/2.2.a", "id/bbnj/art/2.2.b", "id/bbnj/art/3.1", "id/bbnj/part/I"} <= paths, paths
    arts = _provisions(seg, 1)
    assert arts[("2",)].title == {"fr": "Financement", "es": "Financiación", "ru": "Финансирование", "zh": "供资",
                                  "ar": "التمويل"}[lang]
    if lang == "zh":
        assert "id/bbnj/art/2.2.b.ii" in paths  # "2．" under a point is its sub-point (ii)


def test_a_cross_reference_is_not_a_heading():
    """``第十七条所述的`` at the start of a line, ``附件七`` in a sentence: not article 17, not annex VII."""
    text = ("虚构协定\n\n第一条目标\n\n一、测试。\n\n第二条范围\n\n一、见\n\n第一条所述的内容。\n\n"
            "附件七仲裁法庭；\n\n第三条结束\n\n一、无。\n\n附件一标准\n\n（一）独特性。\n")
    seg = segment_treaty(text, inst="bbnj", lang="zh")
    paths = {ids.path_of(p.ref) for p in seg.parts if p.ref is not None}
    assert {"id/bbnj/art/1", "id/bbnj/art/2", "id/bbnj/art/3", "id/bbnj/annex/I"} <= paths
    assert "id/bbnj/annex/VII" not in paths


def test_two_language_versions_conform_to_the_shapes(store, registry, settings):
    from treatygraph.validate import load_ontology, load_shapes, validate_graph

    _, graphs = store
    g = Graph()
    for t in registry.graph:
        g.add(t)
    for uri, part in graphs.items():  # two versions: one title and one text per language on a shared provision
        if uri.endswith(("-fr", "-zh")):
            g += part
    report = validate_graph(g, load_shapes(settings, "data"), load_ontology(settings), name="bbnj-fr-zh")
    assert report.conforms, report.text()[:3000]


def test_the_shapes_catch_two_titles_in_one_language(settings):
    from treatygraph.validate import load_ontology, load_shapes, validate_graph

    data = """
    @prefix tg: <https://w3id.org/treatygraph/ontology#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    @prefix eli: <http://data.europa.eu/eli/ontology#> .
    <https://w3id.org/treatygraph/id/bbnj/art/52> a tg:Article ; dcterms:title "Funding"@en , "Finance"@en .
    <https://w3id.org/treatygraph/id/bbnj/art/52/text/en> a tg:Expression ; dcterms:language "en" .
    """
    report = validate_graph(Graph().parse(data=data, format="turtle"), load_shapes(settings, "data"),
                            load_ontology(settings), name="bad")
    messages = " ".join(v.message for v in report.errors())
    assert "one title per language" in messages
    assert "realizes exactly one work" in messages


def test_each_language_version_names_its_instrument_by_its_title(texts, registry):
    from treatygraph.ingest.layouts.treaty import instrument_of

    for lang, text in texts.items():
        assert instrument_of(text, registry) == "bbnj", lang


def test_a_document_is_a_work_with_its_language_version(settings, registry, doc_path):
    """The first document (zh only): ``id/doc/{key}/text/zh`` realizes it; an English file of the same
    document would add ``…/text/en`` beside it, not a second document."""
    from treatygraph.ingest.rdf import ingest_document

    result = ingest_document(doc_path, registry, settings)
    doc = URIRef(ids.mint(ids.Document(result.key), registry.base))
    versions = list(result.graph.objects(doc, ELI.is_realized_by))
    assert versions == [URIRef(ids.mint(ids.Expression(ids.Document(result.key), "zh"), registry.base))]
    assert (versions[0], DCTERMS.language, Literal("zh")) in result.graph
