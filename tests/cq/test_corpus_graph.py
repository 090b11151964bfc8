"""The whole bundled corpus, built once (``corpus_build``): every document builds, and the
graph holds what issue 15 names (decisions with their paragraphs, provisions with text,
links across documents). Vocabulary checks on the embedded store; the HTTP answers on both
stores are the competency questions' (test_corpus_questions.py)."""

import pytest

ELI = "http://data.europa.eu/eli/ontology#"
TG = "https://w3id.org/treatygraph/ontology#"


def _ask(store, base, text: str) -> bool:
    return bool(store.query(f"PREFIX eli: <{ELI}> PREFIX tg: <{TG}> BASE <{base}> " + text).boolean)


def _count(store, base, text: str) -> int:
    return int(store.query(f"PREFIX eli: <{ELI}> PREFIX tg: <{TG}> BASE <{base}> " + text).rows[0][0])


def test_every_document_of_the_corpus_builds(corpus_build):
    settings, summary = corpus_build
    assert summary.ok and not summary.skipped, summary.text()
    from treatygraph.build import document_files

    assert summary.documents == len(document_files(settings)) >= 87  # the bundle as of issue 15


def test_unfccc_family_decisions_with_paragraphs(built_store, built_settings):
    decisions = _count(built_store, built_settings.base, """
        SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
          ?d a tg:Decision . ?p eli:is_part_of ?d ; a tg:ActParagraph .
          FILTER(REGEX(STR(?d), "/decision/[0-9]+-(CP|CMP|CMA)\\\\.[0-9]+$"))
        }""")
    assert decisions >= 240


@pytest.mark.parametrize("path", ["id/cbd/art/8.j", "id/paris/art/6.2", "id/itpgrfa/art/19.3.g",
                                  "id/unclos/art/76",
                                  "id/unfccc/art/4.1.c", "id/unfccc/decision/1-CP.21/para/53"])
def test_provisions_and_paragraphs_have_text(path, built_store, built_settings):
    assert _ask(built_store, built_settings.base, f"ASK {{ <{path}> tg:text ?text }}"), path


@pytest.mark.parametrize("citing, cited", [("id/paris/decision/8-CMA.1", "id/paris/art/6"),
                                           ("id/nagoya", "id/cbd/art/15")])
def test_links_across_documents(citing, cited, built_store, built_settings):
    assert _ask(built_store, built_settings.base,
                f"ASK {{ ?part eli:is_part_of* <{citing}> ; eli:cites ?x . ?x eli:is_part_of* <{cited}> }}")


def test_general_assembly_resolution_paragraphs(built_store, built_settings):
    assert _count(built_store, built_settings.base,
                  "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p eli:is_part_of <id/unga/resolution/78-272> ; "
                  "tg:text ?t }") >= 5


def test_the_first_documents_citers_of_article_19_3_g(built_store, built_settings):
    parts = built_store.query(
        f"PREFIX eli: <{ELI}> BASE <{built_settings.base}> SELECT DISTINCT ?part WHERE {{ "
        "?part eli:cites <id/itpgrfa/art/19.3.g> ; eli:is_part_of* <id/doc/itpgrfa-gb-5-item-13> }").rows
    assert len(parts) == 3
