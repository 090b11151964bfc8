"""``treatygraph export``: the subgraph around a resource, in an RDF or network-tool format.

    treatygraph export id/itpgrfa/art/19.3.g --depth 2 --direction in --format graphml -o art.graphml

The resource is a canonical URI or a path relative to the base (``id/...``).
Formats: turtle, jsonld, ntriples, nquads (named graphs kept), graphml, csv
(see ``docs/linked-data.md``). Exit codes: 0 written, 1 the subgraph is
larger than ``--max-triples``, 2 bad usage, unknown root or unavailable store.
"""

from __future__ import annotations

import argparse

import sys


def register(subparsers) -> None:
    from ..export import DEFAULT_MAX_TRIPLES, DIRECTIONS, EXPORT_FORMATS, MAX_DEPTH

    p = subparsers.add_parser(
        "export", help="export the subgraph around a resource (turtle, jsonld, ntriples, nquads, graphml, csv)",
        description="Write the statements within N hops of a resource, in an RDF or a network-tool format.",
    )
    # A positional argument: the global --root option already names the project root.
    p.add_argument("resource", help="the root resource: its URI or its id/... path")
    p.add_argument("--depth", "-d", type=int, default=1, help=f"hops from the root, 0..{MAX_DEPTH} (default 1)")
    p.add_argument("--direction", choices=DIRECTIONS, default="both",
                   help="follow links out of, into, or both ways (default both)")
    p.add_argument("--format", "-f", choices=list(EXPORT_FORMATS), default="turtle", help="default turtle")
    p.add_argument("--output", "-o", help="write to this file (default: standard output)")
    # Also accepted after the subcommand; SUPPRESS keeps the global --store when absent here.
    p.add_argument("--store", default=argparse.SUPPRESS,
                   help="store directory, or the URL of a SPARQL 1.1 endpoint (as before the subcommand)")
    p.add_argument("--max-triples", type=int, default=DEFAULT_MAX_TRIPLES,
                   help=f"refuse a larger subgraph (default {DEFAULT_MAX_TRIPLES})")
    p.set_defaults(func=run)


def _fail(message: str, code: int = 2) -> int:
    print(f"treatygraph export: {message}", file=sys.stderr)
    return code


def resource_iri(text: str, base: str) -> str:
    """The root resource's IRI from an IRI, an ``id/...`` path or a prefixed name.

    Raises ValueError with what to write instead (``itpgrfa/art/19.3.g``: did you mean ``id/...``?).
    """
    from .. import identifiers as ids
    from ..named_queries import Param, ParameterError, coerce

    try:
        return str(coerce(Param("resource", "iri"), text, base))
    except ParameterError as e:
        message = e.message
    if "://" not in text and ":" not in text.split("/", 1)[0]:
        try:
            ids.parse_path("id/" + text)
        except ids.IdentifierError:
            pass
        else:
            message += f"; did you mean id/{text}?"
    raise ValueError(message)


def run(args) -> int:
    from ..cli import settings_from_args
    from ..export import ExportError, ExportTooLarge, collect_subgraph, write
    from ..export.describe import resource_exists
    from ..store.base import StoreError
    from ..store.factory import open_store

    settings = settings_from_args(args)
    try:
        root = resource_iri(args.resource, settings.base)
    except ValueError as e:
        return _fail(f"resource: {e}")
    try:
        store = open_store(settings)
    except StoreError as e:
        return _fail(str(e))
    try:
        if not resource_exists(store, root, settings.queries_dir):
            return _fail(f"resource: no resource {root} in the store at {settings.store_location}")
        sub = collect_subgraph(store, root, depth=args.depth, direction=args.direction,
                               max_triples=args.max_triples, queries_dir=settings.queries_dir)
    except ExportError as e:
        return _fail(f"--{e.parameter}: {e.message}")
    except ExportTooLarge as e:
        return _fail(f"{e} (--max-triples)", 1)
    except StoreError as e:  # BadQuery included
        return _fail(str(e))
    if sub.truncated:
        print("treatygraph export: warning: the store cut an answer (a row cap); "
              "statements may be missing", file=sys.stderr)
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    except OSError as e:
        return _fail(f"--output: cannot write {args.output}: {e.strerror}")
    try:
        for chunk in write(sub, args.format):
            out.write(chunk)
    finally:
        if args.output:
            out.close()
    print(f"treatygraph export: {len(sub.quads)} statements around {root}", file=sys.stderr)
    return 0
