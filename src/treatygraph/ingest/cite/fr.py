"""The French citation grammar: the words of :mod:`.worded`.

``l’article 76 de la Convention``, ``l’article premier``, ``le paragraphe 2 de
l’article 14``, ``l’alinéa c) du paragraphe 5 ci-dessus``, ``les paragraphes 6
à 8 de l’article 287 de la Convention``, ``du présent Accord``, ``partie XV``,
``l’annexe VII de la Convention``, ``décision 1/CP.21``, ``résolution 72/249 de
l’Assemblée générale``.
"""

from __future__ import annotations

from .common import Found, Lexicon
from .worded import Words, extract as _extract

_AP = r"[’']"
WORDS = Words(
    lang="fr",
    article=r"articles?",
    paragraph=r"paragraphes?",
    point=r"alinéas?",
    part=r"parties?",
    annex=r"annexes?",
    link=r"du|de\s+la|de\s+l" + _AP + r"|des|de",
    owner=r"du|des|de|aux|au|à",
    list_sep=r"\s*,\s*(?:et\s+)?|\s+et\s+|\s+ou\s+",
    range_sep=r"\s+à\s+|\s*[-–—]\s*",
    this_instrument=r"(?:la\s+|le\s+)?présente?\s+(?:Accord|Convention|Protocole|Traité)\b",
    this_article=r"(?:la\s+|le\s+)?présente?\s+(?:article|partie|annexe)\b",
    above=r"ci-dessus|ci-dessous|ci-après|supra",
    decision=r"décisions?",
    resolution=r"résolutions?",
    number_word=r"premier|première",
    point_form=r"\(?[a-z]\)",
    name_article=r"la|le|les|l" + _AP,
    anaphor=r"celle-ci|celui-ci",
    heading=r"^[ \t]*(?:(?P<a>Article)|(?P<p>Partie)|Annexe)\s+(?P<n>\d{1,3}|premier|[IVXLC]{1,6})[ \t]*$",
    said_article=r"dudit\s+article|de\s+cet\s+article|de\s+ce\s+dernier",
    subpoint_form=r"\(?[ivx]{1,4}\)",
    section=r"sections?",
    title_noun=r"\b(?:Convention|Accord|Protocole|Traité|Pacte|Charte)\b",
)


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]``."""
    return _extract(WORDS, text, lex, lo, hi)
