"""Which named graph of the store a document's statement goes to.

A document's graph (``graph/doc/{slug}``) keeps what the document owns: the
document, its parts and citations (every URI under ``id/doc/{slug}``), blank
nodes, and anything outside ``id/`` (its extraction run). What a document says
about a resource it does not own (the instrument, provisions, acts and their
paragraphs, sessions, arrangements and their activities, targets, other
documents) is stored once, deduplicated across all documents and minus what the
registry and ontology already state, in ``graph/resources``.

Why: the store's default graph is the union of the named graphs, and that union
keeps one copy of a statement per graph. A provision cited by a thousand
documents would otherwise carry a thousand copies of its type, label and
``eli:is_part_of`` link, and every join through it would multiply rows (a
document's citations took 150 ms instead of 1.5 ms on a 1 M-triple corpus).
Provenance is not lost: extracted facts about shared resources carry their
``prov:wasDerivedFrom`` paragraph as data, and the citations themselves stay in
the document's graph.

The split works on N-Triples lines (what the build cache holds), one line per
statement, so it needs no parsing beyond the subject term.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import identifiers as ids


def _owner_prefixes(slug: str, base: str) -> tuple[str, str]:
    doc = ids.mint(ids.Document(slug), base)
    return f"<{doc}>", f"<{doc}/"


def split_ntriples(lines: Iterable[str], slug: str, base: str) -> tuple[list[str], list[str]]:
    """Split a document graph's N-Triples lines into (the document's own, about shared resources).

    Blank and comment lines are dropped; each kept line is returned as given.
    """
    whole, inside = _owner_prefixes(slug, base)
    resources = "<" + ids.resource_prefix(base)
    own: list[str] = []
    shared: list[str] = []
    owned: dict[str, bool] = {}  # by subject: a subject has a dozen statements, one after the other
    for line in lines:
        head = line.lstrip()
        if not head or head[0] == "#":
            continue
        subject = head.split(" ", 1)[0]
        mine = owned.get(subject)
        if mine is None:
            mine = owned[subject] = (subject.startswith("_:") or subject == whole or subject.startswith(inside)
                                     or not subject.startswith(resources))
        (own if mine else shared).append(line)
    return own, shared
