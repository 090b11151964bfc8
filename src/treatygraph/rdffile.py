"""Reading the project's RDF files (ontology, shapes, registry) safely, with errors that name file:line:column.

* the bytes must be UTF-8 (a BOM is dropped); another encoding, a lone
  surrogate, a file cut inside a character, or a NUL byte is an error
  naming the line, the column and the byte offset;
* Turtle syntax errors name the line and column computed from the parser's
  own offset (rdflib's ``BadSyntax.lines`` miscounts after long strings);
* only Turtle is read. :func:`parse_rdf` also reads RDF/XML and JSON-LD,
  refusing what would make them unsafe: a DOCTYPE (external entities,
  entity expansion: "billion laughs") and a remote JSON-LD ``@context``
  (rdflib would fetch it). The build loads ``*.ttl`` only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import Graph


class RdfFileError(ValueError):
    """An RDF file that cannot be read; the message starts with ``path:line:column``."""


def _where(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def read_utf8(path: Path) -> str:
    """The text of ``path``: strict UTF-8, BOM dropped, no NUL; :class:`RdfFileError` naming the position."""
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _where(data, e.start)
        what = "ends inside a character (truncated?)" if e.end >= len(data) and \
            e.reason == "unexpected end of data" else f"is not UTF-8 ({e.reason})"
        raise RdfFileError(f"{path}:{line}:{col}: the file {what} at byte offset {e.start}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _where(data, nul)
        raise RdfFileError(f"{path}:{line}:{col}: NUL byte at byte offset {nul}")
    return text[1:] if text.startswith("\ufeff") else text


def parse_turtle(graph: Graph, path: Path, public_id: str | None = None) -> Graph:
    """Parse a Turtle file into ``graph``; :class:`RdfFileError` naming ``path:line:column``.

    pyoxigraph reads the file (several times faster than rdflib's parser: the build loads the ontology,
    registry and shapes in every worker) and its triples and prefixes are added as rdflib's parser would
    add them; a file it refuses, or where its reading could differ from rdflib's, is parsed by rdflib.
    """
    path = Path(path)
    text = read_utf8(path)
    if _add_turtle(graph, text, public_id or path.resolve().as_uri()):
        return graph
    try:
        graph.parse(data=text, format="turtle", publicID=public_id or path.resolve().as_uri())
    except Exception as exc:  # rdflib raises BadSyntax and assorted others
        why = getattr(exc, "_why", None) or str(exc).splitlines()[0]
        located = _locate_turtle_error(text, public_id or path.resolve().as_uri())
        if located:
            line, col, message = located
            raise RdfFileError(f"{path}:{line}:{col}: bad Turtle: {message}") from exc
        raise RdfFileError(f"{path}: bad Turtle: {why}") from exc
    return graph


#: where pyoxigraph's reading differs from rdflib's: a language tag with a capital (pyoxigraph writes it in
#: lower case, rdflib keeps it), a literal typed ``xsd:string`` explicitly (rdflib keeps that datatype,
#: pyoxigraph cannot tell it from a plain literal). Conservative: a match anywhere (a comment, a string)
#: only sends the file to rdflib's parser.
_RDFLIB_ONLY = re.compile(r"""["']@[A-Za-z0-9-]*[A-Z]|\^\^\s*\S*string""")


def _add_turtle(graph: Graph, text: str, base: str) -> bool:
    """Add the triples and prefixes of the Turtle ``text`` to ``graph`` as rdflib's parser would, read by
    pyoxigraph; False (``graph`` untouched) when rdflib must read it (see :data:`_RDFLIB_ONLY`; a syntax
    error, which rdflib then reports; two prefixes of one namespace, whose binding order rdflib keeps)."""
    import pyoxigraph as ox
    from rdflib import BNode

    from .store.oxigraph import to_rdflib

    if _RDFLIB_ONLY.search(text):
        return False
    try:
        parser = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base)
        quads = list(parser)
        prefixes = parser.prefixes
    except (SyntaxError, ValueError):
        return False
    if len(set(prefixes.values())) != len(prefixes):
        return False
    terms: dict = {}
    bnodes: dict[str, BNode] = {}  # a label names one node per file, as rdflib's parser reads it

    def term(t):
        if isinstance(t, ox.BlankNode):
            got = bnodes.get(t.value)
            if got is None:
                got = bnodes[t.value] = BNode()
            return got
        got = terms.get(t)
        if got is None:
            got = terms[t] = to_rdflib(t)
        return got

    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in quads)
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    return True


def _locate_turtle_error(text: str, base: str) -> tuple[int, int, str] | None:
    """Where pyoxigraph's Turtle parser stops: ``(line, column, message)``.

    rdflib's error offsets can point far from the fault (after a ``{``, a
    NUL, ...); pyoxigraph's are exact.
    """
    import pyoxigraph as ox

    try:
        for _ in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base):
            pass
    except SyntaxError as e:
        message = str(e)
        if message.startswith("Parser error at "):
            message = message.split(": ", 1)[-1]
        if e.lineno:
            return e.lineno, e.offset or 1, message
    except Exception:  # noqa: BLE001 - only a locator; rdflib's error stands
        return None
    return None


def parse_rdf(graph: Graph, path: Path, format: str, public_id: str | None = None) -> Graph:
    """Parse Turtle, RDF/XML (``xml``) or JSON-LD (``json-ld``) without fetching or expanding anything."""
    path = Path(path)
    if format == "turtle":
        return parse_turtle(graph, path, public_id)
    text = read_utf8(path)
    public_id = public_id or path.resolve().as_uri()
    if format == "xml":
        at = text.find("<!DOCTYPE")
        if at < 0:
            at = text.find("<!ENTITY")
        if at >= 0:
            line, col = _where(text.encode("utf-8"), len(text[:at].encode("utf-8")))
            raise RdfFileError(f"{path}:{line}:{col}: RDF/XML with a DOCTYPE or ENTITY "
                               "declaration is refused (external entities, entity expansion)")
    elif format == "json-ld":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise RdfFileError(f"{path}:{e.lineno}:{e.colno}: bad JSON: {e.msg}") from None
        remote = _remote_context(doc)
        if remote:
            raise RdfFileError(f"{path}: a remote JSON-LD @context is refused ({remote}); "
                               "put the context inline")
    else:
        raise RdfFileError(f"{path}: unsupported RDF format {format!r}")
    try:
        graph.parse(data=text, format=format, publicID=public_id)
    except Exception as exc:
        line = getattr(exc, "getLineNumber", lambda: None)()
        col = getattr(exc, "getColumnNumber", lambda: None)()
        where = f"{path}:{line}:{col}" if line is not None else str(path)
        raise RdfFileError(f"{where}: bad {format}: {exc}") from exc
    return graph


def _remote_context(node) -> str | None:
    """The first ``@context`` (or ``@import``) given by reference rather than inline, if any."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                refs = value if isinstance(value, list) else [value]
                for ref in refs:
                    if isinstance(ref, str):
                        return ref
            found = _remote_context(value)
            if found:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _remote_context(item)
            if found:
                return found
    return None
