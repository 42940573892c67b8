"""The web app through Flask's test client, over the session index of ../shared/corpus."""

from __future__ import annotations

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES
from register_helpers import follow_job

from web import accounts
from web.app import create_app
from web.auth import api_auth
from web.db import connect

MARKUP_DOC = FIXTURES / "web" / "nghi-dinh-thu-nghiem-markup.txt"
XSS = "<script>alert(1)</script>"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def add_user(app, name: str, role: str, password: str = "mat-khau-123") -> str:
    conn = connect(app.config["DATABASE"])
    accounts.add_user(conn, name, role, password)
    conn.close()
    return password


def csrf_from(client, url: str = "/dang-nhap") -> str:
    page = soup(client.get(url))
    return page.select_one("input[name=csrf_token]")["value"]


def login(client, app, name: str, role: str):
    password = add_user(app, name, role)
    token = csrf_from(client)
    response = client.post("/dang-nhap", data={"name": name, "password": password,
                                                "csrf_token": token})
    assert response.status_code == 302
    return response


# --- highlighting -------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "text", "marked"), [
    ("via he", "Bán hàng trên vỉa hè.", ["vỉa hè"]),
    ("bán hàng", "Bán hàng rong; bàn trượt", ["Bán hàng"]),  # accented: bàn is another word
    ("hoà giải", "thủ tục hòa giải", ["hòa giải"]),  # old and new tone placement
    ("điều 12 chợ", "Điều 12 về chợ", ["chợ"]),  # reference words are not content
])
def test_highlight_marks_query_words(query, text, marked):
    from web.highlight import highlight, query_terms

    html = str(highlight(text, query_terms(query)))
    assert re.findall(r"<mark>(.*?)</mark>", html) == marked


def test_highlight_escapes_the_text_first():
    from web.highlight import highlight, query_terms

    html = str(highlight('<b onclick="x">chợ</b>', query_terms("cho")))
    assert html == '&lt;b onclick=&#34;x&#34;&gt;<mark>chợ</mark>&lt;/b&gt;'


# --- search -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["bán hàng trên vỉa hè", "ban hang tren via he"])
def test_street_trading_query_lands_on_article_12_of_decree_168(client, query):
    page = soup(client.get("/tim-kiem", query_string={"q": query}))
    first = page.select_one("ol.hits li.hit h2 a")
    assert first["href"].startswith("/van-ban/168-2024-nd-cp/dieu-12")
    assert "Điều 12" in first.get_text()
    assert page.select_one("ol.hits li.hit .snippet mark") is not None


def test_article_reference_is_offered_as_a_direct_target(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "điều 12 nghị định 168/2024"}))
    link = page.select_one(".target-box a")
    assert link["href"] == "/van-ban/168-2024-nd-cp/dieu-12"


def test_filters_show_counts_and_narrow_the_results(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "cụm công nghiệp"}))
    groups = {g.h2.get_text(): g for g in page.select(".facet")}
    assert "Loại văn bản" in groups
    links = groups["Loại văn bản"].select("li")
    circular = next(li for li in links if "Thông tư" in li.a.get_text())
    count = int(circular.select_one(".count").get_text())
    filtered = soup(client.get(circular.a["href"]))
    docs = [p.get_text() for p in filtered.select(".hit-doc")]
    assert docs and all("Thông tư" in d for d in docs)
    # the facet counts documents: as many as the filtered results come from
    hits = client.get("/api/search", query_string={"q": "cụm công nghiệp", "loai": "Thông tư",
                                                   "limit": 100}).get_json()["hits"]
    assert count == len({h["doc_id"] for h in hits})


def test_pagination_links_keep_the_query(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "cụm công nghiệp"}))
    nxt = page.select_one(".pager a[rel=next]")
    assert nxt is not None and "trang=2" in nxt["href"] and "q=" in nxt["href"]
    second = soup(client.get(nxt["href"]))
    assert second.select_one("ol.hits")["start"] == "11"


def test_nothing_found_explains_and_suggests(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "xyzqwv"}))
    assert "Không tìm thấy" in page.get_text()
    assert page.select_one(".message") is not None


def test_query_markup_is_shown_as_text_everywhere(client):
    for url in ("/tim-kiem", "/van-ban/168-2024-nd-cp/dieu-12"):
        body = client.get(url, query_string={"q": XSS}).get_data(as_text=True)
        assert XSS not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    data = client.get("/api/search", query_string={"q": XSS}).get_json()
    assert data["query"] == XSS  # JSON carries it as a string, never as HTML


