"""Paragraphs of cited acts and documents: ``paragraph 9 of decision X/20``, ``annex I to decision 18/CMA.1, paragraph 77(d)``.

A bare paragraph number belongs to the act or document named right after it
(through an annex step), is no citation when what follows ``of`` is not a cited
act ("paragraph 5 of the report"), else belongs to the nearest act cited before
it in its sentence, to the act of the previous footnote after ibid., or, in a
footnote, to the act cited before the footnote's marker; otherwise it is this
document's own paragraph (no citation).
"""

from __future__ import annotations

import re

from ... import identifiers as ids
from ..cite.common import Raw
from .context import _Done

_POSTPOSED = re.compile(r"\s+(?:of|in|under)\s+(?:the\s+)?")
#: An annex step between an act and its paragraph: "decision X/2, annex, paragraph 3", "决定 X/2 附件第 3 段".
_ANNEX_BETWEEN = re.compile(
    r"\s*,?\s*(?:(?:the\s+)?[Aa]nnex(?:\s+(?P<n>[IVXL]{1,5}|\d{1,2}))?|的?\s*附件\s*(?P<zh>[IVXL]{1,5}|\d{1,2}|[一二三四五六七八九十]{1,3})?)\s*,?\s*的?\s*$")
#: "paragraph 13 of the annex to decision X/2", "paragraph 3 of annex I to decision 18/CMA.1"
_ANNEX_OF = re.compile(r"(?:the\s+)?annex(?:\s+(?P<n>[IVXL]{1,5}|\d{1,2}))?\s+(?:to|of)\s+(?:the\s+)?$", re.IGNORECASE)
#: an annex step before an act: "annex I to decision 18/CMA.1, paragraph 77(d)"
_ANNEX_BEFORE = re.compile(r"(?<![A-Za-z])[Aa]nnex(?:\s+(?P<n>[IVXL]{1,5}|\d{1,2}))?\s+(?:to|of)\s+(?:the\s+)?$")


