"""Extraction is linear in the document's length: 16 times the text costs at most 20 times the time.

A ratio of two runs in the same test (not a timed assertion against a fixed
figure): a quadratic scan (every mention against every part, every position
against the whole text) shows up as a ratio near 256.
"""

import time
from pathlib import Path

from treatygraph.ingest.rdf import extract_mentions

DOC = Path(__file__).resolve().parents[2] / "data" / "documents" / "itpgrfa-gb-5-item-13.zh.txt"


def _best(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def test_sixteen_times_the_text_at_most_twenty_times_the_time(registry):
    one = DOC.read_text(encoding="utf-8")[:8000]
    big = "\n\n".join([one] * 16)
    # titles alone are left out of the count: the note layout reads the copies after the first as footnotes
    # of the first, where fewer titles stand alone
    small_mentions = sum(m.kind != "instrument" for m in extract_mentions(one, registry, "itpgrfa")[1])
    big_mentions = sum(m.kind != "instrument" for m in extract_mentions(big, registry, "itpgrfa")[1])  # warms the lexicon
    assert small_mentions > 0 and big_mentions >= 8 * small_mentions
    small = _best(lambda: extract_mentions(one, registry, "itpgrfa"), 5)
    large = _best(lambda: extract_mentions(big, registry, "itpgrfa"), 2)
    assert large <= 20 * small, f"16x the text took {large / small:.1f}x the time ({small:.3f}s -> {large:.3f}s)"


SPANISH = Path(__file__).resolve().parents[2] / "data" / "corpus" / "un" / "bbnj-agreement-2023-es" / "2023-06-19" / "text.txt"


def test_worded_grammars_are_linear_too(registry):
    """The fr/es/ru/ar grammar runs once per part: each run must read its part, not the whole text
    (the digits of the whole text were folded, and its symbols scanned, once per part: 24 s for 170 KB)."""
    text = SPANISH.read_text(encoding="utf-8")
    one = text[text.index("Artículo 1"):][:20000]  # long enough that a run is not all fixed cost
    big = "\n\n".join([one] * 16)
    small_mentions = len(extract_mentions(one, registry, "bbnj", kind="treaty")[1])
    big_mentions = len(extract_mentions(big, registry, "bbnj", kind="treaty")[1])
    assert small_mentions > 0 and big_mentions >= 8 * small_mentions
    small = _best(lambda: extract_mentions(one, registry, "bbnj", kind="treaty"), 5)
    large = _best(lambda: extract_mentions(big, registry, "bbnj", kind="treaty"), 2)
    assert large <= 20 * small, f"16x the text took {large / small:.1f}x the time ({small:.3f}s -> {large:.3f}s)"
