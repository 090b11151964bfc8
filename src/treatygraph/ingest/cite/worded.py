"""The grammar of languages that write a citation as words around numbers (fr, es, ru, ar).

A language module (``fr.py``, ``es.py``, ``ru.py``, ``ar.py``) gives only its
words (a :class:`Words`); instrument names and short names come from the
registry, as for every grammar. The forms read:

- a *chain* of provision units in either order, smaller unit first and linked
  by the language's "of" (``l’alinéa c) du paragraphe 5 de l’article 30``,
  ``пункт 2 статьи 14``, ``الفقرة 2 من المادة 14``) or larger first with commas
  (``artículo 287, párrafos 6 a 8,``); one unit may be a list or a range
  (``paragraphes 1 et 2``, ``párrafos 6 a 8``, ``пункты 6–8``, ``الفقرات 6 إلى 8``);
- what the chain belongs to, after it: this instrument (``du présent Accord``),
  a full name, a short name (``de la Convention``; the document's own
  definition decides, see :mod:`.definitions`), "above"/"of this article"
  (a reference within the article: internal);
  a bare article in a treaty text is the treaty's own when the text has it;
- parts and annexes (``partie XV``, ``Anexo VII de la Convención``,
  ``Приложение VII к Конвенции``, ``المرفق السابع من الاتفاقية``);
- decisions and resolutions with their numbers and lists (``décision 1/CP.21``,
  ``resolución 72/249 de la Asamblea General``), document symbols.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ...registry import normalise_alias
from .common import ACT_NUMBER, SYMBOL, Found, Lexicon, Name, Raw, alias_pattern, find_names, url_spans
from .numerals import fold_digits, point_letter, subpoint_number, word_number
from .scan import finditer as scan


@dataclass(frozen=True)
class Words:
    """The words of one language's citations (regular expressions, matched ignoring case)."""

    lang: str
    article: str
    paragraph: str
    point: str
    part: str
    annex: str
    #: between a smaller unit and the larger one it is part of ("du", "de l’", "del", "من"; "" in Russian)
    link: str
    #: before what a provision belongs to ("de la", "del", "من", "к"; "" in Russian)
    owner: str
    list_sep: str
    range_sep: str
    this_instrument: str
    this_article: str
    above: str
    decision: str
    resolution: str
    #: an article number written as a word ("premier", an Arabic ordinal)
    number_word: str = r"(?!x)x"
    #: a point written after a paragraph number or the point word ("c)", "(c)", "(ج)", "с")
    point_form: str = r"\(?[a-z]\)"
    #: a Roman number or an ordinal word of a part or annex
    part_number: str = r"[IVXLC]{1,6}(?![\w])"
    #: articles before a name ("la", "el", "l’"): skipped when looking for the full name after "of"
    name_article: str = r"(?!x)x"
    #: names of the language may be inflected: a registry name matches with other endings
    inflected: bool = False
    #: how the text heads its articles, parts and annexes (group ``n``); headings are no citations.
    #: Anchored at line starts where the language's texts print headings alone on a line.
    heading: str = r"(?!x)x"
    #: a pronoun standing for the instrument named before ("celle-ci"): the resolver takes the one the
    #: sentence names
    anaphor: str = r"(?!x)x"
    #: the text breaks words across lines with a hyphen and a space ("ста- тьей"): read them joined
    joins_hyphenated: bool = False
    #: "the said article" after a paragraph: the article cited last before it in the sentence
    said_article: str = r"(?!x)x"
    #: a sub-point written after a point (``b) i)``, ``4 b) i)``, Arabic ``(ب) '1'``): a step below the point,
    #: read as a lower-case Roman number
    subpoint_form: str = r"(?!x)x"
    #: what stands between a unit's word and its number (the OCR'd Arabic also writes ``المادة48``)
    unit_gap: str = r"\s+"
    #: a section of a part, before it with a linking word (``section 2 de la partie XV``, ``разделе 2 части XV``,
    #: ``الفرع 2 من الجزء``) or after it with a comma (``Parte XV, sección 2,``)
    section: str = r"(?!x)x"
    #: the nouns of an instrument's title (``Convention``, ``Acuerdo``, ``Конвенци``): a registry title holding
    #: one, that no citation holds, cites the instrument (as in English)
    title_noun: str = r"(?!x)x"
    #: what may stand between a citation and a title that qualifies it (the title is then no citation);
    #: ``None``: an optional owner or linking word and the name's article (``du Protocole … à la Convention``)
    title_qualifies: str | None = None


_ROMAN_OK = re.compile(r"[IVXLC]+")


