"""The error page: the site's header (navigation, language switch, search) around the error."""

from __future__ import annotations

from fastapi import Request

from .templating import render_text


def error_page(request: Request, status: int, title: str, detail: str) -> str:
    """The HTML of an error answer (``treatygraph.http.errors`` calls this for ``text/html``)."""
    return render_text(request, "error.html", status=status, title=title, detail=detail)


__all__ = ["error_page"]
