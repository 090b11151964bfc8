"""The benchmark harness runs end to end in its tiny mode and writes its report (no number is judged)."""

from __future__ import annotations

import json
import math
import subprocess
import sys

from benchmarks.report import REQUIRED_KEYS


def test_tiny_run_writes_every_key_as_a_number(project_root, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--tiny", "--out", str(tmp_path)],
        cwd=project_root, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads((tmp_path / "latest.json").read_text())
    for key in REQUIRED_KEYS:
        value = result[key]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value), (key, value)
    # Every named query answered with the same rows over HTTP as on the engine (checked by the
    # harness), and the peers were really measured at the one size of the tiny mode.
    size = next(iter(result["sizes"].values()))
    assert set(size["engine"]) == set(size["http"])
    assert {"ours", "bare"} <= set(next(iter(size["throughput"].values())))
    assert "rdflib_endpoint" in next(iter(size["rdflib_throughput"].values()))
    assert len(result["build"]["runs"]) >= 2
    markdown = (tmp_path / "latest.md").read_text()
    for key in REQUIRED_KEYS:
        assert f"`{key}`" in markdown
    assert markdown in run.stdout
