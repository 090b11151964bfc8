"""Named queries: ``queries/*.rq`` files with a header of title, description and typed parameters.

A file starts with comment lines, then the SPARQL::

    # title: Decisions and documents citing a provision
    # description: Every act or document part that cites the provision
    #   or any of its sub-provisions.      <- indented lines continue a value
    # param: provision (iri) — the provision's canonical URI
    # param: lang (literal, optional, default "en") — label language
    PREFIX eli: <http://data.europa.eu/eli/ontology#>
    SELECT ?provision ?citing ...

A required parameter may also be written ``# param: name type  description``.
Parameter types (:data:`PARAM_TYPES`): ``iri``, ``literal`` (xsd:string),
``langString`` (``text@lang``), ``integer``, ``date`` (``YYYY-MM-DD``),
``boolean`` (``true``/``false``/``1``/``0``). An ``iri`` value may be an
absolute IRI, an identifier path relative to the base (``id/cbd/art/8.j``,
checked by :func:`treatygraph.identifiers.parse_path`) or a prefixed name
with a project prefix (``tg:Treaty``; see :data:`treatygraph.namespaces.PREFIXES`).

Values are bound as typed rdflib terms (the store substitutes them; nothing
is pasted into the text). Oxigraph substitutes only variables a SELECT
projects, so **a SELECT named query must project every parameter** (or use
``SELECT *``); :func:`check` runs each query once on an empty store to
catch this and any syntax error at load time, naming the file.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .identifiers import DEFAULT_BASE, IdentifierError, mint, parse_path
from .namespaces import PREFIXES
from .store.base import BadQuery, QueryResult, Store

#: The closed set of parameter types.
PARAM_TYPES = ("iri", "literal", "langString", "integer", "date", "boolean")
#: Other spellings accepted in headers, mapped to the types above.
TYPE_ALIASES = {"string": "literal", "str": "literal", "uri": "iri", "int": "integer",
                "bool": "boolean", "langstring": "langString"}
#: Query-string names that are not parameters (``format`` chooses the output format).
RESERVED = frozenset({"format"})


class NamedQueryError(ValueError):
    """A ``.rq`` file whose header or query is wrong; the message names the file and line."""


class ParameterError(ValueError):
    """A parameter value that does not fit (HTTP 422); ``param`` names the parameter."""

    def __init__(self, param: str, message: str):
        super().__init__(f"parameter {param!r}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool = False
    default: str | None = None
    description: str = ""

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.type, "optional": self.optional,
                "default": self.default, "description": self.description}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    path: Path | None = None
    line_of: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def bindings(self, values: Mapping[str, str], base: str = DEFAULT_BASE) -> dict[str, Node]:
        """Typed terms for the given raw values and the defaults; :class:`ParameterError` if one is wrong."""
        for key in values:
            if key not in RESERVED and self.param(key) is None:
                known = ", ".join(p.name for p in self.params) or "none"
                raise ParameterError(key, f"unknown parameter of {self.name!r} (parameters: {known})")
        out: dict[str, Node] = {}
        for p in self.params:
            raw = values.get(p.name)
            if raw is None or raw == "":
                if p.default is not None:
                    raw = p.default
                elif p.optional:
                    continue
                else:
                    raise ParameterError(p.name, f"required ({p.type}): {p.description}".rstrip(": "))
            out[p.name] = coerce(p, raw, base)
        return out

    def run(self, store: Store, values: Mapping[str, str], base: str = DEFAULT_BASE,
            timeout: float | None = None) -> QueryResult:
        """Run with raw parameter values (validated and typed here)."""
        return store.query(self.sparql, bindings=self.bindings(values, base), timeout=timeout)

    def to_json(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [p.to_json() for p in self.params]}


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*$")
_PREFIXED = re.compile(r"^([A-Za-z][\w\-]*):([^\s/][^\s]*)?$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_BOOLEAN = {"true": "true", "1": "true", "false": "false", "0": "false"}


#: Longest parameter value accepted, in characters.
MAX_VALUE_LENGTH = 2048
# C0 and C1 controls (tab, line feed, carriage return allowed), surrogates, non-characters.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def coerce(param: Param, raw: str, base: str = DEFAULT_BASE) -> Node:
    """A raw string as the typed term for ``param``; :class:`ParameterError` if it does not fit.

    Values are NFC-normalised (an NFD spelling means the same text); too
    long values and control characters (NUL included) are refused.
    """
    if len(raw) > MAX_VALUE_LENGTH:
        raise ParameterError(param.name, f"the value is {len(raw)} characters long; "
                             f"at most {MAX_VALUE_LENGTH} are accepted")
    bad = _FORBIDDEN.search(raw)
    if bad:
        raise ParameterError(param.name, f"control or invalid character U+{ord(bad.group()):04X} "
                             f"at position {bad.start()}")
    raw = unicodedata.normalize("NFC", raw).strip()
    t = param.type
    if t == "iri":
        return URIRef(_iri(param.name, raw, base))
    if t == "literal":
        return Literal(raw)
    if t == "langString":
        text, sep, lang = raw.rpartition("@")
        if not sep or not _LANG.match(lang):
            raise ParameterError(param.name, f"{raw!r} is not text@language (e.g. Aichi@en)")
        return Literal(text, lang=lang)
    if t == "integer":
        if not _INTEGER.match(raw):
            raise ParameterError(param.name, f"{raw!r} is not an integer")
        return Literal(str(int(raw)), datatype=XSD.integer)
    if t == "date":
        try:
            _dt.date.fromisoformat(raw)
        except ValueError:
            raise ParameterError(param.name, f"{raw!r} is not a date (YYYY-MM-DD)") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ParameterError(param.name, f"{raw!r} is not a date (YYYY-MM-DD)")
        return Literal(raw, datatype=XSD.date)
    if t == "boolean":
        if raw.lower() not in _BOOLEAN:
            raise ParameterError(param.name, f"{raw!r} is not a boolean (true/false)")
        return Literal(_BOOLEAN[raw.lower()], datatype=XSD.boolean)
    raise ParameterError(param.name, f"unknown type {t!r}")


def _iri(name: str, raw: str, base: str) -> str:
    if raw.startswith("id/"):
        try:
            return mint(parse_path(raw), base)
        except IdentifierError as e:
            raise ParameterError(name, str(e)) from None
    m = _PREFIXED.match(raw)
    if m and m.group(1) in PREFIXES and not raw.startswith(m.group(1) + "://"):
        iri = str(PREFIXES[m.group(1)]) + (m.group(2) or "")
        if not _ABSOLUTE_IRI.match(iri):
            raise ParameterError(name, f"{raw!r} expands to {iri!r}, which is not an IRI")
        return iri
    if _ABSOLUTE_IRI.match(raw):
        return raw
    raise ParameterError(
        name, f"{raw!r} is not an IRI: give an absolute IRI, an id/... path, or a prefixed name "
        f"({', '.join(sorted(PREFIXES))})"
    )


# --------------------------------------------------------------------------
# Parsing .rq files
# --------------------------------------------------------------------------

_HEADER = re.compile(r"^# ?([A-Za-z]+)\s*:\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?:(?:—|–|--|-)\s*(?P<desc>.*))?$"
)
_PARAM_BARE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[A-Za-z]+)(?:\s+(?:(?:—|–|--|-)\s*)?(?P<desc>.*))?$")
_DEFAULT = re.compile(r'^default\s+(?:"(?P<q>[^"]*)"|(?P<bare>\S+))$')
_NAME = re.compile(r"^[a-z0-9][a-z0-9\-_]*$")


def parse_named_query(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Parse one named query; :class:`NamedQueryError` naming ``path:line`` for a bad header."""
    where = str(path or name)
    if not _NAME.match(name):
        raise NamedQueryError(f"{where}: a query name is lower-case letters, digits, '-', '_': {name!r}")
    fields: dict[str, str] = {}
    params: list[Param] = []
    lines_of: dict[str, int] = {}
    lines = text.splitlines()
    last: tuple[str, int] | None = None  # (key, index in params or -1)
    body_start = len(lines)
    for i, line in enumerate(lines):
        lineno = i + 1
        stripped = line.strip()
        if not stripped:
            last = None
            continue
        if not stripped.startswith("#"):
            body_start = i
            break
        cont = _CONTINUATION.match(stripped)
        m = _HEADER.match(stripped)
        if cont and last:
            key, idx = last
            if key == "param":
                p = params[idx]
                params[idx] = Param(p.name, p.type, p.optional, p.default,
                                    (p.description + " " + cont.group(1)).strip())
            else:
                fields[key] += " " + cont.group(1)
            continue
        if not m:
            last = None
            continue  # an ordinary comment
        key, value = m.group(1), m.group(2).strip()
        if key in ("title", "description"):
            if key in fields:
                raise NamedQueryError(f"{where}:{lineno}: a second '{key}:' line")
            fields[key] = value
            last = (key, -1)
        elif key == "param":
            params.append(_parse_param(value, f"{where}:{lineno}"))
            if params[-1].name in lines_of:
                raise NamedQueryError(f"{where}:{lineno}: parameter {params[-1].name!r} declared twice")
            lines_of[params[-1].name] = lineno
            last = ("param", len(params) - 1)
        else:
            raise NamedQueryError(
                f"{where}:{lineno}: unknown header key {key!r} (use title, description, param)")
    for key in ("title", "description"):
        if not fields.get(key):
            raise NamedQueryError(f"{where}:1: the header has no '# {key}: ...' line")
    sparql = "\n".join(lines[body_start:]).strip() + "\n"
    if not sparql.strip():
        raise NamedQueryError(f"{where}: no query after the header")
    for p in params:
        if not re.search(rf"[?$]{re.escape(p.name)}(?![A-Za-z0-9_])", sparql):
            raise NamedQueryError(
                f"{where}:{lines_of[p.name]}: parameter {p.name!r} is not used as ?{p.name} in the query")
    return NamedQuery(name, fields["title"], fields["description"], tuple(params), sparql, path,
                      lines_of)


