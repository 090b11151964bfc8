"""The API client of the competency-question tests, on each store (``api_store``)."""

import pytest
from fastapi.testclient import TestClient

from treatygraph.http.app import create_app


@pytest.fixture(scope="module")
def client(built_settings, api_store):
    """The API over the built graph, once on the embedded store and once on Virtuoso."""
    with TestClient(create_app(built_settings, store=api_store)) as c:
        yield c