def test_search_page_works_without_javascript(client):
    page = soup(client.get("/"))
    form = page.select_one("form[role=search]")
    assert form["method"] == "get" and form.select_one("input[name=q]") is not None


# --- documents --------------------------------------------------------------------------


def test_document_page_metadata_contents_and_anchors(client):
    page = soup(client.get("/van-ban/32-2024-nd-cp"))
    meta = page.select_one("dl.meta").get_text(" ", strip=True)
    for text in ("32/2024/NĐ-CP", "Nghị định", "Chính phủ", "15/3/2024", "1/5/2024",
                 "Trần Hồng Hà"):
        assert text in meta
    toc_targets = [a["href"] for a in page.select(".toc a")]
    assert "#dieu-8" in toc_targets and "#chuong-i" in toc_targets
    for anchor in toc_targets:
        assert page.find(id=anchor[1:]) is not None, anchor
    assert page.find(id="dieu-8.khoan-2") is not None
    assert len(page.select("section.pv-dieu")) == 38


def test_basis_lines_link_documents_in_the_base(client):
    page = soup(client.get("/van-ban/14-2024-tt-bct"))
    links = [a["href"] for a in page.select(".basis a")]
    assert "/van-ban/32-2024-nd-cp" in links


def test_relations_panel_both_ways(client):
    amended = soup(client.get("/van-ban/14-2024-tt-bct"))
    labels = {g.summary.select_one(".rel-label").get_text(): g
              for g in amended.select(".rel-group")}
    inbound = next(g for label, g in labels.items() if "bởi" in label)
    assert any(a["href"].startswith("/van-ban/38-2025-tt-bct")
               for a in inbound.select("a"))
    amending = soup(client.get("/van-ban/38-2025-tt-bct"))
    assert any("/van-ban/14-2024-tt-bct" in a["href"] for a in amending.select(".relations a"))


def test_annexes_are_shown_apart_from_the_body(client):
    page = soup(client.get("/van-ban/14-2024-tt-bct"))
    annexes = page.select(".annexes section.pv-phu-luc")
    assert len(annexes) == 2
    assert not page.select(".annexes section.pv-dieu")  # form lines are not articles


def test_permalink_opens_the_article_with_terms_highlighted(client):
    page = soup(client.get("/van-ban/168-2024-nd-cp/dieu-12",
                           query_string={"q": "ban hang tren via he"}))
    marks = [m.get_text().lower() for m in page.select(".doc-text mark")]
    assert any("vỉa hè" in m for m in marks)
    assert page.select_one(".cite-text").get_text().startswith("Điều 12 Nghị định số 168/2024")
    assert page.select_one("section.pv-dieu")["id"] == "dieu-12"


def test_clause_permalink_marks_the_clause_and_cites_it(client):
    page = soup(client.get("/van-ban/32-2024-nd-cp/dieu-8.khoan-2"))
    target = page.select_one(".target")
    assert target["id"] == "dieu-8.khoan-2"
    assert page.select_one(".cite-text").get_text() == (
        "khoản 2 Điều 8 Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ")


