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
from .scan import Group, finditer as scan
from .common import (
    add_paragraph_list_items, ACT_NUMBER, PARA_LETTER_RANGE, PARA_NUMBER, SYMBOL, Found, Lexicon, Raw, article_steps, find_names,
    para_path, qualifier_before, url_spans,
)

#: a list separator; a semicolon never goes on past the end of its line (it ends an enumerated
#: item: "paragraphs 1 ter and 1 quater;⏎12(e) bis." is not a list of three)
_SEP = r"(?:\s*,\s*(?:and\s+)?|[ \t]*;[ \t]*(?:and\s+)?|\s+and\s+|\s+or\s+)"
#: a paragraph number in English lists: also a range of its points ("17(g–j)") and a point's sub-point
#: ("77(d)(ii)")
_PARA_NO = r"(?:" + PARA_LETTER_RANGE + r"|" + PARA_NUMBER + r"(?:(?<=\))\s*\(\s*[ivx]{1,4}\s*\))?)"
#: a later item of a paragraph list: not the first number of an act ("paragraph 4, and 1/CP.18"),
#: or another point (or sub-point) of the paragraph before it ("paragraphs 2 (a) and (c)", "77(d)(ii) and (iii)")
_PARA_LATER = r"(?:" + _PARA_NO + r"(?![\d/])(?!\s/)|\(\s*(?:[a-z]{1,2}|[ivx]{3,4})\s*\)(?![\w.]))"
_RANGE = r"(?:\s+to\s+|\s*[-–—]\s*)"
_ACT_TYPE = {"decision": "decision", "resolution": "resolution", "recommendation": "recommendation"}
#: the date an act was adopted on, written between the items of a list ("resolutions 70/1 of 25 September
#: 2015 and 77/165"); skipped
_ACT_DATE = (r"(?:\s+of\s+\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
             r"November|December)\s+\d{4})?")
_ACT = re.compile(
    r"(?<![A-Za-z])(?P<type>[Dd]ecisions?|[Rr]esolutions?|[Rr]ecommendations?)"
    # a number glued to its word only where the number cannot be anything else ("decisionNP-2/3", "decision1/CMA.3")
    r"(?P<gap>\s+|(?=[A-Z]{1,5}-)|(?=\d{1,3}/(?:CP|CMP|CMA)\.))(?P<num>" + ACT_NUMBER + r")"
    r"(?P<more>(?:" + _ACT_DATE + r"(?:" + _SEP + r"|" + _RANGE + r")" + ACT_NUMBER + r")*)"
)
_ACT_INCOMPLETE = re.compile(
    r"(?<![A-Za-z])(?P<type>[Dd]ecision|[Rr]esolution)\s+(?P<num>[IVXLC]{1,6}|\d{1,3})\s*/\s*(?:…+|\.{2,})"
)
#: a point's sub-point after it: "Article 13.2(d)(ii)"
_SUB = r"(?:(?<=\))\s*\(\s*[ivx]{1,4}\s*\))?"
_ARTICLE = re.compile(
    r"(?<![A-Za-z])Articles?\s+(?P<num>\d{1,3}(?:\.\d{1,3}){0,2})(?:\s*\(\s*(?P<pt>[a-z0-9]{1,2})\s*\)"
    r"(?:\s*\(\s*(?P<sub>[ivx]{1,4})\s*\))?)?"
    r"(?P<more>(?:" + _SEP + r"(?:\d{1,3}(?:\.\d{1,3}){0,2}(?:\s*\(\s*[a-z0-9]{1,2}\s*\))?" + _SUB
    + r"|\(\s*[a-z0-9]{1,2}\s*\)))*)"
)
_ART_ITEM = re.compile(_SEP + r"(?P<item>\d{1,3}(?:\.\d{1,3}){0,2}(?:\s*\(\s*[a-z0-9]{1,2}\s*\))?" + _SUB
                       + r"|\(\s*[a-z0-9]{1,2}\s*\))")
