"""``python -m benchmarks [--quick | --tiny] [--sizes N,N] [--out DIR]``: the whole benchmark, one command."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from .harness import MODES, RESULTS, run
from .report import markdown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="100 k triples, short runs (a few minutes on 2 cores)")
    group.add_argument("--tiny", action="store_true", help="20 k triples, sub-second runs (the smoke test)")
    ap.add_argument("--sizes", help="comma-separated corpus sizes in triples (full mode: 100000,1000000)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="where latest.json and latest.md go")
    args = ap.parse_args(argv)
    mode = MODES["tiny" if args.tiny else "quick" if args.quick else "full"]
    if args.sizes:
        mode = replace(mode, sizes=tuple(int(s) for s in args.sizes.split(",")))
    command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    result = run(mode, args.out, command=command.strip(), log=lambda m: print(m, file=sys.stderr, flush=True))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
