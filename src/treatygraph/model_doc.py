"""Generate the "at a glance" part of ``docs/model.md`` from the ontology.

``python -m treatygraph.model_doc`` rewrites the text between the
``<!-- BEGIN GENERATED -->`` and ``<!-- END GENERATED -->`` markers: a Mermaid
class diagram (classes, subclass links, object properties as associations,
datatype properties as attributes) and tables of classes and properties.
``--check`` exits 1 when the file is out of date (a test runs the same check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import PREFIXES, TG

BEGIN = "<!-- BEGIN GENERATED (python -m treatygraph.model_doc) -->"
END = "<!-- END GENERATED -->"


def _short(g: Graph, node) -> str:
    if isinstance(node, URIRef):
        s = str(node)
        if s.startswith(str(TG)):
            return s[len(str(TG)):]
        for prefix, ns in PREFIXES.items():
            if s.startswith(str(ns)):
                return f"{prefix}:{s[len(str(ns)):]}"
        if s.startswith("http://xmlns.com/foaf/0.1/"):
            return "foaf:" + s[len("http://xmlns.com/foaf/0.1/"):]
        return s
    return "?"


def _members(g: Graph, node) -> list:
    """A class or datatype, or the members of an ``owl:unionOf`` (also behind owl:equivalentClass)."""
    if isinstance(node, BNode):
        union = g.value(node, OWL.unionOf)
        if union is not None:
            return list(Collection(g, union))
    if isinstance(node, URIRef):
        eq = g.value(node, OWL.equivalentClass)
        if isinstance(eq, BNode) and g.value(eq, OWL.unionOf) is not None:
            return [node]
    return [node]


def _label(g: Graph, node, lang: str) -> str:
    for o in g.objects(node, RDFS.label):
        if getattr(o, "language", None) == lang:
            return str(o)
    return ""


def _tg_terms(g: Graph, kind) -> list[URIRef]:
    return sorted(
        (s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(TG))),
        key=str,
    )


def _terms(g: Graph, nodes) -> str:
    return " ∪ ".join(_short(g, m) for n in nodes for m in _members(g, n)) or "—"


def mermaid(g: Graph) -> str:
    """A Mermaid ``classDiagram`` of the ontology's classes and properties."""
    classes = _tg_terms(g, OWL.Class)
    names = {c: _short(g, c) for c in classes}
    lines = ["classDiagram", "    direction LR"]
    attrs: dict[URIRef, list[str]] = {c: [] for c in classes}
    for p in _tg_terms(g, OWL.DatatypeProperty) + _tg_terms(g, OWL.AnnotationProperty):
        rng = _terms(g, g.objects(p, RDFS.range)).replace(" ∪ ", "|")
        for d in g.objects(p, RDFS.domain):
            for m in _members(g, d):
                if m in attrs:
                    attrs[m].append(f"+{_short(g, p)} {rng}")
    for c in classes:
        ext = [_short(g, s) for s in g.objects(c, RDFS.subClassOf) if not str(s).startswith(str(TG))]
        body = [f"        <<{', '.join(sorted(ext))}>>"] if ext else []
        body += [f"        {a}" for a in sorted(attrs[c])]
        if body:
            lines += [f"    class {names[c]} {{", *body, "    }"]
        else:
            lines.append(f"    class {names[c]}")
    for c in classes:
        for s in sorted(g.objects(c, RDFS.subClassOf), key=str):
            if s in names:
                lines.append(f"    {names[s]} <|-- {names[c]}")
    seen_inverse: set[URIRef] = set()
    for p in _tg_terms(g, OWL.ObjectProperty):
        if p in seen_inverse:
            continue
        seen_inverse.update(g.objects(p, OWL.inverseOf))
        for d in g.objects(p, RDFS.domain):
            for dm in _members(g, d):
                for r in g.objects(p, RDFS.range):
                    for rm in _members(g, r):
                        if dm in names and rm in names:
                            lines.append(f"    {names[dm]} --> {names[rm]} : {_short(g, p)}")
    return "\n".join(lines)


