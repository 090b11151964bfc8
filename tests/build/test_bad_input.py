"""Bad build input ends in a clear located error or a safe recovery; the served build is never the one lost.

Real ingestion, real pyshacl, real on-disk stores; the killed builds are real
processes killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import treatygraph
from treatygraph.build import BuildFailed, build, open_store_path, store_area
from treatygraph.cli import main
from treatygraph.config import Settings
from treatygraph.ingest.metadata import IngestError, load_metadata

SRC = Path(treatygraph.__file__).resolve().parents[1]


def _builds(settings) -> set[str]:
    return {p.name for p in (store_area(settings) / "builds").iterdir()}


def _served(settings) -> str:
    return open_store_path(settings).parent.name


# ------------------------------------------------------------------ metadata


def _meta(tmp_path: Path, body: str) -> Path:
    (tmp_path / "t.meta.toml").write_text('# metadata\nslug = "t"\n' + body, encoding="utf-8")
    text = tmp_path / "t.zh.txt"
    text.write_text("1. 《生物多样性公约》。\n", encoding="utf-8")
    return text


@pytest.mark.parametrize("value, why", [
    ('"2013-13"', "month must be in 1..12"),
    ('"2013-02-30"', "day is out of range for month"),
    ('"2013-00"', "month must be in 1..12"),
    ('"0000"', "year 0 is out of range"),
    ('"2013-6-1"', "expected YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_a_date_that_is_not_on_the_calendar_is_refused(tmp_path, value, why):
    text = _meta(tmp_path, f"date = {value}\n")
    with pytest.raises(IngestError) as err:
        load_metadata(text)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 't.meta.toml'}:3: date:"), message
    assert value.strip('"') in message and why in message


@pytest.mark.parametrize("value", ['"2012-02-29"', '"2013-06"', '"1992"', '"2013-12-31"'])
def test_real_dates_of_every_precision_are_kept(tmp_path, value):
    assert load_metadata(_meta(tmp_path, f"date = {value}\n")).date == value.strip('"')


@pytest.mark.parametrize("line, expect", [
    ("date = 2013-06-01", ['date: expected a string, got the TOML date 2013-06-01', 'date = "2013-06-01"']),
    ("date = 2013-06-01T10:00:00Z", ["TOML date-time", 'date = "2013-06-01"']),
    ("date = 2013", ["date: expected a string, got the TOML integer 2013"]),
    ("language = 5", ["language: expected a string, got the TOML integer 5"]),
    ("home_instrument = true", ["home_instrument: expected a string, got the TOML boolean True"]),
    ('issuing_body = ["id/cbd/cop"]', ["issuing_body: expected a string, got the TOML array"]),
    ("session = 1.5", ["session: expected a string, got the TOML float 1.5"]),
    ('symbol = { a = "b" }', ["symbol: expected a string, got the TOML table"]),
    ('title = "a title"', ["title: expected a [title] table"]),
])
def test_a_wrong_toml_value_type_is_a_located_error(tmp_path, line, expect):
    text = _meta(tmp_path, f"\n{line}\n")
    with pytest.raises(IngestError) as err:
        load_metadata(text)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 't.meta.toml'}:4: "), message
    for part in expect:
        assert part in message, (part, message)


def test_an_integer_agenda_item_is_still_read(tmp_path):
    assert load_metadata(_meta(tmp_path, "agenda_item = 13\n")).agenda_item == "13"


@pytest.mark.parametrize("line", ['date = "2013-13"', "date = 2013-06-01"])
def test_a_bad_date_fails_the_build_and_the_cli_names_it(tmp_path, make_project, small_docs, line, capsys):
    settings = make_project(tmp_path, {"small-b": small_docs["small-b"]})
    meta = settings.documents_dir / "small-b.meta.toml"
    meta.write_text(line + "\n" + meta.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"small-b\.meta\.toml:1: date: "):
        build(settings, progress=False, strict=True)
    capsys.readouterr()
    assert main(["--root", str(settings.root), "--store", settings.store, "build", "--no-progress",
                 "--strict"]) == 1
    err = capsys.readouterr().err
    assert "small-b.meta.toml:1: date:" in err and "Traceback" not in err
    with pytest.raises(FileNotFoundError):
        open_store_path(settings)
    # without --strict the document is skipped, named with the same located message
    assert main(["--root", str(settings.root), "--store", settings.store, "build", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "skipped:" in out and "small-b.meta.toml:1: date:" in out


# ------------------------------------------------------------ failing shapes

BROKEN_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix tgsh: <https://w3id.org/treatygraph/shapes#> .
@prefix tg: <https://w3id.org/treatygraph/ontology#> .
tgsh:BrokenShape a sh:NodeShape ;
    sh:targetClass tg:Instrument ;
    sh:sparql [ sh:prefixes tgsh: ; sh:message "broken" ; sh:select \"\"\"%s\"\"\" ] .
"""


