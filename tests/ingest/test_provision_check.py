"""An article whose instrument the resolver inferred stays unresolved when that instrument's ingested
text has no such provision (``ingest/resolve/provisions.py``); invented sentences and texts."""

import json

import pytest
from treaty_texts import UNFCCC_ARTICLES_1_TO_3 as TREATY

from treatygraph import identifiers as ids

from treatygraph.ingest.layouts import segment_as
from treatygraph.ingest.rdf import extract_mentions
from treatygraph.ingest.resolve import ProvisionIndex, corpus_provisions
from treatygraph.ingest.resolve.provisions import provisions_of

BASE = "https://w3id.org/treatygraph/id/"

#: texts as a treaty layout reads them: UNFCCC Article 2 without numbered paragraphs, Article 3 with two;
#: the Paris Agreement's Article 3 with two; an UNCLOS whose layout missed paragraph 3 of article 161
INDEX = ProvisionIndex.from_provisions({
    "unfccc": [("2",), ("3", "1"), ("3", "2"), ("3", "2", "a")],
    "paris": [("3",), ("3", "1"), ("3", "2")],
    "unclos": [("161",), ("161", "1"), ("161", "2"), ("161", "4"), ("161", "1", "a")],
})


@pytest.fixture(scope="module")
def cite(registry):
    def run(text: str, home: str, provisions=INDEX):
        _, mentions = extract_mentions(text, registry, home, provisions=provisions)
        return {m.text: ((m.target_uri or "")[len(BASE):] or None, m.warnings) for m in mentions}

    return run


def test_an_article_inferred_from_a_name_in_its_sentence_is_checked(cite):
    text = "1. Noting the Kyoto Protocol, adopted under the Convention, and in particular Article 2, paragraph 5, of it."
    assert cite(text, "unfccc", None)["Article 2, paragraph 5"][0] == "unfccc/art/2.5"  # the nearest name wins
    target, warnings = cite(text, "unfccc")["Article 2, paragraph 5"]
    assert target is None
    assert warnings == ["unresolved: the ingested text of unfccc has no paragraph 5 in Article 2 (its paragraphs: "
                        "none numbered), and unfccc was inferred from a name before it in its sentence, not named"]


def test_an_article_of_the_home_instrument_is_checked_to_its_numbered_paragraph_not_its_points(cite):
    got = cite("1. The Subsidiary Body noted Article 3, paragraph 9, Article 3, paragraph 2(a), and "
               "Article 3, paragraph 1(z).", "unfccc")
    assert got["Article 3, paragraph 9"][0] is None
    assert "inferred from the home instrument" in got["Article 3, paragraph 9"][1][0]
    assert got["Article 3, paragraph 2(a)"] == ("unfccc/art/3.2.a", [])
    assert got["Article 3, paragraph 1(z)"] == ("unfccc/art/3.1.z", [])  # points are not checked


def test_an_inserted_paragraph_says_an_amendment_may_hold_it(cite):
    target, warnings = cite("1. The Parties recalled Article 3, paragraph 7 ter.", "unfccc")["Article 3, paragraph 7 ter"]
    assert target is None
    assert "a paragraph an amendment inserted? its text is not ingested" in warnings[0]


def test_an_instrument_the_sentence_names_keeps_its_link_with_a_warning(cite):
    got = cite("1. The Parties noted Article 3, paragraph 9, of the Paris Agreement.", "unfccc")
    assert got["Article 3, paragraph 9, of the Paris Agreement"] == (
        "paris/art/3.9", ["the ingested text of paris has no paragraph 9 in Article 3 (its paragraphs: 1, 2); "
                          "linked as the document names it"])


def test_a_text_read_with_gaps_is_checked_at_the_article_only(cite):
    assert INDEX.complete == {"unfccc", "paris"}
    got = cite("1. The Council acts under Article 161, paragraph 8, and Article 999.", "unclos")
    assert got["Article 161, paragraph 8"] == ("unclos/art/161.8", [])  # the layout missed paragraphs of 161
    assert got["Article 999"][0] is None
    assert got["Article 999"][1] == ["unresolved: the ingested text of unclos has no Article 999, and unclos was "
                                     "inferred from the home instrument, not named"]


