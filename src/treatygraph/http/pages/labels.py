"""What a page calls a resource, in the reader's language.

* :func:`pick` chooses among language-tagged literals by the reader's
  preferences (:func:`treatygraph.http.pages.language.preferences`);
* :func:`display_label` is the name of a node: its label or title in the
  reader's language, else a name made from its identifier as people write it
  (:func:`name_of` — "Article 19, paragraph 3 (g)", "Annex 3 › preambular
  paragraph 1", "Decision 1/CP.21"), else a short form of the IRI;
* :func:`heading` says what an act, a session or a document is and where it
  comes from: "Decision X/20 of the Conference of the Parties to the
  Convention on Biological Diversity (COP 10, Nagoya, 2010)".

The words used to name parts are the only translated strings here, in the
six UN languages (:data:`WORDS`); anything else comes from the graph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from ... import identifiers as ids
from ...namespaces import ELI

#: Properties naming a resource, best first.
NAME_PROPS = (SKOS.prefLabel, RDFS.label)
#: Properties titling a resource (a document's title, an article's heading).
TITLE_PROPS = (DCTERMS.title, ELI.title)

#: How each language names the steps of an identifier: ``{n}`` is the number.
WORDS: dict[str, dict[str, str]] = {
    "en": {"art": "Article {n}", "para": "paragraph {n}", "pp": "preambular paragraph {n}",
           "annex": "Annex {n}", "appendix": "Appendix {n}", "fn": "footnote {n}", "section": "section {n}",
           "summary": "summary {n}", "part": "Part {n}", "row": "row {n}", "item": "item {n}",
           "chapter": "Chapter {n}", "decision": "Decision {n}", "resolution": "Resolution {n}",
           "recommendation": "Recommendation {n}", "point": "({n})", "sep": ", ", "of": "{a} of the {b}"},
    "fr": {"art": "Article {n}", "para": "paragraphe {n}", "pp": "alinéa {n} du préambule",
           "annex": "Annexe {n}", "appendix": "Appendice {n}", "fn": "note {n}", "section": "section {n}",
           "summary": "résumé {n}", "part": "Partie {n}", "row": "ligne {n}", "item": "point {n}",
           "chapter": "Chapitre {n}", "decision": "Décision {n}", "resolution": "Résolution {n}",
           "recommendation": "Recommandation {n}", "point": "({n})", "sep": ", ", "of": "{a} de {b}"},
    "es": {"art": "Artículo {n}", "para": "párrafo {n}", "pp": "párrafo {n} del preámbulo",
           "annex": "Anexo {n}", "appendix": "Apéndice {n}", "fn": "nota {n}", "section": "sección {n}",
           "summary": "resumen {n}", "part": "Parte {n}", "row": "fila {n}", "item": "tema {n}",
           "chapter": "Capítulo {n}", "decision": "Decisión {n}", "resolution": "Resolución {n}",
           "recommendation": "Recomendación {n}", "point": "({n})", "sep": ", ", "of": "{a} de {b}"},
    "ru": {"art": "Статья {n}", "para": "пункт {n}", "pp": "пункт {n} преамбулы",
           "annex": "Приложение {n}", "appendix": "Добавление {n}", "fn": "сноска {n}", "section": "раздел {n}",
           "summary": "резюме {n}", "part": "Часть {n}", "row": "строка {n}", "item": "пункт {n}",
           "chapter": "Глава {n}", "decision": "Решение {n}", "resolution": "Резолюция {n}",
           "recommendation": "Рекомендация {n}", "point": "({n})", "sep": ", ", "of": "{a}: {b}"},
    "ar": {"art": "المادة {n}", "para": "الفقرة {n}", "pp": "فقرة الديباجة {n}",
           "annex": "المرفق {n}", "appendix": "التذييل {n}", "fn": "الحاشية {n}", "section": "الفرع {n}",
           "summary": "الموجز {n}", "part": "الجزء {n}", "row": "الصف {n}", "item": "البند {n}",
           "chapter": "الفصل {n}", "decision": "المقرر {n}", "resolution": "القرار {n}",
           "recommendation": "التوصية {n}", "point": "({n})", "sep": "، ", "of": "{a} - {b}"},
    "zh": {"art": "第{n}条", "para": "第{n}段", "pp": "序言部分第{n}段",
           "annex": "附件{n}", "appendix": "附录{n}", "fn": "脚注{n}", "section": "第{n}节",
           "summary": "摘要{n}", "part": "第{n}部分", "row": "第{n}行", "item": "项目{n}",
           "chapter": "第{n}章", "decision": "第{n}号决定", "resolution": "第{n}号决议",
           "recommendation": "第{n}号建议", "point": "({n})项", "sep": "", "of": "{b}{a}"},
}
#: The article paragraph in Chinese is a 款, not a 段.
_ZH_ARTICLE_PARAGRAPH = "第{n}款"


def words(langs: list[str]) -> dict[str, str]:
    """The naming words of the reader's first language that has them (English at the end)."""
    return next((WORDS[lang] for lang in langs if lang in WORDS), WORDS["en"])


