"""The command line as a user meets it, run as a real subprocess: a mistake is one line and the
documented exit code (never a traceback); a reader that goes away (``| head``) ends it quietly
with 0; a busy port, a missing store, a misspelt query form; a progress bar on a terminal only."""

from __future__ import annotations

import fcntl
import os
import pty
import socket
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

import treatygraph
from treatygraph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(treatygraph.__file__).resolve().parents[1]  # these sources, wherever they are
DOCUMENT = ROOT / "data" / "documents" / "itpgrfa-gb-5-item-13.zh.txt"

sys.path.insert(0, str(ROOT / "tests" / "linked_data"))
from ld_sample import sample_graphs  # noqa: E402


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "treatygraph.cli", "--root", str(ROOT), *args]


ENV = {**os.environ, "PYTHONPATH": str(SRC)}


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), capture_output=True, text=True, env=ENV, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli-conventions") / "store"
    store = OxigraphStore.open(path, read_only=False)
    store.replace_graphs(sample_graphs())
    store.close()
    return str(path)


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "Error:" not in stderr.replace("SPARQL syntax error", ""), stderr


# ---- a user's mistake -------------------------------------------------------------------------


def test_export_without_id_says_what_to_write(store_dir):
    done = run("--store", store_dir, "export", "itpgrfa/art/19.3.g")
    assert done.returncode == 2  # docs/cli.md: 2 bad usage (1 is "too large")
    no_traceback(done.stderr)
    assert done.stderr.count("\n") == 1 and "did you mean id/itpgrfa/art/19.3.g?" in done.stderr
    assert done.stdout == ""


def test_export_to_an_unwritable_file_is_one_line(store_dir, tmp_path):
    done = run("--store", store_dir, "export", "id/itpgrfa/art/19.3.g", "-o", str(tmp_path / "no" / "x.ttl"))
    assert done.returncode == 2 and "--output: cannot write" in done.stderr
    no_traceback(done.stderr)


def test_a_misspelt_query_form_is_named(store_dir):
    done = run("--store", store_dir, "query", "SELEC * WHERE { ?s ?p ?o }")
    assert done.returncode == 2
    no_traceback(done.stderr)
    assert "line 1, column 1: 'SELEC' is not a query form" in done.stderr
    assert "expected" not in done.stderr


def test_a_missing_store_gives_its_advice_once(tmp_path):
    for args in (("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), ("export", "id/cbd")):
        done = run("--store", str(tmp_path / "nothing-here"), *args)
        assert done.returncode == 2, args
        no_traceback(done.stderr)
        assert done.stderr.count("treatygraph build") == 1, done.stderr


def test_serve_on_a_busy_port_exits_2_before_building(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run("--store", str(tmp_path / "never-built"), "serve", "--port", str(port), timeout=60)
    assert done.returncode == 2
    no_traceback(done.stderr)
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert "building" not in done.stderr and not (tmp_path / "never-built").exists()


# ---- pipes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("extract", str(DOCUMENT)),
    ("query", "--list"),
    ("export", "id/itpgrfa", "--depth", "2"),
], ids=["extract", "query-list", "export"])
def test_a_reader_that_goes_away_ends_it_quietly(store_dir, args):
    """The reader closes the pipe before anything is written: every write fails with EPIPE."""
    proc = subprocess.Popen(command("--store", store_dir, *args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ENV)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception ignored" not in err


def test_the_readme_extract_example_with_head(store_dir):
    shell = subprocess.run(
        f"set -o pipefail; {' '.join(map(str, command('extract', str(DOCUMENT))))} | head -3",
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=ENV, timeout=120)
    assert shell.returncode == 0, shell.stderr
    assert len(shell.stdout.splitlines()) == 3
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr


# ---- progress ---------------------------------------------------------------------------------


def _on_a_terminal(args: list[str]) -> tuple[int, bytes]:
    """Run with standard error on a pseudo-terminal 100 columns wide; (exit code, what it showed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL, env=ENV)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=120), shown


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for n in (1, 2):
        (folder / f"note-{n}.txt").write_text(
            f"Note {n}\n\nThe Governing Body recalls Article 19.3(g) of the Treaty.\n", encoding="utf-8")
    return folder


def test_extract_shows_a_progress_bar_on_a_terminal(two_documents):
    code, shown = _on_a_terminal(command("extract", str(two_documents), "--home", "itpgrfa"))
    assert code == 0
    assert b"extract:" in shown and b"2/2" in shown and b"%|" in shown


def test_no_progress_bar_when_not_on_a_terminal_or_asked_not_to(two_documents):
    piped = run("extract", str(two_documents), "--home", "itpgrfa")
    assert piped.returncode == 0 and "%|" not in piped.stderr
    assert "note-1.txt: kind=" in piped.stderr  # the summary lines still come
    code, shown = _on_a_terminal(command("extract", str(two_documents), "--home", "itpgrfa", "--no-progress"))
    assert code == 0 and b"%|" not in shown and b"note-2.txt: kind=" in shown


# ---- docs -------------------------------------------------------------------------------------


def test_the_readme_links_the_page_on_adding_a_document():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/adding-documents.md)" in readme
    assert (ROOT / "docs" / "adding-documents.md").is_file()
