"""Property tests (hypothesis) on every parser of user input: Accept, parameter values, identifier paths, the query guard."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Literal, URIRef

from treatygraph import identifiers
from treatygraph.http.negotiation import NotAcceptable, negotiate
from treatygraph.named_queries import PARAM_TYPES, Param, ParameterError, coerce
from treatygraph.store.base import BadQuery
from treatygraph.store.guard import QueryRefused, check_query
from treatygraph.store.oxigraph import OxigraphStore

FAST = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

OFFERED = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]
media = st.sampled_from(OFFERED + ["text/*", "*/*", "application/*", "text/html", "x/y", "*/json"])
accept_element = st.builds(
    lambda m, q, extra: m + (f";q={q}" if q is not None else "") + extra,
    media, st.one_of(st.none(), st.sampled_from(["0", "0.5", "1", "1.5", "-1", "x", "0.001"])),
    st.sampled_from(["", ";charset=utf-8", ";level=1", ";;", "; q"]))
accept_header = st.one_of(st.text(max_size=80),
                          st.lists(accept_element, max_size=5).map(", ".join))


@FAST
@given(accept_header)
def test_negotiate_answers_an_offered_type_or_406(accept):
    try:
        chosen = negotiate(accept, OFFERED)
    except NotAcceptable:
        return
    assert chosen in OFFERED


@FAST
@given(st.sampled_from(PARAM_TYPES), st.text(max_size=300))
def test_coerce_gives_a_typed_term_or_a_named_error(kind, raw):
    param = Param("p", kind)
    try:
        term = coerce(param, raw)
    except ParameterError as e:
        assert e.param == "p"
        return
    if kind == "iri":
        assert isinstance(term, URIRef)
        assert not any(c in str(term) for c in '<>"{}|^`\\ \n\t\x00')
    else:
        assert isinstance(term, Literal)
        assert "\x00" not in str(term)
    if kind == "literal":
        assert str(term) == unicodedata.normalize("NFC", raw).strip()


@FAST
@given(st.text(max_size=20), st.text(max_size=20))
def test_literal_values_travel_unchanged_through_the_store(a, b):
    """Whatever the text, a bound literal comes back as the same text (never read as SPARQL)."""
    value = a + '" } SERVICE <http://127.0.0.1:9/> { ' + b
    param = Param("text", "literal")
    try:
        term = coerce(param, value)
    except ParameterError:
        return
    r = OxigraphStore.in_memory().query("SELECT ?text WHERE {}", bindings={"text": term})
    assert r.rows == [(term,)]


path_segments = st.lists(st.one_of(
    st.sampled_from(["id", "cbd", "art", "8", "8.j", "dec", "cop", "15", "doc", "x", "..", "", "%2F"]),
    st.text(max_size=6)), min_size=1, max_size=7)


@FAST
@given(path_segments)
def test_parse_path_is_total_and_canonical(segments):
    path = "/".join(segments)
    try:
        ref = identifiers.parse_path(path)
    except identifiers.IdentifierError:
        return
    canonical = identifiers.path_of(ref)
    assert identifiers.parse_path(canonical) == ref


# ---- the query guard -------------------------------------------------------

SERVICE_SPELLINGS = st.sampled_from(
    ["SERVICE", "service", "Service", "sErViCe", "\\u0053ERVICE", "SERVIC\\u0045",
     "\\U00000053ervice", "\\u0073\\u0065rvice"])
GAP = st.sampled_from([" ", "\n", "\t", "\r\n", " # comment }\n", "\n#x\n  "])
HARMLESS = st.sampled_from([
    "?s ?p ?o .", "?service ?p ?o .", "?s <http://example.org/SERVICE> ?o .",
    "?s ?p 'SERVICE <http://h/> { }' .", '?s ?p """service\n{}""" .', "?s ?p ?o . # SERVICE <x> {}\n",
    "FILTER(?o < 3)", "?s ?p \"a'b\" .", "OPTIONAL { ?s ?q ?r }", "?s ?p 'x\\'SERVICE' .",
])


@st.composite
def queries(draw):
    parts, has_service = [], False
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()) and draw(st.integers(0, 3)) == 0:
            has_service = True
            parts.append(f"{draw(SERVICE_SPELLINGS)}{draw(GAP)}<http://127.0.0.1:9/>{draw(GAP)}"
                         "{ ?a ?b ?c }")
        else:
            parts.append(draw(HARMLESS))
        parts.append(draw(GAP))
    return "SELECT * WHERE {" + draw(GAP) + "".join(parts) + "}", has_service


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(queries())
def test_guard_refuses_exactly_the_queries_with_service(generated):
    query, has_service = generated
    if has_service:
        with pytest.raises(QueryRefused, match="SERVICE"):
            check_query(query)
    else:
        check_query(query)


@FAST
@given(st.text(max_size=200))
def test_guard_never_crashes(text):
    try:
        check_query(text, graphs=[])
    except BadQuery:
        pass
