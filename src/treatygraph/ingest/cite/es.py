"""The Spanish citation grammar: the words of :mod:`.worded`.

``artículo 76 de la Convención``, ``el artículo 287, párrafos 6 a 8, de la
Convención``, ``párrafo 5 c) del presente artículo``, ``artículos 30 y 31``,
``apartado a) del párrafo 1``, ``parte XV``, ``Anexo VII de la Convención``,
``decisión 1/CP.21``, ``resolución 72/249 de la Asamblea General``.
"""

from __future__ import annotations

from .common import Found, Lexicon
from .worded import Words, extract as _extract

WORDS = Words(
    lang="es",
    article=r"art[íi]culos?",
    paragraph=r"p[áa]rrafos?",
    point=r"apartados?|incisos?",
    part=r"partes?",
    annex=r"anexos?",
    link=r"del|de\s+la|de\s+los|de",
    owner=r"del|de|al|a|en",
    list_sep=r"\s*,\s*(?:y\s+|e\s+)?|\s+[ye]\s+|\s+o\s+",
    range_sep=r"\s+a\s+|\s*[-–—]\s*",
    this_instrument=r"(?:el\s+|la\s+)?presente\s+(?:Acuerdo|Convenci[óo]n|Protocolo|Tratado)\b",
    this_article=r"(?:el\s+|la\s+)?presente\s+(?:art[íi]culo|parte|anexo)\b",
    above=r"(?:que\s+figura\s+)?(?:supra|infra|anterior(?:es)?)",
    decision=r"decisi[óo]n|decisiones",
    resolution=r"resoluci[óo]n|resoluciones",
    number_word=r"primero",
    point_form=r"\(?[a-z]\)",
    name_article=r"la|el|los|las",
    heading=r"^[ \t]*(?:(?P<a>Art[íi]culo)|(?P<p>Parte)|Anexo)\s+(?P<n>\d{1,3}|[IVXLC]{1,6})[ \t]*$",
    said_article=r"de\s+(?:dicho|ese|este\s+último)\s+art[íi]culo",
    subpoint_form=r"\(?[ivx]{1,4}\)",
    section=r"secci[óo]n(?:es)?",
    title_noun=r"\b(?:Convenci[óo]n|Convenio|Acuerdo|Protocolo|Tratado|Pacto|Carta)\b",
)


def extract(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> Found:
    """Raw citation mentions and names in ``text[lo:hi]``."""
    return _extract(WORDS, text, lex, lo, hi)
