"""Citation grammars, one per language, sharing the mention model in ``common``.

:func:`find_all` runs the grammar of each citable part's language over the
text that part owns (a part's text minus the smaller citable parts inside it,
such as the footnotes printed within an annex).
"""

from __future__ import annotations

from ..segment import Segmentation
from . import en, zh
from .common import Found, Lexicon, Name, Raw

GRAMMARS = {"zh": zh.extract, "en": en.extract}


def owned_ranges(seg: Segmentation) -> list[tuple[int, int, object]]:
    """Maximal ranges of text owned by one citable part: ``(start, end, part)``."""
    owner: dict[int, object] = {}
    parts = sorted((p for p in seg.parts if p.citable), key=lambda p: -(p.end - p.start))
    for p in parts:
        for a, b in p.spans:
            for i in range(a, b):
                owner[i] = p
    out: list[tuple[int, int, object]] = []
    run_start, run_part = None, None
    for i in range(len(seg.source) + 1):
        p = owner.get(i)
        if p is not run_part:
            if run_part is not None:
                out.append((run_start, i, run_part))
            run_start, run_part = i, p
    return out


def find_all(seg: Segmentation, lex: Lexicon) -> Found:
    """Raw mentions and names of a whole document, in document order."""
    raws: list[Raw] = []
    names: list[Name] = []
    for a, b, part in owned_ranges(seg):
        grammar = GRAMMARS.get(part.lang, zh.extract)
        found = grammar(seg.source, lex, a, b)
        raws.extend(r for r in found.raws if not seg.is_skipped(r.start))
        names.extend(found.names)
    raws.sort(key=lambda r: (r.start, r.end))
    names.sort(key=lambda n: n.start)
    return Found(raws, names)


__all__ = ["find_all", "owned_ranges", "Lexicon", "Raw", "Name", "Found", "GRAMMARS"]