class ParagraphRules:
    """Paragraphs of acts and documents (mixed into :class:`.resolver.Resolver`)."""

    def _last_cited(self, part, lo: int, hi: int) -> _Done | None:
        for d in reversed(self.done):
            if d.part is part and lo <= d.raw.start < hi and d.raw.kind in ("act", "document"):
                return d
        return None

    def paragraph(self, raw, part, warnings):
        annex = None
        if raw.of is not None:
            parent = self._done_of(raw.of)
            if parent is None:
                return None, None, None, warnings
        elif raw.parent is not None:
            if id(raw.parent) not in self.para_parent:
                return None, None, None, warnings
            parent = self.para_parent[id(raw.parent)]
            annex = self._para_annex.get(id(raw.parent))
        elif raw.ibid:
            parent = self.previous_footnote_act(part)
        else:
            following = self._following_cited(raw, part)
            if following is False:
                if self.of_something_else(raw):
                    warnings.append("unresolved: the paragraph is of something named after it that is not a known act"
                                    " or document")
                    return None, None, "document-paragraph", warnings
                return None, None, None, warnings  # "paragraph 5 of the report": not a cited act's paragraph
            if following is not None:
                parent, annex = following
            else:
                parent = self._last_cited(part, self.sentence_start(raw.start, part), raw.start)
                if parent is not None:
                    annex = self._annex_between(parent, raw)
            if parent is None and part.kind == "fn":
                anchor = self.anchor(part)
                if anchor is not None:
                    parent = self._last_cited(anchor[0], anchor[0].start, anchor[1])
        if parent is None:
            return None, None, None, warnings  # this document's own paragraph
        self.para_parent[id(raw)] = parent
        self._para_annex[id(raw)] = annex
        kind = "decision-paragraph" if parent.raw.kind == "act" or isinstance(parent.ref, ids.Act) else "document-paragraph"
        if parent.ref is None:
            warnings.append("unresolved: the act or document this paragraph belongs to is unresolved")
            return None, None, kind, warnings
        if getattr(parent, "act_details", None):
            self.details[id(raw)] = dict(parent.act_details)  # the act's number, for its description
        target, steps = parent.ref, ()
        if isinstance(target, ids.Part):  # "paragraph 77(d) of annex I to decision 18/CMA.1"
            target, steps = target.parent, target.steps
        if any(k == "section" for k, _ in steps):
            # "paragraph 36 of section III of decision 1/CP.21" is the act's paragraph 36, but "paragraph 5(a) of
            # section XV of the annex to decision 27/CMP.1" is the section's own: which one the text does not say
            warnings.append("unresolved: a paragraph cited with its chapter or section (numbered through the act "
                            "or per chapter: not known)")
            return None, None, kind, warnings
        if annex and not any(k == "annex" for k, _ in steps):
            steps += (("annex", annex),)
        ref = ids.Part(target, steps + (("para", raw.para),))
        try:
            ids.path_of(ref)
        except ids.IdentifierError as exc:  # "paragraph 17(j–g)": a number no paragraph has
            warnings.append(f"unresolved: {exc}")
            return None, None, kind, warnings
        return ref, None, kind, warnings

    def _annex_between(self, parent: _Done, raw: Raw) -> str | None:
        """The annex step of "decision X/2, annex, paragraph 3" / "annex I to decision X/2, paragraph 3"."""
        src = self.seg.source
        m = _ANNEX_BETWEEN.match(src[parent.raw.end:raw.start])
        if m:
            n = m.group("n") or m.group("zh")
            if n and not n.isdigit() and not re.fullmatch(r"[IVXL]+", n):
                from ..cite.common import chinese_number

                n = str(chinese_number(n))
            return n or "1"
        if re.fullmatch(r"\s*,\s*", src[parent.raw.end:raw.start]):
            b = _ANNEX_BEFORE.search(src, max(0, parent.raw.start - 20), parent.raw.start)
            if b:
                return b.group("n") or "1"
        return None

    def _following_cited(self, raw: Raw, part):
        """"paragraph 9 of decision X/20": ``(the act or document named right after the list, annex step)``;
        ``False`` when what follows ``of`` is something else (the paragraph is not a cited act's)."""
        end = max([raw.end] + [r.end for r in self.list_items.get(id(raw), [])])
        m = _POSTPOSED.match(self.seg.source, end)
        if not m:
            return None
        for d in self.done:
            if d.part is part and m.start() < d.raw.start <= m.end() + 40 and d.raw.kind in ("act", "document"):
                between = self.seg.source[min(m.end(), d.raw.start):d.raw.start]
                if re.fullmatch(r"\s*(?:(?:its|their|his|her|said|that|the)\s+)?", between):
                    return d, None
                annex = _ANNEX_OF.fullmatch(between)
                if annex:
                    return d, annex.group("n") or "1"
                if re.search(r"[,;.。，；]", between):
                    return None
                return False
        # "paragraph 5 of the report", "of this decision": a paragraph of something no citation names here
        return False if re.match(r"[A-Za-z]", self.seg.source[m.end():m.end() + 1]) else None

    def of_something_else(self, raw: Raw) -> bool:
        """"paragraph 79 of the report on SBSTA 40": an English paragraph owned by what follows it."""
        end = max([raw.end] + [r.end for r in self.list_items.get(id(raw), [])])
        return re.match(r",?\s+of\s+(?:the|its|that|this|document|a|an)\b", self.seg.source[end:end + 20]) is not None

    def previous_footnote_act(self, part) -> _Done | None:
        if part.kind != "fn":
            # ibid. in running text: the last act or document cited before
            for d in reversed(self.done):
                if d.raw.kind in ("act", "document"):
                    return d
            return None
        n = int(part.number)
        for d in reversed(self.done):
            if d.part.kind == "fn" and int(d.part.number) < n and d.raw.kind in ("act", "document"):
                # the footnote's first cited act or document
                same = [e for e in self.done if e.part is d.part and e.raw.kind in ("act", "document")]
                return same[0]
        # no earlier footnote cites anything: the act cited before the marker
        anchor = self.anchor(part)
        return self._last_cited(anchor[0], anchor[0].start, anchor[1]) if anchor else None
