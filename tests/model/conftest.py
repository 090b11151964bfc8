"""Fixtures for the model tests: the ontology, shapes and registry, loaded once."""

import pytest

from treatygraph.registry import Registry
from treatygraph.validate import load_ontology, load_shapes


@pytest.fixture(scope="session")
def ontology(settings):
    return load_ontology(settings)


@pytest.fixture(scope="session")
def data_shapes(settings):
    return load_shapes(settings, "data")


@pytest.fixture(scope="session")
def lint_shapes(settings):
    return load_shapes(settings, "ontology")


@pytest.fixture(scope="session")
def registry(settings):
    return Registry.load(settings.registry_dir, settings.base)