@lru_cache(maxsize=16)
def _compiled(w: Words) -> dict[str, re.Pattern]:
    """The compiled patterns of a language (built once per :class:`Words`)."""
    art_num = r"\d{1,3}(?:\s?(?:bis|ter))?(?![\d/.]\d)|" + w.number_word
    point = r"(?:" + w.point_form + r")(?:\s*(?:" + w.subpoint_form + r"))?"
    point_after = r"(?:\s*" + point + r")?"
    para_num = r"\d{1,2}(?![\d/])" + point_after
    sep = r"(?:" + w.list_sep + r"|" + w.range_sep + r")"
    unit = (
        r"(?P<word>(?P<art>" + w.article + r")|(?P<para>" + w.paragraph + r")|(?P<pt>" + w.point + r"))"
        r"(?:" + w.unit_gap + r")(?P<nums>"
        r"(?(art)(?:" + art_num + r")(?:" + sep + r"(?:" + art_num + r"))*"
        r"|(?(para)(?:" + para_num + r")(?:" + sep + r"(?:" + para_num + r"))*"
        r"|" + point + r"(?:" + sep + point + r")*)))"
    )
    flags = re.IGNORECASE
    return {
        "unit": re.compile(r"(?<![\w])" + unit, flags),
        "link": re.compile(r"\s*,?\s*(?:" + w.link + r")\s*", flags),
        "comma": re.compile(r"\s*,\s*"),
        "owner": re.compile(r"\s*,?\s*(?:(?:" + w.owner + r")(?![\w])\s*)?", flags),
        "this_instrument": re.compile(w.this_instrument, flags),
        "this_article": re.compile(w.this_article, flags),
        "anaphor": re.compile(r"(?:" + w.anaphor + r")(?![\w])", flags),
        "said_article": re.compile(r"\s*,?\s*(?:" + w.said_article + r")(?![\w])", flags),
        "above": re.compile(r"\s*,?\s*(?:" + w.above + r")(?![\w])", flags),
        "item": re.compile(r"(?P<sep>" + sep + r")?(?P<n>" + para_num + r"|" + art_num + r"|" + point + r")",
                           flags),
        "range": re.compile(r"(?:" + w.range_sep + r")", flags),
        "part": re.compile(r"(?<![\w])(?P<word>(?P<p>" + w.part + r")|(?P<a>" + w.annex + r"))\s+(?P<n>"
                           + w.part_number + r")(?P<more>(?:(?:" + w.list_sep + r")(?-i:" + w.part_number + r"))*)", flags),
        # a later item of a list is written as the first is: not "c" of "l’annexe I, c’est-à-dire"
        "part_item": re.compile(r"(?:" + w.list_sep + r")(?P<n>(?-i:" + w.part_number + r"))", flags),
        "part_join": re.compile(r"(?:" + w.list_sep + r")\s*(?:(?:" + w.link + r"|" + w.name_article + r")\s*)?", flags),
        # "and" written as the next word's prefix (Arabic "والمرفقات"): tried on " " + the word's first letters
        "and": re.compile(r"(?:" + w.list_sep + r")", flags),
        "section_before": re.compile(r"(?<![\w])(?:" + w.section + r")\s+(?P<sn>\d{1,2})(?![\d/])\s*,?\s*(?:" + w.link
                                     + r")\s*$", flags),
        "section_after": re.compile(r"\s*,\s*(?:" + w.section + r")\s+(?P<sn>\d{1,2})(?!\d)", flags),
        "act": re.compile(r"(?<![\w])(?P<type>(?P<d>" + w.decision + r")|(?P<r>" + w.resolution + r"))\s+"
                          r"(?P<num>" + ACT_NUMBER + r")(?P<more>(?:(?:" + sep + r")" + ACT_NUMBER + r")*)", flags),
        "act_item": re.compile(r"(?P<sep>" + sep + r")(?P<n>" + ACT_NUMBER + r")", flags),
        "name_article": re.compile(r"(?:" + w.name_article + r")\s*", flags),
        "title_noun": re.compile(w.title_noun, flags),
        "title_qualifies": re.compile(w.title_qualifies if w.title_qualifies is not None else
                                      r"\s*,?\s*(?:(?:" + w.owner + r"|" + w.link + r")(?![\w])\s*)?(?:(?:"
                                      + w.name_article + r")\s*)?$", flags),
    }


# ---------------------------------------------------------------- names

_CYR_WORD = re.compile(r"[\u0400-\u04ff]{4,}")


def _inflected_pattern(alias: str) -> str:
    """A registry name whose Cyrillic words may take other case endings."""
    out = []
    for word in alias.split(" "):
        if _CYR_WORD.fullmatch(word):
            stem = re.sub(r"[аяеёиыйоуюьъ]{1,2}$", "", word)
            out.append(re.escape(stem) + r"[\u0400-\u04ff]{0,3}")
        else:
            out.append(re.escape(word))
    return r"(?<![\w])" + r"\s+".join(out) + r"(?![\w])"


