"""A scaled corpus in the real graph's shape, deterministic from a seed.

Two generators:

* :func:`generate_graph` writes N-Quads of about ``triples`` triples: the real
  ontology and registry graphs; synthetic instruments (``id/bench-i``) with
  articles down to the point level, a governing body, numbered sessions,
  decisions and their operative paragraphs (verb, actor, zh text, ``eli:cites``
  of provisions), all with zh/en labels, added to the registry graph; and
  ingested-document graphs: the real source document's graph (ingested now
  with :func:`treatygraph.ingest.ingest_document`) repeated under new slugs,
  each copy with its own parts, ``tg:Citation`` nodes (quote, offsets, citing
  part) and extraction run, half of its decision citations redirected to the
  synthetic decisions (so "who cites X" has many answers, as in a real
  corpus of governing-body documents). The graphs are laid out as a build
  lays them out (:mod:`treatygraph.layout`): each copy's graph holds what the
  document owns, and what it says about other resources is in
  ``graph/resources`` once, and ``graph/derived`` is computed from the rest.
  URIs come from :mod:`treatygraph.identifiers`.
* :func:`generate_texts` writes a project tree for ``treatygraph build``:
  ``data/documents/<slug>.zh.txt`` + ``.meta.toml`` (the source document's text
  under new slugs), with ontology, shapes, queries and registry linked in.

    python -m benchmarks.corpus --triples 1000000   # -> benchmarks/data/corpus-1000000-s1-v4-d<hash>.nq
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from treatygraph import identifiers as ids
from treatygraph import layout
from treatygraph.derive import derivation_key
from treatygraph.config import Settings

DATA = Path(__file__).resolve().parent / "data"
#: Part of the file name of a generated corpus: bump when the generator changes what it writes.
GENERATOR_VERSION = 4
SOURCE_SLUG = "itpgrfa-gb-5-item-13"

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TG = "https://w3id.org/treatygraph/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
XSD_INT = "<http://www.w3.org/2001/XMLSchema#integer>"
XSD_DATE = "<http://www.w3.org/2001/XMLSchema#date>"

VERBS = ["requests", "invites", "urges", "welcomes", "notes", "recalls", "decides", "encourages"]
ACTOR_ROLES = ["secretariat", "parties", "executive-secretary"]
ZH_DIGITS = "〇一二三四五六七八九"


@dataclass
class CorpusInfo:
    """What a generated graph corpus holds (for the report and for picking query parameters)."""

    path: Path
    triples: int
    documents: int
    instruments: int
    sample_document: str  # an identifier path, e.g. id/doc/bench-3
    sample_decision: str
    sample_provision: str


def _iri(uri: str) -> str:
    return f"<{uri}>"


def _lit(text: str, lang: str | None = None, dt: str | None = None) -> str:
    s = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    return s + (f"@{lang}" if lang else f"^^{dt}" if dt else "")


def _zh_number(n: int) -> str:
    return "".join(ZH_DIGITS[int(d)] for d in str(n))


def _graph_lines(g: Graph) -> list[str]:
    return [line for line in g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines() if line.strip()]


class _Writer:
    def __init__(self, out, graph: str):
        self.out, self.g, self.n = out, _iri(graph), 0

    def t(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} {p} {o} {self.g} .\n")
        self.n += 1

    def labels(self, s: str, en: str, zh: str) -> None:
        for p in (RDFS_LABEL, f"<{SKOS}prefLabel>"):
            self.t(s, p, _lit(en, "en"))
            self.t(s, p, _lit(zh, "zh"))


def _instrument(w: _Writer, i: int, rng: random.Random, base: str, *, articles=40, sessions=15,
                decisions=20, paragraphs=10) -> tuple[list[str], list[str]]:
    """One synthetic instrument with its provisions, body, sessions and decisions; returns (decisions, provisions)."""
    code = f"bench-{i}"
    inst = _iri(ids.mint(ids.Entity(code), base))
    w.t(inst, RDF_TYPE, f"<{TG}Convention>")
    w.labels(inst, f"Benchmark Convention {i}", f"第{_zh_number(i)}号基准公约")
    w.t(inst, f"<{SKOS}altLabel>", _lit(f"BC{i}", "en"))
    provisions = []
    for a in range(1, articles + 1):
        for steps, cls in [((str(a),), "Article")] + [
            (s, c) for p in range(1, 4) for s, c in
            [((str(a), str(p)), "ArticleParagraph")] + [((str(a), str(p), ch), "ArticlePoint") for ch in "abc"]
        ]:
            uri = _iri(ids.mint(ids.Provision(code, steps), base))
            provisions.append(uri)
            w.t(uri, RDF_TYPE, f"<{TG}{cls}>")
            w.t(uri, f"<{TG}instrument>", inst)
            number = ".".join(steps)
            w.t(uri, f"<{TG}number>", _lit(number))
            w.labels(uri, f"Article {number} of BC{i}", f"基准公约{_zh_number(i)}第{number}条")
            if len(steps) > 1:
                parent = _iri(ids.mint(ids.Provision(code, steps[:-1]), base))
                w.t(uri, f"<{ELI}is_part_of>", parent)
                w.t(parent, f"<{ELI}has_part>", uri)
    body = _iri(ids.mint(ids.Body(code, "cop"), base))
    w.t(body, RDF_TYPE, f"<{TG}GoverningBody>")
    w.t(body, f"<{TG}instrument>", inst)
    w.labels(body, f"Conference of the Parties to BC{i}", f"基准公约{_zh_number(i)}缔约方大会")
    actors = [_iri(ids.mint(ids.Actor(code, r), base)) for r in ACTOR_ROLES]
    decision_uris = []
    for s in range(1, sessions + 1):
        session = _iri(ids.mint(ids.Session(code, "cop", s), base))
        w.t(session, RDF_TYPE, f"<{TG}Session>")
        w.t(session, f"<{TG}body>", body)
        w.t(session, f"<{TG}sessionNumber>", _lit(str(s), dt=XSD_INT))
        w.t(session, f"<{TG}startDate>", _lit(f"{1995 + s}-10-{10 + i % 15:02d}", dt=XSD_DATE))
        w.labels(session, f"COP {s} of BC{i}", f"基准公约{_zh_number(i)}缔约方大会第{_zh_number(s)}届会议")
        for d in range(1, decisions + 1):
            number = f"{s}/{d}"
            dec = _iri(ids.mint(ids.Act(code, "decision", ids.number_to_path(number)), base))
            decision_uris.append(dec)
            w.t(dec, RDF_TYPE, f"<{TG}Decision>")
            w.t(dec, f"<{TG}instrument>", inst)
            w.t(dec, f"<{TG}body>", body)
            w.t(dec, f"<{TG}session>", session)
            w.t(dec, f"<{TG}number>", _lit(number))
            w.t(dec, f"<{SKOS}notation>", _lit(number))
            w.labels(dec, f"Decision {number} of BC{i}", f"基准公约{_zh_number(i)}第{number}号决定")
            for k in range(1, paragraphs + 1):
                para = _iri(ids.mint(ids.Part(ids.Act(code, "decision", ids.number_to_path(number)),
                                              (("para", str(k)),)), base))
                verb = rng.choice(VERBS)
                w.t(para, RDF_TYPE, f"<{TG}OperativeParagraph>")
                w.t(para, f"<{ELI}is_part_of>", dec)
                w.t(dec, f"<{ELI}has_part>", para)
                w.t(para, f"<{TG}number>", _lit(str(k)))
                w.t(para, f"<{TG}operativeVerb>", f"<{TG}{verb}>")
                w.t(para, f"<{TG}actor>", rng.choice(actors))
                cited = rng.choice(provisions)
                w.t(para, f"<{ELI}cites>", cited)
                w.t(para, f"<{TG}text>", _lit(
                    f"{verb}：请缔约方根据第{rng.randint(1, articles)}条并参照决定 {s}/{rng.randint(1, decisions)}，"
                    f"继续开展第{_zh_number(k)}项工作。", "zh"))
    return decision_uris, provisions


def template_document(settings: Settings) -> tuple[list[str], str, str]:
    """The source document's graph as N-Triples lines (unsplit), with its document URI and run URI."""
    from treatygraph.ingest import ingest_document
    from treatygraph.registry import Registry

    registry = Registry.load(settings.registry_dir, settings.base)
    text = settings.documents_dir / f"{SOURCE_SLUG}.zh.txt"
    result = ingest_document(text, registry, settings)
    lines = _graph_lines(result.graph)
    doc = ids.mint(ids.Document(SOURCE_SLUG), settings.base)
    runs = {m.group(1) for line in lines for m in [re.search(r"<(" + re.escape(settings.base) + r"run/[^>]+)>", line)] if m}
    return lines, doc, (runs.pop() if runs else "")


