"""What routes take from the app: the store and the settings (both on ``app.state``)."""

from __future__ import annotations

from fastapi import Request

from ..config import Settings
from ..store.base import Store
from .errors import ApiError


def get_store(request: Request) -> Store:
    """The app's store, or a 503 (with Retry-After) when there is none."""
    state = request.app.state
    source = getattr(state, "store_source", None)
    if source is not None:
        state.store, state.store_error = source.current(), source.error
    if state.store is None:
        raise ApiError.store_unavailable(
            getattr(state, "store_error", None) or "the store is not available")
    return state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings
