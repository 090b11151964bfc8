"""schemathesis against the app's own OpenAPI document, in-process (ASGI): no 5xx, answers match the schema."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings as hsettings

schemathesis = pytest.importorskip("schemathesis")

from treatygraph import identifiers  # noqa: E402
from treatygraph.config import Settings  # noqa: E402
from treatygraph.http.app import create_app  # noqa: E402
from treatygraph.registry import Registry  # noqa: E402
from treatygraph.store.oxigraph import OxigraphStore  # noqa: E402

ROOT_SETTINGS = Settings.from_env()


def _app():
    registry = Registry.load(ROOT_SETTINGS.registry_dir, ROOT_SETTINGS.base)
    store = OxigraphStore.from_graphs(
        {identifiers.graph_uri("registry", ROOT_SETTINGS.base): registry.graph})
    return create_app(ROOT_SETTINGS.with_(extra={"query_timeout": 5}), store)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@schema.exclude(path_regex=r"^/pictures/").parametrize()
@hsettings(max_examples=12, deadline=None, derandomize=True,
           suppress_health_check=list(HealthCheck))
def test_api_conforms(case):
    case.call_and_validate(checks=CHECKS)
