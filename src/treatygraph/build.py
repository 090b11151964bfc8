"""Build the embedded store: ontology + registry + documents -> validated named graphs -> new store -> swap.

Layout, next to the store location ``S`` (``settings.store_location``)::

    S                         a symlink to the current build's store (what servers open)
    S.builds/builds/<id>/store/      one pyoxigraph on-disk store per build
    S.builds/builds/<id>/build.json  what went into it (input keys, counts); written last
    S.builds/cache/<slug>/<key>.nt (+ .json)   validated document graphs, by input key
    S.builds/.lock                   one build at a time

Named graphs of a store: ``graph/ontology``, ``graph/registry``, one
``graph/doc/{slug}`` per document with what the document owns, and
``graph/resources`` with what documents say about resources they do not own,
once (:mod:`treatygraph.layout`), and ``graph/derived``, computed from the
others by ``queries/derive/*.rq`` (:mod:`treatygraph.derive`).

A build validates every graph on its own (ontology, registry, each document
in the registry's context), writes a NEW store in a fresh directory with
pyoxigraph's bulk loader and only then replaces the symlink with
``os.replace`` (atomic). A failing build removes its own directory and leaves
the current store serving. A document whose text, metadata, registry,
ontology, shapes and code are unchanged is not ingested again: its validated
graph comes from the cache. When nothing at all changed, nothing is written.

A document file that cannot be read or parsed, or whose graph violates the
shapes, is reported (``BuildSummary.skipped``, with its location) and left out;
the rest of the corpus builds. So is a document or ``.meta.toml`` that links
outside ``data/``, is not a regular file or is larger than
:data:`MAX_DOCUMENT_BYTES` (never read). If the current store holds a graph
built from an earlier version of that file, that graph is kept (nothing already
served is lost). ``strict=True`` (``treatygraph build --strict``) makes any such
error fatal. A shape whose query fails stops the build (named, with its file).

A cache entry is written whole (temporary file, then ``os.replace``; its
``.json``, written last, holds the ``.nt``'s checksum); a damaged one is
discarded with a warning and the document ingested again.

Clean-up never trusts file times: after a swap, every build but the new one
and the one served before it is removed; before a build, directories that a
killed build left (no ``build.json``) are removed, never the served one.

Exit codes of ``treatygraph build``: 0 built (or already up to date, possibly
with skipped documents), 1 the input does not conform to the shapes or cannot
be read (with ``--strict``: any document), 2 any other error.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import stat
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from . import derive, identifiers, layout
from .namespaces import TG
from .registry import Registry, RegistryError

if TYPE_CHECKING:
    from .validate import ValidationReport, Violation


def validate_graph(*args, **kwargs):
    """:func:`treatygraph.validate.validate_graph`, imported on first use.

    pyshacl takes about a second to import: a server opening the current
    build (:func:`open_store_path`) must not pay for it at start-up.
    """
    from .validate import validate_graph as run

    return run(*args, **kwargs)

#: Bump when the cache or build.json layout changes.
CACHE_FORMAT = 2
#: Largest document text or metadata file a build reads, in bytes (setting ``max_document_bytes``,
#: ``TREATYGRAPH_MAX_DOCUMENT_BYTES``). The largest text of the shared corpus is about 0.5 MB.
MAX_DOCUMENT_BYTES = 20_000_000
#: Source files whose change invalidates cached document graphs.
_CODE_FILES = ("identifiers.py", "registry.py", "namespaces.py", "build.py", "layout.py", "ingest")


class BuildError(Exception):
    """The build could not run (exit code 2)."""

    exit_code = 2


class BuildFailed(BuildError):
    """The input does not conform or cannot be read (exit code 1); nothing was swapped."""

    exit_code = 1

    def __init__(self, message: str, summary: "BuildSummary | None" = None):
        super().__init__(message)
        self.summary = summary


@dataclass
class BuildSummary:
    """What a build did; ``text()`` is what the CLI prints."""

    store_path: Path | None = None
    build_id: str | None = None
    changed: bool = False
    documents: int = 0
    ingested: int = 0
    reused: int = 0
    triples: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    citations: int = 0
    unresolved: int = 0
    warnings: list[str] = field(default_factory=list)
    reports: list[ValidationReport] = field(default_factory=list)
    seconds: float = 0.0
    #: documents left out of this build: ``"<file>[:line:col]: why"``
    skipped: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[Violation]:
        return [v for r in self.reports for v in r.errors()]

    @property
    def ok(self) -> bool:
        return not self.violations

    def text(self, failed: bool = False) -> str:
        """The CLI's report; ``failed`` for a build stopped by bad input (no violations to show)."""
        state = "built" if self.changed else "up to date"
        if failed or not self.ok:
            state = "FAILED (previous store left in place)"
        lines = [
            f"build {self.build_id or '-'}: {state} in {self.seconds:.1f}s",
            f"  store:       {self.store_path or '-'}",
            f"  documents:   {self.documents} ({self.ingested} ingested, {self.reused} from cache)",
            f"  triples:     {self.triples} in {len(self.graphs)} graphs",
            f"  citations:   {self.citations} ({self.unresolved} unresolved)",
            f"  warnings:    {len(self.warnings)}",
            f"  violations:  {len(self.violations)}",
            f"  skipped:     {len(self.skipped)}",
        ]
        lines += [f"  skipped: {s}" for s in self.skipped]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [r.text() for r in self.reports if not r.conforms]
        return "\n".join(lines)