def test_unknown_document_and_provision_are_vietnamese_404s(client):
    for url in ("/van-ban/khong-co", "/van-ban/32-2024-nd-cp/dieu-999"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Không" in soup(response).select_one(".error-page").get_text()


def test_print_views(client):
    for url in ("/in/van-ban/32-2024-nd-cp", "/van-ban/32-2024-nd-cp/dieu-8?in=1"):
        page = soup(client.get(url))
        assert "print-view" in page.body["class"]


def test_about_page_lists_every_document_with_counts(client, web_library):
    page = soup(client.get("/gioi-thieu"))
    rows = page.select("table.docs tbody tr")
    assert len(rows) == len(web_library.kb.documents())
    row = next(r for r in rows if "32/2024/NĐ-CP" in r.get_text())
    assert row.select("td.num")[0].get_text() == "38"


# --- API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["chợ", "ban hang tren via he", "khoản 2 điều 8 nđ 32/2024"])
def test_api_search_returns_exactly_the_cli_json(client, kb_home, query):
    from click.testing import CliRunner

    from cli.main import main

    cli = CliRunner().invoke(main, ["search", query, "--json", "--limit", "5",
                                    "--home", str(kb_home)])
    assert cli.exit_code == 0, cli.output
    api = client.get("/api/search", query_string={"q": query, "limit": 5}).get_json()
    assert api == json.loads(cli.output)
    assert api["hits"] and len(api["hits"]) <= 5


def test_api_search_errors_are_json(client):
    for params in ({}, {"q": "chợ", "limit": "abc"}):
        response = client.get("/api/search", query_string=params)
        assert response.status_code == 400
        assert response.get_json()["status"] == 400


def test_api_document_has_provisions_with_status_and_relations(client):
    data = client.get("/api/documents/14-2024-tt-bct").get_json()
    assert data["number"] == "14/2024/TT-BCT"
    article = next(p for p in data["body"] if p["path"] == "dieu-3")
    assert article["status"] == "amended"
    assert all("status" in child for child in article["children"])
    rel = data["relations"]
    assert any(r["type"] == "amends" and r["direction"] == "in" for r in rel)
    assert {"type", "direction", "source_key", "target_number", "target_key",
            "evidence"} <= set(rel[0])


def test_api_unknown_paths_are_json_404(client):
    for url in ("/api/documents/khong-co", "/api/khong-co"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["status"] == 404


def test_healthz(client, web_library):
    assert client.get("/healthz").get_json() == {
        "status": "ok", "documents": len(web_library.kb.documents())}


def _token_app(tmp_path, kb_home, web_library):
    app = create_app({"TESTING": True, "HOME": tmp_path / "t", "KB": web_library,
                      "KB_HOME": kb_home, "SECRET_KEY": "t"})

    @app.route("/api/_write", methods=["POST"])
    @api_auth("editor")
    def _write():
        return {"ok": True}
    return app


def test_api_auth_401_403_and_no_cookie_authentication(tmp_path, kb_home, web_library):
    app = _token_app(tmp_path, kb_home, web_library)
    conn = connect(app.config["DATABASE"])
    for name, role in (("xem", "viewer"), ("sua", "editor")):
        accounts.add_user(conn, name, role, "mat-khau-123")
    viewer, editor = accounts.create_token(conn, "xem"), accounts.create_token(conn, "sua")
    conn.close()
    client = app.test_client()
    for token, status in [(None, 401), ("pq_sai", 401), (viewer, 403), (editor, 200)]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.post("/api/_write", headers=headers)
        assert response.status_code == status and response.is_json
    login(client, app, "sep", "admin")  # a logged-in browser session is not an API token
    assert client.post("/api/_write").status_code == 401


# --- sessions, CSRF, upload ---------------------------------------------------------------


def test_post_without_csrf_token_is_refused(client, app):
    add_user(app, "lan", "editor")
    response = client.post("/dang-nhap", data={"name": "lan", "password": "mat-khau-123"})
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    assert client.get("/tai-len").status_code == 302  # still not logged in


def test_login_wrong_password_then_right_then_logout(client, app):
    add_user(app, "lan", "viewer")
    token = csrf_from(client)
    bad = client.post("/dang-nhap", data={"name": "lan", "password": "sai", "csrf_token": token})
    assert bad.status_code == 401 and "không đúng" in bad.get_data(as_text=True)
    token = csrf_from(client)
    ok = client.post("/dang-nhap?next=/gioi-thieu",
                     data={"name": "lan", "password": "mat-khau-123", "csrf_token": token,
                           "next": "/gioi-thieu"})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/gioi-thieu")
    assert "lan" in client.get("/").get_data(as_text=True)
    out = client.post("/dang-xuat", data={"csrf_token": csrf_from(client, "/")})
    assert out.status_code == 302
    assert "Đăng nhập" in client.get("/").get_data(as_text=True)


def test_login_never_redirects_to_another_site(client, app):
    add_user(app, "lan", "viewer")
    token = csrf_from(client)
    response = client.post("/dang-nhap", data={"name": "lan", "password": "mat-khau-123",
                                               "csrf_token": token, "next": "//evil.example"})
    assert "evil" not in response.headers["Location"]


def test_anonymous_and_viewer_uploads_are_refused(client, app, web_library):
    before = len(web_library.kb.documents())
    assert client.get("/tai-len").headers["Location"].startswith("/dang-nhap")
    token = csrf_from(client)
    data = {"csrf_token": token, "files": (MARKUP_DOC.open("rb"), MARKUP_DOC.name)}
    response = client.post("/tai-len", data=data, content_type="multipart/form-data")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    login(client, app, "xem", "viewer")
    assert client.get("/tai-len").status_code == 403
    assert len(web_library.kb.documents()) == before


def _upload(client, files, **meta):
    token = csrf_from(client, "/tai-len")
    data = {"csrf_token": token, "files": files, **meta}
    response = client.post("/tai-len", data=data, content_type="multipart/form-data")
    return follow_job(client, response) if response.status_code == 303 else response


def test_editor_upload_is_parsed_indexed_and_reported_per_file(writable_app):
    client = writable_app.test_client()
    login(client, writable_app, "bien-tap", "editor")
    files = [(io.BytesIO(MARKUP_DOC.read_bytes()), "../../ngoai/thu-nghiem.txt"),
             (io.BytesIO(b"\x00\x01\x02binary junk" * 50), "hong.pdf")]
    page = soup(_upload(client, files))
    reports = {li.strong.get_text(): li for li in page.select(".upload-report li")}
    assert "report-ok" in reports["../../ngoai/thu-nghiem.txt"]["class"]
    assert "nội dung không khớp với đuôi tệp" in reports["hong.pdf"].get_text()
    stored = list((writable_app.config["UPLOAD_FOLDER"]).iterdir())
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{16}-thu-nghiem\.txt", stored[0].name)
    hits = soup(client.get("/tim-kiem", query_string={"q": "quầy hàng lưu động chợ phiên"}))
    assert hits.select_one("ol.hits a")["href"].startswith("/van-ban/07-2099-nd-cp/")


def test_document_markup_is_shown_as_text(writable_app):
    client = writable_app.test_client()
    login(client, writable_app, "bien-tap", "editor")
    _upload(client, [(io.BytesIO(MARKUP_DOC.read_bytes()), "markup.txt")])
    for url in ("/van-ban/07-2099-nd-cp", "/van-ban/07-2099-nd-cp/dieu-2?q=lấn chiếm"):
        page = client.get(url)
        body = page.get_data(as_text=True)
        parsed = soup(page)
        assert not parsed.select(".doc-text script, .doc-text img, .doc-text b")
        assert "&lt;script&gt;" in body or "&lt;img" in body
    data = client.get("/api/documents/07-2099-nd-cp").get_json()
    assert "<b>không được in đậm</b>" in data["title"]


def test_upload_metadata_becomes_the_documents_metadata(writable_app):
    client = writable_app.test_client()
    login(client, writable_app, "bien-tap", "editor")
    text = "Điều 1. Phạm vi\nQuy định về chợ đêm thử nghiệm.\n\nĐiều 2. Hiệu lực\nThi hành.\n"
    response = _upload(client, [(io.BytesIO(text.encode()), "cho-dem.txt")],
                       number="15/KH-UBND", doc_type="Kế hoạch", issuer="Ủy ban nhân dân xã",
                       issued="2025-09-01")
    assert "đã nạp" in response.get_data(as_text=True)
    doc = client.get("/api/documents/15-kh-ubnd").get_json()
    assert (doc["number"], doc["doc_type"], doc["issued"]) == (
        "15/KH-UBND", "Kế hoạch", "2025-09-01")


def test_oversized_upload_gets_a_friendly_413(tmp_path, kb_home, web_library):
    app = create_app({"TESTING": True, "HOME": tmp_path / "h", "KB": web_library,
                      "KB_HOME": kb_home, "SECRET_KEY": "s", "MAX_CONTENT_LENGTH": 1024})
    client = app.test_client()
    login(client, app, "bien-tap", "editor")
    response = _upload(client, [(io.BytesIO(b"a" * 4096), "lon.txt")])
    assert response.status_code == 413
    assert "vượt quá giới hạn" in response.get_data(as_text=True)


# --- app factory and errors -----------------------------------------------------------------


def test_secret_key_is_generated_once_and_kept(tmp_path, kb_home, web_library):
    config = {"HOME": tmp_path / "home", "KB": web_library, "KB_HOME": kb_home,
              "SECRET_KEY": ""}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    key_file = tmp_path / "home" / "secret_key"
    assert first == second and len(first) >= 32
    assert key_file.stat().st_mode & 0o077 == 0


def test_unexpected_errors_show_no_traceback(tmp_path, kb_home, web_library):
    app = create_app({"HOME": tmp_path / "h", "KB": web_library, "KB_HOME": kb_home,
                      "SECRET_KEY": "s"})

    @app.route("/loi")
    def _boom():
        raise RuntimeError("secret internals")
    response = app.test_client().get("/loi")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Lỗi hệ thống" in body and "secret internals" not in body and "Traceback" not in body


def test_pages_are_gzipped_for_clients_that_accept_it(client):
    response = client.get("/van-ban/32-2024-nd-cp", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    import gzip

    assert "Điều 8" in gzip.decompress(response.data).decode()


# --- serve: corpus sync and the production server ------------------------------------------


def _kb(home):
    from search import open_knowledge_base

    return open_knowledge_base(home)


def test_corpus_sync_indexes_new_changed_and_removed_files(tmp_path):
    from web.corpus import sync_corpus

    corpus, home = tmp_path / "corpus", tmp_path / "home"
    corpus.mkdir()
    doc = corpus / "nd-7-2099.txt"
    doc.write_bytes(MARKUP_DOC.read_bytes())
    (corpus / "hong.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    lines: list[str] = []
    kb = _kb(home)
    first = sync_corpus(kb, [corpus], home, max_bytes=2**20, echo=lines.append)
    assert first.rebuilt and [d.doc_id for d in kb.documents()] == ["07-2099-nd-cp"]
    assert len(first.failed) == 1 and any("hong.pdf" in line for line in lines)
    again = sync_corpus(kb, [corpus], home, max_bytes=2**20, echo=lines.append)
    assert not again.loaded and again.unchanged == 1
    doc.write_text(MARKUP_DOC.read_text(encoding="utf-8").replace("chợ phiên", "chợ đêm"),
                   encoding="utf-8")
    changed = sync_corpus(kb, [corpus], home, max_bytes=2**20, echo=lines.append)
    assert len(changed.loaded) == 1
    assert kb.search("chợ đêm").hits[0].doc_id == "07-2099-nd-cp"
    doc.unlink()
    gone = sync_corpus(kb, [corpus], home, max_bytes=2**20, echo=lines.append)
    assert gone.removed == ["07-2099-nd-cp"] and kb.documents() == []


def test_serve_ingests_the_corpus_then_runs_waitress(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from click.testing import CliRunner

    import web.serving
    from cli.main import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "nd-7-2099.txt").write_bytes(MARKUP_DOC.read_bytes())
    served = {}

    def fake_server(app, **kw):
        served.update(app=app, **kw)
        return SimpleNamespace(run=lambda: None)

    monkeypatch.setattr(web.serving, "make_server", fake_server)
    result = CliRunner(env={"PHAPQUY_CORPUS": str(corpus)}).invoke(
        main, ["serve", "--home", str(tmp_path / "home"), "--port", "5077"])
    assert result.exit_code == 0, result.output
    assert "07/2099/NĐ-CP" in result.output and "Đã nạp 1 văn bản" in result.output
    assert served["port"] == 5077 and served["host"] == "127.0.0.1"
    assert served["per_client"] == 50 and served["channel_timeout"] == 20
    health = served["app"].test_client().get("/healthz").get_json()
    assert health == {"status": "ok", "documents": 1}


def test_officers_post_names_reach_the_roles_legal_texts_name(client):
    # "phó chủ tịch ký thay chủ tịch" is "cấp phó ký thay cấp trưởng" in Điều 13 30/2020/NĐ-CP
    data = client.get("/api/search?q=phó chủ tịch ký thay chủ tịch ủy ban&limit=3").get_json()
    assert data["hits"][0]["key"] == "30/2020/NĐ-CP#dieu-13"


@pytest.mark.parametrize(("query", "key"), [
    ("văn bản điện tử là gì", "30/2020/NĐ-CP#dieu-3"),
    ("Cụm công nghiệp là gì?", "32/2024/NĐ-CP#dieu-2"),
    ("cơ sở công nghiệp nông thôn được hiểu như thế nào", "45/2012/NĐ-CP#dieu-2"),
    ("thế nào là văn bản điện tử", "30/2020/NĐ-CP#dieu-3"),
    ("khái niệm cụm công nghiệp", "32/2024/NĐ-CP#dieu-2"),
])
def test_what_a_term_means_is_answered_by_the_article_defining_it(client, query, key):
    data = client.get("/api/search", query_string={"q": query, "limit": 3}).get_json()
    assert data["hits"][0]["key"] == key


def test_the_citation_checker_page_reports_a_provision_the_document_lacks(client):
    """An article number past the end of a held decree is shown as such, linked to the
    document, not to a page of a provision that does not exist."""
    token = csrf_from(client, "/kiem-tra-trich-dan")
    page = soup(client.post("/kiem-tra-trich-dan", data={
        "csrf_token": token, "ngay": "01/12/2025",
        "draft": "Theo Điều 99 Nghị định số 45/2012/NĐ-CP về khuyến công."}))
    (item,) = page.select("li.check")
    assert "Không có trong văn bản" in item.select_one(".check-head").get_text()
    assert "không có Điều 99" in item.select_one(".advice").get_text()
    assert item.select_one(".check-head a")["href"].endswith("/van-ban/45-2012-nd-cp")
