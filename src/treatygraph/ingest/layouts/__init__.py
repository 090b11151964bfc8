"""Document layouts: which kind of document a text is, and the segmenter for that kind.

A layout turns a document's decoded text into a :class:`~treatygraph.ingest.segment.Segmentation`.
Each kind registers its segmenter with :func:`layout`; :func:`classify` decides
the kind from the text itself (never from the file name). Kinds:

* ``note``: the layout of the first document (a secretariat note with summary
  items, Roman-numbered sections, footnotes, annexes): :func:`segment.segment`.
* ``treaty``: a treaty text; its parts are the instrument's provisions
  (a segment's :attr:`~treatygraph.ingest.model.Segment.ref` is the provision).
* ``decisions``: a compilation of decisions; each decision is an act of its own.
* ``report``: reports and notes with numbered paragraphs, with or without headings.
* ``resolution``: a General Assembly resolution or decision.

A segment whose ``ref`` is set is that resource (an article, an act's paragraph);
otherwise it is a part of the document (``id/doc/{slug}/...``).
"""

from __future__ import annotations

from typing import Callable

from ..segment import Segmentation, segment

Segmenter = Callable[[str], Segmentation]

#: kind -> segmenter; ``note`` is the default.
LAYOUTS: dict[str, Segmenter] = {"note": segment}


def layout(kind: str) -> Callable[[Segmenter], Segmenter]:
    """Register ``fn`` as the segmenter of documents of ``kind``."""
    def register(fn: Segmenter) -> Segmenter:
        LAYOUTS[kind] = fn
        return fn
    return register


def classify(text: str) -> str:
    """The kind of document ``text`` is (a key of :data:`LAYOUTS`)."""
    return "note"


def segment_as(text: str, kind: str | None = None) -> Segmentation:
    """Segment ``text`` with the layout of ``kind`` (classified from the text when ``None``)."""
    kind = kind or classify(text)
    try:
        segmenter = LAYOUTS[kind]
    except KeyError:
        raise ValueError(f"no layout for documents of kind {kind!r}; known: {sorted(LAYOUTS)}") from None
    return segmenter(text)


# Layout modules register themselves on import.
from . import decisions, report  # noqa: E402,F401