_OF_THE = re.compile(r"\s+of\s+")
#: a meeting-document symbol without an organisational root ("CoP18 Doc. 12", "SC70 Doc. 5.1",
#: "COP13 Doc.18.1"): whose it is comes from the registry's tg:symbolPattern and the context
_SERIES_DOC = re.compile(
    r"(?:(?<![A-Za-z])[Dd]ocuments?\s+)?(?P<sym>(?<![\w/.\-])[A-Z][A-Za-z]{1,3}\s?\d{1,3}[\s\-]?(?:Doc|Inf|Com)\.\s?"
    r"\d{1,3}(?:\.\d{1,3}){0,3})(?![\w/]|\.\d)")
#: (the look-ahead: a match starts with "document" or a symbol's capital; re fails fast at every other place)
_DOC = re.compile(r"(?=[A-Zd])(?:(?<![A-Za-z])(?P<word>[Dd]ocuments?)\s+)?(?P<sym>" + SYMBOL + r")")
_PARAS = re.compile(
    r"(?P<ibid>(?<![A-Za-z])[Ii]bid\.?,?\s*)?"
    r"(?<![A-Za-z])(?:[Pp]aragraphs?\s*|[Pp]aras?\.\s+)(?P<first>" + _PARA_NO + r")"
    r"(?P<more>(?:(?:" + _SEP + r"|" + _RANGE + r")" + _PARA_LATER + r")*)"
)
_PARA_ITEM = re.compile(r"(?P<sep>" + _SEP + r"|" + _RANGE + r")(?P<n>" + _PARA_LATER + r")")
_TARGET = re.compile(r"(?<![A-Za-z])Targets?\s+(?P<n>\d{1,2})(?![\d.])(?P<more>(?:" + _SEP + r"\d{1,2}(?![\d.]))*)")


_THAT_ARTICLE = re.compile(r"(?<![A-Za-z])paragraph\s+(?P<n>\d{1,2})(?:\s*\(\s*(?P<pt>[a-z]{1,2})\s*\))?"
                           r"\s+of\s+(?:that|the\s+said|said)\s+article\b", re.IGNORECASE)


