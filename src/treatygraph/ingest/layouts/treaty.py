"""The treaty-text layout: a treaty's parts are the instrument's own provisions.

Two spellings of the same structure are read:

* Markdown (the treaty database texts): ``# title``, ``### Article N`` (arabic,
  Roman, ``10 bis``, ``2A``), ``####`` titles, ``### PART I``/``### SECTION 1``,
  ``### Annex II``/``### Appendix I`` (an annex may hold its own parts,
  articles and ``### 1`` paragraphs), a WHC-style ``###I`` part heading;
* plain text extracted from UN PDFs: a title line, ``PREAMBLE``, ``PART I
  TITLE``, ``SECTION 1. TITLE``, ``ANNEX I. TITLE`` and ``Article 52`` lines
  whose title (and sometimes the first paragraph) follows on the same or the
  next line. An ``Article N`` line counts only when N is the next number of
  its sequence, so a wrapped line starting with a cross-reference is text.

Inside an article: numbered paragraphs (``1.``, ``19.1.``), points ``a)``,
``(a)``, ``(1)`` and sub-points ``(i)`` (``(i)`` after ``(h)`` is a letter).
The preamble is split into recitals (``pp``), each a part of the instrument.

Segments carry :attr:`Segment.ref` (minted by :mod:`treatygraph.identifiers`):
``Provision("cbd", ("8", "j"))`` for point (j) of Article 8;
``Part(Entity("unclos"), (("part", "XI"),))`` for a part, a section, an annex,
a preambular paragraph, or an article numbered inside an annex
(``id/cbd/annex/II/part/1/art/3``). Annex numbers follow the text; in a text
that numbers any annex in Roman, an arabic annex number is written in Roman.

Which instrument a text is comes from its title, looked up in the registry's
English labels (:func:`instrument_of`), never from the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ... import identifiers as ids
from ...registry import Registry, normalise_alias
from ..model import Segment
from ..segment import Segmentation, split_lines
from . import layout
from .treaty_lang import VOCABULARIES, Vocabulary, inline_items, marks_out_of_place, title_end

_MD_HEAD = re.compile(r"^\s*(#{1,6})\s*(.*?)\s*$")
_ARTICLE = re.compile(
    r"^Article\s+(?P<num>\d{1,3}(?:\s*[A-Za-z](?![A-Za-z]))?(?:\s*(?:bis|ter|quater))?|[IVXLC]{1,7}(?![A-Za-z]))"
    r"(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$")
_PART = re.compile(r"^(?P<word>PART|Part|SECTION|Section|CHAPTER|Chapter)\s+(?P<num>[IVXLC]{1,6}|\d{1,2}|[A-Z])\b\.?\s*(?P<rest>.*)$")
_ANNEX = re.compile(
    r"^(?P<word>ANNEX(?:ES)?|Annex(?:es)?|APPENDI(?:X|CES)|Appendi(?:x|ces))\b\s*"
    r"(?P<num>(?:[IVXLC]{1,6}|\d{1,2}|[A-Z])(?:\s*(?:,|and)\s*(?:[IVXLC]{1,6}|\d{1,2}))*(?:\s+[A-Z](?![A-Za-z]))?)?"
    r"\s*\.?\s*(?P<rest>.*)$")
_MD_ROMAN_PART = re.compile(r"^(?P<num>[IVXL]{1,5})$")
_MD_NUMBER = re.compile(r"^(?P<num>\d{1,3})$")
_MD_SUBHEAD = re.compile(r"^(?P<num>[A-Z]\d{0,2})(?:\.|\s)\s*(?P<rest>.*)$")
_PARA = re.compile(r"^(?:\d{1,3}\.)?(?P<n>\d{1,3}(?:bis|ter)?)\.(?=\s|$|[A-Z(“\"])\s*")
_INLINE_PARA = re.compile(r"(?<=[.;:])\s+(?P<n>\d{1,2})\.\s+(?=[A-Z“\"«À-ÞА-ЯЁ])")
_POINT = re.compile(r"^\(?(?P<p>[a-z]{1,2}|\d{1,2})\)\s*")
_INLINE_SUBPOINT = re.compile(r"(?<=[;；])\s+\(?(?P<p>[ivx]{1,5})\)\s")
_PREAMBLE_WORD = re.compile(r"^\*?(PREAMBLE|Preamble)\*?\s*")
_AGREED = re.compile(r"have\s+agreed\s+as\s+follows\s*:?", re.I)
#: The opening words of a preamble ("The States Parties to this Agreement,").
_OPENING = re.compile(r"(?<=\s)(?:The\s+(?:States\s+Parties|Contracting\s+(?:Parties|States)|Parties|General\s+Conference)\b)")
_CLOSING = re.compile(r"^(?:IN\s+WIT+NESS\s+WHEREOF|DONE\s+at)\b")
#: A recital opens with a participle or an adjective of state, after a comma or semicolon.
_RECITAL = re.compile(
    r"(?<=[,;:])\s*(?=\*?(?:[A-Z][a-z]+(?:ing|ed)|Aware|Mindful|Conscious|Convinced|Desirous|Determined|"
    r"Cognizant|Deeply|Bearing|Taking|Being|Further|Also)\b)")
#: Sentence openers that end an article title printed on the same line as its text.
_TITLE_END = re.compile(
    r"\s(?=(?:The|This|These|Nothing|In|For|Each|Any|A|An|All|States|Parties|Where|When|Subject|Without|"
    r"Except|No|Notwithstanding|Unless|If|It|There|Every|Upon|Such|Members|Its|Within|Decisions|Pending)\s"
    r"|Articles?\s+\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*\s+(?:does|do|shall|is|are|may|applies|apply)\s"
    r"|\d{1,2}\.\s|\(\w{1,2}\)\s)")

#: Nesting levels: a node ends where the next node of the same or a lower level starts.
LEVEL = {"annex": 1, "part": 2, "chapter": 3, "section": 4, "article": 5, "pp": 5, "closing": 5,
         "article-para": 6, "npoint": 7, "point": 8, "subpoint": 9}


class TreatyLayoutError(ValueError):
    """A treaty text whose instrument the registry does not know."""


@dataclass
class _Node:
    kind: str
    start: int
    level: int
    number: str | None = None
    title: str | None = None
    ref: object | None = None
    steps: tuple = ()
    parent: "_Node | None" = None
    end: int = 0
    children: list = field(default_factory=list)


# ------------------------------------------------------------------ identity


def title_candidates(text: str) -> list[str]:
    """Lines that may carry a treaty's title: the ``#`` heading, the first line, an ``ANNEX <title>`` line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    out = []
    for ln in lines[:3]:
        m = _MD_HEAD.match(ln)
        out.append(m.group(2) if m and len(m.group(1)) == 1 else ln)
    for ln in lines[:80]:
        m = re.match(r"^ANNEX\s+(AGREEMENT|CONVENTION|PROTOCOL)\b(.*)$", ln)
        if m:
            out.append(m.group(1) + m.group(2))
    return out


