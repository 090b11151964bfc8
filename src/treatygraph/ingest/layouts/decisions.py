"""The decision-compilation layout: one file, many acts (UNFCCC ``Decision 3/CMA.1``).

The addenda of UNFCCC session reports (``FCCC/CP/2015/10/Add.1``,
``FCCC/PA/CMA/2018/3/Add.1``, …) publish the decisions a session adopted,
converted from PDF: a symbol block and a table of contents (skipped), then
each decision: ``Decision 3/CMA.1``, its title, the subject line ("The
Conference of the Parties,"), preambular paragraphs, numbered operative
paragraphs with lettered items to any depth (``(a)``, ``(i)``, ``a.``),
chapter headings (``I.``, ``A.``), the plenary meeting and date, annexes
(``Annex``, ``Annex II*``) with their own chapters, paragraphs and appendices,
and footnotes (``1 FCCC/SBI/2021/10.`` after the decision; the mark is a digit
glued to the word it follows). Lines may be wrapped in ``|`` table cells and
indented with tabs; line ends are CRLF.

Every segment *is* a resource of the act (:attr:`Segment.ref`): the decision
``id/paris/decision/3-CMA.1``, its paragraphs ``…/para/4``, items
``…/para/130.b.ii``, preambular paragraphs ``…/pp/2``, annexes ``…/annex/I``
(a sole unnumbered annex is ``1``) and their paragraphs ``…/annex/1/para/77.d``,
footnotes ``…/fn/1``. An annex whose title names an instrument of the registry
(decision 1/CP.21's annex is the Paris Agreement) is that instrument's text:
its articles, paragraphs and points are ``id/paris/art/4.1.c``.

Which instrument an act number belongs to (``CMA`` → the Paris Agreement) is
the registry's numbering rules, read through :func:`act_of`.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from ... import identifiers as ids
from ..model import Segment
from ..segment import Line, Segmentation, split_lines
from . import layout

#: ``Decision 3/CMA.1`` (or ``Resolution 1/CP.26``) alone on its line.
_ACT_HEAD = re.compile(r"^(?P<kind>Decision|Resolution)\s+(?P<num>\d{1,3}\s*/\s*(?:CP|CMP|CMA)\.\s*\d{1,3})\s*\*?$")
_SUBJECT = re.compile(r"^The (?:Conference of the Parties|Parties to this Agreement)\b.*,$")
_PARA = re.compile(r"^(?P<n>\d{1,3})\.(?:\s+|(?=[A-Z“]))")
_ITEM = re.compile(r"^(?:\((?P<p>[a-z]{1,2}|[ivxl]{1,6})\)|(?P<d>[a-z])\.)(?:\s+|(?=[A-Z“]))")
_ROMAN_HEAD = re.compile(r"^(?P<n>[IVXL]{1,6})\.\s+(?P<title>\S.*)$")
_LETTER_HEAD = re.compile(r"^(?P<n>[A-Z])\.\s+(?P<title>\S.*)$")
_ANNEX = re.compile(r"^(?P<kind>Annex|Appendix)(?:\s+(?P<n>[IVXL]{1,6}|\d{1,2}))?\s*\*?$")
_ARTICLE = re.compile(r"^Article\s+(?P<n>\d{1,3})(?:\s*(?P<bis>bis|ter))?$")
_PLENARY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)\s+plenary\s+meeting\b", re.I)
_DATE_LINE = re.compile(r"^\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December)\s+\d{4}$")
_FOOTNOTE = re.compile(r"^(?P<n>\d{1,2})\s+(?P<body>[A-Z“\"(].*)$")
_CELL_EDGE = " \t|\r\u00a0"


@dataclass
class _Content:
    """A line's content without its indentation, table pipes and CR."""

    line: Line
    start: int
    end: int
    text: str


def _content(source: str, ln: Line) -> _Content:
    line = source[ln.start:ln.end]
    rest = line.lstrip(_CELL_EDGE)
    text = rest.rstrip(_CELL_EDGE)
    a = ln.start + len(line) - len(rest)
    return _Content(ln, a, a + len(text), text)


