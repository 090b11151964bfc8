"""Ingestion: an MEA document's text -> a named graph (structure, citations, provenance).

Stages: :mod:`.segment` (parts with offsets), :mod:`.cite` (one grammar per
language), :mod:`.resolve` (canonical URIs), :mod:`.verbs` (operative verbs and
actors), :mod:`.facts` (institutional facts with regular structure),
:mod:`.rdf` (the graph). Entry point: :func:`treatygraph.ingest.rdf.ingest_document`.
"""

from importlib import import_module

#: what the package offers, and the module that defines it: imported when first asked for, so that a
#: module of the package (``.source``, which the build asks which files are documents) is imported without
#: the grammars and layouts (a second of regular expressions, in the build before its workers start)
_EXPORTS = {"IngestError": "metadata", "IngestResult": "rdf", "extract_mentions": "rdf",
            "ingest_document": "rdf", "ingest_text": "rdf"}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
