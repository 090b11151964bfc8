"""The report layout on every SBI/SBSTA report of the shared corpus."""

from collections import Counter

import pytest

from treatygraph.ingest.layouts import LAYOUTS
from treatygraph.ingest.layouts.decisions import looks_like_decisions
from treatygraph.ingest.layouts.report import looks_like_report, segment_report


@pytest.fixture(scope="module")
def reports(shared_dir):
    files = sorted((shared_dir / "corpus" / "unfccc").glob("sb*/*.txt"))
    assert len(files) >= 25
    return {p.name: (t := p.read_text(encoding="utf-8"), segment_report(t)) for p in files}


def test_registered():
    assert "report" in LAYOUTS


def test_paragraphs_are_numbered_in_sequence_from_wherever_they_start(reports):
    for name, (text, seg) in reports.items():
        numbers = [int(p.number) for p in seg.parts if p.kind == "para" and len(p.steps) == 1
                   and "." not in p.steps[0][1]]
        assert len(numbers) >= 15, name
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), name
    text, seg = reports["SBSTA50_report.txt"]  # a report continued from elsewhere: starts at 11
    assert min(int(p.number) for p in seg.parts if p.kind == "para" and len(p.steps) == 1) == 11


def test_every_part_is_the_text_between_its_offsets_with_one_path(reports):
    for name, (text, seg) in reports.items():
        assert not [s for s, n in Counter(p.steps for p in seg.parts).items() if n > 1], name
        for p in seg.parts:
            assert p.ref is None  # the report's own parts: id/doc/{slug}/...
            assert p.text(text) == text[p.start:p.end], name


def test_sections_items_and_annexes(reports):
    text, seg = reports["sbi2019_9.txt"]
    by = {p.steps: p for p in seg.parts}
    assert by[(("section", "I"),)].title == "Opening of the session"
    assert by[(("section", "II.A"),)].title == "Adoption of the agenda"
    assert by[(("para", "1"),)].text(text).startswith("1.\tSBI 50 was held")
    assert by[(("para", "4"),)].text(text).startswith("4.\tOn a proposal by the Chair")  # its agenda list is text
    assert any(k == (("annex", "I"),) for k in by)
    # the table of contents is skipped
    assert seg.skipped and seg.skipped[0][0] == 0 and by[(("section", "I"),)].start >= seg.skipped[0][1]


def test_recognised_from_the_text(reports, shared_dir, doc_path):
    for name, (text, _) in reports.items():
        assert looks_like_report(text) and not looks_like_decisions(text), name
    for path in sorted((shared_dir / "corpus" / "unfccc").glob("c*/*.txt")):
        assert not looks_like_report(path.read_text(encoding="utf-8")), path.name
    assert not looks_like_report(doc_path.read_text(encoding="utf-8"))
