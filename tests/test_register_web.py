"""The register's pages: roles, survey import (split/merge/drop), edit conflicts, links."""

from __future__ import annotations

import pytest
from register_helpers import REPORT, csrf, follow_job, form_data, login, soup

from register import store
from web.db import connect

STREET = "Mua bán lấn chiếm lòng, lề đường giao thông từng lúc, từng nơi còn tái diễn"


def new_issue(app, title=STREET, **values):
    conn = connect(app.config["DATABASE"])
    issue = store.create_issue(conn, {"title": title, **values}, "canbo")
    conn.close()
    return issue


@pytest.fixture
def editor(client, app):
    login(client, app, "bientap", "editor")
    return client


def test_register_needs_a_login(client):
    response = client.get("/kien-nghi")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_viewer_sees_issues_but_no_edit_form_and_cannot_post(client, app):
    issue = new_issue(app)
    login(client, app, "nguoixem", "viewer")
    page = soup(client.get(f"/kien-nghi/{issue.id}"))
    assert page.select_one("h1").get_text() == STREET
    assert page.select_one("form.issue-form") is None
    assert page.select_one("form.link-form") is None
    token = csrf(client, "/kien-nghi")
    response = client.post(f"/kien-nghi/{issue.id}/sua", data={
        "csrf_token": token, "title": "x", "version": "1"})
    assert response.status_code == 403


def test_form_without_csrf_token_is_refused(editor, app):
    issue = new_issue(app)
    response = editor.post(f"/kien-nghi/{issue.id}/sua", data={"title": "x", "version": "1"})
    assert response.status_code == 400
    assert store.get_issue(connect(app.config["DATABASE"]), issue.id).title == STREET


def _review(client, text: str):
    response = client.post("/khao-sat/nhap", data={
        "csrf_token": csrf(client, "/khao-sat/nhap"), "action": "de-xuat", "report_text": text})
    assert response.status_code == 200
    return soup(response)


def _act(client, page, action: str, **extra):
    data = {**form_data(page.select_one("form.review-form")), "action": action, **extra}
    return client.post("/khao-sat/nhap", data=data)


def _texts(page) -> list[str]:
    return [t.get_text() for t in page.select("textarea.proposal-text")]


def test_import_split_merge_drop_then_create(editor, app, shared):
    report = shared.joinpath(*REPORT).read_text(encoding="utf-8")
    page = _review(editor, report)
    assert len(_texts(page)) == 3
    hints = page.select("li.proposal .split-hint")
    assert len(hints) == 1 and "Tách theo gợi ý" in hints[0].get_text()
    assert page.select_one("#s-team")["value"] == "Đoàn 1"
    assert page.select_one("#s-localities")["value"] == "Kế Sách, Vĩnh Châu, Trần Đề"

    page = soup(_act(editor, page, "tach-goi-y-1"))
    assert _texts(page)[1:3] == ["Tình hình quản lý, phát triển chợ còn nhiều khó khăn", STREET]
    page = soup(_act(editor, page, "gop-1"))  # merge back ...
    assert len(_texts(page)) == 3 and "chợ còn nhiều khó khăn; Mua bán" in _texts(page)[1]
    page = soup(_act(editor, page, "tach-1", **{"p-1-phrase": "mua bán lấn"}))  # ... split by hand
    assert _texts(page)[2] == STREET
    page = soup(_act(editor, page, "bo-3"))  # drop the statistics difficulty
    assert len(_texts(page)) == 3

    response = _act(editor, page, "tao")
    assert response.status_code == 302
    survey_page = soup(editor.get(response.headers["Location"]))
    titles = [a.get_text() for a in survey_page.select("ol.survey-issues a")]
    assert titles[1:] == ["Tình hình quản lý, phát triển chợ còn nhiều khó khăn", STREET]
    conn = connect(app.config["DATABASE"])
    issues = store.list_issues(conn)
    assert {i.field for i in issues} == {"tổ chức, cán bộ", "chợ", "thương mại"}
    assert all(i.locality == "Kế Sách, Vĩnh Châu, Trần Đề" and i.survey_id for i in issues)


