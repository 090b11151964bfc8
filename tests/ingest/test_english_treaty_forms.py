"""English treaty-text forms of issue 13/14 (invented sentences, one per form) and the home of
non-English treaty texts read from their titles."""

from pathlib import Path

import pytest

from treatygraph.ingest.cite.common import para_paths
from treatygraph.ingest.layouts import detect_kind
from treatygraph.ingest.metadata import read_header
from treatygraph.ingest.rdf import extract_mentions

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.mark.parametrize("sentence,home,expected", [
    # a section of a part, between commas, before its owner
    ("1. The procedures provided for in Part XV, section 2, of the Convention apply.", "bbnj",
     [("Part XV, section 2, of the Convention", "id/unclos/part/XV/section/2")]),
    # a part and annexes sharing one owner ("of and ... to")
    ("1. The provisions of Part XI of and Annexes III and IV to the Convention apply.", "bbnj",
     [("Part XI", "id/unclos/part/XI"), ("III", "id/unclos/annex/III"), ("IV", "id/unclos/annex/IV")]),
    # "paragraphs 2 and 5, and 9": the "and" closed the paragraphs, 9 is the next article
    ("1. Recalling Articles 6, paragraphs 2 and 5, and 9 of the Convention on Biological Diversity.", "cartagena",
     [("Articles 6, paragraphs 2", "id/cbd/art/6.2"), ("5", "id/cbd/art/6.5"), ("9", "id/cbd/art/9")]),
    # an Oxford comma before the last paragraph keeps it a paragraph
    ("1. Recalling Article 6, paragraphs 1, 2, and 4 of the Convention on Biological Diversity.", "cartagena",
     [("Article 6, paragraphs 1", "id/cbd/art/6.1"), ("2", "id/cbd/art/6.2"), ("4", "id/cbd/art/6.4")]),
])
def test_form(cite, sentence, home, expected):
    got = [(text, target) for text, _, target, _ in cite(sentence, home)]
    assert got == expected


INVENTED = """# Convention on the Conservation of Migratory Species of Wild Animals

### Article 1

1. Each Party shall act.

2. Each Party shall:

(a) report;

(b) review:

(i) its plans;

(ii) its laws.

3. The review under paragraph 2 (b) (ii) above and the report under paragraph (2) (a) above are public.

4. Nothing in paragraph 2 (b) (iv) above applies.

### Article 2

1. Text.

### Article 3

1. Text.
"""


def test_sub_points_and_bracketed_paragraphs_within_an_article(registry):
    _, mentions = extract_mentions(INVENTED, registry, "cms", kind="treaty")
    got = {m.text: m.target_uri.replace(registry.base, "") if m.target_uri else None for m in mentions}
    assert got["paragraph 2 (b) (ii)"] == "id/cms/art/1.2.b.ii"
    assert got["paragraph (2) (a)"] == "id/cms/art/1.2.a"
    assert got["paragraph 2 (b) (iv)"] is None  # the article has no such sub-point: unresolved


def test_paragraph_paths():
    assert para_paths("4 (b) (i)") == ["4.b.i"]
    assert para_paths("(2) (j)") == ["2.j"]
    assert para_paths("42(d)") == ["42.d"]
    assert para_paths("17(g–j)") == ["17.g", "17.h", "17.i", "17.j"]


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar", "zh"])
def test_non_english_treaty_finds_its_home_from_its_title(registry, lang):
    text = next((CORPUS / "un" / f"bbnj-agreement-2023-{lang}").glob("*/text.txt")).read_text(encoding="utf-8")
    assert read_header(text, registry).home == "bbnj"
    # the treaty layout reads them all, the OCR'd Arabic too (its articles kept whole)
    assert detect_kind(text) == "treaty"


def test_russian_citation_word_broken_with_a_tight_hyphen(cite):
    got = [(text, target) for text, _, target, _ in cite(
        "1. Поправка, принятая в соответствии со ста-тьей 47, и как отражено в ста-тье 27. "
        "Информационно-координационный механизм.", "bbnj")]
    assert got == [("ста-тьей 47", "id/bbnj/art/47"), ("ста-тье 27", "id/bbnj/art/27")]
