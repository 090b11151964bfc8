"""The curated registry: instruments, bodies, sessions, aliases and numbering rules.

The registry is the Turtle files in ``data/registry/``. Subjects are written as
relative IRIs (``<id/cbd>``) and resolved against the configured URI base when
loaded, so the same files serve any base. :class:`Registry` answers the
look-ups the citation resolver needs (aliases of instruments and bodies,
context-dependent short names, numbering rules) from that one graph.

Alias keys are normalised with :func:`normalise_alias`; callers normalise the
text they look up with the same function.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from . import identifiers
from .identifiers import DEFAULT_BASE, IdentifierError
from .namespaces import TG, bind_prefixes

#: Classes whose instances are instruments (asserted explicitly in the registry).
_INSTRUMENT_TYPES = (TG.Instrument, TG.Treaty, TG.Convention, TG.Protocol)
_BODY_TYPES = (TG.Body, TG.GoverningBody, TG.SubsidiaryBody)


class RegistryError(Exception):
    """A registry file cannot be read or says something inconsistent."""


@dataclass(frozen=True)
class NumberingRule:
    """How a body numbers its acts during a span of sessions.

    ``number_pattern`` uses ``{session}`` (the session, written in
    ``session_numerals``: ``"roman"`` or ``"arabic"``), ``{n}`` (the act's
    number in the session), ``{year}`` and ``{item}`` (an agenda item).
    ``until_session`` is ``None`` while the rule is current.
    """

    act_kind: str
    session_numerals: str | None
    from_session: int | None
    until_session: int | None
    number_pattern: str
    body: str

    def applies_to(self, session: int) -> bool:
        """True when the rule covers the given session number."""
        if self.from_session is not None and session < self.from_session:
            return False
        return self.until_session is None or session <= self.until_session


def normalise_alias(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: the key form of every alias."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _parse_file(graph: Graph, path: Path, base: str) -> None:
    from .rdffile import RdfFileError, parse_turtle

    try:
        parse_turtle(graph, path, public_id=base)  # strict UTF-8; errors name path:line:column
    except RdfFileError as exc:
        raise RegistryError(str(exc)) from exc


class Registry:
    """The loaded registry graph and the look-ups built on it."""

    def __init__(self, graph: Graph, base: str = DEFAULT_BASE):
        self.graph = graph
        self.base = base if base.endswith("/") else base + "/"

    # ------------------------------------------------------------------ load

    @classmethod
    def load(cls, registry_dir: Path, base: str = DEFAULT_BASE) -> "Registry":
        """Parse every ``*.ttl`` in ``registry_dir`` (errors name file and line)."""
        registry_dir = Path(registry_dir)
        files = sorted(registry_dir.glob("*.ttl"))
        if not files:
            raise RegistryError(f"{registry_dir}: no registry files (*.ttl)")
        base = base if base.endswith("/") else base + "/"
        graph = bind_prefixes(Graph())
        for path in files:
            _parse_file(graph, path, base)
        return cls(graph, base)

    # --------------------------------------------------------------- helpers

    def uri(self, ref: identifiers.Ref) -> URIRef:
        """The URI of a reference under this registry's base."""
        return URIRef(identifiers.mint(ref, self.base))

    def _ref(self, node) -> identifiers.Ref | None:
        if not isinstance(node, URIRef):
            return None
        try:
            return identifiers.parse(str(node), self.base)
        except IdentifierError:
            return None

    def _subjects_of_types(self, types) -> set[URIRef]:
        out: set[URIRef] = set()
        for t in types:
            out.update(s for s in self.graph.subjects(RDF.type, t) if isinstance(s, URIRef))
        return out

    def _names(self, subject, *predicates) -> list[str]:
        return [
            str(o)
            for p in predicates
            for o in self.graph.objects(subject, p)
            if isinstance(o, Literal)
        ]

    # ----------------------------------------------------------- instruments

    @cached_property
    def _instruments(self) -> dict[str, URIRef]:
        out = {}
        for s in self._subjects_of_types(_INSTRUMENT_TYPES):
            ref = self._ref(s)
            if isinstance(ref, identifiers.Entity):
                out[ref.code] = s
        return out

    def instruments(self) -> list[str]:
        """Codes of every instrument, sorted (``["cartagena", "cbd", ...]``)."""
        return sorted(self._instruments)

    @cached_property
    def _instrument_aliases(self) -> dict[str, str]:
        seen: dict[str, set[str]] = {}
        for code, uri in self._instruments.items():
            for name in self._names(uri, RDFS.label, SKOS.prefLabel, SKOS.altLabel):
                seen.setdefault(normalise_alias(name), set()).add(code)
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}

    def instrument_aliases(self) -> dict[str, str]:
        """Normalised names and unambiguous aliases -> instrument code (``"cbd"``)."""
        return dict(self._instrument_aliases)

    @cached_property
    def _short_names(self) -> dict[str, frozenset[str]]:
        seen: dict[str, set[str]] = {}
        for code, uri in self._instruments.items():
            for name in self._names(uri, TG.shortName):
                seen.setdefault(normalise_alias(name), set()).add(code)
        return {k: frozenset(v) for k, v in seen.items()}

    def short_names(self) -> dict[str, frozenset[str]]:
        """Context-dependent short names (normalised) -> the instruments they may name."""
        return dict(self._short_names)

    def parent_instrument(self, code: str) -> str | None:
        """The instrument ``code`` supplements (``tg:parentInstrument``): ``"kyoto" -> "unfccc"``."""
        uri = self._instruments.get(code)
        parent = self._ref(self.graph.value(uri, TG.parentInstrument)) if uri is not None else None
        return parent.code if isinstance(parent, identifiers.Entity) else None

    def family(self, code: str) -> frozenset[str]:
        """``code``, the instrument it supplements and the instruments supplementing either."""
        top = self.parent_instrument(code) or code
        return frozenset({code, top} | {c for c in self._instruments if self.parent_instrument(c) == top})

    # ---------------------------------------------------------------- bodies

    @cached_property
    def _bodies(self) -> dict[str, dict[str, URIRef]]:
        out: dict[str, dict[str, URIRef]] = {}
        for s in self._subjects_of_types(_BODY_TYPES):
            ref = self._ref(s)
            if isinstance(ref, identifiers.Body):
                out.setdefault(ref.inst, {})[ref.body] = s
        return out

    def bodies(self, inst: str) -> list[str]:
        """Body codes of an instrument, sorted (``["cop", "icnp", "sbstta"]``)."""
        return sorted(self._bodies.get(inst, {}))

    def body_aliases(self, inst: str) -> dict[str, str]:
        """Normalised body names and aliases of an instrument -> body code (``"cop"``)."""
        seen: dict[str, set[str]] = {}
        for code, uri in self._bodies.get(inst, {}).items():
            for name in self._names(uri, RDFS.label, SKOS.prefLabel, SKOS.altLabel):
                seen.setdefault(normalise_alias(name), set()).add(code)
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}

    def governing_body(self, inst: str) -> str | None:
        """The code of the instrument's governing body (``"cop"``, ``"gb"``), if any."""
        codes = sorted(
            code
            for code, uri in self._bodies.get(inst, {}).items()
            if (uri, RDF.type, TG.GoverningBody) in self.graph
        )
        return codes[0] if codes else None

    @cached_property
    def _series(self) -> dict[str, identifiers.Body]:
        out = {}
        for inst, bodies in self._bodies.items():
            for code, uri in bodies.items():
                for o in self.graph.objects(uri, TG.documentSeries):
                    out[str(o)] = identifiers.Body(inst, code)
        return out

    @cached_property
    def _symbol_patterns(self) -> list[tuple[str, str, str]]:
        out = []
        for inst, bodies in sorted(self._bodies.items()):
            for code, uri in sorted(bodies.items()):
                out += [(inst, code, str(o)) for o in sorted(self.graph.objects(uri, TG.symbolPattern))]
        return out

    def symbol_patterns(self) -> list[tuple[str, str, str]]:
        """``(instrument, body, pattern)`` of the meeting-document symbols bodies issue without an
        organisational root (``("cites", "cop", "CoP{session} {type}. {item}")``)."""
        return list(self._symbol_patterns)

    def document_series(self) -> dict[str, identifiers.Body]:
        """Document-symbol series roots (``"FCCC/SBI"``) -> the body issuing them."""
        return dict(self._series)

    def series_of(self, symbol: str) -> tuple[str, identifiers.Body] | None:
        """The longest registered series ``symbol`` belongs to, with its body (``None``: no series)."""
        best = None
        for root, body in self._series.items():
            if symbol == root or symbol.startswith((root + "/", root + ".")):  # UNEP/CHW.16/29
                if best is None or len(root) > len(best[0]):
                    best = (root, body)
        return best

    def numbering_rules(self, inst: str, body: str | None = None) -> list[NumberingRule]:
        """Numbering rules of an instrument's bodies (or of one body), oldest first.

        An organization that numbers its own acts (the General Assembly: resolution
        70/1) holds its rules itself; they come with ``body == ""``.
        """
        rules = []
        for code, uri in self._bodies.get(inst, {}).items():
            if body is not None and code != body:
                continue
            for node in self.graph.objects(uri, TG.numberingRule):
                rules.append(self._rule(node, code))
        if body in (None, "") and inst in self._act_issuers:
            for node in self.graph.objects(self._act_issuers[inst], TG.numberingRule):
                rules.append(self._rule(node, ""))
        return sorted(rules, key=lambda r: (r.body, r.act_kind, r.from_session or 0))

    @cached_property
    def _act_issuers(self) -> dict[str, URIRef]:
        out = {}
        for s in set(self.graph.subjects(TG.numberingRule, None)):
            ref = self._ref(s)
            if isinstance(ref, identifiers.Entity):
                out[ref.code] = s
        return out

    def act_issuers(self) -> list[str]:
        """Codes of organizations (not instruments) that number their own acts (``["unga"]``).

        Their acts are resolved only when a citation names them (a qualifier or a
        symbol), never by trying an unqualified number against their rules.
        """
        return sorted(set(self._act_issuers) - set(self._instruments))

    def _rule(self, node, body: str) -> NumberingRule:
        def one(pred, cast=str):
            value = self.graph.value(node, pred)
            return None if value is None else cast(value.toPython())

        kind, pattern = one(TG.actKind), one(TG.numberPattern)
        if kind is None or pattern is None:
            raise RegistryError(f"numbering rule of body {body!r} lacks tg:actKind or tg:numberPattern")
        return NumberingRule(
            act_kind=kind,
            session_numerals=one(TG.sessionNumerals),
            from_session=one(TG.fromSession, int),
            until_session=one(TG.untilSession, int),
            number_pattern=pattern,
            body=body,
        )

    # ------------------------------------------------------------- resources

    def label(self, uri: str, lang: str = "en") -> str | None:
        """The ``rdfs:label`` (else ``skos:prefLabel``) of a resource in ``lang``."""
        subject = URIRef(uri)
        for pred in (RDFS.label, SKOS.prefLabel):
            for o in self.graph.objects(subject, pred):
                if isinstance(o, Literal) and o.language == lang:
                    return str(o)
        return None

    def exists(self, uri: str) -> bool:
        """True when the registry says anything about ``uri``."""
        return (URIRef(uri), None, None) in self.graph
