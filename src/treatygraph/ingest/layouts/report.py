"""The report layout: sections and numbered paragraphs, numbered from anywhere (kind ``report``).

Recognised by :func:`looks_like_report` (a ``Report of the …`` title or an
``FCCC/SBI``/``FCCC/SBSTA`` symbol, numbered paragraphs in sequence, and not a
decision compilation).

Session reports of the UNFCCC subsidiary bodies (``FCCC/SBI/2019/9``,
``FCCC/SBSTA/2019/5``) as converted from PDF: a symbol block, a title, a table
of contents (skipped), then chapters (``I.``), sub-chapters (``A.``),
paragraphs numbered through the report (the first may be any number: a report
continued from another starts at 3), lettered items to any depth, numbered
sub-headings (``1. Proceedings``) and agenda lists that are not paragraphs
(their numbers break the sequence), annexes (``Annex I``) and footnotes
(``1 FCCC/SBI/2019/1.``, anchored at the digit glued to the word before).

The line machinery is the decision layout's (:mod:`.decisions`): a report is
read like one act whose parts are the document's own, so every segment is a
part of the document (``Segment.ref`` is ``None``; ``id/doc/{slug}/para/12``,
``…/para/12.b``, ``…/section/II.A``, ``…/annex/I/para/3``, ``…/fn/4``), and the
text between the contents and the first paragraph (an unnumbered
introduction) is kept as ``…/part/intro``.
"""

from __future__ import annotations

import re

from ... import identifiers as ids
from ..model import Segment
from ..segment import Segmentation, split_lines
from . import layout
from .decisions import _PARA, _ROMAN_HEAD, _DecisionBuilder, _anchor_footnotes, _content, _rstrip

#: "(Agenda item 1)": a label under a chapter heading, not text
_LABEL = re.compile(r"^\(.*\)$")
#: a stand-in owner while reading; its parts become the document's own
_OWNER = ids.Act("report", "decision", "report")


def looks_like_report(text: str) -> bool:
    """True when ``text`` reads as a report: a ``Report of …`` title and numbered paragraphs in sequence."""
    from .decisions import looks_like_decisions

    head = text[:4000]
    if not re.search(r"\bReport of the\b|FCCC/(?:SBI|SBSTA|SB)/\d{4}/\d+", head) or looks_like_decisions(text):
        return False
    return _body_start(text) is not None


def _body_start(text: str) -> tuple[int, int] | None:
    """``(first body line, first paragraph line)``: the first sentence-long numbered paragraph
    followed by its successor, and the chapter heading just before it; in a report whose
    paragraphs are all short, the first numbered paragraph followed by its successor."""
    lines = split_lines(text)
    contents = [_content(text, ln) for ln in lines]
    return _first_paragraph(contents, 40) or _first_paragraph(contents, 0)


def _first_paragraph(contents: list, shortest: int) -> tuple[int, int] | None:
    for i, c in enumerate(contents):
        m = _PARA.match(c.text)
        if not m or len(c.text) < shortest:
            continue
        n = int(m.group("n"))
        nxt = next((d for d in contents[i + 1:i + 40] if (p := _PARA.match(d.text)) and int(p.group("n")) == n + 1),
                   None)
        if nxt is None:
            continue
        start = i
        for j in range(i - 1, max(-1, i - 8), -1):
            if _ROMAN_HEAD.match(contents[j].text):
                start = j
                break
        return start, i
    return None


def segment_report(text: str) -> Segmentation:
    """Split a report into its parts (see the module docstring)."""
    lines = split_lines(text)
    contents = [_content(text, ln) for ln in lines]
    found = _body_start(text)
    if found is None:
        whole = Segment("part", (("part", "1"),), [(0, len(text))], number="1", lang="en")
        return Segmentation(text, lines, [whole], [], [])
    start, first_para = found
    body = Segment("act", (("report", "body"),), [(contents[start].start, len(text))], lang="en")
    b = _DecisionBuilder(text, _OWNER, body, registry=None)
    b.body.last_para = int(_PARA.match(contents[first_para].text).group("n")) - 1
    intro: Segment | None = None
    for j in range(start, len(lines)):
        c = contents[j]
        if start <= j < first_para and c.text and not _ROMAN_HEAD.match(c.text) and not _LABEL.match(c.text):
            if intro is None:
                intro = Segment("part", (("part", "intro"),), [(c.start, c.end)], number="intro", lang="en")
            else:
                intro.spans[-1] = (intro.spans[-1][0], c.end)
            continue
        b.line(c)
    parts: list[Segment] = ([intro] if intro else [])
    for seg in b.parts + b.footnotes:
        steps = seg.ref.steps
        parent = ids.Part(_OWNER, steps[:-1]).steps if len(steps) > 1 else None
        seg.steps, seg.parent, seg.ref = steps, parent, None
        if seg.kind == "op":
            seg.kind, seg.extra = "para", {}
        parts.append(seg)
    # annexes and sections end where the next one starts
    for kinds in (("annex",), ("section",)):
        heads = [p for p in parts if p.kind in kinds]
        for x, h in enumerate(heads):
            nxt = next((o.start for o in heads[x + 1:] if o.start > h.start), len(text))
            annex_after = [p.start for p in parts if p.kind == "annex" and p.start > h.start]
            stop = min([nxt] + annex_after) if kinds == ("section",) else nxt
            h.spans = [(h.start, _rstrip(text, h.start, stop))]
    _anchor_footnotes(text, body, [p for p in parts if p.kind == "fn"])
    skipped = [(0, contents[start].start)]
    parts.sort(key=lambda p: (p.start, -(p.end - p.start)))
    return Segmentation(text, lines, parts, [], skipped)


@layout("report")
def report_layout(text: str) -> Segmentation:
    """The registered segmenter of reports."""
    return segment_report(text)


__all__ = ["looks_like_report", "segment_report"]
