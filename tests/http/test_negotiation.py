"""negotiate(): every Accept edge case, by name; and the format table."""

import pytest

from treatygraph.http.negotiation import (
    FORMATS, GRAPH_FORMATS, NotAcceptable, by_media_type, by_name, by_suffix, negotiate,
    negotiate_format,
)

RDF = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]


def test_missing_accept_gives_first_offered():
    assert negotiate(None, RDF) == "text/turtle"


def test_empty_accept_gives_first_offered():
    assert negotiate("", RDF) == "text/turtle"
    assert negotiate("  ,  ", RDF) == "text/turtle"


def test_star_star_gives_first_offered():
    assert negotiate("*/*", RDF) == "text/turtle"
    assert negotiate("*/*", list(reversed(RDF))) == "application/rdf+xml"


def test_type_wildcard_picks_first_offered_of_that_type():
    assert negotiate("application/*", RDF) == "application/n-triples"
    assert negotiate("text/*", ["application/json", "text/html"]) == "text/html"


def test_exact_type():
    assert negotiate("application/ld+json", RDF) == "application/ld+json"


def test_q_values_order():
    accept = "text/turtle;q=0.5, application/rdf+xml;q=0.9, application/ld+json;q=0.7"
    assert negotiate(accept, RDF) == "application/rdf+xml"


def test_equal_q_keeps_server_order():
    assert negotiate("application/rdf+xml, application/n-triples", RDF) == "application/n-triples"


def test_most_specific_range_sets_the_q():
    # text/turtle is excluded by its own range even though */* would allow it.
    assert negotiate("text/turtle;q=0, */*;q=0.1", RDF) == "application/n-triples"
    # application/* at 0.2 but n-triples itself at 0.9.
    assert negotiate("application/*;q=0.2, application/n-triples;q=0.9, */*;q=0.1", RDF) == "application/n-triples"


def test_q_zero_excludes():
    with pytest.raises(NotAcceptable):
        negotiate("text/turtle;q=0", ["text/turtle"])
    assert negotiate("*/*;q=0, application/ld+json", RDF) == "application/ld+json"


def test_unsupported_raises_not_acceptable_naming_offered():
    with pytest.raises(NotAcceptable) as info:
        negotiate("image/png", RDF)
    assert info.value.offered == RDF
    assert "text/turtle" in str(info.value) and "image/png" in str(info.value)


def test_parameters_like_charset_do_not_exclude():
    assert negotiate("application/ld+json;charset=utf-8", RDF) == "application/ld+json"
    assert negotiate('text/turtle; charset="UTF-8"; q=0.3, application/n-triples;q=0.2', RDF) == "text/turtle"


def test_range_with_parameters_is_more_specific():
    # The parameterised range decides the q for text/turtle (0), not the bare one (1).
    with pytest.raises(NotAcceptable):
        negotiate("text/turtle, text/turtle;charset=utf-8;q=0", ["text/turtle"])


def test_case_insensitive():
    assert negotiate("TEXT/Turtle", RDF) == "text/turtle"
    assert negotiate("Application/LD+JSON;Q=1", RDF) == "application/ld+json"


def test_malformed_elements_are_ignored():
    assert negotiate("garbage, application/ld+json", RDF) == "application/ld+json"
    assert negotiate("text/turtle;q=abc, application/rdf+xml", RDF) == "application/rdf+xml"
    assert negotiate("text/turtle;q=1.5, application/rdf+xml;q=0.5", RDF) == "application/rdf+xml"
    assert negotiate("*/json, application/n-triples", RDF) == "application/n-triples"


def test_wholly_malformed_header_counts_as_missing():
    assert negotiate(";;;, nonsense", RDF) == "text/turtle"


def test_accept_extensions_after_q_are_not_parameters():
    assert negotiate("text/turtle;q=0.5;ext=1, application/n-triples;q=0.4", RDF) == "text/turtle"


def test_negotiate_format_resolves_aliases():
    assert negotiate_format("application/json", [by_name("json")]).name == "json"
    assert negotiate_format("application/x-turtle", GRAPH_FORMATS).name == "turtle"


def test_nothing_offered_is_a_programming_error():
    with pytest.raises(ValueError):
        negotiate("*/*", [])


def test_format_table_lookups_agree():
    for f in FORMATS:
        assert by_name(f.name) is f
        assert by_suffix(f.suffix) is f
        assert by_suffix(f.suffix.lstrip(".")) is f
        assert by_media_type(f.media_type + "; charset=utf-8") is f
    assert by_name("ttl").name == "turtle"
    assert by_suffix(".jsonld").rdflib == "json-ld"
    assert by_media_type("application/rdf+xml").suffix == ".rdf"
    names = [f.name for f in FORMATS]
    suffixes = [f.suffix for f in FORMATS]
    media = [m for f in FORMATS for m in f.media_types]
    assert len(set(names)) == len(names) and len(set(suffixes)) == len(suffixes)
    assert len(set(media)) == len(media)


def test_every_serializer_name_exists():
    """Each graph format round-trips through rdflib; each pyoxigraph name is a real format."""
    import pyoxigraph
    from rdflib import Graph, Literal, URIRef
    from rdflib.compare import isomorphic

    g = Graph()
    g.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o")))
    for f in FORMATS:
        if f.carries == "graph":
            back = Graph().parse(data=g.serialize(format=f.rdflib), format=f.rdflib)
            assert isomorphic(g, back), f.name
        if f.oxigraph:
            kind = pyoxigraph.QueryResultsFormat if f.carries == "results" else pyoxigraph.RdfFormat
            assert getattr(kind, f.oxigraph).media_type.split(";")[0] == f.media_type, f.name
