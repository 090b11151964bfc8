"""The browser tools served from the package (in process): /api, the SPARQL editor as the
endpoint's browser view, the vendored files; programs still get the service description."""

from __future__ import annotations

import re

from rdflib import Graph

from treatygraph.http.tools import VENDOR, VENDORED

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _local_only(html: str) -> None:
    for url in re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r'url:\s*[\'"]([^\'"]+)', html):
        assert not re.match(r"(https?:)?//", url), f"{url} is not served from here"


def test_api_page_loads_swagger_ui_from_the_package(client):
    r = client.get("/api")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in r.text and "/openapi.json" in r.text
    _local_only(r.text)
    assert '"validatorUrl": null' in r.text


def test_sparql_in_a_browser_is_the_editor_and_programs_get_the_description(client):
    page = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Accept" in page.headers["vary"].split(", ")  # and the language the page is written in
    assert "/static/vendor/yasgui/yasgui.min.js" in page.text and 'id="yasgui"' in page.text
    _local_only(page.text)
    for accept in (None, "*/*", "text/turtle"):
        r = client.get("/sparql", headers={"Accept": accept} if accept else {})
        assert r.headers["content-type"].startswith("text/turtle"), accept
        assert len(Graph().parse(data=r.text, format="turtle")) > 0
    forced = client.get("/sparql", params={"format": "turtle"}, headers={"Accept": BROWSER_ACCEPT})
    assert forced.headers["content-type"].startswith("text/turtle")  # format= wins over the page


def test_vendored_files_are_served_with_their_types_and_licences(client):
    for package, names in VENDORED.items():
        for name in names:
            assert (VENDOR / package / name).is_file()
            r = client.get(f"/static/vendor/{package}/{name}")
            assert r.status_code == 200 and r.content == (VENDOR / package / name).read_bytes()
            want = {"js": "text/javascript", "css": "text/css"}.get(name.rsplit(".", 1)[-1], "text/plain")
            assert r.headers["content-type"].startswith(want), name
    assert any("licen" in n.lower() for n in VENDORED["yasgui"])
    assert client.get("/static/vendor/yasgui/../../pages.py").status_code == 404
    assert client.get("/static/vendor/yasgui/yasgui.esm.js").status_code == 404


def test_a_misspelt_query_form_is_a_400_naming_it(client):
    r = client.get("/sparql", params={"query": "SELEC * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert "'SELEC' is not a query form" in r.json()["error"]["detail"]
