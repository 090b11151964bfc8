"""The full-text index of names and passages: SQLite FTS5, built from the store.

Two kinds of entry: the *names* of resources (labels, aliases, notations,
titles, symbols; ``queries/search/index-labels.rq``) and the *text* of parts
(``tg:text``; ``queries/search/index-text.rq``), each with its language.

Words are not found the same way in every script, so each kind has two FTS5
tables: ``unicode61`` (case and diacritics folded) for the languages written
with spaces between words, and ``trigram`` (any substring of three characters
or more) for Chinese, Japanese, Korean, Arabic and Thai, where a word-based
tokenizer would see a whole sentence as one token (Chinese) or miss the
clitics glued to a word (Arabic). A query is routed by its own script.
Shorter queries in those scripts (``条约``: two characters) fall back to a
``LIKE`` scan of the same table.

An index belongs to one build of the store: for an embedded store it is a
file beside the build's store (``{store}.search.sqlite``), written by
``treatygraph build`` before the store is served (so the first search is as
fast as the next); a store built by an older version gets it written once on
first use (to a temporary name, then renamed); every server process reads it; for a store in memory or a remote store it lives in memory
for the life of the process.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..export.queries import query_text
from ..store.base import Store

#: Bumped when the tables change: an index of another version is rebuilt.
SCHEMA_VERSION = "1"
#: Languages read by the trigram tables (scripts without spaces between words, or with clitics).
GRAM_LANGS = ("zh", "ja", "ko", "ar", "th", "fa")
_GRAM_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+", re.UNICODE)
#: Markers snippet() puts around a matched token; replaced by <mark> after escaping.
_OPEN, _CLOSE = "\x02", "\x03"
_SNIPPET_TOKENS = 32


@dataclass
class NameHit:
    resource: str
    label: str
    lang: str


@dataclass
class PassageHit:
    part: str
    lang: str
    snippet_html: str


def uses_grams(text: str) -> bool:
    """True when ``text`` is written in a script the trigram tables read."""
    return bool(_GRAM_SCRIPT.search(text))


def _lang_of(term) -> str:
    return (getattr(term, "language", None) or "").lower()


def _gram_lang(lang: str, text: str) -> bool:
    return lang.split("-")[0] in GRAM_LANGS or (not lang and uses_grams(text))


def _fts_words(q: str) -> str:
    """A user's words as an FTS5 query: each a quoted string, all required."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in _WORD.findall(q))


def _fts_grams(q: str) -> str | None:
    """A query for the trigram tables (each whitespace-separated chunk required), or None
    when a chunk is shorter than a trigram (then the caller scans with LIKE)."""
    chunks = q.split()
    if not chunks or any(len(c) < 3 for c in chunks):
        return None
    return " ".join('"' + c.replace('"', '""') + '"' for c in chunks)


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def snippet_html(marked: str) -> str:
    """A snippet with the FTS markers, HTML-escaped, the matches in ``<mark>``."""
    return html.escape(marked).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _window(text: str, q: str, width: int = 160) -> str:
    """The passage around the first occurrence of ``q`` (for LIKE hits), with markers."""
    at = text.lower().find(q.lower())
    if at < 0:
        return text[:width] + ("…" if len(text) > width else "")
    a, b = max(0, at - width // 2), min(len(text), at + len(q) + width // 2)
    return (("…" if a else "") + text[a:at] + _OPEN + text[at:at + len(q)] + _CLOSE
            + text[at + len(q):b] + ("…" if b < len(text) else ""))


def _all_rows(store: Store, sparql: str) -> list[dict]:
    """Every row of an ordered query, read in pages when the store caps its answers (a
    SPARQL server's row limit) so that the index is never silently partial."""
    result = store.query(sparql)
    rows = result.dicts()
    if not result.truncated or not rows:
        return rows
    page = len(rows)
    while True:
        more = store.query(f"{sparql}\nLIMIT {page} OFFSET {len(rows)}")
        rows += more.dicts()
        if len(more.rows) < page:
            return rows


#: The queries the index is read with (``queries/search/``): each row from the statements of one subject.
INDEX_QUERIES = ("search/index-labels", "search/index-text")


def index_key(queries_dir: Path) -> str:
    """A hash of the index queries: what :func:`index_predicates` depends on."""
    import hashlib

    return hashlib.sha256("\0".join(query_text(q, queries_dir) for q in INDEX_QUERIES).encode("utf-8")).hexdigest()


def index_predicates(queries_dir: Path) -> frozenset[str] | None:
    """The predicates the index queries' patterns can match (None: any). A subject's rows are read from
    its statements with these predicates only: a store's update refreshes the subjects whose such
    statements changed (:meth:`SearchIndex.update`)."""
    from ..derive import pattern_predicates

    return pattern_predicates([query_text(q, queries_dir) for q in INDEX_QUERIES])


def _restricted(sparql: str, var: str, iris: list[str]) -> str:
    """``sparql`` (an index query) with ``?var`` bound to each of ``iris`` by a VALUES block opening its WHERE."""
    block = f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }} "
    where = re.search(r"(?i)\bWHERE\s*\{", sparql)
    return sparql[:where.end()] + " " + block + sparql[where.end():]