def _parse_param(value: str, where: str) -> Param:
    full = _PARAM.match(value)
    short = None if full else _PARAM_BARE.match(value)
    m = full or short
    if not m:
        raise NamedQueryError(
            f"{where}: write a parameter as 'name (type[, optional][, default \"v\"]) — description'")
    name = m.group("name")
    if name in RESERVED:
        raise NamedQueryError(f"{where}: {name!r} is reserved and cannot name a parameter")
    spec = [_type(short.group("type"))] if short else [
        s.strip() for s in m.group("spec").split(",") if s.strip()]
    if spec:
        spec[0] = _type(spec[0])
    if not spec or spec[0] not in PARAM_TYPES:
        got = spec[0] if spec else ""
        raise NamedQueryError(f"{where}: parameter {name!r} has type {got!r}; types are {', '.join(PARAM_TYPES)}")
    optional, default = False, None
    for item in spec[1:]:
        d = _DEFAULT.match(item)
        if item == "optional":
            optional = True
        elif d:
            default = d.group("q") if d.group("q") is not None else d.group("bare")
            optional = True
        else:
            raise NamedQueryError(f"{where}: parameter {name!r}: unknown option {item!r} (optional, default \"v\")")
    param = Param(name, spec[0], optional, default, (m.group("desc") or "").strip())
    if default is not None:
        try:
            coerce(param, default)
        except ParameterError as e:
            raise NamedQueryError(f"{where}: bad default: {e}") from None
    return param


