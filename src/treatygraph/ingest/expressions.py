"""One work, several languages: the language versions (ELI expressions) of an instrument's text.

An instrument and its provisions are *works* with language-neutral URIs
(``id/bbnj``, ``id/bbnj/art/52``). Each ingested language version of the text
is an ``eli:LegalExpression`` beside the work, minted by
:class:`treatygraph.identifiers.Expression` (``id/bbnj/text/fr``), and so is
each provision's text in that language (``id/bbnj/art/52/text/fr``):

- the expression ``eli:realizes`` the work (``eli:is_realized_by`` back),
  has ``eli:language`` (the EU language authority URI) and ``dcterms:language``
  (the code), ``eli:title`` (its title, language-tagged), ``eli:is_part_of``
  the expression of the enclosing provision or of the whole text, its place in
  the source file (``tg:startOffset``/``tg:endOffset``) and
  ``prov:wasDerivedFrom`` the document it was read from;
- the work provision carries its title (``dcterms:title``) and text
  (``tg:text``) in every language as language-tagged literals, so the six
  versions of Article 52 are aligned by construction: they are one URI.

Labels: the title line of a language version names the instrument in that
language, and a definition whose defined name recurs in that title ("“Convention”
means the United Nations Convention on the Law of the Sea ...", in an Agreement
"under the United Nations Convention on the Law of the Sea") names the
instrument's parent instrument (``tg:parentInstrument``). Both become
``skos:altLabel`` of the instrument, each with an ``skosxl:Label`` saying where
it was read (``prov:wasDerivedFrom`` the part, ``tg:startOffset``,
``tg:extracted true``); curated registry labels carry ``tg:curationNote``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from .. import identifiers as ids
from ..namespaces import ELI, SKOSXL, TG
from ..triples import TripleSet, literal
from .model import Segment, text_literal

#: ISO 639-1 codes -> the EU Publications Office language authority (what ``eli:language`` points to).
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_LANGUAGE_CODES = {"ar": "ARA", "en": "ENG", "es": "SPA", "fr": "FRA", "ru": "RUS", "zh": "ZHO"}


def language_uri(lang: str) -> URIRef | None:
    code = EU_LANGUAGE_CODES.get(lang)
    return EU_LANGUAGE[code] if code else None


def is_instrument_text(p: Segment) -> bool:
    """A segment that is part of an instrument's own text (a provision, a part, an annex of the treaty)."""
    return isinstance(p.ref, ids.Provision) or (isinstance(p.ref, ids.Part) and isinstance(p.ref.parent, ids.Entity))


def _instrument_of(ref) -> str:
    return ref.inst if isinstance(ref, ids.Provision) else ref.parent.code


def _typed_expression(g: Graph | TripleSet, expr: URIRef, work: URIRef, lang: str, doc: URIRef, run: URIRef) -> None:
    g.add((expr, RDF.type, ELI.LegalExpression))
    g.add((expr, RDF.type, TG.Expression))
    g.add((expr, ELI.realizes, work))
    g.add((work, ELI.is_realized_by, expr))
    g.add((expr, DCTERMS.language, literal(lang)))
    lu = language_uri(lang)
    if lu is not None:
        g.add((expr, ELI.language, lu))
    g.add((expr, PROV.wasDerivedFrom, doc))
    g.add((expr, PROV.wasGeneratedBy, run))


def describe_expressions(g: Graph | TripleSet, text: str, parts: list[Segment], doc: URIRef, run: URIRef,
                         base: str, titles: dict[str, str] | None = None,
                         parent_of: Callable[[str], str | None] = lambda code: None,
                         doc_ref: ids.Document | None = None, doc_lang: str | None = None) -> list[str]:
    """Add the language versions of the instrument text among ``parts``; returns the instruments seen.

    ``titles`` are the document's titles by language; ``parent_of(code)`` the instrument
    an instrument supplements (for the label its definitions give). A document that is
    not an instrument's text (``doc_ref``, in ``doc_lang``) is itself the work: its
    language version ``id/doc/{key}/text/{lang}`` realizes it, so a document ingested in
    two languages has two versions of one work.
    """
    by_steps = {p.steps: p for p in parts}
    insts: dict[str, str] = {}
    for p in parts:
        if not is_instrument_text(p):
            continue
        inst = _instrument_of(p.ref)
        lang = p.lang
        insts.setdefault(inst, lang)
        work = URIRef(ids.mint(p.ref, base))
        expr = URIRef(ids.mint(ids.Expression(p.ref, lang), base))
        _typed_expression(g, expr, work, lang, doc, run)
        parent = by_steps.get(p.parent) if p.parent is not None else None
        if parent is not None and is_instrument_text(parent):
            up = URIRef(ids.mint(ids.Expression(parent.ref, parent.lang), base))
        elif isinstance(p.ref, ids.Provision) and len(p.ref.steps) > 1:
            up = URIRef(ids.mint(ids.Expression(p.ref.parent(), lang), base))
        else:
            up = URIRef(ids.mint(ids.Expression(ids.Entity(inst), lang), base))
        g.add((expr, ELI.is_part_of, up))
        g.add((up, ELI.has_part, expr))
        if p.title:
            g.add((expr, ELI.title, literal(text_literal(p.title), lang=lang)))
        g.add((expr, TG.startOffset, literal(p.start)))
        g.add((expr, TG.endOffset, literal(p.end)))
    if not insts and doc_ref is not None and doc_lang:
        whole = URIRef(ids.mint(ids.Expression(doc_ref, doc_lang), base))
        _typed_expression(g, whole, doc, doc_lang, doc, run)
        title = (titles or {}).get(doc_lang)
        if title:
            g.add((whole, ELI.title, literal(text_literal(title), lang=doc_lang)))
    for inst, lang in insts.items():
        work = URIRef(ids.mint(ids.Entity(inst), base))
        whole = URIRef(ids.mint(ids.Expression(ids.Entity(inst), lang), base))
        _typed_expression(g, whole, work, lang, doc, run)
        g.add((doc, TG.publishes, whole))
        title = (titles or {}).get(lang)
        if title:
            g.add((whole, ELI.title, literal(text_literal(title), lang=lang)))
        for label, part_ref, start in stated_names(text, parts, inst, title, parent_of(inst)):
            _label(g, label, lang, part_ref, start, doc, run, base)
    return list(insts)


