"""Search: a query read as a citation (:mod:`.citation`), else names and passages in a
full-text index built from the store (:mod:`.index`)."""

from .citation import CitationReading, read_citation
from .index import NameHit, PassageHit, SearchIndex, index_for, index_path, uses_grams

__all__ = ["CitationReading", "read_citation", "NameHit", "PassageHit", "SearchIndex", "index_for",
           "index_path", "uses_grams"]
