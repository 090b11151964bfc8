"""References within an act and back to an earlier one: "paragraph 5 above", "this decision", "that decision"."""

from __future__ import annotations

from ... import identifiers as ids
from ..cite.common import Raw
from .acts import match_rule


def _enclosing_act(part) -> tuple[ids.Act | None, tuple]:
    """The act a segment belongs to and the annex/appendix steps it sits in."""
    ref = getattr(part, "ref", None)
    if isinstance(ref, ids.Act):
        return ref, ()
    if isinstance(ref, ids.Part) and isinstance(ref.parent, ids.Act):
        steps = ref.steps
        k = max((i for i, (kind, _) in enumerate(steps) if kind in ("annex", "appendix")), default=-1)
        return ref.parent, tuple(steps[:k + 1])
    return None, ()


def _act_of_ref(ref) -> ids.Act | None:
    if isinstance(ref, ids.Act):
        return ref
    if isinstance(ref, ids.Part) and isinstance(ref.parent, ids.Act):
        return ref.parent
    return None


class ActContext:
    """References within an act and back to an earlier one (decision compilations).

    A part whose segment *is* a resource of an act (``Segment.ref``) knows its
    act: "paragraph 5 above", "this decision", "the annex to this decision" are
    references within that act (kind ``internal``, never a citation of another
    act, and an act's own number is one too); "that decision", "the same
    document" refer back to the last act or document cited in the act; the
    act's instrument is the home of its parts (so "the Convention" in a CMA
    decision is the UNFCCC, the Paris Agreement's parent).
    """

    def part_home(self, part) -> str | None:
        ref = getattr(part, "ref", None)
        act, _ = _enclosing_act(part)
        if act is not None:
            return act.inst
        if isinstance(ref, ids.Provision):
            return ref.inst
        return self.home


    def own_act(self, ref, part) -> bool:
        act, _ = _enclosing_act(part)
        return act is not None and _act_of_ref(ref) == act


    def inherited_only(self, raw: Raw) -> bool:
        """True when a list item has no qualifier of its own (it took the first item's)."""
        return raw.parent is not None and not (raw.inst or raw.short or raw.body)


    def internal_ref(self, raw: Raw, part, warnings):
        act, container = _enclosing_act(part)
        if act is None and isinstance(part.ref, ids.Provision) and raw.kind == "paragraph":
            # "paragraph 4 of this Article" in a treaty text: the article's own paragraph
            ref = ids.Provision(part.ref.inst, (part.ref.steps[0],) + tuple(raw.para.split(".")))
            if ref in self.segment_refs() or not self.article_has_paragraphs(part.ref):
                # an article whose paragraphs the layout did not read (OCR'd lines): taken as written,
                # as where the segmentation knows no articles at all
                return ref, ref.inst, "internal", warnings
            warnings.append(f"unresolved: the article has no paragraph {raw.para}")
            return None, ref.inst, "internal", warnings
        if act is None and raw.kind == "paragraph" and raw.steps and self.home:
            # (issue 14) a paragraph of the article the grammar found it in from the text's headings,
            # where the segmentation does not know the text's articles (a language its layout lacks)
            return ids.Provision(self.home, tuple(raw.steps)), self.home, "internal", warnings
        if act is None:
            return None, None, None, warnings  # not within an act: this document's own part
        self.details[id(raw)] = self.act_details(act)
        if raw.kind == "act":
            ref = ids.Part(act, (("annex", raw.annex),)) if raw.annex else act
            return ref, act.inst, "internal", warnings
        if raw.annex and not any(k == "annex" for k, _ in container):  # "paragraph 6 of the annex", in the act's body
            container = (("annex", raw.annex),)
        try:
            ref = ids.Part(act, container + (("para", raw.para),))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, act.inst, "internal", warnings
        if ref not in self.segment_refs():
            warnings.append(f"unresolved: {ids.path_of(ref)} is not a paragraph of this act as segmented"
                            " (a quoted text's numbering, or a paragraph the layout missed)")
            return None, act.inst, "internal", warnings
        return ref, act.inst, "internal", warnings

    def act_details(self, act: ids.Act) -> dict:
        """The official number and body of the act a document holds (for its description when a reference
        within it is the first thing to name it, as in a General Assembly resolution); read once per act."""
        known = self.__dict__.setdefault("_details_by_act", {})
        if act not in known:
            known[act] = self._act_details(act)
        return dict(known[act])

    def _act_details(self, act: ids.Act) -> dict:
        numbered = self.__dict__.get("_numbered_parts")
        if numbered is None:  # the first part that is each resource and prints its number
            numbered = self._numbered_parts = {}
            for p in self.seg.parts:
                if p.ref is not None and p.number and p.ref not in numbered:
                    numbered[p.ref] = p
        p = numbered.get(act)
        if p is not None:
            return {"number": p.number, "body": p.extra.get("body")}
        for rule in self.lex.rules.get(act.inst, ()):
            if rule.act_kind != act.kind:
                continue
            for written in {act.number.replace("-", "/"), act.number.replace("-", " ")}:
                official = match_rule(rule, written)
                if official is not None and ids.number_to_path(official) == act.number:
                    return {"number": official, "body": rule.body}
        return {}

    def article_has_paragraphs(self, provision) -> bool:
        """True when the segmentation holds some paragraph of ``provision``'s article."""
        head = (provision.inst, provision.steps[0])
        return any(isinstance(r, ids.Provision) and len(r.steps) > 1 and (r.inst, r.steps[0]) == head
                   for r in self.segment_refs())

    def segment_refs(self) -> set:
        """The resources the document's segments are (computed once)."""
        if getattr(self, "_segment_refs", None) is None:
            self._segment_refs = {p.ref for p in self.seg.parts if p.ref is not None}
        return self._segment_refs


    def anaphor_ref(self, raw: Raw, part, warnings):
        act, _ = _enclosing_act(part)
        lo = part.start
        if act is not None:
            lo = min((p.start for p in self.seg.parts if _enclosing_act(p)[0] == act), default=part.start)
        want = "document" if raw.anaphor == "document" else "act"
        for d in reversed(self.done):
            if d.raw.start >= raw.start or d.raw.start < lo or d.ref is None or d.raw.kind != want or d.raw.anaphor:
                continue
            if raw.anaphor == "annex":  # "paragraphs 65–78 of that annex": the last annex of an act cited
                if not (isinstance(d.ref, ids.Part) and d.ref.steps[0][0] == "annex"):
                    continue
                self.details[id(raw)] = dict(getattr(d, "act_details", {}))
                return ids.Part(d.ref.parent, d.ref.steps[:1]), d.inst, "decision", warnings
            ref = _act_of_ref(d.ref) if want == "act" else d.ref
            if ref is None or (want == "act" and ref == act):
                continue
            self.details[id(raw)] = dict(self.details.get(id(d.raw), {}))
            return ref, d.inst, "decision" if want == "act" else "document", warnings
        warnings.append(f"unresolved: no {raw.anaphor} cited before to refer back to")
        return None, None, "decision" if want == "act" else "document", warnings
