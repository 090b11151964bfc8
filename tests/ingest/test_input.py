"""Reading any input, metadata from the text, the document's kind, the generic layout.

Formats: one test per format and per damage (CRLF, BOM, no-break spaces,
tabs, pipes), one per bad input (not UTF-8, NUL, corrupt PDF/DOCX, garbled
PDF text layer). Metadata: headers as the corpus prints them (UNFCCC symbol
blocks, a General Assembly resolution, a Chinese note, a treaty text).
"""

import json
from pathlib import Path

import pytest

from treatygraph.cli import main
from treatygraph.ingest.layouts import classify, detect_kind, segment_as
from treatygraph.ingest.metadata import IngestError, load_metadata, ordinal_number, read_header
from treatygraph.ingest.source import garbled_share, read_source

# ------------------------------------------------------------------ formats


def test_text_keeps_what_it_carries_but_line_endings_and_bom(tmp_path):
    f = tmp_path / "any name (copy).txt"
    f.write_bytes("\ufeff| United Nations |\tFCCC/SBI/2018/11 |\r\nArticle\u00a04\r\n**bold**".encode("utf-8"))
    src = read_source(f)
    assert src.text == "| United Nations |\tFCCC/SBI/2018/11 |\nArticle\u00a04\n**bold**"
    assert "byte-order mark removed" in src.notes and "line endings written as LF" in src.notes


def test_html_keeps_block_structure(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><style>p{}</style><script>x()</script></head><body><h1>Decision 1/CP.21</h1>"
                 "<p>The Conference of the Parties,</p><p>1. <b>Decides</b> that\n Article 4 applies;</p>"
                 "<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>",
                 encoding="utf-8")
    assert read_source(f).text == ("Decision 1/CP.21\n\nThe Conference of the Parties,\n\n"
                                   "1. Decides that Article 4 applies;\n\n- one\n- two\n\na | b")


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Decision 3/CMA.1")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "1.1", "Activity"
    d.add_paragraph("2. Requests the secretariat")
    d.save(tmp_path / "d.docx")
    assert read_source(tmp_path / "d.docx").text == "Decision 3/CMA.1\n1.1 | Activity\n2. Requests the secretariat"


def test_pdf_of_the_corpus_reads_as_its_text(shared_dir):
    pdf = shared_dir / "corpus/un/bbnj-agreement-2023/2023-06-19/original.pdf"
    text = read_source(pdf).text
    assert "Article 76" in text and "marine biological diversity" in text


