"""``treatygraph extract FILE``: citation mentions (JSON lines) or the document graph (Turtle)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("extract", help="extract the citations of one document (jsonl) or its graph (ttl)")
    p.add_argument("file", help="the document's text file (UTF-8), e.g. data/documents/x.zh.txt")
    p.add_argument("--home", help="home instrument code (overrides the .meta.toml), e.g. itpgrfa")
    p.add_argument("--format", choices=["jsonl", "ttl"], default="jsonl", help="output format (default jsonl)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..cli import settings_from_args
    from ..ingest.metadata import IngestError
    from ..ingest.rdf import ingest_document
    from ..registry import Registry, RegistryError

    settings = settings_from_args(args)
    try:
        registry = Registry.load(settings.registry_dir, settings.base)
        result = ingest_document(Path(args.file), registry, settings, home=args.home)
    except (IngestError, RegistryError) as exc:
        print(f"treatygraph extract: {exc}", file=sys.stderr)
        return 2
    out = sys.stdout
    if args.format == "jsonl":
        for m in result.mentions:
            out.write(json.dumps(m.as_json(), ensure_ascii=False) + "\n")
    else:
        out.write(result.graph.serialize(format="turtle"))
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0
