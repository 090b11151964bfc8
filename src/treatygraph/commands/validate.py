"""``treatygraph validate [FILES...]``: SHACL-validate the ontology, the registry, or given files.

Without FILES: the ontology (lint + shapes) and the registry. A FILE may be
Turtle, N-Triples, N-Quads or TriG (each graph is validated separately; files
under ``data/registry/`` resolve relative IRIs against the URI base), a file
of ``ontology/`` (linted too), or a document text ``data/documents/*.txt``
(ingested, then validated). Exit codes: 0 conforms, 1 violations, 2 error
(unreadable file, bad syntax).
"""

from __future__ import annotations

import sys
from pathlib import Path

_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}


def register(subparsers) -> None:
    p = subparsers.add_parser("validate", help="validate graphs against shapes/", description=__doc__)
    p.add_argument("files", nargs="*", help="files to validate (default: ontology and registry)")
    p.set_defaults(func=run)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _graphs(path: Path, settings) -> list[tuple[str, object]]:
    """``(name, rdflib.Graph)`` per graph in a data file."""
    from rdflib import Dataset, Graph

    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF format (use {', '.join(_FORMATS)})")
    public = settings.base if _inside(path, settings.registry_dir) else None
    try:
        if fmt in ("nquads", "trig"):
            ds = Dataset()
            ds.parse(path, format=fmt, publicID=public)
            return [(f"{path} <{g.identifier}>", g) for g in ds.graphs() if len(g)]
        return [(str(path), Graph().parse(path, format=fmt, publicID=public))]
    except Exception as exc:
        line = getattr(exc, "lines", None)
        where = f"{path}:{line + 1}" if isinstance(line, int) else str(path)
        raise ValueError(f"{where}: {getattr(exc, '_why', None) or exc}") from exc


def run(args) -> int:
    from ..cli import settings_from_args
    from ..registry import Registry, RegistryError
    from ..validate import load_ontology, load_shapes, validate_graph

    settings = settings_from_args(args)
    try:
        ontology = load_ontology(settings)
        data_shapes = load_shapes(settings, "data")
        lint_shapes = load_shapes(settings, "ontology")
        registry = Registry.load(settings.registry_dir, settings.base)
        reports = []
        if not args.files:
            reports.append(validate_graph(ontology, lint_shapes, name="ontology (lint)"))
            reports.append(validate_graph(ontology, data_shapes, ontology, name="ontology"))
            reports.append(validate_graph(registry.graph, data_shapes, ontology, name="registry"))
        for name in args.files:
            path = Path(name)
            if not path.is_file():
                raise ValueError(f"{path}: no such file")
            if path.suffix == ".txt":
                from ..build import default_ingest

                ingest = default_ingest()
                if ingest is None:
                    raise ValueError("ingestion is not installed")
                result = ingest(path, registry, settings)
                reports.append(validate_graph(result.graph, data_shapes, ontology, context=registry.graph, name=str(path)))
                continue
            for label, graph in _graphs(path, settings):
                if _inside(path, settings.ontology_dir):
                    reports.append(validate_graph(graph, lint_shapes, name=label + " (lint)"))
                    reports.append(validate_graph(graph, data_shapes, graph, name=label))
                elif _inside(path, settings.registry_dir):
                    reports.append(validate_graph(graph, data_shapes, ontology, name=label))
                else:
                    reports.append(validate_graph(graph, data_shapes, ontology, context=registry.graph, name=label))
    except (RegistryError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for r in reports:
        print(r.text())
    return 0 if all(r.conforms for r in reports) else 1
