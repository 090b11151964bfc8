"""The document cache: validated graphs as N-Triples by input key, written whole, checked on reading."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from ..collector import paused as collector_paused
from ..namespaces import TG
from ..ntriples import ntriples_lines

if TYPE_CHECKING:
    from ..validate import ValidationReport


@dataclass
class _DocGraph:
    slug: str
    uri: str
    key: str
    path: Path  # N-Triples of the validated graph, in the cache
    triples: int
    citations: int
    unresolved: int
    warnings: list[str]
    reused: bool
    #: the document's URI key (``id/doc/{doc}``: its symbol's path), when it differs from ``slug``
    doc: str | None = None


def _count_citations(triples) -> tuple[int, int]:
    """Citations (subjects typed ``tg:Citation``) and how many are unresolved, in a Graph or a TripleSet."""
    if isinstance(triples, Graph):
        cites = set(triples.subjects(RDF.type, TG.Citation))
    else:
        rdf_type, citation = RDF.type, TG.Citation
        cites = {s for s, p, o in triples if o == citation and p == rdf_type}
    unresolved_false = Literal(False)
    resolved = TG.resolved
    unresolved = sum(1 for c in cites if (c, resolved, unresolved_false) in triples)
    return len(cites), unresolved


def document_lines(result) -> list[str]:
    """An ingested document's N-Triples lines (without ``\\n``), as rdflib's serializer writes them:
    from the triples as built when no rdflib Graph was made (:class:`treatygraph.triples.TripleSet`)."""
    lines = getattr(result, "ntriples_lines", None)
    with collector_paused():
        return lines() if lines is not None else ntriples_lines(result.graph)


def ntriples_bytes(lines: list[str]) -> bytes:
    """N-Triples lines as a file's bytes (each line ended by ``\\n``)."""
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _write_nt(data: bytes, path: Path) -> None:
    """Write N-Triples bytes to ``path`` whole or not at all."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_text(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all (a temporary file, then ``os.replace``)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _cache_dir(area: Path, rel: str) -> Path:
    """One cache folder per document file (file names may hold spaces or repeat across folders)."""
    return area / "cache" / hashlib.sha256(rel.encode()).hexdigest()[:16]


def _from_cache(nt: Path, info: Path, key: str, warnings: list[str], name: str) -> _DocGraph | None:
    """The cached graph of ``key``, or None; a damaged entry is deleted with a warning."""
    if not (nt.exists() or info.exists()):
        return None
    try:
        meta = json.loads(info.read_text(encoding="utf-8"))
        if _file_sha(nt) != meta["sha256"]:
            raise ValueError(f"{nt.name} does not match its checksum")
        return _DocGraph(str(meta.get("slug", nt.parent.name)), str(meta["uri"]), key, nt, int(meta["triples"]),
                         int(meta["citations"]), int(meta["unresolved"]), [str(w) for w in meta["warnings"]], True,
                         meta.get("doc"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reason = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        warnings.append(f"{name}: corrupt cache entry {nt.parent / key}.* discarded ({reason}); ingested again")
        nt.unlink(missing_ok=True)
        info.unlink(missing_ok=True)
        return None


def _previous_graph(area: Path, rel: str, key: str | None, warnings: list[str]) -> _DocGraph | None:
    """The graph the current build holds for a file (built from an earlier version of it), if cached."""
    if not key:
        return None
    cache = _cache_dir(area, rel)
    return _from_cache(cache / f"{key}.nt", cache / f"{key}.json", key, warnings, rel)


def _finish_document(paths, result, report: ValidationReport, nt: bytes | None = None) -> _DocGraph:
    """Record a freshly ingested document; only a conforming graph enters the cache. ``nt``: the graph's
    N-Triples (:func:`document_lines`), when already made."""
    key, nt_path, info = paths
    statements = result.statements if hasattr(result, "statements") else result.graph
    citations, unresolved = _count_citations(statements)
    doc = _DocGraph(result.slug, str(result.graph_uri), key, nt_path, len(statements), citations, unresolved,
                    [str(w) for w in result.warnings], False, getattr(result, "key", None))
    if report.conforms:
        if nt is None:
            nt = ntriples_bytes(document_lines(result))
        nt_path.parent.mkdir(parents=True, exist_ok=True)
        _write_nt(nt, nt_path)
        # The .json, written last and whole, commits the entry; its checksum catches a damaged .nt.
        _write_text(info, json.dumps({"slug": doc.slug, "doc": doc.doc, "uri": doc.uri, "triples": doc.triples,
                                      "citations": citations, "unresolved": unresolved, "warnings": doc.warnings,
                                      "sha256": hashlib.sha256(nt).hexdigest()}, ensure_ascii=False))
    return doc


def _rel(path: Path, root: Path) -> str:
    """A document file's name relative to ``data/documents``, else to ``data/`` (its identity in a build)."""
    for base in (root, root.parent):
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


#: the folder of the cache holding the ontology's and registry's reports (beside one folder per document)
VALIDATION = "validation"


def load_reports(area: Path, key: str) -> list | None:
    """The validation reports of the ontology and registry cached under ``key`` (None if absent or damaged)."""
    from ..validate import ValidationReport, Violation

    path = area / "cache" / VALIDATION / f"{key}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [ValidationReport(conforms=r["conforms"], violations=[Violation(**v) for v in r["violations"]],
                                 name=r["name"], triples=r["triples"]) for r in raw]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_reports(area: Path, key: str, reports: list) -> None:
    """Cache conforming reports of the ontology and registry under ``key`` (their inputs, shapes and code)."""
    from dataclasses import asdict

    folder = area / "cache" / VALIDATION
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink(missing_ok=True)  # one entry: the inputs of the current build
    _write_text(folder / f"{key}.json", json.dumps([asdict(r) for r in reports], ensure_ascii=False))
