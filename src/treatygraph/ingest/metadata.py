"""Document metadata: the ``<slug>.meta.toml`` beside ``<slug>.<lang>.txt``."""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .. import identifiers as ids


class IngestError(Exception):
    """Input that cannot be ingested; the message names the file and the position."""


@dataclass
class Metadata:
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


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: Keys whose value must be a TOML string (``agenda_item`` may also be an integer).
_STRING_KEYS = ("slug", "language", "home_instrument", "date", "issuing_body", "session", "agenda_item", "symbol")
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


def load_metadata(text_path: Path, home: str | None = None) -> Metadata:
    """The sibling ``.meta.toml`` if present, else defaults (``home`` overrides the file's)."""
    slug, lang = slug_and_lang(text_path)
    path = meta_path(text_path)
    data: dict = {}
    text = ""
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise IngestError(f"{path}: bad TOML: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path}: not UTF-8 (byte {exc.start})") from exc
        _check_value_types(data, path, text)
    known = {"slug", "language", "home_instrument", "date", "issuing_body", "session",
             "agenda_item", "symbol", "title"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise IngestError(f"{path}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    meta = Metadata(
        slug=str(data.get("slug", slug)),
        language=str(data.get("language", lang or "zh")),
        home_instrument=home or data.get("home_instrument"),
        date=data.get("date"), issuing_body=data.get("issuing_body"), session=data.get("session"),
        agenda_item=str(data["agenda_item"]) if "agenda_item" in data else None,
        symbol=data.get("symbol") or None,
        title=dict(data.get("title", {})), source=path if path.exists() else None,
    )
    where = path if path.exists() else text_path
    try:
        ids.path_of(ids.Document(meta.slug))
    except ids.IdentifierError as exc:
        raise IngestError(f"{where}: slug: {exc}") from exc
    if meta.home_instrument is not None and not re.fullmatch(r"[a-z][a-z0-9-]*", meta.home_instrument):
        raise IngestError(f"{where}: home_instrument: not an instrument code: {meta.home_instrument!r}")
    if meta.date is not None and (why := check_date(meta.date)):
        raise IngestError(f"{where}{_key_line(text, 'date')}: date: {why}")
    for key in ("issuing_body", "session"):
        value = getattr(meta, key)
        if value is not None:
            try:
                ids.parse_path(value)
            except ids.IdentifierError as exc:
                raise IngestError(f"{where}: {key}: {exc}") from exc
    if not isinstance(meta.title, dict) or not all(isinstance(v, str) for v in meta.title.values()):
        raise IngestError(f"{where}: [title] must map language codes to strings")
    return meta
