"""The resolver: one document's raw mentions, in document order, to :class:`~treatygraph.ingest.model.Mention` objects.

Acts, documents, articles and targets first, then paragraphs (which may belong
to an act cited after them); each kind's rules live in their own module.
"""

from __future__ import annotations

from collections import Counter

from ... import identifiers as ids
from ...registry import Registry
from ..cite.common import Found, Lexicon, Name, Raw
from ..model import Mention
from ..segment import Segmentation
from .acts import ActRules
from .articles import ArticleRules
from .context import Context, _Done, _Qualifier
from .paragraphs import ParagraphRules
from .provisions import ProvisionIndex
from .targets import TargetRules
from .within_act import ActContext


class Resolver(ActContext, Context, ArticleRules, ActRules, ParagraphRules, TargetRules):
    """Resolves one document's raw mentions in document order."""

    def __init__(self, seg: Segmentation, lex: Lexicon, registry: Registry, home: str | None, base: str,
                 provisions: ProvisionIndex | None = None):
        self.seg = seg
        #: the provisions the ingested treaty texts hold (None: an inferred article is not checked)
        self.provisions = provisions
        self.lex = lex
        self.registry = registry
        self.home = home
        self.base = base
        self.done: list[_Done] = []
        self._definitions: dict[str, str] | None = None
        self.para_parent: dict[int, _Done] = {}
        self.details: dict[int, dict] = {}
        self._by_raw: dict[int, _Done] = {}
        self._quals: dict[int, _Qualifier] = {}
        #: (part, article number) -> the instrument an earlier mention in that part qualified it with
        self._qualified_articles: dict[tuple[int, str], str] = {}
        self._para_annex: dict[int, str | None] = {}
        self.list_items: dict[int, list[Raw]] = {}
        self._name_starts: list[int] = []
        self.counts: Counter[str] = Counter()
        #: unknown titles named so far, by head noun ("convention") and by title
        self.unknown_counts: dict[str, Counter[str]] = {}
        self._names: list[Name] = []
        self._acts: list[Raw] = []
        self._act_starts: list[int] = []
        self._boundary_ends: dict[tuple[int, int], list[int]] = {}

    def run(self, found: Found) -> list[Mention]:
        """Acts, documents, articles and targets first (in order), then paragraphs.

        Paragraphs go last so that one may belong to an act cited after it
        ("paragraph 9 of decision X/20").
        """
        names = found.names
        self._name_starts = [n.start for n in names]
        self._acts = sorted((r for r in found.raws if r.kind == "act" and r.parent is None), key=lambda r: r.start)
        self._act_starts = [r.start for r in self._acts]
        letter_points = {
            r.steps[:-1] for r in found.raws
            if r.kind == "article" and len(r.steps) >= 2 and r.steps[-1].isalpha()
        }
        self.list_items: dict[int, list[Raw]] = {}
        for r in found.raws:
            if r.parent is not None:
                self.list_items.setdefault(id(r.parent), []).append(r)
        items: list[tuple[int, int, object]] = [(n.start, 0, n) for n in names]
        items += [(r.start, 1, r) for r in found.raws if r.kind != "paragraph"]
        items.sort(key=lambda t: (t[0], t[1]))
        inside: set[tuple[int, int]] = set()
        for r in found.raws:
            if r.kind == "instrument":
                continue  # a title alone is the name itself: the document names that instrument
            for n in self.names_between(names, r.start, r.end):
                inside.add((n.start, n.end))
        mentions: list[Mention] = []
        self._names = names
        for _, is_raw, obj in items:
            if not is_raw:
                if obj.inst and (obj.start, obj.end) not in inside:
                    self.counts[obj.inst] += 1
                if obj.unknown and obj.head:
                    self.unknown_counts.setdefault(obj.head, Counter())[obj.unknown] += 1
                continue
            self._emit(obj, names, letter_points, mentions)
        self.done.sort(key=lambda d: d.raw.start)
        for r in found.raws:
            if r.kind == "paragraph":
                self._emit(r, names, letter_points, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _emit(self, raw: Raw, names, letter_points, mentions: list[Mention]) -> None:
        part = self.seg.citing_part(raw.start)
        if part is None:
            return
        home = self.home
        self.home = self.part_home(part)
        try:
            ref, inst, kind, warnings = self.resolve_one(raw, part, names, letter_points)
        finally:
            self.home = home
        if kind is None:
            return  # not a citation after all (this document's own paragraph)
        if ref is not None and kind != "internal" and self.own_act(ref, part):
            kind = "internal"  # an act never cites itself: its own number is a reference within it
        done = _Done(raw, part, ref, inst)
        self.done.append(done)
        self._by_raw[id(raw)] = done
        uri = ids.mint(ref, self.base) if ref is not None else None
        m = Mention(text=self.seg.source[raw.start:raw.end], start=raw.start, end=raw.end, kind=kind,
                    target_uri=uri, warnings=warnings, part_uri=None, line=self.seg.line_of(raw.start))
        m.details = {"part": part, "inst": inst, **self.details.pop(id(raw), {})}
        done.act_details = {k: m.details[k] for k in ("number", "body") if k in m.details}
        mentions.append(m)

    def _done_of(self, raw: Raw) -> _Done | None:
        return self._by_raw.get(id(raw))

    def resolve_one(self, raw: Raw, part, names, letter_points):
        warnings = list(raw.warnings)
        if raw.internal:
            return self.internal_ref(raw, part, warnings)
        if raw.anaphor:
            return self.anaphor_ref(raw, part, warnings)
        if raw.incomplete and raw.kind != "act":  # the grammar saw why it cannot be resolved
            warnings.append(f"unresolved: {raw.incomplete}")
            return None, None, raw.kind, warnings
        if raw.kind == "instrument-part":
            return self.instrument_part(raw, warnings)
        if raw.kind == "instrument":  # a title alone; the text of that instrument does not cite itself
            return (None, None, None, warnings) if raw.inst == self.home else (
                ids.Entity(raw.inst), raw.inst, "instrument", warnings)
        if raw.kind == "article":
            return self.article(raw, part, names, letter_points, warnings)
        if raw.kind == "act":
            return self.act(raw, part, names, warnings)
        if raw.kind == "document":
            return self.document(raw, part, names, warnings)
        if raw.kind == "paragraph":
            return self.paragraph(raw, part, warnings)
        if raw.kind == "target":
            return self.target(raw, part, names, warnings)
        return None, None, None, warnings
