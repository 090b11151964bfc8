"""What a SPARQL server's HTTP answer means: its status as a store error, a partial answer, the result in it.

The fault rules are listed in :mod:`.remote`; this module applies them to
one response (:func:`check_status`, :func:`is_partial`,
:func:`query_too_heavy`) and reads its body (:func:`read_result`: SPARQL
JSON through :mod:`.results_json`, RDF through rdflib).
"""

from __future__ import annotations

import re

import httpx
from rdflib import Graph

from .base import BadQuery, QueryResult, StoreBadResponse, StoreError, StoreTimeout, StoreUnavailable
from .results_json import parse_results_json

RESULTS_JSON = "application/sparql-results+json"


def check_status(url: str, response: httpx.Response) -> None:
    """Raise the store error a status other than 200, 201, 204 or 206 stands for (the server's words in it)."""
    status = response.status_code
    if status in (200, 201, 204, 206):
        return
    message = server_message(response)
    if status == 400:
        raise BadQuery(f"the SPARQL server refused the request: {message}")
    if status in (401, 403):
        raise StoreError(f"SPARQL server at {url} refused our credentials (HTTP {status}): {message}")
    if status == 503:
        raise StoreUnavailable(f"SPARQL server at {url} is unavailable (HTTP 503): {message}")
    if status == 504 or query_too_heavy(message):
        # Virtuoso: a timeout, or a query it refuses up front as too slow (MaxQueryCostEstimationTime).
        raise StoreTimeout(f"SPARQL server at {url} timed out (HTTP {status}): {message}")
    if "html" in response.headers.get("content-type", "") or status == 404:
        # A web page where a SPARQL endpoint should be: wrong URL, proxy, maintenance page.
        raise StoreBadResponse(f"no SPARQL answer from {url} (HTTP {status}, a web page): {message}")
    raise StoreError(f"SPARQL server at {url} failed (HTTP {status}): {message}")


def read_result(response: httpx.Response, kind: str | None, query_url: str) -> QueryResult:
    """The answer to a query of ``kind`` (``graph``: RDF; else SPARQL JSON results) from ``query_url``."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    where = f"{query_url} (HTTP {response.status_code}, {ctype or 'no content type'})"
    if kind == "graph":
        fmt = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}.get(ctype)
        if fmt is None:
            raise StoreBadResponse(f"expected RDF from {where}: {_snippet(response)}")
        try:
            graph = Graph().parse(data=response.content.decode("utf-8"), format=fmt)
        except Exception as exc:
            raise StoreBadResponse(f"unparseable RDF from {where}: {exc}") from exc
        return QueryResult(kind="graph", graph=graph)
    if ctype not in (RESULTS_JSON, "application/json"):
        raise StoreBadResponse(f"expected SPARQL JSON results from {where}: {_snippet(response)}")
    try:
        return parse_results_json(response.content)
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreBadResponse(f"broken SPARQL JSON results from {where}: {exc}") from exc


def is_partial(response: httpx.Response) -> bool:
    """Whether the server says the answer is incomplete (anytime query, row cap)."""
    headers = response.headers
    return (
        response.status_code == 206
        or headers.get("x-sql-state", "").strip().upper() == "S1TAT"
        or "x-sparql-maxrows" in headers
    )


def query_too_heavy(message: str) -> bool:
    """Whether a server's error says one query ran or would run too long (Virtuoso: S1T00, MaxQueryCostEstimationTime)."""
    return "S1T00" in message or "estimated execution time" in message


def _snippet(response: httpx.Response, size: int = 200) -> str:
    text = response.content[:size].decode("utf-8", "replace")
    return " ".join(text.split()) or "(empty body)"


def server_message(response: httpx.Response) -> str:
    """What the server said, in one line: an HTML page's title, else the start of the body."""
    ctype = response.headers.get("content-type", "")
    if "html" in ctype:
        title = re.search(r"(?is)<title>(.*?)</title>", response.text)
        return title.group(1).strip() if title else _snippet(response)
    return _snippet(response, 500)
