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

import bisect
import re
from functools import lru_cache

from ...registry import normalise_alias
from .numerals import STEMS, fold_width
from .common import (
    add_paragraph_list_items, ACT_NUMBER, PARA_NUMBER, SYMBOL, Found, Lexicon, Raw, article_steps, chinese_number,
    find_names, para_path, qualifier_before, url_spans,
)

_SP = r"[ \t\u3000]*"
_LIST_SEP = r"(?:和|与|及|以及|、|,|，)"
_RANGE_SEP = r"(?:至|到|-|–|—)"
#: a sub-point after a point (第（二）项第1目): a lower-case Roman step below the point
_MU = r"(?:" + _SP + r"第" + _SP + r"(?P<mu>\d{1,2}|[一二三四五六七八九十]{1,3})" + _SP + r"目)?"
#: the letter of a point: Latin, a Chinese number, or a heavenly stem ((丙) is (c))
_PT = r"(?:[a-z]|[一二三四五六七八九十]{1,3}|[" + STEMS + r"])"

_ARTICLE = re.compile(
    r"第" + _SP + r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,2}|[一二三四五六七八九十百零〇两]{1,5})"
    + _SP + r"(?:\(" + _SP + r"(?P<pt>[a-z0-9]{1,2})" + _SP + r"\))?"
    + r"(?:" + _SP + r"\(" + _SP + r"(?P<sub>[ivx]{1,4})" + _SP + r"\))?"
    + r"(?P<more>(?:" + _SP + _LIST_SEP + _SP + r"(?:\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\)|(?:第" + _SP + r")?\d{1,3}(?:\.\d{1,3}){0,2}(?:\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\))?))*)"
    + _SP + r"(?P<tiao>条)?"
    + r"(?:" + _SP + r"第" + _SP + r"(?P<kuan>\d{1,2}|[一二三四五六七八九十]{1,3})"
    + r"(?P<kmore>(?:" + _SP + r"(?:" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"(?:第" + _SP + r")?(?:\d{1,2}|[一二三四五六七八九十]{1,3}))*)"
    + _SP + r"款)?"
    + r"(?:" + _SP + r"(?:第" + _SP + r")?[(（]?(?P<xiang>" + _PT + r")[)）]?" + _SP + r"项" + _MU
    # 第 8 条 (j) 款: a lettered item some texts call 款
    + r"|" + _SP + r"\(" + _SP + r"(?P<kx>[a-z])" + _SP + r"\)" + _SP + r"款)?"
)
_LIST_ITEM = re.compile(
    _SP + _LIST_SEP + _SP + r"(?:第" + _SP + r")?(?P<item>\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\)|\d{1,3}(?:\.\d{1,3}){0,2}(?:\(" + _SP + r"[a-z0-9]{1,2}" + _SP + r"\))?)"
)
_KMORE_ITEM = re.compile(r"(?P<sep>" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"(?:第" + _SP + r")?(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})")
#: a later article of a list written with its own 条 and no 第 (《条约》第 12.4 条和 12.5 条): dotted numbers only
_ARTICLE_AFTER = re.compile(r"(?<=条)" + _SP + _LIST_SEP + _SP + r"(?P<n>\d{1,3}(?:\.\d{1,3}){1,2})(?:" + _SP + r"\(" + _SP
                            + r"(?P<pt>[a-z])" + _SP + r"\))?" + _SP + r"条")
_ACT_TYPE = {"决定": "decision", "决议": "resolution", "建议": "recommendation"}
#: the type word, with the spaces PDF extraction puts between characters (号 决 定)
_TYPE = r"(?P<type>决" + _SP + r"[定议]|建" + _SP + r"议)"
#: an act number; a space before its slash too, as PDF extraction leaves it (第 X /2 号决定)
_ACT_NO = ACT_NUMBER.replace(r")/\s?", r")\s?/\s?")


def _act_type(written: str) -> str:
    return _ACT_TYPE[re.sub(r"\s", "", written)]
