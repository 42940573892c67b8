"""End-to-end tests in a real headless Chromium against the app served by waitress."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

pytestmark = pytest.mark.browser

UPLOAD_DOC = FIXTURES / "web" / "nghi-dinh-thu-nghiem-markup.txt"
WAIT_S = 15


def wait_for(driver, css: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_S).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def find(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def find_all(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def search(driver, base: str, query: str) -> None:
    driver.get(base + "/")
    box = find(driver, "#q")
    box.clear()
    box.send_keys(query)
    box.submit()
    wait_for(driver, ".summary")


@pytest.mark.parametrize("query", ["bán hàng trên vỉa hè", "ban hang tren via he"])
def test_search_and_land_on_article_12_of_decree_168(browser, live_server, query):
    search(browser, live_server, query)
    find(browser, "ol.hits li.hit h2 a").click()
    wait_for(browser, ".provision-view")
    assert "/van-ban/168-2024-nd-cp/dieu-12" in browser.current_url
    assert find(browser, "section.pv-dieu h3").text.startswith("Điều 12.")
    marks = [m.text.lower() for m in find_all(browser, ".doc-text mark")]
    assert any("vỉa hè" in m for m in marks)


def test_permalink_highlights_the_clause_and_copies_the_citation(browser, live_server):
    browser.get(live_server + "/van-ban/32-2024-nd-cp/dieu-8.khoan-2?q=cụm công nghiệp")
    target = wait_for(browser, ".target")
    assert target.get_attribute("id") == "dieu-8.khoan-2"
    in_view = ("const r = arguments[0].getBoundingClientRect();"
               "return r.top < innerHeight && r.bottom > 0;")
    assert browser.execute_script(in_view, target)  # scrolled to the clause
    assert find_all(browser, ".doc-text mark")
    citation = find(browser, ".cite-text").text
    assert citation == "khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ"
    button = find(browser, "button[data-copy]")
    assert button.is_displayed()  # unhidden by the script; without it the text stays selectable
    button.click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT_S).until(lambda d: "Đã sao chép" in button.text)


def test_table_of_contents_jumps_to_the_article(browser, live_server):
    browser.get(live_server + "/van-ban/32-2024-nd-cp")
    wait_for(browser, ".toc")
    link = next(a for a in find_all(browser, ".toc a") if a.text.startswith("Điều 20."))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    assert browser.current_url.endswith("#dieu-20")
    article = find(browser, "[id='dieu-20']")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top;", article)
    assert -2 <= top < 200  # the article is at the top of the window


def test_query_markup_is_text_not_script(browser, live_server):
    from selenium.common.exceptions import NoAlertPresentException

    search(browser, live_server, "<script>alert(1)</script>")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert was opened
    assert "<script>alert(1)</script>" in find(browser, ".summary").text


def test_anonymous_upload_is_refused(browser, live_server):
    browser.delete_all_cookies()
    browser.get(live_server + "/tai-len")
    wait_for(browser, "form.login")
    assert "/dang-nhap" in browser.current_url
    assert not find_all(browser, "input[type=file]")


def test_form_without_csrf_token_is_refused(browser, live_server):
    browser.delete_all_cookies()
    browser.get(live_server + "/dang-nhap")
    browser.execute_script("document.querySelector('input[name=csrf_token]').remove();")
    find(browser, "#name").send_keys("bientap")
    find(browser, "#password").send_keys("mat-khau-bien-tap")
    find(browser, "form.login button").click()
    page = wait_for(browser, ".error-page")
    assert "Phiên làm việc đã hết hạn" in page.text


def test_editor_uploads_a_document_and_finds_it(browser, live_server):
    browser.delete_all_cookies()
    browser.get(live_server + "/tai-len")
    wait_for(browser, "form.login")
    find(browser, "#name").send_keys("bientap")
    find(browser, "#password").send_keys("mat-khau-bien-tap")
    find(browser, "form.login button").click()
    wait_for(browser, "input[type=file]").send_keys(str(UPLOAD_DOC))
    find(browser, "form.upload button[type=submit]").click()
    report = wait_for(browser, ".upload-report li.report-ok")
    assert "07/2099/NĐ-CP" in report.text
    search(browser, live_server, "quầy hàng lưu động chợ phiên")
    first = find(browser, "ol.hits li.hit h2 a")
    assert "/van-ban/07-2099-nd-cp/" in first.get_attribute("href")
