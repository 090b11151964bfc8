"""Articles and parts of an instrument: ``Article 4, paragraph 1(c), of the Convention`` → ``id/unfccc/art/4.1.c``.

The instrument comes from the qualifier, else the sentence's names, else the
instrument the same article was qualified with earlier in its part, else the
home instrument; an article inside a treaty annex that numbers its own articles
is the annex's.
"""

from __future__ import annotations

import re

from ... import identifiers as ids

#: an annex named right before an article: "Annex III, article 13"
_ANNEX_COMMA = re.compile(r"\bAnnex\s+([IVXL]{1,5}|\d{1,2}),\s*$")
#: points and an ``of the …`` after an article number: " b) of the Convention", "(c), of the"
_OF_AFTER_POINTS = re.compile(r"(?:\s*\(?[a-z]{1,3}\))*\s*,?\s+(?:of|under)\s+(?:the|this|that)\s+(?![Aa]nnex\b)")


class ArticleRules:
    """Articles and instrument parts (mixed into :class:`.resolver.Resolver`)."""

    def article(self, raw, part, names, letter_points, warnings):
        q = self.qualifier(raw)
        self._quals[id(raw)] = q
        if not q.qualified or (raw.inst is not None and raw.inst == self.home):  # unqualified, or the text's own
            own = self.annex_article(raw, part, warnings)
            if own is not None:
                return own
        if q.qualified:
            inst = q.inst
            if inst is None:
                warnings.append(f"unresolved: {q.why or 'its instrument is not in the registry'}")
                return None, None, "article", warnings
            if raw.steps:
                self._qualified_articles[(id(part), raw.steps[0])] = inst
            inferred = None if (q.explicit or q.defined) else "the short name or list it takes its instrument from"
        else:
            inst, why = self.sentence_instrument_why(raw, part, names)
            if why:
                warnings.append(f"unresolved: {why}")
                return None, None, "article", warnings
            inferred = "a name before it in its sentence"
            if inst is None:
                inst, inferred = self.earlier_qualified_article(part, raw), "the same article qualified earlier"
            if inst is None:
                inst, inferred = self.home, "the home instrument"
        steps = list(raw.steps)
        if inst is None:
            warnings.append("unresolved: no instrument for this article (no qualifier, no home instrument)")
            return None, None, "article", warnings
        if len(steps) >= 2 and steps[-1] == "1" and tuple(steps[:-1]) in letter_points:
            steps[-1] = "l"
            warnings.append(
                f"slip corrected: point (1) read as (l): the points of Article {'.'.join(steps[:-1])} are letters")
        try:
            ref = ids.Provision(inst, tuple(steps))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"not a provision number: {exc}")
            return None, inst, "article", warnings
        missing = self.provisions.missing(ref) if self.provisions is not None else None
        if missing and inferred:
            warnings.append(f"unresolved: {missing}, and {inst} was inferred from {inferred}, not named")
            return None, inst, "article", warnings
        if missing:
            warnings.append(f"{missing}; linked as the document names it")
        return ref, inst, "article", warnings

    def earlier_qualified_article(self, part, raw) -> str | None:
        """The instrument the same article number was qualified with before, in this part or in its
        parent's own text (a heading "Matters relating to Article 6 of the Paris Agreement" above
        the item "(Article 6, paragraph 2)"); None when it was not."""
        if not raw.steps:
            return None
        parent = self.seg.part(part.parent) if part.parent else None
        for where in (part, parent):
            if where is not None and (id(where), raw.steps[0]) in self._qualified_articles:
                return self._qualified_articles[(id(where), raw.steps[0])]
        return None

    def annex_article(self, raw, part, warnings):
        """An article inside a treaty annex that numbers its own articles (the UNCCD's regional
        annexes), unqualified or read as the text's own (a bare "article 2"), is that annex's article when the annex has one of that number; else
        ``None`` (the treaty's own article, as outside the annex). An ``of the …`` right after the
        number and its points ("Article 4, paragraph 2 b) of the Convention"), an instrument named
        later in the clause or a possessive "its" before it leave the article to the treaty: ``None``."""
        ref = getattr(part, "ref", None)
        src, end = self.seg.source, self._list_end(raw)
        first = raw.parent or raw
        named = _ANNEX_COMMA.search(src, max(0, first.start - 20), first.start)
        if named and self.home:  # "Annex III, article 5, paragraph 3(a)": that annex's article
            ref = ids.Part(ids.Entity(self.home), (("annex", named.group(1)), ("art", raw.steps[0])))
            if ref not in self.segment_refs():
                return None
        if not (isinstance(ref, ids.Part) and isinstance(ref.parent, ids.Entity) and ref.steps[0][0] == "annex"):
            return None
        if _OF_AFTER_POINTS.match(src, end) or re.search(r"\bits\s+$", src[max(0, raw.start - 8):raw.start]):
            return None  # "of the Convention" after it; "its article 7" (of what was just named)
        clause = re.search(r"[.;\n]", src[end:end + 300])
        if any(n.inst or n.short for n in self.names_between(self._names, end, end + (clause.start() if clause else 300))):
            return None  # "articles 6, 13 and 20 and other related provisions of the Convention"
        k = next((i for i, (kind, _) in enumerate(ref.steps) if kind == "art"), len(ref.steps))
        container = tuple(ref.steps[:k])  # the annex (or its part) whose articles these are
        article = ids.Part(ref.parent, container + (("art", raw.steps[0]),))
        if article not in self.segment_refs():
            return None
        target = ids.Part(ref.parent, container + (("art", ".".join(raw.steps)),))
        return target, ref.parent.code, "instrument-part", warnings

    def instrument_part(self, raw, warnings):
        """A part of an instrument's own text (Part XI, annex I) of the instrument that qualifies it."""
        inst = self.instrument_from_qualifier(raw) or self.home
        if inst is None:
            warnings.append("unresolved: no instrument for this part")
            return None, None, "instrument-part", warnings
        try:
            ref = ids.Part(ids.Entity(inst), tuple(raw.part_steps))
            ids.path_of(ref)
        except ids.IdentifierError as exc:
            warnings.append(f"unresolved: {exc}")
            return None, inst, "instrument-part", warnings
        return ref, inst, "instrument-part", warnings