def test_an_instrument_without_an_ingested_text_is_not_checked(cite):
    got = cite("1. The Parties noted Article 45 and Article 2, paragraph 5.", "cbd")
    assert got["Article 45"] == ("cbd/art/45", [])
    # the same sentence in a document under the UNFCCC is checked against the Convention's text
    assert cite("1. The Parties noted Article 45 and Article 2, paragraph 5.", "unfccc")["Article 45"][0] is None


def test_the_index_holds_what_a_treaty_text_segments(registry, tmp_path):
    held = provisions_of(segment_as(TREATY, "treaty", registry=registry))
    assert held == {"unfccc": {("1",), ("1", "1"), ("1", "2"), ("2",), ("3",), ("3", "1"), ("3", "2")}}
    index = ProvisionIndex.from_provisions(held)
    assert index.complete == {"unfccc"}
    assert index.missing(ids.Provision("unfccc", ("2", "1")))

    treaty = tmp_path / "unfccc.en.md"
    treaty.write_text(TREATY, encoding="utf-8")
    note = tmp_path / "note.en.txt"
    note.write_text("1. The Parties noted Article 3, paragraph 9.\n", encoding="utf-8")
    cache = tmp_path / "provisions"
    first = corpus_provisions([(treaty, "k1"), (note, "k2")], registry, cache)
    assert first == index and first.fingerprint == index.fingerprint
    assert json.loads((cache / "k2.json").read_text()) == {}  # not a treaty text: nothing segmented
    # a second build reads the cached entry (here made to say more), and drops the entries of files gone
    (cache / "k1.json").write_text(json.dumps({"unfccc": [["1"], ["9"]]}), encoding="utf-8")
    second = corpus_provisions([(treaty, "k1")], registry, cache)
    assert set(second.articles["unfccc"]) == {"1", "9"} and second.fingerprint != first.fingerprint
    assert sorted(p.name for p in cache.iterdir()) == ["k1.json"]


#: the same text under the Kyoto Protocol's title (the corpus's Kyoto text predates the Doha Amendment)
KYOTO = TREATY.replace("# United Nations Framework Convention on Climate Change",
                       "# Kyoto Protocol to the United Nations Framework Convention on Climate Change")


def test_paragraphs_an_amendment_inserted_are_provisions_where_the_registry_says_so(registry, tmp_path):
    """The corpus's Kyoto text predates the Doha Amendment; the registry's curated ``eli:amended_by``
    facts make its inserted paragraphs provisions, so a CMP decision's bare "Article 3, paragraph 7 ter"
    keeps its link, while the same words in a text whose home is the Convention stay unresolved."""
    kyoto, unfccc = tmp_path / "kyoto.en.md", tmp_path / "unfccc.en.md"
    kyoto.write_text(KYOTO, encoding="utf-8")
    unfccc.write_text(TREATY, encoding="utf-8")
    index = corpus_provisions([(kyoto, "k1"), (unfccc, "k2")], registry)
    assert {"1", "2", "7ter", "1bis"} <= index.articles["kyoto"]["3"]
    assert "7ter" not in index.articles["unfccc"]["3"]
    text = "1. Recalling Article 3, paragraph 7 ter, and Article 3, paragraph 9 bis."
    _, mentions = extract_mentions(text, registry, "kyoto", provisions=index)
    got = {m.text: ((m.target_uri or "")[len(BASE):] or None) for m in mentions}
    assert got["Article 3, paragraph 7 ter"] == "kyoto/art/3.7ter"
    assert got["Article 3, paragraph 9 bis"] is None  # no amendment the registry knows inserted it
    _, mentions = extract_mentions(text, registry, "unfccc", provisions=index)
    assert all(m.target_uri is None for m in mentions if m.text.startswith("Article 3"))


def test_amended_provisions_do_not_start_the_check_of_an_instrument_without_text(registry, tmp_path):
    unfccc = tmp_path / "unfccc.en.md"
    unfccc.write_text(TREATY, encoding="utf-8")
    index = corpus_provisions([(unfccc, "k2")], registry)
    assert not index.has_text("kyoto")