@lru_cache(maxsize=16)
def full_names(lex: Lexicon, inflected: bool) -> re.Pattern | None:
    """The registry's instrument names (no short names), longest first; inflectable when asked."""
    keys = sorted(lex.instruments, key=len, reverse=True)
    if not keys:
        return None
    pats = [_inflected_pattern(k) if inflected and _CYR_WORD.search(k) else alias_pattern(k) for k in keys]
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)


@lru_cache(maxsize=16)
def _short_keys(lex: Lexicon, w: Words) -> re.Pattern | None:
    keys = sorted(lex.short_names, key=len, reverse=True)
    if not keys:
        return None
    pats = [_inflected_pattern(k) if w.inflected and _CYR_WORD.search(k) else alias_pattern(k) for k in keys]
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)


def name_at(text: str, pos: int, lex: Lexicon, w: Words) -> tuple[dict, int] | None:
    """The instrument named at ``pos`` (a full name, else a short name): (Raw fields, end)."""
    rx = _compiled(w)
    skip = rx["name_article"].match(text, pos)
    starts = [pos] + ([skip.end()] if skip and skip.end() > pos else [])
    full = full_names(lex, w.inflected)
    for at in reversed(starts):
        m = full.match(text, at) if full is not None else None
        if m:
            inst = _instrument_of(m.group(), lex, w)
            if inst:
                return {"inst": inst}, m.end()
    shorts = _short_keys(lex, w)
    for at in starts:
        m = shorts.match(text, at) if shorts is not None else None
        if m:
            return {"short": _short_of(m.group(), lex, w)}, m.end()
    return None


def _instrument_of(surface: str, lex: Lexicon, w: Words) -> str | None:
    key = normalise_alias(surface)
    if key in lex.instruments:
        return lex.instruments[key]
    if w.inflected:
        for k, code in lex.instruments.items():
            if re.fullmatch(_inflected_pattern(k), surface, re.IGNORECASE):
                return code
    return None


def _short_of(surface: str, lex: Lexicon, w: Words) -> str:
    key = normalise_alias(surface)
    if key in lex.short_names or not w.inflected:
        return key
    for k in lex.short_names:
        if re.fullmatch(_inflected_pattern(k), surface, re.IGNORECASE):
            return k
    return key


def language_names(text: str, lex: Lexicon, w: Words, whole: str | None = None, offset: int = 0) -> list[Name]:
    """The registry names in ``text`` (inflected forms too, for an inflecting language).

    A short name that opens a full one after its article ("la Convention" of "la Convention des Nations Unies
    sur le droit de la mer") is the full one. ``whole``/``offset``: ``text`` is a part cut out of ``whole``,
    whose patterns' places are looked up once (see :func:`.scan.finditer`)."""
    names = find_names(text, lex, whole, offset)
    full, skip_article = full_names(lex, w.inflected), _compiled(w)["name_article"]
    for k, n in enumerate(names):
        skip = skip_article.match(text, n.start) if n.short and full is not None else None
        m = full.match(text, skip.end()) if skip and skip.end() > n.start else None
        inst = _instrument_of(m.group(), lex, w) if m and m.end() > n.end else None
        if inst:
            names[k] = Name(m.start(), m.end(), inst=inst)
    if w.inflected:
        seen = {(n.start, n.end) for n in names}
        full = full_names(lex, True)
        for rx, kind in ((full, "inst"), (_short_keys(lex, w), "short")):
            if rx is None:
                continue
            for m in scan(rx, text, whole=whole, offset=offset):
                if (m.start(), m.end()) in seen:
                    continue
                if kind == "inst":
                    inst = _instrument_of(m.group(), lex, w)
                    if inst:
                        names.append(Name(m.start(), m.end(), inst=inst))
                else:
                    names.append(Name(m.start(), m.end(), short=_short_of(m.group(), lex, w)))
        names.sort(key=lambda n: (n.start, -(n.end - n.start)))
    return names


# ---------------------------------------------------------------- own provisions


