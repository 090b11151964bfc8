"""The corpus build benchmark's choices: which documents it builds, its fractions, its scaling exponent."""

from __future__ import annotations

import math

from benchmarks.corpus_build import ROOT, corpus_documents, default_corpus, fraction, scaling_exponent, targets


def test_the_default_corpus_is_what_a_build_ingests():
    from treatygraph.build import document_files
    from treatygraph.config import Settings

    assert default_corpus() == ROOT / "data"
    settings = Settings(root=ROOT, store=str(ROOT / ".treatygraph" / "store"))
    assert [p.resolve() for p in corpus_documents(default_corpus())] == \
        sorted(p.resolve() for p in document_files(settings))


def test_fractions_keep_the_mix_of_sizes(tmp_path):
    docs = []
    for i in range(1, 17):
        p = tmp_path / f"d{i:02}.txt"
        p.write_text("x" * (100 * i), encoding="utf-8")
        docs.append(p)
    quarter, half, whole = (fraction(docs, f) for f in (0.25, 0.5, 1))
    assert (len(quarter), len(half), len(whole)) == (4, 8, 16)
    assert set(quarter) <= set(half) <= set(whole)
    size = lambda ps: sum(p.stat().st_size for p in ps)  # noqa: E731
    assert 3 < size(whole) / size(quarter) < 5  # about 4x: the exponent is measured over 1x, 2x, 4x


def test_scaling_exponent_is_the_log_log_slope():
    assert math.isclose(scaling_exponent([1, 2, 4], [10, 20, 40]), 1.0)
    assert math.isclose(scaling_exponent([1, 2, 4], [10, 40, 160]), 2.0)
    assert scaling_exponent([1], [3]) is None


def test_targets_read_the_largest_build():
    run = {"builds": [{"mb": 2.0, "seconds": 20, "mb_per_s": 0.1, "rss_mb": 300, "worker_rss_mb": 200},
                      {"mb": 8.0, "seconds": 100, "mb_per_s": 0.08, "rss_mb": 900, "worker_rss_mb": 2100}],
           "rebuild_one": {"seconds": 9.0}, "scaling_exponent": 1.05}
    got = targets(run)
    assert got["scratch_s<=120"] and not got["MB/s>=0.5"] and not got["peak_rss<=2GB"]
    assert got["rebuild_one_s<=10"] and got["exponent<=1.1"] and got["corpus_MB>=8"]