#: a section of a decision written after its number (第 IX/18 A 号决定, 第 VII/3 A-C 号决定): the decision
_SECTION = r"(?:" + _SP + r"[A-H](?:" + _SP + r"[-–]" + _SP + r"[A-H])?)?"
_ACT_NUMBERED = re.compile(
    r"第" + _SP + r"(?P<num>" + _ACT_NO + r")" + _SECTION + _SP + r"号" + _SP + _TYPE + r"(?!草案)"
)
_ACT_PREFIXED = re.compile(
    _TYPE + _SP + r"(?P<num>" + _ACT_NO + r")"
    + r"(?P<more>(?:" + _SP + _LIST_SEP + _SP + _ACT_NO + r")*)"
)
_ACT_INCOMPLETE = re.compile(
    r"(?P<type>决定|决议)" + _SP + r"(?P<num>(?:[IVXLC]{1,6}|\d{1,3}))" + r"[”\"’」]?" + _SP + r"/" + _SP + r"(?:…+|\.{2,}|[“”\"]+)"
)
_DOC_NUMBERED = re.compile(r"第" + _SP + r"(?P<sym>" + SYMBOL + r")" + _SP + r"号" + _SP + r"文" + _SP + r"件")
_SYMBOL = re.compile(SYMBOL)
#: a symbol PDF extraction broke with a space beside a slash (UNEP/CBD/ COP/11/35): read whole, never its tail
_BROKEN_SYMBOL = re.compile(r"(?<![A-Za-z0-9/.\-])[A-Z]{2,8}(?:[ \t]?/[ \t]?[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?){2,}")
#: a later item of a paragraph list: a paragraph, or another point of the paragraph before (第 2 (a) 和 (b) 段)
_PARA_OR_POINT = r"(?:" + PARA_NUMBER + r"|\(" + _SP + r"[a-z]{1,2}" + _SP + r"\))"
_PARAS = re.compile(
    r"(?P<ibid>同上" + _SP + r"[，,]" + _SP + r")?"
    r"第" + _SP + r"(?P<first>" + PARA_NUMBER + r")"
    + r"(?P<more>(?:" + _SP + r"(?:" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + _PARA_OR_POINT + r")*)"
    + _SP + r"段"
    # 第 5 段(a)分段: a sub-paragraph written after 段
    + r"(?:" + _SP + r"\(" + _SP + r"(?P<fen>[a-z]{1,2})" + _SP + r"\)" + _SP + r"分段)?"
)
_PARA_ITEM = re.compile(_SP + r"(?P<sep>" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"(?P<n>" + _PARA_OR_POINT + r")")
#: a target's number; a goal's letter (长期目标 A, 战略目标 B) only after its scheme's name
_TARGET_N = r"(?:\d{1,2}|[A-E])(?![\dA-Za-z.])"
_TARGET = re.compile(r"目标" + _SP + r"(?P<n>" + _TARGET_N + r")(?P<more>(?:" + _SP + r"(?:" + _LIST_SEP + r"|" + _RANGE_SEP
                     + r")" + _SP + _TARGET_N + r")*)")
_TARGET_ITEM = re.compile(r"(?P<sep>" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"(?P<n>" + _TARGET_N + r")")


