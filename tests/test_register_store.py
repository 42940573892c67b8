"""The issues register's data layer: issues, versions, audit trail, search, links."""

from __future__ import annotations

import pytest

from register import db, schema, store
from register.store import Conflict, IssueFilter, NotFound, RegisterError
from web.app import migrations


@pytest.fixture
def conn(tmp_path):
    connection = db.open_database(tmp_path / "phapquy.db", migrations())
    yield connection
    connection.close()


def make(conn, title="Chợ xuống cấp", **values):
    return store.create_issue(conn, {"title": title, **values}, "canbo")


def test_migrations_are_recorded_and_run_once(tmp_path):
    first = db.open_database(tmp_path / "x.db", migrations())
    versions = db.applied_versions(first)
    assert {200, 201} <= versions
    first.close()
    again = db.open_database(tmp_path / "x.db", migrations())
    assert db.migrate(again, migrations()) == []
    again.close()


def test_create_and_read_an_issue_with_its_survey(conn):
    survey = store.create_survey(conn, "Khảo sát 9 tháng", team="Đoàn 1",
                                 localities="Kế Sách, Vĩnh Châu", actor="canbo")
    issue = make(conn, description="Chợ Kế Sách xuống cấp", survey_id=survey.id,
                 field="chợ", locality="Kế Sách")
    again = store.get_issue(conn, issue.id)
    assert again == issue
    assert (again.status, again.status_label, again.version) == ("moi", "mới", 1)
    assert again.survey_id == survey.id and again.created_by == "canbo"
    assert store.list_surveys(conn) == [(survey, 1)]


@pytest.mark.parametrize("values", [{"title": "  "}, {"title": "x", "status": "xong"},
                                    {"title": "x" * 501}, {"title": "x", "survey_id": "abc"}])
def test_invalid_values_are_refused_in_vietnamese(conn, values):
    with pytest.raises(RegisterError) as caught:
        store.create_issue(conn, values)
    assert not str(caught.value).isascii()  # a Vietnamese message


def test_update_bumps_the_version_and_keeps_an_audit_trail(conn):
    issue = make(conn)
    updated = store.update_issue(conn, issue.id, {"status": "da_tra_loi", "answer": "Đã trả lời"},
                                 issue.version, "truongphong")
    assert updated.version == 2 and updated.updated_by == "truongphong"
    trail = [(e.action, e.field, e.old_value, e.new_value, e.actor)
             for e in store.audit_of(conn, issue.id)]
    assert trail == [("create", "title", None, "Chợ xuống cấp", "canbo"),
                     ("update", "status", "moi", "da_tra_loi", "truongphong"),
                     ("update", "answer", "", "Đã trả lời", "truongphong")]


def test_two_edits_from_the_same_version_the_second_is_a_conflict(conn):
    issue = make(conn)
    store.update_issue(conn, issue.id, {"answer": "Trả lời của A"}, issue.version, "a")
    with pytest.raises(Conflict) as caught:
        store.update_issue(conn, issue.id, {"answer": "Trả lời của B"}, issue.version, "b")
    assert caught.value.current.answer == "Trả lời của A"
    assert caught.value.current.version == 2 and caught.value.sent_version == 1
    assert store.get_issue(conn, issue.id).answer == "Trả lời của A"  # nothing lost


def test_an_unchanged_save_does_not_bump_the_version(conn):
    issue = make(conn)
    assert store.update_issue(conn, issue.id, {"title": issue.title}, 1).version == 1


