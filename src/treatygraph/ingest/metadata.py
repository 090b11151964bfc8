"""Document metadata: read from the document's text, optionally overridden by a ``.meta.toml``.

:func:`read_header` reads what a document says about itself on its first page
(symbols, date, issuing body, session with place and dates, title, language);
:func:`load_metadata` merges it with the override file
``<name>.meta.toml`` beside the document (its keys win; unknown keys are
refused). The document's URI comes from what it is (its symbol, else its
title), never from its file name: see :func:`document_key`.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import identifiers as ids


class IngestError(Exception):
    """Input that cannot be ingested; the message names the file and the position."""


@dataclass
class Metadata:
    """What a document is. ``slug`` names its graph (``graph/doc/{slug}``); ``key`` its
    URI (``id/doc/{key}``: the symbol's path, or the slug when it has no symbol)."""

    slug: str
    language: str = "zh"
    home_instrument: str | None = None
    date: str | None = None
    issuing_body: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    symbol: str | None = None
    title: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    key: str | None = None
    #: every symbol printed in the header (the first is ``symbol``)
    symbols: list[str] = field(default_factory=list)
    kind: str | None = None
    place: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    #: the metadata keys read from the text (not from the override file)
    from_text: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.key is None:
            self.key = self.slug


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: Keys whose value must be a TOML string (``agenda_item`` may also be an integer).
_TOML_TYPES = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table",
               _dt.datetime: "date-time", _dt.date: "date", _dt.time: "time"}


