"""X-Forwarded-For counts only from configured proxies: a real ``treatygraph serve`` on loopback.

The per-client limit is set to one request in flight. A request held open
(its body not yet sent) from 127.0.0.1 claiming ``X-Forwarded-For: 10.0.0.1``
takes the one slot; a second request claiming ``10.0.0.2`` is then
* by default, the same client (the peer, 127.0.0.1): 429;
* with ``--forwarded-allow-ips 127.0.0.1``, a different client: 200.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from treatygraph.store.oxigraph import OxigraphStore

from httpdata import EX, graph

ASK = "/sparql?query=ASK%20%7B%7D"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("proxy") / "store"
    store = OxigraphStore.open(path, read_only=False)
    store.replace_graph(EX + "g", graph('ex:a ex:p "one" .'))
    store.close()
    return path


def serve_command(project_root, store_path, port, *extra):
    return [sys.executable, "-m", "treatygraph.cli", "--root", str(project_root), "--store", str(store_path),
            "serve", "--host", "127.0.0.1", "--port", str(port), "--no-build", *extra]


@contextmanager
def serving(project_root, store_path, *extra):
    port = free_port()
    env = {**os.environ, "TREATYGRAPH_MAX_CONCURRENT_PER_CLIENT": "1", "TREATYGRAPH_QUERY_WORKERS": "1"}
    env.pop("TREATYGRAPH_FORWARDED_ALLOW_IPS", None)
    proc = subprocess.Popen(serve_command(project_root, store_path, port, *extra), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/sparql", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail("the server did not start:\n" + proc.stdout.read().decode(errors="replace"))
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def status(port: int, forwarded_for: str) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{ASK}", headers={"X-Forwarded-For": forwarded_for})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


@contextmanager
def held_request(port: int, forwarded_for: str):
    """A POST /sparql whose body never comes: in flight until the socket closes."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall((f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: {forwarded_for}\r\n"
                  "Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK").encode())
    try:
        yield
    finally:
        sock.close()


def wait_until_busy(port: int, forwarded_for: str) -> None:
    """Until a request from the held request's own client is refused (the hold is counted)."""
    deadline = time.monotonic() + 15
    while status(port, forwarded_for) != 429:
        assert time.monotonic() < deadline, "the held request never took the client's slot"
        time.sleep(0.1)


def test_by_default_a_spoofed_address_is_the_same_client(project_root, store_path):
    with serving(project_root, store_path) as port, held_request(port, "10.0.0.1"):
        wait_until_busy(port, "10.0.0.1")
        assert status(port, "10.0.0.2") == 429
        assert status(port, "10.0.0.3, 10.0.0.4") == 429


def test_with_a_trusted_proxy_the_forwarded_address_is_the_client(project_root, store_path):
    with serving(project_root, store_path, "--forwarded-allow-ips", "127.0.0.1") as port, \
            held_request(port, "10.0.0.1"):
        wait_until_busy(port, "10.0.0.1")
        assert status(port, "10.0.0.2") == 200
        assert status(port, "192.0.2.7, 10.0.0.1") == 429  # the nearest untrusted address counts


@pytest.mark.parametrize("args, env, named", [
    (["--forwarded-allow-ips", "proxy.example"], {}, "--forwarded-allow-ips"),
    ([], {"TREATYGRAPH_FORWARDED_ALLOW_IPS": "10.0.0.0/33"}, "TREATYGRAPH_FORWARDED_ALLOW_IPS"),
])
def test_a_bad_proxy_list_is_a_usage_error_naming_it(project_root, store_path, args, env, named):
    r = subprocess.run(serve_command(project_root, store_path, free_port(), *args),
                       env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert named in r.stderr


def test_the_environment_names_trusted_proxies(monkeypatch, project_root):
    from treatygraph.config import Settings
    from treatygraph.http.clients import trusted_proxies

    monkeypatch.delenv("TREATYGRAPH_FORWARDED_ALLOW_IPS", raising=False)
    assert trusted_proxies(Settings.from_env(root=project_root)) == []
    monkeypatch.setenv("TREATYGRAPH_FORWARDED_ALLOW_IPS", "10.0.0.0/8, ::1")
    assert trusted_proxies(Settings.from_env(root=project_root)) == ["10.0.0.0/8", "::1"]
