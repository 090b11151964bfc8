"""``treatygraph extract``: JSON lines, Turtle, and clear errors for bad input."""

import json

from rdflib import Graph

from treatygraph.cli import main


def test_jsonl_offsets_slice_the_decoded_text(doc_path, capsys):
    assert main(["extract", str(doc_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    text = doc_path.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in out]
    assert len(rows) > 50
    for r in rows:
        assert set(r) == {"text", "start", "end", "kind", "target", "warnings"}
        assert text[r["start"]:r["end"]] == r["text"]
    assert any(r["target"] is None and r["warnings"] for r in rows)


def test_ttl_is_the_document_graph(doc_path, capsys):
    assert main(["extract", str(doc_path), "--format", "ttl"]) == 0
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(g) > 1000


def test_without_metadata_home_comes_from_the_option(tmp_path, capsys):
    f = tmp_path / "note.zh.txt"
    f.write_text("《条约》第 6.2 条规定", encoding="utf-8")
    assert main(["extract", str(f), "--home", "itpgrfa"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["target"].endswith("/id/itpgrfa/art/6.2")


def test_missing_file(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.zh.txt")]) == 2
    err = capsys.readouterr().err
    assert "nope.zh.txt" in err and "no such file" in err


def test_not_utf8_names_line_and_column(tmp_path, capsys):
    f = tmp_path / "bad.zh.txt"
    f.write_bytes("第一行\n第二\xff".encode("utf-8")[:-2] + b"\xff\xfe")
    assert main(["extract", str(f)]) == 2
    err = capsys.readouterr().err
    assert "bad.zh.txt:2:" in err and "not UTF-8" in err


def test_bad_toml_names_the_metadata_file(tmp_path, capsys):
    (tmp_path / "doc.zh.txt").write_text("text", encoding="utf-8")
    (tmp_path / "doc.meta.toml").write_text("slug = \n", encoding="utf-8")
    assert main(["extract", str(tmp_path / "doc.zh.txt")]) == 2
    err = capsys.readouterr().err
    assert "doc.meta.toml" in err and "line 1" in err


def test_bad_metadata_value_names_the_key(tmp_path, capsys):
    (tmp_path / "doc.zh.txt").write_text("text", encoding="utf-8")
    (tmp_path / "doc.meta.toml").write_text('session = "id/Bad Path"\n', encoding="utf-8")
    assert main(["extract", str(tmp_path / "doc.zh.txt")]) == 2
    assert "session" in capsys.readouterr().err
