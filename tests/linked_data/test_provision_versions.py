"""A provision's citations are placed in its text by the offsets of its language versions
(``eli:is_realized_by`` → ``{work}/text/{lang}``): provisions carry no offsets themselves."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from treatygraph.http.pages.citing import cited_in_text, citations, versions
from treatygraph.http.pages.view import View
from treatygraph.namespaces import CITO, ELI, TG

B = "https://w3id.org/treatygraph/id/"
ART, CITED = URIRef(B + "zzz/art/2"), URIRef(B + "zzz/art/9")
EN = "See article 9 and article 9 again."
FR = "Voir l’article 9, puis encore l’article 9."


def _graph() -> Graph:
    """An invented two-language provision citing article 9, each citation of the second mention."""
    g = Graph()
    g.add((ART, TG.text, Literal(EN, lang="en")))
    g.add((ART, TG.text, Literal(FR, lang="fr")))
    for lang, start in (("en", 1000), ("fr", 5000)):  # each version's place in its own file
        expr = URIRef(f"{ART}/text/{lang}")
        g.add((ART, ELI.is_realized_by, expr))
        g.add((expr, DCTERMS.language, Literal(lang)))
        g.add((expr, TG.startOffset, Literal(start)))
    for name, start, text in (("c-en", 1000, EN), ("c-fr", 5000, FR)):
        c, at = URIRef(B + name), text.rindex("article 9")
        g.add((c, CITO.hasCitingEntity, ART))
        g.add((c, CITO.hasCitedEntity, CITED))
        g.add((c, TG.quote, Literal("article 9")))
        g.add((c, TG.startOffset, Literal(start + at)))
        g.add((c, TG.endOffset, Literal(start + at + len("article 9"))))
    return g


def test_versions_read_offsets_from_the_expressions(settings):
    found = {v.lang: v.start for v in versions(_graph(), ART)}
    assert found == {"en": 1000, "fr": 5000}


def test_citations_mark_the_mention_at_its_offsets_in_its_language(settings):
    view = View(settings, ["fr", "en"])
    entries = citations(_graph(), CITED, view)
    assert len(entries) == 2 and all(e["has_text"] for e in entries)
    for e in entries:
        # the second mention, not the first occurrence of the quote
        assert e["marked"] == "article 9" and e["before"].endswith(("and ", "encore l’"))
    assert {e["lang"] for e in entries} == {"en", "fr"}


def test_the_cites_section_follows_the_reader_language(settings):
    fr = cited_in_text(_graph(), ART, View(settings, ["fr", "en"]))
    assert fr["lang"] == "fr" and [s["text"] for s in fr["segments"] if s.get("mark")] == ["article 9"]
    assert "".join(s["text"] for s in fr["segments"]).startswith("Voir")
    en = cited_in_text(_graph(), ART, View(settings, ["en"]))
    assert en["lang"] == "en"


def test_an_article_page_marks_what_it_cites(reader):
    html = reader.get("/page/paris/art/7.13?lang=en", headers={"Accept": "text/html"}).text
    cites = html[html.index('id="cites"'):]
    assert '<a href="/page/paris/art/7.9" title="Article 7, paragraph 9"><mark>9</mark></a>' in cites
    cited = reader.get("/page/paris/art/7.9?lang=en", headers={"Accept": "text/html"}).text
    assert "paragraphs 7, <mark>9</mark>, 10 and 11" in cited
