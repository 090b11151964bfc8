"""``treatygraph serve [--host H] [--port P] [--forwarded-allow-ips IPS]``: build if there is no store yet, then serve HTTP.

Exit codes: 0 on a clean shutdown; 2 an error: the port is in use or the host
unknown (said before any build), a bad proxy list, or the server did not start.

uvicorn's own proxy-header handling is turned off: the app trusts
``X-Forwarded-For`` only from the proxies the settings name
(:mod:`treatygraph.http.clients`).
"""

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
    p.add_argument("--forwarded-allow-ips", default=None, metavar="IPS", type=_trusted_proxies,
                   help="comma-separated addresses or networks of reverse proxies trusted to send "
                   "X-Forwarded-For/-Proto ('*' for any); default: TREATYGRAPH_FORWARDED_ALLOW_IPS, "
                   "else none (the connection's peer is the client)")
    p.add_argument("--no-build", action="store_true", help="never build; serve 503s if there is no store")
    p.set_defaults(func=run)


def _trusted_proxies(value: str) -> str:
    from ..http.clients import parse_trusted

    try:
        parse_trusted(value, "--forwarded-allow-ips")
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return value


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
    from ..http.clients import SETTING, trusted_proxies

    settings = settings_from_args(args)
    if args.forwarded_allow_ips is not None:
        settings = settings.with_(extra={**settings.extra, SETTING: args.forwarded_allow_ips})
    try:
        trusted_proxies(settings)
    except ValueError as e:
        print(f"treatygraph serve: {e}", file=sys.stderr)
        return 2
    problem = cannot_listen(args.host, args.port)
    if problem:  # before any build: a busy port is known at once
        print(f"treatygraph serve: cannot listen on {args.host}:{args.port}: {problem} "
              "(another server there? choose another with --port)", file=sys.stderr)
        return 2
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
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=False)
    except SystemExit as e:  # uvicorn could not start (it has logged why): the documented 2
        if e.code in (0, None):
            return 0
        print(f"treatygraph serve: the server did not start on {args.host}:{args.port} "
              f"(uvicorn exit {e.code}; its message is above)", file=sys.stderr)
        return 2
    return 0


def cannot_listen(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (in use, no such address), or None."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        return f"unknown host ({e.strerror})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as e:
            return e.strerror or str(e)
    return None
