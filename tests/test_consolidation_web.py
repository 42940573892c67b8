"""The law as of a date in the web app and the API, on the shared corpus.

14/2024/TT-BCT reads "cấp huyện" until 38/2025/TT-BCT Điều 29 replaces it with "cấp xã" from
1/7/2025; 32/2024/NĐ-CP Điều 34 keeps its words but 139/2025/NĐ-CP moves its duties to the
commune from the same day.
"""

from __future__ import annotations

import re


def _text_of(html: str) -> str:
    """Return the article text of a page (the provision view), tags removed."""
    start = html.index('class="doc-text"')
    end = html.index('class="provision-side"', start)
    return re.sub(r"<[^>]+>", "", html[start:end])


def test_provision_as_of_a_date_reads_the_amended_words(client):
    after = client.get("/van-ban/14-2024-tt-bct/dieu-3?ngay=01/07/2025")
    assert after.status_code == 200
    page = after.get_data(as_text=True)
    assert "Ủy ban nhân dân cấp xã;" in _text_of(page)
    assert "<ins>xã;</ins>" in page  # the changed word marked
    assert "Thông tư số 38/2025/TT-BCT" in page  # its source named and linked
    assert 'href="/van-ban/38-2025-tt-bct/dieu-29"' in page
    before = client.get("/van-ban/14-2024-tt-bct/dieu-3?ngay=01/01/2025").get_data(as_text=True)
    assert "Ủy ban nhân dân cấp huyện;" in _text_of(before)
    assert "cấp xã" not in _text_of(before)


def test_timeline_lists_enactment_and_amendment(client):
    page = client.get("/van-ban/14-2024-tt-bct/dieu-3?ngay=01/07/2025").get_data(as_text=True)
    timeline = page[page.index('class="timeline'):]
    assert "Ban hành" in timeline and "từ 1/10/2024" in timeline
    assert "đến hết 30/6/2025" in timeline
    assert "Thay thế cụm từ" in timeline and "từ 1/7/2025" in timeline


def test_a_bad_date_is_told_and_today_shown(client):
    resp = client.get("/van-ban/14-2024-tt-bct/dieu-3?ngay=31/02/2025")
    assert resp.status_code == 200
    assert "Ngày không hợp lệ" in resp.get_data(as_text=True)


def test_compare_two_dates_marks_what_changed(client):
    resp = client.get("/so-sanh/van-ban/14-2024-tt-bct/dieu-3?tu=01/01/2025&den=01/07/2025")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "<del>huyện;</del>" in page and "<ins>xã;</ins>" in page
    same = client.get("/so-sanh/van-ban/14-2024-tt-bct/dieu-3?tu=01/01/2025&den=02/01/2025")
    assert "Nội dung giống nhau" in same.get_data(as_text=True)


def test_a_reassignment_shown_once_at_the_phrase(client):
    page = client.get("/van-ban/32-2024-nd-cp/dieu-34?ngay=01/07/2025").get_data(as_text=True)
    notes = re.findall(r'<span class="reassigned">(.*?)</span>', page)
    by_article_6 = [n for n in notes if "Điều 6" in n and "139/2025" in n]
    assert len(by_article_6) == 1, notes
    assert "từ 1/7/2025: Ủy ban nhân dân cấp xã" in by_article_6[0]
    # the note follows the district body it concerns, in the article's heading
    assert re.search(r"Ủy ban nhân dân cấp huyện\s*<span class=\"reassigned\">", page)
    # the reassigning paragraph is quoted once in the side panel, not once per clause
    start = page.index('class="provision-side"')
    side = page[start: page.index("</aside>", start)]
    assert side.count("quy định tại khoản 3 Điều 34") <= 1
    # the badge says what happened: the duties moved, the words did not change
    assert re.search(r'class="badge badge-amended"[^>]*>Thẩm quyền được phân định lại<', page)
    before = client.get("/van-ban/32-2024-nd-cp/dieu-34?ngay=30/06/2025").get_data(as_text=True)
    assert 'class="reassigned"' not in before
    assert "Thẩm quyền được phân định lại" not in before