def generate_graph(triples: int, *, seed: int = 1, settings: Settings | None = None,
                   out: Path | None = None, force: bool = False) -> CorpusInfo:
    """Write (or reuse) ``benchmarks/data/corpus-<triples>-s<seed>.nq``; about ``triples`` quads."""
    settings = settings or Settings.from_env()
    base = settings.base
    out = out or DATA / f"corpus-{triples}-s{seed}-v{GENERATOR_VERSION}-d{derivation_key(settings.queries_dir)[:8]}.nq"
    rng = random.Random(seed)
    lines, tdoc, trun = template_document(settings)
    template, about_others = layout.split_ntriples(lines, SOURCE_SLUG, base)
    # Triples per synthetic instrument, measured from _instrument's sizes; small corpora get small instruments.
    shape = {} if triples >= 60_000 else {"sessions": 2, "decisions": 5}
    per_instrument = 31_000 if not shape else 4_100
    n_inst = max(1, round(0.4 * triples / per_instrument))
    n_docs = max(1, round((triples - n_inst * per_instrument) / len(template)))
    info = CorpusInfo(out, 0, n_docs, n_inst, f"id/doc/bench-{n_docs // 2}",
                      f"id/bench-{n_inst // 2}/decision/2-3", f"id/bench-{n_inst // 2}/art/12.2.b")
    meta = out.with_suffix(".count")
    if out.exists() and meta.exists() and not force:
        info.triples = int(meta.read_text())
        return info
    out.parent.mkdir(parents=True, exist_ok=True)
    ontology = Graph()
    for f in sorted(settings.ontology_dir.glob("*.ttl")):
        ontology.parse(f, format="turtle")
    registry = Graph()
    for f in sorted(settings.registry_dir.glob("*.ttl")):
        registry.parse(f, format="turtle", publicID=base)
    tmp = out.with_name(out.name + ".tmp")
    total = 0
    with open(tmp, "w", encoding="utf-8") as f:
        stated: set[str] = set()
        for name, g in (("ontology", ontology), ("registry", registry)):
            gname = _iri(ids.graph_uri(name, base))
            for line in _graph_lines(g):
                stated.add(line)
                f.write(f"{line[:-1].rstrip()} {gname} .\n")
                total += 1
        # What the documents say about resources they do not own, once (the copies all say the same).
        gname = _iri(ids.resources_graph_uri(base))
        for line in sorted(set(about_others) - stated):
            f.write(f"{line[:-1].rstrip()} {gname} .\n")
            total += 1
        w = _Writer(f, ids.graph_uri("registry", base))
        decisions: list[str] = []
        for i in range(n_inst):
            d, _ = _instrument(w, i, rng, base, **shape)
            decisions += d
        total += w.n
        cbd_decision = re.compile(r"<" + re.escape(base) + r"id/cbd/decision/[^>/#]+>")
        for k in range(n_docs):
            slug = f"bench-{k}"
            doc = ids.mint(ids.Document(slug), base)
            run = ids.run_uri(f"{slug}-{rng.getrandbits(32):08x}", base)
            gname = _iri(ids.document_graph_uri(slug, base))
            redirect = {}
            for line in template:
                line = line.replace(tdoc, doc)
                if trun:
                    line = line.replace(trun, run)
                if k % 2:
                    # Half the copies cite synthetic decisions instead of the CBD's (one mapping per copy).
                    line = cbd_decision.sub(lambda m: redirect.setdefault(m.group(0), rng.choice(decisions)), line)
                f.write(f"{line[:-1].rstrip()} {gname} .\n")
                total += 1
    total += _append_derived(tmp, settings)
    tmp.replace(out)
    meta.write_text(str(total))
    info.triples = total
    return info