def test_split_at_the_caret_position(editor):
    page = _review(editor, "Khó khăn như: thiếu vốn cho chợ; thiếu mặt bằng kinh doanh.")
    assert _texts(page) == ["Thiếu vốn cho chợ", "Thiếu mặt bằng kinh doanh"]
    page = soup(_act(editor, page, "tach-0", **{"p-0-pos": str(len("Thiếu vốn "))}))
    assert _texts(page) == ["Thiếu vốn", "Cho chợ", "Thiếu mặt bằng kinh doanh"]


def test_upload_a_docx_report(editor, app, shared):
    import io

    import docx

    document = docx.Document()
    for line in shared.joinpath(*REPORT).read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    response = editor.post("/khao-sat/nhap", data={
        "csrf_token": csrf(editor, "/khao-sat/nhap"), "action": "de-xuat", "report_text": "",
        "report_file": (data, "bao-cao-khao-sat.docx")}, content_type="multipart/form-data")
    page = soup(follow_job(editor, response))
    assert len(_texts(page)) == 3
    stored = page.select_one("input[name=source_file]")["value"]
    assert stored.startswith("surveys/") and stored.endswith(".docx")
    assert (app.config["UPLOAD_FOLDER"] / stored).is_file()


def test_upload_of_an_unknown_type_is_refused(editor):
    import io

    response = editor.post("/khao-sat/nhap", data={
        "csrf_token": csrf(editor, "/khao-sat/nhap"), "action": "de-xuat",
        "report_file": (io.BytesIO(b"\x00\x01"), "bao-cao.exe")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Chỉ nhận báo cáo dạng" in response.get_data(as_text=True)


def test_concurrent_edits_second_is_told_and_nothing_is_lost(client, app):
    from flask.testing import FlaskClient

    issue = new_issue(app)
    login(client, app, "bientap", "editor")
    other: FlaskClient = app.test_client()
    login(other, app, "bientap2", "editor")
    forms = [form_data(soup(c.get(f"/kien-nghi/{issue.id}")).select_one("form.issue-form"))
             for c in (client, other)]
    assert forms[0]["version"] == forms[1]["version"] == "1"
    first = client.post(f"/kien-nghi/{issue.id}/sua", data={**forms[0], "answer": "Trả lời A"})
    assert first.status_code == 302
    second = other.post(f"/kien-nghi/{issue.id}/sua", data={**forms[1], "answer": "Trả lời B"})
    assert second.status_code == 409
    page = soup(second)
    conflict = page.select_one(".conflict").get_text()
    assert "Kiến nghị đã được người khác sửa…" in conflict
    assert "Trả lời A" in conflict and "Trả lời B" in conflict
    assert page.select_one("form.issue-form input[name=version]")["value"] == "2"
    assert page.select_one("#f-answer").get_text() == "Trả lời B"  # the user's text is kept
    assert store.get_issue(connect(app.config["DATABASE"]), issue.id).answer == "Trả lời A"


def test_link_a_suggestion_with_a_note_then_unlink(editor, app):
    issue = new_issue(app)
    page = soup(editor.get(f"/kien-nghi/{issue.id}"))
    suggestion = page.select_one('li.suggestion[data-key="168/2024/NĐ-CP#dieu-12"]')
    assert suggestion is not None and "Liên kết" in suggestion.select_one("button").get_text()
    data = {**form_data(suggestion.select_one("form.link-form")), "note": "Điểm về lòng đường"}
    response = editor.post(f"/kien-nghi/{issue.id}/lien-ket", data=data)
    assert response.status_code == 302
    page = soup(editor.get(f"/kien-nghi/{issue.id}"))
    item = page.select_one("ul.link-list li.link")
    assert item.select_one("a")["href"] == "/van-ban/168-2024-nd-cp/dieu-12"
    assert item.select_one(".badge").get_text() == "Còn hiệu lực"
    assert "Điểm về lòng đường" in item.get_text()
    assert "Đã liên kết" in page.select_one(
        'li.suggestion[data-key="168/2024/NĐ-CP#dieu-12"]').get_text()
    article = soup(editor.get("/van-ban/168-2024-nd-cp/dieu-12"))
    linked = article.select_one(".register-linked")
    assert linked is not None and STREET in linked.get_text()

    unlink = item.select_one("form")
    editor.post(unlink["action"], data=form_data(unlink))
    page = soup(editor.get(f"/kien-nghi/{issue.id}"))
    assert page.select_one("ul.link-list") is None
    trail = page.select_one("table.audit-trail").get_text()
    assert "Liên kết" in trail and "Bỏ liên kết" in trail


def test_amended_provision_is_flagged_on_the_issue_page(editor, app):
    issue = new_issue(app, "Thủ tục mở rộng cụm công nghiệp")
    editor.post(f"/kien-nghi/{issue.id}/lien-ket", data={
        "csrf_token": csrf(editor, "/kien-nghi"), "key": "32/2024/NĐ-CP#dieu-8.khoan-2"})
    item = soup(editor.get(f"/kien-nghi/{issue.id}")).select_one("ul.link-list li.link")
    assert item.select_one(".badge").get_text() == "Thẩm quyền được phân định lại"
    assert "139/2025/NĐ-CP#dieu-12" in item.select_one(".amending").get_text()
    assert "khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP ngày 15/3/2024" in item.get_text()


def test_list_filters_and_accent_free_search(editor, app):
    survey = store.create_survey(connect(app.config["DATABASE"]), "Đợt 1")
    new_issue(app, field="thương mại", locality="Vĩnh Châu", survey_id=survey.id)
    new_issue(app, "Thiếu cán bộ chuyên trách", field="tổ chức, cán bộ", locality="Trần Đề")

    def titles(**params):
        page = soup(editor.get("/kien-nghi", query_string=params))
        return [a.get_text() for a in page.select("table.issues td a")]

    assert titles(q="lan chiem long duong") == [STREET]
    assert titles(linh_vuc="tổ chức, cán bộ") == ["Thiếu cán bộ chuyên trách"]
    assert titles(dia_phuong="Vĩnh Châu") == [STREET]
    assert titles(khao_sat=str(survey.id)) == [STREET]
    assert titles(trang_thai="da_tra_loi") == []
    options = soup(editor.get("/kien-nghi")).select("#dia_phuong option")
    assert [o.get_text() for o in options] == ["Tất cả", "Trần Đề", "Vĩnh Châu"]


def test_survey_exports_docx_and_csv(editor, app):
    from register.export import docx_text

    conn = connect(app.config["DATABASE"])
    survey = store.create_survey(conn, "Khảo sát Đoàn 1", team="Đoàn 1")
    issue = new_issue(app, survey_id=survey.id, answer="Áp dụng Điều 12.")
    editor.post(f"/kien-nghi/{issue.id}/lien-ket", data={
        "csrf_token": csrf(editor, "/kien-nghi"), "doc_number": "32/2024/NĐ-CP",
        "article": "8", "note": "thẩm quyền"})
    text = docx_text(editor.get(f"/khao-sat/{survey.id}/xuat.docx").data)
    assert "Đợt khảo sát: Khảo sát Đoàn 1" in text and "Áp dụng Điều 12." in text
    assert "Điều 8 Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ (thẩm quyền)" in text
    raw = editor.get(f"/khao-sat/{survey.id}/xuat.csv").data
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã,Tiêu đề,Nội dung,Lĩnh vực")
    assert STREET in lines[1] and "Điều 8 Nghị định số 32/2024/NĐ-CP" in lines[1]
    selection = editor.get("/kien-nghi/xuat", query_string={"id": issue.id, "dinh_dang": "csv"})
    assert selection.data.decode("utf-8-sig").splitlines()[1:] == lines[1:]


def test_the_review_asks_for_the_survey_date_when_the_report_gives_none(app, client):
    login(client, app, "bientap2", "editor")
    response = client.post("/khao-sat/nhap", data={
        "csrf_token": csrf(client, "/khao-sat/nhap"), "action": "de-xuat",
        "report_text": "Khó khăn, vướng mắc: chợ xã xuống cấp; thiếu vốn sửa chợ."})
    assert "hãy nhập ngày" in soup(response).select_one(".ask").get_text()
