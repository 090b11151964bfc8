"""The search index is written by the build, beside the new store, before it is served;
a store built without one (an older version) still gets it on first use."""

from pathlib import Path

from treatygraph.build import build, open_store_path
from treatygraph.search.index import SearchIndex, index_for, index_path
from treatygraph.store.oxigraph import OxigraphStore


def test_build_writes_the_search_index_beside_the_store(tmp_path, make_project, counting_ingest):
    settings = make_project(tmp_path)
    summary = build(settings, progress=False, ingest=counting_ingest)
    assert summary.ok and summary.changed
    store_dir = open_store_path(settings)
    written = store_dir.with_name(store_dir.name + ".search.sqlite")
    assert written.is_file()
    index = SearchIndex.open(written)
    assert index is not None and index.count("names") > 0 and index.count("passages") > 0
    # words of the document's text are found without any request having built anything
    assert index.passages("遗传资源")[0] > 0
    names, passages, found = index.count("names"), index.count("passages"), index.passages("遗传资源")
    index.close()

    # A store from an older version has no index: the first search writes it, the same.
    written.unlink()
    store = OxigraphStore.open(store_dir, read_only=True)
    try:
        assert index_path(store) == written
        lazily = index_for(store, Path(settings.queries_dir))
        assert written.is_file() and lazily.passages("遗传资源")[0] > 0
        # the build reads the index from its copy of the store in memory: the same rows as from the disk
        assert (lazily.count("names"), lazily.count("passages")) == (names, passages)
        assert lazily.passages("遗传资源") == found
    finally:
        store.close()
