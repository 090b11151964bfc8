"""The Chinese citation grammar.

Forms (``Q`` is an optional attached qualifier: an instrument name or short
name in 《》 and/or a body name, e.g. ``《条约》``, ``管理机构``):

- articles: ``Q第 19.3 (g) 条``, ``Q第 19.3(g)和(l)``, ``Q第 4.3 条``,
  ``Q第十九条``, ``Q第 19 条第 3 款``, ``Q第 8(j) 条``;
- acts: ``Q第 8/2011 号决议``, ``Q决定 XI/6``, ``Q第 XI/6 号决定``,
  ``决定 X/20 和 X/21``, ``Q决议 8/2011``; an incomplete number
  (``决定 IX”/……``) is a mention that cannot be resolved;
- documents: ``第 UNEP/CBD/ICNP/1/INF/6 号文件``, ``IT/AC-SMTA-MLS 3/12/报告``,
  ``UNEP/CBD/COP/DEC/XI/2`` (a decision);
- paragraphs: ``第 7 段``, ``第 29 和 30 段``, ``第 3 至 5 段``, ``同上，第 6 段``;
- targets: ``爱知生物多样性目标 11``, ``目标 5`` (scheme from context).
"""

from __future__ import annotations

import re

from ...registry import normalise_alias
from .common import (
    add_paragraph_list_items, ACT_NUMBER, PARA_NUMBER, SYMBOL, Found, Lexicon, Raw, article_steps, chinese_number,
    find_names, para_path, qualifier_before, url_spans,
)

_SP = r"[ \t\u3000]*"
_LIST_SEP = r"(?:和|与|及|以及|、|,|，)"
_RANGE_SEP = r"(?:至|到|-|–|—)"

_ARTICLE = re.compile(
    r"第" + _SP + r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,2}|[一二三四五六七八九十百零〇两]{1,5})"
    + _SP + r"(?:\(" + _SP + r"(?P<pt>[a-z0-9]{1,2})" + _SP + r"\))?"
    + r"(?P<more>(?:" + _SP + _LIST_SEP + _SP + r"(?:\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\)|\d{1,3}(?:\.\d{1,3}){0,2}(?:\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\))?))*)"
    + _SP + r"(?P<tiao>条)?"
    + r"(?:" + _SP + r"第" + _SP + r"(?P<kuan>\d{1,2}|[一二三四五六七八九十]{1,3})" + _SP + r"款)?"
    + r"(?:" + _SP + r"(?:第" + _SP + r")?\(?(?P<xiang>[a-z]|[一二三四五六七八九十]{1,3})\)?" + _SP + r"项)?"
)
_LIST_ITEM = re.compile(
    _SP + _LIST_SEP + _SP + r"(?P<item>\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\)|\d{1,3}(?:\.\d{1,3}){0,2}(?:\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\))?)"
)
_ACT_TYPE = {"决定": "decision", "决议": "resolution", "建议": "recommendation"}
_ACT_NUMBERED = re.compile(
    r"第" + _SP + r"(?P<num>" + ACT_NUMBER + r")" + _SP + r"号" + _SP + r"(?P<type>决定|决议|建议)(?!草案)"
)
_ACT_PREFIXED = re.compile(
    r"(?P<type>决定|决议|建议)" + _SP + r"(?P<num>" + ACT_NUMBER + r")"
    + r"(?P<more>(?:" + _SP + _LIST_SEP + _SP + ACT_NUMBER + r")*)"
)
_ACT_INCOMPLETE = re.compile(
    r"(?P<type>决定|决议)" + _SP + r"(?P<num>(?:[IVXLC]{1,6}|\d{1,3}))" + r"[”\"’」]?" + _SP + r"/" + _SP + r"(?:…+|\.{2,}|[“”\"]+)"
)
_DOC_NUMBERED = re.compile(r"第" + _SP + r"(?P<sym>" + SYMBOL + r")" + _SP + r"号" + _SP + r"文件")
_SYMBOL = re.compile(SYMBOL)
_PARAS = re.compile(
    r"(?P<ibid>同上" + _SP + r"[，,]" + _SP + r")?"
    r"第" + _SP + r"(?P<first>" + PARA_NUMBER + r")"
    + r"(?P<more>(?:" + _SP + r"(?:" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + PARA_NUMBER + r")*)"
    + _SP + r"段"
)
_PARA_ITEM = re.compile(_SP + r"(?P<sep>" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"(?P<n>" + PARA_NUMBER + r")")
_TARGET = re.compile(r"目标" + _SP + r"(?P<n>\d{1,2})(?![\d.])")


