"""Headless Chromium against a real uvicorn server: the API docs and the SPARQL editor render
and work with every resource loaded from the server itself (nothing from the internet); the home
page's picture at desktop and phone width. Screenshots go to the printed directory."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from test_browser import SCREENSHOTS, CHROMEDRIVER, CHROMIUM, _missing, console_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium that records every network request (performance log)."""
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test required under CI=true: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="treatygraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                "--window-size=1400,1000", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


def requested_urls(drv) -> list[str]:
    """Every URL the page asked for since the last call (from the performance log)."""
    urls = []
    for entry in drv.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def assert_same_origin(urls: list[str], origin: str) -> None:
    # Every request over a network (the browser's own chrome:// pages, data: and blob: are not).
    foreign = [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss", "ftp")
               and "{0.scheme}://{0.netloc}".format(urlsplit(u)) != origin]
    assert any(u.startswith(origin) for u in urls), "the log shows the page's own requests"
    assert foreign == [], f"requests that leave the server: {foreign}"


def _wait(drv, css: str, timeout: float = 30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(drv, timeout).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _operations(document: dict) -> list[tuple[str, str]]:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [(path, method) for path, item in document["paths"].items() for method in item if method in methods]


def test_api_docs_list_every_operation_from_the_package(chromium, live_server):
    """Every operation of /openapi.json is in the page at once, under its tag, without scrolling
    (Swagger UI alone renders only a window of a list this long: issue 18)."""
    import urllib.request

    with urllib.request.urlopen(live_server.url + "/openapi.json") as answer:
        document = json.load(answer)
    operations = _operations(document)
    assert len(operations) >= 150  # long enough that Swagger UI itself would render a window of it
    requested_urls(chromium)  # drop what came before
    chromium.get(live_server.url + "/api")
    _wait(chromium, ".swagger-ui .opblock")  # operations listed: the bundle ran and read /openapi.json
    rendered = chromium.execute_script(
        "return [...document.querySelectorAll('.swagger-ui .opblock')].map(e => ["
        "e.querySelector('.opblock-summary-path').dataset.path,"
        "e.querySelector('.opblock-summary-method').textContent.toLowerCase()])")
    assert len(rendered) == len(operations)
    assert {tuple(pair) for pair in rendered} == set(operations)
    sections = [e.get_attribute("data-tag") for e in chromium.find_elements("css selector", ".swagger-ui .opblock-tag")]
    assert sections == [tag["name"] for tag in document["tags"]]  # in the document's order, all open
    assert all(e.get_attribute("data-is-open") == "true"
               for e in chromium.find_elements("css selector", ".swagger-ui .opblock-tag"))
    chromium.save_screenshot(str(SCREENSHOTS / "api-docs.png"))
    urls = requested_urls(chromium)
    assert any(u.endswith("/static/vendor/swagger-ui/swagger-ui-bundle.js") for u in urls)
    assert any(u.endswith("/openapi.json") for u in urls)
    assert_same_origin(urls, live_server.url)
    assert console_errors(chromium) == []


def test_sparql_endpoint_in_a_browser_is_a_query_editor_that_runs_queries(chromium, live_server):
    requested_urls(chromium)
    chromium.get(live_server.url + "/sparql")
    _wait(chromium, "#yasgui .CodeMirror")
    assert "tg:Instrument" in chromium.execute_script(
        "return document.querySelector('#yasgui .CodeMirror').CodeMirror.getValue()")
    chromium.find_element("css selector", "#yasgui .yasqe_queryButton").click()
    table = _wait(chromium, "#yasgui .yasr table.dataTable tbody tr td")
    assert table is not None
    assert "Convention on Biological Diversity" in chromium.find_element("css selector", "#yasgui .yasr").text
    chromium.save_screenshot(str(SCREENSHOTS / "sparql-editor.png"))
    urls = requested_urls(chromium)
    assert any(u.endswith("/static/vendor/yasgui/yasgui.min.js") for u in urls)
    assert any(urlsplit(u).path == "/sparql" for u in urls[1:]), "the query went to this endpoint"
    assert_same_origin(urls, live_server.url)
    assert console_errors(chromium) == []


@pytest.mark.parametrize("width", [1400, 400])
def test_home_picture_at_desktop_and_phone_width(chromium, live_server, width):
    """The picture never shrinks below its minimum width (its frame scrolls); the table is there."""
    # A real viewport of that width (a headless window is never narrower than 500 px).
    chromium.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                             {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": width < 600})
    try:
        requested_urls(chromium)
        chromium.get(live_server.url + "/")
        svg = _wait(chromium, "#network svg")
        frame = chromium.find_element("css selector", "#network")
        natural = chromium.execute_script("return arguments[0].viewBox.baseVal.width", svg)
        assert svg.size["width"] >= min(720, natural) - 1  # never shrunk below its minimum
        # The page itself does not scroll sideways: only the picture's frame does.
        assert width - 20 <= chromium.execute_script("return document.documentElement.clientWidth") <= width
        # Neither the picture's frame nor its table makes the page scroll sideways: the frame scrolls.
        right = "return arguments[0].getBoundingClientRect().right"
        assert chromium.execute_script(right, frame) <= width
        assert chromium.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth",
                                       frame) == (svg.size["width"] > frame.size["width"])
        chromium.find_element("css selector", "#network-table summary").click()
        table = chromium.find_element("css selector", "#network-table table")
        assert table.find_elements("css selector", "tbody tr")
        assert chromium.execute_script(right, table) <= width
        chromium.save_screenshot(str(SCREENSHOTS / f"home-{width}.png"))
        assert_same_origin(requested_urls(chromium), live_server.url)
    finally:
        chromium.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
