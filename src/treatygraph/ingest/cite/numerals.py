"""Numbers as the six languages write them in citations.

Digits other than ASCII (Arabic-Indic ``٠-٩``, Extended ``۰-۹``, full-width
``０-９``, and in Chinese all full-width ASCII) are folded to ASCII one character
for one, so offsets do not move;
ordinals written as words (``premier``, ``primero``, Arabic ``الأولى``,
``الحادي عشر``), and the letters of points in other scripts (Arabic abjad
``(ج)``, Cyrillic ``б)``) are read into the numbers and Latin letters of the
project's URIs.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGITS = {**{chr(0x660 + k): str(k) for k in range(10)}, **{chr(0x6F0 + k): str(k) for k in range(10)},
           **{chr(0xFF10 + k): str(k) for k in range(10)}}
_FOLD = str.maketrans(_DIGITS)


def fold_digits(text: str) -> str:
    """``'المادة ٧٦' -> 'المادة 76'`` (same length: offsets into the folded text are offsets into the text)."""
    if len(text) > 256:  # a whole document, folded again for each of its parts: once
        return _fold_document(text)
    return text.translate(_FOLD)


@lru_cache(maxsize=8)
def _fold_document(text: str) -> str:
    return text if text.isascii() else text.translate(_FOLD)


#: full-width ASCII (``８（ｊ）``, ``14／8``, ``ＸＩ``) as Chinese texts print it, one character for one
_WIDTH = str.maketrans({chr(0xFF01 + k): chr(0x21 + k) for k in range(0x5E)})


def fold_width(text: str) -> str:
    """``'第８（ｊ）条' -> '第8(j)条'`` (same length: offsets into the folded text are offsets into the text)."""
    if len(text) > 256:
        return _fold_width_document(text)
    return text.translate(_WIDTH)


@lru_cache(maxsize=8)
def _fold_width_document(text: str) -> str:
    return text.translate(_WIDTH)


#: the heavenly stems Chinese legal texts letter their points with: (甲) (乙) (丙) … are (a) (b) (c) …
STEMS = "甲乙丙丁戊己庚辛壬癸"


#: Arabic ordinal words (masculine and feminine, with the article), 1-10; "eleventh".."nineteenth" add عشر/عشرة.
_AR_UNITS = {
    1: ("الأول", "الأولى", "الحادي", "الحادية"), 2: ("الثاني", "الثانية"), 3: ("الثالث", "الثالثة"),
    4: ("الرابع", "الرابعة"), 5: ("الخامس", "الخامسة"), 6: ("السادس", "السادسة"), 7: ("السابع", "السابعة"),
    8: ("الثامن", "الثامنة"), 9: ("التاسع", "التاسعة"), 10: ("العاشر", "العاشرة"),
}
_AR_WORD = {w: n for n, words in _AR_UNITS.items() for w in words}
_AR_TENS = {"العشرون": 20, "العشرين": 20, "الثلاثون": 30, "الثلاثين": 30}
#: An Arabic ordinal: a unit word, then an optional عشر/عشرة (11-19) or و + a tens word (21-39).
AR_ORDINAL = (r"(?:" + "|".join(sorted(_AR_WORD, key=len, reverse=True)) + r")"
              r"(?:\s+عشرة?|\s+و(?:" + "|".join(_AR_TENS) + r"))?|(?:" + "|".join(_AR_TENS) + r")")


def arabic_ordinal(words: str) -> int | None:
    """``'الخامس عشر' -> 15``, ``'الأولى' -> 1``, ``'الحادي والعشرون' -> 21``; None if not one."""
    parts = words.split()
    if not parts:
        return None
    if parts[0] in _AR_TENS and len(parts) == 1:
        return _AR_TENS[parts[0]]
    unit = _AR_WORD.get(parts[0])
    if unit is None:
        return None
    if len(parts) == 1:
        return unit
    rest = " ".join(parts[1:])
    if rest in ("عشر", "عشرة"):
        return 10 + unit
    if rest.startswith("و") and rest[1:] in _AR_TENS:
        return _AR_TENS[rest[1:]] + unit
    return None


#: Arabic points follow the abjad order: (أ) (ب) (ج) (د) (هـ) (و) ... read as a, b, c, d, e, f ...
_ABJAD = ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق",
          "ر", "ش", "ت", "ث", "خ", "ذ", "ض"]
AR_POINT = r"(?:هـ|ه|" + "|".join(x for x in _ABJAD if x != "هـ") + r")"


def abjad_letter(letter: str) -> str | None:
    """``'ج' -> 'c'``; None for a letter outside the list."""
    letter = "هـ" if letter == "ه" else letter
    return chr(ord("a") + _ABJAD.index(letter)) if letter in _ABJAD else None


#: Cyrillic letters that look like Latin ones (a PDF of a Russian text often carries them for the points
#: ``a) b) c)`` of the Latin original); any other Cyrillic letter counts in the Russian alphabet.
_HOMOGLYPHS = {"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "к": "k", "м": "m", "т": "t"}
_RU_ALPHABET = "абвгдежзийклмнопрстуфхцчшщэюя"


def cyrillic_point(letter: str) -> str | None:
    """``'с' -> 'c'`` (a homoglyph), ``'б' -> 'b'``, ``'в' -> 'c'``, ``'г' -> 'd'`` (the alphabet's order)."""
    letter = letter.lower()
    if letter.isascii():
        return letter
    mapped = _HOMOGLYPHS.get(letter)
    if mapped:
        return mapped
    k = _RU_ALPHABET.find(letter)
    if k < 0:
        return None
    return chr(ord("a") + k)


def point_letter(written: str) -> str | None:
    """A point as written (``a``, ``(a)``, ``c)``, ``(ج)``, ``б``) -> its Latin letter or number."""
    core = written.strip().strip("()").strip()
    if not core:
        return None
    if re.fullmatch(r"[a-z]{1,3}|\d{1,2}", core):
        return core
    if re.fullmatch(r"[\u0400-\u04ff]", core):
        return cyrillic_point(core)
    return abjad_letter(core)


_ROMAN_LOWER = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def subpoint_number(written: str) -> str | None:
    """A sub-point as written (``i)``, ``(ii)``, Arabic ``'1'``) -> its lower-case Roman number (``'i'``)."""
    core = written.strip().strip("()'‘’\"").strip()
    if re.fullmatch(r"[ivx]{1,5}", core, re.I):
        return core.lower()
    n = fold_digits(core)
    return _ROMAN_LOWER[int(n) - 1] if n.isdigit() and 0 < int(n) <= len(_ROMAN_LOWER) else None


#: Words that stand for the number one in an article's heading or reference ("Article premier").
ONE_WORDS = {"premier": 1, "première": 1, "primero": 1, "primera": 1}


def word_number(written: str) -> str | None:
    """An article number written as digits or a word -> its digits (``'premier' -> '1'``)."""
    w = fold_digits(written.strip())
    if w.isdigit():
        return str(int(w))
    if w.lower() in ONE_WORDS:
        return str(ONE_WORDS[w.lower()])
    n = arabic_ordinal(w)
    return str(n) if n is not None else None


__all__ = ["fold_digits", "arabic_ordinal", "abjad_letter", "cyrillic_point", "point_letter", "subpoint_number",
           "word_number", "AR_ORDINAL", "AR_POINT"]
