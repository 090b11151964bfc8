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