def _key_line(text: str, key: str) -> str:
    """``:N`` for the line where top-level ``key = ...`` is written, else ``""``."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("["):
            break
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return f":{number}"
    return ""


def _check_value_types(data: dict, path: Path, text: str) -> None:
    """Every value of a ``.meta.toml`` has the TOML type its key takes; the error names file, line and key."""
    for key in _STRING_KEYS:
        value = data.get(key)
        if value is None or isinstance(value, str) or (key == "agenda_item" and type(value) is int):
            continue
        kind = _TOML_TYPES.get(type(value), type(value).__name__)
        shown = value.isoformat() if isinstance(value, (_dt.date, _dt.time)) else repr(value)
        hint = ""
        if isinstance(value, _dt.date):  # date = 2013-06-01 (no quotes) is a TOML date, not a string
            day = value.date() if isinstance(value, _dt.datetime) else value
            hint = f'; write it in quotes: {key} = "{day.isoformat()}"'
        raise IngestError(f"{path}{_key_line(text, key)}: {key}: expected a string, got the TOML {kind} {shown}{hint}")
    if not isinstance(data.get("title", {}), dict):
        raise IngestError(f"{path}{_key_line(text, 'title')}: title: expected a [title] table of language codes "
                          f"to strings, got {data['title']!r}")


def check_date(value: str) -> str | None:
    """Why ``value`` is not a real calendar date of the form YYYY, YYYY-MM or YYYY-MM-DD (None if it is)."""
    if not _DATE.match(value):
        return f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}"
    year, month, day = (value.split("-") + [None, None])[:3]
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        return f"{value!r} is not a calendar date ({exc})"
    return None


def slug_and_lang(text_path: Path) -> tuple[str, str | None]:
    """``itpgrfa-gb-5-item-13.zh.txt -> ('itpgrfa-gb-5-item-13', 'zh')``."""
    parts = text_path.name.split(".")
    slug = parts[0].lower()
    lang = parts[1] if len(parts) >= 3 and re.fullmatch(r"[a-z]{2}", parts[1]) else None
    return slug, lang


def meta_path(text_path: Path) -> Path:
    return text_path.with_name(slug_and_lang(text_path)[0] + ".meta.toml")


KNOWN_KEYS = frozenset({"slug", "language", "home_instrument", "date", "issuing_body", "session",
                        "agenda_item", "symbol", "title", "kind"})
#: The keys whose value is a string (``title`` is a table of language codes to strings).
_STRING_KEYS = tuple(sorted(KNOWN_KEYS - {"title"}))


def load_metadata(text_path: Path, home: str | None = None, text: str | None = None,
                  registry=None) -> Metadata:
    """The document's metadata: read from ``text`` (when given), the override file's keys winning.

    ``home`` (the ``--home`` option) overrides both. Without ``text`` only the
    override file is read (and the slug defaults to the file name's stem, as
    before the header was read).
    """
    slug, lang = slug_and_lang(text_path)
    path = meta_path(text_path)
    data: dict = {}
    toml_text = ""
    if path.exists():
        try:
            toml_text = path.read_text(encoding="utf-8")
            data = tomllib.loads(toml_text)
        except tomllib.TOMLDecodeError as exc:
            raise IngestError(f"{path}: bad TOML: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path}: not UTF-8 (byte {exc.start})") from exc
        _check_value_types(data, path, toml_text)
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise IngestError(f"{path}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(KNOWN_KEYS))})")
    header = read_header(text, registry) if text is not None else Header()
    symbol = data.get("symbol") or header.symbol
    if "slug" in data:  # the override names the document: id/doc/{slug}
        slug = key = str(data["slug"])
    elif text is not None:
        key = document_key(symbol, header, text)
        slug = graph_slug(key)
    else:  # no text to read: the file name's stem, as before
        key = slug
    from_text = {k for k, v in header.values().items() if v and k not in data}
    meta = Metadata(
        slug=slug,
        language=str(data.get("language") or header.language or lang or "zh"),
        home_instrument=home or data.get("home_instrument") or header.home,
        date=data.get("date") or header.date, issuing_body=data.get("issuing_body") or header.body,
        session=data.get("session") or header.session,
        agenda_item=str(data["agenda_item"]) if "agenda_item" in data else header.agenda_item,
        symbol=symbol or None,
        title=dict(data["title"]) if "title" in data else dict(header.title),
        source=path if path.exists() else None,
        key=key,
        symbols=[symbol] + [x for x in header.symbols if x != symbol] if symbol else list(header.symbols),
        kind=data.get("kind") or header.kind,
        place=header.place, start_date=header.start_date, end_date=header.end_date,
        from_text=from_text,
    )
    where = path if path.exists() else text_path
    try:
        ids.path_of(ids.Document(meta.key))
        ids.document_graph_uri(meta.slug)
    except ids.IdentifierError as exc:
        raise IngestError(f"{where}: slug: {exc}") from exc
    if meta.home_instrument is not None and not re.fullmatch(r"[a-z][a-z0-9-]*", str(meta.home_instrument)):
        raise IngestError(f"{where}: home_instrument: not an instrument code: {meta.home_instrument!r}")
    if meta.date is not None and (why := check_date(meta.date)):
        raise IngestError(f"{where}{_key_line(toml_text, 'date') if 'date' in data else ''}: date: {why}")
    for key_name in ("issuing_body", "session"):
        value = getattr(meta, key_name)
        if value is not None:
            try:
                ids.parse_path(value)
            except ids.IdentifierError as exc:
                raise IngestError(f"{where}: {key_name}: {exc}") from exc
    if not isinstance(meta.title, dict) or not all(isinstance(v, str) for v in meta.title.values()):
        raise IngestError(f"{where}: [title] must map language codes to strings")
    return meta


# ------------------------------------------------------------ the document's identity


def graph_slug(key: str) -> str:
    """A graph name for a document key: ``FCCC/PA/CMA/2018/3/Add.1 -> fccc-pa-cma-2018-3-add-1``."""
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"doc-{slug}"


def document_key(symbol: str | None, header: "Header", text: str) -> str:
    """What a document is called in ``id/doc/{key}``: its symbol; else the instrument it is the text of
    (``{inst}-text-{lang}``); else its title as a slug; else a hash of its text. Never its file name."""
    if symbol:
        try:
            return ids.symbol_to_path(symbol)
        except ids.IdentifierError:
            pass
    if header.instrument:
        return f"{header.instrument}-text-{header.language or 'und'}"
    title = next(iter(header.title.values()), None)
    if title:
        words = re.findall(r"[a-z0-9]+", title.lower())
        slug = "-".join(words)[:80].rstrip("-")
        if slug and slug[0].isalpha():
            return slug
    import hashlib

    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# ------------------------------------------------------------ reading the header

#: How far into a document its first page reaches (symbol block, title, session).
HEADER_CHARS = 2500
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
#: A UN or MEA document symbol as printed in a header (the root may be one letter: A/RES/78/272).
HEADER_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9/.\-])(?:[A-Z][A-Z0-9\-]{0,11})(?:/[A-Za-z0-9][A-Za-z0-9.\-]*){2,}(?:\*)?(?![A-Za-z0-9/])")
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(), 1)}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_TENS_ORD = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
             "seventieth": 70, "eightieth": 80, "ninetieth": 90}


def ordinal_number(word: str) -> int | None:
    """``'forty-eighth' -> 48``, ``'third' -> 3``, ``'12th' -> 12``; None if not an ordinal."""
    w = word.lower().strip()
    m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", w)
    if m:
        return int(m.group(1))
    if w in _ORDINALS:
        return _ORDINALS[w]
    if w in _TENS_ORD:
        return _TENS_ORD[w]
    m = re.fullmatch(r"([a-z]+)[- ]([a-z]+)", w)
    if m and m.group(1) in _TENS and m.group(2) in _ORDINALS and _ORDINALS[m.group(2)] < 10:
        return _TENS[m.group(1)] + _ORDINALS[m.group(2)]
    return None


def _date(day: str | None, month: str | None, year: str | None) -> str | None:
    if not year:
        return None
    if not month:
        return year
    mm = _MONTHS[month.lower()]
    return f"{year}-{mm:02d}" + (f"-{int(day):02d}" if day else "")


@dataclass
class Header:
    """What a document's first page says about it (every field optional)."""

    symbols: list[str] = field(default_factory=list)
    date: str | None = None
    body: str | None = None          # identifier path, e.g. id/unfccc/sbi
    session: str | None = None       # identifier path, e.g. id/unfccc/sbi/48
    place: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    title: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    kind: str | None = None
    home: str | None = None          # the instrument whose short names the text uses
    instrument: str | None = None    # the instrument this text is (a treaty text)
    agenda_item: str | None = None
    session_number: int | None = None

    @property
    def symbol(self) -> str | None:
        return self.symbols[0] if self.symbols else None

    def values(self) -> dict:
        return {"symbol": self.symbol, "date": self.date, "issuing_body": self.body, "session": self.session,
                "title": self.title, "language": self.language, "kind": self.kind,
                "home_instrument": self.home, "agenda_item": self.agenda_item}


