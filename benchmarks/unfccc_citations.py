"""Citation figures on the UNFCCC folder of the shared corpus (counts, not timings).

    PYTHONPATH=src python3 -m benchmarks.unfccc_citations [FOLDER-GLOB] [TOP]

For every ``../shared/corpus/unfccc/{FOLDER-GLOB}/*.txt`` (default ``*``): the
layout recognised from the text (``decisions`` or ``report``), the acts, the
parts, the citations found, the unresolved share and the most frequent
unresolved forms (digits as ``N``) with their warning and one context.
The home instrument is the first act's (``unfccc`` for a report).
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from treatygraph.config import Settings
from treatygraph.ingest.cite import Lexicon, find_all
from treatygraph.ingest.layouts import segment_as
from treatygraph.ingest.layouts.decisions import looks_like_decisions
from treatygraph.ingest.layouts.report import looks_like_report
from treatygraph.ingest.resolve import resolve
from treatygraph.registry import Registry

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "unfccc"


def measure(pattern: str = "*", top: int = 15) -> dict:
    settings = Settings.from_env()
    reg = Registry.load(settings.registry_dir, settings.base)
    totals: Counter = Counter()
    kinds: Counter = Counter()
    forms: Counter = Counter()
    context: dict = defaultdict(str)
    for path in sorted(CORPUS.glob(f"{pattern}/*.txt")):
        text = path.read_text(encoding="utf-8")
        kind = "decisions" if looks_like_decisions(text) else "report" if looks_like_report(text) else "note"
        seg = segment_as(text, kind)
        acts = [p for p in seg.parts if p.kind == "act"]
        home = acts[0].ref.inst if acts else "unfccc"
        lex = Lexicon(reg, home)
        mentions = resolve(find_all(seg, lex), seg, lex, reg, home)
        totals[f"files ({kind})"] += 1
        totals["acts"] += len(acts)
        totals["parts"] += len(seg.parts)
        totals["citations"] += len(mentions)
        for m in mentions:
            kinds[m.kind] += 1
            if m.target_uri is None:
                totals["unresolved"] += 1
                key = (re.sub(r"\d+", "N", m.text), (m.warnings or [""])[0][:90])
                forms[key] += 1
                context[key] = context[key] or re.sub(r"\s+", " ", text[max(0, m.start - 60):m.end + 30])
    share = totals["unresolved"] / max(1, totals["citations"])
    return {"totals": dict(totals), "share": share, "kinds": dict(kinds),
            "forms": [(n, f, w, context[(f, w)]) for (f, w), n in forms.most_common(top)]}


def main(argv: list[str]) -> None:
    out = measure(argv[0] if argv else "*", int(argv[1]) if len(argv) > 1 else 15)
    print(out["totals"], f"unresolved share {out['share']:.3f}")
    print(out["kinds"])
    for n, form, warning, ctx in out["forms"]:
        print(f"{n:4} {form!r} | {warning} | {ctx[:120]}")


if __name__ == "__main__":
    main(sys.argv[1:])