# ---------------------------------------------------------------------- paths


def store_area(settings) -> Path:
    """The directory holding builds and the document cache, beside the store location."""
    _require_local(settings)
    loc = Path(settings.store_location)
    return loc.parent / (loc.name + ".builds")


def open_store_path(settings) -> Path:
    """The directory of the current store (the symlink resolved); raises if nothing was built."""
    _require_local(settings)
    loc = Path(settings.store_location)
    if not loc.exists():
        raise FileNotFoundError(f"no store at {loc}: run `treatygraph build` first")
    return loc.resolve()


def _require_local(settings) -> None:
    if settings.store_is_remote:
        raise BuildError(
            f"the store is a SPARQL endpoint ({settings.store_location}); build writes an embedded store "
            "(set TREATYGRAPH_STORE to a directory, then `treatygraph push` to the endpoint)"
        )


def _current_manifest(settings) -> dict | None:
    try:
        return json.loads((open_store_path(settings).parent / "build.json").read_text())
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None


# ----------------------------------------------------------------------- keys


def _sha(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(hashlib.sha256(c).digest())
    return h.hexdigest()


def _files_hash(files: list[Path], root: Path) -> str:
    return _sha(*[str(p.relative_to(root)).encode() + b"\0" + p.read_bytes() for p in files])


def _code_hash() -> str:
    pkg = Path(__file__).resolve().parent
    files = []
    for name in _CODE_FILES:
        p = pkg / name
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p] if p.exists() else []
    return _files_hash(files, pkg)


#: File names under ``data/documents/`` that are never documents: notes about the
#: folder and a corpus's own provenance records (kept beside the texts they describe).
NOT_DOCUMENTS = frozenset({"readme.md", "readme.txt", "license.md", "license.txt", "gaps.md", "changelog.md"})


def is_document_file(path: Path) -> bool:
    """A document to ingest: a supported extension, not a README/LICENSE, not hidden, not a
    ``.meta.toml`` override; in a corpus record folder (``text.txt`` beside ``original.pdf``)
    only ``text.txt`` (the PDF is the same document)."""
    from .ingest.source import is_supported

    name = path.name
    if name.startswith(".") or name.lower() in NOT_DOCUMENTS or not is_supported(path):
        return False
    if path.suffix.lower() == ".pdf" and (path.parent / "text.txt").exists():
        return False
    return True


def document_files(settings) -> list[Path]:
    """The documents to ingest: every supported file under ``data/documents/`` and ``data/corpus/``
    (recursively), sorted."""
    found: list[Path] = []
    for root in map(Path, settings.document_dirs):
        if not root.is_dir():
            continue
        # not only regular files: a FIFO, socket or dangling link is listed, then refused unread
        found += sorted(p for p in root.rglob("*") if not p.is_dir()
                        and not any(part.startswith(".") for part in p.relative_to(root).parts)
                        and is_document_file(p))
    return found


def _meta_file(text_path: Path) -> Path:
    return text_path.with_name(text_path.name.split(".", 1)[0] + ".meta.toml")


