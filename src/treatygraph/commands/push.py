"""``treatygraph push --store URL [--from DIR] [--graph URI ...]``: load a build into a SPARQL server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "push",
        help="replace the build's named graphs on a SPARQL 1.1 server (see docs/remote-store.md)",
        description="Push each named graph of the local embedded store to a SPARQL 1.1 server, "
        "replacing the server's graph of the same name (staged, then switched in). "
        "Credentials: TREATYGRAPH_STORE_USER / TREATYGRAPH_STORE_PASSWORD; update endpoint: "
        "TREATYGRAPH_UPDATE_URL or --update-url.",
    )
    # Also accepted after the subcommand; SUPPRESS keeps the global --store when absent here.
    p.add_argument("--store", default=argparse.SUPPRESS, help="query endpoint URL of the target server")
    p.add_argument("--update-url", help="SPARQL Update endpoint (default: TREATYGRAPH_UPDATE_URL, else the query URL)")
    p.add_argument("--graph-store-url", help="Graph Store Protocol endpoint for loading "
                   "(default: TREATYGRAPH_GRAPH_STORE_URL; Virtuoso: .../sparql-graph-crud-auth); much faster")
    p.add_argument("--from", dest="source", help="embedded store directory to push (default: the project's build)")
    p.add_argument("--graph", action="append", help="push only this named graph (repeatable)")
    p.add_argument("--batch-size", type=int, help="triples per request (default 250 for SPARQL Update, 10000 for GSP)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..cli import settings_from_args
    from ..push import PushFailed, push
    from ..store.base import BadQuery, StoreError
    from ..store.factory import open_store
    from ..store.oxigraph import OxigraphStore

    settings = settings_from_args(args)
    if not settings.store_is_remote:
        print(f"treatygraph push: --store must be an http(s):// SPARQL endpoint, not {settings.store_location!r}",
              file=sys.stderr)
        return 2
    if args.source:
        source_dir = Path(args.source)
    else:
        # The build serve would serve: one rule for "where is the current build".
        from ..http.store_source import store_path

        try:
            source_dir = store_path(settings.with_(store=""))
        except StoreError as exc:
            print(f"treatygraph push: {exc}", file=sys.stderr)
            return 2
    try:
        source = OxigraphStore.open(source_dir, read_only=True)
    except StoreError as exc:
        print(f"treatygraph push: --from {source_dir}: {exc}", file=sys.stderr)
        return 2
    options = {"batch_size": args.batch_size}
    if args.update_url:
        options["update_url"] = args.update_url
    if args.graph_store_url:
        options["graph_store_url"] = args.graph_store_url
    target = open_store(settings, read_only=False, **options)
    print(f"pushing {source_dir} -> {settings.store_location}", file=sys.stderr)
    try:
        target.query("ASK {}", timeout=10)  # reachable at all? (update rights show on the first write)
    except (StoreError, BadQuery) as exc:
        print(f"treatygraph push: {exc}", file=sys.stderr)
        target.close()
        source.close()
        return 2
    try:
        summary = push(source, target, graphs=args.graph, progress=lambda line: print(line, file=sys.stderr))
    except PushFailed as exc:
        print(f"treatygraph push: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"treatygraph push: {exc}", file=sys.stderr)
        return 2
    finally:
        target.close()
        source.close()
    print(summary)
    return 0