def looks_like_decisions(text: str) -> bool:
    """True when ``text`` is a compilation of UNFCCC-family decisions (a classifier's test)."""
    heads = 0
    for ln in text.splitlines():
        if _ACT_HEAD.match(ln.strip(_CELL_EDGE)):
            heads += 1
            if heads >= 1 and re.search(r"FCCC/(?:CP|KP/CMP|PA/CMA)/\d{4}/\d+/Add\.\d", text[:3000]):
                return True
            if heads >= 2:
                return True
    return False


def table_of_contents(text: str) -> list[tuple[str, str]]:
    """The acts a compilation's table of contents lists, ``[("decision", "3/CMA.1"), ...]``.

    The contents come before the first ``Decision n/BODY.s`` heading; entries
    after a ``Resolution`` label are resolutions.
    """
    out: list[tuple[str, str]] = []
    kind = "decision"
    for ln in text.splitlines():
        t = ln.strip(_CELL_EDGE)
        if _ACT_HEAD.match(t) and out:
            break
        if re.fullmatch(r"Resolutions?(?:\s*\|.*)?", t):
            kind = "resolution"
            continue
        m = re.match(r"^(?:Decision\s+)?(\d{1,3}/(?:CP|CMP|CMA)\.\d{1,3})(?=\t|\s*\|)", t)
        if m and (kind, m.group(1)) not in out:
            out.append((kind, m.group(1)))
    return out


# ------------------------------------------------------------------ registry


def _default_registry():
    from .treaty import default_registry  # one registry loaded per process for every layout

    return default_registry()


def act_of(kind: str, number: str, registry=None) -> tuple[ids.Act, str] | None:
    """The act a number names by the registry's numbering rules, with the adopting body's code.

    ``("decision", "3/CMA.1")`` → ``(Act("paris", "decision", "3-CMA.1"), "cma")``.
    """
    from ..resolve import match_rule

    registry = registry or _default_registry()
    for inst, rules in _instrument_rules(registry):
        for rule in rules:
            if rule.act_kind == kind and (official := match_rule(rule, number)) is not None:
                return ids.Act(inst, kind, ids.number_to_path(official)), rule.body
    return None


#: each registry's instruments with their numbering rules, read once (a compilation asks for every act heading)
_RULES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _instrument_rules(registry) -> list[tuple[str, list]]:
    try:
        return _RULES[registry]
    except KeyError:
        rules = _RULES[registry] = [(inst, registry.numbering_rules(inst)) for inst in registry.instruments()]
        return rules


def instrument_titled(title: str, registry=None) -> str | None:
    """The instrument whose name ``title`` is (an annex headed "Paris Agreement"), else ``None``."""
    from ...registry import normalise_alias

    registry = registry or _default_registry()
    return registry.instrument_aliases().get(normalise_alias(title.strip(" *")))


# ------------------------------------------------------------------ items

_ALPHA = "abcdefghijklmnopqrstuvwxyz"


def _roman_value(s: str) -> int | None:
    try:
        return ids.from_roman(s)
    except ids.IdentifierError:
        return None


def _next_of(style: str, value: str) -> str:
    if style == "roman":
        return ids.to_roman((_roman_value(value) or 0) + 1).lower()
    if len(value) == 1 and value != "z":
        return _ALPHA[_ALPHA.index(value) + 1]
    return value + value[0] if len(value) == 1 else value  # z -> (aa) is rare; stop there


