"""Example parameter values for every named query, and a store-independent form of an answer.

Used by the parametrized API tests (``tests/api/``) and by
``benchmarks/remote_conformance.py``: one list of examples, so both check the
same questions. A query's examples are the ``e.g.`` values of its header
(required parameters) plus the value sets of :data:`EXTRA`.
"""

from __future__ import annotations

import re
from collections import Counter

from rdflib import BNode, Graph
from rdflib.compare import isomorphic

DOC = "id/doc/itpgrfa-gb-5-item-13"

#: More value sets per query: for queries whose header gives no example, and
#: for optional parameters and other branches worth comparing. ``{base}`` is
#: replaced by the deployment's base URI.
EXTRA: dict[str, list[dict[str, str]]] = {
    "describe": [{"resource": "id/itpgrfa/art/19.3.g"}, {"resource": f"{DOC}/para/5"},
                 {"resource": "id/group/blg"}, {"resource": "id/cbd/decision/X-20"}],
    "describe-incoming": [{"resource": "id/itpgrfa/art/19.3.g"}, {"resource": "id/group/blg"},
                          {"resource": "id/cbd/secretariat"}],
    "subgraph-out": [{"node": "id/group/blg"}, {"node": f"{DOC}/para/5"}, {"node": "id/cbd/secretariat"}],
    "subgraph-in": [{"node": "id/itpgrfa/art/19.3.g"}, {"node": "id/cbd/secretariat"}],
    "search-labels": [{"q": "biological"}, {"q": "条约"}, {"q": "no such label anywhere"}],
    "resource-exists": [{"resource": "id/itpgrfa"}, {"resource": "id/cbd/art/999"}],
    "graph-content": [{"graph": "{base}graph/ontology"}],
    "group-members": [{"group": "id/group/blg", "date": "2012-06-01"},
                      {"group": "id/group/blg", "date": "2005-01-01", "lang": "zh"},
                      {"group": "id/group/jlg", "date": "2020-01-01"}],
    "ontology-terms": [{"graph": "{base}graph/ontology"}],
    "citing-provision": [{"provision": "id/itpgrfa/art/19"}, {"provision": "id/itpgrfa/art/19", "lang": "zh"}],
    "mentions": [{"resource": "id/itpgrfa/art/19", "include_parts": "true"},
                 {"resource": "id/itpgrfa/art/19.3.g"}],
    "cooperation": [{"party": "id/cbd/secretariat"}, {"party": "id/cbd", "lang": "zh"}],
    "cited-in-part-except-body": [{"part": f"{DOC}/annex/2", "body": "id/cbd/cop"},
                                  {"part": f"{DOC}/annex/2/part/1", "body": "id/itpgrfa/gb"}],
    "cites": [{"resource": f"{DOC}/fn/22", "lang": "zh"}, {"resource": DOC}],
    "group-member-instruments": [{"group": "id/group/jlg", "lang": "zh"}],
    "group-secretariat": [{"group": "id/group/jlg", "lang": "zh"}],
    "targets": [{"subject": "id/arrangement/cbd-cms-jwp-2012-2014", "lang": "zh"}],
    "meeting": [{"meeting": "id/cbd/cop/11", "lang": "zh"}],
    "adoption": [{"resource": "id/arrangement/blg-modus-operandi", "lang": "zh"}],
    "acts-cited-of-body": [{"document": DOC, "body": "id/itpgrfa/gb"}],
}

#: Columns made by GROUP_CONCAT, per query: SPARQL leaves the order of the
#: concatenated values (and Oxigraph leaves an empty group unbound, Virtuoso
#: gives ""), so they compare as sets of words.
CONCATENATED: dict[str, set[str]] = {"ontology-terms": {"supers"}}

_EXAMPLE = re.compile(r"e\.g\.\s*([^\s,;()]+)")


def header_example(query) -> dict[str, str] | None:
    """The header's ``e.g.`` values of the required parameters; None when one has none."""
    values = {}
    for p in query.params:
        m = _EXAMPLE.search(p.description)
        if m and not p.optional:
            values[p.name] = m.group(1).rstrip(".")
        elif not p.optional:
            return None
    return values


def value_sets(query, base: str) -> list[dict[str, str]]:
    """Every example value set of ``query`` (the header's, then :data:`EXTRA`)."""
    sets = []
    first = header_example(query)
    if first is not None:
        sets.append(first)
    for extra in EXTRA.get(query.name, []):
        filled = {k: v.replace("{base}", base) for k, v in extra.items()}
        if filled not in sets:
            sets.append(filled)
    return sets


def comparable(result, query_name: str = ""):
    """A form of a query result equal on two stores exactly when the answers are the same.

    Graphs compare as graphs (isomorphism: blank node labels differ between
    stores); solutions as a multiset of rows, where a blank node only counts as
    "a blank node" (its label is the store's own).
    """
    if result.kind == "graph":
        return _IsoGraph(result.graph)
    if result.kind == "ask":
        return ("ask", result.boolean)
    concatenated = CONCATENATED.get(query_name, set())
    words = [v in concatenated for v in result.variables]
    rows = Counter(
        tuple(frozenset(str(t or "").split()) if w else "_:" if isinstance(t, BNode) else t
              for t, w in zip(row, words))
        for row in result.rows)
    return ("rows", tuple(result.variables), rows)


class _IsoGraph:
    def __init__(self, graph: Graph):
        self.graph = graph

    def __eq__(self, other):
        return isinstance(other, _IsoGraph) and isomorphic(self.graph, other.graph)

    def __len__(self):
        return len(self.graph)

    def __repr__(self):
        return f"<graph of {len(self.graph)} triples>"


def size(answer) -> int:
    """Rows (or triples) in a :func:`comparable` answer."""
    if isinstance(answer, _IsoGraph):
        return len(answer)
    if answer[0] == "ask":
        return 1
    return sum(answer[2].values())