def test_api_document_as_of_a_date(client):
    def point(day: str) -> str:
        data = client.get(f"/api/documents/14-2024-tt-bct?as_of={day}").get_json()
        article = next(p for p in data["body"] if p["path"] == "dieu-3")
        clause = next(c for c in article["children"] if c["path"] == "dieu-3.khoan-1")
        return next(c for c in clause["children"] if c["path"].endswith("diem-b"))["text"]

    assert point("2025-06-30") == "Ủy ban nhân dân cấp huyện;"
    assert point("2025-07-01") == "Ủy ban nhân dân cấp xã;"
    assert client.get("/api/documents/14-2024-tt-bct?as_of=hôm-qua").status_code == 400


def test_api_versions_of_a_provision(client):
    data = client.get("/api/documents/14-2024-tt-bct/versions/dieu-3").get_json()
    assert [(v["valid_from"], v["valid_to"]) for v in data["versions"]] == [
        ("2024-10-01", "2025-06-30"), ("2025-07-01", None)]
    assert data["versions"][1]["sources"][0]["source_key"] == "38/2025/TT-BCT#dieu-29"
    assert "cấp xã" in data["versions"][1]["text"]
    assert client.get("/api/documents/14-2024-tt-bct/versions/dieu-99").status_code == 404


def test_document_page_as_of_a_date(client):
    page = client.get("/van-ban/14-2024-tt-bct?ngay=1/7/2025").get_data(as_text=True)
    assert "Đã áp dụng sửa đổi" in page
    assert "<ins>xã;</ins>" in page
    today_default = client.get("/van-ban/14-2024-tt-bct").get_data(as_text=True)
    assert 'name="ngay"' in today_default


def test_search_as_of_a_date_gives_that_days_statuses(client):
    today = client.get("/tim-kiem?q=báo+cáo+cụm+công+nghiệp").get_data(as_text=True)
    assert 'name="ngay"' in today
    before = client.get("/tim-kiem?q=báo+cáo+cụm+công+nghiệp&ngay=01/01/2024")
    page = before.get_data(as_text=True)
    assert before.status_code == 200
    # 14/2024/TT-BCT took effect on 1/10/2024: on 1/1/2024 it was not yet in force
    assert "Chưa có hiệu lực" in page
    assert "ngay=1%2F1%2F2024" in page  # results open the text as of that day
    filtered = client.get("/tim-kiem?q=báo+cáo+cụm+công+nghiệp&ngay=01/01/2024&hieuluc=not_yet")
    hits = re.findall(r'class="badge badge-([a-z_]+)"', filtered.get_data(as_text=True))
    assert hits and set(hits) == {"not_yet"}


def test_provision_page_compares_with_the_code_of_law(client, app):
    from web.codified import EXTENSION

    if not app.extensions[EXTENSION].wait(120):
        import pytest

        pytest.skip("the Pháp điển export (../shared/phapdien) is not here")
    page = client.get("/van-ban/30-2020-nd-cp/dieu-13").get_data(as_text=True)
    panel = page[page.index('class="codified panel"'):]
    assert "Điều 42.1.NĐ.13" in panel
    assert "khớp với Pháp điển" in panel


def test_document_page_shows_each_reassignment_once(client):
    page = client.get("/van-ban/32-2024-nd-cp?ngay=01/07/2025").get_data(as_text=True)
    articles = page.split('<section id="dieu-')[1:]
    shown = 0
    for article in articles:
        notes = re.findall(r'<span class="reassigned">(.*?)</span>', article)
        assert len(notes) == len(set(notes)), notes  # each reassigning provision once
        shown += len(notes)
    assert shown >= 3
    assert "Điều 6 Nghị định 139/2025/NĐ-CP" in page
    assert 'class="reassigned"' not in client.get(
        "/van-ban/32-2024-nd-cp?ngay=30/06/2025").get_data(as_text=True)
