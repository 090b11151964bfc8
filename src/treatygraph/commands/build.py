"""``treatygraph build``: validate every graph and swap in a new embedded store.

A document that cannot be read or parsed, or whose graph violates the shapes,
is reported with its location and skipped; the rest builds. ``--strict`` makes
any such error fatal (for CI).

Exit codes: 0 built or already up to date (skipped documents are listed); 1 a
graph violates the shapes or an input cannot be read (with ``--strict``: any
document; the previous store keeps serving); 2 any other error.
"""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the store: ontology + registry + documents, validated, swapped in atomically",
        description=__doc__,
    )
    p.add_argument("--force", action="store_true", help="rebuild even when no input changed")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="ingest and validate documents in N worker processes (default 0: one per core; 1: no workers)")
    p.add_argument("--strict", action="store_true",
                   help="fail on any document that cannot be read or does not conform (default: skip it, report it)")
    p.add_argument("--max-document-bytes", type=int, default=None, metavar="N",
                   help="refuse a document file larger than N bytes "
                        "(default: TREATYGRAPH_MAX_DOCUMENT_BYTES, else 20000000)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..build import BuildError, BuildFailed, build
    from ..cli import settings_from_args

    settings = settings_from_args(args)
    if args.max_document_bytes is not None:
        settings = settings.with_(extra={**settings.extra, "max_document_bytes": args.max_document_bytes})
    try:
        summary = build(settings, progress=not args.no_progress and sys.stderr.isatty(), force=args.force,
                        jobs=args.jobs, strict=args.strict)
    except BuildFailed as exc:
        if exc.summary is not None:
            print(exc.summary.text(failed=True))
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.text())
    return 0
