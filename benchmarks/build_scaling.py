"""Build throughput and its scaling: text corpora of increasing size built from scratch (no cache)."""

from __future__ import annotations

import math
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

from treatygraph.config import Settings

from . import corpus

if TYPE_CHECKING:
    from .harness import Mode


def measure_build(mode: Mode, work: Path, log) -> dict:
    """Build time of text corpora of increasing size (extraction, validation, loading; no cache)."""
    from treatygraph.build import build

    rows = []
    for n in mode.build_docs:
        root = work / f"project-{n}"
        shutil.rmtree(root, ignore_errors=True)
        size = corpus.generate_texts(root, n)
        settings = Settings(root=root, store=str(root / ".treatygraph" / "store"))
        t = time.perf_counter()
        summary = build(settings, progress=False, force=True, jobs=os.cpu_count() or 1)
        seconds = time.perf_counter() - t
        rows.append({"documents": n, "mb": size / 1e6, "seconds": seconds, "triples": summary.triples,
                     "docs_per_s": n / seconds, "mb_per_s": size / 1e6 / seconds})
        log(f"  build {n} documents ({size / 1e6:.2f} MB): {seconds:.1f} s, {summary.triples} triples")
        shutil.rmtree(root, ignore_errors=True)
    xs = [math.log(r["mb"]) for r in rows]
    ys = [math.log(r["seconds"]) for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    # Marginal cost: time per extra document between the smallest and the largest run.
    a, b = rows[0], rows[-1]
    marginal = (b["seconds"] - a["seconds"]) / (b["documents"] - a["documents"])
    return {"runs": rows, "build_mb_per_s": rows[-1]["mb_per_s"], "build_docs_per_s": rows[-1]["docs_per_s"],
            "build_scaling_exponent": slope, "build_marginal_s_per_doc": marginal,
            "build_fixed_s": a["seconds"] - marginal * a["documents"]}
