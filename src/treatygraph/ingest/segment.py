"""Segmentation: split an MEA document's text into addressable parts.

The layout handled is that of UN/MEA meeting documents as extracted from print:
a title block, a summary box of roman-numbered items (``i)``), a table of
contents (read for annex titles, otherwise skipped), sections headed by roman
numerals (``I.``), numbered paragraphs (``12.``) with lettered/roman items,
footnotes whose lines start with superscript digits (``¹²``, numbered through
the document, placed at page breaks so they can interrupt a paragraph), and
annexes. Inside an annex: a draft resolution (preambular paragraphs counted in
order, operative paragraphs as numbered), sub-documents, numbered lists with
lettered items, and tables whose rows are numbered activities with a timeframe
(cells may hold HTML ``<p>`` paragraphs).

Every part gets code-point spans into the decoded file text; nothing here
reads anything but the text.
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, field

from .model import Segment, Steps

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_VALUE = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")
_FN_LINE = re.compile(rf"^([{SUPERSCRIPTS}]+)(?=\s|$)")
_SECTION = re.compile(r"^([IVXL]+)\.\s*(\S.*)$")
_PARA = re.compile(r"^(\d+)\.\s*(?=\S)")
_SUMMARY_ITEM = re.compile(r"^\s*[-•]?\s*([ivx]+)\)\s*")
_ITEM = re.compile(r"^\s*[-•]\s*(?:\(?([ivx]+)\)|\(?([a-z])[.)])\s*")
_TOC_HEAD = re.compile(r"^\s*(目\s*录|contents|table of contents)\s*$", re.I)
_ANNEX_TOC = re.compile(r"^\s*(附录|附件|annex|appendix)\s*(\d+|[IVX]+)\s*[:：.]?\s*(.*?)\s*$", re.I)
_ANNEX_HEAD = re.compile(r"^\s*(附录|附件|annex|appendix)\s*(\d+|[IVX]+)\s*[:：.]?\s*$", re.I)
_DRAFT_RESOLUTION = re.compile(r"决议草案|决定草案|draft (resolution|decision)", re.I)
_END_PUNCT = "。；;：:，,.!?！？"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def superscript_value(run: str) -> int:
    """``'¹⁹' -> 19``."""
    return int("".join(_SUP_VALUE[c] for c in run))


def detect_lang(text: str) -> str:
    """``zh`` when CJK characters are at least as many as Latin words (URLs and symbols ignored)."""
    text = re.sub(r"<?(?:https?://|www\.)\S+", "", text)
    text = re.sub(r"[!-~]*[/\d][!-~]*", " ", text)  # symbols and numbers say nothing about the language
    cjk = len(_CJK.findall(text))
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    if cjk == 0 and words == 0:
        return "zh"
    return "zh" if cjk >= words else "en"


@dataclass
class Line:
    index: int  # 0-based
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class FootnoteMarker:
    number: int
    start: int
    end: int


@dataclass
class Segmentation:
    """The parts of a document, in document order, and its footnote markers."""

    source: str
    lines: list[Line]
    parts: list[Segment]
    markers: list[FootnoteMarker]
    skipped: list[tuple[int, int]]  # ranges that carry no citations (TOC, title block)

    _by_steps: dict | None = field(default=None, init=False, repr=False, compare=False)

    def part(self, steps: Steps) -> Segment | None:
        """The (first) part with these steps; indexed on first use (parts are never added later)."""
        if self._by_steps is None:
            self._by_steps = {}
            for p in self.parts:
                self._by_steps.setdefault(p.steps, p)
        return self._by_steps.get(steps)

    def owned_runs(self) -> list[tuple[int, int, Segment]]:
        """Maximal ranges of text owned by one citable part (the smallest one holding it).

        Parts are ranked largest first (document order among equals); a character belongs to the
        last-ranked part whose spans hold it. Found by a sweep over the spans' ends, not per character."""
        if getattr(self, "_runs", None) is None:
            citable = [p for p in self.parts if p.citable]
            order = sorted(range(len(citable)), key=lambda k: -(citable[k].end - citable[k].start))
            rank = {k: r for r, k in enumerate(order)}
            n = len(self.source)
            spans = sorted((max(a, 0), min(b, n), rank[k], k) for k, p in enumerate(citable) for a, b in p.spans
                           if min(b, n) > max(a, 0))
            points = sorted({x for a, b, _, _ in spans for x in (a, b)})
            active: list[tuple[int, int, int]] = []  # (-rank, end, part): the top owns the text
            runs: list[list] = []
            i = 0
            for x, y in zip(points, points[1:]):
                while i < len(spans) and spans[i][0] == x:
                    heapq.heappush(active, (-spans[i][2], spans[i][1], spans[i][3]))
                    i += 1
                while active and active[0][1] <= x:
                    heapq.heappop(active)
                if not active:
                    continue
                k = active[0][2]
                if runs and runs[-1][1] == x and runs[-1][2] == k:
                    runs[-1][1] = y
                else:
                    runs.append([x, y, k])
            self._runs = [(a, b, citable[k]) for a, b, k in runs]
            self._run_starts = [r[0] for r in self._runs]
        return self._runs

    def citing_part(self, offset: int) -> Segment | None:
        """The smallest citable part whose own text holds ``offset``."""
        runs = self.owned_runs()
        i = bisect.bisect_right(self._run_starts, offset) - 1
        if i >= 0 and runs[i][0] <= offset < runs[i][1]:
            return runs[i][2]
        return None

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset."""
        index = getattr(self, "_line_starts", None)
        if index is None or index[0] is not self.lines or len(index[1]) != len(self.lines):
            index = self._line_starts = (self.lines, [ln.start for ln in self.lines])
        return max(bisect.bisect_right(index[1], offset) - 1, 0) + 1

    def is_skipped(self, offset: int) -> bool:
        """Whether ``offset`` is in one of the ``skipped`` ranges (which may overlap)."""
        index = getattr(self, "_skip_index", None)
        if index is None or index[0] != len(self.skipped):
            ranges = sorted(self.skipped)
            reach, ends = -1, []
            for _, b in ranges:  # the furthest end of the ranges starting at or before each one
                reach = max(reach, b)
                ends.append(reach)
            index = self._skip_index = (len(self.skipped), [a for a, _ in ranges], ends)
        k = bisect.bisect_right(index[1], offset)
        return k > 0 and index[2][k - 1] > offset


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for i, raw in enumerate(text.split("\n")):
        out.append(Line(i, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _norm_title(s: str) -> str:
    return re.sub(r"[\s*:：]+", "", s)


def _roman(n: int) -> str:
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


class _Builder:
    """Accumulates line spans of a part, merging lines separated only by blank lines."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.last_line: dict[int, int] = {}

    def add(self, seg: Segment, line: Line, start: int | None = None, end: int | None = None) -> None:
        a = line.start if start is None else start
        b = line.end if end is None else end
        key = id(seg)
        prev = self.last_line.get(key)
        if (
            prev is not None and seg.spans and start is None
            and all(self.lines[j].blank for j in range(prev + 1, line.index))
        ):
            seg.spans[-1] = (seg.spans[-1][0], b)
        else:
            seg.spans.append((a, b))
        self.last_line[key] = line.index