class SearchIndex:
    """An open index: :meth:`names` and :meth:`passages` answer a query."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        self.conn = conn
        self.path = path
        self._lock = threading.Lock()

    # ---- building -------------------------------------------------------

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.executescript("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE VIRTUAL TABLE names_words USING fts5(resource UNINDEXED, lang UNINDEXED, label,
                tokenize = 'unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE names_grams USING fts5(resource UNINDEXED, lang UNINDEXED, label,
                tokenize = 'trigram');
            CREATE VIRTUAL TABLE text_words USING fts5(part UNINDEXED, lang UNINDEXED, body,
                tokenize = 'unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE text_grams USING fts5(part UNINDEXED, lang UNINDEXED, body,
                tokenize = 'trigram');
        """)

    @classmethod
    def build(cls, store: Store, queries_dir: Path, path: Path | None = None) -> "SearchIndex":
        """Read every name and passage of ``store`` into a new index (a file at ``path``, or in memory)."""
        names = set(_index_rows(store, query_text("search/index-labels", queries_dir)))
        texts = _index_rows(store, query_text("search/index-text", queries_dir))
        tmp = None
        if path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
            os.close(fd)
            conn = sqlite3.connect(tmp, check_same_thread=False)
            # a new file, renamed into place only once whole: no journal, no syncing of each page
            conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        cls._create(conn)
        _insert_values(conn, names, texts)
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("schema", SCHEMA_VERSION), ("names", str(len(names))), ("passages", str(len(texts)))])
        conn.commit()
        if tmp is not None:
            conn.close()
            os.replace(tmp, path)  # atomic: a reader sees no index or a whole one
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(conn, path)

    @classmethod
    def update(cls, previous: Path, store: Store, queries_dir: Path, path: Path, subjects: set[str]) -> None:
        """Write at ``path`` the index of ``store`` from ``previous`` (the index of a store that differs from
        ``store`` only in statements about ``subjects``, IRIs): their rows are read again, the rest copied.

        Both index queries read the statements of one subject per row (``?resource`` / ``?part``), so
        the rows of any other subject are the same in both stores: the result holds the rows
        :meth:`build` would write (in another order)."""
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            shutil.copyfile(previous, tmp)
            conn = sqlite3.connect(tmp)
            try:
                conn.execute("CREATE TEMP TABLE gone(iri TEXT PRIMARY KEY)")
                conn.executemany("INSERT INTO gone VALUES (?)", [(s,) for s in sorted(subjects)])
                for table, column in (("names_words", "resource"), ("names_grams", "resource"),
                                      ("text_words", "part"), ("text_grams", "part")):  # one scan each
                    conn.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT iri FROM gone)")
                names, texts = [], []
                chunk = sorted(subjects)
                for i in range(0, len(chunk), 500):
                    iris = chunk[i:i + 500]
                    names += _all_rows(store, _restricted(query_text("search/index-labels", queries_dir), "resource", iris))
                    texts += _all_rows(store, _restricted(query_text("search/index-text", queries_dir), "part", iris))
                _insert_rows(conn, names, texts)
                count = conn.execute("SELECT (SELECT COUNT(*) FROM names_words), (SELECT COUNT(*) FROM text_words)"
                                     " + (SELECT COUNT(*) FROM text_grams)").fetchone()
                conn.executemany("UPDATE meta SET value = ? WHERE key = ?",
                                 [(str(count[0]), "names"), (str(count[1]), "passages")])
                conn.commit()
            finally:
                conn.close()
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def open(cls, path: Path) -> "SearchIndex | None":
        """An index file of this schema, read-only; None when there is none (or an old one)."""
        if not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error:
            return None
        if not row or row[0] != SCHEMA_VERSION:
            conn.close()
            return None
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def count(self, what: str) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (what,)).fetchone()
        return int(row[0]) if row else 0

    # ---- searching ------------------------------------------------------

    def names(self, q: str, limit: int = 20) -> list[NameHit]:
        """Resources with a name matching every word of ``q``: exact names first, then by rank."""
        q = q.strip()
        if not q:
            return []
        grams = uses_grams(q)
        table = "names_grams" if grams else "names_words"
        match = _fts_grams(q) if grams else _fts_words(q)
        with self._lock:
            if match:
                rows = self.conn.execute(
                    f"SELECT resource, label, lang, lower(label) = lower(?) AS exact, bm25({table}) AS r "
                    f"FROM {table} WHERE {table} MATCH ? ORDER BY exact DESC, r, length(label) LIMIT ?",
                    (q, match, limit * 5)).fetchall()
            else:
                rows = self.conn.execute(
                    f"SELECT resource, label, lang, lower(label) = lower(?) AS exact, 0 "
                    f"FROM {table} WHERE label LIKE ? ESCAPE '\\' ORDER BY exact DESC, length(label) LIMIT ?",
                    (q, _like(q), limit * 5)).fetchall()
        seen: dict[str, NameHit] = {}
        for resource, label, lang, _exact, _rank in rows:
            if resource not in seen:
                seen[resource] = NameHit(resource, label, lang)
        return list(seen.values())[:limit]

    def passages(self, q: str, limit: int = 20, offset: int = 0) -> tuple[int, list[PassageHit]]:
        """``(total, hits)``: passages holding every word of ``q``, best first, a snippet each."""
        q = q.strip()
        if not q:
            return 0, []
        grams = uses_grams(q)
        table = "text_grams" if grams else "text_words"
        match = _fts_grams(q) if grams else _fts_words(q)
        with self._lock:
            if match:
                total = self.conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                                          (match,)).fetchone()[0]
                rows = self.conn.execute(
                    f"SELECT part, lang, snippet({table}, 2, ?, ?, '…', ?) FROM {table} "
                    f"WHERE {table} MATCH ? ORDER BY bm25({table}) LIMIT ? OFFSET ?",
                    (_OPEN, _CLOSE, _SNIPPET_TOKENS, match, limit, offset)).fetchall()
            else:
                like = _like(q)
                total = self.conn.execute(f"SELECT count(*) FROM {table} WHERE body LIKE ? ESCAPE '\\'",
                                          (like,)).fetchone()[0]
                found = self.conn.execute(
                    f"SELECT part, lang, body FROM {table} WHERE body LIKE ? ESCAPE '\\' "
                    f"ORDER BY length(body) LIMIT ? OFFSET ?", (like, limit, offset)).fetchall()
                rows = [(p, lang, _window(body, q)) for p, lang, body in found]
        return total, [PassageHit(p, lang, snippet_html(s)) for p, lang, s in rows]


