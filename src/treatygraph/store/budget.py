"""What one query may cost: :class:`Budget` (time, rows, body size, concurrency, workers, memory) and the row cap.

The limits come from ``Settings.extra`` (filled from the environment by
:meth:`treatygraph.config.Settings.from_env`); the defaults are here, in one
place. :func:`serialize_capped` writes a pyoxigraph answer cut at
``max_rows`` solutions (or triples) and says whether it cut.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from .pool import default_workers

#: Default limits (``Settings.extra`` key -> value).
DEFAULTS = {
    "query_timeout": 30.0,              # seconds a query may run before it is killed (504)
    "max_rows": 100_000,                # solutions (SELECT) or triples (CONSTRUCT) returned
    "max_body": 1_000_000,              # bytes of a request body (413)
    "max_concurrent_per_client": 8,     # requests in flight per remote address (429)
    "query_workers": default_workers(),  # worker processes for on-disk stores (4-16, by CPUs)
    "query_workers_per_client": 0,      # workers one client may hold at once (0: query_workers // 4, at least 1)
    "query_memory_mb": 1024,            # address space of one query worker, MB (507 past it; 0: no limit)
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Budget:
    query_timeout: float
    max_rows: int
    max_body: int
    max_concurrent_per_client: int
    query_workers: int
    query_workers_per_client: int = 0
    query_memory_mb: int = 0

    @classmethod
    def from_settings(cls, settings) -> "Budget":
        """The limits of ``settings.extra``, each defaulting to :data:`DEFAULTS`."""
        extra = getattr(settings, "extra", {}) or {}

        def get(key, kind):
            value = extra.get(key)
            return kind(DEFAULTS[key] if value in (None, "") else value)

        return cls(get("query_timeout", float), get("max_rows", int), get("max_body", int),
                   get("max_concurrent_per_client", int), get("query_workers", int),
                   get("query_workers_per_client", int), get("query_memory_mb", int))


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    raise ValueError(f"RDF-star triple terms are not supported in results: {term!r}")


def serialize_capped(answer, results_format=None, graph_format=None, *, max_rows: int | None,
                     rdflib_format: str | None = None) -> tuple[bytes, bool]:
    """Serialise a pyoxigraph answer, keeping at most ``max_rows`` solutions or triples.

    ``results_format`` (a ``QueryResultsFormat``) serves SELECT/ASK,
    ``graph_format`` (an ``RdfFormat``) or ``rdflib_format`` (an rdflib
    serializer name) CONSTRUCT/DESCRIBE. Returns ``(body, truncated)``; a
    truncated SPARQL JSON body also carries ``"truncated": true`` at the top
    level. Without a cap, pyoxigraph streams the answer as it is.
    """
    if isinstance(answer, ox.QueryBoolean):
        return answer.serialize(format=results_format), False
    if isinstance(answer, ox.QuerySolutions):
        if max_rows is None:
            return answer.serialize(format=results_format), False
        variables = [v.value for v in answer.variables]
        rows = []
        truncated = False
        for solution in answer:
            if len(rows) == max_rows:
                truncated = True
                break
            rows.append({v: _term_json(t) for v, t in zip(variables, solution) if t is not None})
        doc: dict = {"head": {"vars": variables}, "results": {"bindings": rows}}
        if results_format == ox.QueryResultsFormat.JSON:
            if truncated:
                doc["truncated"] = True
            return json.dumps(doc, ensure_ascii=False).encode("utf-8"), truncated
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        # Written by pyoxigraph from the capped rows: the same bytes as uncapped output.
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(
            format=results_format), truncated
    triples = []
    truncated = False
    for triple in answer:
        if max_rows is not None and len(triples) == max_rows:
            truncated = True
            break
        triples.append(triple)
    if rdflib_format is not None:
        from .oxigraph import rdflib_graph

        return rdflib_graph(triples).serialize(format=rdflib_format).encode("utf-8"), truncated
    return ox.serialize(triples, format=graph_format), truncated
