"""Fixtures of the ingestion tests: the real registry and the source document ingested once."""

from pathlib import Path

import pytest

from treatygraph.ingest.rdf import extract_mentions, ingest_document
from treatygraph.registry import Registry

DOC = "itpgrfa-gb-5-item-13.zh.txt"


@pytest.fixture(scope="session")
def registry(settings) -> Registry:
    return Registry.load(settings.registry_dir, settings.base)


@pytest.fixture(scope="session")
def doc_path(settings) -> Path:
    return settings.documents_dir / DOC


@pytest.fixture(scope="session")
def ingested(doc_path, registry, settings):
    return ingest_document(doc_path, registry, settings)


@pytest.fixture(scope="session")
def cite(registry):
    """``cite(text, home)`` -> [(surface, kind, target path or None, warnings)]."""
    base = "https://w3id.org/treatygraph/"

    def run(text: str, home: str | None = "itpgrfa"):
        _, mentions = extract_mentions(text, registry, home)
        for m in mentions:
            assert text[m.start:m.end] == m.text
        return [(m.text, m.kind, m.target_uri[len(base):] if m.target_uri else None, m.warnings)
                for m in mentions]

    return run