def instrument_of(text: str, registry: Registry) -> str | None:
    """The instrument a treaty text is, from its printed title (the registry's English labels).

    The longest label the title starts with wins; it must cover most of the title,
    so a title that only mentions another instrument ("... to the Convention on
    Biological Diversity") is not that instrument.
    """
    labels = {k: v for k, v in registry.instrument_aliases().items() if len(k) > 12}
    for cand in title_candidates(text):
        title = normalise_alias(re.sub(r"[*_]", "", cand))
        best = max((k for k in labels if title.startswith(k)), key=len, default=None)
        if best is not None and len(best) >= 0.5 * min(len(title), 200):
            return labels[best]
    return None


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The project's registry (``data/registry``), loaded once."""
    from ...config import Settings

    settings = Settings.from_env()
    return Registry.load(settings.registry_dir, settings.base)


def _article_headings(lines: list[str]) -> int:
    """Article headings in sequence from 1 (or I): Markdown or plain."""
    expected, count = 1, 0
    for ln in lines:
        if "Article" not in ln:  # what _ARTICLE needs (a line scan of the whole text for each document)
            continue
        s = _MD_HEAD.match(ln)
        body = s.group(2) if s and s.group(1) else ln.strip()
        m = _ARTICLE.match(body)
        if not m:
            continue
        n = _article_value(m.group("num"))
        if n == expected:
            count += 1
            expected += 1
        elif n == 1:
            expected = 2
    return count


def looks_like_treaty(text: str) -> bool:
    """True for a treaty text: at least three article headings numbered in sequence from 1,
    in English or in the heading words of the text's own language (:mod:`.treaty_lang`)."""
    lines = text.splitlines()
    if _article_headings(lines) >= 3:
        return True
    from ..metadata import detect_language

    v = VOCABULARIES.get(detect_language(text[:20000]) or "en")
    return v is not None and _article_headings_lang(lines, v) >= 3


def _article_headings_lang(lines: list[str], v: Vocabulary) -> int:
    """Article headings in sequence from 1 written with vocabulary ``v`` (anywhere in a line when
    its headings run in)."""
    expected, count = 1, 0
    for ln in lines:
        body = ln.strip().strip("#* ")
        for m in (v.article.finditer(body) if v.heading_in_line else [v.article.match(body)]):
            if not m:
                continue
            num = v.article_number(m.group("num"))
            n = _article_value(num) if num else None
            if n == expected:
                count += 1
                expected += 1
            if count >= 3:
                return count
    return count