def max_document_bytes(settings) -> int:
    """The size limit of one document file (``Settings.extra["max_document_bytes"]``, else the default)."""
    raw = settings.extra.get("max_document_bytes", MAX_DOCUMENT_BYTES)
    try:
        limit = int(raw)
    except (TypeError, ValueError):
        limit = 0
    if limit <= 0:
        raise BuildError(f"max_document_bytes (TREATYGRAPH_MAX_DOCUMENT_BYTES) must be a positive number of bytes, "
                         f"not {raw!r}")
    return limit


def check_document_files(texts: list[Path], settings) -> dict[Path, str]:
    """The documents refused unread: ``{text: why}`` for a document (or its metadata) that is a
    link out of the data folder, not a regular file, or larger than :func:`max_document_bytes`.

    A build reads nothing outside ``data/`` and no file over the limit; each
    message names the file.
    """
    refused: dict[Path, str] = {}
    for text in texts:
        try:
            _check_document_file(text, settings)
        except BuildFailed as exc:
            refused[text] = str(exc)
    return refused


def _check_document_file(text: Path, settings) -> None:
    data = Path(settings.data_dir).resolve()
    limit = max_document_bytes(settings)
    for path in (text, _meta_file(text)):
        if not (path.exists() or path.is_symlink()):
            continue
        real = path.resolve()
        if not real.is_relative_to(data):
            raise BuildFailed(f"{path}: links to {real}, outside the data folder {data}; "
                              f"documents must be files inside it (copy the file there)")
        try:
            info = real.stat()
        except OSError as exc:
            raise BuildFailed(f"{path}: cannot be read ({exc.strerror})") from exc
        if not stat.S_ISREG(info.st_mode):
            raise BuildFailed(f"{path}: not a regular file")
        if info.st_size > limit:
            raise BuildFailed(f"{path}: {info.st_size} bytes, over the limit of {limit} bytes for one document "
                              "(setting max_document_bytes: TREATYGRAPH_MAX_DOCUMENT_BYTES or "
                              "`build --max-document-bytes`)")


# ------------------------------------------------------------------ ingestion


Ingest = Callable[[Path, Registry, object], object]


def default_ingest() -> Ingest | None:
    """The ingestion entry point (``ingest_document(text_path, registry, settings)``), if installed."""
    try:
        from .ingest import ingest_document  # type: ignore[attr-defined]

        return ingest_document
    except ImportError:
        pass
    try:
        from .ingest.rdf import ingest_document

        return ingest_document
    except ImportError:
        return None


