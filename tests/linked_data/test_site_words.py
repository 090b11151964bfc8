"""The site's own words (headings, navigation, pager) come from one catalogue, in the six UN
languages, chosen with the page's language."""

from __future__ import annotations

import re
import string

import pytest

from treatygraph.http.pages.language import LANGUAGES
from treatygraph.http.pages.messages import MESSAGES, Words
from treatygraph.http.pages.templating import TEMPLATES

_USED = re.compile(r"""\bt\.(?:fmt\(\s*["'](\w+)["']|(\w+))""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_word_is_in_all_six_languages_with_the_same_placeholders():
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(t.strip() for t in texts.values()), key
        assert len({frozenset(_fields(t)) for t in texts.values()}) == 1, f"{key}: placeholders differ"


def test_every_word_a_template_asks_for_is_in_the_catalogue():
    used = set()
    for path in TEMPLATES.glob("*.html"):
        for fmt_key, key in _USED.findall(path.read_text(encoding="utf-8")):
            used.add(fmt_key or key)
    used.discard("fmt")
    assert used, "no template uses the catalogue"
    assert used - set(MESSAGES) == set()
    with pytest.raises(AttributeError):
        Words("fr").no_such_word


def test_words_follow_the_language_and_fall_back_to_english():
    assert Words("fr").contents == "Sommaire" and Words("zh").contents == "目录"
    assert Words("xx").contents == "Contents"
    assert Words("ru").fmt("page_of", number=2, pages=7) == "страница 2 из 7"


@pytest.mark.parametrize("lang, nav, heading", [
    ("en", "Ontology", "By instrument"), ("fr", "Ontologie", "Par instrument"),
    ("es", "Ontología", "Por instrumento"), ("ru", "Онтология", "По документам"),
    ("ar", "الأنطولوجيا", "حسب الصك"), ("zh", "本体", "按文书"),
])
def test_home_page_headings_and_navigation_in_the_page_language(client, lang, nav, heading):
    r = client.get(f"/?lang={lang}", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert f'<html lang="{lang}"' in r.text
    assert f'<a href="/ontology">{nav}</a>' in r.text
    assert f'<h2 id="by-instrument">{heading}</h2>' in r.text
    assert f'<button type="submit">{MESSAGES["search"][lang]}</button>' in r.text


def test_accept_language_chooses_the_words_too(reader):
    r = reader.get("/page/unfccc/decision/1-CP.21", headers={"Accept": "text/html", "Accept-Language": "fr"})
    assert r.status_code == 200
    assert "<h2>Sommaire (" in r.text and "Contents (" not in r.text
    r = reader.get("/page/unfccc/art/4?lang=es", headers={"Accept": "text/html"})
    assert "Citado por" in r.text and "Cited by" not in r.text