def _blocks(lines: list[Line], lo: int, hi: int) -> list[tuple[int, int]]:
    """Runs of consecutive non-blank lines in [lo, hi) as (first, last+1) indexes."""
    out, i = [], lo
    while i < hi:
        if lines[i].blank:
            i += 1
            continue
        j = i
        while j < hi and not lines[j].blank:
            j += 1
        out.append((i, j))
        i = j
    return out


def _footnote_lines(lines: list[Line], lo: int) -> dict[int, int]:
    """Map line index -> footnote number for every line belonging to a footnote.

    A footnote is a line starting with superscript digits. A following
    non-footnote line continues it when the footnote so far ends with a colon
    (a list or a URL follows) or when the next non-blank line is another
    footnote (the block of a page's footnotes is contiguous); otherwise the
    body text resumes after the page break.
    """
    out: dict[int, int] = {}
    current: int | None = None
    last_text = ""
    for i in range(lo, len(lines)):
        ln = lines[i]
        if ln.blank:
            continue
        m = _FN_LINE.match(ln.text)
        if m:
            current = superscript_value(m.group(1))
            out[i] = current
            last_text = ln.text.rstrip()
            continue
        if current is None:
            continue
        nxt = next((lines[j] for j in range(i + 1, len(lines)) if not lines[j].blank), None)
        cont = (
            last_text.endswith((":", "："))
            or (last_text.lstrip().startswith("-") and ln.text.lstrip().startswith("-"))
            or (nxt is not None and _FN_LINE.match(nxt.text) is not None)
        )
        if cont:
            out[i] = current
            last_text = ln.text.rstrip()
        else:
            current = None
    return out