def said_article(text: str, m: re.Match, raws: list[Raw], add) -> None:
    """``paragraph 2 of that article``: a paragraph of the article cited last before it in its sentence (none:
    unresolved)."""
    sentence = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()), text.rfind(";", 0, m.start()))
    before = [r for r in raws if r.kind == "article" and r.steps and sentence < r.start < m.start()]
    steps = (m.group("n"),) + ((m.group("pt"),) if m.group("pt") else ())
    if not before:
        add(Raw(m.start(), m.end(), "article", steps=("?",) + steps,
                incomplete="'that article' follows no article cited in its sentence"))
        return
    prior = max(before, key=lambda r: r.start)
    fields = {k: getattr(prior, k) for k in ("inst", "short", "incomplete") if getattr(prior, k)}
    add(Raw(m.start(), m.end(), "article", steps=(prior.steps[0],) + steps, **fields))


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]`` (offsets into ``text``)."""
    hi = len(text) if hi is None else hi
    chunk = text[lo:hi]
    names = find_names(chunk, lex, text, lo)
    for n in names:
        n.start += lo
        n.end += lo
    raws: list[Raw] = []
    taken: list[tuple[int, int]] = [(a + lo, b + lo) for a, b in url_spans(chunk, text, lo)]

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(r: Raw) -> Raw:
        raws.append(r)
        taken.append((r.start, r.end))
        return r

    if not DOCUMENT_SCANS.focus(text, lo, hi):  # none of the forms below can match in this part: titles only
        instrument_forms.titles(text, lex, lo, hi, names, raws, free, add)
        raws.sort(key=lambda r: (r.start, r.end))
        return Found(raws, names)

    # "paragraph 2 of that article": held back until the article it stands for is read (see said_article)
    said = [m for m in scan(_THAT_ARTICLE, text, lo, hi)]
    taken.extend((m.start(), m.end()) for m in said)
    instrument_forms.find(text, lex, lo, hi, free, add)  # treaty and UN forms first: they name their owner

    article_chains(text, lo, hi, names, add, free)

    for m in scan(_DOC, text, lo, hi):
        if free(m.start("sym"), m.end("sym")):
            add(Raw(m.start(), m.end(), "document", symbol=m.group("sym")))

    for m in scan(_SERIES_DOC, text, lo, hi):
        if free(m.start("sym"), m.end("sym")):
            q = qualifier_before(names, m.start(), text)
            add(Raw(q[0] if q[1] else m.start(), m.end(), "document", inst=q[1], symbol=m.group("sym"), series=True))

    provision_forms(text, lo, hi, names, add, free)
    act_part_forms(text, lo, hi, add, free)
    elided_symbols(text, lo, hi, raws, add, free)

    for m in scan(_ACT_INCOMPLETE, text, lo, hi):
        if free(m.start(), m.end()):
            q = qualifier_before(names, m.start(), text)
            add(Raw(q[0], m.end(), "act", inst=q[1], short=q[2], body=q[3],
                    act_kind=_ACT_TYPE[m.group("type").lower()],
                    incomplete=f"incomplete act number {m.group()[len(m.group('type')):].strip()!r}"))
    for m in scan(_ACT, text, lo, hi):
        if not free(m.start(), m.end("num")):
            continue
        q = qualifier_before(names, m.start(), text)
        kind = _ACT_TYPE[m.group("type").lower().rstrip("s")]
        first = add(Raw(q[0], m.end("num"), "act", inst=q[1], short=q[2], body=q[3],
                        act_kind=kind, number=m.group("num")))
        if not m.group("gap"):
            first.warnings.append(f"slip corrected: {m.group('type')!r} and its number {m.group('num')!r} run together")
        prev = m.group("num")
        for im in re.finditer(r"(?P<sep>" + _SEP + r"|" + _RANGE + r")(?P<n>" + ACT_NUMBER + r")", m.group("more")):
            a = m.start("more") + im.start("n")
            if re.fullmatch(_RANGE, im.group("sep")):
                sep_at = m.start("more") + im.start("sep") + len(im.group("sep")) - len(im.group("sep").lstrip())
                for between in act_range(prev, im.group("n")):
                    add(Raw(sep_at, a + len(im.group("n")), "act", act_kind=kind, number=between, parent=first))
            add(Raw(a, a + len(im.group("n")), "act", act_kind=kind, number=im.group("n"), parent=first))
            prev = im.group("n")

    # "decisions 1/CP.16, paragraph 4, and 1/CP.18, paragraph 79": a UNFCCC number needs no word
    for m in scan(_BARE_FCCC_ACT, text, lo, hi):
        if free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "act", act_kind="decision", number=m.group()))

    for m in scan(_ARTICLE, text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        q = qualifier_before(names, m.start(), text)
        inst, short = q[1], q[2]
        steps = article_steps(m.group("num"), m.group("pt")) + ((m.group("sub"),) if m.group("sub") else ())
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
                pm = re.match(r"([\d.]+)(?:\s*\(\s*([a-z0-9]{1,2})\s*\))?(?:\s*\(\s*([ivx]{1,4})\s*\))?", item)
                isteps = article_steps(pm.group(1), pm.group(2)) + ((pm.group(3),) if pm.group(3) else ())
            add(Raw(a, a + len(item), "article", steps=isteps, parent=first))

    for m in scan(_PARAS, text, lo, hi):
        if not free(m.start("first"), m.end()):
            continue
        ibid = m.group("ibid") is not None
        start = m.start() + (len(m.group("ibid")) if ibid else 0)
        more = m.group("more") or ""
        first = add(Raw(start, m.end("first"), "paragraph", para=para_path(m.group("first")), ibid=ibid))
        add_paragraph_list_items(m, first, add, _PARA_ITEM, _RANGE, ibid)

    scheme_names = [n for n in names if n.scheme]
    for m in scan(_TARGET, text, lo, hi):
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

    qualify_article_chains(text, raws)
    for m in said:
        said_article(text, m, raws, add)
    instrument_forms.titles(text, lex, lo, hi, names, raws, free, add)  # last: a title no citation holds
    raws.sort(key=lambda r: (r.start, r.end))
    return Found(raws, names)


# ------------------------------------------------------------------ UNFCCC-style forms
# "Article 4, paragraph 1(c), of the Convention"; "decision 1/CP.21, paragraph 53";
# "annex I to decision 18/CMA.1, paragraph 77(d)"; "decision 18/CMA.1, annex,
# paragraph 90"; "paragraph 5 above", "this decision", "the annex to this decision";
# "that decision", "the same document"; "FCCC/SBI/2019/9 and Add.1".

_PLIST = _PARA_NO + r"(?:(?:" + _SEP + r"|" + _RANGE + r")" + _PARA_LATER + r")*"
_ANNEX_NO = r"(?P<an>[IVX]{1,5}|\d{1,2})"
_ART_PARA = re.compile(
    r"(?<![A-Za-z])Article\s+(?P<art>\d{1,3})(?:\s*(?P<bis>bis|ter|quater))?,\s+(?:(?:in\s+particular|including)\s+)?paragraphs?\s+"
    r"(?P<first>\d{1,3})(?!\d)(?:\s*(?P<fbis>bis|ter|quater))?(?:\s*\(\s*(?P<pt>[a-z]{1,4})\s*\))?"
    r"(?P<more>(?:(?:" + _SEP + r"|" + _RANGE + r")\d{1,3}(?!\d)(?:\s*(?:bis|ter|quater))?(?:\s*\(\s*[a-z]{1,4}\s*\))?)*)"
)
_ART_PARA_ITEM = re.compile(  # a number, never the start of a longer one ("paragraph 8, and 1995")
    r"(?P<sep>" + _SEP + r"|" + _RANGE + r")(?P<n>\d{1,3})(?!\d)(?:\s*(?P<bis>bis|ter|quater))?(?:\s*\(\s*(?P<pt>[a-z]{1,4})\s*\))?")
_ANNEX_TO_ACT = re.compile(
    r"(?<![A-Za-z])(?:[Tt]he\s+)?(?P<word>[Aa]nnex)(?:\s+" + _ANNEX_NO + r")?\s+to\s+[Dd]ecision\s+(?P<num>" + ACT_NUMBER + r")"
    r"(?:,\s+(?:[Pp]aragraphs?\s*|[Pp]aras?\.\s+)(?P<first>" + _PARA_NO + r")(?P<more>(?:(?:" + _SEP + r"|" + _RANGE + r")"
    + _PARA_LATER + r")*))?"
)
_ACT_ANNEX_PARA = re.compile(
    r"(?<![A-Za-z])[Dd]ecision\s+(?P<num>" + ACT_NUMBER + r"),\s+(?:(?P<annex>annex)(?:\s+" + _ANNEX_NO + r")?"
    r"(?:,\s+|(?=[\s,;.)]))|(?=[Pp]aragraphs?|[Pp]aras?\.))"
    r"(?:(?:[Pp]aragraphs?\s*|[Pp]aras?\.\s+)(?P<first>" + _PARA_NO + r")(?P<more>(?:(?:" + _SEP + r"|" + _RANGE + r")"
    + _PARA_LATER + r")*))?"
)
#: a paragraph referred to within its own text: also a point's sub-point ("4 (b) (i)") and a number in
#: brackets ("paragraph (2) (j) above")
_INTERNAL_NO = (r"(?:" + _PARA_NO + r"(?:\s*\(\s*[ivx]{1,4}\s*\))?|\(\s*\d{1,3}\s*\)\s*\(\s*[a-z]{1,2}\s*\)"
                r"(?:\s*\(\s*[ivx]{1,4}\s*\))?)")
_INTERNAL_PARAS = re.compile(
    r"(?<![A-Za-z])(?:[Pp]aragraphs?\s*|[Pp]aras?\.\s+)(?P<first>" + _INTERNAL_NO + r")"
    r"(?P<more>(?:(?:" + _SEP + r"|" + _RANGE + r")" + _PARA_LATER + r")*)"
    r"(?P<tail>\s+(?:above|below)|\s+of\s+(?:this|the\s+present)\s+(?:[Dd]ecision|[Aa]nnex|[Aa]rticle|[Rr]esolution)"
    r"|\s+of\s+the\s+annex(?!\s+(?:to|of)\b|\s*(?:[IVX]+|\d)\b))"
    r"(?![A-Za-z])"
)
#: a chapter or section of an act or of its annex: "chapter V of the annex to decision 2/CMA.3", "section III of
#: decision 1/CP.21", "decision 15/4, annex, section C" (-> …/section/V, as the decisions layout numbers them)
_SEC_NO = r"(?P<sec>[IVX]{1,5}(?:\.[A-Z])?|[A-Z])(?![\w.])"
_SECTION_OF_ACT = re.compile(
    r"(?<![A-Za-z])(?:[Cc]hapter|[Ss]ection)\s+" + _SEC_NO + r"\s+of\s+(?:(?:the\s+)?(?P<annex>annex)(?:\s+" + _ANNEX_NO
    + r")?\s+to\s+)?[Dd]ecision\s+(?P<num>" + ACT_NUMBER + r")")
_ACT_ANNEX_SECTION = re.compile(
    r"(?<![A-Za-z])[Dd]ecision\s+(?P<num>" + ACT_NUMBER + r"),\s+(?:(?P<annex>annex)(?:\s+" + _ANNEX_NO + r")?,\s+)?"
    r"(?P<word>[Cc]hapter|[Ss]ection)\s+" + _SEC_NO)
_THIS = re.compile(
    r"(?<![A-Za-z])(?:(?:[Tt]he\s+)?[Aa]nnex(?:\s+" + _ANNEX_NO + r")?\s+to\s+)?this\s+decision(?![A-Za-z])")
_BARE_FCCC_ACT = re.compile(r"(?=\d)(?<![\w/.])\d{1,3}/(?:CP|CMP|CMA)\.\d{1,3}(?![\w/])")
_ANAPHOR = re.compile(r"(?<![A-Za-z])(?:that|the\s+same)\s+(?P<kind>decision|document|annex)(?![A-Za-z])(?!\s*(?:\d|[A-Z]{2,}/))")
#: "UNEP/CBD/COP/8/4 and 5", "…/8/4, 5 and 6": the last number of the symbol before, elided
_ELIDED_NO = re.compile(r"(?P<sep>\s+(?:and|or)\s+|\s*,\s*(?:and\s+)?)(?P<n>\d{1,3})(?![\d/.%])"
                        r"(?!\s*(?!(?:and|or)\b)[A-Za-z(])")
_ELIDED = re.compile(r"(?P<sep>\s+and\s+|,\s*)Add\.\s?(?P<a>\d{1,2})(?:\s*[–—-]\s*(?P<b>\d{1,2}))?(?![\d/])")


def act_range(first: str, last: str) -> list[str]:
    """The numbers strictly between ``first`` and ``last`` when they differ in one number
    (``14/1`` to ``14/5``; ``2/CP.19`` to ``4/CP.19``), else none."""
    a, b = re.split(r"(\d+)", first), re.split(r"(\d+)", last)
    if len(a) != len(b):
        return []
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) != 1 or not (a[diff[0]].isdigit() and b[diff[0]].isdigit()):
        return []
    i = diff[0]
    lo, hi = int(a[i]), int(b[i])
    if not 0 < hi - lo <= 50:
        return []
    return ["".join(a[:i] + [str(k)] + a[i + 1:]) for k in range(lo + 1, hi)]


_C_HEAD = re.compile(r"(?<![A-Za-z])(?P<word>Articles?)\s+(?=\d)")
_C_ART = re.compile(r"(?P<n>\d{1,3})(?![\d.])(?:\s*(?P<bis>bis|ter|quater)(?![A-Za-z]))?"
                    r"(?:\s*\(\s*(?P<pt>[a-z]{1,4})\s*\)|\s(?P<pt2>[a-z])\)(?![A-Za-z]))?")
_C_PARA = re.compile(r",\s+(?:(?:in\s+particular|including)\s+)?paragraph(?P<pl>s)?\s+")
_C_PNUM = re.compile(r"(?P<n>\d{1,3})(?![\d./])(?:\s*(?P<bis>bis|ter|quater)(?![A-Za-z]))?(?:\s*\(\s*(?P<pt>[a-z]{1,4})\s*\))?")
_C_LETTER = re.compile(r"\(\s*(?P<pt>[a-z]{1,4})\s*\)")
_C_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
_C_RANGE = re.compile(r"\s*[–-]\s*|\s+to\s+")
_C_OWNER = re.compile(r",?\s+of\s+(?:the\s+)?")


def article_chains(text, lo, hi, names, add, free) -> None:
    """``Articles 4, paragraph 1(g) and (h), 5 and 12, paragraph 1(b), of the Convention``: a chain of articles,
    each with its paragraphs and points, one owner after it (its paragraphs are the articles', never the
    document's). Read when an owner follows, or when a plural chain holds a paragraph; else left to the
    simpler forms."""
    for h in scan(_C_HEAD, text, lo, hi):
        items: list[tuple[int, int, tuple]] = []  # (start, end, steps)
        pos, has_para = h.end(), False
        while True:
            a = _C_ART.match(text, pos)
            if not a or a.end() > hi:
                break
            art = a.group("n") + (a.group("bis") or "")
            pt = a.group("pt") or a.group("pt2")
            start = h.start() if not items else a.start()
            pos = a.end()
            p = _C_PARA.match(text, pos)
            pn = _C_PNUM.match(text, p.end()) if p else None
            if pn is None:
                items.append((start, a.end(), (art,) + ((pt,) if pt else ())))
            else:
                has_para = True
                para = pn.group("n") + (pn.group("bis") or "")
                items.append((start, pn.end(), (art, para) + ((pn.group("pt"),) if pn.group("pt") else ())))
                pos = pn.end()
                closed = False  # the paragraph list has had its "and": ", and 7" goes on with the articles
                while True:  # the paragraph's other points, or (after "paragraphs") other paragraphs
                    sep = _C_SEP.match(text, pos) or _C_RANGE.match(text, pos)
                    if not sep:
                        break
                    if closed and h.group("word") == "Articles" and sep.group().lstrip().startswith(","):
                        break
                    closed = closed or re.search(r"\b(?:and|or)\b", sep.group()) is not None
                    lt = _C_LETTER.match(text, sep.end())
                    if lt and not _C_RANGE.fullmatch(sep.group()):
                        items.append((lt.start(), lt.end(), (art, para, lt.group("pt"))))
                        pos = lt.end()
                        continue
                    nx = _C_PNUM.match(text, sep.end()) if p.group("pl") else None
                    if nx is None or (h.group("word") == "Articles" and _C_PARA.match(text, nx.end())):
                        break
                    if _C_RANGE.fullmatch(sep.group()) and para.isdigit() and nx.group("n").isdigit():
                        for k in range(int(para) + 1, min(int(nx.group("n")), int(para) + 30)):
                            items.append((sep.start() + len(sep.group()) - len(sep.group().lstrip()), nx.end(), (art, str(k))))
                    para = nx.group("n") + (nx.group("bis") or "")
                    items.append((nx.start(), nx.end(), (art, para) + ((nx.group("pt"),) if nx.group("pt") else ())))
                    pos = nx.end()
            if h.group("word") != "Articles":
                break
            sep = _C_SEP.match(text, pos)
            if not sep or not _C_ART.match(text, sep.end()) or re.match(r"\s*\d{1,3}\s*/", text[sep.end():sep.end() + 6]):
                break
            pos = sep.end()
        if not items:
            continue
        end = max(b for _, b, _ in items)
        of = _C_OWNER.match(text, end)
        owner = None
        if of:
            owner = next((n for n in names if of.end() - 4 <= n.start <= of.end() and (n.inst or n.short or n.unknown)), None)
        if owner is None and not (has_para and h.group("word") == "Articles" and len(items) > 1):
            continue
        if owner is None and not has_para:
            continue
        if not all(free(a, b) for a, b, _ in items):
            continue
        fields = {"inst": owner.inst, "short": owner.short} if owner is not None and not owner.unknown else {}
        if len(items) == 1 and fields and owner.end <= hi:  # "Article 14 of the Convention" includes its owner
            items = [(items[0][0], owner.end, items[0][2])]
        first = None
        for a, b, steps in items:
            r = add(Raw(a, b, "article", steps=steps, parent=first, **fields))
            first = first or r


def provision_forms(text, lo, hi, names, add, free) -> None:
    """``Article 4, paragraph 1(c), of the Convention`` and its lists (the paragraph is the article's)."""
    for m in scan(_ART_PARA, text, lo, hi):
        if not free(m.start(), m.end()):
            continue
        art = m.group("art") + (m.group("bis") or "")
        first_steps = (art, m.group("first") + (m.group("fbis") or "")) + ((m.group("pt"),) if m.group("pt") else ())
        inst = short = None
        end = m.end("first") if m.group("more") else m.end()
        of = re.match(r",?\s+of\s+(?:the\s+)?", text[m.end():m.end() + 12])
        if of:
            at = m.end() + of.end()
            follower = next((n for n in names if n.start == at and (n.inst or n.short)), None)
            if follower is None:
                follower = next((n for n in names if at - 4 <= n.start <= at and (n.inst or n.short)), None)
            if follower is not None:
                inst, short = follower.inst, follower.short
                if not m.group("more"):
                    end = follower.end
        first = add(Raw(m.start(), end, "article", inst=inst, short=short, steps=first_steps))
        prev = m.group("first")
        for im in _ART_PARA_ITEM.finditer(m.group("more") or ""):
            a = m.start("more") + im.start("n")
            b = m.start("more") + im.end()
            if re.fullmatch(_RANGE, im.group("sep")) and prev.isdigit():
                for k in range(int(prev) + 1, int(im.group("n"))):
                    add(Raw(a, b, "article", steps=(art, str(k)), parent=first))
            steps = (art, im.group("n") + (im.group("bis") or "")) + ((im.group("pt"),) if im.group("pt") else ())
            add(Raw(a, b, "article", steps=steps, parent=first))
            prev = im.group("n")


def _paragraph_list(m, owner: Raw | None, add, internal: bool = False, annex: str | None = None) -> None:
    """The paragraphs of list ``m`` (groups ``first``, ``more``), belonging to ``owner`` or internal
    (``annex``: of the citing act's annex, "paragraph 6 of the annex")."""
    def tagged(r: Raw) -> Raw:
        r.internal = internal
        r.annex = annex
        return add(r)

    first = tagged(Raw(_para_word_start(m), m.end("first"), "paragraph", para=para_path(m.group("first")), of=owner))
    add_paragraph_list_items(m, first, tagged, _PARA_ITEM, _RANGE, False)


def _para_word_start(m) -> int:
    s = m.string
    k = m.start("first")
    w = re.search(r"(?:[Pp]aragraphs?\s*|[Pp]aras?\.\s+)$", s[max(0, k - 14):k])
    return k - (len(w.group()) if w else 0)


def act_part_forms(text, lo, hi, add, free) -> None:
    """Annexes and paragraphs of decisions written beside them, internal references, anaphora."""
    for rx in (_ANNEX_TO_ACT, _ACT_ANNEX_PARA):
        for m in scan(rx, text, lo, hi):
            has_annex = rx is _ANNEX_TO_ACT or m.group("annex") is not None
            if not free(m.start(), m.end()) or not (has_annex or m.group("first")):
                continue
            if rx is _ACT_ANNEX_PARA and has_annex:
                end = m.end("an") if m.group("an") else m.end("annex")
            else:
                end = m.end("num")
            start = m.start("word") if rx is _ANNEX_TO_ACT else m.start()
            act = add(Raw(start, end, "act", act_kind="decision", number=m.group("num"),
                          annex=(m.group("an") or "1") if has_annex else None))
            if m.group("first"):
                _paragraph_list(m, act, add)
    for rx in (_SECTION_OF_ACT, _ACT_ANNEX_SECTION):  # the chapter's own mention; the act's is read apart
        for m in scan(rx, text, lo, hi):
            start = m.start() if rx is _SECTION_OF_ACT else m.start("word")
            if free(start, m.end("sec")):
                add(Raw(start, m.end("sec"), "act", act_kind="decision", number=m.group("num"),
                        annex=(m.group("an") or "1") if m.group("annex") else None, part_steps=(("section", m.group("sec")),)))
    tails: list[tuple[int, int]] = []
    for m in scan(_INTERNAL_PARAS, text, lo, hi):
        if free(m.start("first"), m.end()):
            _paragraph_list(m, None, add, internal=True, annex="1" if re.search(r"annex", m.group("tail"), re.I) else None)
            tails.append((m.start("tail"), m.end("tail")))
    for m in scan(_THIS, text, lo, hi):
        if free(m.start(), m.end()) and not any(a <= m.start() < b for a, b in tails):
            annex = (m.group("an") or "1") if re.match(r"(?:[Tt]he\s+)?[Aa]nnex", m.group()) else None
            add(Raw(m.start(), m.end(), "act", act_kind="decision", internal=True, annex=annex))
    for m in scan(_ANAPHOR, text, lo, hi):
        if free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "document" if m.group("kind") == "document" else "act",
                    anaphor=m.group("kind")))


