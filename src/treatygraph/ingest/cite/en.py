"""The English citation grammar.

Forms (``Q`` is an optional attached qualifier: an instrument name or
abbreviation and/or a body, e.g. ``CBD``, ``CBD COP``, ``CITES``,
``World Heritage Convention``):

- articles: ``Q Article 4.3``, ``Article 8(j)``, ``Articles 8(j) and 10(c)``,
  ``Article 19.3(g) of the Treaty`` (a following ``of the <name>`` qualifies);
- acts: ``Q decision(s) XI/6``, ``decision 11/6``, ``Q Resolution(s) 10.4 and 14.2``,
  ``Resolution Conf. 10.4 (Rev. CoP17)``, ``Ramsar Resolutions IX.5; X.1 and X.11``,
  ``Decisions 30 COM 6 and 33 COM 5C``, ``decision 1/CP.21``, ``Resolution 8/2011``,
  ``decision VII/26 (paragraphs 1 and 2)``;
- documents: ``UNEP/CBD/ICNP/1/INF/8``, ``document UNEP/CMS/Inf.10.36``,
  ``CBD/COP/DEC/14/30`` (a decision), ``FCCC/SBSTA/2001/2 paragraph 42(d)``;
- paragraphs: ``paragraph 13``, ``paragraphs 4, 8 and 9``, ``paragraphs 3 to 5``,
  ``ibid., paragraph 6``;
- targets: ``Aichi Biodiversity Target 11``, ``Target 5`` (scheme from context).
"""

from __future__ import annotations

import re

from . import instrument_forms
from .common import (
    add_paragraph_list_items, ACT_NUMBER, PARA_NUMBER, SYMBOL, Found, Lexicon, Raw, article_steps, find_names,
    para_path, qualifier_before, url_spans,
)