def recital_starts(text: str, lo: int, hi: int, recital: re.Pattern | None = None,
                   agreed_words: re.Pattern | None = None) -> list[int]:
    """Where each recital of a preamble printed as one run (``text[lo:hi]``) starts.

    A recital opens with a participle or an adjective of state after a comma or
    semicolon ("..., Recalling ...", "; Conscious of ..."); "Have agreed as
    follows" ends the last one.
    """
    agreed = (agreed_words or _AGREED).search(text, lo, hi)
    starts = [lo] + [m.end() for m in (recital or _RECITAL).finditer(text, lo, agreed.start() if agreed else hi)]
    if len(starts) > 1 and len(text[starts[0]:starts[1]].strip()) < 80 and (
            re.match(r"\*?The\s", text[starts[0]:starts[1]]) or recital is not None):
        del starts[1]  # "The Contracting Parties," opens the first recital
    out = []
    for a in starts:
        if a >= hi or not text[a:hi].strip():
            continue
        out.append(a + len(text[a:hi]) - len(text[a:hi].lstrip()))
    return out


# ------------------------------------------------------------------ numbers


def _article_value(num: str) -> int | None:
    digits = re.match(r"\d+", num)
    if digits:
        return int(digits.group())
    try:
        return ids.from_roman(num)
    except ids.IdentifierError:
        return None


def article_number(num: str) -> str:
    """An article number in its path form: ``10 bis -> 10bis``, ``2 a -> 2A``; Roman stays."""
    num = re.sub(r"\s+", "", num)
    m = re.fullmatch(r"(\d+)([A-Za-z])", num)
    return m.group(1) + m.group(2).upper() if m else num


def _annex_number(num: str | None) -> str:
    if not num:
        return "1"
    return re.sub(r"\s*(?:,|and)\s*|\s+", "-", num.strip())


_ROMAN_ANY = re.compile(r"^[IVXLC]+$")


# ------------------------------------------------------------------ segmenter


@layout("treaty")
def segment_treaty(text: str, inst: str | None = None, registry: Registry | None = None,
                   lang: str | None = None, home: str | None = None) -> Segmentation:
    """Segment a treaty text; ``inst`` defaults to the instrument its title names (else ``home``,
    the document's declared home instrument), ``lang`` to the language the text is written in
    (ar, en, es, fr, ru, zh)."""
    if lang is None:
        from ..metadata import detect_language

        lang = detect_language(text) or "en"
    if inst is None:
        inst = instrument_of(text, registry or default_registry()) or home
        if inst is None:
            cands = title_candidates(text)
            raise TreatyLayoutError(
                f"treaty title {cands[0][:120] if cands else ''!r} names no instrument of the registry "
                "(add its full title as skos:altLabel)")
    seg = _Reader(text, inst, lang).read()
    _LAST_READ[:] = [text, inst, lang, [(p.ref, p.kind, p.number) for p in seg.parts]]
    return seg


#: the text, instrument and language of the last treaty text read, and its parts' (ref, kind, number)
#: as the reader made them (a reading depends on these three only)
_LAST_READ: list = [None, None, None, None]


def treaty_parts(text: str, inst: str, registry: Registry | None = None) -> list[tuple]:
    """``(ref, kind, number)`` of each part of ``segment_treaty(text, inst, registry)``; the last reading
    when it was of the same text, instrument and language (the citation grammar asks this of the
    document the layout has just read: reading a long treaty again cost as much as the layout)."""
    from ..metadata import detect_language

    if inst is not None and _LAST_READ[0] is text and _LAST_READ[1] == inst \
            and _LAST_READ[2] == (detect_language(text) or "en"):
        return _LAST_READ[3]
    return [(p.ref, p.kind, p.number) for p in segment_treaty(text, inst, registry).parts]


