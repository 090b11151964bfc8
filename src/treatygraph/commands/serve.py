"""``treatygraph serve [--host H] [--port P]``: build if there is no store yet, then serve HTTP."""

from __future__ import annotations

import argparse

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="serve /sparql, /queries and the linked data over HTTP (builds first if needed)",
        description="Serve the graph with uvicorn. With an embedded store and no build yet, "
        "runs `treatygraph build` first.",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    # Also accepted after the subcommand; SUPPRESS keeps the global --store when absent here.
    p.add_argument("--store", default=argparse.SUPPRESS,
                   help="store directory, or the URL of a SPARQL 1.1 endpoint (as before the subcommand)")
    p.add_argument("--no-build", action="store_true", help="never build; serve 503s if there is no store")
    p.set_defaults(func=run)


def store_exists(settings) -> bool:
    """Whether the embedded store the server would open is there."""
    from ..http.store_source import store_path
    from ..store.base import StoreUnavailable

    try:
        return store_path(settings).is_dir()
    except StoreUnavailable:
        return False


def run(args) -> int:
    import uvicorn

    from ..cli import settings_from_args
    from ..http.app import create_app

    settings = settings_from_args(args)
    if not settings.store_is_remote and not args.no_build and not store_exists(settings):
        print("treatygraph serve: no store yet; building first", file=sys.stderr)
        try:
            from ..build import build
        except ImportError:
            print(f"treatygraph serve: no store at {settings.store_location} and no build module; "
                  "build one first or pass --no-build", file=sys.stderr)
            return 2
        result = build(settings)
        if not store_exists(settings):
            print(f"treatygraph serve: the build made no store ({result!r})", file=sys.stderr)
            return 1
    app = create_app(settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