@lru_cache(maxsize=16)
def headings(text: str, w: Words) -> tuple[frozenset[int], frozenset[str], frozenset[tuple[str, str]], tuple]:
    """Where the text heads its articles, parts and annexes, read in sequence (article 1, 2, 3 …;
    part I, II …): ``(offsets of the headings' numbers, article numbers, (kind, number) of parts and annexes,
    ((offset, number) of each article heading))``.

    Fewer than three articles in sequence: not a treaty text (nothing is a heading)."""
    from ... import identifiers as ids

    rx = re.compile(w.heading, re.IGNORECASE | re.MULTILINE)
    offsets: set[int] = set()
    arts: list[str] = []
    art_at: list[tuple[int, str]] = []
    parts: dict[str, int] = {"part": 0, "annex": 0}
    own_parts: set[tuple[str, str]] = set()
    for m in rx.finditer(fold_digits(text)):
        kind = "article" if m.group("a") else "part" if m.group("p") else "annex"
        n = m.group("n").strip()
        if kind == "article":
            n = word_number(n) or n
            last = int(arts[-1]) if arts else 0
            # one heading the extraction damaged ("يُنشأ المادة 47") may be skipped: its article is still the text's
            if n.isdigit() and last < int(n) <= last + 2 and (int(n) == last + 1 or last >= 3):
                for k in range(last + 1, int(n)):
                    arts.append(str(k))
                    lost = _lost_heading(text, w, art_at[-1][0] if art_at else 0, m.start(), str(k))
                    if lost is not None:  # the damaged heading itself ("يُنشأ المادة 47"): no citation
                        art_at.append((lost, str(k)))
                        offsets.add(lost)
                arts.append(n)
                art_at.append((m.start(), n))
                offsets.add(m.start("n"))
            continue
        k = ids.from_roman(n) if _ROMAN_OK.fullmatch(n) else int(word_number(n) or 0)
        if k == parts[kind] + 1:
            parts[kind] = k
            own_parts.add((kind, ids.to_roman(k)))
            offsets.add(m.start("n"))
    if len(arts) < 3:
        return frozenset(), frozenset(), frozenset(), ()
    return frozenset(offsets), frozenset(arts), frozenset(own_parts), tuple(art_at)


def _lost_heading(text: str, w: Words, a: int, b: int, n: str) -> int | None:
    """Where article ``n``'s damaged heading stands between two headings: the offset of its number when
    the article word and ``n`` occur there exactly once, else None."""
    rx = re.compile(r"(?<![\w])(?:" + w.article + r")(?:" + w.unit_gap + r")(?P<n>" + n + r")(?![\d/])", re.IGNORECASE)
    found = [m.start("n") for m in rx.finditer(fold_digits(text), a + 1, b)]
    return found[0] if len(found) == 1 else None


def article_at(text: str, w: Words, pos: int) -> str | None:
    """The article of a treaty text that ``pos`` stands in (from its headings), if any."""
    at = headings(text, w)[3]
    k = bisect.bisect_right([a for a, _ in at], pos) - 1
    return at[k][1] if k >= 0 else None


def own_articles(text: str, w: Words) -> frozenset[str]:
    """The article numbers a treaty text heads (empty: not a treaty text)."""
    return headings(text, w)[1]


# ---------------------------------------------------------------- the grammar


def _items(m: re.Match, w: Words) -> list[tuple[str, str | None, int, int]]:
    """The numbers of a unit's list: (number, separator, start, end), offsets into the unit's ``nums``.

    Read in the whole text, so that a point's lookahead sees what follows the unit."""
    rx = _compiled(w)["item"]
    text, base, end = m.string, m.start("nums"), m.end("nums")
    out, pos = [], base
    while pos < end:
        im = rx.match(text, pos)
        if im is None or im.end("n") > end or (not out and im.group("sep")):
            break
        out.append((im.group("n"), im.group("sep"), im.start("n") - base, im.end("n") - base))
        pos = im.end()
    return out or [(m.group("nums").strip(), None, 0, len(m.group("nums")))]


def _split(num: str, w: Words) -> tuple[str, str | None]:
    """``'5 c)' -> ('5', 'c')``, ``'4 b) i)' -> ('4', 'b.i')`` (a sub-point after the point);
    an article word number -> its digits."""
    m = re.match(r"(\d{1,3}(?:\s?(?:bis|ter))?)\s*(.*)$", num.strip(), re.S)
    if m and m.group(1)[0].isdigit():
        base = re.sub(r"\s+", "", m.group(1))
        return base, (".".join(_point_steps(m.group(2), w)) or None if m.group(2).strip() else None)
    return (word_number(num) or num.strip()), None


def _point_steps(written: str, w: Words) -> tuple[str, ...]:
    """A point as written, with its sub-point: ``'c)' -> ('c',)``, ``'b) i)' -> ('b', 'i')``."""
    sub = re.search(r"\s*(?:" + w.subpoint_form + r")\s*$", written, re.IGNORECASE)
    if sub and sub.start() > 0:
        head, tail = point_letter(written[:sub.start()]), subpoint_number(sub.group())
        if head and tail:
            return head, tail
    p = point_letter(written)
    return (p,) if p else ()


