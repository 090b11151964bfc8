"""The ``treatygraph`` command: build | serve | query | extract | validate | export | dump | push.

Each subcommand lives in its own module under ``treatygraph.commands`` and
exposes ``register(subparsers)``, which adds its parser and sets ``func``.
Exit codes are documented in ``docs/cli.md``: 0 success, 1 the input does
not conform / the command found problems, 2 usage or runtime error. A
user's mistake is a one-line message naming what to change, never a
traceback; a closed pipe (``treatygraph extract … | head``) ends quietly with 0.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES = [
    "build", "validate",
    "push",
    "serve",
    "query",
    "export",
    "dump",
    "extract",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="treatygraph",
        description="A knowledge graph of how multilateral environmental agreements link to each other.",
    )
    parser.add_argument("--root", help="project root holding data/, ontology/, shapes/, queries/")
    parser.add_argument("--base", help="URI base (default https://w3id.org/treatygraph/)")
    parser.add_argument("--store", help="store directory, or the URL of a SPARQL 1.1 endpoint")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"treatygraph.commands.{name}").register(subparsers)
    return parser


def settings_from_args(args: argparse.Namespace):
    """The :class:`~treatygraph.config.Settings` for parsed global options."""
    from pathlib import Path

    from .config import Settings

    return Settings.from_env(
        root=Path(args.root) if args.root else None, base=args.base, store=args.store
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader gone away shows here, not in the interpreter's exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return reader_went_away()


def reader_went_away() -> int:
    """The reader of standard output closed it (``… | head``): stop quietly, exit 0.

    Standard output is pointed at /dev/null so that the interpreter's own
    flush at exit does not report the closed pipe again.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