def segment(text: str) -> Segmentation:
    """Split a document's text into parts (see the module docstring)."""
    lines = split_lines(text)
    n = len(lines)
    parts: list[Segment] = []
    skipped: list[tuple[int, int]] = []
    b = _Builder(lines)

    # --- table of contents: annex titles; skipped for citations
    toc_head = next((i for i, ln in enumerate(lines) if _TOC_HEAD.match(ln.text)), None)
    annex_titles: list[str] = []
    section_titles: list[str] = []
    toc_end = None
    if toc_head is not None:
        i = toc_head + 1
        while i < n and lines[i].blank:
            i += 1
        while i < n and not lines[i].blank:
            m = _ANNEX_TOC.match(lines[i].text)
            if m:
                annex_titles.append(m.group(3).strip())
            else:
                s = _SECTION.match(lines[i].text)
                if s:
                    section_titles.append(s.group(2).split("\t")[0].strip())
            i += 1
        toc_end = i
        skipped.append((lines[toc_head].start, lines[min(toc_end, n - 1)].end))

    search_from = toc_end if toc_end is not None else 0
    # --- first section heading
    body_start = next(
        (i for i in range(search_from, n) if (m := _SECTION.match(lines[i].text)) and m.group(1) == "I"),
        None,
    )
    front_end = body_start if body_start is not None else (toc_head if toc_head is not None else n)

    # --- annex starts
    annex_starts: list[tuple[int, int]] = []  # (first line, last line + 1 of heading block)
    scan_from = body_start if body_start is not None else search_from
    blocks = _blocks(lines, scan_from, n)
    if annex_titles:
        bi = 0
        for title in annex_titles:
            nt = _norm_title(title)
            found = None
            for k in range(bi, len(blocks)):
                lo, hi = blocks[k]
                if hi - lo > 4:
                    continue
                nb = _norm_title("".join(lines[j].text for j in range(lo, hi)))
                if len(nt) >= 6 and (nb == nt or nb.endswith(nt)):
                    found = k
                    break
            if found is None:
                continue
            annex_starts.append(blocks[found])
            bi = found + 1
    if not annex_starts:
        for lo, hi in blocks:
            if _ANNEX_HEAD.match(lines[lo].text):
                annex_starts.append((lo, hi))

    body_end = annex_starts[0][0] if annex_starts else n
    fn_of_line = _footnote_lines(lines, search_from)

    # --- summary items (front matter)
    summary: Segment | None = None
    for i in range(0, front_end):
        if toc_head is not None and i >= toc_head:
            break
        ln = lines[i]
        if ln.blank:
            continue
        m = _SUMMARY_ITEM.match(ln.text)
        if m and ln.text.strip():
            summary = Segment("summary", (("summary", m.group(1)),), [], number=m.group(1))
            b.add(summary, ln, ln.start + m.end(), ln.end)
            parts.append(summary)
        elif summary is not None and not re.match(r"^\s*[-•]", ln.text) and lines[i - 1].blank is False:
            b.add(summary, ln)
        else:
            summary = None
    if front_end > 0 and (body_start is not None or any(p.kind == "summary" for p in parts)):
        first_summary = next((p for p in parts if p.kind == "summary"), None)
        stop = first_summary.start if first_summary else lines[front_end - 1].end
        skipped.append((0, stop))

    # --- footnotes
    footnotes: dict[int, Segment] = {}
    for i, num in sorted(fn_of_line.items()):
        seg = footnotes.get(num)
        ln = lines[i]
        if seg is None:
            m = _FN_LINE.match(ln.text)
            start = ln.start + (m.end() if m else 0)
            while start < ln.end and text[start].isspace():
                start += 1
            seg = Segment("fn", (("fn", str(num)),), [], number=str(num))
            footnotes[num] = seg
            b.add(seg, ln, start, ln.end)
        else:
            b.add(seg, ln)

    # --- body: sections, paragraphs, items
    section: Segment | None = None
    para: Segment | None = None
    last_para = 0
    expected_section = 1
    if body_start is not None:
        for i in range(body_start, body_end):
            ln = lines[i]
            if ln.blank or i in fn_of_line:
                continue
            m = _SECTION.match(ln.text)
            if m and m.group(1) == _roman(expected_section):
                section = Segment(
                    "section", (("section", str(expected_section)),), [(ln.start, ln.end)],
                    number=m.group(1), citable=False, title=m.group(2).strip(),
                )
                parts.append(section)
                expected_section += 1
                para = None
                continue
            m = _PARA.match(ln.text)
            if m and int(m.group(1)) == last_para + 1:
                last_para += 1
                para = Segment(
                    "para", (("para", str(last_para)),), [], number=str(last_para),
                    parent=section.steps if section else None,
                )
                b.add(para, ln)
                parts.append(para)
                continue
            if para is not None and _is_subheading(lines, i, body_end, fn_of_line, last_para):
                para = None
                continue
            if para is not None:
                b.add(para, ln)
                im = _ITEM.match(ln.text)
                if im:
                    key = im.group(1) or im.group(2)
                    item = Segment(
                        "item", para.steps + (("item", key),), [(ln.start, ln.end)],
                        number=key, parent=para.steps, citable=False,
                    )
                    parts.append(item)
    # section extents: from heading to the next section or the first annex
    sections = [p for p in parts if p.kind == "section"]
    for k, sec in enumerate(sections):
        stop = sections[k + 1].start if k + 1 < len(sections) else (
            lines[body_end].start if body_end < n else len(text))
        sec.spans = [(sec.start, _rstrip_offset(text, sec.start, stop))]

    # --- annexes
    for k, (lo, hi) in enumerate(annex_starts):
        stop_line = annex_starts[k + 1][0] if k + 1 < len(annex_starts) else n
        end = lines[stop_line].start if stop_line < n else len(text)
        title = " ".join(lines[j].text.strip().strip("*").strip() for j in range(lo, hi))
        annex = Segment(
            "annex", (("annex", str(k + 1)),), [(lines[lo].start, _rstrip_offset(text, lines[lo].start, end))],
            number=str(k + 1), title=title,
        )
        parts.append(annex)
        head_text = title + " " + " ".join(
            lines[j].text for j in range(hi, min(stop_line, hi + 6)) if not lines[j].blank)
        if _DRAFT_RESOLUTION.search(head_text):
            parts.extend(_draft_resolution(lines, hi, stop_line, annex, fn_of_line, b))
        else:
            parts.extend(_annex_body(text, lines, lo, hi, stop_line, annex, fn_of_line, b))

    parts.extend(footnotes[k] for k in sorted(footnotes))

    # --- footnote markers: superscripts outside footnote lines
    markers = []
    for i, ln in enumerate(lines):
        if i in fn_of_line or (toc_head is not None and toc_head <= i < (toc_end or 0)):
            continue
        for m in SUPERSCRIPT_RUN.finditer(ln.text):
            markers.append(FootnoteMarker(superscript_value(m.group()), ln.start + m.start(), ln.start + m.end()))
    for seg in parts:
        if seg.kind == "fn":
            marker = next((mk for mk in markers if mk.number == int(seg.number)), None)
            if marker is not None:
                seg.extra["marker"] = (marker.start, marker.end)
    if not any(p.citable for p in parts) and text.strip():
        # no recognisable layout: the whole text is one citable part
        parts.append(Segment("part", (("part", "1"),), [(0, len(text))], number="1"))
    for seg in parts:
        seg.lang = detect_lang(seg.title if seg.kind in ("section",) and seg.title else seg.text(text))
    parts.sort(key=lambda p: (p.start, -(p.end - p.start)))
    return Segmentation(text, lines, parts, markers, skipped)


