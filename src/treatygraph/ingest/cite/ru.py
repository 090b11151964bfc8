"""The Russian citation grammar: the words of :mod:`.worded`.

Units and names decline, and a unit is linked to the larger one by the
genitive alone: ``статья 76 Конвенции``, ``пункт 2 статьи 14``, ``подпункт а
пункта 1 статьи 30``, ``пункты 6–8 статьи 287 Конвенции``, ``согласно пункту 5
выше``, ``настоящего Соглашения``, ``часть XV``, ``Приложению VII к Конвенции``,
``решение 1/CP.21``, ``резолюция 72/249 Генеральной Ассамблеи``. Registry names
match with other case endings (``Конвенции`` for ``Конвенция``).
"""

from __future__ import annotations

from .common import Found, Lexicon
from .worded import Words, extract as _extract

_END = r"[а-яё]{0,3}"
WORDS = Words(
    lang="ru",
    article=r"стат(?:ья|ьи|ье|ью|ьей|ей|ьям|ьями|ьях)",
    paragraph=r"пункт" + _END,
    point=r"подпункт" + _END,
    part=r"част(?:ь|и|ью|ям|ях)",
    annex=r"приложени" + _END,
    link=r"",
    owner=r"к|в",
    list_sep=r"\s*,\s*(?:и\s+)?|\s+и\s+|\s+или\s+",
    range_sep=r"\s*[-–—]\s*|\s+до\s+",
    this_instrument=r"настоящ" + _END + r"\s+(?:Соглашени|Конвенци|Протокол|Договор)" + _END + r"(?![\w])",
    this_article=r"настоящ" + _END + r"\s+(?:стать|част|приложени)" + _END + r"(?![\w])",
    above=r"выше|ниже",
    decision=r"решени" + _END,
    resolution=r"резолюци" + _END,
    point_form=r"\(?[a-zа-я]\)|[a-zа-я](?=\s*(?:[,;.]|выше|ниже|настоящ|стать|пункт))",
    inflected=True,
    joins_hyphenated=True,
    heading=r"^[ \t]*(?:(?P<a>Статья)|(?P<p>Часть)|Приложение)\s+(?P<n>\d{1,3}|[IVXLC]{1,6})[ \t]*$",
    said_article=r"(?:этой|указанной|данной|той\s+же|этой\s+же)\s+стать[иеюй]",
    subpoint_form=r"\(?[ivx]{1,4}\)",
    section=r"раздел" + _END,
    title_noun=r"Конвенци|Соглашени|Протокол|Договор|Устав|Пакт",
    # a title within three words after a citation qualifies it ("решения X/20 Конференции Сторон Конвенции …")
    title_qualifies=r"[\s,]*(?:[^\s.;:؛]+\s+){0,3}$",
)


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]``."""
    return _extract(WORDS, text, lex, lo, hi)
