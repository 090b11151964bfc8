"""data/corpus is the shared corpus as it comes, file for file (docs/adding-documents.md)."""

import hashlib
from pathlib import Path

from treatygraph.build import document_files

ROOT = Path(__file__).resolve().parents[2]
#: Parts of the shared corpus bundled elsewhere, once: the first document (with its
#: .meta.toml in data/documents) and the target schemes (data/sources/targets).
ELSEWHERE = {"000_2e68a47e790e60bb.txt": "data/documents/itpgrfa-gb-5-item-13.zh.txt",
             "targets": "data/sources/targets"}


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bundle_is_the_shared_corpus_unchanged(shared_dir):
    shared = _files(shared_dir / "corpus")
    bundled = _files(ROOT / "data" / "corpus")
    moved = {name for name in shared if name.split("/")[0] in ELSEWHERE}
    assert bundled == {k: v for k, v in shared.items() if k not in moved}
    for name, there in ELSEWHERE.items():
        source, copy = shared_dir / "corpus" / name, ROOT / there
        if source.is_dir():
            assert _files(source) == _files(copy)
        else:
            assert source.read_bytes() == copy.read_bytes()


def test_one_document_per_file_or_record(settings):
    """Every text of the corpus is a document; a un/ record's PDF, its metadata.yaml and the README are not."""
    found = [p.relative_to(settings.data_dir).as_posix() for p in document_files(settings)]
    assert "documents/itpgrfa-gb-5-item-13.zh.txt" in found
    assert "corpus/un/unclos-1982/1982-12-10/text.txt" in found or any(
        f.startswith("corpus/un/unclos-1982/") and f.endswith("/text.txt") for f in found)
    assert not [f for f in found if f.endswith((".pdf", ".yaml", "README.md"))]
    records = {p.parent for p in (settings.corpus_dir / "un").rglob("text.txt")}
    assert len(records) == sum(1 for f in found if f.startswith("corpus/un/"))
    assert len(found) == 1 + len(list((settings.corpus_dir).rglob("*.txt"))) + len(
        list((settings.corpus_dir / "treaties").glob("*.md")))