def _rstrip_offset(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return stop


def _is_subheading(lines: list[Line], i: int, hi: int, fn_of_line: dict[int, int], last_para: int) -> bool:
    """A short unpunctuated line directly followed by the next numbered paragraph."""
    t = lines[i].text.strip()
    if not t or len(t) > 40 or t[-1] in _END_PUNCT or t.startswith(("-", "“", "\"")):
        return False
    for j in range(i + 1, hi):
        if lines[j].blank or j in fn_of_line:
            continue
        m = _PARA.match(lines[j].text)
        return bool(m and int(m.group(1)) == last_para + 1)
    return False


def _draft_resolution(lines, lo, hi, annex: Segment, fn_of_line, b: _Builder) -> list[Segment]:
    """Preambular paragraphs (counted in order) and operative paragraphs (as numbered)."""
    out: list[Segment] = []
    pp_count = 0
    op: Segment | None = None
    # the subject line ("管理机构，", "The Conference of the Parties,"); headings before it are skipped
    subject = next((i for i in range(lo, hi) if not lines[i].blank and i not in fn_of_line
                    and len(lines[i].text.strip()) <= 60 and lines[i].text.strip().endswith((",", "，"))
                    and not _PARA.match(lines[i].text)), None)
    for i in range(lo, hi):
        ln = lines[i]
        if ln.blank or i in fn_of_line:
            continue
        if subject is not None and i <= subject:
            if i == subject:
                annex.extra["subject"] = ln.text.strip().rstrip(",，")
            continue
        m = _PARA.match(ln.text)
        if m:
            op = Segment("op", annex.steps + (("para", m.group(1)),), [], number=m.group(1),
                         parent=annex.steps, extra={"role": "operative"})
            b.add(op, ln)
            out.append(op)
            continue
        if op is not None:
            b.add(op, ln)
            continue
        pp_count += 1
        out.append(Segment("pp", annex.steps + (("pp", str(pp_count)),), [(ln.start, ln.end)],
                           number=str(pp_count), parent=annex.steps, extra={"role": "preambular"}))
    return out


def _is_head(text: str) -> bool:
    t = text.strip()
    if t.startswith("**"):
        return True
    letters = re.sub(r"[^A-Za-z]", "", t)
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _annex_body(text, lines, lo, hi, stop, annex: Segment, fn_of_line, b: _Builder) -> list[Segment]:
    """Sub-documents, numbered lists with items, and activity tables inside an annex."""
    out: list[Segment] = []
    # Sub-documents: a heading (bold block or an all-capitals line) starts a new
    # one unless at most one line of text separates it from the previous heading
    # (an introductory sentence followed by the sub-document's own title).
    heads: list[int] = [hi]
    since = 0
    for i in range(hi, stop):
        ln = lines[i]
        if ln.blank or i in fn_of_line:
            continue
        if _is_head(ln.text) and not ln.text.lstrip().startswith("<"):
            if since > 1:
                heads.append(i)
            since = 0
            continue
        since += 1
    containers: list[tuple[Segment, int, int]] = []
    if len(heads) >= 2:
        for k, h in enumerate(heads):
            first = next(j for j in range(h, stop) if not lines[j].blank)
            end_line = heads[k + 1] if k + 1 < len(heads) else stop
            end = lines[end_line].start if end_line < len(lines) else len(text)
            title_line = next(
                (j for j in range(h, end_line) if not lines[j].blank and _is_head(lines[j].text)), first)
            sub = Segment(
                "part", annex.steps + (("part", str(k + 1)),),
                [(lines[first].start, _rstrip_offset(text, lines[first].start, end))],
                number=str(k + 1), parent=annex.steps, citable=False,
                title=re.sub(r"^\d+\.\s*", "", lines[title_line].text.strip()).strip("* "),
            )
            out.append(sub)
            containers.append((sub, first, end_line))
        numbered_paras = False
    else:
        containers.append((annex, hi, stop))
        numbered_paras = True

    for container, a, z in containers:
        para: Segment | None = None
        in_table = False
        for i in range(a, z):
            ln = lines[i]
            if ln.blank or i in fn_of_line:
                continue
            if "\t" in ln.text:
                cells = ln.text.split("\t")
                if not in_table and all(len(c.strip()) < 20 for c in cells):
                    in_table = True  # header row
                    continue
                in_table = True
                out.extend(_table_rows(text, ln, container))
                continue
            if not numbered_paras:
                continue
            m = _PARA.match(ln.text)
            if m:
                para = Segment("para", container.steps + (("para", m.group(1)),), [], number=m.group(1),
                               parent=container.steps)
                b.add(para, ln)
                out.append(para)
                continue
            im = _ITEM.match(ln.text)
            if para is not None and im:
                key = im.group(1) or im.group(2)
                b.add(para, ln)
                out.append(Segment("item", para.steps + (("item", key),), [(ln.start + im.end(), ln.end)],
                                   number=key, parent=para.steps, citable=False))
                continue
            para = None
    return out


_ROW_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\.?\s+(?=\S)")
_HTML_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _table_rows(text: str, ln: Line, container: Segment) -> list[Segment]:
    """Rows of an activity table: ``N. group`` and ``N.M activity<TAB>timeframe``.

    A cell may hold several ``<p>`` paragraphs (a theme heading, several
    activities, their lettered sub-items); each numbered paragraph starts a row
    and the following unnumbered ones belong to it.
    """
    cut = ln.text.rfind("\t")
    cell, timeframe = ln.text[:cut], ln.text[cut + 1:].strip()
    pieces: list[tuple[int, int]] = []  # offsets within the line of each paragraph's content
    if "<p>" in cell:
        for m in _HTML_P.finditer(cell):
            pieces.append((m.start(1), m.end(1)))
        # text after the last </p> (e.g. an <ul> list) belongs to the last paragraph
        tail = cell.rfind("</p>")
        if pieces and tail + 4 < len(cell) and cell[tail + 4:].strip():
            pieces[-1] = (pieces[-1][0], len(cell))
    else:
        pieces.append((0, len(cell)))
    rows: list[Segment] = []
    current: Segment | None = None
    for a, z in pieces:
        content = cell[a:z]
        plain = _TAG.sub("", content)
        lead = len(content) - len(content.lstrip())
        m = _ROW_NUMBER.match(_TAG.sub("", content.lstrip()))
        if m and content.lstrip().startswith(m.group(1)[0]):
            number = m.group(1)
            current = Segment(
                "row", container.steps + (("row", number),),
                [(ln.start + a + lead, _rstrip_offset(text, ln.start, ln.start + z))],
                number=number, parent=container.steps, citable=False,
                extra={"timeframe": timeframe or None, "group": "." not in number},
                title=_TAG.sub("", plain[m.end():]).strip(),
            )
            rows.append(current)
        elif current is not None:
            current.spans[-1] = (current.spans[-1][0], _rstrip_offset(text, ln.start, ln.start + z))
    return rows