def pick(values: Iterable[Node], langs: list[str]) -> Literal | None:
    """The literal in the first of ``langs`` that has one; else an untagged one; else any."""
    literals = [v for v in values if isinstance(v, Literal)]
    if not literals:
        return None
    for lang in langs:
        for v in literals:
            if (v.language or "").lower().split("-")[0] == lang:
                return v
    untagged = [v for v in literals if not v.language]
    return (untagged or sorted(literals, key=lambda v: (v.language or "", str(v))))[0]


def label_in(graph: Graph, node: Node, lang: str) -> str | None:
    """The ``rdfs:label``/``skos:prefLabel`` of ``node`` in ``lang`` (None when there is none)."""
    for prop in (RDFS.label, SKOS.prefLabel):
        for value in graph.objects(node, prop):
            if isinstance(value, Literal) and (value.language or "").lower().startswith(lang):
                return str(value)
    return None


def text_in(graph: Graph, node: Node, prop: URIRef, langs: list[str]) -> Literal | None:
    """The value of ``prop`` on ``node`` in the reader's language (fallbacks as :func:`pick`)."""
    return pick(graph.objects(node, prop), langs)


def _number(graph: Graph, node: Node) -> str | None:
    for prop in (SKOS.notation,):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return None


def _numbered(template: str, n: str) -> str:
    return template.replace("{n}", n)


def provision_name(steps: tuple[str, ...], langs: list[str]) -> str:
    """``('19','3','g')`` -> "Article 19, paragraph 3 (g)"; ``('8','j')`` -> "Article 8 (j)"."""
    w = words(langs)
    zh = w is WORDS["zh"]
    out = _numbered(w["art"], steps[0])
    rest = list(steps[1:])
    if rest and rest[0].isdigit():
        para = _numbered(_ZH_ARTICLE_PARAGRAPH if zh else w["para"], rest.pop(0))
        out = (out + para) if zh else out + w["sep"] + para
    for point in rest:
        out += ("" if zh else " ") + _numbered(w["point"], point)
    return out


def steps_name(steps: tuple[tuple[str, str], ...], langs: list[str]) -> str:
    """``(("annex","3"),("pp","1"))`` -> "Annex 3 › preambular paragraph 1"."""
    w = words(langs)
    names = []
    for kind, number in steps:
        template = w.get(kind, kind + " {n}")
        names.append(_numbered(template, number.replace(".", " ") if kind == "fn" else _dotted(kind, number)))
    return " › ".join(names)


def _dotted(kind: str, number: str) -> str:
    """A paragraph path as written: ``31.d`` -> ``31 (d)``, ``4.2`` stays."""
    if kind in ("para", "pp") and "." in number:
        head, *tail = number.split(".")
        if all(re.fullmatch(r"[a-z]{1,2}|[ivx]+", t) for t in tail):
            return head + "".join(f" ({t})" for t in tail)
    return number


def act_name(kind: str, number: str, langs: list[str]) -> str:
    return _numbered(words(langs).get(kind, kind.capitalize() + " {n}"), number)


@lru_cache(maxsize=65536)
def parse(uri: str, base: str):
    """``identifiers.parse``, remembered (a page names hundreds of parts), None for other IRIs."""
    try:
        return ids.parse(uri, base)
    except ids.IdentifierError:
        return None


def name_of(uri: str, base: str, langs: list[str], graph: Graph | None = None) -> str | None:
    """A name made from an identifier of ours, as people write it; None for other IRIs."""
    ref = parse(uri, base)
    if ref is None:
        return None
    if isinstance(ref, ids.Provision):
        return provision_name(ref.steps, langs)
    if isinstance(ref, ids.Act):
        number = (_number(graph, URIRef(uri)) if graph is not None else None) or _act_number(ref.number)
        return act_name(ref.kind, number, langs)
    if isinstance(ref, ids.Part):
        own = steps_name(ref.steps, langs)
        if isinstance(ref.parent, ids.Act):
            return name_of(ids.mint(ref.parent, base), base, langs, graph) + " › " + own
        return own
    if isinstance(ref, ids.Session):
        return f"{ref.body.upper()} {ref.number}"
    if isinstance(ref, ids.Body):
        return f"{ref.inst.upper()} {ref.body.upper()}"
    if isinstance(ref, ids.Entity):
        return ref.code.upper()
    if isinstance(ref, ids.Document):
        return ids.path_to_symbol(ref.key) if "/" in ref.key else ref.key
    return None


