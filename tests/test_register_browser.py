"""The issues register in headless Chromium: import a survey report, split, link, export."""

from __future__ import annotations

import pytest
from register_helpers import REPORT
from test_browser import WAIT_S, find, find_all, wait_for

pytestmark = pytest.mark.browser

STREET = "Mua bán lấn chiếm lòng, lề đường giao thông từng lúc, từng nơi còn tái diễn"


def _login(driver, base: str, target: str) -> None:
    driver.delete_all_cookies()
    driver.get(base + target)
    wait_for(driver, "form.login")
    find(driver, "#name").send_keys("bientap")
    find(driver, "#password").send_keys("mat-khau-bien-tap")
    find(driver, "form.login button").click()


def _texts(driver) -> list[str]:
    """Return the proposals' texts in one script call (safe while the page reloads)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('textarea.proposal-text'))"
        ".map(function (t) { return t.value; });")


def test_officer_imports_the_survey_splits_and_links_the_rule(browser, live_server, shared):
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.ui import WebDriverWait

    report = shared.joinpath(*REPORT).read_text(encoding="utf-8")
    _login(browser, live_server, "/khao-sat/nhap")
    area = wait_for(browser, "#report_text")
    browser.execute_script("arguments[0].value = arguments[1];", area, report)
    find(browser, "#propose").click()
    wait_for(browser, "li.proposal")
    assert len(_texts(browser)) == 3

    find(browser, "button.split-suggested").click()  # the second holds two concerns
    WebDriverWait(browser, WAIT_S).until(lambda d: len(_texts(d)) == 4)
    assert _texts(browser)[1:3] == ["Tình hình quản lý, phát triển chợ còn nhiều khó khăn",
                                    STREET]
    # manual split at the caret: put it before "do chưa có cơ chế" in the last proposal
    last = find_all(browser, "textarea.proposal-text")[3]
    pos = last.get_property("value").index("do chưa có")
    browser.execute_script("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1],"
                           " arguments[1]);", last, pos)
    find_all(browser, "button.split-at")[3].click()
    WebDriverWait(browser, WAIT_S).until(lambda d: len(_texts(d)) == 5)
    assert _texts(browser)[4] == "Do chưa có cơ chế, chính sách cụ thể"
    find_all(browser, "button.drop")[4].click()
    WebDriverWait(browser, WAIT_S).until(lambda d: len(_texts(d)) == 4)

    find(browser, "button.create").click()
    wait_for(browser, "ol.survey-issues")
    links = find_all(browser, "ol.survey-issues a")
    assert [a.text for a in links][2] == STREET
    links[2].click()

    suggestion = wait_for(browser, 'li.suggestion[data-key="168/2024/NĐ-CP#dieu-12"]')
    suggestion.find_element("css selector", "input[name=note]").send_keys("Xử phạt lấn chiếm")
    suggestion.find_element("css selector", "button").click()
    item = wait_for(browser, "ul.link-list li.link")
    assert "Điều 12" in item.text and "Xử phạt lấn chiếm" in item.text
    assert "Còn hiệu lực" in item.find_element("css selector", ".badge").text

    find(browser, "details.edit summary").click()
    answer = find(browser, "#f-answer")
    answer.send_keys("Áp dụng Điều 12 Nghị định 168/2024/NĐ-CP để xử lý.")
    find(browser, "#f-status").send_keys("đã trả lời")
    before = find(browser, ".issue-meta")
    find(browser, "form.issue-form button[type=submit]").click()
    WebDriverWait(browser, WAIT_S).until(staleness_of(before))  # the saved page replaced it
    meta = wait_for(browser, ".issue-meta")
    assert "đã trả lời" in meta.text and "Phiên bản 2" in meta.text
    assert "Áp dụng Điều 12" in find(browser, "section.answer").text
