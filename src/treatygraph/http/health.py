"""``/healthz``: readiness, i.e. whether the store answers a query now.

* **200** ``{"status": "ok", "store": "embedded" | "remote"}`` when the
  store answers ``ASK {}`` within :data:`HEALTH_TIMEOUT` seconds;
* **503** (the usual error shape, with ``Retry-After``) when there is no
  store, or it does not answer: a remote store that refuses the connection,
  times out or answers garbage.

The probe is the smallest query there is, so a load balancer may call it
often; it never runs a client's query or reads the graph.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..store.base import StoreError
from .cors import preflight
from .deps import get_store
from .errors import ApiError

router = APIRouter()

PATH = "/healthz"
#: Seconds the store has to answer the probe.
HEALTH_TIMEOUT = 5.0
PROBE = "ASK {}"


@router.api_route(PATH, methods=["GET", "HEAD"], name="healthz")
async def healthz(request: Request) -> Response:
    """200 when the store answers a trivial query, 503 (with Retry-After) when it does not."""
    store = get_store(request)  # 503 when there is none
    try:
        await run_in_threadpool(store.query, PROBE, timeout=HEALTH_TIMEOUT)
    except StoreError as e:
        raise ApiError.store_unavailable(f"the store does not answer: {e}") from e
    kind = "remote" if request.app.state.settings.store_is_remote else "embedded"
    return Response(json.dumps({"status": "ok", "store": kind}), media_type="application/json",
                    headers={"Cache-Control": "no-store"})


# After the route: for another method, the first route matching the path gives the 405 its Allow.
@router.options(PATH)
async def health_options() -> Response:
    """CORS preflight (and plain OPTIONS)."""
    return preflight(["GET", "HEAD"])
