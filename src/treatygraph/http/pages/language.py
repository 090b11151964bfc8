"""The reader's language: ``?lang=``, else the ``lang`` cookie, else ``Accept-Language``.

A page is in one language at a time: its labels, titles and texts are chosen
in that language when the graph has them, else by the fallbacks of
:func:`preferences` (the reader's other accepted languages, then English,
then anything). The switch on every page links to ``?lang=xx``; choosing sets
a cookie so the choice follows the reader from page to page.
"""

from __future__ import annotations

from fastapi import Request

#: The six official UN languages, in the order the switch shows them, with their own names.
LANGUAGES: dict[str, str] = {
    "ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español",
}
DEFAULT = "en"
COOKIE = "lang"
#: Written right to left.
RTL = frozenset({"ar"})


def _accept_language(header: str | None) -> list[str]:
    """The primary language tags of an ``Accept-Language`` header, by q-value (q=0 dropped)."""
    ranked = []
    for i, item in enumerate((header or "").split(",")):
        tag, _, params = item.strip().partition(";")
        tag = tag.strip().lower().split("-")[0]
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and tag != "*" and q > 0:
            ranked.append((-q, i, tag))
    return [tag for _, _, tag in sorted(ranked)]


def chosen(request: Request) -> str | None:
    """The language chosen explicitly (``?lang=`` or the cookie), when it is one we offer."""
    for value in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if value and value.lower() in LANGUAGES:
            return value.lower()
    return None


def preferences(request: Request) -> list[str]:
    """The reader's languages, most wanted first, ending with English: what labels are chosen by."""
    order: list[str] = []
    first = chosen(request)
    for tag in ([first] if first else []) + _accept_language(request.headers.get("accept-language")) + [DEFAULT]:
        if tag not in order:
            order.append(tag)
    return order


def page_language(request: Request) -> str:
    """The language a page is written in: the first preference we offer."""
    return next((t for t in preferences(request) if t in LANGUAGES), DEFAULT)


def page_language_of(preferences_: list[str]) -> str:
    """The page language for a list of preferences (as :func:`page_language` does for a request)."""
    return next((t for t in preferences_ if t in LANGUAGES), DEFAULT)


def switch(request: Request) -> list[dict]:
    """The language switch: ``[{code, name, href, current}]``, links keeping the page's other parameters."""
    current = page_language(request)
    params = {k: v for k, v in request.query_params.items() if k not in ("lang", "page")}
    out = []
    for code, name in LANGUAGES.items():
        query = "&".join(f"{k}={_quote(v)}" for k, v in {**params, "lang": code}.items())
        out.append({"code": code, "name": name, "href": f"{request.url.path}?{query}", "current": code == current})
    return out


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


__all__ = ["LANGUAGES", "DEFAULT", "COOKIE", "RTL", "chosen", "preferences", "page_language", "page_language_of", "switch"]