def _num(s: str) -> str:
    if s.isdigit() or "." in s:
        return s
    v = chinese_number(s)
    return str(v) if v is not None else s


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]`` (offsets into ``text``)."""
    hi = len(text) if hi is None else hi
    chunk = text[lo:hi]
    names = [n for n in find_names(chunk, lex)]
    for n in names:
        n.start += lo
        n.end += lo
    raws: list[Raw] = []
    taken: list[tuple[int, int]] = list((a + lo, b + lo) for a, b in url_spans(chunk))

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(r: Raw) -> Raw:
        raws.append(r)
        taken.append((r.start, r.end))
        return r

    # documents first: symbols contain digits that other forms would read
    for m in _DOC_NUMBERED.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "document", symbol=m.group("sym")))
    for m in _SYMBOL.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "document", symbol=m.group()))

    for m in _ACT_INCOMPLETE.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            q = qualifier_before(names, m.start(), text)
            add(Raw(q[0], m.end(), "act", inst=q[1], short=q[2], body=q[3],
                    act_kind=_ACT_TYPE[m.group("type")], number=None,
                    incomplete=f"incomplete act number {m.group()[len(m.group('type')):].strip()!r}"))
    for m in _ACT_NUMBERED.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            q = qualifier_before(names, m.start(), text)
            add(Raw(q[0], m.end(), "act", inst=q[1], short=q[2], body=q[3],
                    act_kind=_ACT_TYPE[m.group("type")], number=m.group("num")))
    for m in _ACT_PREFIXED.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        q = qualifier_before(names, m.start(), text)
        kind = _ACT_TYPE[m.group("type")]
        first = add(Raw(q[0], m.start("num") + len(m.group("num")), "act", inst=q[1], short=q[2],
                        body=q[3], act_kind=kind, number=m.group("num")))
        for im in re.finditer(_SP + _LIST_SEP + _SP + r"(?P<n>" + ACT_NUMBER + r")", m.group("more")):
            a = m.start("more") + im.start("n")
            add(Raw(a, a + len(im.group("n")), "act", act_kind=kind, number=im.group("n"), parent=first))

    for m in _ARTICLE.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        has_point = m.group("pt") is not None
        dotted = "." in m.group("num")
        if not (m.group("tiao") or (has_point and dotted)):
            continue  # 第 N without 条 and without a point is not an article
        if m.group("tiao") and (m.start() == 0 or text[m.start() - 1] == "\n") and not m.group("more"):
            continue  # 第一条 opening a line: a treaty's article heading, not a citation
        end = m.end()
        if not m.group("tiao") and not m.group("kuan") and not m.group("xiang"):
            end = m.end("more") if m.group("more") else text.index(")", m.end("pt")) + 1
        q = qualifier_before(names, m.start(), text)
        steps = article_steps(_num(m.group("num")), None)
        if m.group("kuan"):
            steps += (_num(m.group("kuan")),)
        if m.group("pt"):
            steps += (m.group("pt"),)
        elif m.group("xiang"):
            x = m.group("xiang")
            steps += (x if x.isascii() else chr(ord("a") + (chinese_number(x) or 1) - 1),)
        more = m.group("more") or ""
        first_end = end if not more else m.start("more")
        # the first item's surface ends before the list (or includes 条 when there is no list)
        first = add(Raw(q[0], first_end if more else end, "article", inst=q[1], short=q[2], steps=steps))
        for im in _LIST_ITEM.finditer(more):
            item = im.group("item")
            a = m.start("more") + im.start("item")
            if item.startswith("("):
                isteps = steps[:-1] + (item.strip("() \t"),) if has_point else steps + (item.strip("() \t"),)
            else:
                pm = re.match(r"([\d.]+)(?:\(\s*([a-z0-9]{1,2})\s*\))?", item)
                isteps = article_steps(pm.group(1), pm.group(2))
            add(Raw(a, a + len(item), "article", steps=isteps, parent=first))

    for m in _PARAS.finditer(text, lo, hi):
        if not free(m.start("first"), m.end()):
            continue
        ibid = m.group("ibid") is not None
        start = m.start() + (len(m.group("ibid")) if ibid else 0)
        more = m.group("more") or ""
        first_end = m.end() if not more else m.end("first")
        first = add(Raw(start, first_end, "paragraph", para=para_path(m.group("first")), ibid=ibid))
        add_paragraph_list_items(m, first, add, _PARA_ITEM, _RANGE_SEP, ibid)

    scheme_names = [n for n in names if n.scheme]
    for m in _TARGET.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        attached = next((n for n in scheme_names if n.end == m.start() + 2 or n.end == m.start()), None)
        start = attached.start if attached else m.start()
        add(Raw(start, m.end(), "target", para=m.group("n"), scheme=attached.scheme if attached else None))

    raws.sort(key=lambda r: (r.start, r.end))
    return Found(raws, names)


__all__ = ["extract", "normalise_alias"]