def elided_symbols(text, lo, hi, raws, add, free) -> None:
    """``FCCC/SBI/2019/9 and Add.1``, ``FCCC/SB/2021/4 and Add.1–2``: the addenda of the symbol before;
    ``UNEP/CBD/COP/8/4 and 5``: the symbol before with its last number replaced."""
    for r in [r for r in raws if r.kind == "document"]:
        m = _ELIDED.match(text, r.end)
        if not m or m.end() > hi:
            continue
        base = re.sub(r"/Add\.\d+$", "", r.symbol)
        a = int(m.group("a"))
        b = int(m.group("b") or a)
        if not free(m.start("a"), m.end()):
            continue
        for k in range(a, min(b, a + 20) + 1):
            add(Raw(m.start("sep") + len(m.group("sep")), m.end(), "document", symbol=f"{base}/Add.{k}", parent=r))
    for r in [r for r in raws if r.kind == "document" and r.parent is None]:
        last = re.search(r"/(\d{1,3})$", r.symbol or "")
        pos, prev = r.end, int(last.group(1)) if last else None
        while prev is not None:
            m = _ELIDED_NO.match(text, pos)
            if not m or m.end() > hi or not prev < int(m.group("n")) <= prev + 30 or not free(m.start("n"), m.end()):
                break
            add(Raw(m.start("n"), m.end(), "document", symbol=r.symbol[:last.start(1)] + m.group("n"), parent=r))
            pos, prev = m.end(), int(m.group("n"))