@pytest.fixture(params=["fts5", "like"])
def search_conn(request, tmp_path):
    """A database searched with FTS5, and one built without it (LIKE over folded text)."""
    if request.param == "fts5":
        connection = db.open_database(tmp_path / "fts.db", migrations())
        assert schema.uses_fts(connection)
    else:
        connection = db.connect(tmp_path / "like.db")
        connection.executescript(schema.TABLES + schema.PLAIN_TABLE)
        assert not schema.uses_fts(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize("query", ["lấn chiếm", "lan chiem", "LẤN CHIẾM lòng", "long duong"])
def test_full_text_search_ignores_accents_and_case(search_conn, query):
    wanted = make(search_conn, "Mua bán lấn chiếm lòng đường", field="thương mại")
    make(search_conn, "Thiếu cán bộ chuyên trách", field="tổ chức, cán bộ")
    found = store.list_issues(search_conn, IssueFilter(text=query))
    assert [i.id for i in found] == [wanted.id]


def test_search_finds_words_of_the_answer_after_an_edit(conn):
    issue = make(conn)
    store.update_issue(conn, issue.id, {"answer": "Áp dụng Nghị định 60/2024"}, 1)
    assert [i.id for i in store.list_issues(conn, IssueFilter(text="nghi dinh 60"))] == [issue.id]


def test_filters_by_status_field_locality_and_survey(conn):
    survey = store.create_survey(conn, "Đợt 1")
    a = make(conn, "A", field="chợ", locality="Kế Sách, Vĩnh Châu", survey_id=survey.id)
    b = make(conn, "B", field="chợ", locality="Trần Đề")
    c = make(conn, "C", field="cụm công nghiệp", locality="Vĩnh Châu")
    store.update_issue(conn, c.id, {"status": "chuyen_co_quan"}, 1)

    def ids(**kw):
        return {i.id for i in store.list_issues(conn, IssueFilter(**kw))}

    assert ids(field="chợ") == {a.id, b.id}
    assert ids(locality="Vĩnh Châu") == {a.id, c.id}
    assert ids(survey_id=survey.id) == {a.id}
    assert ids(status="chuyen_co_quan") == {c.id}
    assert ids(field="chợ", locality="Trần Đề") == {b.id}
    choices = store.filter_choices(conn)
    assert choices["localities"] == ["Kế Sách", "Trần Đề", "Vĩnh Châu"]
    assert choices["fields"] == ["chợ", "cụm công nghiệp"]


def test_links_are_kept_with_a_snapshot_and_listed_for_the_provision(conn):
    issue = make(conn)
    snap = {"label": "Điều 12 168/2024/NĐ-CP", "citation": "Điều 12 Nghị định số 168/2024/NĐ-CP",
            "validity": {"code": "in_force", "by": []}}
    link = store.add_link(conn, issue.id, "168/2024/NĐ-CP#dieu-12.khoan-9", note="bán hàng",
                          actor="canbo", snapshot=snap)
    assert (link.label, link.validity, link.note) == (snap["label"], snap["validity"], "bán hàng")
    with pytest.raises(RegisterError):
        store.add_link(conn, issue.id, "168/2024/NĐ-CP#dieu-12.khoan-9")
    # the article lists links to its clauses; another article with a longer number does not
    assert [i.id for i, _l in store.issues_linked_to(conn, "168/2024/NĐ-CP#dieu-12")] == [issue.id]
    assert store.issues_linked_to(conn, "168/2024/NĐ-CP#dieu-1") == []
    store.remove_link(conn, issue.id, link.id, "canbo")
    assert store.links_of(conn, issue.id) == []
    actions = [(e.action, e.old_value, e.new_value) for e in store.audit_of(conn, issue.id)][1:]
    assert actions == [("link", None, link.provision_key), ("unlink", link.provision_key, None)]


def test_missing_issue_or_link_is_not_found(conn):
    with pytest.raises(NotFound):
        store.update_issue(conn, 99, {"title": "x"}, 1)
    issue = make(conn)
    with pytest.raises(NotFound):
        store.remove_link(conn, issue.id, 12345)


def test_an_unknown_survey_is_refused_on_create_and_update(conn):
    with pytest.raises(RegisterError):
        make(conn, survey_id=42)
    issue = make(conn)
    with pytest.raises(RegisterError):
        store.update_issue(conn, issue.id, {"survey_id": 42}, issue.version)
    assert store.get_issue(conn, issue.id).version == 1