def _num(s: str) -> str:
    if s.isdigit() or "." in s:
        return s
    v = chinese_number(s)
    return str(v) if v is not None else s


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]`` (offsets into ``text``)."""
    hi = len(text) if hi is None else hi
    text = fold_width(text)  # 第８（ｊ）条, 第 14／8 号决定: read as 第8(j)条, 第 14/8 号决定 (offsets unchanged)
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
    for m in _BROKEN_SYMBOL.finditer(text, lo, hi):
        joined = re.sub(r"[ \t]*/[ \t]*", "/", m.group())
        if joined != m.group() and _SYMBOL.fullmatch(joined) and free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "document", symbol=joined))
    for m in _SYMBOL.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "document", symbol=m.group()))

    coordinated_acts(text, lo, hi, names, lex, add, free)

    for m in _ACT_INCOMPLETE.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            q = qualifier_before(names, m.start(), text)
            add(Raw(q[0], m.end(), "act", inst=q[1], short=q[2], body=q[3],
                    act_kind=_act_type(m.group("type")), number=None,
                    incomplete=f"incomplete act number {m.group()[len(m.group('type')):].strip()!r}"))
    for m in _ACT_NUMBERED.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            q = qualifier_before(names, m.start(), text)
            add(Raw(q[0], m.end(), "act", inst=q[1], short=q[2], body=q[3],
                    act_kind=_act_type(m.group("type")), number=m.group("num"), incomplete=_unknown_body(text, q)))
    for m in _ACT_PREFIXED.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        q = qualifier_before(names, m.start(), text)
        kind = _act_type(m.group("type"))
        first = add(Raw(q[0], m.start("num") + len(m.group("num")), "act", inst=q[1], short=q[2],
                        body=q[3], act_kind=kind, number=m.group("num")))
        for im in re.finditer(_SP + _LIST_SEP + _SP + r"(?P<n>" + _ACT_NO + r")", m.group("more")):
            a = m.start("more") + im.start("n")
            add(Raw(a, a + len(im.group("n")), "act", act_kind=kind, number=im.group("n"), parent=first))

    for m in _ARTICLE.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        has_point = m.group("pt") is not None
        dotted = "." in m.group("num")
        if not (m.group("tiao") or (has_point and dotted)):
            continue  # 第 N without 条 and without a point is not an article
        if m.start() in headings(text)[2]:
            continue  # 第一条 opening a line, in sequence: a treaty's article heading, not a citation
        end = m.end()
        if not m.group("tiao") and not m.group("kuan") and not m.group("xiang") and not m.group("kx"):
            end = m.end("more") if m.group("more") else text.index(")", m.end("sub") if m.group("sub") else m.end("pt")) + 1
        q = qualifier_before(names, m.start(), text)
        steps = article_steps(_num(m.group("num")), None)
        if m.group("kuan"):
            steps += (_num(m.group("kuan")),)
        if m.group("pt"):
            steps += (m.group("pt"),) + ((m.group("sub"),) if m.group("sub") else ())
        elif m.group("xiang"):
            steps += (_point(m.group("xiang")),) + _sub_point(m)
        elif m.group("kx"):
            steps += (m.group("kx"),)
        more = m.group("more") or ""
        first_end = end if not more else m.start("more")
        while more and text[first_end - 1] in " \t\u3000":  # 第 6 和第 10 条: the first item ends at its number
            first_end -= 1
        kmore = m.group("kmore") or ""
        if kmore and not more:  # 第 6 条第 2 和 4 款: the first paragraph ends at its number
            first_end = m.end("kuan")
        # the first item's surface ends before the list (or includes 条 when there is no list)
        first = add(Raw(q[0], first_end if more or kmore else end, "article", inst=q[1], short=q[2], steps=steps))
        prev = _num(m.group("kuan") or "")
        for im in _KMORE_ITEM.finditer(kmore if not more else ""):  # the later paragraphs of 第 2 和 4 款
            n, a = _num(im.group("n")), m.start("kmore") + im.start("n")
            if re.fullmatch(_RANGE_SEP, im.group("sep")) and prev.isdigit() and n.isdigit():
                for k in range(int(prev) + 1, int(n)):
                    add(Raw(m.start("kmore") + im.start("sep"), a + len(im.group("n")), "article",
                            steps=(steps[0], str(k)), parent=first))
            add(Raw(a, a + len(im.group("n")), "article", steps=(steps[0], n), parent=first))
            prev = n
        for im in _LIST_ITEM.finditer(more):
            item = im.group("item")
            a = m.start("more") + im.start("item")
            if item.startswith("("):
                isteps = steps[:-1] + (item.strip("() \t"),) if has_point else steps + (item.strip("() \t"),)
            else:
                pm = re.match(r"([\d.]+)(?:\(\s*([a-z0-9]{1,2})\s*\))?", item)
                isteps = article_steps(pm.group(1), pm.group(2))
            add(Raw(a, a + len(item), "article", steps=isteps, parent=first))

    for m in _ARTICLE_AFTER.finditer(text, lo, hi):
        before = next((r for r in raws if r.kind == "article" and r.end == m.start()), None)
        if before is None or not free(m.start("n"), m.end()):
            continue
        head = before.parent or before
        add(Raw(m.start("n"), m.end(), "article", steps=article_steps(m.group("n"), m.group("pt")), parent=head))

    provisions_without_article(text, lo, hi, names, lex, add, free, raws)
    parts_and_annexes(text, lo, hi, names, lex, add, free)

    for m in _PARAS.finditer(text, lo, hi):
        if not free(m.start("first"), m.end()):
            continue
        ibid = m.group("ibid") is not None
        start = m.start() + (len(m.group("ibid")) if ibid else 0)
        more = m.group("more") or ""
        first_end = m.end() if not more else m.end("first")
        path = para_path(m.group("first")) + (f".{m.group('fen')}" if m.group("fen") and not more else "")
        first = add(Raw(start, first_end, "paragraph", para=path, ibid=ibid))
        add_paragraph_list_items(m, first, add, _PARA_ITEM, _RANGE_SEP, ibid)
        _point_ranges(m, first, add, ibid)

    scheme_names = [n for n in names if n.scheme]
    for m in _TARGET.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        attached = next((n for n in scheme_names if n.end == m.start() + 2 or n.end == m.start()), None)
        if attached is None and not m.group("n").isdigit():
            continue  # 目标 A: a letter names a goal only after its scheme's name
        start = attached.start if attached else m.start()
        first = add(Raw(start, m.end("n"), "target", para=m.group("n"), scheme=attached.scheme if attached else None))
        prev = int(m.group("n")) if m.group("n").isdigit() else None
        for im in _TARGET_ITEM.finditer(m.group("more") or ""):  # 目标 11 和 12; 目标 11 至 13
            a, n = m.start("more") + im.start("n"), int(im.group("n")) if im.group("n").isdigit() else None
            if re.fullmatch(_RANGE_SEP, im.group("sep")) and prev is not None and n is not None:
                for k in range(prev + 1, n):  # the targets inside the range span the range word and its end
                    add(Raw(m.start("more") + im.start("sep"), a + len(im.group("n")), "target", para=str(k), parent=first))
            add(Raw(a, a + len(im.group("n")), "target", para=im.group("n"), parent=first))
            prev = n

    titles(text, lo, hi, names, lex, add, free)
    raws.sort(key=lambda r: (r.start, r.end))
    return Found(raws, names)


_WITH_POINT = re.compile(r"\s*(\d{1,3}(?:\.\d{1,3})?)?\s*\(\s*([a-z])\s*\)\s*")


def _point_ranges(m: re.Match, first: Raw, add, ibid: bool) -> None:
    """``第 4 (a) 至 (c) 段``: the points inside a range of points of one paragraph (its ends are list items)."""
    x = _WITH_POINT.fullmatch(m.group("first"))
    prev = (x.group(1), x.group(2)) if x and x.group(1) else None  # (paragraph, point) of the item before
    for im in _PARA_ITEM.finditer(m.group("more") or ""):
        x = _WITH_POINT.fullmatch(im.group("n"))
        if x is None or (x.group(1) is None and prev is None):
            prev = None
            continue
        here = (x.group(1) or prev[0], x.group(2))
        if x.group(1) is None and re.fullmatch(_RANGE_SEP, im.group("sep")) and prev[1] < here[1]:
            a = m.start("more") + im.start("sep") + len(im.group("sep")) - len(im.group("sep").lstrip())
            for c in range(ord(prev[1]) + 1, ord(here[1])):
                add(Raw(a, m.start("more") + im.end("n"), "paragraph", para=f"{here[0]}.{chr(c)}", parent=first,
                        ibid=ibid))
        prev = here


_TITLE_NOUN = re.compile(r"公约|协定|议定书|条约|宪章")


def titles(text, lo, hi, names, lex, add, free) -> None:
    """A registry title (a full name holding 公约, 协定 …, not the text's own) that no citation holds or is
    qualified by: a citation of the instrument, as in English."""
    for n in names:
        if not n.inst or n.inst == lex.home or not lo <= n.start < n.end <= hi or not free(n.start, n.end):
            continue
        if not _TITLE_NOUN.search(text, n.start, n.end):
            continue
        if re.match(_SP + r"(?:第|决定|决议|附件)", text[n.end:n.end + 4]):
            continue  # the qualifier of what follows (a citation this grammar did not read)
        if any(b.body and n.end <= b.start <= n.end + 1 for b in names):
            continue  # 《生物多样性公约》缔约方大会: the body's qualifier, a name the resolver counts
        add(Raw(n.start, n.end, "instrument", inst=n.inst))


# ------------------------------------------------------------------ forms of issue 14
# 第 XI/6 号和 XII/5 号决定; 第 VI/7 B 号和第 VII/3 A-C 号决定 (a decision's sections: the decision);
# 大会第 60/1 号决议 (the General Assembly, named by the registry); 《条约》第12.3款a、b项 and 第9款
# (an article written with 款 and no 条); 上述第六款, 第四款第（二）项 in a treaty text (a paragraph
# of the article it stands in); 第十五部分, 附件七, 附件五、六、七和八 (parts and annexes).

_CN = r"[一二三四五六七八九十百零〇两]{1,5}"
_COORD = re.compile(
    r"第" + _SP + r"(?P<num>" + _ACT_NO + r")" + _SECTION + r"(?:" + _SP + r"号)?"
    r"(?P<more>(?:" + _SP + r"(?:" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"(?:第" + _SP + r")?" + _ACT_NO
    + _SECTION + r"(?:" + _SP + r"号)?)+)"
    + r"(?<=号)" + _SP + _TYPE + r"(?!草案)")
_COORD_ITEM = re.compile(r"(?P<sep>" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"(?:第" + _SP + r")?(?P<n>" + _ACT_NO
                         + r")" + _SECTION + r"(?:" + _SP + r"号)?")
_GA_ACT = re.compile(r"第" + _SP + r"(?P<num>\d{1,3}/\d{1,4})" + _SP + r"号" + _SP + r"(?P<type>决议|决定)")
_KUAN = re.compile(
    r"(?P<pre>上述|下述|本条|前述)?第" + _SP + r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,2}|" + _CN + r"|[(（]" + _CN + r"[)）])"
    + _SP + r"款"
    r"(?P<more>(?:" + _SP + r"(?:" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"第?" + _SP
    + r"(?:\d{1,3}|" + _CN + r")" + _SP + r"款)*)"
    r"(?:" + _SP + r"(?:第" + _SP + r")?(?P<pts>[(（]?" + _PT + r"[)）]?(?:" + _SP + _LIST_SEP + _SP
    + r"[(（]?" + _PT + r"[)）]?)*)" + _SP + r"项" + _MU + r")?")
_PT_ITEM = re.compile(r"[(（]?" + _PT + r"[)）]?")
_KUAN_ITEM = re.compile(r"(?P<sep>" + _LIST_SEP + r"|" + _RANGE_SEP + r")" + _SP + r"第?" + _SP + r"(?P<n>\d{1,3}|" + _CN + r")")
_PART = re.compile(r"(?P<word>第" + _SP + r"(?P<pn>" + _CN + r"|\d{1,2})" + _SP + r"部分"
                   r"(?:" + _SP + r"第" + _SP + r"(?P<sec>[一二三四五六七八九十]{1,3}|\d{1,2})" + _SP + r"节)?|附件" + _SP
                   + r"(?P<an>[一二三四五六七八九十]{1,3}|[IVX]{1,5}))"
                   r"(?(an)(?P<more>(?:" + _SP + r"[、和及]" + _SP + r"(?:附件)?(?:[一二三四五六七八九十]{1,3}|[IVX]{1,5})(?!部分))*)|)")
_HEADING = re.compile(r"^(?:第(?P<a>" + _CN + r"|\d{1,3})条|第(?P<p>" + _CN + r")部分|附件(?P<x>[一二三四五六七八九十]{1,3}))",
                      re.M)


def _roman(n: str) -> str:
    from ... import identifiers as ids

    if re.fullmatch(r"[IVX]+", n):
        return n
    return ids.to_roman(int(_num(n)))


def _sub_point(m: re.Match) -> tuple[str, ...]:
    """第1目 after a point: ``('i',)``; none: ``()``."""
    from ... import identifiers as ids

    mu = m.group("mu")
    return (ids.to_roman(int(_num(mu))).lower(),) if mu else ()


def _point(x: str) -> str:
    x = x.strip("()（） \t")
    if x in STEMS:
        return chr(ord("a") + STEMS.index(x))
    return x if x.isascii() else chr(ord("a") + (chinese_number(x) or 1) - 1)


@lru_cache(maxsize=8)
def headings(text: str) -> tuple[tuple[tuple[int, str], ...], frozenset[tuple[str, str]], frozenset[int]]:
    """A Chinese treaty text's headings at line starts, in sequence: ((offset, article), …),
    its parts and annexes ((kind, Roman number)), and the headings' offsets. No articles 1-3: none."""
    arts: list[tuple[int, str]] = []
    parts: set[tuple[str, str]] = set()
    offsets: set[int] = set()
    count = {"part": 0, "annex": 0}
    for m in _HEADING.finditer(text):
        if m.group("a"):
            n = _num(m.group("a"))
            if n == str(len(arts) + 1):
                arts.append((m.start(), n))
                offsets.add(m.start())
            continue
        kind = "part" if m.group("p") else "annex"
        n = int(_num(m.group("p") or m.group("x")))
        if n == count[kind] + 1:
            count[kind] = n
            parts.add((kind, _roman(str(n))))
            offsets.add(m.start())
    if len(arts) < 3:
        return (), frozenset(), frozenset()
    return tuple(arts), frozenset(parts), frozenset(offsets)


def _article_at(text: str, pos: int) -> str | None:
    arts = headings(text)[0]
    k = bisect.bisect_right([a for a, _ in arts], pos) - 1
    return arts[k][1] if k >= 0 else None


def coordinated_acts(text, lo, hi, names, lex, add, free) -> None:
    """``第 XI/6 号和 XII/5 号决定``, sections written after a number, and the General Assembly's acts."""
    ga = _ga(lex)
    for m in _COORD.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        q = qualifier_before(names, m.start(), text)
        kind = _act_type(m.group("type"))
        start, inst = q[0], q[1]
        named = _ga_before(text, m.start(), lex) if ga is not None and not inst else None
        if named is not None:  # 大会第 69/292 号和第 72/249 号决议
            start, inst = named, ga
        first = add(Raw(start, m.start("num") + len(m.group("num")), "act", inst=inst, short=q[2], body=q[3],
                        act_kind=kind, number=m.group("num"), incomplete=None if inst else _unknown_body(text, q)))
        prev = m.group("num")
        for im in _COORD_ITEM.finditer(m.group("more")):
            a = m.start("more") + im.start("n")
            n = im.group("n")
            if re.fullmatch(_RANGE_SEP, im.group("sep")):  # 第 XIII/1 至 XIII/5 号决定: every decision between
                for k in _between(prev, n):
                    add(Raw(m.start("more") + im.start("sep"), a + len(n), "act", act_kind=kind, number=k, parent=first))
            add(Raw(a, a + len(n), "act", act_kind=kind, number=n, parent=first))
            prev = n
    if ga is None:
        return
    for m in _GA_ACT.finditer(text, lo, hi):
        start = _ga_before(text, m.start(), lex)
        if start is None or not free(m.start(), m.end()):
            continue
        add(Raw(start, m.end(), "act", inst=ga, act_kind=_act_type(m.group("type")), number=m.group("num")))
    own = _own_act(text, lex)
    for m in _GA_SYMBOL.finditer(text, lo, hi):  # A/RES/70/1, as in English
        if f"{int(m.group('s'))}-{int(m.group('n'))}" != own and free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "act", inst=ga, act_kind="resolution" if m.group("k") == "RES" else "decision",
                    number=f"{m.group('s')}/{m.group('n')}", symbol=m.group()))