def _append_derived(nq: Path, settings: Settings) -> int:
    """Append graph/derived, computed from the corpus as a build computes it (:mod:`treatygraph.derive`)."""
    import pyoxigraph as ox

    from treatygraph.derive import add_derived

    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    n = add_derived(store, settings.queries_dir, settings.base)
    graph = ox.NamedNode(ids.derived_graph_uri(settings.base))
    with open(nq, "ab") as f:
        ox.serialize(store.quads_for_pattern(None, None, None, graph), f, format=ox.RdfFormat.N_QUADS)
    return n


def generate_texts(root: Path, n_docs: int, *, seed: int = 1, settings: Settings | None = None) -> int:
    """A project tree at ``root`` with ``n_docs`` documents for ``treatygraph build``; returns text bytes."""
    settings = settings or Settings.from_env()
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "shapes", "queries"):
        link = root / name
        if not link.exists():
            link.symlink_to(settings.root / name)
    (root / "data").mkdir(exist_ok=True)
    if not (root / "data" / "registry").exists():
        (root / "data" / "registry").symlink_to(settings.registry_dir)
    docs = root / "data" / "documents"
    docs.mkdir(exist_ok=True)
    text = (settings.documents_dir / f"{SOURCE_SLUG}.zh.txt").read_text(encoding="utf-8")
    meta = (settings.documents_dir / f"{SOURCE_SLUG}.meta.toml").read_text(encoding="utf-8")
    size = 0
    for k in range(n_docs):
        slug = f"bench-{k}"
        (docs / f"{slug}.zh.txt").write_text(text, encoding="utf-8")
        item = rng.randint(1, 30)
        (docs / f"{slug}.meta.toml").write_text(
            re.sub(r'(?m)^agenda_item = "[^"]*"', f'agenda_item = "{item}"',
                   meta.replace(f'slug = "{SOURCE_SLUG}"', f'slug = "{slug}"')), encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    info = generate_graph(args.triples, seed=args.seed, force=args.force)
    print(info)


if __name__ == "__main__":
    main()