def _dots(path: str | None) -> tuple[str, ...]:
    """``'b.i' -> ('b', 'i')``; nothing -> ()."""
    return tuple(path.split(".")) if path else ()


def extract(words: Words, text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]`` (offsets into ``text``)."""
    hi = len(text) if hi is None else hi
    w = words
    folded = _join_hyphenated(fold_digits(text), _joinable(w, lex)) if w.joins_hyphenated else fold_digits(text)
    chunk = folded[lo:hi]
    names = language_names(chunk, lex, w, folded, lo)
    for n in names:
        n.start += lo
        n.end += lo
    raws: list[Raw] = []
    taken: list[tuple[int, int]] = [(a + lo, b + lo) for a, b in url_spans(chunk)]

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(r: Raw) -> Raw:
        raws.append(r)
        taken.append((r.start, r.end))
        return r

    for m in _SYMBOL.finditer(folded, lo, hi):  # the symbol's look-behind still sees the text before lo
        if free(m.start(), m.end()):
            add(Raw(m.start(), m.end(), "document", symbol=m.group()))
    _acts(folded, lo, hi, lex, w, add, free)
    _chains(folded, lo, hi, lex, w, add, free, raws)
    _parts(folded, lo, hi, lex, w, add, free)
    _titles(folded, lo, hi, names, lex, w, raws, add, free)  # last: a title no citation holds
    raws.sort(key=lambda r: (r.start, r.end))
    return Found(raws, names)


_SYMBOL = re.compile(SYMBOL)
_BROKEN = re.compile(r"(?<=[^\W\d_])-[ \t]+(?P<rest>[^\W\d_A-ZА-ЯЁ]+)")


#: a word broken with a hyphen and no space ("ста-тье 27", "Кон-венции"): the hyphen and the word's two halves
_BROKEN_TIGHT = re.compile(r"(?<![^\W\d_])(?P<a>[^\W\d_]+)-(?P<b>[^\W\d_A-ZА-ЯЁ]+)")


@lru_cache(maxsize=8)
def _keyword_regex(w: "Words") -> re.Pattern:
    """The words a citation is built of (unit nouns, "this …", acts): a hyphen inside one is a line break's."""
    words = [w.article, w.paragraph, w.point, w.part, w.annex, w.decision, w.resolution]
    inst = re.search(r"\(\?:([^)]*)\)", w.this_instrument)
    if inst:
        words.append(r"(?:" + inst.group(1) + r")\w*")
    return re.compile(r"(?i:" + "|".join(f"(?:{x})" for x in words if x) + r")")


@lru_cache(maxsize=8)
def _joinable(w: "Words", lex: Lexicon) -> re.Pattern:
    """The words a hyphen with no space may break at a line's end: citation words and the words of the
    registry's inflected names (``Объ-единенных`` in a title)."""
    words = {m.group() for k in lex.instruments for m in _CYR_WORD.finditer(k)} if w.inflected else set()
    stems = sorted({re.escape(re.sub(r"[аяеёиыйоуюьъ]{1,2}$", "", x)) for x in words}, key=len, reverse=True)
    names = r"|(?:" + "|".join(stems) + r")[\u0400-\u04ff]{0,3}" if stems else ""
    return re.compile(r"(?i:" + _keyword_regex(w).pattern[4:-1] + names + r")")


@lru_cache(maxsize=8)
def _join_hyphenated(text: str, keywords: re.Pattern | None = None) -> str:
    """``'ста- тьей 14'`` read as ``'статьей   14'``: the word joined, the spaces moved after it (same length,
    so that offsets after the word do not move). With no space (``'ста-тье 27'``) a word is joined only when
    the whole is a citation's word (``keywords``): other hyphens join compounds."""
    text = _BROKEN.sub(lambda m: m.group("rest") + " " * (len(m.group()) - len(m.group("rest"))), text)
    if keywords is None:
        return text

    def tight(m: re.Match) -> str:
        whole = m.group("a") + m.group("b")
        return whole + " " if keywords.fullmatch(whole) else m.group()

    return _BROKEN_TIGHT.sub(tight, text)


