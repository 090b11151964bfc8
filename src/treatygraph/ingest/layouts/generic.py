"""The generic layout: numbered paragraphs anywhere, an unnumbered introduction kept.

Used when no other layout recognises a document. It reads what nearly every
UN or MEA document has, and nothing more:

- an introduction: the text before the first numbered paragraph, minus a
  table of contents, is part ``part/1`` (citable);
- sections: Roman-numbered headings (``I.``, ``II.`` …, after tabs or table
  pipes) are ``section/{n}`` (containers, not citable);
- paragraphs: lines opening with ``N.`` where ``N`` continues the sequence
  (the first may be any number, so a document numbered from 3 on is read);
  unnumbered lines that follow belong to the paragraph until the next
  paragraph, section or annex heading: ``para/{n}``;
- annexes: an ``Annex``/``ANNEX``/``附件``/``Annexe``/``Anexo`` heading line opens
  ``annex/{k}`` (numbered as printed: ``I``, ``II``; a sole unnumbered annex is
  ``1``); numbered paragraphs inside it restart and are ``annex/{k}/para/{n}``.

Without a single numbered paragraph the whole text is ``part/1``.
"""

from __future__ import annotations

import re

from ..model import Segment
from ..segment import Segmentation, detect_lang, split_lines
from . import layout

_LEAD = r"^[\s|]*"
_PARA = re.compile(_LEAD + r"(\d{1,3})\.(?:\s+|\t)(?=\S)")
_SECTION = re.compile(_LEAD + r"([IVXL]{1,6})\.\s+\S")
_ANNEX = re.compile(_LEAD + r"(?:Annex|ANNEX|Annexe|ANNEXE|Anexo|ANEXO|附件|附录)(?:\s+([IVXL]{1,6}|\d{1,2}))?\s*[|]?\s*$")
_CONTENTS = re.compile(_LEAD + r"(?:Contents|CONTENTS|Table of contents|Table des matières|Índice|目录|目\s*录)\s*[|]?\s*$")


def _roman_value(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, c in enumerate(s):
        v = vals[c]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


@layout("generic")
def segment_generic(text: str) -> Segmentation:
    """Segment any document by its numbered paragraphs (see the module docstring)."""
    lines = split_lines(text)
    parts: list[Segment] = []
    skipped: list[tuple[int, int]] = []
    starts: list[tuple[int, str, str | None]] = []  # (line index, what, number)
    contents_at = next((ln.index for ln in lines[:200] if _CONTENTS.match(ln.text)), None)
    first_para_line = None
    expected: int | None = None
    annex_count = 0
    in_annex = False
    for ln in lines:
        m_annex = _ANNEX.match(ln.text)
        if m_annex:
            annex_count += 1
            starts.append((ln.index, "annex", m_annex.group(1)))
            expected, in_annex = None, True
            continue
        m = _PARA.match(ln.text)
        if m:
            n = int(m.group(1))
            if expected is None or n == expected:
                if contents_at is not None and ln.index > contents_at and first_para_line is None and n != 1:
                    continue  # a table of contents' own numbers
                starts.append((ln.index, "para", str(n)))
                first_para_line = ln.index if first_para_line is None else first_para_line
                expected = n + 1
                continue
        m_sec = _SECTION.match(ln.text)
        if m_sec and not in_annex and (first_para_line is not None or contents_at is None):
            starts.append((ln.index, "section", str(_roman_value(m_sec.group(1)))))
    if contents_at is not None:
        end_line = first_para_line if first_para_line is not None else len(lines)
        # the table of contents ends at the first section or paragraph heading after it that repeats a title
        toc_end = next((i for i, what, _ in starts if what in ("section", "para") and i > contents_at), end_line)
        skipped.append((lines[contents_at].start, lines[toc_end - 1].end if toc_end > contents_at else lines[contents_at].end))
    if first_para_line is None:
        parts.append(Segment("part", (("part", "1"),), [(0, len(text))], lang=detect_lang(text), number="1"))
        return Segmentation(text, lines, parts, [], skipped)

    intro_end = min(i for i, _, _ in starts)
    intro_lo = lines[intro_end].start
    if text[:intro_lo].strip():
        spans = _minus(0, _rstrip(text, intro_lo), skipped)
        if spans:
            parts.append(Segment("part", (("part", "1"),), spans, lang=detect_lang(text[:intro_lo]), number="1"))

    section: Segment | None = None
    annex: Segment | None = None
    seen_annex_numbers: set[str] = set()
    for k, (i, what, number) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        a = lines[i].start
        b = _rstrip(text, lines[stop - 1].end if stop - 1 >= i else lines[i].end)
        if b <= a:
            b = lines[i].end
        lang = detect_lang(text[a:b])
        if what == "annex":
            n = number or str(annex_count if annex_count > 1 else 1)
            while n in seen_annex_numbers:
                n = n + "b"
            seen_annex_numbers.add(n)
            annex = Segment("annex", (("annex", n),), [(a, b)], number=n, lang=lang,
                            title=lines[i].text.strip(" \t|"))
            parts.append(annex)
            section = None
        elif what == "section":
            steps = (annex.steps if annex else ()) + (("section", number),)
            section = Segment("section", steps, [(a, b)], parent=annex.steps if annex else None, number=number,
                              citable=False, lang=lang, title=lines[i].text.strip(" \t|"))
            if any(p.steps == steps for p in parts):
                continue
            parts.append(section)
        else:
            steps = (annex.steps if annex else ()) + (("para", number),)
            if any(p.steps == steps for p in parts):
                continue
            parent = section.steps if section is not None else annex.steps if annex else None
            parts.append(Segment("para", steps, [(a, b)], parent=parent, number=number, lang=lang))
    # an annex owns its own lines up to its first paragraph; containers span their children
    for p in parts:
        if p.kind in ("annex", "section"):
            children = [q for q in parts if q.parent == p.steps or (q.steps[:len(p.steps)] == p.steps and q is not p)]
            if children:
                p.spans = [(p.start, max(max(q.end for q in children), p.end))] if p.kind == "section" else p.spans
                if p.kind == "annex":
                    first = min(q.start for q in children)
                    own_end = _rstrip(text, first)
                    p.spans = [(p.start, max(own_end, p.start + 1))]
    return Segmentation(text, lines, parts, [], skipped)


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\r\n|":
        end -= 1
    return end


def _minus(a: int, b: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = [(a, b)]
    for x, y in holes:
        out = []
        for s, e in spans:
            if y <= s or x >= e:
                out.append((s, e))
                continue
            if s < x:
                out.append((s, x))
            if y < e:
                out.append((y, e))
        spans = out
    return [(s, e) for s, e in spans if e > s]
