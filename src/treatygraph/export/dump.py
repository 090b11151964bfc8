"""Whole-graph and per-instrument dumps: every statement of the store as N-Quads, gzip-compressed.

``dump_lines(store)`` yields the N-Quads lines of every named graph (the
graph of each statement kept, so the provenance travels); with
``instrument=`` only the statements about the instrument and its resources:
those whose subject's identifier lies under ``id/{code}`` (the instrument, its
articles, bodies, sessions, decisions and their parts, see
docs/identifiers.md), with the blank nodes they reach. ``write_gzip`` streams
lines into a gzip file or stream; ``gzip_chunks`` yields compressed bytes for
an HTTP response. Nothing is held in memory beyond one chunk: a dump of the
whole corpus is written in constant memory on either kind of store.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO, Iterable, Iterator

from rdflib import BNode, URIRef

from ..store.base import Store
from ..store.terms import term_to_sparql

#: The media type and file suffix of a dump.
MEDIA_TYPE = "application/n-quads"
SUFFIX = "nq.gz"


def _line(s, p, o, g) -> str:
    quad = [term_to_sparql(t, allow_bnode=True) for t in (s, p, o)]
    if g is not None:
        quad.append(term_to_sparql(g, allow_bnode=True))
    return " ".join(quad) + " .\n"


def instrument_prefix(base: str, code: str) -> str:
    """The IRI prefix of an instrument's resources (``{base}id/{code}``)."""
    return f"{base}id/{code}"


def _about(prefix: str, subject) -> bool:
    text = str(subject)
    return isinstance(subject, URIRef) and (text == prefix or text.startswith(prefix + "/"))


def dump_lines(store: Store, instrument: str | None = None, base: str = "") -> Iterator[str]:
    """N-Quads lines of every named graph; with ``instrument`` (a code: ``cbd``) only its statements.

    Blank nodes keep their store labels within one dump (a membership's
    interval stays attached to it).
    """
    prefix = instrument_prefix(base, instrument) if instrument else None
    for graph in store.graphs():
        name = URIRef(graph)
        if prefix is None:
            for s, p, o, _ in store.quads(graph):
                yield _line(s, p, o, name)
            continue
        reached: set[BNode] = set()
        blank: list[tuple] = []
        for s, p, o, _ in store.quads(graph):
            if _about(prefix, s):
                yield _line(s, p, o, name)
                if isinstance(o, BNode):
                    reached.add(o)
            elif isinstance(s, BNode):
                blank.append((s, p, o))
        for s, p, o in blank:
            if s in reached:
                yield _line(s, p, o, name)


def write_gzip(lines: Iterable[str], out: BinaryIO) -> int:
    """Write ``lines`` gzip-compressed to the binary stream ``out``; the number of lines."""
    count = 0
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as z:
        buffer = io.TextIOWrapper(z, encoding="utf-8", newline="")
        for line in lines:
            buffer.write(line)
            count += 1
        buffer.flush()
        buffer.detach()
    return count


def gzip_chunks(lines: Iterable[str], chunk_lines: int = 5000) -> Iterator[bytes]:
    """``lines`` as a stream of gzip-compressed bytes (one gzip member), for an HTTP response."""
    z = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16+: gzip header and trailer
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= chunk_lines:
            data = z.compress("".join(batch).encode("utf-8"))
            batch.clear()
            if data:
                yield data
    yield z.compress("".join(batch).encode("utf-8")) + z.flush()