def qualify_article_chains(text: str, raws: list[Raw]) -> None:
    """``Article 9, paragraph 8, Article 11, paragraph 5, and Article 19 of the Paris Agreement``:
    the name after the last article of a chain qualifies the unqualified ones before it."""
    arts = sorted((r for r in raws if r.kind == "article"), key=lambda r: r.start)
    for i in range(len(arts) - 2, -1, -1):
        r, nxt = arts[i], arts[i + 1]
        if r.inst or r.short or r.parent is not None:
            continue
        head = nxt if nxt.parent is None else nxt.parent
        if not (head.inst or head.short):
            continue
        last_end = max([x.end for x in arts if x is r or x.parent is r])
        if re.fullmatch(r"[\s,]*(?:and\s+)?", text[last_end:nxt.start]):
            r.inst, r.short = head.inst, head.short


#: Every pattern :func:`extract` (with ``instrument_forms.find``) runs over a part's text: a part where none
#: of them can match (no head or needle of any, see :mod:`.scan`) skips them all. A pattern added to those
#: scans must be added here (``tests/ingest/test_pattern_scan.py`` reads the code and checks).
DOCUMENT_SCANS = Group([
    _THAT_ARTICLE, _DOC, _SERIES_DOC, _ACT_INCOMPLETE, _ACT, _BARE_FCCC_ACT, _ARTICLE, _PARAS, _TARGET,
    _C_HEAD, _ART_PARA, _ANNEX_TO_ACT, _ACT_ANNEX_PARA, _SECTION_OF_ACT, _ACT_ANNEX_SECTION, _INTERNAL_PARAS, _THIS, _ANAPHOR,
] + instrument_forms.DOCUMENT_SCANS)
