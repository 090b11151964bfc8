"""Stores: the embedded Oxigraph store and remote SPARQL 1.1 servers, behind one interface."""

from .base import QueryResult, Store, StoreError, StoreUnavailable, StoreTimeout, BadQuery, StoreBadResponse

__all__ = ["QueryResult", "Store", "StoreError", "StoreUnavailable", "StoreTimeout", "BadQuery", "StoreBadResponse"]