def _owner(text: str, pos: int, hi: int, lex: Lexicon, w: Words, unit: str) -> tuple[dict | None, int, str]:
    """What follows a chain: ``(fields, end, how)``; ``how`` is ``inst``, ``internal``, ``anaphor`` or ``none``."""
    rx = _compiled(w)
    above = rx["above"].match(text, pos)
    if above and above.end() <= hi:
        return None, above.end(), "internal"
    o = rx["owner"].match(text, pos)
    if o is None:
        return None, pos, "none"
    at = o.end()
    m = rx["this_article"].match(text, at)
    if m and unit != "article":
        return None, m.end(), "internal"
    m = rx["this_instrument"].match(text, at)
    if m:
        if lex.home:
            return {"inst": lex.home}, m.end(), "inst"
        return {"incomplete": f"{m.group()!r} in a document of no known instrument"}, m.end(), "inst"
    m = rx["anaphor"].match(text, at)
    if m:
        return {}, m.end(), "anaphor"
    found = name_at(text, at, lex, w)
    if found and found[1] <= hi:
        return found[0], found[1], "inst"
    return None, pos, "none"


def _chains(text, lo, hi, lex, w: Words, add, free, raws) -> None:
    rx = _compiled(w)
    units = [m for m in rx["unit"].finditer(text, lo, hi)]
    i = 0
    while i < len(units):
        chain = [units[i]]
        j = i
        while j + 1 < len(units):
            gap = text[chain[-1].end():units[j + 1].start()]
            if any(_kind(m) == _kind(units[j + 1]) for m in chain):
                break  # a second article or paragraph starts a chain of its own ("… من المادة 2 والفقرة 3 …")
            if rx["link"].fullmatch(gap) or rx["comma"].fullmatch(gap) or not gap.strip(" \t"):
                chain.append(units[j + 1])
                j += 1
            else:
                break
        i = j + 1
        _chain(text, chain, lo, hi, lex, w, add, free, raws)


def _kind(m: re.Match) -> str:
    return "article" if m.group("art") else "paragraph" if m.group("para") else "point"


def _chain(text, chain: list[re.Match], lo, hi, lex, w: Words, add, free, raws) -> None:
    by_kind: dict[str, re.Match] = {}
    for m in chain:
        by_kind.setdefault(_kind(m), m)
    start, end = chain[0].start(), chain[-1].end()
    if not free(start, end) or chain[0].start("nums") in headings(text, w)[0]:
        return
    top = "article" if "article" in by_kind else "paragraph" if "paragraph" in by_kind else "point"
    fields, owner_end, how = _owner(text, end, hi, lex, w, top)
    art = by_kind.get("article")
    para = by_kind.get("paragraph")
    pt = by_kind.get("point")

    def first_of(m):
        return _items(m, w)[0][0] if m is not None else None

    listed = next((m for m in chain if len(_items(m, w)) > 1), None)
    said = _compiled(w)["said_article"].match(text, end) if art is None and para is not None else None
    if said:
        # "au paragraphe 2 dudit article": a paragraph of the article cited last before it in the sentence
        sentence = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start))
        before = [r for r in raws if r.kind == "article" and sentence < r.start < start]
        if before:
            prior = before[-1]
            p, ppt = _split(first_of(para), w)
            steps = (prior.steps[0], p) + (_point_steps(first_of(pt), w) if pt is not None else _dots(ppt))
            fields = {k: getattr(prior, k) for k in ("inst", "short", "incomplete") if getattr(prior, k)}
            add(Raw(start, said.end(), "article", steps=steps, **fields))
            return
    if art is None:
        if top == "point" or how == "inst" and fields and fields.get("inst") is None and fields.get("short") is None:
            return
        if how == "inst":
            return  # a paragraph of something this grammar does not number (a decision, a document)
        # "paragraphe 5 ci-dessus", "пункт 2 настоящей статьи", a bare "الفقرة 3": within the article
        # the article it stands in, from the text's headings: the resolver's fallback where the
        # segmentation does not know the article
        within = article_at(text, w, start)
        base, bpt = _split(first_of(para), w)
        ppt = ".".join(_point_steps(first_of(pt), w)) or None if pt is not None else bpt
        para_path = base + (f".{ppt}" if ppt else "")
        first = add(Raw(start, para.end() if listed is para else end, "paragraph", para=para_path, internal=True,
                        steps=(within,) + tuple(para_path.split(".")) if within else ()))

        def para_fields(n: str) -> dict:
            b, bp = _split(n, w)
            path = b + (f".{bp}" if bp else "")
            return {"para": path, "internal": True, "steps": (within,) + tuple(path.split(".")) if within else ()}

        if listed is para:
            _list_items(text, para, w, first, add, para_fields, kind="paragraph")
        return
    art_no, art_pt = _split(first_of(art), w)
    steps: tuple[str, ...] = (art_no,)
    if para is not None:
        p, ppt = _split(first_of(para), w)
        steps += (p,) + _dots(ppt)
    elif art_pt:
        steps += _dots(art_pt)
    if pt is not None:
        steps += _point_steps(first_of(pt), w) or (first_of(pt),)
    if how == "internal":
        return  # "article 5 ci-dessus" is rare and ambiguous: left alone
    if how == "anaphor":
        how, fields = "inst", {}  # unqualified: the instrument its sentence names
    if how == "none":  # a bare article: the treaty text's own when it heads one, else left to the resolver
        if lex.home and own_articles(text, w):
            fields = ({"inst": lex.home} if art_no in own_articles(text, w) else
                      {"incomplete": f"article {art_no} names no article of this text ({lex.home}); its owner is not said"})
        else:
            fields = {}
    # the first item's surface: to its owner, or to the first number of the list (later items quote their own)
    if listed is not None:
        first_end = listed.start("nums") + _items(listed, w)[0][3]
    else:
        first_end = owner_end if how == "inst" else end
    first = add(Raw(start, first_end, "article", steps=steps, **(fields or {})))
    if listed is not None:
        unit = _kind(listed)
        k = {"article": 0, "paragraph": 1,
             "point": len(steps) - len(_point_steps(_items(listed, w)[0][0], w) or (1,))}[unit]

        def item_fields(n: str) -> dict:
            if unit == "article":
                a, apt = _split(n, w)
                s = (a,) + steps[1:]
                f = dict(fields or {})
                if how == "none" and lex.home and own_articles(text, w):
                    f = {"inst": lex.home} if a in own_articles(text, w) else {
                        "incomplete": f"article {a} names no article of this text"}
                return {"steps": s, **f}
            if unit == "point":
                s = steps[:k] + (_point_steps(n, w) or (n,))
            else:
                s = steps[:k] + (_split(n, w)[0],) + _dots(_split(n, w)[1])
            return {"steps": s, **(fields or {})}

        _list_items(text, listed, w, first, add, item_fields, kind="article")


