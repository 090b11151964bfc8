"""Bad input files: a clear error naming file and position, memory flat, nothing committed, the old store serving."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from rdflib import Graph

from treatygraph.build import BuildError, build, open_store_path, store_area
from treatygraph.rdffile import RdfFileError, parse_rdf, parse_turtle
from treatygraph.store.oxigraph import OxigraphStore

REGISTRY_FILE = "data/registry/instruments.ttl"
DOCUMENT_FILE = "data/documents/itpgrfa-gb-5-item-13.zh.txt"


@pytest.fixture
def project(built_project):
    return built_project


def served_triples(settings) -> int:
    store = OxigraphStore.open(open_store_path(settings), read_only=True)
    try:
        return int(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0])
    finally:
        store.close()


def cut_at_95(data: bytes) -> int:
    return data.index(b"\n", int(len(data) * 0.95)) + 1


def line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _registry_cases():
    def latin1(d):
        at = cut_at_95(d)
        return d[:at] + b'<http://e/a> <http://e/b> "caf\xe9" .\n' + d[at:], at
    def gbk(d):
        at = cut_at_95(d)
        return d[:at] + '<http://e/a> <http://e/b> "中文" .\n'.encode("gbk") + d[at:], at
    def nul(d):
        at = cut_at_95(d)
        return d[:at] + b"\x00" + d[at:], at
    def surrogate(d):
        at = cut_at_95(d)
        return d[:at] + b'<http://e/a> <http://e/b> "\xed\xa0\x80" .\n' + d[at:], at
    def truncated(d):
        at = cut_at_95(d)
        return d[:at] + '<http://e/a> <http://e/b> "中'.encode("utf-8")[:-1], at
    def syntax(d):
        at = cut_at_95(d)
        return d[:at] + b"<http://e/a> <http://e/b> { .\n" + d[at:], at
    def escaped_surrogate(d):
        at = cut_at_95(d)
        return d[:at] + b'<http://e/a> <http://e/b> "\\uD800" .\n' + d[at:], at
    def rdfxml_laughs(d):
        return BILLION_LAUGHS.encode(), 0
    return {f.__name__: f for f in (latin1, gbk, nul, surrogate, truncated, syntax,
                                    escaped_surrogate, rdfxml_laughs)}


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
  <rdf:Description rdf:about="http://e/a"><ex:p>&lol9;</ex:p></rdf:Description>
</rdf:RDF>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE r [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
  <rdf:Description rdf:about="http://e/a"><ex:p>&xxe;</ex:p></rdf:Description>
</rdf:RDF>
"""


def assert_build_fails_cleanly(project, relative: str, data: bytes, expect: list[str], strict: bool = False):
    """Break one file, build: an error naming it (and ``expect``), the old store untouched."""
    path = project.root / relative
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        return assert_build_refuses(project, path.name, expect, strict=strict)
    finally:
        path.write_bytes(original)


def assert_build_refuses(project, name: str, expect: list[str], strict: bool = False) -> str:
    """Build the (broken) project: an error naming ``name`` (and ``expect``), the old store untouched."""
    before_path, before_count = open_store_path(project), served_triples(project)
    builds_before = sorted((store_area(project) / "builds").iterdir())
    tracemalloc.start()
    try:
        with pytest.raises(BuildError) as info:
            build(project, progress=False, strict=strict)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert name in message, message
    for part in expect:
        assert part in message, (part, message)
    assert peak < 200 * 2**20, f"peak {peak / 2**20:.0f} MiB"  # no unbounded expansion
    assert open_store_path(project) == before_path          # the old store is still current
    assert served_triples(project) == before_count          # and serves everything
    assert sorted((store_area(project) / "builds").iterdir()) == builds_before  # nothing half-made
    return message


@pytest.mark.parametrize("case", sorted(_registry_cases()))
def test_bad_registry_file(project, case):
    original = (project.root / REGISTRY_FILE).read_bytes()
    data, at = _registry_cases()[case](original)
    expect = [] if case == "rdfxml_laughs" else [f":{line_of(data, at)}:"]
    if case in ("latin1", "gbk", "surrogate", "truncated", "nul"):
        expect.append("byte offset")
    message = assert_build_fails_cleanly(project, REGISTRY_FILE, data, expect)
    if case == "truncated":
        assert "truncated" in message


@pytest.mark.parametrize("case", ["gbk", "nul", "truncated"])
def test_bad_document_file(project, case):
    original = (project.root / DOCUMENT_FILE).read_bytes()
    at = cut_at_95(original)
    data = {
        "gbk": original[:at] + "生物多样性公约\n".encode("gbk") + original[at:],
        "nul": original[:at] + b"\x00" + original[at:],
        "truncated": original[:at] + "公约".encode("utf-8")[:-2],
    }[case]
    # --strict (CI): the whole build fails, naming file and position, the old store serving
    assert_build_fails_cleanly(project, DOCUMENT_FILE, data, [f":{line_of(data, at)}:", "byte offset"],
                               strict=True)
    # by default: the document is skipped with the same located message, its last good graph kept
    path = project.root / DOCUMENT_FILE
    before_count = served_triples(project)
    path.write_bytes(data)
    try:
        summary = build(project, progress=False)
    finally:
        path.write_bytes(original)
    skipped = "\n".join(summary.skipped)
    assert path.name in skipped and f":{line_of(data, at)}:" in skipped and "byte offset" in skipped, skipped
    assert served_triples(project) == before_count


