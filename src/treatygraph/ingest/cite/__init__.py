"""Citation grammars, one per language, sharing the mention model in ``common``.

:func:`find_all` runs the grammar of each citable part's language over the
text that part owns (a part's text minus the smaller citable parts inside it,
such as the footnotes printed within an annex).
"""

from __future__ import annotations

from functools import lru_cache

from ..segment import Segmentation
from . import ar, en, es, fr, ru, zh
from .common import Found, Lexicon, Name, Raw

GRAMMARS = {"zh": zh.extract, "en": en.extract, "fr": fr.extract, "es": es.extract, "ru": ru.extract,
            "ar": ar.extract}


@lru_cache(maxsize=8)
def document_language(text: str) -> str | None:
    """The main language of a document (ar, en, es, fr, ru, zh)."""
    from ..metadata import detect_language

    return detect_language(text)


def grammar_language(seg: Segmentation, part, a: int, b: int) -> str:
    """The language whose grammar reads ``seg.source[a:b]``.

    Segmentation tells Chinese from English only; a part it marks so in a
    French, Spanish, Russian or Arabic document is read in the document's
    language, unless the part itself is Chinese or English (a quotation, a
    footnote in another language).
    """
    lang = part.lang
    if lang in GRAMMARS and lang not in ("en", "zh"):
        return lang
    doc = document_language(seg.source)
    if doc not in ("fr", "es", "ru", "ar"):
        return lang
    if lang == "zh" and _has_cjk(seg.source[a:b]):
        return "zh"
    if b - a > 300:  # long enough to tell its own language
        from ..metadata import detect_language

        own = detect_language(seg.source[a:b])
        return own if own in GRAMMARS else doc
    return doc


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def owned_ranges(seg: Segmentation) -> list[tuple[int, int, object]]:
    """Maximal ranges of text owned by one citable part: ``(start, end, part)``."""
    return seg.owned_runs()


def find_all(seg: Segmentation, lex: Lexicon) -> Found:
    """Raw mentions and names of a whole document, in document order."""
    raws: list[Raw] = []
    names: list[Name] = []
    for a, b, part in owned_ranges(seg):
        grammar = GRAMMARS.get(grammar_language(seg, part, a, b), zh.extract)
        found = grammar(seg.source, lex, a, b)
        raws.extend(r for r in found.raws if not seg.is_skipped(r.start))
        names.extend(found.names)
    raws.sort(key=lambda r: (r.start, r.end))
    names.sort(key=lambda n: n.start)
    return Found(raws, names)


__all__ = ["find_all", "owned_ranges", "Lexicon", "Raw", "Name", "Found", "GRAMMARS"]