def _item_level(stack: list[tuple[str, str]], token: str, dotted: bool) -> tuple[int, str] | None:
    """``(depth, style)`` of a lettered item token under ``stack`` (``None``: not an item here).

    ``stack`` holds ``(style, value)`` per depth; styles are ``alpha``, ``roman``,
    ``dot`` (``a.``). A token continues the deepest level whose next value it is
    (``(i)`` after ``(h)`` is a letter, after ``(a)`` a new roman level), else
    it opens a new level when it is the first of a style not yet open.
    """
    styles = ["dot"] if dotted else [s for s in ("alpha", "roman")
                                     if (s == "alpha" and len(token) <= 2 and set(token) <= set(_ALPHA))
                                     or (s == "roman" and _roman_value(token) is not None)]
    for depth in range(len(stack) - 1, -1, -1):
        style, value = stack[depth]
        if style in styles and _next_of(style, value) == token:
            return depth, style
    open_styles = {s for s, _ in stack}
    for style, first in (("alpha", "a"), ("roman", "i"), ("dot", "a")):
        if style in styles and token == first and style not in open_styles:
            return len(stack), style
    return None


# ------------------------------------------------------------------ segmenter


@dataclass
class _Container:
    """Where paragraphs are being numbered: the decision body, an annex, an appendix, an article."""

    steps: tuple[tuple[str, str], ...]      # path under the act, e.g. (("annex", "1"),)
    seg: Segment | None                    # the container's own segment (None: the decision)
    inst: str | None = None                # an annex that is an instrument's text
    article: str | None = None             # the current article of such an annex
    last_para: int = 0
    pp: int = 0
    subject: bool = False
    sections: list[str] = field(default_factory=list)


