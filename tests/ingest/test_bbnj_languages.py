"""The six language versions of the BBNJ Agreement cite the same things (issue 14's measure).

Figures and the disagreements left are printed by
``python -m treatygraph.ingest.cite.agreement``; docs/ingestion.md lists them with their reasons.
"""

import pytest

from treatygraph.ingest.cite.agreement import LANGS, measure

#: what the Agreement may cite: itself, UNCLOS, the implementing agreements (by title or by their
#: parts), the General Assembly
ALLOWED = ("id/bbnj/", "id/unclos/", "id/unclos-part-xi/", "id/unfsa/", "id/unga/")
ALLOWED_TITLES = {"id/unclos", "id/unclos-part-xi", "id/unfsa"}
#: the agreement reached now, per language (a floor against regressions; the goal is 0.95)
FLOOR = {"fr": 0.98, "es": 0.98, "ru": 0.91, "ar": 0.98, "zh": 0.99}


@pytest.fixture(scope="module")
def bbnj(shared_dir, registry):
    corpus = shared_dir / "corpus" / "un"
    if not (corpus / "bbnj-agreement-2023-fr").is_dir():
        pytest.skip("the BBNJ texts are not in the shared corpus")
    return measure(corpus, registry)


def test_english_cites_at_least_100(bbnj):
    assert sum(bbnj["totals"]["en"].values()) >= 100


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_outside_the_agreement_unclos_and_the_general_assembly(bbnj, lang):
    outside = [t for t in bbnj["totals"][lang] if not t.startswith(ALLOWED) and t not in ALLOWED_TITLES]
    assert not outside, outside


@pytest.mark.parametrize("lang", [x for x in LANGS if x != "en"])
def test_agreement_with_english_floor(bbnj, lang):
    assert bbnj["agreement"][lang] >= FLOOR[lang], bbnj["agreement"]


#: why a language does not reach issue 14's goal yet (docs/ingestion.md lists every disagreement left)
GOAL_GAPS = {
    "ru": "the Russian text lost its annex numerals in extraction ('Приложении ,,', 'Приложений 9, 9,,'): "
          "10 citations no grammar may guess",
}


@pytest.mark.parametrize("lang", [pytest.param(x, marks=[pytest.mark.xfail(strict=False, reason=GOAL_GAPS[x])]
                                               if x in GOAL_GAPS else []) for x in LANGS if x != "en"])
def test_agreement_with_english_goal(bbnj, lang):
    """Every version but the Russian reaches issue 14's goal (what French and Spanish still differ on: English
    and Chinese say "an Annex VII arbitral tribunal" without naming UNCLOS, French and Spanish name it)."""
    assert bbnj["agreement"][lang] >= 0.95


def test_articles_cite_the_same_in_every_version(bbnj):
    """Article by article: a share of the articles cite exactly the same targets in all six versions."""
    assert len(bbnj["same_articles"]) >= 0.8 * len(bbnj["articles"])
