"""Reading a document file of any supported format into the text we ingest.

The text returned is *the document's text*: every offset the ingestion stores
(``tg:startOffset``, a mention's ``start``/``end``, ``tg:line``) indexes it,
and it is what ``tg:text`` literals are cut from. It is made as follows:

- ``.txt``, ``.md``: the file decoded as UTF-8 (strict), a leading BOM removed,
  line endings CRLF/CR written as LF. Nothing else changes: no-break spaces,
  tabs, table pipes, stray control characters and Markdown stay as they come
  (the segmenters and grammars cope with them). Line endings are normalised
  because Python's text I/O does the same and every reader of the stored text
  (tests, ``extract`` users slicing the file with ``open()``) sees LF.
- ``.html``, ``.htm``: parsed with lxml (charset from the document, else
  UTF-8); scripts, styles and comments dropped; one line per block element,
  a blank line between paragraphs, table cells joined by `` | ``, list items
  as ``- ``.
- ``.pdf``: the text layer of each page read with pypdf (measured closer to
  the corpus's ``text.txt`` than pdfminer.six and faster, see
  docs/adding-documents.md), pages joined by a blank line.
- ``.docx``: paragraphs of the body with python-docx, tables row by row with
  cells joined by `` | ``.

Bad input raises :class:`IngestError` naming the file and, where it has one,
the position (``file:line:column`` for text, ``file: page N`` for PDF).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .metadata import IngestError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: Every extension a document file may have.
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".pdf", ".docx")


@dataclass
class Source:
    """A document file read: its text (what offsets index), its format, what was done to it."""

    path: Path
    text: str
    format: str
    notes: list[str] = field(default_factory=list)


def is_supported(path: Path) -> bool:
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def read_source(path: Path) -> Source:
    """Read any supported document file (see the module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{path}: unsupported file type {suffix or '(none)'!r} "
                          f"(supported: {', '.join(SUPPORTED_SUFFIXES)})")
    data = _read_bytes(path)
    if suffix in TEXT_SUFFIXES:
        return _plain(path, data, "markdown" if suffix != ".txt" else "text")
    if suffix in HTML_SUFFIXES:
        return Source(path, _html(path, data), "html")
    if suffix == ".pdf":
        return Source(path, _pdf(path, data), "pdf")
    return Source(path, _docx(path, data), "docx")


def read_text(path: Path) -> str:
    """The document's text of any supported file (UTF-8 text files: strict)."""
    return read_source(path).text


# ---------------------------------------------------------------------- bytes


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise IngestError(f"{path}: is a directory, not a document file") from exc
    except PermissionError as exc:
        raise IngestError(f"{path}: cannot be read (permission denied)") from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line = data[:offset].count(b"\n") + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace"))
    return line, col + 1


def _plain(path: Path, data: bytes, fmt: str) -> Source:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise IngestError(f"{path}:{line}:{col}: not UTF-8 (byte offset {exc.start})") from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise IngestError(f"{path}:{line}:{col}: NUL byte (byte offset {nul}): a binary file?")
    notes = []
    if text.startswith("\ufeff"):
        text = text[1:]
        notes.append("byte-order mark removed")
    if "\r" in text:
        text = re.sub(r"\r\n?", "\n", text)
        notes.append("line endings written as LF")
    return Source(path, text, fmt, notes)


# ----------------------------------------------------------------------- HTML

_BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol", "dl", "dt", "dd", "table", "form",
    "figure", "figcaption", "address", "hr",
})
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol"})


def _html(path: Path, data: bytes) -> str:
    from lxml import etree, html

    if not data.strip():
        raise IngestError(f"{path}: empty HTML file")
    try:
        root = html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"{path}: not readable as HTML: {exc}") from exc
    out: list[str] = []

    def newline(blank: bool = False) -> None:
        out.append("\x02" if blank else "\x01")  # sentinels: resolved once the text is joined

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "head", "template", "noscript") or not tag:
            if el.tail and tag != "head":
                out.append(el.tail)
            return
        if tag in _BLOCKS or tag in ("tr", "li", "br"):
            newline(tag in _PARAGRAPHS)
        if tag == "li":
            out.append("- ")
        if tag in ("td", "th") and el.getprevious() is not None:
            out.append(" | ")
        if el.text:
            out.append(el.text if tag == "pre" else re.sub(r"[ \t\r\n]+", " ", el.text))
        for child in el:
            walk(child)
        if tag in _BLOCKS or tag in ("tr", "li"):
            newline(tag in _PARAGRAPHS)
        if el.tail:
            out.append(re.sub(r"[ \t\r\n]+", " ", el.tail))

    body = root.find("body")
    walk(body if body is not None else root)
    text = "".join(out)
    # a run of spaces and block breaks is one break: a blank line if any block asked for one
    text = re.sub(r"[ \t]*[\x01\x02][ \t\x01\x02]*", lambda m: "\n\n" if "\x02" in m.group() else "\n", text)
    text = text.strip()
    if "\x00" in text:
        raise IngestError(f"{path}: NUL character in the HTML text")
    return text


# ------------------------------------------------------------------------ PDF


def _pdf(path: Path, data: bytes) -> str:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.startswith(b"%PDF-"):
        raise IngestError(f"{path}: not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - any failure means "cannot open"
                raise IngestError(f"{path}: encrypted PDF (cannot open without a password)") from exc
        pages = list(reader.pages)
    except IngestError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"{path}: corrupt PDF: {exc}") from exc
    texts = []
    for n, page in enumerate(pages, 1):
        try:
            texts.append((page.extract_text() or "").strip("\n"))
        except Exception as exc:  # noqa: BLE001 - a damaged page of any kind
            raise IngestError(f"{path}: page {n}: cannot extract text: {exc}") from exc
    text = "\n\n".join(t for t in texts if t).replace("\x00", "")
    if not text.strip():
        raise IngestError(f"{path}: no text layer ({len(pages)} page(s)): a scanned PDF needs OCR first")
    garbled = garbled_share(text)
    if garbled > 0.05:
        raise IngestError(
            f"{path}: the PDF's text layer does not map to Unicode ({garbled:.0%} of its letters are in blocks "
            "no UN language uses: fonts without a ToUnicode map); OCR the pages, or ingest a text export")
    return text


#: Unicode blocks that garbled PDF text layers land in (Latin Extended-B, IPA, Ol Chiki, Glagolitic…, CJK extension A,
#: private use, the replacement character) and that no text in the six UN languages uses.
_GARBLED = re.compile(r"[\u0180-\u02ff\u1c00-\u1cff\u2c00-\u2dff\u2e80-\u2fdf\u3400-\u4dbf\ue000-\uf8ff\ufffd]")


def garbled_share(text: str) -> float:
    """The share of a text's letters that sit in blocks a garbled PDF text layer produces."""
    letters = sum(1 for c in text if c.isalpha())
    return len(_GARBLED.findall(text)) / letters if letters else 0.0


# ----------------------------------------------------------------------- DOCX


def _docx(path: Path, data: bytes) -> str:
    import io
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"{path}: not a readable .docx (Word 2007+) file: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx raises several types for damaged packages
        raise IngestError(f"{path}: corrupt .docx: {exc}") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append(" | ".join(c.text.replace("\n", " ") for c in row.cells))
    return "\n".join(lines).strip("\n")


__all__ = ["Source", "read_source", "read_text", "is_supported", "SUPPORTED_SUFFIXES"]