class _DecisionBuilder:
    def __init__(self, source: str, act: ids.Act, act_seg: Segment, registry):
        self.source = source
        self.act = act
        self.act_seg = act_seg
        self.registry = registry
        self.parts: list[Segment] = []
        self.body = _Container((), None)
        self.container = self.body
        self.annex_count = 0
        self.annex_numbered = False               # the current annex's heading bears its number
        self.appendix_count = 0
        self.open: Segment | None = None          # the paragraph or item receiving lines
        self.para: Segment | None = None          # the current numbered paragraph
        self.stack: list[tuple[str, str]] = []    # item levels under self.para
        self.items: list[Segment] = []            # open items, one per level
        self.fn_last = 0
        self.footnotes: list[Segment] = []
        self.in_footnote: Segment | None = None
        self.ended = False                        # after the plenary meeting line

    # -- helpers
    def ref(self, steps) -> ids.Ref:
        return ids.Part(self.act, tuple(steps))

    def add(self, kind: str, ref, c: _Content, parent_seg: Segment | None, number: str | None,
            citable: bool = True, title: str | None = None, **extra) -> Segment:
        parent = (parent_seg or self.act_seg).steps
        seg = Segment(kind, _key(ref), [(c.start, c.end)], parent=parent, number=number, citable=citable,
                      lang="en", title=title, ref=ref, extra=dict(extra))
        self.parts.append(seg)
        return seg

    def extend(self, seg: Segment, c: _Content) -> None:
        seg.spans[-1] = (seg.spans[-1][0], max(seg.spans[-1][1], c.end))
        for s in self.items:
            if s is not seg and s.spans:
                s.spans[-1] = (s.spans[-1][0], max(s.spans[-1][1], c.end))
        if self.para is not None and self.para is not seg:
            self.para.spans[-1] = (self.para.spans[-1][0], max(self.para.spans[-1][1], c.end))

    def close_para(self) -> None:
        self.open = self.para = None
        self.stack, self.items = [], []

    def container_seg(self) -> Segment | None:
        return self.container.seg

    # -- line kinds
    def line(self, c: _Content) -> None:
        t = c.text
        if not t:
            return
        if self.footnote(c):
            return
        if self.ended and self.container is self.body and not _ANNEX.match(t):
            return  # plenary meeting, date
        if _PLENARY.match(t):
            self.close_para()
            self.ended = True
            return
        if (m := _ANNEX.match(t)):
            if self.part_of_annex(m):
                self.close_para()  # a heading of the annex's own text (an outlined report's "Annex")
                return
            return self.annex(c, m)
        if self.container.inst and (m := _ARTICLE.match(t)):
            return self.article(c, m)
        if not self.container.subject and _SUBJECT.match(t):
            self.container.subject = True
            self.close_para()
            if self.container is self.body:
                self.act_seg.extra["subject"] = t.rstrip(",")
            return
        if (m := _PARA.match(t)) and self.numbered(c, m):
            return
        if (m := _ITEM.match(t)) and self.item(c, m):
            return
        if self.heading(c):
            return
        if self.open is not None and not self.is_plain_heading(t) and not (
                self.open.kind == "pp" and t[0].isupper()):
            self.extend(self.open, c)
            return
        if self.is_plain_heading(t):
            self.close_para()
            return
        self.preamble(c)

    def is_plain_heading(self, t: str) -> bool:
        """An unnumbered heading ("Mitigation"): no closing punctuation, not a continuation."""
        return len(t) < 250 and t[-1] not in ".;:,)" and not t[0].islower() and not t[0].isdigit()

    def preamble(self, c: _Content) -> None:
        box = self.container
        if box.inst and box.article:
            self.open = None  # the text of an unnumbered article: the article's own
            return
        if box.last_para == 0 and self.para is None:
            box.pp += 1
            steps = box.steps + (("pp", str(box.pp)),)
            seg = self.add("pp", self.ref(steps), c, box.seg, str(box.pp), role="preambular")
            self.open = seg
            return
        # text between paragraphs that is neither: keep it with the container (annex text)

    def numbered(self, c: _Content, m: re.Match) -> bool:
        box = self.container
        n = int(m.group("n"))
        if n != box.last_para + 1:
            return False
        box.last_para = n
        self.close_para()
        if box.inst:
            steps = (box.article, str(n)) if box.article else (str(n),)
            ref = ids.Provision(box.inst, steps)
            parent = self._article_seg
        else:
            ref = self.ref(box.steps + (("para", str(n)),))
            parent = box.seg
        kind = "op" if box is self.body else "para"
        self.para = self.open = self.add(kind, ref, c, parent, str(n),
                                         **({"role": "operative"} if kind == "op" else {}))
        return True

    def item(self, c: _Content, m: re.Match) -> bool:
        token = m.group("p") or m.group("d")
        dotted = m.group("d") is not None
        base = self.para
        if base is None and self.container.inst and self.container.article:
            base = self._article_seg  # Article 1 (a), (b): points of an unnumbered article
        if base is None:
            return False
        level = _item_level(self.stack, token, dotted)
        if level is None:
            return False
        depth, style = level
        del self.stack[depth:]
        del self.items[depth:]
        self.stack.append((style, token))
        parent = self.items[-1] if self.items else base
        values = [v for _, v in self.stack]
        if isinstance(base.ref, ids.Provision):
            ref = ids.Provision(base.ref.inst, base.ref.steps + tuple(values))
        else:
            last = base.ref.steps[-1]
            ref = ids.Part(self.act, base.ref.steps[:-1] + ((last[0], ".".join([last[1]] + values)),))
        seg = self.add("item", ref, c, parent, token)
        self.items.append(seg)
        self.open = seg
        return True

    def heading(self, c: _Content) -> bool:
        t = c.text
        box = self.container
        m = _ROMAN_HEAD.match(t)
        letter = _LETTER_HEAD.match(t)
        if m and letter and box.sections and len(box.sections[-1].split(".")) == 2:
            # "I." right after subsection "H.": a letter, not chapter I
            sub = box.sections[-1].split(".")[1]
            if _ALPHA.upper().index(sub) + 1 == _ALPHA.upper().index(m.group("n")[0]) and len(m.group("n")) == 1:
                m = None
        if m and _roman_value(m.group("n")) is not None:
            number = m.group("n")
        elif letter:
            chapter = box.sections[-1].split(".")[0] if box.sections else None
            number = f"{chapter}.{letter.group('n')}" if chapter else letter.group("n")
            m = letter
        else:
            return False
        if any(s == number for s in box.sections):
            return False
        box.sections.append(number)
        self.close_para()
        title = m.group("title").strip()
        if box.inst:
            return True  # chapters of a treaty text are not provisions
        self.add("section", self.ref(box.steps + (("section", number),)), c, box.seg, number,
                 citable=False, title=title)
        return True

    def part_of_annex(self, m: re.Match) -> bool:
        """An "Annex" heading inside a numbered annex that does not come next in its numbering
        (a bare "Annex" in the outline of a report, annex VI of decision 5/CMA.3): the annex's text."""
        if m.group("kind") != "Annex" or not self.annex_numbered or self.container is self.body:
            return False
        number = m.group("n")
        if number is None:
            return True
        return (int(number) if number.isdigit() else _roman_value(number)) not in (
            self.annex_count, self.annex_count + 1)

    def annex(self, c: _Content, m: re.Match) -> None:
        self.close_para()
        self.ended = False
        number = m.group("n")
        if m.group("kind") == "Annex":
            self.annex_numbered = number is not None
            self.annex_count += 1
            number = number or str(self.annex_count)
            steps = (("annex", number),)
            parent = None
            self.appendix_count = 0
        else:
            self.appendix_count += 1
            number = number or str(self.appendix_count)
            under = self.container if self.container is not self.body and "appendix" not in dict(
                self.container.steps) else None
            if under is None and self.container is not self.body:
                under = next((p for p in reversed(self.parts) if p.kind == "annex"), None)
                under = _Container(under.ref.steps, under) if under is not None else None
            steps = (under.steps if under else ()) + (("appendix", number),)
            parent = under.seg if under else None
        if any(p.ref == self.ref(steps) for p in self.parts):
            return  # a repeated heading: keep the first
        seg = self.add("annex", self.ref(steps), c, parent, number)
        self.container = _Container(steps, seg)
        self._title_pending = seg

    def article(self, c: _Content, m: re.Match) -> None:
        self.close_para()
        n = m.group("n") + (m.group("bis") or "")
        box = self.container
        box.article, box.last_para = n, 0
        self._article_seg = self.add("article", ids.Provision(box.inst, (n,)), c, box.seg, n)

    def footnote(self, c: _Content) -> bool:
        t = c.text
        m = _FOOTNOTE.match(t)
        if m and "|" not in t and not _DATE_LINE.match(t) and int(m.group("n")) == self.fn_last + 1 and (
                self.ended or self._fn_plausible(c)):
            self.fn_last += 1
            n = str(self.fn_last)
            body_start = c.start + m.start("body")
            seg = Segment("fn", _key(self.ref((("fn", n),))), [(body_start, c.end)], parent=self.act_seg.steps,
                          number=n, lang="en", ref=self.ref((("fn", n),)))
            self.footnotes.append(seg)
            self.in_footnote = seg
            return True
        if self.in_footnote is not None:
            prev = self.source[self.in_footnote.spans[-1][1] - 1]
            if prev in ",;:" or (t[0].islower()):
                self.in_footnote.spans[-1] = (self.in_footnote.spans[-1][0], c.end)
                return True
            self.in_footnote = None
        return False

    def _fn_plausible(self, c: _Content) -> bool:
        """A footnote line inside the decision: its mark must have been printed before it."""
        return bool(_marker_regex(self.fn_last + 1).search(self.source, self.act_seg.start, c.start))