def _input_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "this input cannot be read" (exit 1), not a bug (exit 2)."""
    errors: tuple[type[BaseException], ...] = (RegistryError, ValueError, OSError)
    try:
        from .ingest.metadata import IngestError

        errors += (IngestError,)
    except ImportError:
        pass
    return errors


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


def _count_citations(g: Graph) -> tuple[int, int]:
    cites = set(g.subjects(RDF.type, TG.Citation))
    unresolved = sum(1 for c in cites if (c, TG.resolved, Literal(False)) in g)
    return len(cites), unresolved


def _write_nt(graph: Graph, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    graph.serialize(destination=str(tmp), format="nt", encoding="utf-8")
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


# ---------------------------------------------------------------------- build


def build(
    settings, *, progress: bool = True, ingest: Ingest | None = None, force: bool = False, jobs: int = 1,
    strict: bool = False,
) -> BuildSummary:
    """Build a new store from the project at ``settings.root`` and swap it in.

    Raises :class:`BuildFailed` (with ``.summary``) when a graph violates the
    shapes or an input cannot be read, :class:`BuildError` otherwise; in both
    cases the current store is untouched. ``jobs > 1`` validates the graphs in
    that many processes; ``ingest`` replaces the ingestion entry point. A document that
    cannot be read or does not conform is skipped (``summary.skipped``) unless ``strict``.
    """
    started = time.monotonic()
    area = store_area(settings)
    area.mkdir(parents=True, exist_ok=True)
    with open(area / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(f"another build is running ({area / '.lock'})") from exc
        summary = _build_locked(settings, area, progress, ingest or default_ingest(), force, jobs, strict)
    summary.seconds = time.monotonic() - started
    return summary


def _build_locked(settings, area: Path, progress: bool, ingest: Ingest | None, force: bool, jobs: int,
                  strict: bool = False) -> BuildSummary:
    from tqdm import tqdm

    root = Path(settings.root)
    base = settings.base
    _remove_orphans(area, _served_build(settings))
    texts = document_files(settings)
    summary = BuildSummary(documents=len(texts))
    refused = check_document_files(texts, settings)
    if refused and strict:
        raise BuildFailed(next(iter(refused.values())), summary)
    if texts and ingest is None:
        summary.warnings.append("ingestion is not installed: documents skipped")
        texts = []
        summary.documents = 0

    onto_files = sorted(Path(settings.ontology_dir).glob("*.ttl"))
    reg_files = sorted(Path(settings.registry_dir).glob("*.ttl"))
    shape_files = sorted(Path(settings.shapes_dir).glob("*.ttl"))
    keys = {
        "format": str(CACHE_FORMAT),
        "base": base,
        "code": _code_hash(),
        "ontology": _files_hash(onto_files, root),
        "registry": _files_hash(reg_files, root),
        "shapes": _files_hash(shape_files, root),
    }
    common = _sha(*[f"{k}={v}".encode() for k, v in sorted(keys.items())])
    docs_root = Path(settings.documents_dir)
    doc_keys = {}
    unreadable: dict[str, str] = {}
    for t in texts:
        meta = _meta_file(t)
        if t in refused:  # never read: reported below, as any document that cannot be read
            unreadable[_rel(t, docs_root)] = refused[t]
            doc_keys[_rel(t, docs_root)] = "refused"
            continue
        try:
            doc_keys[_rel(t, docs_root)] = _sha(common.encode(), t.read_bytes(),
                                                meta.read_bytes() if meta.exists() else b"")[:20]
        except OSError as exc:  # unreadable: reported below, as any document that cannot be read
            unreadable[_rel(t, docs_root)] = f"{t}: cannot be read: {exc.strerror or exc}"
            doc_keys[_rel(t, docs_root)] = "unreadable"
    # The derivation queries (and their code) change graph/derived only: part of the build's key, not the cache's.
    build_key = _sha(common.encode(), derive.derivation_key(Path(settings.queries_dir)).encode(),
                     *[f"{n}={k}".encode() for n, k in sorted(doc_keys.items())], f"strict={strict}".encode())

    current = _current_manifest(settings)
    if current and current.get("key") == build_key and not force:
        summary.store_path = open_store_path(settings)
        summary.build_id = current["id"]
        for name in ("triples", "graphs", "citations", "unresolved", "warnings"):
            setattr(summary, name, current[name])
        summary.skipped = list(current.get("skipped", []))
        summary.reused = summary.documents
        return summary

    # One step per document ingested (or read from the cache), per graph validated, plus set-up and store.
    bar = tqdm(total=2 + 2 * len(texts) + 3, disable=not progress, unit="step", desc="build", dynamic_ncols=True)
    try:
        bar.set_postfix_str("ontology")
        try:
            from .validate import ShapeError, load_ontology, load_shapes

            ontology = load_ontology(settings)
            registry = Registry.load(settings.registry_dir, base)
            data_shapes = load_shapes(settings, "data")
            lint_shapes = load_shapes(settings, "ontology")
        except (RegistryError, ValueError) as exc:
            raise BuildFailed(str(exc), summary) from exc
        # Ingest what the cache lacks (in this process), then validate every graph on its own.
        bar.update(1)
        found: list[_DocGraph | tuple] = []
        kept_texts: list[Path] = []
        cache_warnings: list[str] = []  # about this run only: not replayed from build.json
        previous_files = (current or {}).get("files", {})
        bar.set_description("ingest")
        for t in texts:
            rel = _rel(t, docs_root)
            bar.set_postfix_str(rel, refresh=False)
            bar.update(1)
            try:
                if rel in unreadable:
                    raise BuildFailed(unreadable[rel], summary)
                found.append(_cached_or_ingested(t, doc_keys[rel], area, registry, settings, ingest, summary,
                                                 cache_warnings, rel))
            except BuildFailed as exc:
                if strict:
                    raise
                summary.skipped.append(str(exc))
                previous = _previous_graph(area, rel, previous_files.get(rel), cache_warnings)
                if previous is None:
                    continue
                previous.warnings = previous.warnings + [f"{rel}: kept the graph built from its previous version"]
                found.append(previous)
            kept_texts.append(t)
        texts = kept_texts
        summary.warnings += cache_warnings
        tasks = [
            ValidationTask("ontology (lint)", ontology, lint_shapes),
            ValidationTask("ontology", ontology, data_shapes, ontology),
            ValidationTask("registry", registry.graph, data_shapes, ontology),
        ]
        fresh = [f for f in found if isinstance(f, tuple)]
        tasks += [ValidationTask(f"document {r.slug}", r.graph, data_shapes, ontology, registry.graph) for _, r in fresh]
        bar.set_description("validate")
        bar.total = 2 + len(texts) + len(tasks)
        bar.refresh()

        def validated(name: str) -> None:
            bar.set_postfix_str(name, refresh=False)
            bar.update(1)

        try:
            reports = validate_all(tasks, jobs, on_done=validated)
        except ShapeError as exc:
            raise BuildFailed(_shape_error_text(exc, settings), summary) from exc
        summary.reports += reports
        docs: list[_DocGraph] = []
        doc_reports = iter(reports[3:])
        built_texts: list[Path] = []
        for t, f in zip(texts, found):
            if isinstance(f, tuple):
                report = next(doc_reports)
                if not report.conforms and not strict:
                    summary.reports.remove(report)
                    summary.skipped.append(f"{t}: its graph violates the shapes:\n{report.text()}")
                    previous = _previous_graph(area, _rel(t, docs_root), previous_files.get(_rel(t, docs_root)),
                                               cache_warnings)
                    if previous is None:
                        continue
                    docs.append(previous)
                else:
                    docs.append(_finish_document(*f, report))
            else:
                docs.append(f)
            built_texts.append(t)
        texts = built_texts
        for d in docs:
            summary.citations += d.citations
            summary.unresolved += d.unresolved
            summary.warnings += [f"{d.slug}: {w}" for w in d.warnings]
            summary.ingested += not d.reused
            summary.reused += d.reused
        seen: dict[str, str] = {}
        for t, d in zip(texts, docs):
            if d.uri in seen:
                raise BuildFailed(f"{seen[d.uri]} and {_rel(t, docs_root)} both make the graph {d.uri} "
                                  "(one slug per document)", summary)
            seen[d.uri] = _rel(t, docs_root)
        if not summary.ok:
            raise BuildFailed(f"{len(summary.violations)} SHACL violation(s); the current store is unchanged", summary)

        if not derive.derivation_queries(Path(settings.queries_dir)):
            summary.warnings.append(f"no {Path(settings.queries_dir) / 'derive'}/*.rq: graph/derived stays empty "
                                    "(the interlinkages and instrument-network queries read it)")
        bar.set_description("store")
        bar.set_postfix_str(f"{len(docs)} documents")
        graphs = {
            identifiers.graph_uri("ontology", base): ontology,
            identifiers.graph_uri("registry", base): registry.graph,
        }
        build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + build_key[:8]
        build_dir = area / "builds" / build_id
        try:
            counts = _write_store(build_dir / "store", graphs, docs, base, Path(settings.queries_dir))
            manifest = {
                "format": CACHE_FORMAT,
                "id": build_id,
                "key": build_key,
                "keys": keys,
                "documents": {d.slug: d.key for d in docs},
                "files": {_rel(t, docs_root): d.key for t, d in zip(texts, docs)},
                "skipped": summary.skipped,
                "graphs": counts,
                "triples": sum(counts.values()),
                "citations": summary.citations,
                "unresolved": summary.unresolved,
                "warnings": [w for w in summary.warnings if w not in cache_warnings],
                "created": datetime.now(timezone.utc).isoformat(),
            }
            _write_text(build_dir / "build.json", json.dumps(manifest, indent=2, ensure_ascii=False))
            previous = _swap(Path(settings.store_location), build_dir / "store", area)
        except BaseException:
            shutil.rmtree(build_dir, ignore_errors=True)
            raise
        bar.update(1)
        summary.changed = True
        summary.build_id = build_id
        summary.graphs = counts
        summary.triples = manifest["triples"]
        summary.store_path = open_store_path(settings)
        _prune(area, keep_builds={build_dir, previous},
               keep_doc_keys={d.key for d in docs} | set((current or {}).get("documents", {}).values()))
        return summary
    finally:
        bar.close()


def _rel(path: Path, root: Path) -> str:
    """A document file's name relative to ``data/documents``, else to ``data/`` (its identity in a build)."""
    for base in (root, root.parent):
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


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


