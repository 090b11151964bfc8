"""Extraction parity and throughput over every document of ``data/`` in one process.

    python -m benchmarks.extract_parity OUT_DIR [--only SUBSTRING ...] [--no-graph]
    diff -r OUT_BEFORE OUT_AFTER

For each document the build ingests (``build.inputs.document_files``: the 87
files under ``data/documents`` and ``data/corpus``), with the registry loaded
once:

* ``extract_mentions`` (segment, grammars, resolve) is timed alone
  (``time.process_time``), then ``ingest_text`` (the same extraction again plus
  the document graph);
* ``OUT_DIR/<n>-<name>.mentions`` gets one line per mention of the ingested
  result (surface, offsets, kind, target, warnings, part URI) and
  ``OUT_DIR/<n>-<name>.nt`` the document graph's N-Triples, sorted, without the
  run's ``prov:startedAtTime`` (the only thing that changes between runs).

A change to the extraction's speed must leave every file identical
(``diff -r``). ``OUT_DIR/timings.json`` holds the per-file CPU seconds, and the
table printed at the end the MB/s (UTF-8 bytes of the decoded text) per
document language. The first file also pays for compiling the registry's
alias patterns. A full garbage collection is made (untimed) before each timing.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from treatygraph.build.inputs import document_files
from treatygraph.config import Settings
from treatygraph.ingest.metadata import load_metadata
from treatygraph.ingest.rdf import extract_mentions, ingest_text
from treatygraph.ingest.source import read_source
from treatygraph.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
_STARTED = "<http://www.w3.org/ns/prov#startedAtTime>"


def _name(i: int, path: Path, root: Path) -> str:
    rel = str(path.relative_to(root))
    return f"{i:03d}-" + re.sub(r"[^A-Za-z0-9.\-]+", "_", rel)[-120:]


def run(out: Path, only: list[str], graph: bool = True) -> dict:
    settings = Settings.from_env(ROOT)
    registry = Registry.load(settings.registry_dir, settings.base)
    out.mkdir(parents=True, exist_ok=True)
    files = document_files(settings)
    rows = []
    for i, path in enumerate(files):
        if only and not any(s in str(path) for s in only):
            continue
        name = _name(i, path, settings.data_dir)
        text = read_source(path).text
        meta = load_metadata(path, None, text=text, registry=registry)
        slug = meta.key or meta.slug
        gc.collect()  # a full collection falls on the file that triggers it: collect before each timing
        t0 = time.process_time()
        extract_mentions(text, registry, meta.home_instrument, settings.base, slug, kind=meta.kind)
        t_extract = time.process_time() - t0
        t_ingest = None
        if graph:
            gc.collect()
            t0 = time.process_time()
            result = ingest_text(text, meta, registry, settings.base, source_name=path.name)
            t_ingest = time.process_time() - t0
            mentions = result.mentions
            nt = result.graph.serialize(format="nt")
            lines = sorted(line for line in nt.splitlines() if line.strip() and _STARTED not in line)
            (out / f"{name}.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            mentions = extract_mentions(text, registry, meta.home_instrument, settings.base, slug,
                                        kind=meta.kind)[1]
        with (out / f"{name}.mentions").open("w", encoding="utf-8") as f:
            for m in mentions:
                f.write(json.dumps([m.text, m.start, m.end, m.kind, m.target_uri, m.warnings, m.part_uri],
                                   ensure_ascii=False) + "\n")
        mb = len(text.encode("utf-8")) / 1e6
        rows.append({"file": name, "language": meta.language, "kind": meta.kind, "mb": mb,
                     "extract_s": t_extract, "ingest_s": t_ingest, "mentions": len(mentions)})
        print(f"{name[:70]:70} {meta.language:3} {mb:7.3f} MB  extract {t_extract:6.2f} s"
              + (f"  ingest {t_ingest:6.2f} s" if t_ingest is not None else ""), file=sys.stderr)
    (out / "timings.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return summarise(rows)


def summarise(rows: list[dict]) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["language"]].append(r)
    groups["all"] = rows
    table = {}
    print("| language | files | MB | extract CPU s | MB/s | ingest CPU s | MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for lang, rs in sorted(groups.items()):
        mb = sum(r["mb"] for r in rs)
        ex = sum(r["extract_s"] for r in rs)
        ing = sum(r["ingest_s"] or 0 for r in rs)
        table[lang] = {"files": len(rs), "mb": mb, "extract_s": ex, "ingest_s": ing}
        print(f"| {lang} | {len(rs)} | {mb:.2f} | {ex:.1f} | {mb / ex if ex else 0:.2f} | {ing:.1f} | "
              f"{mb / ing if ing else 0:.2f} |")
    return table


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--only", nargs="*", default=[], help="only files whose path holds one of these")
    ap.add_argument("--no-graph", action="store_true", help="mentions only (no document graph)")
    a = ap.parse_args(argv)
    run(a.out, a.only, graph=not a.no_graph)


if __name__ == "__main__":
    main()
