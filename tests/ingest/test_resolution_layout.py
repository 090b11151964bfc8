"""The General Assembly layout on the corpus's resolutions and decision."""

from pathlib import Path

import pytest

from treatygraph import identifiers as ids
from treatygraph.ingest.layouts.resolution import act_of, looks_like_general_assembly_act, segment_resolution

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"  # as tests/conftest.py SHARED
FILES = sorted((CORPUS / "un").glob("ga-*/*/*/text.txt"))
#: operative paragraphs as printed
OPERATIVE = {"77/321": 6, "78/272": 17, "79/271": 9, "80/107": 12}


@pytest.mark.parametrize("path", FILES, ids=[p.parts[-3] for p in FILES])
def test_every_general_assembly_text(path, registry):
    text = path.read_text(encoding="utf-8")
    seg = segment_resolution(text, registry)
    act = act_of(text, registry)
    assert seg.parts
    for p in seg.parts:
        assert len(p.spans) == 1 and p.text(text) == text[p.start:p.end] and p.text(text).strip() == p.text(text)
        assert (p.ref is None) == (act is None)
        if p.ref is not None:
            assert p.ref.parent == act
    if act is None:  # the draft decision A/78/L.102 does not print its number
        assert "draft decision" in text[:1000]
        return
    number = act.number.replace("-", "/")
    assert ids.path_of(act) == f"id/unga/resolution/{act.number}"
    assert f"A/RES/{number}" in text[:300]  # the number agrees with the printed symbol
    ops = [p for p in seg.parts if p.kind == "op" and "." not in p.steps[0][1]]
    assert [p.number for p in ops] == [str(k) for k in range(1, OPERATIVE[number] + 1)]
    pps = [p for p in seg.parts if p.kind == "pp"]
    assert pps[0].text(text).startswith("The General Assembly, Recalling")
    assert all(p.text(text)[0].isupper() for p in pps)
    assert seg.is_skipped(text.index(f"{number}. "))  # the title line is no citing text


def test_invented_resolution(registry):
    text = ("United Nations A/RES/70/1 General Assembly Distr.: General\n\n"
            "Resolution adopted by the General Assembly on 25 September 2015\n\n"
            "70/1. Transforming our world\n\n"
            "The General Assembly, Recalling its resolution 69/315, Noting the outcome,\n\n"
            "1. Adopts the following:\n\n(a) first item;\n\n(b) second item;\n\n2. Decides to remain seized.\n")
    seg = segment_resolution(text, registry)
    paths = [ids.path_of(p.ref) for p in seg.parts]
    assert paths == ["id/unga/resolution/70-1/pp/1", "id/unga/resolution/70-1/pp/2",
                     "id/unga/resolution/70-1/para/1", "id/unga/resolution/70-1/para/1.a",
                     "id/unga/resolution/70-1/para/1.b", "id/unga/resolution/70-1/para/2"]
    assert seg.parts[2].text(text) == "1. Adopts the following:\n\n(a) first item;\n\n(b) second item;"


def test_a_number_that_contradicts_the_symbol_gives_no_identity(registry):
    text = "United Nations A/RES/70/1 General Assembly\n\n70/2. Something\n\nThe General Assembly,\n\n1. Decides.\n"
    assert act_of(text, registry) is None


def test_recognised_from_the_text(settings):
    for p in FILES:
        assert looks_like_general_assembly_act(p.read_text(encoding="utf-8"))
    first = (settings.documents_dir / "itpgrfa-gb-5-item-13.zh.txt").read_text(encoding="utf-8")
    assert not looks_like_general_assembly_act(first)
    for p in (CORPUS / "treaties").glob("*.md"):
        assert not looks_like_general_assembly_act(p.read_text(encoding="utf-8"))
