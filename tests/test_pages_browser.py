"""Pages officers live in, in headless Chromium at a phone's and a desktop's width."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

PHONE, DESKTOP = (390, 800), (1366, 900)
PAGES = ["/", "/tim-kiem?q=" + quote("quản lý chợ"), "/van-ban/32-2024-nd-cp",
         "/van-ban/14-2024-tt-bct", "/van-ban/168-2024-nd-cp/dieu-12",
         "/van-ban/14-2024-tt-bct/phu-luc-i", "/gioi-thieu", "/dang-nhap",
         "/van-ban/14-2024-tt-bct/dieu-3?ngay=01/07/2025", "/van-ban/32-2024-nd-cp/dieu-34",
         "/so-sanh/van-ban/14-2024-tt-bct/dieu-3?tu=01/01/2025&den=01/07/2025", "/phap-dien",
         "/phap-dien/42.1"]


def _viewport(browser, size: tuple[int, int]) -> None:
    """Make the page's viewport exactly size (the window adds its own frame)."""
    browser.set_window_size(*size)
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight];")
    browser.set_window_size(2 * size[0] - inner[0], 2 * size[1] - inner[1])


def _top(browser, css: str) -> float:
    """Return the distance from the top of the page to an element, in CSS pixels."""
    return browser.execute_script(
        "const e = document.querySelector(arguments[0]);"
        "return e ? e.getBoundingClientRect().top + window.scrollY : -1;", css)


SIGNED_IN = ["/kien-nghi", "/khao-sat", "/khao-sat/nhap", "/tai-len"]


def _sign_in(browser, base: str) -> None:
    """Sign in as the live server's editor."""
    from selenium.webdriver.common.by import By

    browser.get(base + "/dang-nhap")
    browser.find_element(By.CSS_SELECTOR, "#name").send_keys("bientap")
    browser.find_element(By.CSS_SELECTOR, "#password").send_keys("mat-khau-bien-tap")
    browser.find_element(By.CSS_SELECTOR, "form.login button").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15).until(lambda d: "/dang-nhap" not in d.current_url)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_is_wider_than_the_window(browser, live_server, size):
    _viewport(browser, size)
    _sign_in(browser, live_server)
    wide = {}
    for path in PAGES + SIGNED_IN:
        browser.get(live_server + path)
        assert "/dang-nhap" not in browser.current_url or path == "/dang-nhap"
        width = browser.execute_script("return document.documentElement.scrollWidth;")
        inner = browser.execute_script("return window.innerWidth;")
        if width > inner:
            wide[path] = width
    assert wide == {}


def test_on_a_phone_the_text_comes_first(browser, live_server):
    _viewport(browser, PHONE)
    browser.get(live_server + "/van-ban/32-2024-nd-cp")
    height = browser.execute_script("return window.innerHeight;")
    assert 0 < _top(browser, "#dieu-1") < 2 * height  # the first article in two screens
    assert not browser.execute_script("return document.querySelector('details.side-toggle').open;")
    browser.get(live_server + "/tim-kiem?q=" + quote("quản lý chợ"))
    assert 0 < _top(browser, "ol.hits li") < height  # the first result on the first screen
    assert not browser.execute_script("return document.querySelector('details.filters').open;")


def test_on_a_desktop_the_contents_come_before_the_relations(browser, live_server):
    _viewport(browser, DESKTOP)
    browser.get(live_server + "/van-ban/32-2024-nd-cp")
    height = browser.execute_script("return window.innerHeight;")
    assert 0 < _top(browser, "nav.toc") < height
    assert _top(browser, "nav.toc") < _top(browser, "section.relations")


DRAFT = ("Căn cứ Thông tư số 28/2020/TT-BCT; khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP và "
         "Điều 12 Nghị định 168/2024/NĐ-CP.")


def test_the_citation_checker_in_the_browser(browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(browser, DESKTOP)
    browser.get(live_server + "/kiem-tra-trich-dan")
    browser.find_element(By.CSS_SELECTOR, "#draft").send_keys(DRAFT)
    date_box = browser.find_element(By.CSS_SELECTOR, "#ngay")
    date_box.clear()
    date_box.send_keys("01/12/2025")
    browser.find_element(By.CSS_SELECTOR, "form.citecheck button").click()
    WebDriverWait(browser, 15).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "section.checks")))
    checks = browser.find_elements(By.CSS_SELECTOR, "li.check")
    found = {c.find_element(By.CSS_SELECTOR, ".check-head").text: c.get_attribute("class")
             for c in checks}
    by_doc = {number: next(v for k, v in found.items() if number in k)
              for number in ("28/2020/TT-BCT", "32/2024/NĐ-CP", "168/2024/NĐ-CP")}
    assert "check-repealed" in by_doc["28/2020/TT-BCT"]
    assert "check-amended" in by_doc["32/2024/NĐ-CP"]
    assert "check-in_force" in by_doc["168/2024/NĐ-CP"]
    text = browser.find_element(By.CSS_SELECTOR, "section.checks").text
    assert "khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP" in text and "#" not in text
    assert "Thông tư số 14/2024/TT-BCT" in text  # what to cite instead of 28/2020
