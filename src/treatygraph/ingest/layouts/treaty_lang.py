"""How a treaty text writes its structure in each of the six UN languages.

The treaty layout (:mod:`.treaty`) reads one :class:`Vocabulary`: the headings
of articles, parts, sections and annexes, the preamble's opening and closing
words, where a run-in article title ends, and how paragraphs and points are
numbered. English keeps the layout's own patterns; this module adds French,
Spanish, Russian, Chinese and Arabic as the UN prints them:

* ``Article premier`` / ``Article 52``, ``Artículo 52``, ``Статья 52``,
  ``第五十二条`` (title glued to the number), ``المادة 52`` (Western or
  Arabic-Indic digits; in the OCR'd Arabic the heading may stand anywhere in a
  line and one line holds one article);
* ``PARTIE I``, ``PARTE I``, ``ЧАСТЬ I``, ``第一部分``, an Arabic ordinal line
  (``الجزء الأول``, the OCR sometimes dropping ``الجزء``): part numbers are Roman;
* ``ANNEXE I``, ``ANEXO I``, ``ПРИЛОЖЕНИЕ I``, ``附件一``, ``المرفق الأول``;
* paragraphs ``1.`` (``一、`` in Chinese, ``- 1`` in Arabic), points ``a)``,
  ``（一）``, ``(أ)`` written in the path as Latin letters (``a`` for ``一``/``أ``),
  sub-points ``i)`` (Chinese ``1．`` under a point).

Numbers are turned into the language-neutral path form here, so the six
versions of one provision get the one URI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ... import identifiers as ids
from ..cite.common import chinese_number

#: Arabic letters in the order Arabic texts letter their points (abjad), as Latin a, b, c, ...
ABJAD = ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر",
         "ش", "ت", "ث", "خ", "ذ", "ض"]
ARABIC_ORDINALS = {
    "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7, "الثامن": 8,
    "التاسع": 9, "العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "الثالث عشر": 13, "الرابع عشر": 14,
    "الخامس عشر": 15, "السادس عشر": 16, "السابع عشر": 17,
}
_AR_ORDINAL = "|".join(sorted(ARABIC_ORDINALS, key=len, reverse=True))
_CN = "[一二三四五六七八九十百〇零两]+"
_ROMAN = r"[IVXLC]{1,6}"
#: Characters that open a quotation in any of the languages.
QUOTES = "“\"«„《「"


def western_digits(s: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits (``٥٢ -> 52``)."""
    return s.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2))