def _act_number(path: str) -> str:
    """``1-CP.21`` -> ``1/CP.21``, ``X-20`` -> ``X/20`` (the written number, when the graph has none)."""
    return path.replace("-", "/", 1) if re.match(r"^[A-Za-z0-9]+-", path) else path


def display_label(graph: Graph, node: Node, langs: list[str] | None = None, base: str = ids.DEFAULT_BASE) -> str:
    """The name a page shows for ``node`` (see the module docstring)."""
    langs = langs or ["en", "zh"]
    for props in (NAME_PROPS,):
        found = pick((v for p in props for v in graph.objects(node, p)), langs)
        if found is not None:
            return str(found)
    if isinstance(node, URIRef):
        made = name_of(str(node), base, langs, graph)
        if made:
            title = pick((v for p in TITLE_PROPS for v in graph.objects(node, p)), langs)
            ref_kind = _kind(str(node), base)
            if title is not None and ref_kind in ("document",):
                return str(title)
            return made
    title = pick((v for p in TITLE_PROPS for v in graph.objects(node, p)), langs)
    if title is not None:
        return str(title)
    value = graph.value(node, SKOS.notation)
    if value is not None:
        return str(value)
    text = str(node)
    if isinstance(node, URIRef) and "/id/" in text:
        return text.rsplit("/id/", 1)[1]
    return qname(graph, node)


def _kind(uri: str, base: str) -> str:
    ref = parse(uri, base)
    return type(ref).__name__.lower() if ref is not None else ""


def qname(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node).strip("<>")
        except Exception:  # noqa: BLE001 - rdflib raises various errors for odd IRIs
            return str(node)
    return str(node)


def _year(value) -> str:
    return str(value)[:4] if value else ""


def _place(value) -> str:
    """The city of a session's place ("Nagoya" of "Nagoya, Aichi Prefecture, Japan")."""
    return str(value).split(",")[0].strip() if value else ""


def heading(name: str, facts: dict, langs: list[str]) -> str:
    """``name`` with what it is of and where it comes from, from :data:`resource-heading` facts.

    ``facts``: ``body_label``, ``session_label``, ``place``, ``start``, ``date`` (any may be missing).
    """
    where = [x for x in (facts.get("session_label"), _place(facts.get("place")),
                         _year(facts.get("start") or facts.get("date"))) if x]
    out = name
    if facts.get("body_label"):
        out = words(langs)["of"].replace("{a}", out).replace("{b}", str(facts["body_label"]))
    if where:
        out += " (" + ", ".join(dict.fromkeys(where)) + ")"
    return out


def qualified_name(uri: str, base: str, langs: list[str]) -> str | None:
    """:func:`name_of` with the instrument in front where the name alone is ambiguous
    ("CBD Article 15", "CBD Decision X/20", "UNFCCC Decision 1/CP.21 › paragraph 53")."""
    name = name_of(uri, base, langs)
    ref = parse(uri, base)
    while isinstance(ref, ids.Part) and not isinstance(ref.parent, ids.Document):
        ref = ref.parent
    inst = getattr(ref, "inst", None) if isinstance(ref, (ids.Provision, ids.Act)) else None
    return f"{inst.upper()} {name}" if name and inst else name


def name_within(uri: str, whole: str, base: str, langs: list[str]) -> str | None:
    """The name of a part as read inside ``whole`` ("preambular paragraph 1" in Decision 1/CP.21)."""
    ref, outer = parse(uri, base), parse(whole, base)
    if isinstance(ref, ids.Part):
        if ref.parent == outer:
            return steps_name(ref.steps, langs)
        if isinstance(outer, ids.Part) and outer.parent == ref.parent and ref.steps[:len(outer.steps)] == outer.steps:
            return steps_name(ref.steps[len(outer.steps):], langs)
    if isinstance(ref, ids.Provision) and isinstance(outer, ids.Provision) and ref.inst == outer.inst \
            and ref.steps[:len(outer.steps)] == outer.steps and ref.steps != outer.steps:
        name, head = provision_name(ref.steps, langs), provision_name(outer.steps, langs)
        if name.startswith(head):
            return name[len(head):].lstrip(" ,、،") or name
    return name_of(uri, base, langs)


__all__ = ["WORDS", "name_within", "qualified_name", "parse", "pick", "label_in", "text_in", "display_label", "name_of", "provision_name",
           "steps_name", "act_name", "heading", "qname", "words"]
