"""A build reads and segments each text once: the provision index's reading of a file is handed to its ingestion."""

import os
from collections import Counter

from treaty_texts import UNFCCC_ARTICLES_1_TO_3 as TREATY

from treatygraph.build import build
from treatygraph.build.workers import _dispatch, start_pool
from treatygraph.ingest import layouts, rdf


def _project(tmp_path, make_project):
    settings = make_project(tmp_path, {})
    docs = settings.documents_dir
    (docs / "unfccc.en.md").write_text(TREATY, encoding="utf-8")
    (docs / "note-a.meta.toml").write_text(
        'slug = "note-a"\nlanguage = "en"\nhome_instrument = "unfccc"\nkind = "generic"\n\n[title]\nen = "A note"\n',
        encoding="utf-8")
    (docs / "note-a.en.txt").write_text("1. The Parties noted Article 3, paragraph 3, and Article 3, paragraph 2.\n",
                                        encoding="utf-8")
    return settings


def _counting_segment_as(monkeypatch) -> Counter:
    """The real ``segment_as`` wherever the ingestion and the provision index call it, counting the texts."""
    real = layouts.segment_as
    counts: Counter = Counter()

    def segment_as(text, *args, **kwargs):
        counts[text] += 1
        return real(text, *args, **kwargs)

    monkeypatch.setattr(layouts, "segment_as", segment_as)
    monkeypatch.setattr(rdf, "segment_as", segment_as)
    return counts


def _graph_lines(nt_path) -> list[str]:
    return sorted(line for line in nt_path.read_text("utf-8").splitlines() if "startedAtTime" not in line)


def test_a_build_in_one_process_segments_each_text_once_with_the_same_graphs(tmp_path, make_project, monkeypatch):
    settings = _project(tmp_path, make_project)
    counts = _counting_segment_as(monkeypatch)
    first = build(settings, progress=False, jobs=1)
    assert (first.ingested, first.citations, first.unresolved) == (2, 2, 1)  # the index reached the note
    assert counts[TREATY] == 1  # read for the index, then ingested from that reading
    assert sorted(counts.values()) == [1, 1]

    # the treaty's graph is the one its own ingestion makes from the file
    from treatygraph.build.inputs import store_area
    from treatygraph.ingest.resolve import corpus_provisions
    from treatygraph.registry import Registry

    registry = Registry.load(settings.registry_dir, settings.base)
    treaty = settings.documents_dir / "unfccc.en.md"
    index = corpus_provisions([(treaty, "a"), (settings.documents_dir / "note-a.en.txt", "b")], registry)
    alone = rdf.ingest_document(treaty, registry, settings, provisions=index)
    cached = [p for p in (store_area(settings) / "cache").rglob("*.nt")
              if any("sourceFile" in line and "unfccc.en.md" in line for line in p.read_text("utf-8").splitlines())]
    assert len(cached) == 1
    assert _graph_lines(cached[0]) == sorted(line for line in alone.ntriples_lines() if "startedAtTime" not in line)


def test_worker_processes_give_the_graphs_of_one_process(tmp_path, make_project):
    one = _project(tmp_path / "one", make_project)
    two = _project(tmp_path / "two", make_project)
    a, b = build(one, progress=False, jobs=1), build(two, progress=False, jobs=2)
    assert (a.citations, a.unresolved, a.triples) == (b.citations, b.unresolved, b.triples)
    from treatygraph.build.inputs import store_area

    def graphs(settings):
        return sorted(_graph_lines(p) for p in (store_area(settings) / "cache").rglob("*.nt"))

    assert graphs(one) == graphs(two)


def test_a_task_runs_at_the_worker_named_unless_another_worker_is_idle(tmp_path, make_project, small_docs):
    settings = make_project(tmp_path, small_docs)
    with start_pool(settings, 2) as pool:
        pids = _dispatch(pool, [(os.getpid, (), 0), (os.getpid, (), 1), (os.getpid, (), 0), (os.getpid, (), 1)],
                         lambda k: None)
        assert pids[0] == pids[2] != pids[1] == pids[3]
        assert os.getpid() not in pids
        # every task named the first worker: the second, with nothing of its own, takes two of them
        pids = _dispatch(pool, [(os.getpid, (), 0)] * 4, lambda k: None)
        assert len(set(pids)) == 2