def letter_of(index: int) -> str:
    """The ``index``-th point letter (0 -> ``a``; past ``z``: ``aa``, ``bb``, as printed)."""
    return chr(ord("a") + index % 26) * (index // 26 + 1)


def _roman_of_int(n: int | None) -> str | None:
    return ids.to_roman(n) if n else None


def _chinese_int(s: str) -> int | None:
    return chinese_number(s)


@dataclass(frozen=True)
class Vocabulary:
    """The heading and numbering patterns of treaty texts in one language.

    Patterns match a stripped line (``article`` with groups ``num`` and ``rest``).
    The ``*_number`` functions turn a printed number into its path form
    (``None``: not a number of that kind).
    """

    lang: str
    article: re.Pattern
    article_number: Callable[[str], str | None]
    part: re.Pattern | None
    part_number: Callable[[str], str | None]
    annex: re.Pattern | None
    annex_number: Callable[[str], str | None]
    preamble: re.Pattern
    agreed: re.Pattern
    opening: re.Pattern | None
    closing: re.Pattern
    #: where a recital of a preamble printed as one run starts (``None``: not split)
    recital: re.Pattern | None
    #: the first words of a sentence (the text after a run-in title starts with one)
    title_end: re.Pattern | None
    para: re.Pattern
    para_number: Callable[[str], str | None]
    point: re.Pattern
    point_letter: Callable[[str], str | None]
    #: sub-points written with numbers under a lettered point (Chinese ``1．``): group ``n``
    subpoint: re.Pattern | None = None
    #: a reference calling an article's items paragraphs (Chinese ``第（三）款``): in an article that has no
    #: paragraphs and refers to its items so, the items are its paragraphs (the other versions number them 1, 2 …)
    items_as_paragraphs: re.Pattern | None = None
    #: an article heading may stand anywhere in its line (the OCR'd Arabic)
    heading_in_line: bool = False
    #: paragraph and point markers run into the line (``- 1``, ``(أ)``), taken in sequence
    inline_items: bool = False
    #: words that must not end a run-in title even when capitalised
    keep: frozenset = field(default_factory=frozenset)


def _latin_point(p: str) -> str | None:
    return p


def _arabic_point(p: str) -> str | None:
    p = p.strip()
    if p in ("ه", "هـ"):
        p = "هـ"
    return letter_of(ABJAD.index(p)) if p in ABJAD else None


def _chinese_point(p: str) -> str | None:
    n = _chinese_int(p)
    return letter_of(n - 1) if n else None


def _plain_number(num: str) -> str | None:
    num = western_digits(num.strip())
    if re.fullmatch(r"premier|1er|primero", num, re.I):
        return "1"
    return num if re.fullmatch(r"\d{1,3}(?:\s*(?:bis|ter|quater))?|" + _ROMAN, num) else None


def _roman_or_arabic(num: str) -> str | None:
    num = western_digits(num.strip())
    if re.fullmatch(_ROMAN, num):
        return num
    return _roman_of_int(int(num)) if num.isdigit() else None


def _chinese_article(num: str) -> str | None:
    n = _chinese_int(num)
    return str(n) if n else None


def _chinese_roman(num: str) -> str | None:
    return _roman_of_int(_chinese_int(num)) if num else "1"


def _arabic_ordinal_roman(num: str) -> str | None:
    num = re.sub(r"\s+", " ", num.strip())
    if num in ARABIC_ORDINALS:
        return ids.to_roman(ARABIC_ORDINALS[num])
    return _roman_or_arabic(num)


def _openers(words: str, also: str | None = None) -> re.Pattern:
    """A sentence opener: one of ``words`` (space-separated) starting a word after a space, or ``also`` (a
    pattern) there."""
    alts = "|".join(sorted(words.split(), key=len, reverse=True))
    return re.compile(r"\s(?=(?:" + alts + r")(?:\s|’|'|,|/)" + (r"|" + also if also else "") + r")")


_LATIN_PARA = re.compile(r"^(?P<n>\d{1,3}(?:bis|ter)?)\.(?=\s|$)\s*")
_LATIN_POINT = re.compile(r"^\(?(?P<p>[a-z]{1,2}|\d{1,2})\)\s*")

FR = Vocabulary(
    lang="fr",
    article=re.compile(r"^Article\s+(?P<num>premier|1er|\d{1,3}(?:\s*(?:bis|ter|quater))?)(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$"),
    article_number=_plain_number,
    part=re.compile(r"^(?P<word>PARTIE|CHAPITRE|SECTION)\s+(?P<num>" + _ROMAN + r"|\d{1,2})\b\.?\s*(?P<rest>.*)$"),
    part_number=_roman_or_arabic,
    annex=re.compile(r"^(?P<word>ANNEXE|APPENDICE)\b\s*(?P<num>" + _ROMAN + r"|\d{1,2})?\s*\.?\s*(?P<rest>.*)$"),
    annex_number=_roman_or_arabic,
    preamble=re.compile(r"^\*?(PRÉAMBULE|Préambule)\*?\s*"),
    agreed=re.compile(r"(?:sont|ont)\s+convenu(?:e|es|s)?\s+de\s+ce\s+qui\s+suit\s*:?", re.I),
    opening=re.compile(r"(?<=\s)(?:Les\s+(?:États\s+Parties|Parties|Hautes\s+Parties))\b"),
    closing=re.compile(r"^(?:EN\s+FOI\s+DE\s+QUOI|FAIT\s+à)\b"),
    recital=re.compile(r"(?<=[,;:])\s*(?=(?:[A-ZÉÈÀ][a-zéèêàçîôû’]+(?:ant|ées|euses|entes))\b)"),
    title_end=_openers(
        "Le La Les L Aux Au À Chaque Aucune Aucun Rien Il Elle Ils Sans Sous Sauf Dans Pour En Tout Toute Tous "
        "Un Une Des Si Lorsque Afin Nul Nulle Conformément Sur Par Outre Sous Dès Ce Cette Ces Toutes"),
    para=_LATIN_PARA, para_number=lambda n: n,
    point=_LATIN_POINT, point_letter=_latin_point,
)

ES = Vocabulary(
    lang="es",
    article=re.compile(r"^Artículo\s+(?P<num>\d{1,3}(?:\s*(?:bis|ter|quater))?)(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$"),
    article_number=_plain_number,
    part=re.compile(r"^(?P<word>PARTE|CAPÍTULO|SECCIÓN)\s+(?P<num>" + _ROMAN + r"|\d{1,2})\b\.?\s*(?P<rest>.*)$"),
    part_number=_roman_or_arabic,
    annex=re.compile(r"^(?P<word>ANEXO|APÉNDICE)\b\s*(?P<num>" + _ROMAN + r"|\d{1,2})?\s*\.?\s*(?P<rest>.*)$"),
    annex_number=_roman_or_arabic,
    preamble=re.compile(r"^\*?(PREÁMBULO|Preámbulo)\*?\s*"),
    agreed=re.compile(r"han\s+convenido\s+en\s+lo\s+siguiente\s*:?", re.I),
    opening=re.compile(r"(?<=\s)(?:Los\s+Estados\s+Partes|Las\s+Partes|Las\s+Altas\s+Partes)\b"),
    closing=re.compile(r"^(?:EN\s+TESTIMONIO\s+DE\s+LO\s+CUAL|HECHO\s+en)\b"),
    recital=re.compile(r"(?<=[,;:])\s*(?=(?:[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:ando|endo|iendo|as|es))\b)"),
    title_end=_openers(
        "El La Los Las Lo A Al Cada Ninguna Ninguno Nada Sin Salvo Con En Para Por Todo Toda Todos Todas Un Una "
        "Si Cuando De Del Se Sobre Tras Ante Conforme Toda Este Esta Estos Estas Hasta No Mientras"),
    para=_LATIN_PARA, para_number=lambda n: n,
    point=_LATIN_POINT, point_letter=_latin_point,
    keep=frozenset({"Pueblos", "Indígenas"}),
)

RU = Vocabulary(
    lang="ru",
    article=re.compile(r"^Статья\s+(?P<num>\d{1,3})(?:\s*[.:]\s*|\s+|$)(?P<rest>.*)$"),
    article_number=_plain_number,
    part=re.compile(r"^(?P<word>ЧАСТЬ|ГЛАВА|РАЗДЕЛ)\s+(?P<num>" + _ROMAN + r"|\d{1,2})\b\.?\s*(?P<rest>.*)$"),
    part_number=_roman_or_arabic,
    annex=re.compile(r"^(?P<word>ПРИЛОЖЕНИЕ|ДОБАВЛЕНИЕ)\b\s*(?P<num>" + _ROMAN + r"|\d{1,2})?\s*\.?\s*(?P<rest>.*)$"),
    annex_number=_roman_or_arabic,
    preamble=re.compile(r"^\*?(ПРЕАМБУЛА|Преамбула)\*?\s*"),
    agreed=re.compile(r"согласились\s+о\s+нижеследующем\s*:?", re.I),
    opening=re.compile(r"(?<=\s)(?:Государства-участники|Стороны|Высокие\s+Договаривающиеся\s+Стороны)\b"),
    closing=re.compile(r"^(?:В\s+УДОСТОВЕРЕНИЕ\s+ЧЕГО|СОВЕРШЕНО\s+в)\b"),
    #: Russian recitals open with a lower-case adverbial participle ("ссылаясь", "признавая", "будучи")
    recital=re.compile(r"(?<=[,;:])\s*(?=(?:[а-я]+(?:ясь|вая|вая|ая|уя|ивая|ывая|я)|будучи|стремясь)\s)"),
    title_end=_openers(
        "Для В Во На При С По Без Каждая Каждый Каждое Ничто Никакие Никакое Если Любая Любое Любой Все Настоящее "
        "Настоящая Настоящий Настоящим Цель Цели Стороны Сторона Государства Секретариат Конференция Подписание "
        "Поправки Изменения Оговорки Этот Эта Это Эти До После Когда Кроме За Из О Об Решения Предложения "
        "Генеральный Органы Учреждения Государство Соглашение Информация Комитет",
        # "Декларации и заявления Статья 70 не препятствует": an article cited at the start of the text's first
        # sentence (its number, then a word in lower case; a heading "Статья 70" stands alone on its line)
        also=r"Стать[яи]\s+\d{1,3}(?:\s*(?:,|и)\s*\d{1,3})*\s+[а-яё]"),
    para=_LATIN_PARA, para_number=lambda n: n,
    point=_LATIN_POINT, point_letter=_latin_point,
    keep=frozenset({"Сторон", "Соглашения"}),
)

ZH = Vocabulary(
    lang="zh",
    article=re.compile(r"^第\s*(?P<num>" + _CN + r")\s*条\s*(?P<rest>.*)$"),
    article_number=_chinese_article,
    part=re.compile(r"^第\s*(?P<num>" + _CN + r")\s*(?P<word>部分|章|节)\s*(?P<rest>.*)$"),
    part_number=_chinese_roman,
    annex=re.compile(r"^(?P<word>附件|附录)\s*(?P<num>" + _CN + r")?\s*(?P<rest>.*)$"),
    annex_number=_chinese_roman,
    preamble=re.compile(r"^(序言)\s*"),
    agreed=re.compile(r"兹?(?:协议|商定)如下\s*[：:]?"),
    opening=None,
    closing=re.compile(r"^(?:下列签署人|为此)"),
    #: a recital opens with its verb after a comma or semicolon ("，认识到", "；又回顾")
    recital=re.compile(r"[，；]\s*(?=(?:又|并|还)?(?:回顾|强调|认识到|意识到|确认|铭记|希望|期望|承认|尊重|致力于|注意到|"
                       r"重申|深信|考虑到|申明|决心|认为|欢迎)[^，；]{2})"),
    #: a run-in title ends where the sentence's subject or an opening preposition starts
    #: (not inside a compound: 非缔约方 "non-Party" is a title's word)
    title_end=re.compile(
        r"(?<!非)(?=(?:本协定|本公约|本部分|本条|缔约方大会|每一缔约方|各缔约方|缔约方|秘书处|联合国秘书长|科学和技术机构|"
        r"任何|如|对本|为本|为实现|在按照|在不|根据|依照|按照)"
        r"[^，。：；]{0,24}?(?:应|是|的目标|适用|不|有义务|可|，|：|、))"),
    para=re.compile(r"^(?P<n>" + _CN + r")\s*、\s*"),
    para_number=lambda n: str(chinese_number(n)) if chinese_number(n) else None,
    point=re.compile(r"^[（(]\s*(?P<p>" + _CN + r")\s*[）)]\s*"),
    point_letter=_chinese_point,
    subpoint=re.compile(r"^(?P<n>\d{1,2})\s*[．.]\s*"),
    items_as_paragraphs=re.compile(r"第\s*[（(]\s*" + _CN + r"\s*[）)]\s*款"),
)

AR = Vocabulary(
    lang="ar",
    article=re.compile(r"(?:^|(?<=\s))المادة\s+(?P<num>[0-9٠-٩]{1,3})(?![0-9٠-٩])\s*(?P<rest>.*)$"),
    article_number=_plain_number,
    part=re.compile(r"^(?:(?P<word>الجزء)\s+)?(?P<num>" + _AR_ORDINAL + r")(?=\s|$)\s*(?P<rest>.*)$"),
    part_number=_arabic_ordinal_roman,
    annex=re.compile(r"^(?P<word>المرفق)\s+(?P<num>" + _AR_ORDINAL + r"|[0-9٠-٩]{1,2})(?=\s|$)\s*(?P<rest>.*)$"),
    annex_number=_arabic_ordinal_roman,
    preamble=re.compile(r"^(الديباجة)\s*"),
    agreed=re.compile(r"قد\s+اتفقت\s+على\s+ما\s+يلي\s*:?"),
    opening=None,
    closing=re.compile(r"^(?:وإثباتا\s+لذلك|حرر\s+في)"),
    recital=None,
    title_end=None,  # see arabic_title_end
    para=re.compile(r"^-\s?(?P<n>\d{1,2})\s+"),
    para_number=lambda n: western_digits(n),
    point=re.compile(r"^\((?P<p>\w{1,2})\)\s*"),
    point_letter=_arabic_point,
    heading_in_line=True,
    inline_items=True,
)

#: The vocabularies of the non-English languages (English stays in :mod:`.treaty`).
VOCABULARIES: dict[str, Vocabulary] = {v.lang: v for v in (FR, ES, RU, ZH, AR)}

_AR_INLINE_PARA = re.compile(r"(?:^|(?<=\s))-\s?(?P<n>\d{1,2})(?=\s)")
_AR_INLINE_POINT = re.compile(r"\((?P<p>\w{1,2})\)")


def inline_items(line: str) -> list[tuple[int, str, str]]:
    """Run-in markers of a line: ``(offset, "para"|"point", number)``, in order (Arabic)."""
    out = [(m.start(), "para", m.group("n")) for m in _AR_INLINE_PARA.finditer(line)]
    for m in _AR_INLINE_POINT.finditer(line):
        letter = _arabic_point(m.group("p"))
        if letter:
            out.append((m.start(), "point", letter))
    return sorted(out)


def marks_out_of_place(lines: list[str]) -> bool:
    """True when a text's run-in paragraph marks are out of place (the OCR's right-to-left reordering
    printed ``- 3 -1 - 2`` before an article's text) in a fifth or more of the lines holding several:
    paragraphs taken from such marks land in the wrong place, so the articles are read whole."""
    held = bad = 0
    for line in lines:
        nums = [int(n) for _, kind, n in inline_items(line) if kind == "para"]
        if len(nums) < 2:
            continue
        held += 1
        bad += nums != list(range(nums[0], nums[0] + len(nums)))
    return held > 0 and bad >= max(2, held / 5)


def arabic_title_end(rest: str) -> int:
    """Where a run-in Arabic article title ends: before a paragraph marker, a colon, a bracket,
    a verb (imperfect ``ي``/``ت``, negation ``لا``), or a word repeating a title word; at most 14 words."""
    words = list(re.finditer(r"\S+", rest))
    seen: set[str] = set()
    for i, m in enumerate(words):
        w = m.group()
        if i > 0 and (w.startswith(("-", "(", ":", "،")) or re.match(r"^[يت][^ـ]{2,}", w)
                      or w in ("لا", "لأغراض", "ريثما", "عندما", "إذا", "حيثما", "متى")
                      or (w == "في" and rest[m.end():].lstrip().startswith("حال"))):
            return m.start()
        stem = re.sub(r"^(?:وال|بال|لل|ال)", "", w)
        if i > 0 and stem in seen:
            return m.start()
        seen.add(stem)
        if w.endswith((":", "：")):
            return m.end() - 1
        if i >= 14:
            return m.start()
    return len(rest)


def title_end(vocab: Vocabulary, rest: str) -> int | None:
    """Where a title printed on the same line as the article's first sentence ends (``None``: it does not)."""
    if vocab.lang == "ar":
        end = arabic_title_end(rest)
        return end if end < len(rest) else None
    if vocab.title_end is None:
        return None
    words = list(re.finditer(r"\w+", rest))
    for i, w in enumerate(words[1:], 1):  # a capitalised word repeating a title word opens the text
        if w.group()[:1].isupper() and any(w.group()[:5].casefold() == x.group()[:5].casefold()
                                           for x in words[:i]) and len(w.group()) >= 4:
            repeat = w.start() - 1
            break
    else:
        repeat = None
    for m in vocab.title_end.finditer(rest):
        if m.start() < (2 if vocab.lang == "zh" else 1):  # a title has a word (Chinese: two characters)
            continue
        if repeat is not None and repeat < m.start():
            return repeat
        nxt = rest[m.end():].split(None, 1)[0] if rest[m.end():].strip() else ""
        if nxt in vocab.keep:
            continue
        return m.start()
    return repeat


__all__ = ["Vocabulary", "VOCABULARIES", "western_digits", "letter_of", "title_end", "inline_items",
           "marks_out_of_place", "ABJAD",
           "ARABIC_ORDINALS", "QUOTES"]