@pytest.fixture(scope="module")
def shape_project(tmp_path_factory, make_project):
    """A project without documents, built once; each test adds then removes ``shapes/zz-broken.ttl``."""
    settings = make_project(tmp_path_factory.mktemp("shapes"), {})
    assert build(settings, progress=False).ok
    return settings


@pytest.fixture
def broken_shape(shape_project):
    """``broken_shape(query)``: write a shape whose SPARQL constraint is ``query``; removed afterwards."""
    path = shape_project.shapes_dir / "zz-broken.ttl"
    yield lambda query: path.write_text(BROKEN_SHAPE % query, encoding="utf-8")
    path.unlink(missing_ok=True)


@pytest.mark.parametrize("query, why", [
    ("SELECT $this WHERE { $this tg:x ?v . FILTER( }", "ParseException"),  # does not parse
    ("SELECT $this WHERE { $this nope:x ?v }", "Unknown namespace prefix"),  # unknown prefix
    # parses, then fails while it runs (SUM over language-tagged labels); rdflib's error varies
    ("SELECT $this (SUM(?v) AS ?value) WHERE { $this ?p ?v } GROUP BY $this", "its SPARQL constraint fails"),
    ("SELECT $this WHERE { SERVICE <http://127.0.0.1:9/x> { $this ?p ?v } }", "SERVICE"),
])
def test_a_failing_sparql_shape_is_a_clear_error_naming_it(shape_project, broken_shape, query, why, monkeypatch):
    settings = shape_project
    served = _served(settings)
    broken_shape(query)
    if "SUM" in query:
        # pyoxigraph follows SPARQL (an aggregate error leaves ?value unbound): the shape reports
        # violations and the build fails naming it; rdflib (pyshacl, the reference) raises instead.
        with pytest.raises(BuildFailed) as err:
            build(settings, progress=False, jobs=1)
        assert any("tgsh:BrokenShape" in v.shape for v in err.value.summary.violations)
        assert _served(settings) == served
        monkeypatch.setenv("TREATYGRAPH_SHACL_ENGINE", "pyshacl")
    for jobs in (1, 2) if why == "ParseException" else (1,):  # in this process, and in worker processes
        with pytest.raises(BuildFailed) as err:
            build(settings, progress=False, jobs=jobs)
        message = str(err.value)
        assert "zz-broken.ttl" in message and "tgsh:BrokenShape" in message and why in message, message
        assert "cannot be run" in message
        assert _served(settings) == served and _builds(settings) == {served}


def test_the_validate_command_names_a_failing_shape(shape_project, broken_shape, capsys):
    broken_shape("SELECT $this WHERE { $this nope:x ?v }")
    assert main(["--root", str(shape_project.root), "validate"]) == 2
    err = capsys.readouterr().err
    assert "tgsh:BrokenShape" in err and "Unknown namespace prefix" in err and "Traceback" not in err


# ------------------------------------------------------ symlinks and sizes


def test_a_document_linked_from_outside_the_data_folder_is_refused(tmp_path, make_project, small_docs):
    settings = make_project(tmp_path / "p", {"small-b": small_docs["small-b"]})
    assert build(settings, progress=False).ok
    served = _served(settings)
    outside = tmp_path / "secret.txt"
    outside.write_text("1. 《生物多样性公约》缔约方大会。\n", encoding="utf-8")
    link = settings.documents_dir / "leak.zh.txt"
    link.symlink_to(outside)
    with pytest.raises(BuildFailed) as err:
        build(settings, progress=False, strict=True)
    message = str(err.value)
    assert str(link) in message and str(outside) in message and "outside the data folder" in message
    assert _served(settings) == served and _builds(settings) == {served}
    # the metadata beside a document is held to the same rule
    link.unlink()
    meta = settings.documents_dir / "small-b.meta.toml"
    (tmp_path / "meta.toml").write_bytes(meta.read_bytes())
    meta.unlink()
    meta.symlink_to(tmp_path / "meta.toml")
    with pytest.raises(BuildFailed, match=r"small-b\.meta\.toml: links to .*outside the data folder"):
        build(settings, progress=False, strict=True)
    assert _served(settings) == served