def _marker_regex(n: int) -> re.Pattern:
    k = str(n)
    return re.compile(r"(?:(?<=[A-Za-z)\].,;:”’\"])|(?<=(?:19|20)\d\d))" + k + r"(?!\d)(?=[\s,;.:)]|$)")


def _key(ref) -> tuple[tuple[str, str], ...]:
    """A segment's unique key in the document: its resource's path, as steps."""
    path = ids.path_of(ref)
    return (("ref", path),)


def _anchor_footnotes(source: str, act_seg: Segment, footnotes: list[Segment]) -> None:
    """Each footnote's mark: the ``n`` glued to a word after the previous mark, before the notes."""
    pos = act_seg.start
    for fn in footnotes:
        m = _marker_regex(int(fn.number)).search(source, pos, fn.start)
        # a mark inside another footnote's own text is not the mark
        while m is not None and any(f.contains(m.start()) for f in footnotes):
            m = _marker_regex(int(fn.number)).search(source, m.end(), fn.start)
        if m is not None:
            fn.extra["marker"] = (m.start(), m.end())
            pos = m.end()


def segment_decisions(text: str, registry=None) -> Segmentation:
    """Split a decision compilation into its acts and their parts (see the module docstring)."""
    registry = registry or _default_registry()
    lines = split_lines(text)
    contents = [_content(text, ln) for ln in lines]
    heads: list[tuple[int, ids.Act, str, str]] = []
    seen: set[ids.Act] = set()
    for i, c in enumerate(contents):
        m = _ACT_HEAD.match(c.text)
        if not m:
            continue
        kind = m.group("kind").lower()
        number = re.sub(r"\s+", "", m.group("num"))
        found = act_of(kind, number, registry)
        if found is None or found[0] in seen:
            continue
        seen.add(found[0])
        heads.append((i, found[0], number, found[1]))
    parts: list[Segment] = []
    skipped = [(0, lines[heads[0][0]].start)] if heads else []
    for k, (i, act, number, body) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        end_line = stop - 1
        while end_line > i and not contents[end_line].text:
            end_line -= 1
        act_seg = Segment("act", _key(act), [(contents[i].start, contents[end_line].end)], number=number,
                          lang="en", ref=act, extra={"act_kind": act.kind, "body": body})
        parts.append(act_seg)
        skipped.append((contents[i].start, contents[i].end))  # the heading names the act, it does not cite it
        b = _DecisionBuilder(text, act, act_seg, registry)
        j = i + 1
        title_lines = []
        while j < stop and len(title_lines) < 3:
            t = contents[j].text
            if not t:
                j += 1
                continue
            if _SUBJECT.match(t) or _PARA.match(t) or _ANNEX.match(t) or re.match(r"^[A-Z][a-z]+ing\b", t):
                break
            title_lines.append(t)
            j += 1
            if not t.endswith(("of", "and", "the", "to", "for", "in", "on", ",")):
                break
        act_seg.title = " ".join(title_lines) or None
        for jj in range(j, stop):
            c = contents[jj]
            pending = getattr(b, "_title_pending", None)
            if pending is not None and c.text:
                b._title_pending = None
                if not (_PARA.match(c.text) or _ROMAN_HEAD.match(c.text) or _SUBJECT.match(c.text)
                        or _ARTICLE.match(c.text)):
                    pending.title = c.text
                    if pending.kind == "annex" and pending.ref.steps[-1][0] == "annex":
                        inst = instrument_titled(c.text, registry)
                        if inst is not None:
                            b.container.inst = inst
                    continue
            b.line(c)
        # containers end where the next one starts
        conts = [p for p in b.parts if p.kind == "annex"]
        for x, a in enumerate(conts):
            nxt = next((o.start for o in conts[x + 1:] if o.start > a.start), act_seg.end)
            a.spans = [(a.start, _rstrip(text, a.start, min(nxt, act_seg.end)))]
        for s in [p for p in b.parts if p.kind in ("section", "article")]:
            siblings = [p.start for p in b.parts if p.kind in (s.kind, "annex") and p.start > s.start
                        and p.parent == s.parent or (p.kind == "annex" and p.start > s.start)]
            end = min(siblings) if siblings else act_seg.end
            s.spans = [(s.start, _rstrip(text, s.start, end))]
        _anchor_footnotes(text, act_seg, b.footnotes)
        parts.extend(b.parts)
        parts.extend(b.footnotes)
    parts.sort(key=lambda p: (p.start, -(p.end - p.start)))
    return Segmentation(text, lines, parts, [], skipped)


def _rstrip(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1] in _CELL_EDGE + "\n":
        stop -= 1
    return stop


@layout("decisions")
def decisions_layout(text: str, registry=None) -> Segmentation:
    """The registered segmenter of decision compilations."""
    return segment_decisions(text, registry)