def _type(name: str) -> str:
    return TYPE_ALIASES.get(name.lower(), name) if name not in PARAM_TYPES else name


def load_named_queries(directory: Path, *, checked: bool = True,
                       errors: list[NamedQueryError] | None = None) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of ``directory`` by name (the file stem), sorted; checked by :func:`check`.

    A bad file raises :class:`NamedQueryError`, or, when ``errors`` is a list,
    is left out and its error appended there.
    """
    queries: dict[str, NamedQuery] = {}
    if not directory.is_dir():
        return queries
    for path in sorted(directory.glob("*.rq")):
        try:
            q = parse_named_query(path.read_text(encoding="utf-8"), path.stem, path)
            if checked:
                check(q)
        except NamedQueryError as e:
            if errors is None:
                raise
            errors.append(e)
            continue
        queries[q.name] = q
    return queries


_SAMPLES = {"iri": "urn:treatygraph:sample", "literal": "x", "langString": "x@en",
            "integer": "0", "date": "2000-01-01", "boolean": "false"}


def check(query: NamedQuery) -> None:
    """Run ``query`` once, with sample values, on an empty embedded store: syntax, projection."""
    from .store.oxigraph import OxigraphStore

    values = {p.name: _SAMPLES[p.type] for p in query.params}
    try:
        query.run(OxigraphStore.in_memory(), values)
    except (BadQuery, RuntimeError) as e:
        hint = ""
        if "projection" in str(e):
            hint = " (a SELECT named query must project every parameter, or use SELECT *)"
        raise NamedQueryError(f"{query.path or query.name}: {e}{hint}") from None