#: a body written right before an act's number (粮农组织大会第 3/2001 号决议, 联合国环境大会第 4/1 号决议)
_BODY_NOUN = re.compile(r"(?:大会|理事会|委员会|执行局)" + _SP + r"$")


def _unknown_body(text: str, q: tuple) -> str | None:
    """Why an act whose number follows a body the registry does not know (no qualifier read) cannot be
    resolved: not the document's own instrument's act; ``None`` when a qualifier was read or no body is there."""
    start, inst, short, body = q
    if inst or short or body:
        return None
    m = _BODY_NOUN.search(text, max(0, start - 8), start)
    if m is None:
        return None
    return f"an act of {text[max(0, start - 8):start].strip()!r}, a body the registry does not know"


def _between(a: str, b: str) -> list[str]:
    """The act numbers strictly between ``a`` and ``b`` when they differ in one number only (``XIII/1``,
    ``XIII/5`` -> ``XIII/2`` …; ``2/CP.19``, ``4/CP.19`` -> ``3/CP.19``), as English ranges; else none."""
    xa, xb = re.split(r"(\d+)", a), re.split(r"(\d+)", b)
    if len(xa) != len(xb):
        return []
    diff = [k for k, (x, y) in enumerate(zip(xa, xb)) if re.sub(r"\s", "", x) != re.sub(r"\s", "", y)]
    if len(diff) != 1 or diff[0] % 2 == 0:  # one number differs (odd pieces are the numbers), nothing else
        return []
    k = diff[0]
    lo_, hi_ = int(xa[k]), int(xb[k])
    return ["".join(xa[:k] + [str(n)] + xa[k + 1:]) for n in range(lo_ + 1, hi_)] if 0 < hi_ - lo_ <= 30 else []


