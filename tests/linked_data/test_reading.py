"""Pages for reading, on corpus documents (decision 1/CP.21 and the Paris Agreement, the CBD,
the first document): names in the reader's language, search reading citations and text,
outlines in document order, citations in context, the way down from instrument to paragraph,
the styled error page."""

from __future__ import annotations

import re
from html import unescape

import pytest

from treatygraph.http.pages import labels, language, text
from treatygraph.identifiers import DEFAULT_BASE

B = DEFAULT_BASE


def main_text(html: str) -> str:
    body = html.split("<main>", 1)[-1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def section(html: str, ident: str) -> str:
    """The element with ``id=ident`` up to the next section heading (rough, enough for tests)."""
    at = html.index(f'id="{ident}"')
    ends = [i for i in (html.find("</section>", at), html.find('<h2 id="', at + 10), html.find("</main>", at))
            if i > 0]
    return html[at:min(ends)]


# ---- names --------------------------------------------------------------------------------


@pytest.mark.parametrize("path, lang, expected", [
    ("id/itpgrfa/art/19.3.g", "en", "Article 19, paragraph 3 (g)"),
    ("id/itpgrfa/art/19.3.g", "zh", "第19条第3款(g)项"),
    ("id/itpgrfa/art/19.3.g", "fr", "Article 19, paragraphe 3 (g)"),
    ("id/cbd/art/8.j", "en", "Article 8 (j)"),
    ("id/bbnj/art/52", "ru", "Статья 52"),
    ("id/bbnj/art/52", "ar", "المادة 52"),
    ("id/doc/itpgrfa-gb-5-item-13/annex/3/pp/1", "en", "Annex 3 › preambular paragraph 1"),
    ("id/unfccc/decision/1-CP.21/para/31.d", "en", "Decision 1/CP.21 › paragraph 31 (d)"),
    ("id/cbd/decision/X-20", "en", "Decision X/20"),
    ("id/cbd/decision/X-20", "es", "Decisión X/20"),
    ("id/cbd/decision/X-20", "zh", "第X/20号决定"),
    ("id/doc/FCCC/CP/2015/10/Add.1", "en", "FCCC/CP/2015/10/Add.1"),
])
def test_parts_are_named_as_people_name_them(path, lang, expected):
    assert labels.name_of(B + path, B, [lang, "en"]) == expected


@pytest.mark.parametrize("path, whole, lang, expected", [
    ("id/unfccc/decision/1-CP.21/pp/1", "id/unfccc/decision/1-CP.21", "en", "preambular paragraph 1"),
    ("id/doc/x/annex/3/pp/1", "id/doc/x/annex/3", "en", "preambular paragraph 1"),
    ("id/unfccc/art/4.1.d", "id/unfccc/art/4", "en", "paragraph 1 (d)"),
    ("id/unfccc/art/4.1", "id/unfccc/art/4", "zh", "第1款"),
])
def test_a_part_is_named_within_its_whole(path, whole, lang, expected):
    assert labels.name_within(B + path, B + whole, B, [lang]) == expected


def test_a_label_in_the_readers_language_falls_back_to_english_then_any():
    from rdflib import Literal

    values = [Literal("Convention", lang="en"), Literal("公约", lang="zh"), Literal("Convención", lang="es")]
    assert str(labels.pick(values, ["zh", "en"])) == "公约"
    assert str(labels.pick(values, ["ru", "en"])) == "Convention"
    assert str(labels.pick([Literal("公约", lang="zh")], ["fr", "en"])) == "公约"


def test_accept_language_is_read_by_quality():
    assert language._accept_language("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5") == ["fr", "fr", "en", "de"]
    assert language._accept_language("zh;q=0, ar") == ["ar"]
    assert language._accept_language("") == []


def test_markup_is_stripped_and_passages_cut_around_the_mention():
    assert text.clean("**Article 1**\n| a | b |\n|---|---|\n| c | **d** |\n### Use of terms") == \
        "Article 1\na · b\nc · d\nUse of terms"
    long = "An opening sentence of no interest. " * 20 + "Recalling Article 19.3(g) of the Treaty, the Body acts. " \
        + "A closing sentence of no interest. " * 20
    at = long.index("Article 19.3(g)")
    before, marked, after, cut_before, cut_after = text.passage(long, at, at + 15)
    assert marked == "Article 19.3(g)" and before.endswith("Recalling ") and cut_before and cut_after
    assert len(before) + len(after) < 2 * text.CONTEXT + 40


def test_natural_order():
    assert sorted(["fn/10", "fn/2", "fn/1", "para/3.b", "para/12"], key=text.natural_key) == \
        ["fn/1", "fn/2", "fn/10", "para/3.b", "para/12"]


# ---- language switch ----------------------------------------------------------------------


def test_pages_follow_accept_language_and_the_switch_sets_a_cookie(reader):
    zh = reader.get("/page/unfccc/decision/1-CP.21", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert zh.status_code == 200 and '<html lang="zh"' in zh.text
    assert "第1/CP.21号决定" in zh.text and "Accept-Language" in zh.headers["vary"]
    switched = reader.get("/page/unfccc/decision/1-CP.21", params={"lang": "fr"})
    assert '<html lang="fr"' in switched.text and "Décision 1/CP.21" in switched.text
    assert "lang=fr" in switched.headers["set-cookie"] and switched.headers["cache-control"] == "no-store"
    # the cookie keeps the choice on the next page, over the browser's Accept-Language
    again = reader.get("/page/cbd/art/8.j", headers={"Accept-Language": "zh"})
    assert '<html lang="fr"' in again.text
    switch = re.search(r'<nav class="langs".*?</nav>', again.text, re.S).group(0)
    assert len(re.findall(r"<a ", switch)) == 6 and 'aria-current="true"' in switch
    arabic = reader.get("/", params={"lang": "ar"})
    assert 'dir="rtl"' in arabic.text


# ---- search -----------------------------------------------------------------------------


@pytest.mark.parametrize("q, target", [
    ("Article 19.3(g)", "/page/itpgrfa/art/19.3.g"),
    ("第 19.3(g) 条", "/page/itpgrfa/art/19.3.g"),
    ("decision X/20", "/page/cbd/decision/X-20"),
    ("1/CP.21, paragraph 53", "/page/unfccc/decision/1-CP.21/para/53"),
    ("decision 1/CP.21", "/page/unfccc/decision/1-CP.21"),
    ("article 8(j) CBD", "/page/cbd/art/8.j"),
    ("CBD Article 8(j)", "/page/cbd/art/8.j"),
    ("Paris Agreement Article 6.2", "/page/paris/art/6.2"),
    ("article 4 UNFCCC", "/page/unfccc/art/4"),
    ("A/RES/70/1", "/page/unga/resolution/70-1"),
])
def test_a_citation_goes_to_what_it_cites(reader, q, target):
    r = reader.get("/search", params={"q": q}, follow_redirects=False)
    assert r.status_code == 303, main_text(r.text)[:300]
    assert r.headers["location"] == target


def test_a_citation_of_several_instruments_lists_them(reader):
    """"Article 2" names an article of every instrument with one: those the graph holds are offered."""
    r = reader.get("/search", params={"q": "Article 2"}, follow_redirects=False)
    assert r.status_code == 200
    candidates = re.findall(r'<a href="(/page/[^"]+)"', section(r.text, "candidates"))
    assert {"/page/cbd/art/2", "/page/paris/art/2"} <= set(candidates)


def test_text_search_ranks_passages_and_shows_the_match(reader):
    r = reader.get("/search", params={"q": "genetic resources"})
    assert r.status_code == 200
    passages = section(r.text, "passages")
    assert passages.count("<li>") >= 3
    marks = [m.lower() for m in re.findall(r"<mark>(.*?)</mark>", passages)]
    assert "genetic" in marks and "resources" in marks
    # a name matches too (the Nagoya Protocol's title holds both words)
    assert "/page/nagoya" in section(r.text, "names")


def test_text_search_in_chinese_reads_substrings(reader):
    r = reader.get("/search", params={"q": "生物多样性"})
    assert "<mark>生物多样性</mark>" in section(r.text, "passages")
    short = reader.get("/search", params={"q": "条约"})  # shorter than a trigram: scanned
    assert "<mark>条约</mark>" in section(short.text, "passages")


def test_text_results_are_paged(reader):
    first = reader.get("/search", params={"q": "Parties"})
    total = int(re.search(r'id="passages-title">In the text \((\d+)\)', first.text).group(1))
    assert total > 20
    pager = re.search(r'<nav class="pager" id="passages-pager".*?</nav>', first.text, re.S).group(0)
    nxt = unescape(re.search(r'href="([^"]+)" rel="next"', pager).group(1))
    second = reader.get(nxt)
    one = re.findall(r'<div class="meta"><a href="([^"]+)"', section(first.text, "passages"))
    two = re.findall(r'<div class="meta"><a href="([^"]+)"', section(second.text, "passages"))
    assert one and two and not set(one) & set(two)


def test_text_search_skips_the_citation_reading_when_asked(reader):
    r = reader.get("/search", params={"q": "decision 1/CP.21", "text": "1"}, follow_redirects=False)
    assert r.status_code == 200 and 'id="passages"' in r.text


def test_the_index_is_a_file_beside_the_build_and_is_reopened(tmp_path, reading_store, project_root):
    from treatygraph.search.index import SCHEMA_VERSION, SearchIndex

    path = tmp_path / "store.search.sqlite"
    built = SearchIndex.build(reading_store, project_root / "queries", path)
    assert path.is_file() and built.count("passages") > 500
    reopened = SearchIndex.open(path)
    assert reopened is not None and reopened.passages("Paris Agreement")[0] > 0
    reopened.conn.close()
    built.conn.close()
    import sqlite3

    with sqlite3.connect(path) as c:
        c.execute("UPDATE meta SET value = 'old' WHERE key = 'schema'")
    assert SearchIndex.open(path) is None, "an index of another schema is rebuilt, not read"
    assert SCHEMA_VERSION != "old"


# ---- pages for reading ---------------------------------------------------------------


def test_a_decision_is_headed_by_what_it_is_and_where_it_comes_from(reader):
    html = reader.get("/page/unfccc/decision/1-CP.21").text
    h1 = unescape(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
    assert h1 == "Decision 1/CP.21 of the Conference of the Parties to the UNFCCC (COP 21, Paris, 2015)"
    assert "Adoption of the Paris Agreement" in re.search(r'<p class="subtitle">(.*?)</p>', html).group(1)


def test_a_decision_page_is_its_outline_in_order_with_text_and_citations(reader):
    html = reader.get("/page/unfccc/decision/1-CP.21").text
    outline = section(html, "outline")
    names = [unescape(n) for n in re.findall(r'class="part-name" href="[^"]+">([^<]+)</a>', outline)]
    assert names[:3] == ["preambular paragraph 1", "preambular paragraph 2", "preambular paragraph 3"]
    # the text of each paragraph and what it cites, linked
    assert "Recalling decision 1/CP.17" in outline
    assert 'href="/page/unfccc/decision/1-CP.17"' in outline
    # paged: 260 parts, 60 a page
    assert 'id="outline-pager"' in html
    later = reader.get("/page/unfccc/decision/1-CP.21", params={"outline": 2}).text
    later_names = re.findall(r'class="part-name" href="([^"]+)"', section(later, "outline"))
    assert later_names and not set(later_names) & set(re.findall(r'class="part-name" href="([^"]+)"', outline))
    # the whole text of the decision is not repeated above its outline
    assert 'id="text"' not in html


def test_a_document_outline_is_in_natural_order(reader):
    html = reader.get("/page/doc/itpgrfa-gb-5-item-13", params={"outline": 3}).text
    hrefs = re.findall(r'class="part-name" href="([^"]+)"', html)
    for page in (1, 2, 4):
        hrefs += re.findall(r'class="part-name" href="([^"]+)"',
                            reader.get("/page/doc/itpgrfa-gb-5-item-13", params={"outline": page}).text)
    footnotes = [h for h in hrefs if "/fn/" in h]
    numbers = [int(h.rsplit("/", 1)[1]) for h in footnotes if h.rsplit("/", 1)[1].isdigit()]
    assert numbers and 10 in numbers and 2 in numbers
    assert "/page/doc/itpgrfa-gb-5-item-13/fn/2" in hrefs


def test_a_citation_is_shown_with_the_passage_around_it_without_markup(reader):
    html = reader.get("/page/cbd/decision/X-20").text
    cited = html.split('id="cited-by"', 1)[1]
    assert "**" not in main_text(html)
    for block in re.findall(r'<div class="citation">(.*?)</div>\s*</div>', cited, re.S)[:10]:
        passage = re.search(r'<p class="text"[^>]*>(.*?)</p>', block, re.S)
        if passage:
            assert "<mark>" in passage.group(1) and len(unescape(re.sub(r"<[^>]+>", "", passage.group(1)))) < 1200


def test_an_article_shows_its_text_and_who_cites_it_grouped(reader):
    html = reader.get("/page/paris/art/6").text
    assert "Parties recognize that some Parties choose to pursue voluntary cooperation" in html
    r = reader.get("/page/unfccc/art/4")
    groups = section(r.text, "cited-by-groups")
    row = re.search(r"<tr><td>.*?COP 21.*?</tr>", groups, re.S).group(0)
    assert "2015" in row and re.search(r'<td class="num">\d+</td>', row)
    assert 'id="citers"' in r.text


def test_the_way_down_from_an_instrument_to_a_paragraph(reader):
    instrument = reader.get("/page/unfccc").text
    assert 'href="/page/unfccc/cop"' in section(instrument, "bodies")
    body = reader.get("/page/unfccc/cop").text
    sessions = section(body, "sessions")
    assert 'href="/page/unfccc/cop/21"' in sessions and "Paris" in sessions and "2015-11-30" in sessions
    session = reader.get("/page/unfccc/cop/21").text
    assert unescape(re.search(r"<h1>(.*?)</h1>", session).group(1)) == \
        "COP 21 of the Conference of the Parties to the UNFCCC (Paris, 2015)"
    assert 'href="/page/unfccc/decision/1-CP.21"' in section(session, "acts")
    decision = reader.get("/page/unfccc/decision/1-CP.21", params={"outline": 2}).text
    assert re.search(r'href="/page/unfccc/decision/1-CP.21/para/\d+"', decision)


def test_the_home_page_says_what_is_in_the_graph(reader):
    html = reader.get("/").text
    instruments = section(html, "instruments")
    assert "Paris Agreement" in instruments and "Convention on Biological Diversity" in instruments
    assert "Conference of the Parties to the UNFCCC" in section(html, "bodies")
    assert 'id="counts"' in html
    documents = section(html, "documents")
    assert "Report of the Conference of the Parties on its twenty-first session" in documents  # a title, not a URI


def test_errors_are_pages_with_navigation_and_search(reader):
    r = reader.get("/page/cbd/art/999", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert '<link rel="stylesheet" href="/static/style.css">' in r.text
    assert 'action="/search"' in r.text and '<nav aria-label="Site">' in r.text
    assert "no resource" in r.text
    assert reader.get("/page/cbd/art/999", headers={"Accept": "application/json"}).json()["error"]["status"] == 404


def test_the_index_reads_a_capped_store_in_pages(reading_store, project_root):
    """A SPARQL server cuts answers at its row cap (Virtuoso's ResultSetMaxRows) and says so:
    the index then reads the ordered dump page by page, and holds every name and passage."""
    from dataclasses import replace

    from treatygraph.search.index import SearchIndex

    class CappedStore:
        """The real store behind a server's row cap of 500 solutions."""

        path = None

        def query(self, sparql, **kwargs):
            result = reading_store.query(sparql, **kwargs)
            if result.kind == "select" and len(result.rows) > 500:
                return replace(result, rows=result.rows[:500], truncated=True)
            return result

    whole = SearchIndex.build(reading_store, project_root / "queries")
    paged = SearchIndex.build(CappedStore(), project_root / "queries")
    assert paged.count("names") == whole.count("names") > 500
    assert paged.count("passages") == whole.count("passages") > 500
    assert paged.passages("Paris Agreement")[0] == whole.passages("Paris Agreement")[0]