def test_a_link_inside_the_data_folder_is_followed(tmp_path, make_project, small_docs, add_document):
    settings = make_project(tmp_path, {})
    elsewhere = settings.data_dir / "texts"
    elsewhere.mkdir()
    add_document(settings.documents_dir, "small-b", small_docs["small-b"])
    real = elsewhere / "small-b.zh.txt"
    os.replace(settings.documents_dir / "small-b.zh.txt", real)
    (settings.documents_dir / "small-b.zh.txt").symlink_to(real)
    summary = build(settings, progress=False)
    assert summary.ok and summary.documents == 1 and summary.citations > 0


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(tmp_path, make_project, small_docs, capsys):
    settings = make_project(tmp_path, {"small-b": small_docs["small-b"] * 4})
    assert build(settings, progress=False).ok
    served = _served(settings)
    huge = settings.documents_dir / "huge.zh.txt"
    with open(huge, "wb") as f:  # 50 MB, sparse: refused on its size, never read
        f.truncate(50_000_000)
    with pytest.raises(BuildFailed) as err:
        build(settings, progress=False, strict=True)
    message = str(err.value)
    assert str(huge) in message and "50000000 bytes" in message and "20000000" in message
    assert "TREATYGRAPH_MAX_DOCUMENT_BYTES" in message
    assert _served(settings) == served and _builds(settings) == {served}
    huge.unlink()
    # the limit is a setting: the environment, the CLI option
    args = ["--root", str(settings.root), "--store", settings.store, "build", "--no-progress", "--force", "--strict"]
    size = (settings.documents_dir / "small-b.zh.txt").stat().st_size
    capsys.readouterr()
    assert main(args + ["--max-document-bytes", str(size - 1)]) == 1
    out = capsys.readouterr()
    assert f"small-b.zh.txt: {size} bytes, over the limit of {size - 1} bytes" in out.err
    assert "FAILED (previous store left in place)" in out.out and "up to date" not in out.out
    assert main(args + ["--max-document-bytes", str(size)]) == 0


def test_the_size_limit_comes_from_the_environment(tmp_path, make_project, monkeypatch):
    monkeypatch.setenv("TREATYGRAPH_MAX_DOCUMENT_BYTES", "1234")
    assert Settings.from_env(tmp_path).extra["max_document_bytes"] == "1234"
    settings = make_project(tmp_path, {"small-b": "1. 《生物多样性公约》缔约方大会。\n" * 100})
    with pytest.raises(BuildFailed, match=r"over the limit of 1234 bytes"):
        build(settings.with_(extra={"max_document_bytes": "1234"}), progress=False, strict=True)


def test_a_fifo_in_the_documents_is_refused_not_read(tmp_path, make_project):
    settings = make_project(tmp_path, {})
    os.mkfifo(settings.documents_dir / "pipe.zh.txt")
    with pytest.raises(BuildFailed, match=r"pipe\.zh\.txt: not a regular file"):
        build(settings, progress=False, strict=True)


# ---------------------------------------------------------------- the cache


def _cache_entry(settings, slug: str) -> tuple[Path, Path]:
    from treatygraph.build import _cache_dir

    (info,) = _cache_dir(store_area(settings), f"{slug}.zh.txt").glob("*.json")
    return info.with_suffix(".nt"), info


