"""``treatygraph query``: run free SPARQL or a named query against the store.

    treatygraph query 'SELECT ...'
    treatygraph query --file q.rq
    treatygraph query --name citing-provision --param provision=id/itpgrfa/art/19.3.g
    treatygraph query --list

``--format table`` (default) prints aligned columns with compact terms
(``tg:Treaty``, ``id/cbd``); ``csv`` and ``json`` print the SPARQL 1.1
results formats. A CONSTRUCT/DESCRIBE answer prints as Turtle (table),
JSON-LD (json) or N-Triples (csv). Exit codes: 0 answered, 2 bad usage,
a bad query or parameter, or an unavailable store.
"""

from __future__ import annotations

import argparse

import sys
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

OUTPUT_FORMATS = ("table", "csv", "json")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "query", help="run a SPARQL query or a named query (queries/*.rq) against the store",
        description="Run free SPARQL (argument or --file) or a named query (--name, --param k=v).",
    )
    p.add_argument("sparql", nargs="?", help="the SPARQL query text")
    p.add_argument("--file", "-f", help="read the SPARQL query from this file")
    p.add_argument("--name", "-n", help="run the named query queries/NAME.rq")
    p.add_argument("--param", "-p", action="append", default=[], metavar="K=V",
                   help="a named-query parameter (repeatable); IRIs may be id/... paths or tg:... names")
    p.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default table)")
    # Also accepted after the subcommand; SUPPRESS keeps the global --store when absent here.
    p.add_argument("--store", default=argparse.SUPPRESS,
                   help="store directory, or the URL of a SPARQL 1.1 endpoint (as before the subcommand)")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"treatygraph query: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    from ..cli import settings_from_args
    from ..http.app import open_store
    from ..named_queries import NamedQueryError, ParameterError, load_named_queries
    from ..store.base import BadQuery, StoreError

    settings = settings_from_args(args)
    try:
        catalogue = load_named_queries(settings.queries_dir)
    except NamedQueryError as e:
        return _fail(str(e))
    if args.list:
        for q in catalogue.values():
            print(f"{q.name}: {q.title}")
            for prm in q.params:
                opt = ", optional" if prm.optional else ""
                default = f", default {prm.default!r}" if prm.default is not None else ""
                print(f"    --param {prm.name}=...  ({prm.type}{opt}{default}) {prm.description}")
        return 0

    given = [x for x in (args.sparql, args.file, args.name) if x]
    if len(given) != 1:
        return _fail("give exactly one of: a SPARQL text, --file F, --name NAME (or --list)")
    bindings = None
    if args.name:
        query = catalogue.get(args.name)
        if query is None:
            return _fail(f"no named query {args.name!r} in {settings.queries_dir} "
                         f"(known: {', '.join(catalogue) or 'none'})")
        values = {}
        for item in args.param:
            key, sep, value = item.partition("=")
            if not sep or not key:
                return _fail(f"--param {item!r}: write it as name=value")
            if key in values:
                return _fail(f"--param {key!r} given more than once")
            values[key] = value
        try:
            bindings = query.bindings(values, settings.base)
        except ParameterError as e:
            return _fail(str(e))
        sparql = query.sparql
    else:
        if args.param:
            return _fail("--param goes with --name")
        if args.file:
            try:
                sparql = Path(args.file).read_text(encoding="utf-8")
            except OSError as e:
                return _fail(f"cannot read {args.file}: {e}")
        else:
            sparql = args.sparql

    from ..store.guard import check_query

    try:
        check_query(sparql, base_iri=settings.base)  # SERVICE, LOAD refused for a remote store too
        store = open_store(settings)
        result = store.query(sparql, bindings=bindings)
    except BadQuery as e:
        return _fail(str(e))
    except StoreError as e:
        return _fail(str(e))
    sys.stdout.write(render(result, args.format, settings.base))
    if result.truncated:
        print("treatygraph query: the result was truncated", file=sys.stderr)
    return 0


def render(result, fmt: str, base: str) -> str:
    """A :class:`~treatygraph.store.base.QueryResult` as text in ``table``, ``csv`` or ``json``."""
    from ..http.negotiation import by_name
    from ..http.results import serialize_result

    if result.kind == "graph":
        name = {"table": "turtle", "json": "jsonld", "csv": "ntriples"}[fmt]
        return serialize_result(result, by_name(name)).decode("utf-8")
    if fmt in ("csv", "json"):
        return serialize_result(result, by_name(fmt)).decode("utf-8") + ("" if fmt == "csv" else "\n")
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    header = result.variables
    rows = [[compact(t, base) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def compact(term: Node | None, base: str) -> str:
    """A term for a table cell: ``tg:Treaty``, ``id/cbd``, ``"text"@en`` → ``text@en``."""
    from ..namespaces import PREFIXES

    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
            if s.startswith(str(ns)) and len(s) > len(str(ns)):
                return f"{prefix}:{s[len(str(ns)):]}"
        return s[len(base):] if s.startswith(base) else s
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.language:
        return f"{term}@{term.language}"
    return str(term).replace("\n", " ")
