"""Links survive re-ingesting and rebuilding; a vanished or newly amended provision shows so."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from register_helpers import csrf, login, soup

from ingest.pipeline import load_path, load_paths, parse_text
from register import store
from register.export import docx_text
from register.links import MISSING_PROVISION
from web.db import connect
from web.knowledge import EXTENSION

AMENDING = FIXTURES / "register" / "tt-98-2025-sua-doi-tt-14.txt"


@pytest.fixture
def editor(writable_app):
    client = writable_app.test_client()
    login(client, writable_app, "bientap", "editor")
    return client


def _issue(app, title="Bán hàng trên lòng đường"):
    conn = connect(app.config["DATABASE"])
    issue = store.create_issue(conn, {"title": title}, "canbo")
    conn.close()
    return issue


def _link(client, issue_id: int, **form) -> None:
    response = client.post(f"/kien-nghi/{issue_id}/lien-ket",
                           data={"csrf_token": csrf(client, "/kien-nghi"), **form})
    assert response.status_code == 302


def _links(client, issue_id: int):
    return soup(client.get(f"/kien-nghi/{issue_id}")).select("ul.link-list li.link")


def test_link_survives_reingest_and_rebuild(editor, writable_app, shared_corpus):
    issue = _issue(writable_app)
    _link(editor, issue.id, key="168/2024/NĐ-CP#dieu-12", note="lòng đường")
    library = writable_app.extensions[EXTENSION]
    docs = load_paths([shared_corpus]).documents  # re-ingest the corpus from its files
    library.add([d for d in docs if d.number == "168/2024/NĐ-CP"])  # replace one document
    library.kb.rebuild(docs)  # and rebuild the whole index from scratch
    items = _links(editor, issue.id)
    assert len(items) == 1
    assert items[0].select_one("a")["href"] == "/van-ban/168-2024-nd-cp/dieu-12"
    assert "lòng đường" in items[0].get_text()
    assert library.kb.provision("168/2024/NĐ-CP#dieu-12") is not None


def test_provision_gone_from_a_new_version_is_shown_not_dropped(editor, writable_app):
    library = writable_app.extensions[EXTENSION]
    library.add(load_path(AMENDING))
    issue = _issue(writable_app, "Chế độ báo cáo cụm công nghiệp")
    _link(editor, issue.id, key="98/2025/TT-BCT#dieu-2")
    text = AMENDING.read_text(encoding="utf-8")
    shorter = text[: text.index("Điều 2. Hiệu lực")] + text[text.index("BỘ TRƯỞNG"):]
    library.add([parse_text(shorter, filename=AMENDING.name)])  # new version without Điều 2
    items = _links(editor, issue.id)
    assert len(items) == 1
    assert MISSING_PROVISION in items[0].get_text().lower()
    assert items[0].select_one("a") is None  # no permalink to a provision that is gone
    assert "Điều 2 Thông tư số 98/2025/TT-BCT" in items[0].get_text()  # from the snapshot
    exported = docx_text(editor.get(f"/kien-nghi/{issue.id}/xuat.docx").data)
    assert MISSING_PROVISION in exported


def test_newly_ingested_amendment_flags_the_link_for_review(editor, writable_app):
    issue = _issue(writable_app, "Đối tượng báo cáo cụm công nghiệp")
    _link(editor, issue.id, key="14/2024/TT-BCT#dieu-2")
    before = _links(editor, issue.id)[0]
    assert before.select_one(".badge").get_text() == "Còn hiệu lực"
    assert "Cần xem lại" not in before.get_text()

    writable_app.extensions[EXTENSION].add(load_path(Path(AMENDING)))
    after = _links(editor, issue.id)[0]
    assert "needs-review" in after["class"]
    assert "Cần xem lại" in after.get_text()
    assert after.select_one(".badge").get_text() == "Được sửa đổi, bổ sung"
    amending = after.select_one(".amending").get_text()
    assert "98/2025/TT-BCT#dieu-1" in amending
    assert "Ủy ban nhân dân cấp xã báo cáo tình hình cụm công nghiệp" in amending

    listed = soup(editor.get("/kien-nghi", query_string={"xem_lai": "1"}))
    assert [a.get_text() for a in listed.select("table.issues td a")] == [issue.title]
    assert "Cần xem lại" in listed.select_one("table.issues td .flag").get_text()


def test_a_link_to_a_clause_or_a_point_by_number(kb_home):
    from register.links import provision_path, resolve_key
    from search import open_knowledge_base

    kb = open_knowledge_base(kb_home)
    assert provision_path("8", "2", "a") == "dieu-8.khoan-2.diem-a"
    assert provision_path("12", "", "đ") == "dieu-12.diem-dd"
    key = resolve_key(kb, doc_number="168/2024/NĐ-CP", article="12", clause="1")
    assert key == "168/2024/NĐ-CP#dieu-12.khoan-1"
