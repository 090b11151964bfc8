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
    return seg.owned_runs()


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