# ------------------------------------------------------------------ labels


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return re.sub(r"[\s\u00a0]+", " ", re.sub(r"[’'`]", "'", s)).strip()


_DATE_TAIL = re.compile(r"[\s,]*(?:of|du|de|del|от|المؤرخة)?\s*\d{1,2}\s+(?:de\s+)?\S+\s+(?:/\s*\S+\s+)?(?:de\s+)?\d{4}"
                        r"\s*(?:года|г\.)?\s*[.;]?\s*$")
_CN_DIGIT = "[0-9〇零一二三四五六七八九十]"
_DATE_HEAD = re.compile(r"^\s*" + _CN_DIGIT + r"{4}\s*年\s*" + _CN_DIGIT + r"{1,2}\s*月\s*" + _CN_DIGIT
                        + r"{1,3}\s*日\s*(?:的)?")
#: A definition: a quoted term, then what it means ("“Convention” means ...", "« Convention » la ...").
_DEFINITION = re.compile(
    r"^\s*(?:\d{1,2}\.\s*|[（(][一二三四五六七八九十]+[）)]\s*|-\s*\d{1,2}\s*)?(?:Por\s+|Под\s+)?"
    r"[“\"«„](?P<term>[^”\"»“]{1,60})[”\"»“]\s*(?:,\s*)?(?P<def>.+)$", re.S)
#: What a definition says before the name. Not Russian "означает": the name after it is in the
#: accusative ("Конвенцию ..."), not the form a label takes.
_MEANS = re.compile(r"^(?:means|signifie|significa|se entiende|是指|يقصد\s+ب\S*|يعني)\s*", re.I)
_ARTICLE_WORDS = re.compile(r"^(?:the|la|le|les|el|los|las|l')\s*", re.I)


def definition_name(par: str) -> str | None:
    """The name a definition paragraph gives its term, date and articles removed (``None``: not a definition)."""
    m = _DEFINITION.match(par.strip())
    if not m:
        return None
    d = _MEANS.sub("", m.group("def").strip())
    d = _DATE_HEAD.sub("", d)
    d = _DATE_TAIL.sub("", d).strip(" .;；。")
    d = _ARTICLE_WORDS.sub("", d)
    d = d.strip("《》 ")
    return d or None


def _named_in(name: str, title: str) -> bool:
    """True when ``name`` (or, for an inflected first word, the rest of it) is written in ``title``."""
    n, t = _fold(name), _fold(title)
    if len(n) >= 6 and n in t:
        return True
    rest = n.split(" ", 1)[1] if " " in n else ""
    return len(rest.split()) >= 3 and rest in t


def title_line(text: str) -> tuple[str, int] | None:
    """The first line of a text (its printed title) and where it starts."""
    m = re.search(r"\S[^\n]*", text)
    return (m.group().strip(), m.start()) if m else None


def stated_names(text: str, parts: list[Segment], inst: str, title: str | None,
                 parent_instrument: str | None) -> list[tuple[tuple[str, str], ids.Ref | None, int]]:
    """Names the text states: ``((label, instrument code), part ref or None, offset)``."""
    out: list[tuple[tuple[str, str], ids.Ref | None, int]] = []
    line = title_line(text)
    printed = line[0] if line else title
    if line is not None and len(line[0]) > 12:
        out.append(((line[0], inst), None, line[1]))
    if parent_instrument and printed:
        for p in parts:
            if isinstance(p.ref, ids.Provision) and p.ref.steps[0] == "1" and len(p.ref.steps) >= 2:
                name = definition_name(p.text(text))
                if name and _named_in(name, printed):
                    out.append(((name, parent_instrument), p.ref, p.start + p.text(text).find(name[:4])))
                    break
    return out


def _label(g: Graph | TripleSet, label: tuple[str, str], lang: str, part_ref, start: int, doc: URIRef, run: URIRef,
           base: str) -> None:
    name, code = label
    target = URIRef(ids.mint(ids.Entity(code), base))
    where = URIRef(ids.mint(part_ref, base)) if part_ref is not None else doc
    source = URIRef(ids.mint(ids.Expression(part_ref, lang), base)) if part_ref is not None else doc
    node = URIRef(ids.label_uri(str(source), start))
    g.add((target, SKOS.altLabel, literal(name, lang=lang)))
    g.add((target, SKOSXL.altLabel, node))
    g.add((node, RDF.type, SKOSXL.Label))
    g.add((node, SKOSXL.literalForm, literal(name, lang=lang)))
    g.add((node, PROV.wasDerivedFrom, where))
    g.add((node, TG.startOffset, literal(max(start, 0))))
    g.add((node, TG.extracted, literal(True)))
    g.add((node, PROV.wasGeneratedBy, run))


__all__ = ["describe_expressions", "is_instrument_text", "definition_name", "stated_names", "language_uri",
           "SKOSXL", "EU_LANGUAGE"]
