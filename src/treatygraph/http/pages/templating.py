"""Rendering a page: the Jinja2 environment, the context every page shares (the reader's
language, the language switch, the search box), the language cookie and the headers.

Pages vary with ``Accept`` (they share URLs with data), ``Accept-Language`` and the
``lang`` cookie (they are written in the reader's language).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse, Response

from . import language
from .messages import words

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ENV = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True, lstrip_blocks=True,
)
VARY = "Accept, Accept-Language, Cookie"
#: A year: the reader's language choice outlives the visit.
COOKIE_AGE = 365 * 24 * 3600


def shared_context(request: Request) -> dict:
    """What ``base.html`` needs: the page language, its direction, the switch, the site's words (``t``)."""
    lang = language.page_language(request)
    return {"lang": lang, "dir": "rtl" if lang in language.RTL else "ltr",
            "languages": language.switch(request), "t": words(lang), "q": request.query_params.get("q", "")}


def render_text(request: Request, name: str, **context) -> str:
    return ENV.get_template(name).render(**shared_context(request), **context)


def page_headers(request: Request) -> dict[str, str]:
    """``Vary`` and, when ``?lang=`` chose a language, the cookie keeping the choice."""
    headers = {"Vary": VARY}
    choice = request.query_params.get("lang")
    if choice and choice.lower() in language.LANGUAGES:
        headers["Set-Cookie"] = (f"{language.COOKIE}={choice.lower()}; Path=/; Max-Age={COOKIE_AGE}; "
                                 "SameSite=Lax")
        headers["Cache-Control"] = "no-store"  # a cache would keep the page and drop the cookie
    return headers


def render(request: Request, name: str, status: int = 200, **context) -> Response:
    """A template rendered as an HTML response."""
    return HTMLResponse(render_text(request, name, **context), status_code=status,
                        headers=page_headers(request))


__all__ = ["ENV", "render", "render_text", "page_headers", "shared_context", "VARY"]
