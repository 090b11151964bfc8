"""Precision and recall of the operative clauses against the hand-checked fixture.

``fixtures/clauses_gold.json`` lists, per act, every clause of its operative
paragraphs (and continuing lettered items) read by hand: part, verb, addressees,
the object's first words. A predicted clause matches a gold one of the same part
when the verb, the set of addressees (registry paths; an agent of its own by its
label) and the object's start agree. A '~words' addressee is also matched by the
registry actor of that name (the registry has since learnt it: the Climate
Technology Centre and Network); the annotation is not changed. Run it from the
repository root::

    PYTHONPATH=$PWD/src python3 tests/ingest/clause_scoring.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).with_name("fixtures") / "clauses_gold.json"
SHARED = ROOT.parent / "shared" / "corpus"
TG = "https://w3id.org/treatygraph/ontology#"


def load_gold() -> dict:
    return json.loads(FIXTURE.read_text("utf-8"))


def _source(rel: str) -> Path:
    return ROOT / rel if rel.startswith("data/") else SHARED / rel


def predicted(graph, act_uri: str, base: str) -> list[tuple[str, str, frozenset[str], str]]:
    """(part suffix, verb, addressees, object text) of every operative clause of the act."""
    out = []
    for clause in graph.subjects(RDF.type, URIRef(TG + "Clause")):
        part = graph.value(clause, URIRef(TG + "clauseOf"))
        if (part, URIRef("http://data.europa.eu/eli/ontology#is_part_of"), URIRef(act_uri)) not in graph:
            continue
        if (part, RDF.type, URIRef(TG + "PreambularParagraph")) in graph:
            continue
        verb = str(graph.value(clause, URIRef(TG + "verb"))).rsplit("#", 1)[-1]
        addressees = set()
        for a in graph.objects(clause, URIRef(TG + "addressee")):
            if (a, RDF.type, URIRef(TG + "Agent")) in graph:
                addressees.update("~" + _norm(str(lab)) for lab in graph.objects(a, RDFS.label))
                addressees.add(str(a)[len(base):])
            else:
                addressees.add(str(a)[len(base):])
        obj = str(graph.value(clause, URIRef(TG + "objectText")) or "")
        out.append((str(part)[len(act_uri) + 1:], verb, frozenset(addressees), obj))
    return out


def registry_labels() -> dict[str, set[str]]:
    """Registry path -> its labels as '~words' (normalised like a gold agent's)."""
    from rdflib.namespace import SKOS

    from treatygraph.config import Settings
    from treatygraph.registry import Registry

    settings = Settings.from_env(root=ROOT)
    g = Registry.load(settings.registry_dir, settings.base).graph
    out: dict[str, set[str]] = {}
    for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for s, o in g.subject_objects(p):
            if str(s).startswith(settings.base):
                out.setdefault(str(s)[len(settings.base):], set()).add("~" + _norm(str(o)))
    return out


def _norm(label: str) -> str:
    return re.sub(r"^(?:the|its)\s+", "", re.sub(r"\s+", " ", label.strip()), flags=re.I).casefold()


def _matches(gold: list, pred: tuple, labels: dict[str, set[str]] | None = None) -> bool:
    part, verb, addressees, prefix = gold
    if pred[0] != part or pred[1] != verb:
        return False
    want = {("~" + _norm(a[1:])) if a.startswith("~") else a for a in addressees}
    # an agent of its own is matched by label; its URI path is in the set too (ignored unless wanted)
    got_registry = {a for a in pred[2] if not a.startswith("~") and not a.startswith("id/agent/")}
    got_labels = {a for a in pred[2] if a.startswith("~")}
    want_registry = {a for a in want if not a.startswith("~")}
    want_labels = {a for a in want if a.startswith("~")}
    # a gold agent of its own that the registry now knows: matched by the registry actor's label
    for lab in sorted(want_labels - got_labels):
        actor = next((r for r in sorted(got_registry - want_registry) if lab in (labels or {}).get(r, ())), None)
        if actor is not None:
            want_labels.discard(lab)
            want_registry.add(actor)
    if want_registry != got_registry:
        return False
    if want_labels - got_labels:
        return False
    n_agents = sum(1 for a in pred[2] if a.startswith("id/agent/"))
    if n_agents != len(want_labels):
        return False
    return pred[3].strip().startswith(prefix.strip())


def score(split: str, ingest) -> dict:
    """``ingest(path)`` -> (graph, base). Returns counts, precision, recall and the misses."""
    gold = load_gold()
    labels = registry_labels()
    tp = n_gold = n_pred = verb_tp = 0
    misses, wrong = [], []
    graphs = {}
    for act in gold["acts"]:
        if act["split"] != split:
            continue
        if act["file"] not in graphs:
            graphs[act["file"]] = ingest(_source(act["file"]))
        graph, base = graphs[act["file"]]
        preds = predicted(graph, base + act["act"], base)
        left = list(preds)
        n_gold += len(act["clauses"])
        n_pred += len(preds)
        for g in act["clauses"]:
            hit = next((p for p in left if _matches(g, p, labels)), None)
            if hit is None:
                misses.append((act["act"], *g[:2]))
            else:
                tp += 1
                left.remove(hit)
        wrong.extend((act["act"], p[0], p[1], sorted(p[2]), p[3][:40]) for p in left)
        verbs_left = [(p[0], p[1]) for p in preds]
        for g in act["clauses"]:
            if (g[0], g[1]) in verbs_left:
                verbs_left.remove((g[0], g[1]))
                verb_tp += 1
    return {"gold": n_gold, "predicted": n_pred, "correct": tp,
            "precision": tp / n_pred if n_pred else 0.0, "recall": tp / n_gold if n_gold else 0.0,
            "verb_precision": verb_tp / n_pred if n_pred else 0.0, "verb_recall": verb_tp / n_gold if n_gold else 0.0,
            "misses": misses, "wrong": wrong}


def _ingest_with_repository_settings():
    from treatygraph.config import Settings
    from treatygraph.ingest.rdf import ingest_document
    from treatygraph.registry import Registry

    settings = Settings.from_env(root=ROOT)
    registry = Registry.load(settings.registry_dir, settings.base)
    return lambda path: (ingest_document(path, registry, settings).graph, settings.base)


if __name__ == "__main__":
    ingest = _ingest_with_repository_settings()
    for split in ("dev", "tuned", "heldout", "heldout2"):
        r = score(split, ingest)
        print(f"{split}: {r['correct']}/{r['predicted']} predicted correct, {r['correct']}/{r['gold']} gold found: "
              f"precision {r['precision']:.2f}, recall {r['recall']:.2f} "
              f"(part and verb only: precision {r['verb_precision']:.2f}, recall {r['verb_recall']:.2f})")
        for m in r["misses"]:
            print("  missed", *m)
        for w in r["wrong"]:
            print("  wrong ", *w)