def _damage(kind: str, nt: Path, info: Path) -> None:
    nt_data, info_data = nt.read_bytes(), info.read_bytes()
    if kind == "json-garbage":
        info.write_bytes(b"\x00\xff{not json")
    elif kind == "json-cut":  # what a write killed half-way leaves
        info.write_bytes(info_data[: len(info_data) // 2])
    elif kind == "json-missing-key":
        info.write_text(json.dumps({k: v for k, v in json.loads(info_data).items() if k != "triples"}))
    elif kind == "json-gone":  # killed between writing the .nt and the .json
        info.unlink()
    elif kind == "nt-garbage":
        nt.write_bytes(b"<a> <b> {\n" + nt_data)
    elif kind == "nt-cut":
        nt.write_bytes(nt_data[: len(nt_data) // 2])
    elif kind == "nt-line-dropped":
        nt.write_bytes(nt_data.split(b"\n", 1)[1])
    else:
        raise AssertionError(kind)


DAMAGES = ["json-garbage", "json-cut", "json-missing-key", "json-gone", "nt-garbage", "nt-cut", "nt-line-dropped"]


def test_a_corrupt_cache_entry_is_discarded_and_the_document_ingested_again(
        tmp_path, make_project, small_docs, counting_ingest):
    """One document per kind of damage, and one intact: one rebuild repairs them all."""
    docs = {f"doc-{kind}": small_docs["small-b"] for kind in DAMAGES}
    settings = make_project(tmp_path, {**docs, "intact": small_docs["small-a"]})
    first = build(settings, progress=False, ingest=counting_ingest)
    lines = {}
    for kind in DAMAGES:
        nt, info = _cache_entry(settings, f"doc-{kind}")
        assert "sha256" in json.loads(info.read_text())
        lines[kind] = nt.read_bytes().count(b"\n")
        _damage(kind, nt, info)
    counting_ingest.calls.clear()
    again = build(settings, progress=False, ingest=counting_ingest, force=True)
    assert again.ok and again.triples == first.triples
    assert sorted(counting_ingest.calls) == sorted(f"doc-{kind}.zh.txt" for kind in DAMAGES)  # not "intact"
    warnings = sorted(w for w in again.warnings if "corrupt cache entry" in w)
    assert [w.split(":", 1)[0] for w in warnings] == sorted(f"doc-{kind}.zh.txt" for kind in DAMAGES), again.warnings
    for kind in DAMAGES:  # each entry is written again, whole
        assert _cache_entry(settings, f"doc-{kind}")[0].read_bytes().count(b"\n") == lines[kind]
    # the repaired entries are used next time, and the warnings are not replayed from build.json
    counting_ingest.calls.clear()
    third = build(settings, progress=False, ingest=counting_ingest)
    assert not third.changed and counting_ingest.calls == []
    assert not [w for w in third.warnings if "corrupt cache entry" in w]


def test_cache_files_are_written_whole(tmp_path, make_project, small_docs):
    settings = make_project(tmp_path, {"small-b": small_docs["small-b"]})
    build(settings, progress=False)
    nt, info = _cache_entry(settings, "small-b")
    meta = json.loads(info.read_text())
    import hashlib

    assert meta["sha256"] == hashlib.sha256(nt.read_bytes()).hexdigest()
    assert not list((store_area(settings) / "cache").rglob("*.tmp"))


# ---------------------------------------------------------- killed builds

KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from treatygraph import derive
from treatygraph.build import build
from treatygraph.config import Settings

def killed(*args, **kwargs):  # the new store is half written: die as a kill -9 would leave it
    os.kill(os.getpid(), signal.SIGKILL)

derive.add_derived = killed
build(Settings(root=Path(sys.argv[1]), store=sys.argv[2]), progress=False, force=True)
"""


def _killed_build(settings) -> str:
    """Run a build in a process SIGKILLed while it writes the new store; the orphan directory it leaves."""
    before = _builds(settings)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLED_BUILD), str(settings.root), settings.store],
                          env=env, capture_output=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    (orphan,) = _builds(settings) - before
    assert (store_area(settings) / "builds" / orphan / "store").is_dir()
    assert not (store_area(settings) / "builds" / orphan / "build.json").exists()
    return orphan


def test_after_a_killed_build_the_next_build_removes_the_orphan_and_keeps_the_previous_build(
        tmp_path, make_project, small_docs, add_document):
    settings = make_project(tmp_path, small_docs)
    first = build(settings, progress=False)
    add_document(settings.documents_dir, "small-b", small_docs["small-b"] + "\n2. 《条约》第 1.2 条。\n")
    orphan = _killed_build(settings)
    assert _served(settings) == first.build_id  # the kill lost nothing that was served
    assert _builds(settings) == {first.build_id, orphan}
    second = build(settings, progress=False)
    assert second.changed and _served(settings) == second.build_id
    # the orphan goes; the build served before stays (a server may still read it)
    assert _builds(settings) == {first.build_id, second.build_id}


def test_an_up_to_date_build_removes_an_orphan_and_keeps_serving(tmp_path, make_project, small_docs):
    settings = make_project(tmp_path, {"small-b": small_docs["small-b"]})
    first = build(settings, progress=False)
    orphan = _killed_build(settings)
    again = build(settings, progress=False)
    assert not again.changed and _served(settings) == first.build_id
    assert _builds(settings) == {first.build_id}
    assert orphan not in _builds(settings)


def test_clean_up_never_deletes_the_served_build_whatever_the_file_times(tmp_path, make_project, small_docs):
    """Newer-looking directories (copied, restored, a clock step) must not push the served build out."""
    settings = make_project(tmp_path, {"small-b": small_docs["small-b"]})
    first = build(settings, progress=False)
    builds = store_area(settings) / "builds"
    future = time.time() + 86400
    for name in ("20990101T000000000000-orphan1", "20990101T000000000000-orphan2"):
        (builds / name / "store").mkdir(parents=True)
        os.utime(builds / name, (future, future))
    second = build(settings, progress=False, force=True)
    assert _served(settings) == second.build_id
    assert _builds(settings) == {first.build_id, second.build_id}
    assert open_store_path(settings).is_dir()
