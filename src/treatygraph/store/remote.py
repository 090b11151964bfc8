"""A remote SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, ...) behind the :class:`Store` interface.

Queries go to the query endpoint over the SPARQL 1.1 Protocol (POST, form
encoded); updates to the update endpoint, with HTTP Basic or Digest
credentials chosen from the server's challenge. httpx rather than
SPARQLWrapper carries the requests, because the fault rules below need a
separate connect timeout, the response headers (Virtuoso reports a partial
answer only there) and the raw body (to tell an HTML error page from a
result).

Faults, and what the HTTP layer makes of them (a response is read by
:mod:`.remote_responses`):

* nothing listens / connect timeout      -> :class:`StoreUnavailable` (503)
* no whole answer before the deadline    -> :class:`StoreTimeout` (504); the
  deadline covers the whole request, a trickling answer included
  (:mod:`.deadline`), and the server is asked to stop earlier (``timeout``
  parameter, in ms), so a server that honours it returns a partial answer
* the server failed repeatedly           -> :class:`~.breaker.CircuitOpen`
  (503 with Retry-After) without asking it (:mod:`.breaker`)
* a partial answer (HTTP 206, ``X-SQL-State: S1TAT``, ``X-SPARQL-MaxRows``,
  or as many rows or triples as the server's row cap) -> ``QueryResult.truncated``
* HTML or unparseable results            -> :class:`StoreBadResponse` (502)
* the server rejects the query (400)     -> :class:`BadQuery` (400)

Bindings are bound as typed terms in a ``VALUES`` block placed at the start
of the query's outermost group pattern (Virtuoso rejects a trailing
``VALUES`` on aggregates and ASK); each term is written in its N-Triples
form, and anything that cannot be a term is refused.
"""

from __future__ import annotations

import logging
import time
from typing import Iterable, Iterator, Mapping, Sequence

import httpx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .base import BadQuery, QueryResult, Store, StoreBadResponse, StoreError, StoreTimeout, StoreUnavailable
from .breaker import COOLDOWN, FAILURES, WINDOW, CircuitBreaker
from .deadline import UPSTREAM_CANCEL, UpstreamCancelled, bound_client, within
from .forms import shape
from .remote_auth import ChallengeAuth
from .remote_responses import RESULTS_JSON, check_status, is_partial, query_too_heavy, read_result, server_message
from .terms import bind_values, term_to_sparql, values_block  # noqa: F401  (re-exported)

#: Suffix of the graph a new version of ``<g>`` is loaded into before it is switched in.
STAGING_SUFFIX = "__staging"
#: Graphs a fresh Virtuoso holds for itself; never listed as ours.
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "http://www.openlinksw.com/",
)

log = logging.getLogger("treatygraph.store")

_NTRIPLES = "application/n-triples"

# --------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------


