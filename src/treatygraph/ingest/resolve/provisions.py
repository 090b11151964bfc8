"""Which provisions the ingested treaty texts hold: the resolver's check that an inferred provision exists.

A bare "Article 13" whose instrument the resolver inferred (from the sentence's
names, the home instrument, a short name the document does not define) is a
guess; when that instrument's text is ingested and has no such article, the
guess is wrong ("Recalling the Paris Agreement, adopted under the Convention,
in particular … Article 13": the UNFCCC's Article 13 has no paragraph 14). The
index lists, per instrument, the articles its ingested texts hold and the
numbered paragraphs of each, read from the segmentations of the corpus's
treaty texts and of the instruments annexed to decisions (the Paris Agreement
in decision 1/CP.21), in every language (one URI per provision).

How deep the check goes: the article always; its numbered paragraph only when
the instrument's texts read paragraphs without gaps (every article's numbered
paragraphs run 1, 2, … n, and no article has both points right under it and
numbered paragraphs). Where the layout missed paragraphs (UNCLOS as printed in
the UN PDF: article 161 read with paragraphs 1–7 and 9) only the article is
checked. Points (``(a)``, ``(ii)``) are never checked: texts are segmented to
different depths.

The build computes the index before ingesting documents (:func:`corpus_provisions`,
one cached entry per document file) and makes its :attr:`ProvisionIndex.fingerprint`
part of every document's cache key, so a change in a treaty text re-resolves
the documents that cite it. The files it reads (and segments) are kept for their
ingestion in the same build (``file_provisions(keep=...)``): each text is segmented once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ... import identifiers as ids
from ...namespaces import ELI

#: the layouts whose segments are an instrument's provisions (a treaty text; an instrument annexed to a decision)
PROVISION_LAYOUTS = ("treaty", "decisions")


#: a paragraph number with a Latin ordinal (``7ter``): how amendments number the paragraphs they insert
_INSERTED = re.compile(r"\d+(?:bis|ter|quater|quinquies|sexies|septies|octies)")


def _paragraph(step: str) -> bool:
    return step[:1].isdigit()


@dataclass(frozen=True)
class ProvisionIndex:
    """Per instrument, its articles (path form: ``13``, ``10bis``) and the numbered paragraphs of each."""

    articles: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    #: instruments whose texts read paragraphs without gaps (their paragraphs are checked too)
    complete: frozenset[str] = frozenset()

    @classmethod
    def from_provisions(cls, held: dict[str, Iterable[tuple[str, ...]]]) -> "ProvisionIndex":
        """The index of provisions given as steps (``("13", "1", "a")``), per instrument."""
        articles: dict[str, dict[str, set[str]]] = {}
        points_under_article: dict[str, set[str]] = {}
        for inst, provisions in held.items():
            arts = articles.setdefault(inst, {})
            for steps in provisions:
                paras = arts.setdefault(steps[0], set())
                if len(steps) > 1:
                    if _paragraph(steps[1]):
                        paras.add(steps[1])
                    else:
                        points_under_article.setdefault(inst, set()).add(steps[0])
        complete = set()
        for inst, arts in articles.items():
            mixed = any(arts[a] for a in points_under_article.get(inst, ()))
            gaps = any(sorted(int(p) for p in ps if p.isdigit()) != list(range(1, 1 + sum(p.isdigit() for p in ps)))
                       for ps in arts.values())
            if not (mixed or gaps):
                complete.add(inst)
        return cls({i: {a: frozenset(ps) for a, ps in arts.items()} for i, arts in articles.items()}, frozenset(complete))

    def to_json(self) -> dict:
        return {"articles": {i: {a: sorted(ps) for a, ps in sorted(arts.items())} for i, arts in sorted(self.articles.items())},
                "complete": sorted(self.complete)}

    @property
    def fingerprint(self) -> str:
        """A checksum of the index (part of each document's cache key in a build)."""
        return hashlib.sha256(json.dumps(self.to_json(), sort_keys=True).encode()).hexdigest()[:20]

    def has_text(self, inst: str) -> bool:
        return bool(self.articles.get(inst))

    def missing(self, ref: ids.Provision) -> str | None:
        """Why ``ref`` is not a provision of its instrument's ingested text, or None (held, or not checked)."""
        arts = self.articles.get(ref.inst)
        if not arts:
            return None  # no text of that instrument ingested: nothing to check against
        article = ref.steps[0]
        if article not in arts:
            return f"the ingested text of {ref.inst} has no Article {article}"
        if len(ref.steps) > 1 and _paragraph(ref.steps[1]) and ref.inst in self.complete \
                and ref.steps[1] not in arts[article]:
            held = ", ".join(sorted(arts[article], key=lambda p: (len(p), p))) or "none numbered"
            inserted = "; a paragraph an amendment inserted? its text is not ingested" \
                if _INSERTED.fullmatch(ref.steps[1]) else ""
            return (f"the ingested text of {ref.inst} has no paragraph {ref.steps[1]} in Article {article} "
                    f"(its paragraphs: {held}{inserted})")
        return None


def provisions_of(seg) -> dict[str, set[tuple[str, ...]]]:
    """The provisions a segmentation holds (segments that *are* an instrument's provisions), per instrument."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for part in seg.parts:
        if isinstance(part.ref, ids.Provision):
            out.setdefault(part.ref.inst, set()).add(part.ref.steps)
    return out


def document_provisions(doc, registry) -> dict[str, set[tuple[str, ...]]]:
    """The provisions a document read (:class:`~treatygraph.ingest.reading.ReadDocument`) holds: segmented
    (the segmentation kept with ``doc``) only when its layout makes provisions (cheap otherwise)."""
    if doc.kind not in PROVISION_LAYOUTS:
        return {}
    return provisions_of(doc.segmented(registry))


def file_provisions(path: Path, registry, keep: dict | None = None) -> dict[str, set[tuple[str, ...]]]:
    """The provisions a document file holds (:func:`document_provisions` of the file read), or nothing
    for a file that cannot be read or parsed (the build reports it
    when ingesting it). ``keep``: where to keep the file read (and segmented), by path, for its ingestion."""
    from ...collector import paused
    from ..reading import read_document

    try:
        with paused():  # as the ingestion reads and segments: many allocations, next to no cycles
            doc = read_document(path, registry)
            held = document_provisions(doc, registry)
    except Exception:  # noqa: BLE001 - unreadable or unparsable: the ingestion of that file reports it
        return {}
    if keep is not None:
        keep[path] = doc
    return held


def entry_name(key: str) -> str:
    """The file in the provisions cache that keeps the provisions of the file with the build's ``key``
    (the build looks for it too, without importing the ingestion: ``build._build_locked``)."""
    return f"{key}.json"


def corpus_provisions(files: Iterable[tuple[Path, str]], registry, cache: Path | None = None,
                      compute: Callable[[list[Path]], Iterable[dict]] | None = None) -> ProvisionIndex:
    """The index of the provisions the corpus's files hold. ``files``: (path, key) pairs, the key
    changing with the file, its metadata, the registry and the code (the build's document key);
    with ``cache``, each file's provisions are kept there by key (entries of files no longer listed are
    removed). A file that cannot be read holds nothing here (the build reports it when ingesting it).
    ``compute`` reads the files the cache lacks (their :func:`file_provisions`, in the given order; the
    build's worker processes), by default one after the other here."""
    files = list(files)
    held: dict[str, set[tuple[str, ...]]] = {}
    used = set()
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    got_by_file: dict[int, dict[str, set[tuple[str, ...]]]] = {}
    for n, (path, key) in enumerate(files):
        entry = cache / entry_name(key) if cache is not None else None
        if entry is not None and entry.exists():
            try:
                got_by_file[n] = {i: {tuple(s) for s in steps}
                                  for i, steps in json.loads(entry.read_text("utf-8")).items()}
            except (OSError, ValueError, TypeError):
                pass
    todo = [n for n in range(len(files)) if n not in got_by_file]
    read = compute([files[n][0] for n in todo]) if compute is not None and todo else \
        (file_provisions(files[n][0], registry) for n in todo)
    for n, got in zip(todo, read):
        got = {i: {tuple(s) for s in steps} for i, steps in got.items()}
        got_by_file[n] = got
        if cache is not None:
            entry = cache / entry_name(files[n][1])
            tmp = entry.with_name(entry.name + ".tmp")
            tmp.write_text(json.dumps({i: sorted(s) for i, s in got.items()}), encoding="utf-8")
            os.replace(tmp, entry)
    for n, (path, key) in enumerate(files):
        if cache is not None:
            used.add(entry_name(key))
        for inst, steps in got_by_file[n].items():
            held.setdefault(inst, set()).update(steps)
    if cache is not None:
        for old in cache.glob("*.json"):
            if old.name not in used:
                old.unlink(missing_ok=True)
    for inst, steps in amended_provisions(registry).items():
        if inst in held:  # an instrument with no ingested text is not checked at all: adding them would start it
            held[inst].update(steps)
    return ProvisionIndex.from_provisions(held)


def amended_provisions(registry) -> dict[str, set[tuple[str, ...]]]:
    """The provisions the registry states an amendment made (``eli:amended_by``, curated): paragraphs an
    amendment inserted ("Article 3, paragraph 7 ter" of the Kyoto Protocol, by the Doha Amendment) are
    provisions of the instrument even where its ingested text predates the amendment."""
    out: dict[str, set[tuple[str, ...]]] = {}
    graph = getattr(registry, "graph", None)
    if graph is None:
        return out
    for subject in set(graph.subjects(ELI.amended_by, None)):
        try:
            ref = ids.parse(str(subject), registry.base)
        except ids.IdentifierError:
            continue
        if isinstance(ref, ids.Provision):
            out.setdefault(ref.inst, set()).add(ref.steps)
    return out
