"""Short names a document defines in its own words, in every language (its "Use of terms").

``“Convention” means the United Nations Convention on the Law of the Sea`` (read
by :func:`.instrument_forms.defined_instruments`), ``« Convention » la
Convention des Nations Unies sur le droit de la mer``, ``Por “Convención” se
entiende la Convención de las Naciones Unidas …``, ``«Конвенция» означает
Конвенцию Организации Объединенных Наций …``, ``يقصد بعبارة "الاتفاقية" اتفاقية
الأمم المتحدة …``, ``“《公约》”是指……《联合国海洋法公约》``. The definition decides what
the short name means in that document before any other rule of the resolver
(:meth:`.resolve.Resolver.short_name_why`); the name defined must be a full
name the registry knows, else the short name is defined as unknown (``"?"``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...registry import normalise_alias
from .common import Lexicon

#: per language: the definition's opening, with the term (group ``term``); the name follows
_DEFINES = {
    "fr": r"[«“\"]\s*(?P<term>[A-ZÀ-Ý][\w’' -]{1,40}?)\s*[»”\"]\s*(?:s[’']entend\s+(?:de\s+)?|désigne\s+)?",
    "es": r"Por\s+[«“\"](?P<term>[A-ZÁÉÍÓÚ][\w -]{1,40}?)[»”\"]\s+se\s+entiende\s+",
    "ru": r"[«“\"](?P<term>[А-ЯЁ][\w -]{1,40}?)[»”\"]\s+означа[ею]т\s+",
    "ar": r"يقصد\s+ب(?:عبارة|مصطلح|كلمة)\s+[\"“«]?(?P<term>[\u0600-\u06ff]+)[\"”»]?\s*",
    "zh": r"“(?P<term>《[^《》“”]{1,10}》)”\s*(?:是)?指\s*",
}
#: articles a language writes before a short name ("la Convention", "el Acuerdo")
_ARTICLES = {"fr": ("la ", "le ", "l’", "l'"), "es": ("la ", "el ")}


def _words(lang: str):
    from . import ar, es, fr, ru

    return {"fr": fr.WORDS, "es": es.WORDS, "ru": ru.WORDS, "ar": ar.WORDS}.get(lang)


def _key(term: str, lang: str, lex: Lexicon) -> str:
    """The registry's short-name key the term stands for (``Convention`` -> ``la convention``)."""
    keys = [normalise_alias(term)] + [normalise_alias(a + term) for a in _ARTICLES.get(lang, ())]
    return next((k for k in keys if k in lex.short_names), keys[-1] if lang in _ARTICLES else keys[0])


def _named_at(text: str, pos: int, lex: Lexicon, lang: str) -> str | None:
    """The instrument fully named at ``pos`` (after a date in Chinese), or None."""
    if lang == "zh":
        m = re.compile(r"[^《。；\n]{0,20}?(?P<name>《[^《》]{2,60}》)").match(text, pos)
        return lex.instruments.get(normalise_alias(m.group("name"))) if m else None
    w = _words(lang)
    from .worded import name_at

    found = name_at(text, pos, lex, w)
    return found[0].get("inst") if found else None


@lru_cache(maxsize=8)
def defined_in_languages(text: str, lex: Lexicon) -> dict[str, str]:
    """``{short-name key: instrument code}`` of the definitions written in the document's language
    (fr, es, ru, ar or zh).

    A term defined as two different instruments is dropped; one defined as a
    name the registry lacks maps to ``"?<the words defining it>"``.
    """
    from . import document_language

    seen: dict[str, set[str]] = {}
    lang = document_language(text)
    if lang in _DEFINES:
        rx = _DEFINES[lang]
        for m in re.finditer(rx, text):
            key = _key(m.group("term").strip(), lang, lex)
            if key not in lex.short_names:
                continue
            inst = _named_at(text, m.end(), lex, lang)
            seen.setdefault(key, set()).add(inst or "?" + text[m.end():m.end() + 60].split("\n")[0].strip())
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def defined_instruments(text: str, lex: Lexicon) -> dict[str, str]:
    """Every short name the document defines, English and the other languages."""
    from .instrument_forms import defined_instruments as defined_in_english

    return {**defined_in_languages(text, lex), **defined_in_english(text, lex)}


__all__ = ["defined_instruments", "defined_in_languages"]
