"""Extraction throughput vs a single plain regular-expression pass over the same text.

Run from the repository root: ``python -m benchmarks.extraction [--repeat N] [--copies K]``.
The text is the source document repeated K times (so that timings are not
dominated by start-up); the baseline is one ``re.finditer`` of a plain
pattern for citation-like tokens over the same text. Prints a table and
writes ``benchmarks/results/extraction.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import time
from pathlib import Path

from treatygraph.config import Settings
from treatygraph.ingest.cite import Lexicon, find_all
from treatygraph.ingest.rdf import extract_mentions, ingest_text
from treatygraph.ingest.metadata import load_metadata
from treatygraph.ingest.resolve import resolve
from treatygraph.ingest.segment import segment
from treatygraph.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "data" / "documents" / "itpgrfa-gb-5-item-13.zh.txt"
BASELINE = re.compile(r"第\s*[\w./()]+\s*(?:条|段|号决议|号文件)|决定\s*[IVXLC\d]+/\d+|[A-Z]{2,}(?:/[\w.\-]+){2,}|"
                      r"(?:Article|decision|Resolution|paragraph)s?\s+[\w./()]+", re.I)


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=4)
    args = ap.parse_args(argv)
    settings = Settings.from_env(root=ROOT)
    registry = Registry.load(settings.registry_dir, settings.base)
    one = DOC.read_text(encoding="utf-8")
    text = ("\n".join([one] * args.copies))
    mb = len(text.encode("utf-8")) / 1e6
    lex = Lexicon(registry, "itpgrfa")
    lex.name_regex, lex.body_regex, lex.scheme_regex  # build the lexicon outside the timings

    stages = {
        "regex baseline (1 pass)": lambda: sum(1 for _ in BASELINE.finditer(text)),
        "segment": lambda: segment(text),
        "segment + grammars": lambda: find_all(segment(text), lex),
        "segment + grammars + resolve": lambda: extract_mentions(text, registry, "itpgrfa"),
    }
    meta = load_metadata(DOC)
    stages["full ingest (graph)"] = lambda: ingest_text(one, meta, registry, settings.base)
    rows = []
    base_t = None
    for name, fn in stages.items():
        t = _best(fn, args.repeat)
        size = len(one.encode("utf-8")) / 1e6 if name.startswith("full") else mb
        rate = size / t
        if base_t is None:
            base_t = rate
        rows.append({"stage": name, "seconds": round(t, 5), "mb": round(size, 4), "mb_per_s": round(rate, 3),
                     "ratio_to_baseline": round(rate / base_t, 5)})
    mentions = len(extract_mentions(one, registry, "itpgrfa")[1])
    print(f"text: {DOC.name} x{args.copies} = {mb:.3f} MB; best of {args.repeat}; {mentions} mentions per copy")
    print(f"{'stage':32} {'s':>9} {'MB/s':>9} {'x baseline':>11}")
    for r in rows:
        print(f"{r['stage']:32} {r['seconds']:9.4f} {r['mb_per_s']:9.3f} {r['ratio_to_baseline']:11.5f}")
    result = {"document": DOC.name, "copies": args.copies, "repeat": args.repeat, "python": platform.python_version(),
              "machine": platform.machine(), "mentions_per_copy": mentions, "stages": rows}
    out = ROOT / "benchmarks" / "results" / "extraction.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