def _list_items(text, m: re.Match, w: Words, first: Raw, add, fields_of, kind: str) -> None:
    """The later items of a unit's list (a range adds the numbers between its ends)."""
    items = _items(m, w)
    base = m.start("nums")
    prev = items[0][0]
    for n, sep, a, b in items[1:]:
        if sep and _compiled(w)["range"].fullmatch(sep) is not None:
            pa, na = _split(prev, w)[0], _split(n, w)[0]
            if pa.isdigit() and na.isdigit() and 0 < int(na) - int(pa) <= 30:
                for k in range(int(pa) + 1, int(na)):
                    sep_at = base + a - len(sep) + (len(sep) - len(sep.lstrip()))
                    add(Raw(sep_at, base + b, kind, parent=first, **fields_of(str(k))))
        add(Raw(base + a, base + b, kind, parent=first, **fields_of(n)))
        prev = n


def _part_number(n: str) -> str | None:
    """A part's or annex's number as written -> its Roman number (None: not a number)."""
    from ... import identifiers as ids

    n = n.strip()
    if _ROMAN_OK.fullmatch(n):
        return n
    k = word_number(n)
    return ids.to_roman(int(k)) if k is not None else None


def _parts(text, lo, hi, lex, w: Words, add, free) -> None:
    """Parts and annexes, their lists (``annexes V, VI, VII et VIII``), a part's section (``section 2 de la
    partie XV``, ``Parte XV, sección 2,``) and several joined before one owner (``la partie XV et des annexes V
    et VI de la Convention``)."""
    rx = _compiled(w)
    heads = headings(text, w)[0]
    found = []  # (start, kind, [(steps, start, end)], end)
    for m in rx["part"].finditer(text, lo, hi):
        if m.start("n") in heads:
            continue
        kind = "part" if m.group("p") else "annex"
        first = _part_number(m.group("n"))
        if first is None:
            continue
        start, end = m.start(), m.end("n")
        items = [(((kind, first),), m.start("n"), m.end("n"))]
        for im in rx["part_item"].finditer(text, m.start("more"), m.end("more")):
            n = _part_number(im.group("n"))
            if n is not None:
                items.append((((kind, n),), im.start("n"), im.end("n")))
        end = items[-1][2]
        if kind == "part" and len(items) == 1:
            before = rx["section_before"].search(text, max(lo, start - 40), start)
            after = rx["section_after"].match(text, end)
            sec = before or after
            if sec:
                items = [(((kind, first), ("section", sec.group("sn"))), items[0][1], items[0][2])]
                start, end = min(start, sec.start()), max(end, sec.end() if after else end)
        found.append((start, kind, items, end))
    def joined(end: int, nxt: int) -> bool:
        """"and" between two of them ("et des", "y de los"), or written as the next word's prefix (Arabic
        "الجزء الخامس عشر والمرفقات")."""
        return bool(rx["part_join"].fullmatch(text, end, nxt) or not text[end:nxt].strip()
                    and rx["and"].match(" " + text[nxt:nxt + 2]))

    i = 0
    while i < len(found):
        group = [found[i]]
        # joined while no owner follows: they share the last one's owner
        while (i + 1 < len(found) and _owner(text, group[-1][3], hi, lex, w, group[-1][1])[2] == "none"
               and joined(group[-1][3], found[i + 1][0])):
            i += 1
            group.append(found[i])
        i += 1
        fields, owner_end, how = _owner(text, group[-1][3], hi, lex, w, group[-1][1])
        if how == "internal":
            continue
        if how == "inst" and len(group) == 1 and len(group[0][2]) == 1:
            start, kind, items, _ = group[0]
            if free(start, owner_end):
                add(Raw(start, owner_end, "instrument-part", part_steps=items[0][0], **(fields or {})))
            continue
        if how == "none" and not (lex.home and own_articles(text, w)):
            continue
        first: Raw | None = None
        for start, kind, items, _ in group:
            for k, (steps, a, b) in enumerate(items):
                f = fields or {}
                if how == "none":
                    f = {"inst": lex.home} if steps[0] in headings(text, w)[2] else {
                        "incomplete": f"{text[start:b]!r} names no part of this text ({lex.home}); its owner is not said"}
                a = start if k == 0 else a
                if not free(a, b):
                    continue
                r = add(Raw(a, b, "instrument-part", part_steps=steps, parent=first, **f))
                first = first or r


