"""Property tests: no input crashes the segmenter or the extractor; offsets always slice to the quote."""

from hypothesis import HealthCheck, given, settings, strategies as st

from treatygraph.ingest.rdf import extract_mentions
from treatygraph.ingest.segment import segment

# Text built from the pieces citations and layouts are made of, plus anything at all.
PIECES = st.sampled_from([
    "第", " ", "条", "段", "号决议", "号决定", "号文件", "决定", "决议", "和", "、", "至", "，", "。", "\n", "\n\n",
    "《条约》", "《公约》", "《生物多样性公约》", "管理机构", "缔约方大会", "同上", "Article ", "decision ",
    "Resolutions ", "paragraphs ", "paragraph ", " and ", " to ", ", ", "; ", "CBD ", "CITES ", "COP ",
    "Target ", "Aichi Biodiversity Targets", "UNEP/CBD/COP/DEC/", "NEP/CBD/", "IT/GB-5/11/", "报告",
    "XI/6", "11/6", "8/2011", "19.3", "(g)", "(1)", "Conf. 10.4", "(Rev. CoP17)", "30 COM 6", "1/CP.21",
    "42(d)", "IX”/……", "¹", "²³", "1. ", "- i) ", "I. ", "目录", "附录 1: 标题", "**", "<p>", "</p>", "\t",
    "2012-14", "http://x.org/a/b", "www.cbd.int/blg",
])
TEXTS = st.one_of(st.lists(PIECES, max_size=40).map("".join), st.text(max_size=300))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_segmenter_never_crashes_and_spans_are_in_range(text):
    seg = segment(text)
    for part in seg.parts:
        for a, b in part.spans:
            assert 0 <= a <= b <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXTS)
def test_extractor_never_crashes_and_offsets_slice_to_quote(registry, text):
    _, mentions = extract_mentions(text, registry, "itpgrfa")
    for m in mentions:
        assert text[m.start:m.end] == m.text and m.text
        assert m.target_uri is not None or m.warnings


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 16), st.integers(1, 40), st.booleans(), st.sampled_from(["en", "zh"]))
def test_cbd_decision_numbers_follow_the_numbering_rule(registry, session, n, roman, lang):
    """Whatever numerals a text uses, a CBD decision gets the numerals of its time (Roman to COP 13)."""
    written = f"{ROMAN[session - 1] if roman else session}/{n}"
    text = f"CBD decision {written} applies" if lang == "en" else f"《生物多样性公约》决定 {written} 指出"
    _, mentions = extract_mentions(text, registry, "itpgrfa")
    assert len(mentions) == 1
    expected = f"{ROMAN[session - 1]}-{n}" if session <= 13 else f"{session}-{n}"
    assert mentions[0].target_uri.endswith(f"/id/cbd/decision/{expected}")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 99), min_size=1, max_size=5, unique=True))
def test_paragraph_lists_give_one_mention_per_number(registry, numbers):
    words = ", ".join(map(str, numbers[:-1])) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
    text = f"decision X/20, paragraph{'s' if len(numbers) > 1 else ''} {words}."
    _, mentions = extract_mentions(text, registry, "cbd")
    paras = [m.target_uri.rsplit("/", 1)[1] for m in mentions if m.kind == "decision-paragraph"]
    assert paras == [str(k) for k in numbers]
