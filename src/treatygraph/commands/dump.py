"""``treatygraph dump``: every statement of the store, or of one instrument, as gzip-compressed N-Quads.

    treatygraph dump -o treatygraph.nq.gz                  # the whole graph
    treatygraph dump --instrument cbd -o cbd.nq.gz         # the CBD, its articles, bodies, decisions
    treatygraph dump --void -o void.ttl                    # the VoID description, with real counts

Works on the embedded store and on a SPARQL endpoint (read in pages). The
graph of each statement is kept (N-Quads). Exit codes: 0 written, 2 bad usage
or unavailable store.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "dump", help="write the whole graph (or one instrument's part of it) as gzip-compressed N-Quads",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--output", "-o", help="the file to write (default: standard output)")
    p.add_argument("--instrument", metavar="CODE",
                   help="only the statements about an instrument's resources (id/CODE and under it), e.g. cbd")
    p.add_argument("--void", action="store_true", help="write the VoID description (Turtle) instead")
    p.add_argument("--store", default=argparse.SUPPRESS,
                   help="store directory, or the URL of a SPARQL 1.1 endpoint (as before the subcommand)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import identifiers as ids
    from ..cli import settings_from_args
    from ..export.dump import dump_lines, write_gzip
    from ..store.base import StoreError
    from ..store.factory import open_store

    settings = settings_from_args(args)
    if args.instrument:
        try:
            parsed = ids.parse_path(f"id/{args.instrument}")
        except ids.IdentifierError as e:
            print(f"treatygraph dump: --instrument: {e}", file=sys.stderr)
            return 2
        if not isinstance(parsed, ids.Entity):
            print(f"treatygraph dump: --instrument: {args.instrument!r} is not an instrument code (e.g. cbd)",
                  file=sys.stderr)
            return 2
    try:
        store = open_store(settings)
    except StoreError as e:
        print(f"treatygraph dump: {e}", file=sys.stderr)
        return 2
    out = open(args.output, "wb") if args.output else sys.stdout.buffer
    try:
        if args.void:
            from ..void import void_description

            out.write(void_description(store, settings).serialize(format="turtle", encoding="utf-8"))
            print("treatygraph dump: VoID description written", file=sys.stderr)
            return 0
        count = write_gzip(dump_lines(store, args.instrument, settings.base), out)
    except StoreError as e:
        print(f"treatygraph dump: {e}", file=sys.stderr)
        return 2
    finally:
        if args.output:
            out.close()
    print(f"treatygraph dump: {count} statements", file=sys.stderr)
    return 0
