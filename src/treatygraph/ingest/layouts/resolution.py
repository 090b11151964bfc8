"""The layout of a General Assembly resolution or decision (``A/RES/78/272``).

As printed (and extracted from the PDF): a header line with the symbol
(``United Nations A/RES/78/272 General Assembly Distr.: General …``), a
"Resolution adopted by the General Assembly on …" line, the number and title
(``78/272. Agreement under …``), the preamble as one run ("The General
Assembly, Recalling …, Recalling also …"), then operative paragraphs
``1. Welcomes …`` with lettered items ``(a)``.

When the text states its number (the ``78/272.`` line, agreeing with the
``A/RES/78/272`` symbol when both are printed) the document *is* the act
``id/unga/resolution/78-272``: its recitals are ``…/pp/{k}`` (counted in
order) and its operative paragraphs ``…/para/{n}`` (``…/para/3.a`` for an
item). A draft (``A/78/L.102``: "draft decision") states no act number, so its
parts stay parts of the document. The General Assembly's code comes from the
registry (the organization whose ``skos:notation`` is the symbol root ``A``).
"""

from __future__ import annotations

import re
import weakref

from rdflib import Literal
from rdflib.namespace import SKOS

from ... import identifiers as ids
from ...registry import Registry
from ..model import Segment
from ..segment import Segmentation, split_lines
from . import layout
from .treaty import default_registry, recital_starts

_SYMBOL = re.compile(r"\bA/(?P<kind>RES|DEC)/(?P<session>\d{1,3})/(?P<n>\d{1,4})\b")
_NUMBER_LINE = re.compile(r"^(?P<session>\d{1,3})/(?P<n>\d{1,4})\.\s+(?P<title>\S.*)$")
_ADOPTED = re.compile(r"^(?P<kind>Resolution|Decision)s?\s+adopted\s+by\s+the\s+General\s+Assembly\b")
_OPENING = re.compile(r"^The\s+General\s+Assembly\s*,")
_OP = re.compile(r"^(?P<n>\d{1,3})\.\s+(?=\S)")
_ITEM = re.compile(r"^\((?P<x>[a-z]{1,2})\)\s+")
_PLENARY = re.compile(r"^\d{1,3}(?:st|nd|rd|th)\s+plenary\s+meeting\b")
_HEADER = re.compile(r"^United\s+Nations\b")


#: registry -> its General Assembly's code, read once per registry (asked for every part of every text)
_GENERAL_ASSEMBLY: "weakref.WeakKeyDictionary[Registry, str | None]" = weakref.WeakKeyDictionary()


def general_assembly(registry: Registry) -> str | None:
    """The registry code of the body whose documents carry the symbol root ``A``."""
    try:
        return _GENERAL_ASSEMBLY[registry]
    except KeyError:
        pass
    code = None
    for s in registry.graph.subjects(SKOS.notation, Literal("A")):
        ref = registry._ref(s)
        if isinstance(ref, ids.Entity):
            code = ref.code
            break
    _GENERAL_ASSEMBLY[registry] = code
    return code


def act_of(text: str, registry: Registry | None = None) -> ids.Act | None:
    """The resolution or decision a text is, from its printed number (and symbol, when both are printed)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:6]
    # the symbol counts in the symbol block ("United Nations A/RES/78/272 General Assembly …") or opening a line
    sym = next((m for ln in lines for m in [_SYMBOL.search(ln)]
                if m and (_HEADER.match(ln) or m.start() == 0)), None)
    num = next((m for ln in lines for m in [_NUMBER_LINE.match(ln)] if m), None)
    kind_line = next((m for ln in lines for m in [_ADOPTED.match(ln)] if m), None)
    if num is None and sym is None:
        return None
    if num is not None and sym is not None and (num.group("session"), num.group("n")) != (sym.group("session"), sym.group("n")):
        return None  # the text contradicts itself: no identity rather than a wrong one
    m = num or sym
    kind = "decision" if (sym and sym.group("kind") == "DEC") or (kind_line and kind_line.group("kind") == "Decision") else "resolution"
    code = general_assembly(registry or default_registry())
    if code is None:
        return None
    return ids.Act(code, kind, f"{int(m.group('session'))}-{int(m.group('n'))}")


def looks_like_general_assembly_act(text: str) -> bool:
    """True for a General Assembly resolution or decision (or its draft): its symbol block and its opening."""
    head = text[:3000]
    return bool(re.search(r"\bGeneral\s+Assembly\b", head[:600])
                and re.search(r"(?m)^\s*The\s+General\s+Assembly\s*,", head))


@layout("resolution")
def segment_resolution(text: str, registry: Registry | None = None) -> Segmentation:
    """Segment a General Assembly resolution or decision (see the module docstring)."""
    act = act_of(text, registry)
    lines = split_lines(text)
    parts: list[Segment] = []
    skipped: list[tuple[int, int]] = []
    open_: list[list] = []  # [segment, start] of parts whose end is not known yet
    pp = 0
    started = False

    def add(kind: str, steps, start: int, number: str, parent=None) -> None:
        seg = Segment(kind, steps, [(start, start)], parent=parent, number=number, lang="en",
                      ref=ids.Part(act, steps) if act is not None else None)
        parts.append(seg)

    for ln in lines:
        body = ln.text.strip()
        if not body:
            continue
        at = ln.start + len(ln.text) - len(ln.text.lstrip())
        if not started and (_HEADER.match(body) or _ADOPTED.match(body) or _NUMBER_LINE.match(body)):
            skipped.append((ln.start, ln.end))
            continue
        if body.startswith("*") or _PLENARY.match(body):  # a header's footnote ("* Reissued …"); the meeting line
            skipped.append((ln.start, ln.end))
            continue
        m = _OP.match(body)
        if m:
            started = True
            add("op", (("para", m.group("n")),), at, m.group("n"))
            continue
        m = _ITEM.match(body)
        if m and parts and parts[-1].kind == "op":
            owner = next(p for p in reversed(parts) if p.kind == "op" and len(p.steps[0][1].split(".")) == 1)
            n = owner.steps[0][1]
            add("op", (("para", f"{n}.{m.group('x')}"),), at, f"{n}({m.group('x')})", parent=owner.steps)
            continue
        if not started and _OPENING.match(body) or (not started and not parts):
            started = True
            for a in recital_starts(text, at, ln.end):
                pp += 1
                add("pp", (("pp", str(pp)),), a, str(pp))
            continue
        # a continuation line belongs to the part before it
    _close(parts, text, skipped)
    return Segmentation(text, lines, parts, [], skipped)


def _close(parts: list[Segment], text: str, skipped: list[tuple[int, int]]) -> None:
    """Each part ends where the next part at its level (or above), or a skipped line, starts."""
    for i, p in enumerate(parts):
        stop = min([a for a, _ in skipped if a > p.start] + [len(text)])
        for q in parts[i + 1:]:
            if q.parent is None or q.parent != p.steps:
                stop = min(stop, q.start)
                break
        while stop > p.start and text[stop - 1].isspace():
            stop -= 1
        p.spans = [(p.start, stop)]


__all__ = ["segment_resolution", "act_of", "general_assembly", "looks_like_general_assembly_act"]
