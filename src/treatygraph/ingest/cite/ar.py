"""The Arabic citation grammar: the words of :mod:`.worded`.

Words carry their prepositions and conjunctions as prefixes (``بالمادة``,
``للمادة``, ``والفقرة``), units have dual and plural forms (``المادتين``,
``الفقرات``), numbers are written in Arabic or Arabic-Indic digits, parts and
annexes with ordinals (``الجزء الخامس عشر`` is Part XV, ``المرفق السابع`` Annex
VII) and points with abjad letters (``(ج)`` is c): ``المادة 76 من الاتفاقية``,
``الفقرة 2 من المادة 14``, ``الفقرات 6 إلى 8 من المادة 287 من الاتفاقية``,
``الفقرة 5 (ج) أعلاه``, ``من هذا الاتفاق``, ``المقرر 1/م أ-21``,
``قرار الجمعية العامة 72/249``.
"""

from __future__ import annotations

from .common import Found, Lexicon
from .numerals import AR_ORDINAL, AR_POINT
from .worded import Words, extract as _extract

_PRE = r"(?:[وفبلك]?(?:ب|ل)?)"
WORDS = Words(
    lang="ar",
    article=_PRE + r"(?:ال|ل)(?:مادة|مادتين|مادتان|مواد)",
    paragraph=_PRE + r"(?:ال|ل)(?:فقرة|فقرتين|فقرتان|فقرات)(?!\s+الفرعية)",
    point=_PRE + r"(?:ال|ل)(?:فقرة|فقرتين|فقرات)\s+الفرعية",
    part=_PRE + r"(?:ال|ل)جزء",
    annex=_PRE + r"(?:ال|ل)(?:مرفق|مرفقين|مرفقات)",
    link=r"من",
    owner=r"من|في|إلى",
    list_sep=r"\s*[،,]\s*(?:و\s*)?|\s+و\s*",
    range_sep=r"\s+إلى\s+|\s*[–—]\s*",  # not "-": the extracted text writes " - 2" before a paragraph's number
    this_instrument=r"هذا\s+الاتفاق(?![\w])|هذه\s+الاتفاقية|هذا\s+البروتوكول",
    this_article=r"هذه\s+المادة|هذا\s+الجزء|هذا\s+المرفق",
    above=r"أعلاه|أدناه",
    decision=r"[وبل]?(?:ال)?مقرر(?:ات|ين)?",
    resolution=r"[وبل]?(?:ال)?قرار(?:ات|ين)?",
    number_word=r"(?:" + AR_ORDINAL + r")",
    point_form=r"\(\s*(?:" + AR_POINT + r"|[a-z])\s*\)",
    part_number=r"(?:" + AR_ORDINAL + r")(?![\w])|[IVXLC]{1,6}(?![\w])",
    # a heading opens a line or follows a sentence's end; the extracted text may put a paragraph marker
    # ("- 1", "1 -") before it
    heading=r"(?:^|(?<=[:.؛])\s)[ \t]*(?:-\s*\d{1,2}\s+|\d{1,2}\s*-\s+)?(?:(?P<a>المادة)|(?P<p>الجزء)|المرفق)\s+(?P<n>\d{1,3}(?![\d/])|(?:" + AR_ORDINAL + r")(?![\w]))",
    said_article=r"من\s+(?:تلك\s+المادة|المادة\s+المذكورة)",
    # sub-points are numbers in quotes: "الفقرة 4 (ب) '1'" is paragraph 4 (b) (i)
    subpoint_form=r"['‘’]\s*\d{1,2}\s*['‘’]",
    # the OCR'd text may join the number to the word or put a sentence's period between them
    unit_gap=r"\s+|\.?(?=\d)",
    section=_PRE + r"(?:ال|ل)(?:فرع|باب)",
    title_noun=r"اتفاقية|اتفاق|بروتوكول|معاهدة|ميثاق|عهد",
    # a title within three words after a citation qualifies it ("المقرر 10/20 لمؤتمر الأطراف في اتفاقية …")
    title_qualifies=r"[\s،,]*(?:[^\s.;:؛]+\s+){0,3}$",
)


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]``."""
    return _extract(WORDS, text, lex, lo, hi)
