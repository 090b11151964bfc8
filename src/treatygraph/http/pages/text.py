"""Text as a reader sees it: markup of the sources stripped, passages cut around a citation,
parts in document order.

The documents come as Markdown or plain text with Markdown-like emphasis
(``**Article 1**``) and tables written with pipes (``| a | b |``). A page
shows the words: emphasis markers are removed, a table row becomes its cells
joined by `` · ``, and a separator row (``|---|---|``) disappears. Offsets
of citations are kept meaningful by cutting the passage first and cleaning
each piece separately (:func:`passage`).
"""

from __future__ import annotations

import re

_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_STRAY = re.compile(r"\*\*|__")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_NATURAL = re.compile(r"(\d+)")
#: Characters of context on each side of a cited passage.
CONTEXT = 240


def clean_line(line: str) -> str:
    """One line without emphasis markers; a table row as its cells."""
    if _TABLE_SEPARATOR.match(line):
        return ""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        line = " · ".join(c for c in cells if c)
    line = _EMPHASIS.sub(r"\2", line)
    return _STRAY.sub("", line)


def clean(text: str) -> str:
    """A text without Markdown emphasis, heading marks and table pipes (paragraph breaks kept)."""
    lines = [clean_line(ln) for ln in _HEADING.sub("", text).split("\n")]
    out = "\n".join(ln for ln, raw in zip(lines, text.split("\n")) if ln or not _TABLE_SEPARATOR.match(raw))
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n")


def passage(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str, bool, bool]:
    """``(before, marked, after, cut_before, cut_after)``: the words around ``text[start:end]``.

    The passage runs from the sentence (or line) before the mention to the one
    after it, at most ``context`` characters each side, cut at a word boundary.
    """
    a = max(0, start - context)
    if a > 0:
        stop = max(text.rfind(". ", a, start), text.rfind("\n", a, start), text.rfind("。", a, start),
                   text.rfind("；", a, start), text.rfind("; ", a, start))
        if stop >= 0:
            a = stop + 1
        else:
            space = text.find(" ", a, start)
            a = space + 1 if space >= 0 else a
    b = min(len(text), end + context)
    if b < len(text):
        stops = [i for i in (text.find(". ", end, b), text.find("\n", end, b), text.find("。", end, b),
                             text.find("；", end, b)) if i >= 0]
        if stops:
            b = min(stops) + 1
        else:
            space = text.rfind(" ", end, b)
            b = space if space > end else b
    return (clean(text[a:start]).lstrip(), clean(text[start:end]), clean(text[end:b]).rstrip(),
            a > 0, b < len(text))


def natural_key(value: str) -> tuple:
    """A sort key reading numbers as numbers: ``fn/2`` before ``fn/10``."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NATURAL.split(value) if p)


__all__ = ["clean", "clean_line", "passage", "natural_key", "CONTEXT"]
