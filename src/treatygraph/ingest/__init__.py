"""Ingestion: an MEA document's text -> a named graph (structure, citations, provenance).

Stages: :mod:`.segment` (parts with offsets), :mod:`.cite` (one grammar per
language), :mod:`.resolve` (canonical URIs), :mod:`.verbs` (operative verbs and
actors), :mod:`.facts` (institutional facts with regular structure),
:mod:`.rdf` (the graph). Entry point: :func:`treatygraph.ingest.rdf.ingest_document`.
"""

from .metadata import IngestError  # noqa: E402
from .rdf import IngestResult, extract_mentions, ingest_document, ingest_text  # noqa: E402

__all__ = ["IngestError", "IngestResult", "extract_mentions", "ingest_document", "ingest_text"]
