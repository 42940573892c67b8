"""What officers see on the pages: the original file, honest highlights and counts, the
clause a reference leads to, one date format, readable labels and CLI help."""

from __future__ import annotations

from bs4 import BeautifulSoup
from click.testing import CliRunner
from register_helpers import login

from cli import main
from register import store
from web.db import connect


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_each_document_page_offers_its_original_file(client, shared_corpus):
    page = soup(client.get("/van-ban/32-2024-nd-cp"))
    link = page.select_one("a.original")
    assert link is not None and "(.docx)" in link.get_text()
    response = client.get(link["href"])
    assert response.status_code == 200
    original = shared_corpus / "nd-32-2024-quan-ly-phat-trien-cum-cong-nghiep.docx"
    assert response.data == original.read_bytes()
    assert "nd-32-2024-quan-ly-phat-trien-cum-cong-nghiep.docx" in response.headers[
        "Content-Disposition"]


def test_facets_count_documents_not_articles(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "thương mại"}))
    counts = {li.a.get_text(): int(li.select_one(".count").get_text())
              for li in page.select(".facet li")}
    assert counts.get("Luật") == 1  # the knowledge base holds one law, however many articles


def test_words_that_match_nothing_are_named(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "xyzzy quokka ngân hà"}))
    message = page.select_one(".message").get_text()
    assert "Không tìm thấy: xyzzy, quokka" in message and "kết quả cho: ngân hà" in message


def test_common_syllables_alone_are_not_highlighted(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "bán hàng trên vỉa hè"}))
    marked = [m.get_text().lower() for m in page.select("ol.hits .snippet mark")]
    assert marked and "trên" not in marked and "hàng" not in marked
    assert any("vỉa hè" in m for m in marked)


def test_a_clause_reference_banner_names_the_clause(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "khoản 2 điều 8 nđ 32/2024"}))
    banner = page.select_one(".target-link")
    assert banner.get_text().startswith("Khoản 2 Điều 8 Nghị định 32/2024/NĐ-CP")
    assert banner["href"].endswith("/dieu-8.khoan-2")


def test_relation_rows_keep_their_spaces(client):
    text = soup(client.get("/van-ban/32-2024-nd-cp")).select_one("section.relations").get_text()
    assert "NĐ-CP(" not in text and "CP (tại" in text


def test_register_dates_are_day_month_year(client, app):
    conn = connect(app.config["DATABASE"])
    issue = store.create_issue(conn, {"title": "Chợ xuống cấp"}, "canbo")
    conn.close()
    login(client, app, "canbo", "editor")
    page = client.get(f"/kien-nghi/{issue.id}").get_data(as_text=True)
    day = issue.updated_at[:10]
    y, m, d = (int(x) for x in day.split("-"))
    assert f"{d}/{m}/{y}" in page and day not in page


def test_cli_help_is_in_whole_sentences():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "…" not in result.output
    assert "Nạp corpus mặc định (khi chưa có chỉ mục hoặc corpus đổi) rồi" in result.output



def _first_form(doc):
    """Return the first report form's table of a document's first annex."""
    from web.docview import text_blocks

    tables = [b for b in text_blocks(doc.annexes[0].full_text()) if b.kind == "table"]
    return next(t for t in tables if t.rows[0][0] == "TT")


def test_the_report_forms_of_14_2024_are_tables_from_pdf_and_word(shared_formats):
    from ingest.pipeline import load_path

    for name in ("tt-14-2024.pdf", "tt-14-2024.docx"):
        (doc,) = load_path(shared_formats / name)
        form = _first_form(doc)
        assert form.rows[0] == ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"), name
        assert all(len(row) == 5 for row in form.rows), name
        units = [row[2] for row in form.rows]
        assert "Triệu đồng/người/tháng" in units, name  # the cell's broken word rejoined


def test_annex_tables_are_shown_as_html_tables(client):
    page = soup(client.get("/van-ban/14-2024-tt-bct"))
    headers = [[th.get_text() for th in t.select("tr:first-child th")]
               for t in page.select("table.doc-table")]
    assert ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"] in headers


def test_a_document_named_but_not_held_has_a_page(client):
    page = soup(client.get("/van-ban/60-2024-nd-cp"))
    assert "60/2024/NĐ-CP — chưa có trong cơ sở dữ liệu" in page.h1.get_text()
    sources = [a.get_text() for a in page.select("section.relations a")]
    assert any("139/2025/NĐ-CP" in s for s in sources)
    assert page.select("section.relations blockquote")  # the sentences that say so


def test_a_search_for_its_number_leads_to_that_page(client):
    page = soup(client.get("/tim-kiem", query_string={"q": "nghị định 60/2024"}))
    link = page.select_one("a.absent-link")
    assert link is not None and link["href"] == "/van-ban/60-2024-nd-cp"
    assert client.get("/van-ban/99-2099-nd-cp").status_code == 404  # nobody names it


def test_the_register_links_to_a_provision_not_yet_held(client, app):
    from register_helpers import token_for

    headers = token_for(app, "bientap", "editor")
    issue = client.post("/api/issues", json={"title": "Quản lý chợ hạng 3"},
                        headers=headers).get_json()
    made = client.post(f"/api/issues/{issue['id']}/links",
                       json={"key": "Nghị định 60/2024/NĐ-CP#dieu-5"}, headers=headers)
    assert made.status_code == 201, made.get_json()
    links = client.get(f"/api/issues/{issue['id']}", headers=headers).get_json()["links"]
    assert links[0]["provision_key"] == "60/2024/NĐ-CP#dieu-5"
    assert links[0]["present"] is False and "chưa có" in links[0]["message"]
