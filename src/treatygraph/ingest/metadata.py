"""Document metadata: the ``<slug>.meta.toml`` beside ``<slug>.<lang>.txt``."""

from __future__ import annotations

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
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise IngestError(f"{path}: bad TOML: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path}: not UTF-8 (byte {exc.start})") from exc
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
    if meta.date is not None and not _DATE.match(str(meta.date)):
        raise IngestError(f"{where}: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got {meta.date!r}")
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