class _Reader:
    def __init__(self, text: str, inst: str, lang: str = "en"):
        self.text = text
        self.inst = inst
        self.lang = lang
        #: the heading words of a non-English text (``None``: English, this module's own patterns)
        self.v: Vocabulary | None = VOCABULARIES.get(lang)
        self.lines = split_lines(text)
        #: run-in paragraph marks out of place (the OCR'd Arabic): articles are read whole
        self.whole_articles = bool(self.v and self.v.inline_items and
                                   marks_out_of_place([ln.text for ln in self.lines]))
        self.nodes: list[_Node] = []
        self.stack: list[_Node] = []
        #: id of an article node (or of None) -> its highest numbered paragraph (nodes are only opened, and a
        #: node popped again right after opening is never a paragraph): kept as they open, not searched for
        self.last_para: dict[int, int] = {}
        self.skipped: list[tuple[int, int]] = []
        self.markdown = any(ln.text.startswith("###") for ln in self.lines)
        self.roman_annexes = False
        self.annexes_seen: set[str] = set()
        self.article_expected: dict[object, int] = {}
        self.pp = 0
        self.title_next: _Node | None = None
        self.heading_end: int | None = None

    # -- structure

    def open(self, node: _Node) -> _Node:
        while self.stack and self.stack[-1].level >= node.level:
            self.stack.pop()
        node.parent = self.stack[-1] if self.stack else None
        self.nodes.append(node)
        self.stack.append(node)
        if node.kind == "article-para" and (node.number or "").isdigit():
            self.last_para[id(node.parent)] = max(self.last_para.get(id(node.parent), 0), int(node.number))
        return node

    def last_paragraph(self, art: "_Node | None") -> int:
        """The highest numbered paragraph opened under ``art`` so far (0: none)."""
        return self.last_para.get(id(art), 0)

    def container(self) -> tuple:
        """Steps of the enclosing annex/part/section (the path of a new node)."""
        for n in reversed(self.stack):
            if n.kind in ("annex", "part", "chapter", "section"):
                return n.steps
        return ()

    def in_annex(self) -> tuple | None:
        for n in self.stack:
            if n.kind == "annex":
                return n.steps
        return None

    def article_scope(self) -> tuple | None:
        """Where an annex's articles are numbered: the annex, or a part of it (numbering restarts per part)."""
        scope = None
        for n in self.stack:
            if n.kind == "annex":
                scope = n.steps
            elif n.kind == "part" and scope is not None:
                scope = n.steps
        return scope

    def article_node(self) -> _Node | None:
        for n in reversed(self.stack):
            if n.kind == "article":
                return n
            if LEVEL[n.kind] < LEVEL["article"]:
                return None
        return None

    def read(self) -> Segmentation:
        text, lines = self.text, self.lines
        self.roman_annexes = self.v is not None or any(
            (m := _ANNEX.match(self._head_body(ln.text) or "")) and m.group("num") and _ROMAN_ANY.match(m.group("num").split()[0])
            for ln in lines)
        start_line = self._title_line()
        if start_line is None:
            start_line = -1
        else:
            ln = lines[start_line]
            opening_words = _OPENING if self.v is None else self.v.opening
            opening = opening_words.search(ln.text) if opening_words is not None else None
            title_end = ln.start + opening.start() if opening else ln.end
            self.skipped.append((ln.start, title_end))
            if opening:  # the preamble printed on the title's line
                self._preamble(ln, title_end)
            if start_line > 0:  # text before the title (a resolution adopting the treaty): a part of the document
                intro = _Node("intro", lines[0].start, 0, number="0")
                intro.end = _rstrip(text, intro.start, lines[start_line - 1].end)
                self.nodes.append(intro)
        in_preamble = True
        for ln in lines[start_line + 1:]:
            raw = ln.text
            if not raw.strip():
                continue
            head = self._head_body(raw)
            body = head if head is not None else raw.strip()
            offset = ln.start + (len(raw) - len(raw.lstrip()))
            if head is not None and _MD_HEAD.match(raw).group(1) == "####":
                self._title(head)
                self.skipped.append((ln.start, ln.end))
                continue
            self.heading_end = None
            if self._structure(body, head is not None, ln, offset):
                in_preamble = False
                # a heading (and a title printed after it) carries no citation
                self.skipped.append((ln.start, ln.end if head is not None or self.heading_end is None
                                     else self.heading_end))
                continue
            if (_CLOSING if self.v is None else self.v.closing).match(body):
                self.open(_Node("closing", offset, LEVEL["closing"]))
                continue
            if in_preamble:
                self._preamble(ln, offset)
                continue
            if self.title_next is not None:  # "Article 52" / "Funding": the title on the next line
                node, self.title_next = self.title_next, None
                para, point = (_PARA, _POINT) if self.v is None else (self.v.para, self.v.point)
                if not para.match(body) and not point.match(body):
                    self.heading_end = None
                    self._article_rest(node, body, offset, body)
                    self.skipped.append((offset, self.heading_end or ln.end))
                    continue
            self._items(body, offset, head is not None)
        self._close_ends()
        return self._segmentation()

    def _head_body(self, raw: str) -> str | None:
        m = _MD_HEAD.match(raw)
        return m.group(2) if m and m.group(1) and raw.lstrip().startswith("#") else None

    def _title_line(self) -> int | None:
        if self.v is not None:
            return next((i for i, ln in enumerate(self.lines) if ln.text.strip()), None)
        for i, ln in enumerate(self.lines[:3]):
            m = _MD_HEAD.match(ln.text)
            if m and m.group(1) == "#":
                return i
        for i, ln in enumerate(self.lines[:80]):
            if re.match(r"^ANNEX\s+(AGREEMENT|CONVENTION|PROTOCOL)\b", ln.text.strip()):
                return i
        for i, ln in enumerate(self.lines):
            if ln.text.strip():
                return i
        return None

    def _title(self, title: str) -> None:
        title = title.strip(" *")
        if self.stack and self.stack[-1].title is None and title:
            self.stack[-1].title = title

    def _structure(self, body: str, is_head: bool, ln, offset: int) -> bool:
        """Headings of parts, sections, annexes and articles; True when ``body`` is one."""
        if self.v is not None:
            return self._structure_lang(body, ln, offset)
        plain = not is_head
        body_clean = body.strip("* ")
        m = _ANNEX.match(body_clean)
        if m and (is_head or m.group("word").isupper()) and (is_head or m.group("num") or not m.group("rest")):
            if m.group("word").lower().startswith(("annexes", "appendices")) and not m.group("num") and plain:
                return False  # a list heading ("Annexes") before the annexes
            num = _annex_number(m.group("num"))
            if num.isdigit() and self.roman_annexes and not is_head:
                pass
            elif num.isdigit() and self.roman_annexes:
                num = ids.to_roman(int(num))
            if num in self.annexes_seen:  # a second series (the Final Act's annexes): not this instrument
                self.open(_Node("closing", offset, 0))
                self.stack[-1].level = 0
                return True
            self.annexes_seen.add(num)
            node = self.open(_Node("annex", offset, LEVEL["annex"], number=num,
                                   title=(m.group("rest").strip(" .*") or None)))
            node.steps = (("annex", num),)
            node.ref = ids.Part(ids.Entity(self.inst), node.steps)
            return True
        m = _PART.match(body_clean)
        if m and (is_head or m.group("word").isupper()):
            word = m.group("word").lower()
            kind = {"part": "part", "section": "section", "chapter": "chapter"}[word]
            return self._container(kind, m.group("num"), m.group("rest"), offset)
        if is_head and self.markdown:
            m = _MD_ROMAN_PART.match(body_clean)
            if m and not self.in_annex():
                return self._container("part", m.group("num"), "", offset)
        m = _ARTICLE.match(body_clean)
        if m:
            num = article_number(m.group("num"))
            value = _article_value(num)
            key = self.article_scope()
            expected = self.article_expected.get(key, 1)
            if plain and value not in (expected,) and not (value == 1 and key is not None):
                return False
            if plain and value is not None:
                self.article_expected[key] = value + 1
            elif value is not None:
                self.article_expected[key] = max(expected, value + 1)
            rest = m.group("rest").strip()
            node = self.open(_Node("article", offset, LEVEL["article"], number=num))
            annex = self.in_annex()
            if annex is None:
                node.steps = (("art", num),)
                node.ref = ids.Provision(self.inst, (num,))
            else:
                node.steps = key + (("art", num),)
                node.ref = ids.Part(ids.Entity(self.inst), node.steps)
            if rest:
                self._article_rest(node, rest, offset + len(body) - len(body.lstrip()) + m.start("rest"), body)
            elif plain:
                self.title_next = node
            return True
        if is_head and self.in_annex() is not None:
            m = _MD_NUMBER.match(body_clean)
            if m:
                self._annex_para(m.group("num"), offset)
                return True
            m = _MD_SUBHEAD.match(body_clean)
            if m:
                return self._container("section", m.group("num"), m.group("rest"), offset)
        return False

    def _structure_lang(self, body: str, ln, offset: int) -> bool:
        """The headings of a non-English text (:mod:`.treaty_lang`): annex, part, article."""
        v = self.v
        body_clean = body.strip("* ")
        m = v.annex.match(body_clean) if v.annex else None
        if m and m.group("num"):
            num = v.annex_number(m.group("num"))
            # annexes come in order (I, II, ...): "附件七" in a sentence is UNCLOS's Annex VII
            if num is not None and _article_value(num) == len(self.annexes_seen) + 1:
                if num in self.annexes_seen:
                    self.open(_Node("closing", offset, 0))
                    self.stack[-1].level = 0
                    return True
                self.annexes_seen.add(num)
                rest = m.group("rest").strip(" .*")
                node = self.open(_Node("annex", offset, LEVEL["annex"], number=num, title=rest or None))
                node.steps = (("annex", num),)
                node.ref = ids.Part(ids.Entity(self.inst), node.steps)
                if rest and v.heading_in_line:  # the annex's items run on in the same line
                    self._article_rest(node, rest, offset + m.start("rest"), body)
                return True
        m = v.part.match(body_clean) if v.part else None
        if m and "المادة" not in body_clean[:200] and len(body_clean) < 200 and not self.in_annex():
            word = m.group("word") or ""
            num = v.part_number(m.group("num"))
            kind_seen = sum(1 for n in self.nodes if n.kind == "part")
            if num is not None and _article_value(num) in (kind_seen + 1, 1):
                kind = {"节": "section", "章": "chapter", "SECTION": "section", "SECCIÓN": "section",
                        "РАЗДЕЛ": "section", "CHAPITRE": "chapter", "CAPÍTULO": "chapter",
                        "ГЛАВА": "chapter"}.get(word, "part")
                return self._container(kind, num, m.group("rest"), offset)
        m = v.article.search(body_clean) if v.heading_in_line else v.article.match(body_clean)
        while m:
            num = v.article_number(m.group("num"))
            value = _article_value(num) if num else None
            key = self.article_scope()
            expected = self.article_expected.get(key, 1)
            if value is not None and (value == expected or (value == 1 and key is not None)):
                break
            # a heading lost by the OCR: the next one opens its line (after a stray "- 1")
            if value is not None and expected < value <= expected + 2 and v.heading_in_line \
                    and re.fullmatch(r"[\s\-\d]*", body_clean[:m.start()]):
                break
            m = v.article.search(body_clean, m.end("num")) if v.heading_in_line else None
        if not m:
            return False
        self.article_expected[key] = value + 1
        num = article_number(num)
        start = offset if not v.heading_in_line else ln.start + (len(ln.text) - len(ln.text.lstrip()))
        node = self.open(_Node("article", start, LEVEL["article"], number=num))
        annex = self.in_annex()
        if annex is None:
            node.steps = (("art", num),)
            node.ref = ids.Provision(self.inst, (num,))
        else:
            node.steps = key + (("art", num),)
            node.ref = ids.Part(ids.Entity(self.inst), node.steps)
        rest = m.group("rest")
        rest_at = offset + (len(body) - len(body.lstrip())) + m.start("rest")
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            self._article_rest(node, rest.strip(), rest_at + lead, body)
        else:
            self.title_next = node
        return True

    def _container(self, kind: str, num: str, rest: str, offset: int) -> bool:
        node = _Node(kind, offset, LEVEL[kind], number=num, title=(rest.strip(" .*") or None))
        self.open(node)
        outer = node.parent.steps if node.parent is not None else ()
        node.steps = outer + ((kind if kind != "chapter" else "chapter", num),)
        node.ref = ids.Part(ids.Entity(self.inst), node.steps)
        return True

    def _article_rest(self, node: _Node, rest: str, rest_at: int, body: str) -> None:
        """``Article 1 Use of terms 1. For the purposes...``: a title, maybe the first paragraph."""
        if self.v is not None:
            self._article_rest_lang(node, rest, rest_at)
            return
        m = _TITLE_END.search(rest)
        title = rest[:m.start()] if m else rest
        if len(title) > 200:
            title = title[:200]
        node.title = title.strip(" .") or None
        self.heading_end = rest_at + len(title)
        if m:
            after = m.end()
            self._items(rest[after:], self._abs(rest_at, rest, after), False)

    def _article_rest_lang(self, node: _Node, rest: str, rest_at: int) -> None:
        """A non-English heading's rest: the title, then (run in) the first sentence or items."""
        v = self.v
        first_item = v.para.match(rest) or v.point.match(rest)
        if first_item:  # no title: the text starts at once
            self.heading_end = rest_at
            self._items(rest, rest_at, False)
            return
        end = title_end(v, rest)
        if v.inline_items:
            marks = [i for i, _, _ in inline_items(rest) if i > 0]
            if marks and (end is None or marks[0] < end):
                end = marks[0]
        title = rest[:end] if end is not None else rest
        if len(title) > 200:
            title = title[:200]
        node.title = title.strip(" .:：") or None
        self.heading_end = rest_at + len(title.rstrip())
        if end is not None:
            after = end + len(rest[end:]) - len(rest[end:].lstrip())
            self._items(rest[after:], rest_at + after, False)

    def _abs(self, rest_at: int, rest: str, i: int) -> int:
        return rest_at + i

    def _annex_para(self, num: str, offset: int) -> None:
        node = self.open(_Node("article-para", offset, LEVEL["article-para"], number=num))
        node.steps = self.container() + (("para", num),)
        node.ref = ids.Part(ids.Entity(self.inst), node.steps)

    def _preamble(self, ln, offset: int) -> None:
        """Recitals of the preamble, each a preambular paragraph ``pp/k``."""
        raw = ln.text
        pos = offset
        pm = (_PREAMBLE_WORD if self.v is None else self.v.preamble).match(raw[pos - ln.start:])
        if pm:
            pos += pm.end()
        line_end = ln.end
        agreed = _AGREED if self.v is None else self.v.agreed
        if agreed.match(self.text, pos):  # "Have agreed as follows:" on its own line closes the preamble
            self.skipped.append((pos, line_end))
            return
        if self.v is not None and self.v.recital is None:
            return  # recitals not told apart in this language: the preamble is not split
        starts = (recital_starts(self.text, pos, line_end) if self.v is None
                  else recital_starts(self.text, pos, line_end, self.v.recital, self.v.agreed))
        for a in starts:
            self.pp += 1
            node = self.open(_Node("pp", a, LEVEL["pp"], number=str(self.pp)))
            node.steps = (("pp", str(self.pp)),)
            node.ref = ids.Part(ids.Entity(self.inst), node.steps)

    def _items(self, body: str, offset: int, is_head: bool) -> None:
        """Numbered paragraphs and points at the start of a line (and a point right after a number)."""
        art = self.article_node()
        if art is None and self.in_annex() is None:
            return
        if self.v is not None:
            self._items_lang(body, offset)
            return
        m = _PARA.match(body)
        if m:
            self._numbered(m.group("n"), offset)
            body, offset = body[m.end():], offset + m.end()
        while True:
            m = _POINT.match(body)
            if not m:
                break
            self._point(m.group("p"), offset)
            body, offset = body[m.end():], offset + m.end()
        if not self.markdown and art is not None:
            self._inline_paragraphs(art, body, offset)

    def _items_lang(self, body: str, offset: int) -> None:
        """Paragraphs and points of a non-English text, numbers turned into their path form."""
        v = self.v
        if self.whole_articles:
            return
        if v.inline_items:
            self._inline_items(body, offset)
            return
        m = v.para.match(body)
        if m:
            n = v.para_number(m.group("n"))
            if n:
                self._numbered(n, offset)
            body, offset = body[m.end():], offset + m.end()
        elif v.subpoint is not None and (m := v.subpoint.match(body)) and any(
                n.kind == "point" for n in self.stack):
            self._point(ids.to_roman(int(m.group("n"))).lower(), offset)
            return
        read_point = False
        while True:
            m = v.point.match(body)
            if not m:
                break
            p = v.point_letter(m.group("p"))
            if p is None:
                break
            n = v.para_number(m.group("p")) if self._items_are_paragraphs() else None
            if n:
                self._numbered(n, offset)
            else:
                self._point(p, offset)
                read_point = True
            body, offset = body[m.end():], offset + m.end()
        if read_point and v.subpoint is not None and (m := v.subpoint.match(body)):
            self._point(ids.to_roman(int(m.group("n"))).lower(), offset)  # "（二）1．…": its first sub-point run in
        art = self.article_node()
        if art is not None and not v.inline_items:
            self._inline_paragraphs(art, body, offset)
        self._inline_subpoints(body, offset)

    def _items_are_paragraphs(self) -> bool:
        """Whether the open article numbers its items as paragraphs (see ``Vocabulary.items_as_paragraphs``):
        it has no paragraph of its own and its text calls an item a paragraph."""
        art, v = self.article_node(), self.v
        if art is None or v is None or v.items_as_paragraphs is None:
            return False
        cache = self.__dict__.setdefault("_items_paragraphs", {})
        if art.start not in cache:
            nxt = re.compile(v.article.pattern, re.M).search(self.text, art.start + 1)
            body = self.text[art.start:nxt.start() if nxt else len(self.text)]
            cache[art.start] = (v.items_as_paragraphs.search(body) is not None
                                and re.compile(v.para.pattern, re.M).search(body) is None)
        return cache[art.start]

    def _inline_subpoints(self, body: str, offset: int) -> None:
        """``i) Les contributions ; ii) Les fonds ; iii) ...`` joined on one line: each sub-point
        after a semicolon when it is the next Roman number of the open sub-point."""
        for m in _INLINE_SUBPOINT.finditer(body):
            open_sub = next((n for n in reversed(self.stack) if n.kind == "subpoint"), None)
            if open_sub is None:
                return
            try:
                following = ids.from_roman(m.group("p")) == ids.from_roman(open_sub.number) + 1
            except ids.IdentifierError:
                following = False
            if following:
                self._point(m.group("p"), offset + m.start("p"))

    def _inline_items(self, body: str, offset: int) -> None:
        """Markers run into one line (the OCR'd Arabic): a paragraph or point only when it is the next in sequence."""
        art = self.article_node()
        for i, kind, n in inline_items(body):
            if kind == "para":
                owner = art
                last = self.last_paragraph(owner)
                if owner is not None and int(n) == last + 1:
                    self._numbered(n, offset + i)
            else:
                sibling = next((x for x in reversed(self.stack) if x.kind == "point"), None)
                want = "a" if sibling is None else chr(ord(sibling.number[-1]) + 1)
                if n == want or (n == "a" and sibling is not None):
                    self._point(n, offset + i)

    def _inline_paragraphs(self, art: _Node, body: str, offset: int) -> None:
        """PDF text that joined paragraphs: ``... margin. 5. The fixed points``, when 5 follows in sequence."""
        for m in _INLINE_PARA.finditer(body):
            last = self.last_paragraph(art)
            n = int(m.group("n"))
            if last < n <= last + 6:
                self._numbered(str(n), offset + m.start("n"))

    def _numbered(self, n: str, offset: int) -> None:
        art = self.article_node()
        if art is None:
            self._annex_para(n, offset)
            return
        node = self.open(_Node("article-para", offset, LEVEL["article-para"], number=n))
        self._provision_ref(node, art, n)

    def _point(self, p: str, offset: int) -> None:
        owner = next((n for n in reversed(self.stack) if n.kind in ("article", "article-para", "npoint", "point", "subpoint")), None)
        if owner is None:
            if self.in_annex() is not None and not p.isdigit():  # a lettered item right under an annex
                kind = self._letter_or_roman(p) or "point"
                if kind == "point":
                    node = self.open(_Node("point", offset, LEVEL["point"], number=p))
                    node.steps = self.container() + (("item", p),)
                    node.ref = ids.Part(ids.Entity(self.inst), node.steps)
            return
        if p.isdigit():
            kind = "npoint"
        else:
            kind = self._letter_or_roman(p)
            if kind is None:
                return
        node = _Node(kind, offset, LEVEL[kind], number=p)
        self.open(node)
        parent = node.parent
        if parent is not None and parent.kind in ("annex", "part", "chapter", "section") and self.in_annex() is not None \
                and kind == "point":
            node.steps = parent.steps + (("item", p),)  # a lettered item right under an annex (or its section)
            node.ref = ids.Part(ids.Entity(self.inst), node.steps)
            return
        if parent is None or parent.kind not in ("article", "article-para", "npoint", "point", "subpoint"):
            self.nodes.pop()
            self.stack.pop()
            return
        self._provision_ref(node, parent, p)

    def _letter_or_roman(self, p: str) -> str | None:
        """``(i)`` after ``(h)`` is a letter; otherwise a valid Roman numeral under a letter is a sub-point."""
        sibling = next((n for n in reversed(self.stack) if n.kind == "point"), None)
        roman_ok = bool(re.fullmatch(r"[ivxlc]+", p))
        if len(p) == 1 and sibling is not None and ord(p) == ord(sibling.number[-1]) + 1 and len(sibling.number) == 1:
            return "point"
        if roman_ok and (p == "i" or any(n.kind == "subpoint" for n in self.stack)) and sibling is not None:
            return "subpoint"
        if roman_ok and p == "i" and sibling is None:
            return "subpoint"
        if len(p) == 2 and p[0] != p[1] and not roman_ok:
            return None
        return "point"

    def _provision_ref(self, node: _Node, parent: _Node, number: str) -> None:
        if isinstance(parent.ref, ids.Provision):
            node.ref = ids.Provision(self.inst, parent.ref.steps + (number,))
            node.steps = (("art", ".".join(node.ref.steps)),)
        else:
            kind, value = parent.steps[-1]
            node.steps = parent.steps[:-1] + ((kind, f"{value}.{number}"),)
            node.ref = ids.Part(ids.Entity(self.inst), node.steps)

    # -- spans and output

    def _close_ends(self) -> None:
        body = [n for n in self.nodes if n.kind != "intro"]
        for i, n in enumerate(body):
            stop = len(self.text)
            for later in body[i + 1:]:
                if later.level <= n.level:
                    stop = later.start
                    break
            n.end = _rstrip(self.text, n.start, stop)

    def _segmentation(self) -> Segmentation:
        parts: list[Segment] = []
        seen: set = set()
        for n in self.nodes:
            if n.kind == "closing":
                self.skipped.append((n.start, n.end))
                continue
            if n.kind == "intro":
                parts.append(Segment("section", (("section", "0"),), [(n.start, n.end)], lang=self.lang,
                                     title=None, citable=True))
                continue
            if n.ref is None or n.steps in seen or n.end <= n.start:
                continue
            try:
                ids.path_of(n.ref)
            except ids.IdentifierError:
                continue
            seen.add(n.steps)
            parent = n.parent
            while parent is not None and (parent.ref is None or parent.steps not in seen):
                parent = parent.parent
            parent_steps = parent.steps if parent is not None else None
            if isinstance(n.ref, ids.Provision) and len(n.ref.steps) == 1:
                parent_steps = None  # an article is part of the instrument, whatever Part holds it
            number = (ids.provision_notation(n.ref.steps) if isinstance(n.ref, ids.Provision)
                      else n.number)
            container = n.kind in ("annex", "part", "chapter", "section")
            parts.append(Segment(
                kind=n.kind, steps=n.steps, spans=[(n.start, n.end)], parent=parent_steps,
                number=number, citable=not container or n.kind == "annex", lang=self.lang, title=n.title,
                ref=n.ref,
            ))
        return Segmentation(self.text, self.lines, parts, [], self.skipped)


def _rstrip(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return stop


__all__ = ["segment_treaty", "recital_starts", "looks_like_treaty", "instrument_of", "title_candidates", "article_number",
           "TreatyLayoutError"]