_SCRIPT_LANGS = (("ar", re.compile(r"[\u0600-\u06ff]")), ("ru", re.compile(r"[\u0400-\u04ff]")),
                 ("zh", re.compile(r"[\u4e00-\u9fff]")))
_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "that", "for", "with", "on", "by"},
    "fr": {"le", "la", "les", "des", "et", "du", "une", "dans", "pour", "sur"},
    "es": {"el", "los", "las", "del", "y", "una", "para", "por", "con", "que"},
}


def detect_language(text: str) -> str | None:
    """The main language of ``text`` among ar, en, es, fr, ru, zh (None when it has no letters)."""
    return _sample_language(text[:20000])


@lru_cache(maxsize=64)  # the layouts and the grammars ask it of the same document several times
def _sample_language(sample: str) -> str | None:
    counts = {code: len(rx.findall(sample)) for code, rx in _SCRIPT_LANGS}
    latin_words = re.findall(r"[A-Za-zÀ-ÿ]+", sample)
    # a CJK character weighs about a three-letter word, other scripts count by letters
    scores = {"zh": counts["zh"] / 1.0, "ar": counts["ar"] / 5.0, "ru": counts["ru"] / 5.0,
              "latin": float(len(latin_words))}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        return None
    if best != "latin":
        return best
    words = Counter(map(str.lower, latin_words))  # each stopword looked up once, not each word once per language
    votes = {lang: sum(words[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    return max(votes, key=votes.get) if any(votes.values()) else "en"


def read_header(text: str, registry=None) -> Header:
    """Read a document's symbol(s), date, body, session, title, language and kind from its text."""
    h = Header()
    head = text[:HEADER_CHARS]
    h.language = detect_language(text)
    try:
        from .layouts import detect_kind

        h.kind = detect_kind(text) or "generic"
    except Exception:  # noqa: BLE001 - a layout's recogniser must not stop metadata reading
        h.kind = None
    h.symbols = _header_symbols(head)
    m = re.search(r"Distr\.:?\s*\w+\s+(\d{1,2})\s+(" + _MONTH + r")\s+(\d{4})", head)
    if m:
        h.date = _date(m.group(1), m.group(2), m.group(3))
    else:
        m = re.search(r"(?<!\d)((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?", head[:300])
        if m:
            h.date = m.group(1) + f"-{int(m.group(2)):02d}" + (f"-{int(m.group(3)):02d}" if m.group(3) else "")
    m = re.search(r"[Aa]genda item\s+(\d{1,3}(?:\s*\([a-z]\))?)", head) or re.search(r"议程(?:议题|项目)\s*(\d{1,3})", head)
    if m:
        h.agenda_item = re.sub(r"\s+", "", m.group(1))
    _read_session(head, h)
    h.title = _title(text, head, h)
    if registry is not None:
        _read_body(head, h, registry, text)
    return h


def _header_symbols(head: str) -> list[str]:
    """Symbols printed in the symbol block: the first lines, before the title."""
    top = head[:600]
    out: list[str] = []
    for m in HEADER_SYMBOL.finditer(top):
        sym = m.group().rstrip("*").rstrip(".")
        before = top[max(0, m.start() - 40):m.start()]
        # cited symbols follow a word such as "document", "(", "see"; the symbol block stands alone
        if re.search(r"(?:document|see|in|of|\()\s*$", before, re.IGNORECASE):
            continue
        if re.fullmatch(r"\d+/\d+", sym) or sym in out:
            continue
        out.append(sym)
    return out[:3]


def _read_session(head: str, h: Header) -> None:
    m = re.search(r"\bits\s+([a-z]+(?:-[a-z]+)?|\d{1,3}(?:st|nd|rd|th))\s+session", head)
    number = ordinal_number(m.group(1)) if m else None
    if number is None:
        m = re.search(r"第\s*([一二三四五六七八九十百]+|\d+)\s*届会议", head)
        if m:
            from .cite.common import chinese_number

            number = int(m.group(1)) if m.group(1).isdigit() else chinese_number(m.group(1))
    h.session_number = number
    m = re.search(
        r"held\s+(?:at\s+[^,]{3,80}?\s+)?in\s+(?P<place>[A-Z][\w'’.\- ]{1,40}?)(?:,\s*[A-Z][\w'’.\- ]{1,40}?)?\s+"
        r"(?:from|on)\s+(?P<d1>\d{1,2})(?:\s+(?P<m1>" + _MONTH + r"))?(?:\s+(?P<y1>\d{4}))?"
        r"(?:\s+(?:to|until|-|–)\s+(?P<d2>\d{1,2})\s+(?P<m2>" + _MONTH + r")\s+(?P<y2>\d{4}))?"
        r"(?(d2)|\s+(?P<m3>" + _MONTH + r")\s+(?P<y3>\d{4}))", head)
    if m:
        h.place = m.group("place").strip()
        if m.group("d2"):
            y2, m2 = m.group("y2"), m.group("m2")
            h.start_date = _date(m.group("d1"), m.group("m1") or m2, m.group("y1") or y2)
            h.end_date = _date(m.group("d2"), m2, y2)
        else:
            h.start_date = h.end_date = _date(m.group("d1"), m.group("m3"), m.group("y3"))


def _title(text: str, head: str, h: Header) -> dict[str, str]:
    lang = h.language or "en"
    m = re.search(r"^#\s+(.+)$", head, re.MULTILINE)
    if m:
        return {lang: m.group(1).strip()}
    m = re.search(r"^(Report of the .+?)(?:,\s*held\b.*)?$", head, re.MULTILINE)
    if m:
        return {lang: re.sub(r"\s+", " ", m.group(1)).strip(" ,")}
    m = re.search(r"(?:^|\n)\s*\d{1,3}/\d{1,4}\.\s+([^\n]{5,300})", head)
    if m:
        return {lang: m.group(1).strip()}
    for line in head.splitlines():
        line = line.strip().strip("|").strip()
        if line.startswith("*"):
            continue  # a footnote of the symbol block ("* Reissued for technical reasons")
        if 8 <= len(line) <= 300 and not HEADER_SYMBOL.search(line) and not re.match(r"Distr|Original|United Nations\s*$", line):
            return {lang: line}
    return {}


def _has_articles(text: str) -> bool:
    """A text headed by articles in any of the six languages (a treaty a layout may still read as generic)."""
    from .layouts import _looks_like_treaty

    return bool(text) and _looks_like_treaty(text)


def _read_body(head: str, h: Header, registry, text: str = "") -> None:
    """The issuing body: a body alias among the symbol's segments, else the first one the header
    names on its own (not inside a longer name: "Conference of the Parties serving as …").

    A body name several instruments share is decided by the instruments the text names; a treaty
    text has no issuing body: its title names the instrument it is.
    """
    from ..registry import normalise_alias
    from .cite.common import Lexicon

    lex = Lexicon(registry)
    if h.title:
        title = normalise_alias(re.sub(r"\s+", " ", next(iter(h.title.values()))).lstrip("# "))
        h.instrument = lex.instruments.get(title) if h.kind == "treaty" or _has_articles(text) else None
        if h.instrument:
            h.home = h.instrument
    if h.kind == "treaty" or h.instrument:
        return
    for sym in h.symbols:  # a symbol of a series the registry knows names its body (FCCC/CP, FCCC/SBI)
        series = registry.series_of(sym)
        if series is not None:
            _set_body(h, series[1].inst, series[1].body)
            return
    found: dict[str, str] | None = None
    for sym in h.symbols:
        for seg in reversed(sym.split("/")[1:]):
            cands = lex.bodies.get(normalise_alias(seg))
            if cands:
                found = cands
                break
        if found:
            break
    if found is None and lex.body_regex is not None:
        for m in lex.body_regex.finditer(head[:800]):
            if re.match(r"\s+(?:serving|of the|to the|of|for)\b", head[m.end():m.end() + 20]):
                continue  # part of a longer name the registry does not know
            if re.search(r"[/.]\s*$", head[max(0, m.start() - 2):m.start()]):
                continue  # the body letters of a cited act ("decision 1/CMA.5"), not the issuing body
            found = lex.bodies.get(normalise_alias(m.group()))
            break
    letterhead = _letterhead_instrument(head, lex)
    if found and letterhead in found:
        found = {letterhead: found[letterhead]}
    if not found or (len(found) > 1 and letterhead is not None):
        h.home = h.home or letterhead  # an instrument whose bodies the registry lacks (Basel) still names the home
        return
    if len(found) > 1:
        counts: dict[str, int] = {}
        if lex.name_regex is not None:
            for m in lex.name_regex.finditer(text[:30000] or head):
                inst, _ = lex.classify_name(m.group())
                if inst in found:
                    counts[inst] = counts.get(inst, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            found = {ranked[0][0]: found[ranked[0][0]]}
    if len(found) != 1:
        return
    inst, body = next(iter(found.items()))
    _set_body(h, inst, body)


#: a governing body's meeting named in a letterhead, before the instrument it serves
_MEETING_OF = re.compile(r"^(?:[\w-]+\s+){0,3}?(?:Conference|Meeting)\s+of\s+the\s+(?:Contracting\s+)?Parties\s+"
                         r"(?:to|of)\s+(?:the\s+)?(?P<name>.+)$", re.IGNORECASE)


def _letterhead_instrument(head: str, lex) -> str | None:
    """The instrument a document's first lines name on their own ("CONVENTION ON MIGRATORY SPECIES",
    "Conference of the Parties to the Basel Convention on …", "14th Meeting of the Conference of the
    Contracting Parties to the Ramsar Convention on Wetlands"): its home when no body is read. Two
    instruments named: none."""
    from ..registry import normalise_alias

    found = set()
    lines = [ln.strip().strip("|").strip() for ln in head.splitlines()]
    for line in [ln for ln in lines if ln][:6]:
        line = line.rstrip(" ,.;:")
        m = _MEETING_OF.match(line)
        for name in (line, m.group("name") if m else None):
            if name and normalise_alias(name) in lex.instruments:
                found.add(lex.instruments[normalise_alias(name)])
    return found.pop() if len(found) == 1 else None


def _set_body(h: Header, inst: str, body: str) -> None:
    h.body = ids.path_of(ids.Body(inst, body))
    h.home = h.home or inst
    if h.session_number:
        h.session = ids.path_of(ids.Session(inst, body, h.session_number))
