"""A real headless Chromium against a real uvicorn server: home → Article 19.3(g) → its citations;
a named query from its form; no console errors. Screenshots go to the printed directory."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} is not installed (Debian packages chromium, chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


@pytest.fixture(scope="module")
def driver():
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
                "--window-size=1280,1600", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


def console_errors(drv) -> list[str]:
    return [e["message"] for e in drv.get_log("browser") if e.get("level") == "SEVERE"]


def test_home_to_article_to_citations_and_a_named_query(driver, live_server):
    from selenium.webdriver.common.by import By

    driver.get(live_server.url + "/")
    assert "treatygraph" in driver.title
    counts = driver.find_element(By.ID, "counts").text
    assert "Article" in counts
    assert driver.find_elements(By.CSS_SELECTOR, "#network svg"), "network picture inline"
    driver.save_screenshot(str(SCREENSHOTS / "home.png"))

    # Home → the Treaty (an entry point) → Article 19 → 19.3 → 19.3(g), by following links.
    driver.find_element(By.LINK_TEXT, "International Treaty on Plant Genetic Resources for Food and Agriculture").click()
    assert "粮食和农业植物遗传资源国际条约" in driver.find_element(By.TAG_NAME, "main").text
    for path in ("/page/itpgrfa/art/19", "/page/itpgrfa/art/19.3", "/page/itpgrfa/art/19.3.g"):
        driver.find_element(By.CSS_SELECTOR, f'#outline a[href="{path}"]').click()
    assert driver.current_url.endswith("/page/itpgrfa/art/19.3.g")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Article 19.3(g)"
    crumbs = driver.find_element(By.CSS_SELECTOR, "nav.crumbs").text
    assert "Article 19" in crumbs and "Article 19.3" in crumbs

    cites = driver.find_elements(By.CSS_SELECTOR, ".citation")
    assert len(cites) == 3
    for c in cites:
        marked = c.find_element(By.TAG_NAME, "mark").text
        quote = c.find_element(By.CSS_SELECTOR, ".quote").text
        assert marked == quote and "19.3" in marked
    assert "《条约》第 19.3(g)条规定管理机构" in driver.find_element(By.ID, "cited-by").find_element(
        By.XPATH, "following-sibling::div").text or any("《条约》第 19.3(g)条规定" in c.text for c in cites)
    driver.save_screenshot(str(SCREENSHOTS / "article-19.3.g.png"))

    # The query page: run "search-labels" from its form.
    driver.get(live_server.url + "/query")
    form = driver.find_element(By.ID, "form-search-labels")
    form.find_element(By.NAME, "q").send_keys("生物多样性")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # The submit navigates: wait for the results page rather than racing it (a loaded CI machine).
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    table = WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "results")))
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows and "生物多样性公约" in table.text
    driver.save_screenshot(str(SCREENSHOTS / "query.png"))

    assert console_errors(driver) == []
