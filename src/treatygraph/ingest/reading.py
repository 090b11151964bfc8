"""A document file read for ingestion: its text, its metadata and, once made, its segmentation.

The ingestion (:func:`.rdf.ingest_document`) and the provision index
(:mod:`.resolve.provisions`) both start here, so that a build from scratch reads,
loads the metadata of and segments each file once: the worker process that
read a treaty text's provisions keeps what it read for that file's ingestion
(:mod:`treatygraph.build.workers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .metadata import Metadata, load_metadata
from .segment import Segmentation
from .source import read_source


@dataclass
class ReadDocument:
    """A document file's decoded text and metadata, and its segmentation once :meth:`segmented` made it."""

    path: Path
    text: str
    metadata: Metadata
    segmentation: Segmentation | None = None

    @property
    def kind(self) -> str:
        """The layout the text is segmented with: its metadata's kind, else classified from the text."""
        from .layouts import classify

        return self.metadata.kind or classify(self.text)

    def segmented(self, registry) -> Segmentation:
        """The text segmented with the layout of its kind (made on the first call, then kept)."""
        if self.segmentation is None:
            from .layouts import segment_as

            self.segmentation = segment_as(self.text, self.metadata.kind, home=self.metadata.home_instrument,
                                           registry=registry)
        return self.segmentation


def read_document(path: Path, registry, home: str | None = None) -> ReadDocument:
    """Read ``path``'s text (any supported format) and its metadata (``home`` overriding the home instrument)."""
    path = Path(path)
    text = read_source(path).text
    return ReadDocument(path, text, load_metadata(path, home, text=text, registry=registry))
