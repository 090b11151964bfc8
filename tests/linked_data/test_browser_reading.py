"""The reading pages in a real headless Chromium at desktop (1400 px) and phone (400 px) width,
on corpus documents served by a real uvicorn: search by citation and by text, a decision,
an article, the home page, the language switch, the error page. Nothing may run off the
screen; screenshots go to ``/work/notes/screens/`` when that folder's parent exists, else to
``tests/linked_data/screenshots/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import SCREENSHOTS, console_errors, driver  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

NOTES = Path("/work/notes/screens")
WIDTHS = {"desktop": 1400, "phone": 400}


def _shots() -> Path:
    target = NOTES if NOTES.parent.is_dir() else SCREENSHOTS
    target.mkdir(parents=True, exist_ok=True)
    return target


def _fits(drv) -> bool:
    """Nothing wider than the window: no horizontal scrolling of the page itself."""
    return drv.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _visible_width(drv) -> int:
    """The width a page can use: the window less its vertical scrollbar."""
    return drv.execute_script("return document.documentElement.clientWidth")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_reading_pages_at_desktop_and_phone_width(driver, reading_server, width):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    shots = _shots()
    driver.set_window_size(WIDTHS[width], 1000)
    base = reading_server.url
    wait = WebDriverWait(driver, 60)

    driver.get(base + "/?lang=en")
    assert driver.find_element(By.ID, "instruments").is_displayed()
    assert _fits(driver), "the home page runs off the screen"
    driver.save_screenshot(str(shots / f"i18-search-pages-home-{width}.png"))

    # A citation typed in the header's search box opens what it cites.
    box = driver.find_element(By.CSS_SELECTOR, "header form.site-search input[name=q]")
    assert box.is_displayed() and box.rect["x"] + box.rect["width"] <= _visible_width(driver)
    box.send_keys("1/CP.21, paragraph 53")
    box.submit()
    wait.until(ec.url_contains("/page/unfccc/decision/1-CP.21/para/53"))
    assert "paragraph 53" in driver.find_element(By.TAG_NAME, "h1").text
    assert _fits(driver)
    driver.save_screenshot(str(shots / f"i18-search-pages-paragraph-53-{width}.png"))

    # Words search the text: passages with the match marked, paged.
    driver.get(base + "/search?q=genetic+resources")
    marks = driver.find_elements(By.CSS_SELECTOR, "#passages mark")
    assert marks and any(m.text.lower() == "genetic" for m in marks)
    assert _fits(driver)
    driver.save_screenshot(str(shots / f"i18-search-pages-search-text-{width}.png"))

    # A decision: heading with body, session, place and year; its outline with texts.
    driver.get(base + "/page/unfccc/decision/1-CP.21")
    h1 = driver.find_element(By.TAG_NAME, "h1").text
    assert h1.startswith("Decision 1/CP.21 of the") and "(COP 21, Paris, 2015)" in h1
    assert len(driver.find_elements(By.CSS_SELECTOR, "#outline ol.outline > li")) >= 50
    assert _fits(driver)
    driver.save_screenshot(str(shots / f"i18-search-pages-decision-1-CP.21-{width}.png"))

    # An article and who cites it, grouped.
    driver.get(base + "/page/unfccc/art/4")
    assert driver.find_element(By.ID, "cited-by-groups").is_displayed()
    assert _fits(driver)
    driver.save_screenshot(str(shots / f"i18-search-pages-unfccc-art-4-{width}.png"))

    # The switch: the same page in Chinese, the choice kept by the next page.
    driver.find_element(By.CSS_SELECTOR, 'nav.langs a[lang="zh"]').click()
    wait.until(ec.url_contains("lang=zh"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh"
    driver.get(base + "/page/unfccc/decision/1-CP.21")
    assert "第1/CP.21号决定" in driver.find_element(By.TAG_NAME, "h1").text
    driver.save_screenshot(str(shots / f"i18-search-pages-decision-1-CP.21-zh-{width}.png"))
    driver.get(base + "/?lang=en")

    # A page that is not there: the site's page, with its search.
    driver.get(base + "/page/cbd/art/999")
    assert driver.find_element(By.CSS_SELECTOR, ".error-page h1").text.startswith("404")
    assert driver.find_element(By.CSS_SELECTOR, "main form[role=search]").is_displayed()
    assert _fits(driver)
    driver.save_screenshot(str(shots / f"i18-search-pages-not-found-{width}.png"))

    errors = [e for e in console_errors(driver) if "404" not in e]
    assert errors == []