def _cached_or_ingested(text_path, key, area, registry, settings, ingest, summary, warnings: list[str], rel=None):
    """A cached validated graph (a :class:`_DocGraph`), or ``(cache_paths, IngestResult)`` to validate.

    A cache entry that cannot be read or whose graph file does not match its
    checksum is deleted with a warning, and the document is ingested again.
    """
    cache = _cache_dir(area, rel or text_path.name)
    nt, info = cache / f"{key}.nt", cache / f"{key}.json"
    cached = _from_cache(nt, info, key, warnings, rel or text_path.name)
    if cached is not None:
        return cached
    try:
        result = ingest(text_path, registry, settings)
    except _input_errors() as exc:
        message = str(exc) if str(exc).startswith(str(text_path)) else f"{text_path}: {exc}"
        raise BuildFailed(message, summary) from exc
    except Exception as exc:  # noqa: BLE001 - a layout that cannot parse this file: skip it, say why
        raise BuildFailed(f"{text_path}: cannot be ingested ({type(exc).__name__}: {exc}); "
                          "please report this file", summary) from exc
    return (key, nt, info), result


def _shape_error_text(exc, settings) -> str:
    """The shape error, with the file(s) of ``shapes/`` that state the shape."""
    from .validate import shape_files

    files = shape_files(settings, exc.shape) if exc.shape else []
    where = ", ".join(str(f) for f in files)
    return f"{where}: {exc}" if where else str(exc)


