"""``python -m benchmarks.guard_scaling [--sizes 10000,40000,160000,1000000] [--cap 30]``: the query guard's cost per text size.

For each adversarial text family (a unit repeated to the size), times
``check_query`` and ``forms.shape`` (the two checks of a query's text that
the HTTP layer runs before any store) at each size, and prints the time and
the ratio to the smallest size. Linear means the ratio follows the size
ratio (x4, x16, x100); quadratic means its square. A family stops at the
first size whose predicted quadratic time would pass ``--cap`` seconds (so
the script also runs, briefly, on a quadratic guard to give "before" numbers).
"""

from __future__ import annotations

import argparse
import sys
import time

from treatygraph.store import forms
from treatygraph.store.guard import QueryRefused, check_query

#: (unit, prefix, suffix): the unit repeated fills the text between prefix and suffix.
FAMILIES = {
    "issue_a_dot": ("a.", "SELECT * WHERE { ?s ?p ?o FILTER(?o = ", "z) }"),
    "escaped_quotes": ('"\\"', "SELECT * WHERE { ?s ?p ?o } #\n", ""),
    "long_quote_lines": ('"""\n\\', "", ""),
    "unclosed_long_strings": ('"""x"\\', "SELECT * WHERE { ?s ?p ?o } ", ""),
    "comments": ("#x\n", "SELECT * WHERE { ?s ?p ?o }\n", ""),
    "prefixed_dots": ("a:b.", "SELECT * WHERE { ?s ?p ", " }"),
    "less_than": ("<a", "SELECT * WHERE { ?s ?p ?o FILTER(?o ", ") }"),
    "escapes": ("\\u0041", "SELECT * WHERE { ?s ?p '", "' }"),
    "paren_pairs": ("()", "SELECT * WHERE { ?s ?p ?o } ", ""),
    "values_terms": ("<http://example.org/a> ", "SELECT * WHERE { VALUES ?x { ", "} }"),
    "plain_query": ("?s <http://example.org/p> 'x' . ", "SELECT * WHERE { ", "}"),
}


def text_of(family: str, size: int) -> str:
    unit, prefix, suffix = FAMILIES[family]
    return prefix + unit * max(1, (size - len(prefix) - len(suffix)) // len(unit)) + suffix


def timed(fn, text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        fn(text)
        outcome = "accepted"
    except QueryRefused as e:
        outcome = "refused: " + str(e)[:60]
    return time.perf_counter() - start, outcome


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.guard_scaling", description=__doc__)
    ap.add_argument("--sizes", default="10000,40000,160000,1000000")
    ap.add_argument("--cap", type=float, default=30.0, help="skip a size predicted to take longer (s)")
    ap.add_argument("--families", help="comma-separated subset of: " + ", ".join(FAMILIES))
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    families = args.families.split(",") if args.families else list(FAMILIES)
    print(f"{'family':18} {'size':>9} {'check_query':>12} {'ratio':>7} {'shape':>9} {'ratio':>7}  outcome")
    for family in families:
        first: tuple[float, float] | None = None
        previous: tuple[int, float] | None = None
        for size in sizes:
            if previous and previous[1] * (size / previous[0]) ** 2 > args.cap:
                print(f"{family:18} {size:>9} {'skipped':>12}   (predicted past --cap if quadratic)")
                break
            text = text_of(family, size)
            check, outcome = timed(check_query, text)
            shape, _ = timed(forms.shape, text)
            first = first or (max(check, 1e-6), max(shape, 1e-6))
            print(f"{family:18} {size:>9} {check * 1000:>10.1f}ms {check / first[0]:>6.1f}x "
                  f"{shape * 1000:>7.1f}ms {shape / first[1]:>6.1f}x  {outcome}", flush=True)
            previous = (size, max(check, shape))
    return 0


if __name__ == "__main__":
    sys.exit(main())