def tables(g: Graph) -> str:
    """Markdown tables of classes and properties with their labels, domains and ranges."""
    out = ["### Classes", "", "| class | ⊑ | en | zh |", "|---|---|---|---|"]
    for c in _tg_terms(g, OWL.Class):
        sup = ", ".join(sorted(_short(g, s) for s in g.objects(c, RDFS.subClassOf))) or "—"
        out.append(f"| `tg:{_short(g, c)}` | {sup} | {_label(g, c, 'en')} | {_label(g, c, 'zh')} |")
    out += ["", "### Properties", "", "| property | kind | domain | range | ⊑ / inverse | en | zh |", "|---|---|---|---|---|---|---|"]
    props = (
        [(p, "object") for p in _tg_terms(g, OWL.ObjectProperty)]
        + [(p, "datatype") for p in _tg_terms(g, OWL.DatatypeProperty)]
        + [(p, "annotation") for p in _tg_terms(g, OWL.AnnotationProperty)]
    )
    for p, kind in sorted(props, key=lambda t: str(t[0])):
        rel = [_short(g, s) for s in g.objects(p, RDFS.subPropertyOf)]
        rel += [f"inverse of `tg:{_short(g, i)}`" for i in g.objects(p, OWL.inverseOf)]
        out.append(
            f"| `tg:{_short(g, p)}` | {kind} | {_terms(g, g.objects(p, RDFS.domain))} | "
            f"{_terms(g, g.objects(p, RDFS.range))} | {', '.join(sorted(rel)) or '—'} | "
            f"{_label(g, p, 'en')} | {_label(g, p, 'zh')} |"
        )
    schemes = sorted(
        (s for s in g.subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"))
         if str(s).startswith(str(TG))),
        key=str,
    )
    out += ["", "### Code lists (SKOS concept schemes in the ontology)", ""]
    skos = "http://www.w3.org/2004/02/skos/core#"
    for s in schemes:
        concepts = sorted(c for c in g.subjects(URIRef(skos + "inScheme"), s))
        items = ", ".join(f"`tg:{_short(g, c)}` ({_label(g, c, 'zh')})" for c in concepts)
        out.append(f"- `tg:{_short(g, s)}` — {items}")
    return "\n".join(out)


def counts(g: Graph) -> dict[str, int]:
    """Numbers of tg: classes, object/datatype/annotation properties and code-list concepts."""
    return {
        "classes": len(_tg_terms(g, OWL.Class)),
        "object properties": len(_tg_terms(g, OWL.ObjectProperty)),
        "datatype properties": len(_tg_terms(g, OWL.DatatypeProperty)),
        "annotation properties": len(_tg_terms(g, OWL.AnnotationProperty)),
        "concepts": len(_tg_terms(g, URIRef("http://www.w3.org/2004/02/skos/core#Concept"))),
    }


def generated(g: Graph) -> str:
    """The whole generated section (between the markers)."""
    c = counts(g)
    summary = ", ".join(f"{v} {k}" for k, v in c.items())
    return "\n".join([BEGIN, "", f"The ontology declares {summary}.", "", "```mermaid", mermaid(g), "```", "", tables(g), "", END])


def update(doc: Path, g: Graph) -> bool:
    """Rewrite the generated section of ``doc``; True when the file changed."""
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{doc}: markers {BEGIN!r} / {END!r} not found")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = head + generated(g) + tail
    if new == text:
        return False
    doc.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    from .config import Settings
    from .validate import load_ontology

    parser = argparse.ArgumentParser(prog="python -m treatygraph.model_doc", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/model.md is out of date")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    doc = settings.root / "docs" / "model.md"
    g = load_ontology(settings)
    if args.check:
        text = doc.read_text(encoding="utf-8")
        ok = generated(g) in text
        print(f"{doc}: {'up to date' if ok else 'OUT OF DATE: run python -m treatygraph.model_doc'}")
        return 0 if ok else 1
    print(f"{doc}: {'updated' if update(doc, g) else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