def _finish_document(paths, result, report: ValidationReport) -> _DocGraph:
    """Record a freshly ingested document; only a conforming graph enters the cache."""
    key, nt, info = paths
    citations, unresolved = _count_citations(result.graph)
    doc = _DocGraph(result.slug, str(result.graph_uri), key, nt, len(result.graph), citations, unresolved,
                    [str(w) for w in result.warnings], False, getattr(result, "key", None))
    if report.conforms:
        nt.parent.mkdir(parents=True, exist_ok=True)
        _write_nt(result.graph, nt)
        # The .json, written last and whole, commits the entry; its checksum catches a damaged .nt.
        _write_text(info, json.dumps({"slug": doc.slug, "doc": doc.doc, "uri": doc.uri, "triples": doc.triples,
                                      "citations": citations, "unresolved": unresolved, "warnings": doc.warnings,
                                      "sha256": _file_sha(nt)}, ensure_ascii=False))
    return doc


# ----------------------------------------------------------------- validation


@dataclass
class ValidationTask:
    """One graph to validate on its own (with the ontology and, for documents, the registry as context)."""

    name: str
    data: Graph
    shapes: Graph
    ontology: Graph | None = None
    context: Graph | None = None


def _nt(g: Graph | None) -> bytes | None:
    return None if g is None else g.serialize(format="nt", encoding="utf-8")


def _graph(data: bytes | None) -> Graph | None:
    return None if data is None else Graph().parse(data=data, format="nt")


def _validate_serialised(name, data, shapes, ontology, context) -> ValidationReport:
    return validate_graph(_graph(data), Graph().parse(data=shapes, format="turtle"), _graph(ontology),
                          context=_graph(context), name=name)


def validate_all(tasks: list[ValidationTask], jobs: int = 1,
                 on_done: Callable[[str], None] | None = None) -> list[ValidationReport]:
    """Validate each task's graph separately; with ``jobs > 1`` in that many worker processes.

    Results come back in the order of ``tasks``; ``on_done(name)`` is called as
    each one is collected (the progress bar). Workers are spawned (not forked)
    so that no store or thread state of this process leaks into them.
    """
    done = on_done or (lambda name: None)
    if jobs <= 1 or len(tasks) <= 1:
        reports = []
        for t in tasks:
            reports.append(validate_graph(t.data, t.shapes, t.ontology, context=t.context, name=t.name))
            done(t.name)
        return reports
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            pool.submit(_validate_serialised, t.name, _nt(t.data), t.shapes.serialize(format="turtle"),
                        _nt(t.ontology), _nt(t.context))
            for t in tasks
        ]
        reports = []
        for t, f in zip(tasks, futures):
            reports.append(f.result())
            done(t.name)
        return reports


