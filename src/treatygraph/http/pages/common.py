"""What the page modules share: running a named query, paging a list, the store and settings."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request
from rdflib.term import Node

from ...config import Settings
from ...export.queries import query_text
from ...store.base import QueryResult, Store

#: Items on one page of any list that can grow.
PAGE_SIZE = 50


def run(store: Store, name: str, settings: Settings, **bindings: Node) -> QueryResult:
    """The named query ``queries/{name}.rq`` with typed bindings."""
    return store.query(query_text(name, settings.queries_dir), bindings=bindings or None)


@dataclass
class Paging:
    """One page of a list: ``items`` shown, links to the pages around it."""

    number: int
    size: int
    total: int
    prev_href: str | None = None
    next_href: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size


def page_number(request: Request, name: str = "page") -> int:
    try:
        return max(1, int(request.query_params.get(name, "1")))
    except ValueError:
        return 1


def paging(request: Request, total: int, size: int = PAGE_SIZE, name: str = "page") -> Paging:
    """The page of a list the request asks for (``?page=N``), with links keeping the other parameters."""
    number = min(page_number(request, name), max(1, -(-total // size)))
    params = {k: v for k, v in request.query_params.items() if k != name}

    def link(n: int) -> str:
        return request.url.path + "?" + urlencode({**params, name: n})

    p = Paging(number, size, total)
    p.prev_href = link(number - 1) if number > 1 else None
    p.next_href = link(number + 1) if number < p.pages else None
    return p


__all__ = ["run", "Paging", "paging", "page_number", "PAGE_SIZE"]
