"""A decision page shows the clause model (clauses per paragraph, the decision network);
an article page shows how its citations spread over the years, as a picture and a table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from treatygraph.charts import year_bars, year_range
from treatygraph.http.pages.decisions import function_label

HTML = {"Accept": "text/html"}


def _section(html: str, id_: str) -> str:
    start = html.index(f'id="{id_}"')
    return html[start:html.index("</section>", start)]


def test_decision_page_lists_clauses_with_verb_addressee_and_object(reader):
    r = reader.get("/page/unfccc/decision/1-CP.21?lang=en", headers=HTML)
    assert r.status_code == 200
    clauses = _section(r.text, "clauses")
    assert re.search(r"<h2>Clauses \(\d+\)</h2>", clauses)
    # preambular paragraph 1 recalls decision 1/CP.17, and the object links to it
    row = re.search(r'href="/page/unfccc/decision/1-CP.21/pp/1">preambular paragraph 1</a></th>(.*?)</tr>', clauses)
    assert row and 'class="verb"' in row.group(1) and "Recalling" in row.group(1)
    assert 'href="/page/unfccc/decision/1-CP.17"' in row.group(1)
    # some clause addresses an agent, linked to its page and named in words, not as a URI
    addressees = re.findall(r'<a class="addressee" href="([^"]+)">([^<]+)</a>', clauses)
    assert addressees and all(href.startswith("/page/") and "http" not in name for href, name in addressees)
    assert 'id="clauses-pager"' in clauses  # more paragraphs than one page shows


def test_clauses_are_paged_by_paragraph(reader):
    first = _section(reader.get("/page/unfccc/decision/1-CP.21?lang=en", headers=HTML).text, "clauses")
    second = _section(reader.get("/page/unfccc/decision/1-CP.21?lang=en&clauses=2", headers=HTML).text, "clauses")
    para = re.compile(r'scope="rowgroup"><a href="([^"]+)"')
    assert para.findall(first) and para.findall(second)
    assert not set(para.findall(first)) & set(para.findall(second))


def test_decision_network_both_ways_with_paragraph_and_function(reader):
    html = reader.get("/page/unfccc/decision/1-CP.21?lang=en", headers=HTML).text
    net = _section(html, "decision-network")
    cites = net[net.index('id="network-cites"'):]
    assert 'href="/page/unfccc/decision/1-CP.17"' in cites
    assert 'href="/page/unfccc/decision/1-CP.21/para/' in cites  # the paragraph that cites
    assert "cites as authority" in cites  # a function the text states ("pursuant to")
    # the other way: decision 1/CP.17's page names 1/CP.21 as a later decision citing it
    back = _section(reader.get("/page/unfccc/decision/1-CP.17?lang=en", headers=HTML).text, "decision-network")
    later = back[back.index('id="network-cited-by"'):]
    assert 'href="/page/unfccc/decision/1-CP.21"' in later and 'href="/page/unfccc/decision/1-CP.21/' in later


def test_decision_page_words_in_the_reader_language(reader):
    html = reader.get("/page/unfccc/decision/1-CP.21?lang=fr", headers=HTML).text
    assert "Réseau des décisions" in html and "<th>Verbe</th>" in html


def test_function_labels():
    assert function_label("http://purl.org/spar/cito/citesAsAuthority") == "cites as authority"
    assert function_label("https://w3id.org/treatygraph/ontology#amends") == "amends"


def test_year_bars_draw_every_year_between_the_first_and_the_last():
    svg = year_bars({2013: 3, 2016: 1}, "Citations by year")
    root = ET.fromstring(svg)  # well-formed
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f".//{ns}rect")) == 4  # 2013, 2014, 2015, 2016
    titles = [t.text for t in root.iter(f"{ns}title")]
    assert "2014: 0" in titles and "2013: 3" in titles
    assert root.get("role") == "img" and root.get("aria-label") == "Citations by year"
    assert year_range({}) == [] and year_bars({}, "x") == ""


def test_article_page_shows_citations_by_year_as_picture_and_table(reader):
    html = reader.get("/page/itpgrfa/art/19.3.g?lang=en", headers=HTML).text
    chart = html[html.index('id="years-chart"'):html.index("</div>", html.index('id="years-chart"'))]
    assert "<svg" in chart and "2013: 3" in chart
    table = html[html.index('id="years-table"'):html.index("</table>", html.index('id="years-table"'))]
    assert re.search(r"<td>2013</td><td class=\"num\">1</td><td class=\"num\">3</td>", table)
    zh = reader.get("/page/itpgrfa/art/19.3.g?lang=zh", headers=HTML).text
    assert "按年份的引用" in zh