def _write_store(path: Path, graphs: dict[str, Graph], docs: list[_DocGraph], base: str,
                 queries_dir: Path) -> dict[str, int]:
    """Bulk-load every graph into a new on-disk store at ``path``; returns triples per graph.

    Each document graph is split (:mod:`treatygraph.layout`): its own statements
    go to its graph, those about shared resources once into ``graph/resources``.
    Then ``graph/derived`` is computed from the rest (:mod:`treatygraph.derive`).
    """
    path.mkdir(parents=True)
    store = ox.Store(str(path))
    stated: set[str] = set()  # N-Triples lines of the ontology and registry
    for uri, g in graphs.items():
        data = g.serialize(format="nt", encoding="utf-8")
        stated.update(data.decode("utf-8").split("\n"))  # N-Triples lines end in \n only
        store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(uri))
    expected = {u: len(g) for u, g in graphs.items()}
    shared: set[str] = set()
    for d in docs:
        # split on \n only: a literal may hold U+2028, U+0085 or form feeds that splitlines() would cut
        lines = d.path.read_bytes().decode("utf-8").split("\n")
        own, about_others = layout.split_ntriples(lines, d.doc or d.slug, base)
        store.bulk_load(input="\n".join(own).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.NamedNode(d.uri))
        expected[d.uri] = len(own)
        shared.update(about_others)
    shared -= stated
    resources = identifiers.resources_graph_uri(base)
    store.bulk_load(input="\n".join(sorted(shared)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(resources))
    expected[resources] = len(shared)
    expected[identifiers.derived_graph_uri(base)] = derive.add_derived(store, queries_dir, base)
    store.flush()
    counts = {uri: sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(uri))) for uri in expected}
    if counts != expected:
        raise BuildError(f"the new store holds {counts}, expected {expected}")
    del store
    return counts


def _swap(location: Path, new_store: Path, area: Path) -> Path | None:
    """Point ``location`` at ``new_store`` atomically (a symlink replaced with ``os.replace``).

    Returns the build directory served until now (None if there was none).
    """
    location.parent.mkdir(parents=True, exist_ok=True)
    previous = _symlinked_build(location)
    if location.exists() and not location.is_symlink():
        # A store directory from before builds were swapped: keep it as a build.
        legacy = area / "builds" / ("legacy-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S"))
        legacy.mkdir(parents=True)
        os.replace(location, legacy / "store")
        previous = legacy
    tmp = location.with_name(f".{location.name}.{os.getpid()}.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(new_store, location.parent), tmp)
    os.replace(tmp, location)
    return previous


def _symlinked_build(location: Path) -> Path | None:
    """The build directory the store symlink ``location`` points at (None if it is not a live symlink)."""
    return location.resolve().parent if location.is_symlink() and location.exists() else None


def _served_build(settings) -> Path | None:
    return _symlinked_build(Path(settings.store_location))


def _build_dirs(area: Path) -> list[Path]:
    builds = area / "builds"
    return [p for p in builds.iterdir() if p.is_dir() and not p.is_symlink()] if builds.is_dir() else []


def _is_complete(build_dir: Path) -> bool:
    """A build that got as far as its ``build.json`` (written after its store), or a pre-swap legacy store."""
    return (build_dir / "build.json").is_file() or build_dir.name.startswith("legacy-")


def _remove_orphans(area: Path, served: Path | None) -> None:
    """Remove what a killed build left: build directories without ``build.json`` (never the served one).

    Runs under the build lock, so no other build is writing one of them.
    """
    for build_dir in _build_dirs(area):
        if not _is_complete(build_dir) and build_dir.resolve() != (served.resolve() if served else None):
            shutil.rmtree(build_dir, ignore_errors=True)
    for tmp in (area / "cache").glob("*/*.tmp"):
        tmp.unlink(missing_ok=True)


def _prune(area: Path, keep_builds: set[Path | None], keep_doc_keys: set[str]) -> None:
    """Remove every build but ``keep_builds`` (the new one and the one served before it) and unused cache entries.

    Which builds stay is decided by the symlink, never by file times: the
    served build and its predecessor survive, orphans and older builds go.
    """
    keep = {p.resolve() for p in keep_builds if p is not None}
    for build_dir in _build_dirs(area):
        if build_dir.resolve() not in keep:
            shutil.rmtree(build_dir, ignore_errors=True)
    for slug_dir in (area / "cache").glob("*"):
        for f in slug_dir.glob("*"):
            if f.name.split(".", 1)[0] not in keep_doc_keys:
                f.unlink(missing_ok=True)