def _titles(text, lo, hi, names, lex, w: Words, raws, add, free) -> None:
    """A registry title (a full name holding one of the language's title nouns, not the text's own) that no
    citation holds or is qualified by: a citation of the instrument, read as in English."""
    from . import instrument_forms

    rx = _compiled(w)
    instrument_forms.titles(text, lex, lo, hi, names, raws, free, add, rx["title_noun"], rx["title_qualifies"])


def _acts(text, lo, hi, lex, w: Words, add, free) -> None:
    rx = _compiled(w)
    ga = _general_assembly(lex)
    if ga is not None:  # "قرار الجمعية العامة 72/249": the Assembly named between the word and the number
        for m in _ga_act_named_between(lex, w).finditer(text, lo, hi):
            if free(m.start(), m.end()):
                add(Raw(m.start(), m.end(), "act", act_kind="decision" if m.group("d") else "resolution",
                        number=m.group("num"), inst=ga))
    for m in rx["act"].finditer(text, lo, hi):
        if not free(m.start(), m.end("num")):
            continue
        kind = "decision" if m.group("d") else "resolution"
        end_of_list = m.end()
        fields = {}
        o = rx["owner"].match(text, end_of_list)
        if o is not None and ga is not None and _ga_name(lex, w).match(text, o.end()):
            fields = {"inst": ga}
        first = add(Raw(m.start(), m.end("num"), "act", act_kind=kind, number=m.group("num"), **fields))
        for im in rx["act_item"].finditer(m.group("more") or ""):
            a = m.start("more") + im.start("n")
            add(Raw(a, a + len(im.group("n")), "act", act_kind=kind, number=im.group("n"), parent=first))


@lru_cache(maxsize=16)
def _ga_act_named_between(lex: Lexicon, w: Words) -> re.Pattern:
    return re.compile(r"(?<![\w])(?:(?P<d>" + w.decision + r")|(?P<r>" + w.resolution + r"))\s+" + _ga_name(lex, w).pattern
                      + r"\s+(?P<num>\d{1,3}/\d{1,4})(?![\d/])", re.IGNORECASE)


@lru_cache(maxsize=8)
def _general_assembly(lex: Lexicon) -> str | None:
    from ..layouts.resolution import general_assembly

    return general_assembly(lex.registry)


@lru_cache(maxsize=16)
def _ga_name(lex: Lexicon, w: Words) -> re.Pattern:
    """The General Assembly's names in the registry (any language), as they may follow an act number."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    from ... import identifiers as ids

    ga = _general_assembly(lex)
    uri = URIRef(lex.registry.uri(ids.Entity(ga)))
    names = {str(o) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
             for o in lex.registry.graph.objects(uri, p) if isinstance(o, Literal)}
    pats = [_inflected_pattern(normalise_alias(n)) if w.inflected and _CYR_WORD.search(n) else alias_pattern(normalise_alias(n))
            for n in sorted(names, key=len, reverse=True)]
    return re.compile(r"(?:" + w.name_article + r")?\s*(?:" + "|".join(pats) + ")", re.IGNORECASE)


__all__ = ["Words", "extract", "own_articles", "name_at", "full_names", "language_names"]