META_FILE = "data/documents/itpgrfa-gb-5-item-13.meta.toml"


@pytest.mark.parametrize("written, expect", [
    ('date = "2013-13"', ["date:", "'2013-13' is not a calendar date"]),
    ('date = "2013-02-30"', ["date:", "'2013-02-30' is not a calendar date"]),
    ("date = 2013-06-01", ["date: expected a string, got the TOML date 2013-06-01"]),
    ("agenda_item = [13]", ["agenda_item: expected a string, got the TOML array"]),
])
def test_bad_metadata_value(project, written, expect):
    original = (project.root / META_FILE).read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(original.splitlines(), 1) if text.startswith(written.split()[0] + " "))
    data = "\n".join(written if n == line else text for n, text in enumerate(original.splitlines(), 1)) + "\n"
    assert_build_fails_cleanly(project, META_FILE, data.encode("utf-8"), [f".meta.toml:{line}: ", *expect],
                               strict=True)


def test_document_linked_from_outside_the_project(project, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes((project.root / DOCUMENT_FILE).read_bytes())
    link = project.root / "data" / "documents" / "linked-out.zh.txt"
    link.symlink_to(outside)
    try:
        assert_build_refuses(project, "linked-out.zh.txt", [str(outside), "outside the data folder"], strict=True)
    finally:
        link.unlink()


def test_oversize_document(project):
    """50 MB (sparse, never read): refused on its size with the file, its size and the limit."""
    huge = project.root / "data" / "documents" / "huge.zh.txt"
    with open(huge, "wb") as f:
        f.truncate(50 * 2**20)
    try:
        assert_build_refuses(project, "huge.zh.txt", [f"{50 * 2**20} bytes", "over the limit of 20000000 bytes"],
                              strict=True)
    finally:
        huge.unlink()


def test_bom_is_accepted(tmp_path, project):
    original = (project.root / REGISTRY_FILE).read_bytes()
    (tmp_path / "bom.ttl").write_bytes(b"\xef\xbb\xbf" + original)
    (tmp_path / "plain.ttl").write_bytes(original)
    assert len(parse_turtle(Graph(), tmp_path / "bom.ttl", "https://w3id.org/treatygraph/")) == \
        len(parse_turtle(Graph(), tmp_path / "plain.ttl", "https://w3id.org/treatygraph/")) > 0


def test_rdfxml_entities_are_refused_without_expanding(tmp_path):
    for name, text in (("laughs.rdf", BILLION_LAUGHS), ("xxe.rdf", XXE)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        tracemalloc.start()
        try:
            with pytest.raises(RdfFileError, match=rf"{name}:2:1: RDF/XML with a DOCTYPE"):
                parse_rdf(Graph(), path, "xml")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 10 * 2**20


def test_plain_rdfxml_still_parses(tmp_path):
    path = tmp_path / "ok.rdf"
    path.write_text(XXE.split("\n", 2)[0] + "\n" + XXE.split("]>\n", 1)[1].replace("&xxe;", "x"),
                    encoding="utf-8")
    assert len(parse_rdf(Graph(), path, "xml")) == 1


def test_jsonld_remote_context_is_refused_and_not_fetched(tmp_path, recorder):
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": [{"ex": "http://e/"}, "%sctx.jsonld"], "@id": "ex:a", "ex:p": "x"}'
                    % recorder.url, encoding="utf-8")
    with pytest.raises(RdfFileError, match="remote JSON-LD @context"):
        parse_rdf(Graph(), path, "json-ld")
    inline = tmp_path / "inline.jsonld"
    inline.write_text('{"@context": {"ex": "http://e/"}, "@id": "ex:a", "ex:p": "x"}', encoding="utf-8")
    assert len(parse_rdf(Graph(), inline, "json-ld")) == 1
    import time

    time.sleep(0.2)
    assert recorder.connections == []


def test_the_build_reads_turtle_only(project, recorder):
    """RDF/XML or JSON-LD files dropped beside the registry are never parsed (nor fetched from)."""
    registry = project.root / "data" / "registry"
    (registry / "laughs.rdf").write_text(BILLION_LAUGHS, encoding="utf-8")
    (registry / "remote.jsonld").write_text('{"@context": "%s"}' % recorder.url, encoding="utf-8")
    try:
        before = served_triples(project)
        summary = build(project, progress=False)
        assert summary.ok and served_triples(project) == before
    finally:
        (registry / "laughs.rdf").unlink()
        (registry / "remote.jsonld").unlink()
    assert recorder.connections == []