#: a date between the General Assembly's name and the number of its act: 大会 2015 年 9 月 25 日第 70/1 号决议
_DATE = (r"(?P<date>\d{4}" + _SP + r"年(?:" + _SP + r"\d{1,2}" + _SP + r"月(?:" + _SP + r"\d{1,2}" + _SP + r"日)?)?" + _SP
         + r"(?:的)?" + _SP + r")?")


#: what makes 大会 another body's assembly when written right before it
_OTHER_ASSEMBLY = re.compile(r"(?:方|环境|卫生|组织|成员国|会员国|缔约国|代表|全体|青年|妇女)$")


def _ga_before(text: str, pos: int, lex) -> int | None:
    """Where the General Assembly's name (and a date) ends right before ``pos`` starts; None if it does not."""
    before = text[max(0, pos - 40):pos]
    named = _ga_names(lex).search(before)
    if named is None:
        return None
    start = pos - len(before) + named.start()
    if _OTHER_ASSEMBLY.search(text, max(0, start - 4), start):
        return None  # 缔约方大会, 联合国环境大会, 粮农组织大会: another assembly, not the General Assembly
    if named.group("date"):
        return pos  # a date stands between: the name is not the act's attached qualifier, the surface starts at 第
    return start


from .instrument_forms import _GA_SYMBOL, _own_act  # noqa: E402  (the one rule of a General Assembly symbol)