# ---- one index per build --------------------------------------------------

#: Open indexes by build path (or by the in-memory store, kept alive with its index).
_OPEN_INDEXES: dict[object, tuple[Store, SearchIndex]] = {}
_BUILDING = threading.Lock()


def index_path(store: Store) -> Path | None:
    """Where the index of an embedded store's build lives (None: in memory)."""
    path = getattr(store, "path", None)
    if path is None:
        return None
    path = Path(path)
    return path.with_name(path.name + ".search.sqlite")


def index_for(store: Store, queries_dir: Path) -> SearchIndex:
    """The index of ``store``'s build: opened, or built on first use (once per build)."""
    path = index_path(store)
    key = str(path) if path is not None else id(store)
    held = _OPEN_INDEXES.get(key)
    if held is not None:
        return held[1]
    with _BUILDING:
        held = _OPEN_INDEXES.get(key)
        found = held[1] if held is not None else None
        if found is None:
            found = (SearchIndex.open(path) if path is not None else None)
            if found is None:
                try:
                    found = SearchIndex.build(store, queries_dir, path)
                except OSError:  # the build directory is read-only: keep the index in memory
                    found = SearchIndex.build(store, queries_dir, None)
            _OPEN_INDEXES[key] = (store, found)
    return found


__all__ = ["SearchIndex", "NameHit", "PassageHit", "index_for", "index_path", "uses_grams"]


def _insert_rows(conn: sqlite3.Connection, names: list, texts: list) -> set[tuple[str, str, str]]:
    """Insert the rows of the two index queries (names, passages) into their tables; the name rows."""
    name_rows = {(str(r["resource"]), _lang_of(r["label"]), str(r["label"])) for r in names}
    _insert_values(conn, name_rows, [(str(r["part"]), _lang_of(r["text"]), str(r["text"])) for r in texts])
    return name_rows


def _insert_values(conn: sqlite3.Connection, names: set[tuple[str, str, str]],
                   texts: list[tuple[str, str, str]]) -> None:
    """Insert names and passages, each ``(IRI, language, text)``, into their tables (names sorted)."""
    ordered = sorted(names)
    conn.executemany("INSERT INTO names_words VALUES (?, ?, ?)", ordered)
    conn.executemany("INSERT INTO names_grams VALUES (?, ?, ?)", ordered)
    words, grams = [], []
    for row in texts:
        (grams if _gram_lang(row[1], row[2]) else words).append(row)
    conn.executemany("INSERT INTO text_words VALUES (?, ?, ?)", words)
    conn.executemany("INSERT INTO text_grams VALUES (?, ?, ?)", grams)


def _index_rows(store: Store, sparql: str) -> list[tuple[str, str, str]]:
    """The rows of an index query (an IRI, a literal) as ``(IRI, language, text)``: from the SPARQL JSON
    results an embedded store writes itself (no rdflib term made: a third of the build's index time),
    else from :func:`_all_rows` (any store, read in pages under a row cap)."""
    capped = getattr(store, "query_capped", None)
    if capped is not None:
        body, truncated = capped(sparql, "application/sparql-results+json", max_rows=None)
        if not truncated:
            answer = json.loads(body)
            iri, literal = answer["head"]["vars"]
            return [(r[iri]["value"], r[literal].get("xml:lang", "").lower(), r[literal]["value"])
                    for r in answer["results"]["bindings"]]
    rows = _all_rows(store, sparql)
    if not rows:
        return []
    iri, literal = list(rows[0])
    return [(str(r[iri]), _lang_of(r[literal]), str(r[literal])) for r in rows]
