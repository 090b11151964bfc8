"""Pausing Python's cyclic garbage collector around work that allocates much and leaves few cycles.

Ingesting a document allocates hundreds of thousands of small containers
(terms, triples, mentions) that mostly live until the document is written.
Each allocation burst sets off the cyclic collector, and its full collections
walk every object a worker holds (the registry, the provision index): about a
quarter of ingestion's CPU. Ingestion leaves next to no cyclic garbage
(reference counting frees it), so the collector is paused while a document is
ingested or written and runs as usual afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block; the collector's state is restored after it
    (nested blocks leave it to the outermost)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = ["paused"]
