"""A throwaway Virtuoso for tests and benchmarks: :class:`VirtuosoServer`, :func:`require_virtuoso`.

Its own module (not conftest.py) so that tests and ``benchmarks/`` import it
by a name no other conftest shares.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from treatygraph.store.remote import RemoteStore

VIRTUOSO = shutil.which("virtuoso-t")
VSP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")
#: The row cap the test servers are given (ResultSetMaxRows), small enough to reach in a test.
TEST_MAX_ROWS = 1000

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 8
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
MaxQueryMem = 200M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 16
ServerThreads = 16
MaxKeepAlives = 16
KeepAliveTimeout = 5
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 100000
MaxQueryExecutionTime = 60
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VirtuosoServer:
    """One ``virtuoso-t +foreground`` process whose database lives in ``directory``."""

    def __init__(self, directory: Path, *, max_rows: int = TEST_MAX_ROWS, buffers: int = 4000):
        """``max_rows``: the server's row cap (ResultSetMaxRows); ``buffers``: its page cache in 8 kB pages."""
        self.directory = directory
        self.max_rows = max_rows
        self.sql_port = _free_port()
        self.http_port = _free_port()
        self.ini = directory / "virtuoso.ini"
        self.ini.write_text(
            INI.format(
                d=directory, sql_port=self.sql_port, http_port=self.http_port,
                vsp=VSP_ROOT if VSP_ROOT.is_dir() else directory, max_rows=max_rows, buffers=buffers,
                dirty=buffers * 3 // 4,
            ),
            encoding="utf-8",
        )
        self.process: subprocess.Popen | None = None

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def store(self, *, gsp: bool = False, **options) -> RemoteStore:
        """A RemoteStore with update rights on this server (loading over the Graph Store Protocol if ``gsp``)."""
        options.setdefault("max_rows", self.max_rows)
        if gsp:
            options.setdefault("graph_store_url", self.graph_store_url)
        return RemoteStore(self.sparql_url, update_url=self.update_url, user="dba", password="dba", **options)

    def start(self, wait: float = 60.0) -> None:
        """Start the server and wait until ``/sparql`` answers."""
        log = open(self.directory / "stdout.log", "ab")
        self.process = subprocess.Popen(
            [VIRTUOSO, "+configfile", str(self.ini), "+foreground"],
            cwd=self.directory, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}; see {self.directory}/virtuoso.log")
            try:
                r = httpx.get(self.sparql_url, params={"query": "ASK {}"}, timeout=2)
                if r.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer on {self.sparql_url} within {wait} s")

    def stop(self) -> None:
        """Terminate, wait, kill if it will not go."""
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def pause(self) -> None:
        """SIGSTOP, and wait until the kernel reports the process stopped (delivery is asynchronous)."""
        os.kill(self.process.pid, signal.SIGSTOP)
        tasks = Path(f"/proc/{self.process.pid}/task")
        for _ in range(200):
            try:
                states = {(t / "stat").read_text().rsplit(")", 1)[1].split()[0] for t in tasks.iterdir()}
            except OSError:
                return  # not Linux /proc, or the process went
            if states <= {"T", "t"}:
                return
            time.sleep(0.01)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)


def require_virtuoso() -> None:
    if VIRTUOSO:
        return
    reason = "virtuoso-t not installed (Debian package virtuoso-opensource)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}, and CI=true requires the Virtuoso tests to run", pytrace=False)
    pytest.skip(reason)
