"""``treatygraph extract FILE…``: citation mentions (JSON lines), the document graph (Turtle) or a summary.

Any file name and any supported format (``.txt``, ``.md``, ``.html``, ``.pdf``,
``.docx``); a directory stands for every document file under it. With one file
and ``--format jsonl`` (the default) the output is one mention a line, as
before; for every file a summary line (kind, symbol, body, session, counts) is
printed: on standard error with ``jsonl``/``ttl``, on standard output with
``--format summary``. A file that cannot be read is reported with its location
and the others go on (exit 2 when any failed). On a terminal, more than one
file shows a progress bar on standard error (``--no-progress`` hides it).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("extract", help="extract the citations of documents (jsonl), their graph (ttl) or a summary")
    p.add_argument("file", nargs="+",
                   help="document files (.txt .md .html .pdf .docx) or directories holding them")
    p.add_argument("--home", help="home instrument code (overrides the text and the .meta.toml), e.g. itpgrfa")
    p.add_argument("--format", choices=["jsonl", "ttl", "summary"], default="jsonl",
                   help="output: mentions as JSON lines (default), the graph in Turtle, or one summary line a file")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar (shown on a terminal for more than one file)")
    p.set_defaults(func=run)


def expand(paths: list[str]) -> list[Path]:
    """Files as given; a directory gives its document files, recursively, sorted."""
    from ..build import is_document_file

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and is_document_file(f))
        else:
            out.append(p)
    return out


def summary_line(path: Path, result) -> str:
    """``path: kind=… symbol=… body=… session=… parts=… citations=… unresolved=…``."""
    meta = result.metadata
    seg = result.segmentation
    kinds = Counter(m.kind for m in result.mentions)
    unresolved = sum(1 for m in result.mentions if m.target_uri is None)
    fields = {
        "kind": meta.kind if meta else None,
        "lang": meta.language if meta else None,
        "uri": f"id/doc/{result.key or result.slug}",
        "symbol": meta.symbol if meta else None,
        "date": meta.date if meta else None,
        "body": meta.issuing_body if meta else None,
        "session": meta.session if meta else None,
        "place": meta.place if meta else None,
        "parts": len(seg.parts) if seg else 0,
        "citations": len(result.mentions),
        "unresolved": unresolved,
        "by_kind": ",".join(f"{k}:{v}" for k, v in sorted(kinds.items())) or "-",
    }
    return f"{path}: " + " ".join(f"{k}={v if v not in (None, '') else '-'}" for k, v in fields.items())


def run(args) -> int:
    from ..cli import settings_from_args
    from ..ingest.metadata import IngestError
    from ..ingest.rdf import ingest_document
    from ..registry import Registry, RegistryError

    settings = settings_from_args(args)
    try:
        registry = Registry.load(settings.registry_dir, settings.base)
    except RegistryError as exc:
        print(f"treatygraph extract: {exc}", file=sys.stderr)
        return 2
    files = expand(args.file)
    if not files:
        print(f"treatygraph extract: no document files in {' '.join(args.file)}", file=sys.stderr)
        return 2
    from tqdm import tqdm

    out = sys.stdout
    failed = 0
    # A bar on a terminal only (never in a pipe or a log); messages go above it. It stays when done,
    # so a run too quick for a redraw still ends showing how many files it read.
    bar = tqdm(files, unit="file", desc="extract", file=sys.stderr, leave=True,
               disable=args.no_progress or len(files) < 2 or not sys.stderr.isatty())
    say = lambda text: tqdm.write(text, file=sys.stderr)  # noqa: E731
    for path in bar:
        bar.set_postfix_str(path.name, refresh=False)
        try:
            result = ingest_document(path, registry, settings, home=args.home)
        except IngestError as exc:
            say(f"treatygraph extract: {exc}")
            failed += 1
            continue
        line = summary_line(path, result)
        if args.format == "summary":
            out.write(line + "\n")
            continue
        if args.format == "jsonl":
            for m in result.mentions:
                out.write(json.dumps(m.as_json(), ensure_ascii=False) + "\n")
        else:
            out.write(result.graph.serialize(format="turtle"))
        for w in result.warnings:
            say(f"warning: {w}")
        say(line)
    bar.close()
    return 2 if failed else 0
