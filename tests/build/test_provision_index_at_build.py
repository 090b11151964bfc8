"""The build hands the resolver what the corpus's treaty texts hold, and re-resolves citing documents when it changes."""

from treaty_texts import UNFCCC_ARTICLES_1_TO_3 as TREATY

from treatygraph.build import build


def _write_note(docs, text: str) -> None:
    (docs / "note-a.meta.toml").write_text(
        'slug = "note-a"\nlanguage = "en"\nhome_instrument = "unfccc"\nkind = "generic"\n\n[title]\nen = "A note"\n',
        encoding="utf-8")
    (docs / "note-a.en.txt").write_text(text, encoding="utf-8")


def test_a_changed_treaty_text_re_resolves_the_documents_citing_it(tmp_path, make_project):
    settings = make_project(tmp_path, {})
    docs = settings.documents_dir
    (docs / "unfccc.en.md").write_text(TREATY, encoding="utf-8")
    _write_note(docs, "1. The Parties noted Article 3, paragraph 3, and Article 3, paragraph 2.\n")
    first = build(settings, progress=False, jobs=2)  # worker processes get the index too
    assert (first.citations, first.unresolved) == (2, 1)
    assert any("has no paragraph 3 in Article 3" in w for w in first.warnings)

    # the treaty text gains the paragraph: the note, unchanged, is ingested again and its citation resolves
    (docs / "unfccc.en.md").write_text(TREATY + "\n3. The Parties should take precautionary measures.\n",
                                       encoding="utf-8")
    second = build(settings, progress=False, jobs=1)
    assert (second.ingested, second.reused) == (2, 0)
    assert (second.citations, second.unresolved) == (2, 0)

    # a change elsewhere leaves the index, and the other documents' cache entries, as they were
    _write_note(docs, "1. The Parties noted Article 3, paragraph 3.\n")
    third = build(settings, progress=False, jobs=1)
    assert (third.ingested, third.reused) == (1, 1)
    assert (third.citations, third.unresolved) == (1, 0)


def _write_second_note(docs, text: str) -> None:
    (docs / "note-b.meta.toml").write_text(
        'slug = "note-b"\nlanguage = "en"\nhome_instrument = "unfccc"\nkind = "generic"\n\n[title]\nen = "B note"\n',
        encoding="utf-8")
    (docs / "note-b.en.txt").write_text(text, encoding="utf-8")


def test_workers_started_before_the_load_read_the_index_and_get_it_again_when_it_changes(tmp_path, make_project):
    """Worker processes started before the build's own load read the treaty texts' provisions; when only the
    treaty text is new to the index (one file: no early start), the changed index still reaches the workers
    that ingest the documents citing it."""
    import multiprocessing

    settings = make_project(tmp_path, {})
    docs = settings.documents_dir
    (docs / "unfccc.en.md").write_text(TREATY, encoding="utf-8")
    _write_note(docs, "1. The Parties noted Article 3, paragraph 3, and Article 3, paragraph 2.\n")
    _write_second_note(docs, "1. The Parties recalled Article 3, paragraph 3.\n")
    first = build(settings, progress=False, jobs=2)  # three files new to the index: workers start first
    assert (first.ingested, first.citations, first.unresolved) == (3, 3, 2)
    assert multiprocessing.active_children() == []  # the workers are gone once the build is done

    (docs / "unfccc.en.md").write_text(TREATY + "\n3. The Parties should take precautionary measures.\n",
                                       encoding="utf-8")
    second = build(settings, progress=False, jobs=2)  # one file new to the index; three documents to ingest
    assert (second.ingested, second.reused) == (3, 0)
    assert (second.citations, second.unresolved) == (3, 0)

    # two files new to the index, one of them the treaty text as it was first: the workers read both; the
    # index is the first build's again (its graphs of the treaty and note-a come from the cache), note-b
    # resolves against it
    (docs / "unfccc.en.md").write_text(TREATY, encoding="utf-8")
    _write_second_note(docs, "1. The Parties recalled Article 3, paragraph 3, and Article 1, paragraph 2.\n")
    third = build(settings, progress=False, jobs=2)
    assert (third.ingested, third.reused) == (1, 2)
    assert (third.citations, third.unresolved) == (4, 2)


def test_an_up_to_date_build_stops_the_workers_it_started(tmp_path, make_project):
    """The provision index's entries gone, nothing else changed: workers start (many files look new) and
    the build, up to date, stops them."""
    import multiprocessing
    import shutil

    from treatygraph.build import store_area

    settings = make_project(tmp_path, {})
    docs = settings.documents_dir
    (docs / "unfccc.en.md").write_text(TREATY, encoding="utf-8")
    _write_note(docs, "1. The Parties noted Article 3, paragraph 2.\n")
    assert build(settings, progress=False, jobs=1).changed
    shutil.rmtree(store_area(settings) / "provisions")
    again = build(settings, progress=False, jobs=2)
    assert not again.changed
    assert multiprocessing.active_children() == []
