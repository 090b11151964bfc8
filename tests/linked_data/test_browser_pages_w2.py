"""The pages in headless Chromium at 1400 and 400 px in three scripts (English, Russian, Arabic):
nothing wider than the viewport (its scrollbar excluded), the search boxes and their buttons
inside it; a decision's clauses and network, an article's citations by year. Screenshots
``w2-pages-*.png`` go where those of ``test_browser_reading`` go."""

from __future__ import annotations

import pytest

from test_browser import console_errors, driver  # noqa: F401  (the fixture)
from test_browser_reading import WIDTHS, _fits, _shots, _visible_width

pytestmark = pytest.mark.browser

FORMS = ("header form.site-search", "main form[role=search]")


def _inside(drv, selector: str) -> None:
    from selenium.webdriver.common.by import By

    limit = _visible_width(drv)
    for form in drv.find_elements(By.CSS_SELECTOR, selector):
        for element in form.find_elements(By.CSS_SELECTOR, "input, button"):
            r = element.rect
            assert r["x"] >= 0 and r["x"] + r["width"] <= limit, f"{selector} runs off the screen: {r} > {limit}"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_pages_fit_and_show_the_clause_model_and_years(driver, reading_server, width):  # noqa: F811
    from selenium.webdriver.common.by import By

    shots = _shots()
    driver.set_window_size(WIDTHS[width], 1000)
    base = reading_server.url
    for lang in ("en", "ru", "ar"):
        for path in ("/", "/search?q=genetic+resources&", "/page/unfccc/decision/1-CP.21", "/page/cbd/art/999"):
            driver.get(base + path + ("&" if "?" in path else "?") + f"lang={lang}")
            assert _fits(driver), f"{path} in {lang} is wider than {width}"
            for selector in FORMS:
                _inside(driver, selector)
        if lang != "en":
            driver.get(base + f"/?lang={lang}")
            driver.save_screenshot(str(shots / f"w2-pages-home-{lang}-{WIDTHS[width]}.png"))

    driver.get(base + "/page/unfccc/decision/1-CP.21?lang=en")
    clauses = driver.find_element(By.ID, "clauses")
    assert clauses.find_elements(By.CSS_SELECTOR, "td.verb") and clauses.find_elements(By.CSS_SELECTOR, "a.addressee")
    driver.execute_script("arguments[0].scrollIntoView()", clauses)
    driver.save_screenshot(str(shots / f"w2-pages-decision-clauses-{WIDTHS[width]}.png"))
    network = driver.find_element(By.ID, "decision-network")
    assert network.find_elements(By.CSS_SELECTOR, "#network-cites tbody tr")
    driver.execute_script("arguments[0].scrollIntoView()", network)
    driver.save_screenshot(str(shots / f"w2-pages-decision-network-{WIDTHS[width]}.png"))

    driver.get(base + "/page/unfccc/decision/1-CP.21?lang=fr")
    assert driver.find_element(By.CSS_SELECTOR, "#outline h2").text.startswith("Sommaire")
    driver.save_screenshot(str(shots / f"w2-pages-decision-fr-{WIDTHS[width]}.png"))

    driver.get(base + "/page/itpgrfa/art/19.3.g?lang=en")
    chart = driver.find_element(By.CSS_SELECTOR, "#years-chart svg")
    assert chart.is_displayed() and chart.rect["width"] <= _visible_width(driver)
    driver.find_element(By.CSS_SELECTOR, "#years-table-box summary").click()
    assert driver.find_element(By.ID, "years-table").is_displayed()
    assert _fits(driver)
    driver.execute_script("arguments[0].scrollIntoView()", driver.find_element(By.ID, "citations-by-year"))
    driver.save_screenshot(str(shots / f"w2-pages-article-years-{WIDTHS[width]}.png"))

    driver.get(base + "/page/paris/art/7.13?lang=en")
    assert driver.find_elements(By.CSS_SELECTOR, "#cites + .citation mark")
    driver.save_screenshot(str(shots / f"w2-pages-provision-cites-{WIDTHS[width]}.png"))

    errors = [e for e in console_errors(driver) if "404" not in e]
    assert errors == []
