"""A build's inputs: where the store lives, which files are documents, and the keys that say what changed."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

from .summary import BuildError, BuildFailed

#: Bump when the cache or build.json layout changes.
CACHE_FORMAT = 3
#: Largest document text or metadata file a build reads, in bytes (setting ``max_document_bytes``,
#: ``TREATYGRAPH_MAX_DOCUMENT_BYTES``). The largest text of the shared corpus is about 0.5 MB.
MAX_DOCUMENT_BYTES = 20_000_000
#: Source files whose change invalidates cached document graphs and validation reports.
_CODE_FILES = ("identifiers", "registry.py", "namespaces.py", "build", "layout.py", "ingest", "validate")


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
    pkg = Path(__file__).resolve().parents[1]
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
    from ..ingest.source import is_supported

    name = path.name
    if name.startswith(".") or name.lower() in NOT_DOCUMENTS or not is_supported(path):
        return False
    if path.suffix.lower() == ".pdf" and (path.parent / "text.txt").exists():
        return False
    return True


def document_files(settings) -> list[Path]:
    """The documents to ingest: every supported file under ``data/documents/`` and ``data/corpus/``
    (recursively), sorted within each."""
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
