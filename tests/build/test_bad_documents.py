"""Bad documents in a build: reported with their location and skipped; ``strict`` makes them fatal;
a document served before keeps its graph; documents are found under any name, recursively."""

import os

import pyoxigraph as ox
import pytest

from treatygraph.build import BuildFailed, build, document_files, is_document_file, open_store_path
from treatygraph.cli import main


def _graphs(settings) -> set[str]:
    store = ox.Store.read_only(str(open_store_path(settings)))
    try:
        return {g.value for g in store.named_graphs()}
    finally:
        del store


def test_an_unreadable_document_is_skipped_and_the_rest_builds(tmp_path, make_project, small_docs, counting_ingest):
    settings = make_project(tmp_path, {"small-a": small_docs["small-a"]})
    (settings.documents_dir / "broken note.zh.txt").write_bytes("第一行\n第二行".encode("utf-8") + b"\xff\n")
    summary = build(settings, progress=False, ingest=counting_ingest)
    assert summary.ok and len(summary.skipped) == 1
    assert "broken note.zh.txt:2:" in summary.skipped[0] and "not UTF-8" in summary.skipped[0]
    assert "skipped: " in summary.text()
    assert settings.base + "graph/doc/small-a" in _graphs(settings)

    with pytest.raises(BuildFailed, match=r"broken note\.zh\.txt:2:.*not UTF-8"):
        build(settings, progress=False, ingest=counting_ingest, strict=True)


def test_a_document_broken_later_keeps_its_served_graph(tmp_path, make_project, small_docs, counting_ingest):
    settings = make_project(tmp_path, dict(small_docs))
    build(settings, progress=False, ingest=counting_ingest)
    before = os.readlink(settings.store_location)
    (settings.documents_dir / "small-b.zh.txt").write_bytes(b"\x00\x01 binary")
    summary = build(settings, progress=False, ingest=counting_ingest)
    assert "small-b.zh.txt:1:1: NUL byte" in summary.skipped[0]
    assert os.readlink(settings.store_location) != before  # a new build, with ...
    assert settings.base + "graph/doc/small-b" in _graphs(settings)  # ... the last good graph of small-b
    assert any("kept the graph built from its previous version" in w for w in summary.warnings)


def test_cli_strict_option(tmp_path, make_project, small_docs):
    settings = make_project(tmp_path, {"small-b": small_docs["small-b"]})
    (settings.documents_dir / "bad.pdf").write_bytes(b"%PDF-1.4 truncated")
    args = ["--root", str(settings.root), "--store", settings.store, "build", "--no-progress"]
    assert main(args) == 0
    assert main(args + ["--strict"]) == 1


def test_documents_are_found_recursively_under_any_name(tmp_path, make_project):
    settings = make_project(tmp_path, {})
    docs = settings.documents_dir
    (docs / "unfccc" / "cop").mkdir(parents=True)
    record = docs / "un" / "bbnj" / "2023-06-19"
    record.mkdir(parents=True)
    for name in ("unfccc/cop/cp2015_21 - 2015 - decisions 2 to 13.txt", "un/bbnj/2023-06-19/text.txt",
                 "un/bbnj/2023-06-19/original.pdf", "un/bbnj/2023-06-19/metadata.yaml", "README.md",
                 "note.html", "report.docx", "treaty.en.md", "x.meta.toml", ".hidden.txt", "image.png"):
        (docs / name).write_bytes(b"x")
    found = {str(p.relative_to(docs)) for p in document_files(settings)}
    assert found == {"unfccc/cop/cp2015_21 - 2015 - decisions 2 to 13.txt", "un/bbnj/2023-06-19/text.txt",
                     "note.html", "report.docx", "treaty.en.md"}
    assert is_document_file(docs / "other.pdf")
