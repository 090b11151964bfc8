"""schemathesis against the app's own OpenAPI document, in-process (ASGI).

No 5xx; status codes, content types and JSON bodies match the schema; and no
request the schema calls valid is refused (``positive_data_acceptance``: a
400, 406, 415 or 422 for one fails). The document's own string formats
(``sparql-select`` ..., ``store-graph``, see ``treatygraph.http.openapi``)
get a generator each here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings as hsettings
from hypothesis import strategies as st

schemathesis = pytest.importorskip("schemathesis")

from treatygraph import identifiers  # noqa: E402
from treatygraph.config import Settings  # noqa: E402
from treatygraph.http.app import create_app  # noqa: E402
from treatygraph.registry import Registry  # noqa: E402
from treatygraph.store.oxigraph import OxigraphStore  # noqa: E402

ROOT_SETTINGS = Settings.from_env()
REGISTRY_GRAPH = identifiers.graph_uri("registry", ROOT_SETTINGS.base)
ID = ROOT_SETTINGS.base + "id/"

_names = st.sampled_from(["s", "o", "x", "label"])
_limits = st.integers(min_value=0, max_value=50)
_SELECT = st.one_of(
    st.builds("SELECT ?{} WHERE {{ ?{} ?p ?o }} LIMIT {}".format, _names, _names, _limits),
    st.builds("SELECT (COUNT(*) AS ?{}) WHERE {{ ?s a ?t }}".format, _names),
    st.just("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(lang(?l) = 'en') } ORDER BY ?s LIMIT 5"),
)
_ASK = st.one_of(st.just("ASK {}"), st.builds("ASK {{ ?s ?p ?{} }}".format, _names),
                 st.builds("ASK {{ <{}cbd> ?p ?o }}".format, st.just(ID)))
_GRAPH = st.one_of(
    st.builds("CONSTRUCT WHERE {{ ?s ?p ?o }} LIMIT {}".format, _limits),
    st.builds("DESCRIBE <{}{}>".format, st.just(ID), st.sampled_from(["cbd", "itpgrfa", "unknown"])),
)
_IRI = st.one_of(
    st.sampled_from([ID + "cbd", ID + "itpgrfa", ID + "group/blg", "id/cbd", "tg:Convention"]),
    st.from_regex(r"\Ahttps?://[a-z0-9]{1,12}(\.[a-z0-9]{1,8}){0,2}(/[A-Za-z0-9._~-]{0,10}){0,3}\Z"),
)

schemathesis.openapi.format("sparql-select", _SELECT)
schemathesis.openapi.format("sparql-ask", _ASK)
schemathesis.openapi.format("sparql-graph", _GRAPH)
schemathesis.openapi.format("sparql-query", st.one_of(_SELECT, _ASK, _GRAPH))
schemathesis.openapi.format("store-graph", st.just(REGISTRY_GRAPH))
schemathesis.openapi.format("iri", _IRI)


def _app():
    registry = Registry.load(ROOT_SETTINGS.registry_dir, ROOT_SETTINGS.base)
    store = OxigraphStore.from_graphs({REGISTRY_GRAPH: registry.graph})
    return create_app(ROOT_SETTINGS.with_(extra={"query_timeout": 5}), store)


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# The named queries (about 30 paths) without the coverage phase, which costs seconds per path.
named_schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
named_schema.config.phases.update(phases=["examples", "fuzzing"])

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.positive_data_acceptance,
]


@schema.exclude(path_regex=r"^/(pictures|queries)/").parametrize()
@hsettings(max_examples=12, deadline=None, derandomize=True,
           suppress_health_check=list(HealthCheck))
def test_api_conforms(case):
    case.call_and_validate(checks=CHECKS)


# One path per named query: fewer examples each, GET only (HEAD is the same route).
@named_schema.include(path_regex=r"^/queries/", method="GET").parametrize()
@hsettings(max_examples=4, deadline=None, derandomize=True,
           suppress_health_check=list(HealthCheck))
def test_named_queries_conform(case):
    case.call_and_validate(checks=CHECKS)
