"""Do the language versions of one text cite the same things? (issue 14's measure)

For each language version, the resolved targets of its citations are counted;
against the English version, a language's *agreement* is the sum over targets
of the smaller count over the sum of the larger. The same is done article by
article (the article a citation stands in is found from the article headings of
the text, in its language), giving the share of articles whose versions cite
exactly the same targets.

Run ``python -m treatygraph.ingest.cite.agreement [corpus/un]`` to print the
figures for the BBNJ Agreement.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from ... import identifiers as ids
from ...registry import Registry
from .numerals import fold_digits, word_number

LANGS = ("en", "fr", "es", "ru", "ar", "zh")
#: how each language heads an article (at the start of a line, or in Arabic after a sentence's end)
_HEADINGS = {
    "en": r"^Article\s+(?P<n>\d{1,3})\b",
    "fr": r"^Article\s+(?P<n>\d{1,3}|premier)\b",
    "es": r"^Art[íi]culo\s+(?P<n>\d{1,3})\b",
    "ru": r"^Статья\s+(?P<n>\d{1,3})\b",
    "ar": r"(?:^|(?<=[.:؛\n])\s*|(?<=\s))المادة\s+(?P<n>\d{1,3})(?=\s)",
    "zh": r"^第(?P<n>[一二三四五六七八九十百零〇]{1,5}|\d{1,3})条",
}


def text_path(corpus: Path, lang: str, slug: str = "bbnj-agreement-2023") -> Path:
    folder = corpus / (slug if lang == "en" else f"{slug}-{lang}")
    return next(folder.glob("*/text.txt"))


def article_starts(text: str, lang: str) -> list[tuple[int, str]]:
    """``(offset, article number)`` of each article heading, numbers in sequence from 1."""
    from .common import chinese_number

    out: list[tuple[int, str]] = []
    for m in re.finditer(_HEADINGS[lang], fold_digits(text), re.M):
        n = m.group("n")
        n = str(chinese_number(n)) if lang == "zh" and not n.isdigit() else (word_number(n) or n)
        if n == str(len(out) + 1):
            out.append((m.start("n"), n))
    return out


def cited(path: Path, registry: Registry, home: str, lang: str) -> list[tuple[str, str | None]]:
    """``(target path, citing article)`` of every resolved citation of a text."""
    import bisect

    from ..rdf import extract_mentions, read_text

    text = read_text(path)
    _, mentions = extract_mentions(text, registry, home)
    starts = article_starts(text, lang)
    offsets = [s for s, _ in starts]
    out = []
    for m in mentions:
        if not m.target_uri:
            continue
        k = bisect.bisect_right(offsets, m.start) - 1
        out.append((ids.path_of(ids.parse(m.target_uri, registry.base)), starts[k][1] if k >= 0 else None))
    return out


def agreement(a: Counter, b: Counter) -> float:
    """Sum over targets of the smaller count over the sum of the larger (1.0 when both are empty)."""
    keys = set(a) | set(b)
    top = sum(max(a[k], b[k]) for k in keys)
    return sum(min(a[k], b[k]) for k in keys) / top if top else 1.0


def measure(corpus: Path, registry: Registry, home: str = "bbnj", langs=LANGS) -> dict:
    """Per language: its target counts, agreement with English, and the per-article comparison."""
    found = {lang: cited(text_path(corpus, lang), registry, home, lang) for lang in langs}
    totals = {lang: Counter(t for t, _ in found[lang]) for lang in langs}
    by_article = {lang: {} for lang in langs}
    for lang in langs:
        for t, art in found[lang]:
            by_article[lang].setdefault(art, Counter())[t] += 1
    articles = sorted({a for lang in langs for a in by_article[lang]} - {None}, key=int)
    same = [a for a in articles if all(by_article[lang].get(a, Counter()) == by_article["en"].get(a, Counter())
                                       for lang in langs)]
    return {
        "totals": totals,
        "agreement": {lang: agreement(totals["en"], totals[lang]) for lang in langs},
        "articles": articles,
        "same_articles": same,
        "by_article": by_article,
    }


def main(argv: list[str] | None = None) -> int:
    from ...config import Settings

    argv = sys.argv[1:] if argv is None else argv
    corpus = Path(argv[0]) if argv else Path("/work/shared/corpus/un")
    settings = Settings.from_env()
    registry = Registry.load(settings.registry_dir, settings.base)
    r = measure(corpus, registry)
    en = r["totals"]["en"]
    print(f"en: {sum(en.values())} resolved citations, {len(en)} targets")
    for lang in LANGS:
        t = r["totals"][lang]
        print(f"{lang}: agreement {r['agreement'][lang]:.3f} ({sum(t.values())} citations)")
        for k in sorted(set(en) | set(t)):
            if en[k] != t[k]:
                print(f"    {k}: en {en[k]} {lang} {t[k]}")
    print(f"articles citing the same targets in all versions: {len(r['same_articles'])}/{len(r['articles'])}"
          f" = {len(r['same_articles']) / max(1, len(r['articles'])):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
