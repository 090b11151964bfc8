"""Figures of the treaty and General Assembly layouts on a corpus folder.

``python -m treatygraph.ingest.layouts.figures /work/shared/corpus`` segments
every English treaty text (``treaties/*.md``, ``un/*/*/text.txt`` that
:func:`~.treaty.looks_like_treaty`) and every General Assembly text
(``un/ga-*/*/*/text.txt``), finds and resolves their citations, and prints per
kind: documents, parts (provisions), citations, the unresolved share, and the
unresolved mentions' warnings by class. The instrument of a treaty text is read
from its title; a file whose instrument the registry lacks is counted as skipped.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from ...registry import Registry
from ..cite import Lexicon, find_all
from ..resolve import resolve
from .resolution import segment_resolution
from .treaty import TreatyLayoutError, default_registry, instrument_of, looks_like_treaty, segment_treaty


def corpus_files(root: Path) -> dict[str, list[Path]]:
    """The English treaty texts and General Assembly texts under a corpus folder, by kind."""
    treaties = sorted((root / "treaties").glob("*.md"))
    treaties += [p for p in sorted((root / "un").glob("*/*/text.txt"))
                 if not p.parts[-3].startswith("ga-") and looks_like_treaty(p.read_text(encoding="utf-8"))]
    resolutions = sorted((root / "un").glob("ga-*/*/*/text.txt"))
    return {"treaty": treaties, "resolution": resolutions}


def measure(root: Path, registry: Registry | None = None) -> dict[str, dict]:
    """Per kind: documents, parts, citations, unresolved, warning classes, skipped files."""
    registry = registry or default_registry()
    out: dict[str, dict] = {}
    for kind, files in corpus_files(root).items():
        row = {"documents": 0, "parts": 0, "citations": 0, "unresolved": 0, "classes": Counter(), "skipped": []}
        for path in files:
            text = path.read_text(encoding="utf-8")
            try:
                if kind == "treaty":
                    home = instrument_of(text, registry)
                    seg = segment_treaty(text, home, registry)
                else:
                    home = None
                    seg = segment_resolution(text, registry)
            except TreatyLayoutError as exc:
                row["skipped"].append(f"{path.relative_to(root)}: {exc}")
                continue
            lex = Lexicon(registry, home)
            mentions = resolve(find_all(seg, lex), seg, lex, registry, home, registry.base)
            row["documents"] += 1
            row["parts"] += len(seg.parts)
            row["citations"] += len(mentions)
            for m in mentions:
                if m.target_uri is None:
                    row["unresolved"] += 1
                    why = m.warnings[0] if m.warnings else "no warning"
                    row["classes"][re.sub(r"'[^']*'|\d+", "…", why)[:90]] += 1
        out[kind] = row
    return out


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "/work/shared/corpus")
    for kind, row in measure(root).items():
        share = row["unresolved"] / row["citations"] if row["citations"] else 0.0
        print(f"{kind}: {row['documents']} documents, {row['parts']} parts, {row['citations']} citations, "
              f"{row['unresolved']} unresolved ({share:.1%})")
        for why, n in row["classes"].most_common():
            print(f"    {n:4d}  {why}")
        for s in row["skipped"]:
            print(f"    skipped {s}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