class RemoteStore(Store):
    """A SPARQL 1.1 server: ``query_url`` answers queries, ``update_url`` (default: the same) updates.

    ``graph_store_url``, when given, is a SPARQL 1.1 Graph Store Protocol
    endpoint (Virtuoso: ``/sparql-graph-crud-auth``); loading then POSTs
    N-Triples batches there, about 25 times faster on Virtuoso than
    ``INSERT DATA``. ``batch_size`` is triples per request (default 250 for
    SPARQL Update — Virtuoso refuses ~1500 and slows down above ~250 —
    and 10000 for the Graph Store Protocol).

    ``timeout`` is the default query deadline in seconds, for the whole
    request (connect, headers and body: :mod:`treatygraph.store.deadline`);
    the server is asked to stop after ``server_timeout_fraction`` of it.
    ``max_rows``, when set, is the server's row cap: a result that long is
    marked truncated; unset, the cap is learned from the server (see
    :meth:`row_cap`). ``breaker_failures``, ``breaker_window`` and
    ``breaker_cooldown`` configure the circuit breaker
    (:mod:`treatygraph.store.breaker`).
    ``graphs_ttl`` is how long (seconds) the list of named graphs is reused:
    listing them is a full scan on Virtuoso, and the HTTP layer asks per
    request; this store's own updates refresh it at once, another writer's
    show after at most ``graphs_ttl``.
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 3.0,
        update_timeout: float = 300.0,
        server_timeout_fraction: float = 0.75,
        max_rows: int | None = None,
        batch_size: int | None = None,
        graph_store_url: str | None = None,
        read_only: bool = False,
        graphs_ttl: float = 30.0,
        breaker_failures: int = FAILURES,
        breaker_window: float = WINDOW,
        breaker_cooldown: float = COOLDOWN,
    ):
        self.query_url = query_url
        self.read_only = read_only
        self.update_url = update_url or query_url
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.update_timeout = update_timeout
        self.server_timeout_fraction = server_timeout_fraction
        self.max_rows = max_rows
        self.graph_store_url = graph_store_url
        self.batch_size = batch_size or (10000 if graph_store_url else 250)
        self.graphs_ttl = graphs_ttl
        self._graphs_cache: tuple[float, list[str]] | None = None
        self._learned_cap: int | None = None   # from the server's X-SPARQL-MaxRows, or a probe
        self._uncapped_up_to = 0               # answers this long are known to be under the server's cap
        self._probe_refused = False            # the server cannot run the row-cap probe
        self.breaker = CircuitBreaker(query_url, failures=breaker_failures, window=breaker_window,
                                      cooldown=breaker_cooldown)
        auth = ChallengeAuth(user, password or "") if user else None
        self._client = bound_client(httpx.Client(auth=auth, follow_redirects=False))

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r}, update_url={self.update_url!r})"

    # -- transport ---------------------------------------------------------

    def _post(
        self, url: str, data: dict | None, accept: str, deadline: float, *,
        params: dict | None = None, content: bytes | None = None, content_type: str | None = None,
    ) -> httpx.Response:
        """POST within ``deadline`` seconds in all (connect, send, headers, body), through the circuit breaker.

        The request is abandoned, and its connection closed, when the deadline
        passes or the context's :data:`~treatygraph.store.deadline.UPSTREAM_CANCEL`
        event is set (the HTTP layer's client went away).
        """
        timeout = httpx.Timeout(deadline, connect=self.connect_timeout)
        headers = {"Accept": accept}
        if content_type:
            headers["Content-Type"] = content_type
        with self.breaker.call() as outcome:
            try:
                with within(deadline, UPSTREAM_CANCEL.get()):
                    response = self._client.post(
                        url, data=data, params=params, content=content, headers=headers, timeout=timeout
                    )
            except UpstreamCancelled:
                outcome.ignore()
                raise
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                outcome.fault()
                raise StoreUnavailable(f"SPARQL server at {url} cannot be reached: {exc}") from exc
            except httpx.TimeoutException as exc:
                outcome.fault()
                raise StoreTimeout(f"SPARQL server at {url} did not answer within {deadline:g} s") from exc
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                outcome.fault()
                raise StoreUnavailable(f"SPARQL server at {url} dropped the connection: {exc}") from exc
            try:
                check_status(url, response)
            except StoreError:
                # A 5xx says the server is unwell, unless it is its own verdict on one query
                # (Virtuoso's timeout or cost refusal): then the server is up, the query too heavy.
                if response.status_code >= 500 and not query_too_heavy(server_message(response)):
                    outcome.fault()
                raise
        self._learn_row_cap(response)
        return response

    # -- queries -----------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a read-only query on the server; see the module docstring for faults."""
        info = shape(sparql)
        if info.is_update:
            raise BadQuery("updates are not accepted on the query path")
        kind = info.kind
        text = bind_values(sparql, bindings)
        deadline = timeout if timeout is not None else self.timeout
        data: dict[str, str | list[str]] = {
            "query": text,
            "default-graph-uri": list(default_graph or ()),
            "named-graph-uri": list(named_graphs or ()),
            "timeout": str(max(1, int(deadline * 1000 * self.server_timeout_fraction))),
        }
        accept = f"{_NTRIPLES}, text/turtle;q=0.8" if kind == "graph" else RESULTS_JSON
        response = self._post(self.query_url, data, accept, deadline)
        result = read_result(response, kind, self.query_url)
        if bindings and result.kind == "select":
            _restore_bound_columns(result, bindings)
        result.truncated = result.truncated or is_partial(response)
        if result.kind == "select":
            cap = self.row_cap
            result.truncated = result.truncated or (cap is not None and len(result.rows) >= cap)
        elif result.kind == "graph" and len(result.graph):
            result.truncated = result.truncated or self._may_be_cut(len(result.graph), deadline)
        return result

    @property
    def row_cap(self) -> int | None:
        """The server's row cap: ``max_rows`` if configured, else what the server has shown (None: not known)."""
        return self.max_rows if self.max_rows is not None else self._learned_cap

    def _learn_row_cap(self, response: httpx.Response) -> None:
        value = response.headers.get("x-sparql-maxrows", "").strip()
        if value.isdigit() and int(value) > 0:
            self._learned_cap = int(value)

    def _may_be_cut(self, size: int, deadline: float) -> bool:
        """Whether a CONSTRUCT/DESCRIBE answer of ``size`` triples may have been cut by the server's row cap.

        Virtuoso cuts such an answer at ResultSetMaxRows (+1) and says
        nothing (no header, status 200; it does send ``X-SPARQL-MaxRows`` on a
        capped SELECT). So an answer that reaches the cap counts as cut, and
        when the cap is not known yet a probe finds out (:meth:`_probe_row_cap`).
        If the probe cannot tell (it times out, or the server cannot run it),
        the answer counts as cut: completeness unknown is never shown as complete.
        """
        if self.row_cap is None and size > self._uncapped_up_to:
            if self._probe_refused:
                return True
            try:
                self._probe_row_cap(size, deadline)
            except StoreTimeout:
                return True
            except (BadQuery, StoreBadResponse) as exc:
                log.warning("%s cannot run the row-cap probe (%s); CONSTRUCT/DESCRIBE answers will be "
                            "marked truncated unless TREATYGRAPH_STORE_MAX_ROWS is set", self.query_url, exc)
                self._probe_refused = True
                return True
        cap = self.row_cap
        return cap is not None and size >= cap

    def _probe_row_cap(self, size: int, deadline: float) -> None:
        """Ask for ``max(2 * size, 1000) + 1`` generated rows: does the server cut them?

        Cut short, or marked by the server, the answer shows the cap. Whole,
        it shows that no cap cuts an answer of fewer rows, so answers up to
        that size need no probe again; doubling keeps the probes' total cost
        near that of the largest answer. (Virtuoso builds the whole cross
        product before the LIMIT: 10^4 combinations take it about 0.5 s,
        10^5 about 1.2 s, hence no larger minimum.)
        """
        wanted = max(2 * size, 1000) + 1
        blocks = " ".join(f"VALUES ?d{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(len(str(wanted))))
        probe = self.query(f"SELECT ?d0 WHERE {{ {blocks} }} LIMIT {wanted}", timeout=deadline)
        if self._learned_cap is not None:
            return  # the server said so (X-SPARQL-MaxRows)
        if len(probe.rows) < wanted:
            self._learned_cap = len(probe.rows)  # cut silently
        else:
            self._uncapped_up_to = max(self._uncapped_up_to, wanted - 1)

    def graphs(self) -> list[str]:
        """Named graphs on the server, without its system graphs and our staging graphs.

        A full scan on Virtuoso (seconds on a large store), so the answer is
        reused for ``graphs_ttl`` seconds; :meth:`has_graph` is always fresh.
        """
        cached = self._graphs_cache
        if cached is not None and time.monotonic() - cached[0] < self.graphs_ttl:
            return list(cached[1])
        # Paged, since a server's row cap applies to this list as to any answer.
        page = min(self.row_cap or 10_000, 10_000)
        names: list[str] = []
        while True:
            result = self.query(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } "
                f"ORDER BY ?g LIMIT {page} OFFSET {len(names)}")
            rows = [str(row[0]) for row in result.rows if row[0] is not None]
            names.extend(rows)
            if len(rows) < page:  # a short page: the server had no more (a row cap cuts at page size)
                break
        graphs = [
            g for g in names
            if not g.startswith(SYSTEM_GRAPH_PREFIXES) and not g.endswith(STAGING_SUFFIX)
        ]
        self._graphs_cache = (time.monotonic(), graphs)
        return list(graphs)

    def has_graph(self, graph_uri: str) -> bool:
        """Whether the server holds any triple in ``graph_uri`` (servers keep no empty graphs)."""
        return bool(self.query(f"ASK {{ GRAPH {term_to_sparql(URIRef(graph_uri))} {{ ?s ?p ?o }} }}").boolean)

    def count(self, graph_uri: str) -> int:
        """How many triples ``graph_uri`` holds."""
        result = self.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {term_to_sparql(URIRef(graph_uri))} {{ ?s ?p ?o }} }}"
        )
        return int(result.rows[0][0]) if result.rows else 0

    def quads(self, graph_uri: str | None = None, *, page: int = 5000) -> Iterator[tuple[Node, Node, Node, Node]]:
        """Every quad (of one graph, or of all our graphs), read in ordered pages below the server's row cap.

        Pages follow the subject (keyset paging: ``STR(?s) > last``), never a
        growing OFFSET: Virtuoso refuses to sort past 10,000 rows (SR353), so
        ``ORDER BY … OFFSET 10000`` fails on any graph larger than that.
        """
        if self.row_cap:
            page = min(page, self.row_cap - 1)
        for g in [graph_uri] if graph_uri else self.graphs():
            name = URIRef(g)
            for s, p, o in self._iri_subject_triples(name, page):
                yield s, p, o, name
            for s, p, o in self._ordered_pages(name, "FILTER(isBlank(?s))", page):
                yield s, p, o, name

    def _iri_subject_triples(self, name: URIRef, page: int) -> Iterator[tuple[Node, Node, Node]]:
        """The triples of ``name`` whose subject is an IRI, subject by subject in pages of whole subjects."""
        after: str | None = None
        while True:
            keyset = f" && STR(?s) > {term_to_sparql(Literal(after))}" if after is not None else ""
            rows = self.query(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {term_to_sparql(name)} {{ ?s ?p ?o }} "
                f"FILTER(isIRI(?s){keyset}) }} ORDER BY STR(?s) LIMIT {page}"
            ).rows
            if len(rows) < page:
                yield from rows
                return
            last = rows[-1][0]
            whole = [row for row in rows if row[0] != last]  # the last subject may go on in the next page
            if whole:
                yield from whole
                after = str(whole[-1][0])
            else:  # one subject fills a page: read it alone
                yield from self._ordered_pages(name, f"FILTER(?s = {term_to_sparql(last)})", page)
                after = str(last)

    def _ordered_pages(self, name: URIRef, condition: str, page: int) -> Iterator[tuple[Node, Node, Node]]:
        """The triples of ``name`` meeting ``condition``, in OFFSET pages (fine for a few thousand rows)."""
        offset = 0
        while True:
            rows = self.query(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {term_to_sparql(name)} {{ ?s ?p ?o }} {condition} }} "
                f"ORDER BY ?s ?p ?o OFFSET {offset} LIMIT {page}"
            ).rows
            yield from rows
            if len(rows) < page:
                return
            offset += page

    # -- updates -----------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.query_url} is open read-only")

    def update(self, sparql: str, *, timeout: float | None = None) -> None:
        """Run one SPARQL 1.1 Update request (one request = one transaction on most servers)."""
        self._writable()
        self._graphs_cache = None
        try:
            self._post(self.update_url, {"update": sparql}, "*/*", timeout or self.update_timeout)
        finally:
            self._graphs_cache = None

    def drop_graph(self, graph_uri: str) -> None:
        self.update(f"DROP SILENT GRAPH {term_to_sparql(URIRef(graph_uri))}")

    def insert_triples(self, graph_uri: str, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Add triples to ``graph_uri`` in batches of about ``batch_size``; returns how many were sent.

        A blank node's triples all go in the same request (a ``_:label``
        names one node only within one request). Over SPARQL Update, batches
        holding blank nodes use ``INSERT {...} WHERE {}`` because Virtuoso
        refuses blank nodes in ``INSERT DATA``; with a Graph Store Protocol
        endpoint each batch is an N-Triples POST.
        """
        self._writable()
        triples = list(triples)
        for triple in triples:
            if isinstance(triple[2], Literal) and "\x00" in triple[2]:
                # Virtuoso silently cuts a string at U+0000; refuse rather than store less.
                raise StoreError(
                    f"<{graph_uri}>: literal of <{triple[0]}> <{triple[1]}> contains U+0000, "
                    "which SPARQL servers such as Virtuoso truncate; remove it from the source"
                )
        sent = 0
        target = term_to_sparql(URIRef(graph_uri))
        for batch, has_bnodes in _batches(triples, self.batch_size):
            body = " .\n".join(" ".join(term_to_sparql(t, allow_bnode=True) for t in triple) for triple in batch)
            if self.graph_store_url:
                self._graphs_cache = None
                self._post(
                    self.graph_store_url, None, "*/*", self.update_timeout,
                    params={"graph": graph_uri},
                    content=(body + " .\n").encode("utf-8"), content_type=_NTRIPLES,
                )
            elif has_bnodes:
                self.update(f"INSERT {{ GRAPH {target} {{\n{body} .\n}} }} WHERE {{}}")
            else:
                self.update(f"INSERT DATA {{ GRAPH {target} {{\n{body} .\n}} }}")
            sent += len(batch)
        return sent

    def replace_graph(self, graph_uri: str, graph: Graph) -> None:
        """Load ``graph`` into ``<graph_uri>__staging``, then switch it in with one update request."""
        self.replace_graph_triples(graph_uri, graph)

    def replace_graph_triples(self, graph_uri: str, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """:meth:`replace_graph` from any iterable of triples; returns the number loaded."""
        staging = staging_graph(graph_uri)
        self.drop_graph(staging)  # left over from an interrupted run
        sent = self.insert_triples(staging, triples)
        g, s = term_to_sparql(URIRef(graph_uri)), term_to_sparql(URIRef(staging))
        if sent:
            self.update(f"DROP SILENT GRAPH {g} ;\nMOVE SILENT GRAPH {s} TO GRAPH {g}")
        else:
            self.update(f"DROP SILENT GRAPH {g}")
        return sent

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def staging_graph(graph_uri: str) -> str:
    """The graph a new version of ``graph_uri`` is loaded into before it replaces it."""
    return graph_uri + STAGING_SUFFIX


def _batches(triples: list, size: int) -> Iterator[tuple[list, bool]]:
    """Split triples into batches of about ``size``, keeping blank-node-connected triples together."""
    plain = [t for t in triples if not any(isinstance(x, BNode) for x in t)]
    for start in range(0, len(plain), size):
        yield plain[start:start + size], False
    # Union-find over blank nodes: triples sharing one end up in one component.
    parent: dict[BNode, BNode] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with_bnodes = [t for t in triples if any(isinstance(x, BNode) for x in t)]
    for t in with_bnodes:
        nodes = [x for x in t if isinstance(x, BNode)]
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
    components: dict[BNode, list] = {}
    for t in with_bnodes:
        components.setdefault(find(next(x for x in t if isinstance(x, BNode))), []).append(t)
    batch: list = []
    for component in components.values():
        if batch and len(batch) + len(component) > size:
            yield batch, True
            batch = []
        batch.extend(component)
    if batch:
        yield batch, True


def _restore_bound_columns(result: QueryResult, bindings: Mapping[str, Node]) -> None:
    """Give bound variables their bound term back in the rows.

    VALUES fixes such a variable to one term, but Virtuoso writes some back
    differently (``false`` bound as xsd:boolean comes back as ``0`` of
    xsd:integer).
    """
    bound = {(name[1:] if name[:1] in "?$" else name): term for name, term in bindings.items()}
    columns = [(i, bound[v]) for i, v in enumerate(result.variables) if v in bound]
    if not columns:
        return
    rows = []
    for row in result.rows:
        row = list(row)
        for i, term in columns:
            if row[i] is not None:
                row[i] = term
        rows.append(tuple(row))
    result.rows = rows