_SEP = r"(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s+or\s+)"
_RANGE = r"(?:\s+to\s+|\s*[-–—]\s*)"
_ACT_TYPE = {"decision": "decision", "resolution": "resolution", "recommendation": "recommendation"}
_ACT = re.compile(
    r"(?<![A-Za-z])(?P<type>[Dd]ecisions?|[Rr]esolutions?|[Rr]ecommendations?)\s+(?P<num>" + ACT_NUMBER + r")"
    r"(?P<more>(?:" + _SEP + ACT_NUMBER + r")*)"
)
_ACT_INCOMPLETE = re.compile(
    r"(?<![A-Za-z])(?P<type>[Dd]ecision|[Rr]esolution)\s+(?P<num>[IVXLC]{1,6}|\d{1,3})\s*/\s*(?:…+|\.{2,})"
)
_ARTICLE = re.compile(
    r"(?<![A-Za-z])Articles?\s+(?P<num>\d{1,3}(?:\.\d{1,3}){0,2})(?:\s*\(\s*(?P<pt>[a-z0-9]{1,2})\s*\))?"
    r"(?P<more>(?:" + _SEP + r"(?:\d{1,3}(?:\.\d{1,3}){0,2}(?:\s*\(\s*[a-z0-9]{1,2}\s*\))?|\(\s*[a-z0-9]{1,2}\s*\)))*)"
)
_ART_ITEM = re.compile(_SEP + r"(?P<item>\d{1,3}(?:\.\d{1,3}){0,2}(?:\s*\(\s*[a-z0-9]{1,2}\s*\))?|\(\s*[a-z0-9]{1,2}\s*\))")
_OF_THE = re.compile(r"\s+of\s+")
_DOC = re.compile(r"(?:(?<![A-Za-z])(?P<word>[Dd]ocuments?)\s+)?(?P<sym>" + SYMBOL + r")")
_PARAS = re.compile(
    r"(?P<ibid>(?<![A-Za-z])[Ii]bid\.?,?\s*)?"
    r"(?<![A-Za-z])(?:paragraphs?|paras?\.)\s+(?P<first>" + PARA_NUMBER + r")"
    r"(?P<more>(?:(?:" + _SEP + r"|" + _RANGE + r")" + PARA_NUMBER + r")*)"
)
_PARA_ITEM = re.compile(r"(?P<sep>" + _SEP + r"|" + _RANGE + r")(?P<n>" + PARA_NUMBER + r")")
_TARGET = re.compile(r"(?<![A-Za-z])Targets?\s+(?P<n>\d{1,2})(?![\d.])(?P<more>(?:" + _SEP + r"\d{1,2}(?![\d.]))*)")


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]`` (offsets into ``text``)."""
    hi = len(text) if hi is None else hi
    chunk = text[lo:hi]
    names = find_names(chunk, lex)
    for n in names:
        n.start += lo
        n.end += lo
    raws: list[Raw] = []
    taken: list[tuple[int, int]] = [(a + lo, b + lo) for a, b in url_spans(chunk)]

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(r: Raw) -> Raw:
        raws.append(r)
        taken.append((r.start, r.end))
        return r

    instrument_forms.find(text, lex, lo, hi, free, add)  # treaty and UN forms first: they name their owner

    for m in _DOC.finditer(text, lo, hi):
        if free(m.start("sym"), m.end("sym")):
            add(Raw(m.start(), m.end(), "document", symbol=m.group("sym")))

    for m in _ACT_INCOMPLETE.finditer(text, lo, hi):
        if free(m.start(), m.end()):
            q = qualifier_before(names, m.start(), text)
            add(Raw(q[0], m.end(), "act", inst=q[1], short=q[2], body=q[3],
                    act_kind=_ACT_TYPE[m.group("type").lower()],
                    incomplete=f"incomplete act number {m.group()[len(m.group('type')):].strip()!r}"))
    for m in _ACT.finditer(text, lo, hi):
        if not free(m.start(), m.end("num")):
            continue
        q = qualifier_before(names, m.start(), text)
        kind = _ACT_TYPE[m.group("type").lower().rstrip("s")]
        first = add(Raw(q[0], m.end("num"), "act", inst=q[1], short=q[2], body=q[3],
                        act_kind=kind, number=m.group("num")))
        for im in re.finditer(_SEP + r"(?P<n>" + ACT_NUMBER + r")", m.group("more")):
            a = m.start("more") + im.start("n")
            add(Raw(a, a + len(im.group("n")), "act", act_kind=kind, number=im.group("n"), parent=first))

    for m in _ARTICLE.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        q = qualifier_before(names, m.start(), text)
        inst, short = q[1], q[2]
        steps = article_steps(m.group("num"), m.group("pt"))
        more = m.group("more") or ""
        end = m.end() if not more else m.start("more")
        # "Article 4.3 of the Nagoya Protocol": a following name qualifies every item
        tail = m.end()
        of = _OF_THE.match(text, tail)
        if of and inst is None and short is None:
            skip = re.match(r"the\s+", text[of.end():of.end() + 5])
            starts = {of.end(), of.end() + (skip.end() if skip else 0)}
            follower = next((n for n in names if n.start in starts and (n.inst or n.short)), None)
            if follower is not None:
                inst, short = follower.inst, follower.short
                if not more:
                    end = follower.end
        first = add(Raw(q[0], end, "article", inst=inst, short=short, steps=steps))
        for im in _ART_ITEM.finditer(more):
            item = im.group("item")
            a = m.start("more") + im.start("item")
            if item.startswith("("):
                isteps = steps[:-1] + (item.strip("() "),) if m.group("pt") else steps + (item.strip("() "),)
            else:
                pm = re.match(r"([\d.]+)(?:\s*\(\s*([a-z0-9]{1,2})\s*\))?", item)
                isteps = article_steps(pm.group(1), pm.group(2))
            add(Raw(a, a + len(item), "article", steps=isteps, parent=first))

    for m in _PARAS.finditer(text, lo, hi):
        if not free(m.start("first"), m.end()):
            continue
        ibid = m.group("ibid") is not None
        start = m.start() + (len(m.group("ibid")) if ibid else 0)
        more = m.group("more") or ""
        first = add(Raw(start, m.end("first"), "paragraph", para=para_path(m.group("first")), ibid=ibid))
        add_paragraph_list_items(m, first, add, _PARA_ITEM, _RANGE, ibid)

    scheme_names = [n for n in names if n.scheme]
    for m in _TARGET.finditer(text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        # "Aichi Biodiversity Target 11": the scheme name ends with the word Target(s)
        attached = next((n for n in scheme_names if m.start() < n.end <= m.start("n") and n.start < m.start()), None)
        start = attached.start if attached else m.start()
        first = add(Raw(start, m.end("n"), "target", para=m.group("n"),
                        scheme=attached.scheme if attached else None))
        for im in re.finditer(_SEP + r"(?P<n>\d{1,2})", m.group("more") or ""):
            a = m.start("more") + im.start("n")
            add(Raw(a, a + len(im.group("n")), "target", para=im.group("n"), parent=first))

    raws.sort(key=lambda r: (r.start, r.end))
    return Found(raws, names)