def _ga(lex):
    from ..layouts.resolution import general_assembly

    return general_assembly(lex.registry)


@lru_cache(maxsize=4)
def _ga_names(lex) -> re.Pattern:
    """The General Assembly's Chinese names in the registry, ending right before 第."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    from ... import identifiers as ids

    uri = URIRef(lex.registry.uri(ids.Entity(_ga(lex))))
    zh = sorted({str(o) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for o in lex.registry.graph.objects(uri, p)
                 if isinstance(o, Literal) and o.language == "zh"}, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(map(re.escape, zh)) + r")" + _SP + _DATE + r"$") if zh else re.compile(r"(?!x)x")


def provisions_without_article(text, lo, hi, names, lex, add, free, raws) -> None:
    """Articles written with 款 and no 条 (``《条约》第12.3款a、b项``), and in a treaty text the
    paragraphs of the article they stand in (``上述第六款``, ``第四款第（二）项``)."""
    for m in _KUAN.finditer(text, lo, hi):
        if not m.group("pre") and re.search(r"(?:该|上述|前述)条" + _SP + r"$", text[max(0, m.start() - 4):m.start()]):
            _said_article(text, m, raws, add, free)
            continue
        if re.search(r"条" + _SP + r"$", text[max(0, m.start() - 3):m.start()]):
            # 第 N 条第 M 款 is the article form's; its list (《公约》第二八七条第六款至第八款) is read here
            head = next((r for r in raws if r.kind == "article" and len(r.steps) == 2 and r.end == m.start("more")), None)
            if head is not None and m.group("more"):
                prev = head.steps[1]
                for im in _KUAN_ITEM.finditer(m.group("more")):
                    n = _num(im.group("n"))
                    a, b = m.start("more") + im.start("n"), m.start("more") + im.end()
                    if re.fullmatch(_RANGE_SEP, im.group("sep")) and prev.isdigit() and n.isdigit():
                        for k in range(int(prev) + 1, int(n)):
                            add(Raw(a, b, "article", steps=(head.steps[0], str(k)), parent=head))
                    add(Raw(a, b, "article", steps=(head.steps[0], n), parent=head))
                    prev = n
            continue
        if not free(m.start(), m.end()) or re.match(_SP + r"条", text[m.end():m.end() + 2]):
            continue
        q = qualifier_before(names, m.start(), text)
        num = _num(m.group("num").strip("()（）"))
        pts = [_point(p) for p in _PT_ITEM.findall(m.group("pts") or "")]
        sub = _sub_point(m) if len(pts) == 1 else ()
        treaty_article = _article_at(text, m.start()) if headings(text)[0] else None
        if m.group("pre") or (treaty_article and not (q[1] or q[2]) and "." not in num):
            if treaty_article is None:
                continue
            steps = (treaty_article, num) + ((pts[0],) if pts else ()) + sub
            first = add(Raw(m.start(), m.end() if not m.group("more") else m.start("more"), "paragraph",
                            para=".".join(steps[1:]), internal=True, steps=steps))
            prev = num
            for im in _KUAN_ITEM.finditer(m.group("more") or ""):
                n = _num(im.group("n"))
                a = m.start("more") + im.start("n")
                b = m.start("more") + im.end()
                if re.fullmatch(_RANGE_SEP, im.group("sep")) and prev.isdigit() and n.isdigit():
                    for k in range(int(prev) + 1, int(n)):
                        add(Raw(a, b, "paragraph", para=str(k), internal=True, steps=(treaty_article, str(k)), parent=first))
                add(Raw(a, b, "paragraph", para=n, internal=True, steps=(treaty_article, n), parent=first))
                prev = n
            continue
        steps = article_steps(num)
        items = list(_PT_ITEM.finditer(m.group("pts") or ""))
        # 第12.3款a、b项: the first item ends after its point, each later item is its letter
        first_end = m.start("pts") + items[0].end() if len(items) > 1 else m.end()
        first = add(Raw(q[0], first_end, "article", inst=q[1], short=q[2], steps=steps + ((pts[0],) if pts else ()) + sub))
        for im, p in zip(items[1:], pts[1:]):
            a, b = m.start("pts") + im.start(), m.start("pts") + im.end()
            add(Raw(a, b, "article", steps=steps + (p,), parent=first))


def _said_article(text, m: re.Match, raws, add, free) -> None:
    """``该条第二款``: a paragraph of the article cited last before it in its sentence (none: unresolved)."""
    start = m.start() - len(re.search(r"(?:该|上述|前述)条" + _SP + r"$", text[max(0, m.start() - 4):m.start()]).group())
    if not free(start, m.end()):
        return
    sentence = max(text.rfind(c, 0, start) for c in "。；;\n")
    before = [r for r in raws if r.kind == "article" and r.steps and sentence < r.start < start]
    pts = [_point(p) for p in _PT_ITEM.findall(m.group("pts") or "")]
    steps = (_num(m.group("num").strip("()（）")),) + tuple(pts[:1]) + (_sub_point(m) if len(pts) == 1 else ())
    if not before:
        add(Raw(start, m.end(), "article", steps=("?",) + steps, incomplete=f"{text[start:m.end()]!r} follows no "
                                                                            "article cited in its sentence"))
        return
    prior = max(before, key=lambda r: r.start)
    fields = {k: getattr(prior, k) for k in ("inst", "short", "incomplete") if getattr(prior, k)}
    add(Raw(start, m.end(), "article", steps=(prior.steps[0],) + steps, **fields))


def parts_and_annexes(text, lo, hi, names, lex, add, free) -> None:
    """``《公约》第十五部分``, ``附件七``, ``附件五、六、七和八``; bare in a treaty text: its own part."""
    _, own, heads = headings(text)
    prev: Raw | None = None
    for m in _PART.finditer(text, lo, hi):
        if m.start() in heads or not free(m.start(), m.end()):
            continue
        kind = "part" if m.group("pn") else "annex"
        n = _roman(m.group("pn") or m.group("an"))
        q = qualifier_before(names, m.start(), text)
        if re.search(r"(?:本|该|此)" + _SP + r"$", text[max(0, m.start() - 2):m.start()]):
            continue  # 本部分, 该附件: this part
        fields: dict = {}
        if q[1] or q[2]:
            fields = {"inst": q[1], "short": q[2]}
        elif prev is not None and re.fullmatch(_SP + r"[和及、]" + _SP, text[prev.end:m.start()]):
            fields = {"inst": prev.inst, "short": prev.short, "incomplete": prev.incomplete}
        elif lex.home and headings(text)[0]:
            fields = {"inst": lex.home} if (kind, n) in own else {
                "incomplete": f"{m.group('word')!r} names no part of this text ({lex.home}); its owner is not said"}
        else:
            continue
        fields = {k: v for k, v in fields.items() if v}
        steps = ((kind, n),) + ((("section", _num(m.group("sec"))),) if m.group("sec") else ())
        first = add(Raw(q[0] if q[1] or q[2] else m.start(), m.end("word"), "instrument-part",
                        part_steps=steps, **fields))
        prev = first
        for im in re.finditer(r"[一二三四五六七八九十]{1,3}|[IVX]{1,5}", m.group("more") or ""):
            a = m.start("more") + im.start()
            prev = add(Raw(a, a + len(im.group()), "instrument-part", part_steps=((kind, _roman(im.group())),),
                           parent=first, **fields))


__all__ = ["extract", "normalise_alias"]
