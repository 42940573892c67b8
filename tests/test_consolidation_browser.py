"""The law as of a date in headless Chromium: an officer types a date and reads that day's text."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _as_of(browser, base: str, path: str, day: str) -> str:
    """Open a provision, type a date in the date control, submit; return the article text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base + path)
    field = browser.find_element(By.CSS_SELECTOR, "form.as-of input[name=ngay]")
    field.clear()
    field.send_keys(day)
    browser.find_element(By.CSS_SELECTOR, "form.as-of button").click()
    WebDriverWait(browser, 15).until(lambda d: "ngay=" in d.current_url)
    return browser.find_element(By.CSS_SELECTOR, ".doc-text").text


def test_circular_14_2024_article_3_by_date(browser, live_server):
    from selenium.webdriver.common.by import By

    path = "/van-ban/14-2024-tt-bct/dieu-3"
    after = _as_of(browser, live_server, path, "01/07/2025")
    assert "Ủy ban nhân dân cấp xã;" in after
    marked = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".doc-text ins")]
    assert "xã;" in marked  # the change is marked
    assert browser.find_element(By.CSS_SELECTOR, ".changes a").get_attribute(
        "href").endswith("/van-ban/38-2025-tt-bct/dieu-29")
    before = _as_of(browser, live_server, path, "01/01/2025")
    assert "Ủy ban nhân dân cấp huyện;" in before
    assert "cấp xã" not in before
    assert browser.find_elements(By.CSS_SELECTOR, ".doc-text ins") == []


def test_comparison_shows_both_wordings(browser, live_server):
    from selenium.webdriver.common.by import By

    browser.get(live_server + "/so-sanh/van-ban/14-2024-tt-bct/dieu-3?tu=01/01/2025"
                "&den=01/07/2025")
    removed = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".compare-text del")]
    added = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".compare-text ins")]
    assert "huyện;" in removed and "xã;" in added
    struck = browser.find_element(By.CSS_SELECTOR, ".compare-text del")
    assert "line-through" in struck.value_of_css_property("text-decoration")
