"""English recall on unseen-style documents: invented sentences in ``data/en_recall.json``.

Each document of the data file (a UNFCCC compilation, an SB report, CBD, CITES, CMS, Ramsar, Plant
Treaty, Basel and ozone decisions, a General Assembly resolution, treaty texts) is written to a file
and ingested as ``treatygraph extract`` does (kind, symbol and home read from its own text). What is
measured: recall of the expected (surface, target) pairs, and wrong links: a found mention with a
target must overlap an expected surface with that target ("right or unresolved, never wrong").

``python3 tests/ingest/test_en_recall.py`` prints the figures and every miss and wrong link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "en_recall.json"
BASE = "https://w3id.org/treatygraph/"
#: the recall this set reaches (a drop is a regression; raise it when forms are added)
MIN_RECALL = 0.98


@dataclass
class Score:
    expected: int = 0          # expected pairs with a target
    found: int = 0             # of those, found with that target over the expected surface
    exact: int = 0             # of those, with exactly the expected surface
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)


def build_text(doc: dict) -> tuple[str, list[tuple[int, int, dict]]]:
    """The document's text and each case's (start, end, case)."""
    nl = doc["newline"]
    text = nl.join(doc["head"]) + nl
    spans = []
    for k, case in enumerate(doc["cases"]):
        line = doc["paragraph"].format(n=k + doc.get("first", 1), s=case["s"]).replace("\n", nl)
        at = len(text) + line.index(case["s"])
        spans.append((at, at + len(case["s"]), case))
        text += line + nl
    return text, spans


def _relocate(text: str, spans):
    """The cases' spans found again, in order, in the text as read."""
    out, pos = [], 0
    for _, _, case in spans:
        at = text.index(case["s"], pos)
        out.append((at, at + len(case["s"]), case))
        pos = at + len(case["s"])
    return out


def _accepted(target) -> list:
    return target if isinstance(target, list) else [target]


def _locate(sentence: str, expect: list) -> list[tuple[int, int, list]]:
    """Expected surfaces as (start, end, accepted targets) in the sentence, searched in order."""
    out, pos, prev = [], 0, None
    for surface, target in expect:
        if prev is not None:  # the same surface again is the same place (the items inside a range)
            pos = prev[0] if surface == prev[2] else prev[1]
        at = sentence.find(surface, pos)
        assert at >= 0, f"expected surface {surface!r} not in {sentence!r} after {pos}"
        out.append((at, at + len(surface), _accepted(target)))
        prev = (at, at + len(surface), surface)
    return out


def score_document(doc: dict, mentions, text: str, spans, score: Score) -> None:
    for start, end, case in spans:
        sentence = case["s"]
        expected = _locate(sentence, case["expect"])
        got = [(m.start - start, m.end - start, m.text, m.kind,
                m.target_uri[len(BASE):] if m.target_uri else None)
               for m in mentions if start <= m.start < end]
        for a, b, accepted in expected:
            if accepted[0] in (None, "internal"):
                continue
            score.expected += 1
            hits = [g for g in got if g[0] < b and a < g[1] and g[4] in accepted]
            if hits:
                score.found += 1
                score.exact += any(g[0] == a and g[1] == b for g in hits)
            else:
                score.misses.append((doc["id"], sentence[a:b], accepted[0], sentence))
        for s, e, surface, kind, target in got:
            if target is None or kind == "instrument":  # an instrument named by its title is not a citation
                continue
            over = [acc for a, b, acc in expected if s < b and a < e]
            ok = any(target in acc for acc in over) or (kind == "internal" and any("internal" in acc for acc in over))
            if not ok:
                score.wrong.append((doc["id"], surface, kind, target, sentence))
    if doc.get("head_has_no_links"):
        head_end = spans[0][0] if spans else len(text)
        for m in mentions:
            if m.start < head_end and m.target_uri:
                score.wrong.append((doc["id"], m.text, m.kind, m.target_uri[len(BASE):], "(head: contents, titles)"))


def run_all(registry, settings, tmp: Path) -> tuple[Score, dict]:
    from treatygraph.ingest.rdf import ingest_document
    from treatygraph.ingest.source import read_source

    data = json.loads(DATA.read_text(encoding="utf-8"))
    score, kinds = Score(), {}
    for doc in data["documents"]:
        text, spans = build_text(doc)
        path = tmp / (doc["id"] + (".md" if doc["head"][0].startswith("# ") else ".txt"))
        path.write_bytes(text.encode("utf-8"))
        result = ingest_document(path, registry, settings)
        text = read_source(path).text  # offsets are into the decoded text (CRLF read as LF)
        spans = _relocate(text, spans)
        kinds[doc["id"]] = result.metadata.kind if result.metadata else None
        score_document(doc, result.mentions, text, spans, score)
    return score, kinds


@pytest.fixture(scope="module")
def measured(registry, settings, tmp_path_factory):
    return run_all(registry, settings, tmp_path_factory.mktemp("en-recall"))


def test_the_data_file_is_well_formed():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    cases = [c for d in data["documents"] for c in d["cases"]]
    assert len(cases) >= 80
    for c in cases:
        _locate(c["s"], c["expect"])


def test_no_wrong_link(measured):
    score, _ = measured
    assert not score.wrong, "\n".join(map(repr, score.wrong))


def test_recall(measured):
    score, _ = measured
    recall = score.found / score.expected
    assert recall >= MIN_RECALL, f"recall {recall:.3f}; misses:\n" + "\n".join(map(repr, score.misses))


def test_each_document_is_read_as_its_kind(measured):
    _, kinds = measured
    assert kinds["cma5-decisions"] == kinds["cop28-decisions"] == kinds["cmp18-decisions"] == "decisions"
    assert kinds["sbi58-report"] == "report"
    assert kinds["unclos-agreement"] == kinds["cartagena-protocol"] == kinds["kyoto-protocol"] == "treaty"


if __name__ == "__main__":  # the figures, every miss and every wrong link
    import sys
    import tempfile

    from treatygraph.config import Settings
    from treatygraph.registry import Registry

    root = Path(__file__).resolve().parents[2]
    settings = Settings.from_env(root=root)
    reg = Registry.load(settings.registry_dir, settings.base)
    with tempfile.TemporaryDirectory() as tmp:
        sc, kinds = run_all(reg, settings, Path(tmp))
    print("kinds:", kinds)
    for m in sc.misses:
        print("MISS ", m[:3], "|", m[3])
    for w in sc.wrong:
        print("WRONG", w[:4], "|", w[4])
    print(f"expected {sc.expected}  found {sc.found} (recall {sc.found / sc.expected:.3f}, exact surface {sc.exact})  "
          f"wrong {len(sc.wrong)}")
    sys.exit(0)
