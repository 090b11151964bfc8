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
* ``generic``: anything else: numbered paragraphs anywhere, the introduction kept
  (:mod:`.generic`).

Every module of this package is imported on first use, so a layout registers
itself by being here; a module may also offer ``looks_like_<kind>(text) -> bool``,
which :func:`classify` then uses instead of its own recogniser for that kind.
A kind whose segmenter is not registered falls back to ``generic``.

A segment whose ``ref`` is set is that resource (an article, an act's paragraph);
otherwise it is a part of the document (``id/doc/{slug}/...``).
"""

from __future__ import annotations

import re
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


_loaded = False


def _load_layouts() -> None:
    """Import every module of this package once (each registers its segmenters)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


# ------------------------------------------------------------ recognisers
# Each reads the first pages only: a kind shows on the first page.

_HEAD = 6000
_NUMBERED = re.compile(r"^[\s|]*\d{1,3}\.\s+\S", re.MULTILINE)


def _looks_like_note(text: str) -> bool:
    """The first document's layout: a secretariat note with summary items and a table of contents."""
    head = text[:_HEAD]
    cue = re.search(r"秘书(?:处)?的说明|执行秘书的说明|Note by the (?:Secretary|Executive Secretary|Secretariat)", head)
    summary = re.search(r"^- [ivx]{1,4}\)", head, re.MULTILINE)
    contents = re.search(r"^\s*(?:目\s*录|Contents)\s*$", head, re.MULTILINE)
    sections = re.search(r"^\s*I\.\s+\S", head, re.MULTILINE)
    return bool(cue and (summary or contents or sections))


def _looks_like_decisions(text: str) -> bool:
    """A compilation of decisions: two or more ``Decision N/XX.n`` (or ``Decision X/n``) headings."""
    heads = re.findall(r"^[\s|]*Decision\s+(?:\d{1,3}/[A-Z]{2,4}\.\d{1,3}|[IVXL]{1,6}/\d{1,3}|\d{1,2}/\d{1,3})\s*[|]?\s*$",
                       text, re.MULTILINE)
    return len(heads) >= 1 and bool(re.search(r"Action taken by|Decisions adopted by|Decision\s+\d", text[:_HEAD]))


def _looks_like_resolution(text: str) -> bool:
    """A General Assembly resolution or decision (adopted, or its draft)."""
    head = text[:3000]
    return bool(re.search(r"A/RES/\d+/\d+|Resolution adopted by the General Assembly|A/\d+/L\.\d+", head)
                and re.search(r"The General Assembly\s*,", head, re.IGNORECASE))


def _looks_like_treaty(text: str) -> bool:
    """A treaty text: a preamble and many article headings (any of the six languages)."""
    head = text[:_HEAD * 3]
    articles = re.findall(
        r"(?:^|\n)[#\s*]*(?:Article|ARTICLE|Artículo|ARTÍCULO|Статья|СТАТЬЯ|المادة)\s+(?:\d{1,3}|[IVXL]{1,6}|premier|1er)\b"
        r"|第[一二三四五六七八九十百]+条", head)
    preamble = re.search(r"preamble|préambule|preámbulo|преамбула|序言|الديباجة|have agreed as follows"
                         r"|The [\w ]{0,40}Parties[\w ]{0,40},", head, re.IGNORECASE)
    if re.search(r"Distr\.|Decision\s+\d", head[:3000]):
        return False  # a UN document (symbol block) or a decision that discusses articles
    return len(articles) >= 2 and (bool(preamble) or len(articles) >= 5)


def _looks_like_report(text: str) -> bool:
    """A report or note: a symbol block or ``Report of`` title, and numbered paragraphs."""
    head = text[:_HEAD]
    return bool(re.search(r"Report of the|Note by the|Distr\.:", head)) and len(_NUMBERED.findall(text)) >= 3


#: The kinds tried in order, with the built-in recogniser of each.
RECOGNISERS: list[tuple[str, Callable[[str], bool]]] = [
    ("note", _looks_like_note),
    ("decisions", _looks_like_decisions),
    ("resolution", _looks_like_resolution),
    ("treaty", _looks_like_treaty),
    ("report", _looks_like_report),
]


def _recogniser(kind: str, default: Callable[[str], bool]) -> Callable[[str], bool]:
    """A layout module's own ``looks_like_<kind>`` when one offers it, else ``default``."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith(__name__ + ".") and hasattr(module, f"looks_like_{kind}"):
            return getattr(module, f"looks_like_{kind}")
    return default


def detect_kind(text: str) -> str | None:
    """What the text is (``note``, ``decisions``, ``resolution``, ``treaty``, ``report``), registered or not."""
    _load_layouts()
    for kind, default in RECOGNISERS:
        if _recogniser(kind, default)(text):
            return kind
    return None


def classify(text: str) -> str:
    """The layout to segment ``text`` with (a key of :data:`LAYOUTS`): its kind when a
    segmenter of that kind is registered, else ``generic``."""
    kind = detect_kind(text)
    return kind if kind in LAYOUTS else "generic"


def segment_as(text: str, kind: str | None = None, home: str | None = None, registry=None) -> Segmentation:
    """Segment ``text`` with the layout of ``kind`` (classified from the text when ``None``;
    a kind without a registered segmenter is segmented as ``generic``). ``home`` (the
    document's home instrument) goes to a segmenter that takes it (the treaty layout,
    for a text whose title the registry does not know in its language); so does ``registry``
    (else a layout that needs one loads the project's: a second parse of it in the process)."""
    _load_layouts()
    kind = kind or classify(text)
    if kind not in LAYOUTS and kind in {k for k, _ in RECOGNISERS}:
        kind = "generic"
    try:
        segmenter = LAYOUTS[kind]
    except KeyError:
        raise ValueError(f"no layout for documents of kind {kind!r}; known: {sorted(LAYOUTS)}") from None
    import inspect

    takes = inspect.signature(segmenter).parameters
    given = {k: v for k, v in (("home", home), ("registry", registry)) if v is not None and k in takes}
    return segmenter(text, **given)


# Layout modules register themselves with @layout on import.
from . import decisions, report, resolution, treaty  # noqa: E402,F401
