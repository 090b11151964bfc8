"""``Segmentation.owned_runs`` (a sweep over the spans' ends) gives the runs of a per-character owner table.

The reference below is the former implementation: each citable part, largest first, writes its index
over its spans in a table of the text's characters; the runs are the maximal ranges of one owner.
"""

import random

from treatygraph.ingest.model import Segment
from treatygraph.ingest.segment import Segmentation


def _per_character(seg: Segmentation) -> list[tuple[int, int, int]]:
    owner = [-1] * (len(seg.source) + 1)
    citable = [p for p in seg.parts if p.citable]
    for k in sorted(range(len(citable)), key=lambda k: -(citable[k].end - citable[k].start)):
        for a, b in citable[k].spans:
            owner[a:b] = [k] * (b - a)
    runs, start = [], 0
    for i in range(1, len(owner)):
        if owner[i] != owner[start]:
            if owner[start] >= 0:
                runs.append((start, i, id(citable[owner[start]])))
            start = i
    return runs


def test_owned_runs_equal_the_per_character_table():
    rnd = random.Random(16)
    for _ in range(2000):  # nested, overlapping, equal-sized, empty and non-citable parts
        n = rnd.randrange(1, 60)
        parts = []
        for j in range(rnd.randrange(0, 8)):
            spans = sorted((a, rnd.randrange(a, n + 1)) for a in (rnd.randrange(0, n) for _ in range(rnd.randrange(1, 3))))
            parts.append(Segment("para", (("para", str(j)),), spans, citable=rnd.random() < 0.8))
        seg = Segmentation("x" * n, [], parts, [], [])
        assert [(a, b, id(p)) for a, b, p in seg.owned_runs()] == _per_character(seg)