@pytest.mark.parametrize("name,data,expect", [
    ("bad.txt", "第一行\n第二".encode("utf-8") + b"\xff", r"bad\.txt:2:3: not UTF-8"),
    ("nul.md", b"abc\n\x00", r"nul\.md:2:1: NUL byte"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", r"broken\.pdf: corrupt PDF"),
    ("notpdf.pdf", b"hello", r"notpdf\.pdf: not a PDF"),
    ("broken.docx", b"PK\x03\x04 not a zip", r"broken\.docx: not a readable \.docx"),
    ("image.png", b"\x89PNG", r"image\.png: unsupported file type"),
])
def test_bad_input_names_the_file_and_position(tmp_path, name, data, expect):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(IngestError, match=expect):
        read_source(tmp_path / name)


def test_a_garbled_pdf_text_layer_is_recognised():
    assert garbled_share("᱗᱗㑋⼰⺛⼄䂔ⳉ⹌䊝᱘㻣⺛コ") > 0.5 and garbled_share("ɋɈȽɅȺɒȿɇɂȿ") > 0.5
    assert garbled_share("《联合国海洋法公约》下国家管辖范围以外区域") == 0
    assert garbled_share("Соглашение на базе Конвенции ООН") == 0 and garbled_share("اتفاق مبرم في إطار") == 0


# ------------------------------------------------------------------ metadata from the text

FCCC = """|  | United Nations | FCCC/PA/CMA/2018/3/Add.1 |\r
|  |  | Distr.: General 19 March 2019  Original: English |\r
\r
Conference of the Parties serving as the meeting \r
of the Parties to the Paris Agreement\r
Report of the Conference of the Parties serving as the meeting of the Parties to the Paris Agreement on the third part of its first session, held in Katowice from 2 to 15 December 2018\r
"""

SBSTA = """|  | United Nations | FCCC/SBSTA/2014/2 |
|  |  | Distr.: General 18 July 2014  Original: English |

Subsidiary Body for Scientific and Technological Advice
Report of the Subsidiary Body for Scientific and Technological Advice on its fortieth session, held in Bonn from 4 to 15 June 2014
"""


def test_symbol_date_place_and_session_dates_from_a_unfccc_header(registry):
    h = read_header(FCCC.replace("\r\n", "\n"), registry)
    assert h.symbols == ["FCCC/PA/CMA/2018/3/Add.1"] and h.date == "2019-03-19"
    assert (h.place, h.start_date, h.end_date) == ("Katowice", "2018-12-02", "2018-12-15")
    assert h.session_number == 1 and h.language == "en"
    assert h.title["en"].startswith("Report of the Conference of the Parties serving as the meeting")
    if h.body is not None:  # the CMA is not in every registry: never another body instead
        assert h.body == "id/paris/cma"


def test_body_and_session_from_a_subsidiary_body_report(registry):
    h = read_header(SBSTA, registry)
    assert (h.body, h.session, h.place) == ("id/unfccc/sbsta", "id/unfccc/sbsta/40", "Bonn")


def test_general_assembly_resolution_header(registry):
    text = ("United Nations A/RES/78/272 General Assembly Distr.: General 29 April 2024 Seventy-eighth session "
            "Agenda item 75 (c)\n\nResolution adopted by the General Assembly on 24 April 2024\n\n"
            "78/272. Agreement under the Convention\n\nThe General Assembly, Recalling its resolution 72/249,\n")
    h = read_header(text, registry)
    assert h.symbols == ["A/RES/78/272"] and h.date == "2024-04-29" and h.kind == "resolution"
    assert h.title == {"en": "Agreement under the Convention"} and h.agenda_item == "75(c)"


@pytest.mark.parametrize("word,n", [("first", 1), ("forty-eighth", 48), ("twenty-first", 21), ("12th", 12),
                                    ("fiftieth", 50), ("session", None)])
def test_ordinals(word, n):
    assert ordinal_number(word) == n


@pytest.mark.parametrize("text,lang", [
    ("The Parties to this Agreement, recalling the provisions of the Convention", "en"),
    ("Les Parties au présent Accord, rappelant les dispositions de la Convention et des", "fr"),
    ("Las Partes en el presente Acuerdo, recordando las disposiciones de la Convención y los", "es"),
    ("Стороны настоящего Соглашения, ссылаясь на соответствующие положения", "ru"),
    ("本协定各缔约方，回顾《联合国海洋法公约》相关规定", "zh"),
    ("إن الأطراف في هذا الاتفاق، إذ تشير إلى الأحكام ذات الصلة", "ar"),
])
def test_language_detected(registry, text, lang):
    assert read_header(text, registry).language == lang


def test_uri_from_the_symbol_never_the_file_name(tmp_path, registry):
    f = tmp_path / "CMA2018_1.3 Decisions 3 to 12 (copy).txt"
    f.write_text(FCCC, encoding="utf-8")
    text = read_source(f).text
    meta = load_metadata(f, text=text, registry=registry)
    assert meta.key == "FCCC/PA/CMA/2018/3/Add.1" and meta.slug == "fccc-pa-cma-2018-3-add-1"
    assert meta.date == "2019-03-19" and "symbol" in meta.from_text


def test_override_file_wins_and_unknown_keys_are_refused(tmp_path, registry):
    f = tmp_path / "sbsta report.txt"
    f.write_text(SBSTA, encoding="utf-8")
    (tmp_path / "sbsta report.meta.toml").write_text('date = "2014-07"\nslug = "sbsta-40"\n', encoding="utf-8")
    meta = load_metadata(f, text=SBSTA, registry=registry)
    assert (meta.key, meta.date, meta.session) == ("sbsta-40", "2014-07", "id/unfccc/sbsta/40")
    (tmp_path / "sbsta report.meta.toml").write_text('dat = "2014"\n', encoding="utf-8")
    with pytest.raises(IngestError, match="unknown key"):
        load_metadata(f, text=SBSTA, registry=registry)


def test_a_treaty_text_is_its_instrument(registry):
    text = "# Convention on Biological Diversity\n\n*Preamble*The Contracting Parties,\n\n" + "".join(
        f"### Article {n}\n\nText of article {n}.\n\n" for n in range(1, 6))
    h = read_header(text, registry)
    assert h.kind == "treaty" and h.instrument == "cbd" and h.body is None and h.session is None


def test_the_first_document_without_its_metadata_file(tmp_path, settings, registry):
    f = tmp_path / "000_2e68a47e790e60bb.txt"
    f.write_text((settings.documents_dir / "itpgrfa-gb-5-item-13.zh.txt").read_text(encoding="utf-8"))
    meta = load_metadata(f, text=f.read_text(encoding="utf-8"), registry=registry)
    assert (meta.kind, meta.language, meta.date) == ("note", "zh", "2013-06")
    assert (meta.issuing_body, meta.session, meta.home_instrument) == ("id/itpgrfa/gb", "id/itpgrfa/gb/5", "itpgrfa")


# ------------------------------------------------------------------ kinds and the generic layout


def test_kinds(settings):
    note = (settings.documents_dir / "itpgrfa-gb-5-item-13.zh.txt").read_text(encoding="utf-8")
    assert detect_kind(note) == "note" and classify(note) == "note"
    decisions = "| United Nations | FCCC/CP/2015/10/Add.2 |\nAction taken by the Conference\n\nDecision 2/CP.21\n\nTitle\n1. Decides"
    assert detect_kind(decisions) == "decisions"
    assert detect_kind(SBSTA + "\n1. One.\n2. Two.\n3. Three.\n") == "report"
    assert detect_kind("Some page.\nNothing numbered.") is None
    assert classify("Some page.\nNothing numbered.") == "generic"


def test_generic_layout_keeps_the_introduction_and_reads_numbers_from_anywhere():
    text = ("Report of the meeting\n\nThe meeting was held in Bonn; see decision X/2.\n\n"
            "I.\tOpening\n\t\t3.\tThe Chair opened the meeting.\n\t\t4.\tParties spoke.\n"
            "continued text\nII.\tClosure\n5.\tClosed.\n\nAnnex\n\n1. First annex paragraph.\n2. Second.\n")
    seg = segment_as(text, "generic")
    steps = {"/".join(f"{k}/{v}" for k, v in p.steps): p for p in seg.parts}
    assert {"part/1", "section/1", "para/3", "para/4", "section/2", "para/5", "annex/1", "annex/1/para/1",
            "annex/1/para/2"} == set(steps)
    assert "see decision X/2" in steps["part/1"].text(text)
    assert steps["para/4"].text(text).endswith("continued text")


def test_generic_layout_without_numbers_is_one_part():
    seg = segment_as("A short web page about wetlands.", "generic")
    assert [p.steps for p in seg.parts] == [(("part", "1"),)]


# ------------------------------------------------------------------ extract on any file


def test_extract_summary_of_a_folder_of_any_names(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "SBSTA report (40).txt").write_text(
        SBSTA + "\n1. See decision 1/CP.21.\n2. Opened.\n3. Closed.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not a document", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\xff")
    assert main(["extract", "--format", "summary", str(tmp_path)]) == 2  # one file failed, the others went on
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1 and "SBSTA report (40).txt: kind=report" in lines[0]
    assert "symbol=FCCC/SBSTA/2014/2" in lines[0] and "session=id/unfccc/sbsta/40" in lines[0]
    assert "uri=id/doc/FCCC/SBSTA/2014/2" in lines[0]
    assert "citations=1" in lines[0]  # decision 1/CP.21; its own symbol in the header is no citation
    assert "broken.txt:1:1: not UTF-8" in err


def test_extract_jsonl_still_one_mention_a_line(tmp_path, capsys):
    f = tmp_path / "x.html"
    f.write_text("<p>Recalling decision 1/CP.21,</p>", encoding="utf-8")
    assert main(["extract", str(f)]) == 0
    out, err = capsys.readouterr()
    row = json.loads(out.splitlines()[0])
    assert row["target"].endswith("/id/unfccc/decision/1-CP.21") and "kind=" in err


def test_unknown_resources_are_warnings_and_the_graph_conforms(tmp_path, registry, settings):
    """A citation of something the registry lacks is an unresolved mention with a warning, never an
    invalid graph; a document read from its header (symbol URI, session with place and dates) conforms."""
    from treatygraph.ingest.rdf import ingest_document
    from treatygraph.validate import load_ontology, load_shapes, validate_graph

    f = tmp_path / "report of SBSTA 40.txt"
    f.write_text(SBSTA + "\n1. Recalling Article 14 of the Paris Agreement and decision 12.5,\n"
                 "2. Noting CBD/CP/MOP/DEC/10/5 and Target 3 of the Kunming-Montreal GBF,\n"
                 "3. Recalling paragraphs 2–5 of decision 1/CP.21,\n",
                 encoding="utf-8")
    result = ingest_document(f, registry, settings)
    assert result.key == "FCCC/SBSTA/2014/2"
    by_text = {m.text: m for m in result.mentions}
    # never in the registry: unresolved, with a warning saying why
    for text in ("decision 12.5", "CBD/CP/MOP/DEC/10/5"):
        assert by_text[text].target_uri is None and by_text[text].warnings, text
    # in the registry or not (yet): right, or unresolved with a warning, never another target
    for text, right in (("Article 14 of the Paris Agreement", "/id/paris/art/14"),
                        ("Target 3 of the Kunming-Montreal GBF", "/id/gbf-targets/3")):
        m = next(m for t, m in by_text.items() if text in t or t in text)
        assert (m.target_uri or "").endswith(right) or (m.target_uri is None and m.warnings), (text, m)
    # a range's implied items quote the same words: one citation resource each all the same
    assert sum(1 for m in result.mentions if m.kind == "decision-paragraph") == 4
    report = validate_graph(result.graph, load_shapes(settings, "data"), load_ontology(settings),
                            context=registry.graph, name="report")
    assert report.conforms, report.text()
