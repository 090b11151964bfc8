"""Paragraphs of a decision that a document quotes, with the quoted words.

A lead-in that cites a decision and ends in a colon ("CBD COP decision X/20 …, paragraphs 4, 8
and 9 state that:", "decision VII/26 (paragraphs 1 and 2) which states that:", "paragraph 5 of
decision X/20 reads:", 第 5 段内容如下：) followed by a quotation in curly quotes gives, for each
numbered paragraph inside the quotation ("4. Requests the Executive Secretary …"), or for the one
paragraph the lead-in names when the quotation has no numbers, a ``tg:ParagraphQuotation``
(``{quoting part}#quote-{offset}``): ``tg:quotedParagraph`` the act's paragraph
(``id/cbd/decision/X-20/para/4``, which gets ``tg:quotation`` back), ``tg:quotedText`` the words,
their offsets, ``prov:wasDerivedFrom`` the quoting part and ``dcterms:source`` the quoting document.
The quoted words are never the act's own ``tg:text``: that comes only from ingesting the act.
When the lead-in lists paragraphs, only those numbers are taken.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from .. import identifiers as ids
from ..namespaces import ELI, TG
from .facts import Facts
from .model import Mention
from .segment import Segmentation

#: A lead-in ends in a colon right before the opening quote (blank lines between).
_OPEN = re.compile(r"[:：]\s*(?:\n\s*)*[“\"]")
_LEAD_WINDOW = 400
_SENTENCE_END = re.compile(r"[.。;；]\s|\n\s*\n")
_LISTED = re.compile(r"paragraphs?\s+(?P<list>\d+(?:\s*(?:,|and|to|–|-)\s*\d+)*)|第\s*(?P<zh>\d+(?:\s*[、和至]\s*\d+)*)\s*段",
                     re.I)
_NUMBERED = re.compile(r"^[ \t]*[“\"]?[ \t]*(?P<n>\d{1,3})\.[ \t]+", re.M)
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _numbers(listed: str) -> set[str]:
    out: set[str] = set()
    nums = re.findall(r"\d+", listed)
    if re.search(r"\bto\b|[–-]|至", listed) and len(nums) == 2 and int(nums[0]) < int(nums[1]) <= int(nums[0]) + 50:
        return {str(k) for k in range(int(nums[0]), int(nums[1]) + 1)}
    out.update(nums)
    return out


def _act_of(uri: str, base: str) -> ids.Act | None:
    try:
        ref = ids.parse(uri, base)
    except ids.IdentifierError:
        return None
    while isinstance(ref, ids.Part):
        ref = ref.parent
    return ref if isinstance(ref, ids.Act) else None


def _clean(text: str) -> str:
    text = re.sub(r"[*_]", "", text)
    text = text.translate({ord(c): None for c in _SUPERSCRIPTS})
    return re.sub(r"\s+", " ", text).strip().strip("“”\"").strip()


def extract_quoted_paragraphs(seg: Segmentation, mentions: list[Mention], part_uri, doc: URIRef,
                              base: str) -> Facts:
    """The quoted decision paragraphs of ``seg`` (see the module docstring)."""
    facts = Facts()
    src = seg.source
    footnotes = [p for p in seg.parts if p.kind == "fn"]
    decisions = sorted((m for m in mentions if m.target_uri and m.kind in ("decision", "decisionParagraph")),
                       key=lambda m: m.start)
    for om in _OPEN.finditer(src):
        colon, qstart = om.start(), om.end()
        lo = max(0, colon - _LEAD_WINDOW)
        ends = list(_SENTENCE_END.finditer(src, lo, colon))
        lead_start = ends[-1].end() if ends else lo
        cited = [m for m in decisions if lead_start <= m.start < colon]
        acts = {a for a in (_act_of(m.target_uri, base) for m in cited) if a is not None}
        if len(acts) != 1:
            continue
        act = acts.pop()
        close = src.find("”", qstart)
        if close < 0:
            continue
        lead = src[lead_start:colon]
        listed: set[str] = set()
        for lm in _LISTED.finditer(lead):
            listed |= _numbers(lm.group("list") or lm.group("zh"))
        numbered = [n for n in _NUMBERED.finditer(src, qstart - 1, close)
                    if not any(f.contains(n.start() + 1) for f in footnotes)]
        spans: list[tuple[str, int, int]] = []
        for k, n in enumerate(numbered):
            stop = numbered[k + 1].start() if k + 1 < len(numbered) else close
            spans.append((n.group("n"), n.end(), stop))
        if not spans and len(listed) == 1:
            spans = [(next(iter(listed)), qstart, close)]
        for number, a, b in spans:
            if listed and number not in listed:
                continue
            # the quoted paragraph's own words: without the footnotes printed inside it
            pieces = []
            pos = a
            for f in sorted((f for f in footnotes if a <= f.start < b), key=lambda f: f.start):
                pieces.append(src[pos:f.start])
                pos = max(pos, f.end)
            pieces.append(src[pos:b])
            words = _clean(" ".join(pieces))
            holder = seg.citing_part(a)
            if not words or holder is None:
                continue
            para = URIRef(ids.mint(ids.Part(act, (("para", number),)), base))
            q = URIRef(f"{part_uri(holder)}#quote-{a}")
            facts.add(q, RDF.type, TG.ParagraphQuotation)
            facts.add(q, TG.quotedParagraph, para)
            facts.add(para, TG.quotation, q)
            facts.add(para, ELI.is_part_of, URIRef(ids.mint(act, base)))
            facts.add(q, TG.quotedText, Literal(words, lang=holder.lang or "en"))
            facts.add(q, TG.startOffset, Literal(a))
            facts.add(q, TG.endOffset, Literal(b))
            facts.add(q, PROV.wasDerivedFrom, URIRef(part_uri(holder)))
            facts.add(q, DCTERMS.source, doc)
    return facts
