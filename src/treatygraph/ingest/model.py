"""Data shared by the ingestion stages: document parts and citation mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Step tuples of a part under its document, e.g. (("annex", "3"), ("pp", "1")).
Steps = tuple[tuple[str, str], ...]


@dataclass
class Segment:
    """One part of a document: its place in the path, its text ranges, its language.

    ``spans`` are the code-point ranges (into the whole decoded file text) that
    hold the part's own text; a paragraph interrupted by a page's footnotes has
    several. ``citable`` marks the units citations are attached to (summary
    items, paragraphs, footnotes, annexes, preambular and operative paragraphs).
    """

    kind: str
    steps: Steps
    spans: list[tuple[int, int]]
    parent: Steps | None = None
    number: str | None = None
    citable: bool = True
    lang: str = "zh"
    title: str | None = None
    extra: dict = field(default_factory=dict)
    #: the resource this segment *is* (an instrument's provision, an act or one of its
    #: parts, as an ``identifiers`` reference); ``None``: a part of the document itself
    ref: object | None = None

    @property
    def start(self) -> int:
        return self.spans[0][0] if self.spans else 0

    @property
    def end(self) -> int:
        return self.spans[-1][1] if self.spans else 0

    def text(self, source: str) -> str:
        """The part's own text (its spans joined by a newline)."""
        return "\n".join(source[a:b] for a, b in self.spans)

    def contains(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.spans)


@dataclass
class Mention:
    """One resolved (or unresolvable) citation mention in a document.

    ``start``/``end`` are code-point offsets into the decoded file text, so
    ``text == source[start:end]``; ``target_uri`` is ``None`` when the
    reference cannot be resolved (then ``warnings`` says why).
    """

    text: str
    start: int
    end: int
    kind: str
    target_uri: str | None
    warnings: list[str] = field(default_factory=list)
    part_uri: str | None = None
    line: int = 0
    #: resolver details kept for the graph (official act number, symbol, instrument)
    details: dict = field(default_factory=dict, repr=False, compare=False)

    def as_json(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
            "target": self.target_uri, "warnings": list(self.warnings),
        }


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_literal(s: str) -> str:
    """Text for a literal: C0 control characters (a decode's leftovers, e.g. ``\\x12`` in the
    Russian BBNJ text) become U+FFFD, which every RDF syntax can carry."""
    return _CONTROL.sub("\ufffd", s)
