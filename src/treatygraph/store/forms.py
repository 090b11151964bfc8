"""What a SPARQL request is, read from its text before any store sees it.

The HTTP layer must know the query form (SELECT/ASK give result sets,
CONSTRUCT/DESCRIBE give graphs, anything else is an update) before it runs
the query, to negotiate the response format and to refuse updates; the
embedded store must know whether the query names its own dataset
(``FROM``/``FROM NAMED``), because Oxigraph's union-default-graph switch
would otherwise override it. This module answers both with a small lexer
that blanks out comments, strings and IRIs and then looks at keywords. It
never decides whether a query is valid: the store's parser does that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Query forms that answer with variable bindings or a boolean.
RESULT_FORMS = frozenset({"select", "ask"})
#: Query forms that answer with a graph.
GRAPH_FORMS = frozenset({"construct", "describe"})
#: First keywords of SPARQL 1.1 Update operations.
UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
)

# Long strings first, then short ones, IRIs, comments. Each match is blanked.
# Linear: every repeat is possessive, and a string that never closes is blanked
# to where it was scanned (the end of the text or line; the query is invalid
# then, and the store's parser says so), so no quote is scanned from twice.
_BLANKABLE = re.compile(
    r'"""(?:[^"\\]++|\\.|"(?!""))*+(?:"""|\\?\Z)'
    r"|'''(?:[^'\\]++|\\.|'(?!''))*+(?:'''|\\?\Z)"
    r'|"(?:[^"\\\n\r]++|\\.)*+"?'
    r"|'(?:[^'\\\n\r]++|\\.)*+'?"
    r'|<[^<>"{}|^`\\\x00-\x20]*+>'
    r"|#[^\n\r]*+",
    re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:BASE\s*<>|PREFIX\s+[^\s:]*:\s*<>)", re.IGNORECASE)
_PROLOGUE_SPACED = re.compile(r"\s*(?:BASE\s*< *>|PREFIX\s+[^\s:]*:\s*< *>)", re.IGNORECASE)
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")
_FROM = re.compile(r"(?<![\w?$:.\-])FROM(?![\w:\-])", re.IGNORECASE)


@dataclass(frozen=True)
class QueryShape:
    """``form`` is ``select``/``ask``/``construct``/``describe``, ``update``, or None (unreadable)."""

    form: str | None
    has_dataset_clause: bool

    @property
    def kind(self) -> str | None:
        """``"select"``, ``"ask"``, ``"graph"`` (as in :class:`~treatygraph.store.base.QueryResult`), or None."""
        if self.form in RESULT_FORMS:
            return self.form
        if self.form in GRAPH_FORMS:
            return "graph"
        return None

    @property
    def is_update(self) -> bool:
        return self.form == "update"


def blank_opaque(sparql: str) -> str:
    """``sparql`` with its strings, IRIs and comments as spaces of the same length.

    Offsets stay valid, and braces or keywords inside those tokens no longer count.
    """
    return _BLANKABLE.sub(lambda m: " " * len(m.group(0)), sparql)


def _blank(match: re.Match) -> str:
    text = match.group(0)
    if text.startswith("<"):
        return "<>"  # keep IRIs recognisable for the prologue pattern
    return " " * len(text)


def shape(sparql: str) -> QueryShape:
    """The form of a SPARQL request and whether it carries FROM / FROM NAMED."""
    text = _BLANKABLE.sub(_blank, sparql)
    pos = 0
    while True:
        m = _PROLOGUE.match(text, pos)
        if not m:
            break
        pos = m.end()
    word = _FIRST_WORD.match(text, pos)
    form: str | None = None
    if word:
        w = word.group(1).lower()
        if w in RESULT_FORMS or w in GRAPH_FORMS:
            form = w
        elif w in UPDATE_KEYWORDS:
            form = "update"
    has_from = form in RESULT_FORMS | GRAPH_FORMS and bool(_FROM.search(text, pos))
    return QueryShape(form, has_from)


def form_problem(sparql: str) -> str | None:
    """Why ``sparql`` is not a query, when its first word (after the prologue) says so; else None.

    The parser's own message for a misspelt form (``SELEC *``) names what it
    expected at the end of the prologue, which does not help; this names the
    word and where it is: ``SPARQL syntax error at line 1, column 1: 'SELEC'
    is not a query form (SELECT, CONSTRUCT, ASK, DESCRIBE)``. None for an
    update, a valid form, an empty text or a broken prologue (the parser says).
    """
    # Blanked keeping every offset (an IRI as "<   >"), so that the position is the text's own.
    text = _BLANKABLE.sub(lambda m: (f"<{' ' * (len(m.group(0)) - 2)}>" if m.group(0).startswith("<")
                                     else " " * len(m.group(0))), sparql)
    pos = 0
    while (m := _PROLOGUE_SPACED.match(text, pos)) is not None:
        pos = m.end()
    word = _FIRST_WORD.match(text, pos)
    if word is None:
        return None
    w = word.group(1).lower()
    if w in RESULT_FORMS | GRAPH_FORMS | UPDATE_KEYWORDS | {"prefix", "base", "values"}:
        return None
    at = word.start(1)
    line = sparql.count("\n", 0, at) + 1
    column = at - (sparql.rfind("\n", 0, at) + 1) + 1
    return (f"SPARQL syntax error at line {line}, column {column}: {word.group(1)!r} is not a query form "
            "(SELECT, CONSTRUCT, ASK, DESCRIBE)")
