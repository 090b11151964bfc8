"""Content negotiation (the one :func:`negotiate`) and the format table everyone uses.

The table (:data:`FORMATS`) ties together, for every format treatygraph
serves, its short name (``format=turtle``), its media type and aliases, its
file suffix (``/id/cbd.ttl``), what it can carry (``graph``, ``results``,
``dataset``, ``page``) and the serializer names of rdflib and pyoxigraph.

Accept rules (RFC 9110 §12.5.1), as :func:`negotiate` applies them:

* a missing or empty ``Accept`` accepts anything: the first offered type wins;
* each offered type takes the q-value of the most specific range matching it
  (``type/subtype`` over ``type/*`` over ``*/*``; with equal type, a range
  with more parameters is more specific); ``q=0`` excludes it;
* highest q wins; on a tie, the server's order (``offered``) decides;
* type names compare case-insensitively; parameters other than ``q`` (such
  as ``charset=utf-8``) never exclude a type (everything is served as UTF-8);
* a malformed element (no ``/``, a bad ``q``) is ignored; a header with no
  valid element counts as missing;
* nothing acceptable: :class:`NotAcceptable` (HTTP 406, naming what is offered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence


class NotAcceptable(Exception):
    """No offered media type is acceptable to the client (HTTP 406)."""

    def __init__(self, offered: Sequence[str], accept: str | None = None):
        self.offered = list(offered)
        self.accept = accept
        super().__init__(
            f"none of the available media types is acceptable (Accept: {accept!r}); "
            f"available: {', '.join(self.offered)}"
        )


# --------------------------------------------------------------------------
# The format table
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """One serialisation format.

    ``carries`` is ``graph`` (triples), ``dataset`` (quads), ``results``
    (SPARQL SELECT/ASK results) or ``page`` (HTML). ``rdflib`` is the name for
    ``Graph.serialize(format=...)``; ``oxigraph`` names the pyoxigraph
    ``RdfFormat``/``QueryResultsFormat`` attribute (``"TURTLE"``, ``"JSON"``).
    """

    name: str
    media_type: str
    suffix: str
    carries: str
    rdflib: str | None = None
    oxigraph: str | None = None
    aliases: tuple[str, ...] = ()
    w3c_iri: str | None = None  # http://www.w3.org/ns/formats/...

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


_F = "http://www.w3.org/ns/formats/"

FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ".ttl", "graph", "turtle", "TURTLE",
           ("application/x-turtle",), _F + "Turtle"),
    Format("ntriples", "application/n-triples", ".nt", "graph", "nt", "N_TRIPLES",
           (), _F + "N-Triples"),
    Format("jsonld", "application/ld+json", ".jsonld", "graph", "json-ld", None,
           (), _F + "JSON-LD"),
    Format("rdfxml", "application/rdf+xml", ".rdf", "graph", "xml", "RDF_XML",
           (), _F + "RDF_XML"),
    Format("nquads", "application/n-quads", ".nq", "dataset", "nquads", "N_QUADS",
           (), _F + "N-Quads"),
    Format("trig", "application/trig", ".trig", "dataset", "trig", "TRIG",
           (), _F + "TriG"),
    Format("json", "application/sparql-results+json", ".json", "results", "json", "JSON",
           ("application/json",), _F + "SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", ".xml", "results", "xml", "XML",
           ("application/xml",), _F + "SPARQL_Results_XML"),
    Format("csv", "text/csv", ".csv", "results", "csv", "CSV", (), _F + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", ".tsv", "results", "tsv", "TSV",
           (), _F + "SPARQL_Results_TSV"),
    Format("html", "text/html", ".html", "page", None, None, ("application/xhtml+xml",)),
)

_BY_NAME = {f.name: f for f in FORMATS}
_BY_SUFFIX = {f.suffix: f for f in FORMATS}
_BY_MEDIA = {m: f for f in FORMATS for m in f.media_types}

#: Formats for SELECT results, ASK results, and graphs (CONSTRUCT/DESCRIBE, resources), in server preference order.
SELECT_FORMATS = tuple(_BY_NAME[n] for n in ("json", "xml", "csv", "tsv"))
ASK_FORMATS = tuple(_BY_NAME[n] for n in ("json", "xml"))
GRAPH_FORMATS = tuple(_BY_NAME[n] for n in ("turtle", "ntriples", "jsonld", "rdfxml"))


def by_name(name: str) -> Format | None:
    """``by_name("turtle")``; also accepts a suffix with or without the dot (``ttl``)."""
    name = name.strip().lower()
    return _BY_NAME.get(name) or _BY_SUFFIX.get(name if name.startswith(".") else "." + name)


def by_suffix(suffix: str) -> Format | None:
    """``by_suffix(".ttl")`` (the dot is optional)."""
    suffix = suffix.lower()
    return _BY_SUFFIX.get(suffix if suffix.startswith(".") else "." + suffix)


def by_media_type(media_type: str) -> Format | None:
    """The format of a media type or alias, parameters ignored (``text/turtle; charset=utf-8``)."""
    return _BY_MEDIA.get(media_type.split(";")[0].strip().lower())


def media_types(formats: Iterable[Format]) -> list[str]:
    """The media types to offer for some formats: canonical types first, then aliases."""
    formats = list(formats)
    return [f.media_type for f in formats] + [a for f in formats for a in f.aliases]


def negotiate_format(accept: str | None, formats: Sequence[Format]) -> Format:
    """:func:`negotiate` over formats (aliases included); returns the chosen :class:`Format`."""
    chosen = negotiate(accept, media_types(formats))
    return by_media_type(chosen)  # type: ignore[return-value]


# --------------------------------------------------------------------------
# Negotiation
# --------------------------------------------------------------------------

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_RANGE = re.compile(rf"^\s*({_TOKEN})/({_TOKEN})\s*$")
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: int  # number of parameters other than q (more = more specific)

    def matches(self, mtype: str, msub: str) -> bool:
        return self.type in ("*", mtype) and self.subtype in ("*", msub)

    @property
    def specificity(self) -> tuple[int, int]:
        level = 0 if self.type == "*" else 1 if self.subtype == "*" else 2
        return (level, self.params)


def parse_accept(accept: str | None) -> list[MediaRange]:
    """The valid media ranges of an Accept header (malformed elements are skipped)."""
    ranges: list[MediaRange] = []
    for element in (accept or "").split(","):
        if not element.strip():
            continue
        head, *params = element.split(";")
        m = _RANGE.match(head)
        if not m:
            continue
        mtype, msub = m.group(1).lower(), m.group(2).lower()
        if mtype == "*" and msub != "*":
            continue  # "*/json" is not a media range
        q, n_params, valid = 1.0, 0, True
        for param in params:
            key, _, value = param.partition("=")
            key = key.strip().lower()
            if not key:
                continue
            if key == "q":
                if not _QVALUE.match(value.strip()):
                    valid = False
                    break
                q = float(value)
                break  # what follows q are accept-extensions, not media-type parameters
            n_params += 1
        if valid:
            ranges.append(MediaRange(mtype, msub, q, n_params))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q-value the client gives ``media_type`` (0 when no range matches it)."""
    mtype, _, msub = media_type.split(";")[0].strip().lower().partition("/")
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(mtype, msub) and (best is None or r.specificity > best.specificity):
            best = r
    return best.q if best else 0.0


def negotiate(accept: str | None, offered: Sequence[str]) -> str:
    """The offered media type the client prefers (see the module docstring for the rules).

    Raises :class:`NotAcceptable` when no offered type has a positive q-value.
    """
    if not offered:
        raise ValueError("negotiate() needs at least one offered media type")
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    best, best_q = None, 0.0
    for media_type in offered:
        q = quality(ranges, media_type)
        if q > best_q:
            best, best_q = media_type, q
    if best is None:
        raise NotAcceptable(offered, accept)
    return best
