"""Chinese recall on invented sentences in the style of UN Chinese texts of MEA bodies (issue 14).

``data/zh_recall.json`` holds sentences (CBD COP decisions and notes, the Plant Treaty, CITES, CMS,
Ramsar, the UNFCCC family, the General Assembly; Aichi and GBF targets; Chinese numerals, full-width
digits, spaces from PDF extraction, lists, ranges, ibid. and anaphora), each with the (surface, target)
pairs the gold conventions of ``/work/shared/gold/README.md`` give it, and surfaces that must not be
mentions (同上, 该决定, meetings as events). Recall counts an expected pair found with the same surface
and target; a found mention overlapping an expected one with another target is a wrong target; precision
is the share of found mentions with a target that are expected pairs (the rest: wrong targets and extras
such as an instrument named by its title alone, which the grammars cite on purpose).

Run ``python tests/ingest/test_zh_recall.py`` for the misses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "zh_recall.json"
#: sentences written after the grammar was fixed against DATA, to check the fixes hold beyond it
HELD_OUT = Path(__file__).parent / "data" / "zh_recall_heldout.json"
BASE = "https://w3id.org/treatygraph/"


def _spans(text: str, surface: str) -> list[tuple[int, int]]:
    out, k = [], text.find(surface)
    while k >= 0:
        out.append((k, k + len(surface)))
        k = text.find(surface, k + 1)
    return out


def measure(registry, data: Path = DATA) -> dict:
    """Recall, precision and the misses of the Chinese grammar over a data set."""
    from treatygraph.ingest.rdf import extract_mentions

    cases = json.loads(data.read_text(encoding="utf-8"))
    expected = hit = found_with_target = right = 0
    misses, wrong, extra, spurious = [], [], [], []
    for case in cases:
        text = case["text"]
        _, mentions = extract_mentions(text, registry, case["home"])
        got = [(m.start, m.end, m.text, m.target_uri[len(BASE):] if m.target_uri else None) for m in mentions]
        want = [(surface, target) for surface, target in case["cites"]]
        for surface, target in want:
            expected += 1
            if any(s == surface and t == target for _, _, s, t in got):
                hit += 1
            else:
                misses.append((text, surface, target, [(s, t) for _, _, s, t in got]))
        for a, b, s, t in got:
            if t is None:
                continue
            found_with_target += 1
            if (s, t) in want:
                right += 1
                continue
            over = [(es, et) for es, et in want for x, y in _spans(text, es) if a < y and x < b]
            if over and all(et != t for _, et in over):
                wrong.append((text, s, t, over))
            elif not over:
                extra.append((text, s, t))  # not in the set (an instrument named by its title alone, …)
        for surface in case.get("absent", []):
            for x, y in _spans(text, surface):
                for a, b, s, t in got:
                    if a <= x and y <= b and t is not None and not any(s == es for es, _ in want):
                        spurious.append((text, s, t))
    return {"cases": len(cases), "expected": expected, "recall": hit / expected,
            "precision": right / found_with_target if found_with_target else 1.0,
            "misses": misses, "wrong": wrong, "extra": extra, "spurious": spurious}


@pytest.fixture(scope="module", params=[DATA, HELD_OUT], ids=["set", "held-out"])
def result(registry, request):
    return measure(registry, request.param)


def test_the_set_is_large_enough():
    cases = json.loads(DATA.read_text(encoding="utf-8")) + json.loads(HELD_OUT.read_text(encoding="utf-8"))
    assert len(cases) >= 120 and all(c["text"].strip() for c in cases)
    for c in cases:  # every expected surface is in its sentence
        assert all(s in c["text"] for s, _ in c["cites"]), c


def test_chinese_recall(result):
    assert result["recall"] >= 0.90, "\n".join(map(repr, result["misses"]))


def test_no_wrong_target(result):
    """A found mention that has a target has the right one."""
    assert not result["wrong"], "\n".join(map(repr, result["wrong"]))


def test_no_mention_where_none_is(result):
    """同上, 该决定, meetings as events and other non-citations resolve to nothing."""
    assert not result["spurious"], "\n".join(map(repr, result["spurious"]))


if __name__ == "__main__":
    from treatygraph.config import Settings
    from treatygraph.registry import Registry

    import sys

    # python test_zh_recall.py [held-out] [ROOT]: ROOT's registry (default: this checkout's)
    root = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[2]
    settings = Settings.from_env(root=root)
    r = measure(Registry.load(settings.registry_dir, settings.base),
                HELD_OUT if sys.argv[1:2] == ["held-out"] else DATA)
    for text, surface, target, got in r["misses"]:
        print(f"MISS {surface!r} -> {target}\n     in {text}\n     got {got}")
    for row in r["wrong"]:
        print("WRONG", row)
    for row in r["spurious"]:
        print("SPURIOUS", row)
    for row in r["extra"]:
        print("EXTRA", row)
    print(f"cases {r['cases']}  expected {r['expected']}  recall {r['recall']:.3f}  precision {r['precision']:.3f}  "
          f"wrong {len(r['wrong'])}  spurious {len(r['spurious'])}")
