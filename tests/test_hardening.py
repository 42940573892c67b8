"""No request can stall the server; state is fresh across processes; sessions and logins hold.

Growth is checked as a ratio of CPU times (an input 4x longer may cost at most ~8x, where a
quadratic cost is 16x), never as an absolute time.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import stat
import threading
import time
from pathlib import Path

import pytest
from register_helpers import PASSWORD, add_user, csrf, follow_job, login, soup, token_for

from ingest import references
from ingest.pipeline import load_path, load_paths
from register import importer, store
from register.export import ExportItem, export_csv
from register.records import Issue
from register.suggest import MAX_QUERY, suggestion_query
from search import open_knowledge_base
from search.store import Store


def cpu_ratio(work, small, large, repeat: int = 3) -> float:
    """Return the CPU time of work(large) over that of work(small), best of `repeat`."""
    def best(arg) -> float:
        times = []
        for _ in range(repeat):
            start = time.process_time()
            work(arg)
            times.append(time.process_time() - start)
        return max(min(times), 1e-4)
    best(small)  # warm caches
    return best(large) / best(small)


# --- 1-4: bounded work per request -------------------------------------------------------

def test_reference_parsing_grows_linearly_on_one_long_line():
    unit = "căn cứ khoản 1 Điều 2 Nghị định số 32/2024/NĐ-CP và Luật Thương mại năm 2005, "
    small, large = unit * 300, unit * 1200

    assert cpu_ratio(lambda t: references.cite(t), small, large) < 8


def test_a_one_megabyte_single_line_file_is_parsed(tmp_path):
    unit = "căn cứ khoản 1 Điều 2 Nghị định số 32/2024/NĐ-CP, "
    path = tmp_path / "mot-dong.txt"
    line = unit * (2**20 // len(unit))
    path.write_text(f"QUYẾT ĐỊNH\nĐiều 1. Phạm vi\n{line}\nĐiều 2. Hiệu lực\nThi hành.\n",
                    encoding="utf-8")
    docs = load_path(path)
    first = docs[0].articles()[0]
    assert len(first.full_text()) >= len(line.strip()) and docs[0].relations  # whole, all read


def test_survey_proposal_grows_linearly(shared):
    report = shared.joinpath("surveys", "soc-trang-khao-sat-cong-thuong-9-thang-2024.txt")
    text = report.read_text(encoding="utf-8")
    small, large = text * 5, text * 20

    assert cpu_ratio(importer.propose, small, large) < 8


def test_a_report_over_the_limit_is_refused_with_a_message(client, app):
    headers = token_for(app, "nguoixem", "viewer")
    text = "Đề nghị hỗ trợ chợ. " * (importer.MAX_REPORT_CHARS // 19 + 1)
    response = client.post("/api/surveys/propose", json={"text": text}, headers=headers)
    assert response.status_code == 413 and "ký tự" in response.json["error"]


@pytest.mark.parametrize("title", ["x" * 500, "chợ " * 300])
def test_suggestion_queries_stay_short_whatever_the_issue(title):
    issue = Issue(id=1, title=title, description="mô tả " * 5000)
    assert 0 < len(suggestion_query(issue)) <= MAX_QUERY


def test_register_search_reads_a_bounded_query(client, app):
    headers = token_for(app, "nguoixem", "viewer")
    response = client.get("/api/issues", query_string={"q": "chợ " * 30_000}, headers=headers)
    assert response.status_code == 200
    assert len(store._match_expression("chợ " * 30_000)) == store.MAX_SEARCH_WORDS


# --- 5: idle connections -----------------------------------------------------------------

def _healthz(port: int, source: str) -> bytes:
    """Return the first bytes of a /healthz answer to a client at a loopback address
    (b"" when the server closed the connection)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5,
                                  source_address=(source, 0)) as s:
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return s.recv(64)
        except ConnectionError:
            return b""


def test_half_sent_requests_from_one_client_do_not_lock_others_out(app):
    from web.serving import make_server

    server = make_server(app, host="127.0.0.1", port=0, threads=2, connection_limit=500,
                         channel_timeout=5, per_client=50)
    port = server.effective_port

    def run() -> None:
        with contextlib.suppress(OSError):  # the sockets are closed under the loop at the end
            server.run()

    threading.Thread(target=run, daemon=True).start()
    idle = []
    try:
        for _ in range(120):  # more than waitress's default limit of 100
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # never finished
            idle.append(s)
        assert _healthz(port, "127.0.0.2").startswith(b"HTTP/1.1 200")  # another client
        assert not _healthz(port, "127.0.0.1").startswith(b"HTTP/1.1 200")  # over its share
    finally:
        for s in idle:
            s.close()
        server.close()


# --- 6: a waiting upload does not hold up readers ----------------------------------------

def _upload(client, name: str, data: bytes):
    return client.post("/tai-len", data={"csrf_token": csrf(client, "/tai-len"),
                                         "files": [(io.BytesIO(data), name)]},
                       content_type="multipart/form-data")


DOC = ("NGHỊ ĐỊNH\nSố: 07/2099/NĐ-CP\n\nĐiều 1. Phạm vi\nQuy định về chợ phiên thử nghiệm.\n\n"
       "Điều 2. Hiệu lực\nNghị định này có hiệu lực từ ngày ký.\n").encode()


def test_pages_answer_while_an_upload_waits_for_the_writer_lock(writable_app):
    client = writable_app.test_client()
    login(client, writable_app, "bientap", "editor")
    held, release = threading.Event(), threading.Event()

    def hold_lock():
        with Store(writable_app.config["KB_HOME"]).writing():
            held.set()
            release.wait(30)

    locker = threading.Thread(target=hold_lock)
    locker.start()
    held.wait(10)
    try:
        started = _upload(client, "cho-phien.txt", DOC)
        assert started.status_code == 303
        job_url = started.headers["Location"]
        page = client.get("/van-ban/32-2024-nd-cp/dieu-8")  # answered while the lock is held
        assert page.status_code == 200
        assert client.get(job_url).status_code == 202  # the upload is still waiting
    finally:
        release.set()
        locker.join()
    done = follow_job(client, started)
    assert "đã nạp" in done.get_data(as_text=True)


def test_an_upload_that_cannot_get_the_lock_is_reported_and_removed(writable_app,
                                                                     monkeypatch):
    import search.store

    monkeypatch.setattr(search.store, "LOCK_WAIT_S", 0.2)
    client = writable_app.test_client()
    login(client, writable_app, "bientap", "editor")
    with Store(writable_app.config["KB_HOME"]).writing():
        page = follow_job(client, _upload(client, "cho-phien.txt", DOC))
    assert "một tiến trình khác đang ghi" in page.get_data(as_text=True)
    assert not list(Path(writable_app.config["UPLOAD_FOLDER"]).glob("*.txt"))


# --- 7-8: state across processes ----------------------------------------------------------

def test_a_write_by_another_process_is_seen_by_the_next_request(tmp_path, shared_corpus):
    from web.knowledge import Library

    files = sorted(shared_corpus.iterdir())
    old = [p for p in files if p.name.startswith("tt-14-2024")]
    new = [p for p in files if p.name.startswith("tt-38-2025")]
    assert old and new, "the shared corpus holds 14/2024/TT-BCT and 38/2025/TT-BCT"
    home = tmp_path / "kb"
    open_knowledge_base(home).rebuild(load_paths(old).documents)
    lib = Library(open_knowledge_base(home))
    assert lib.status("14/2024/TT-BCT#dieu-3").code == "in_force"
    open_knowledge_base(home).add(load_paths(new).documents)  # "another process" writes
    assert lib.status("14/2024/TT-BCT#dieu-3").code == "amended"


def test_the_same_file_uploaded_twice_is_one_document(writable_app):
    client = writable_app.test_client()
    login(client, writable_app, "bientap", "editor")
    text = "Điều 1. Phạm vi\nQuy định về chợ đêm không số hiệu.\n".encode()
    for _ in range(2):
        follow_job(client, _upload(client, "cho-dem.txt", text))
    stats = open_knowledge_base(writable_app.config["KB_HOME"]).documents()
    assert sum("chợ đêm không số hiệu" in d.body[0].full_text() for d in stats if d.body) == 1


def test_rebuild_keeps_documents_uploaded_through_the_web(writable_app, shared_corpus):
    from click.testing import CliRunner

    from cli import main

    client = writable_app.test_client()
    login(client, writable_app, "bientap", "editor")
    follow_job(client, _upload(client, "cho-phien.txt", DOC))
    home = writable_app.config["HOME"]
    (home / "index").mkdir(exist_ok=True)
    Path(writable_app.config["UPLOAD_FOLDER"], "surveys").mkdir(exist_ok=True)
    law = shared_corpus / "nd-168-2024-xu-phat-giao-thong-duong-bo.txt"
    result = CliRunner().invoke(main, ["ingest", "--rebuild", "--home", str(home), str(law)])
    assert "Kèm 1 tệp đã tải lên" in result.output, result.output
    kb = open_knowledge_base(home)
    assert kb.find_document("07/2099/NĐ-CP") is not None


def test_half_built_generations_are_removed_at_start(tmp_path, shared_corpus):
    home = tmp_path / "kb"
    kb = open_knowledge_base(home)
    kb.rebuild(load_paths([shared_corpus / "nd-168-2024-xu-phat-giao-thong-duong-bo.txt"])
               .documents)
    half = Store(home).new_generation()  # what a rebuild killed midway leaves
    (half / "_MAIN_1.toc").write_bytes(b"x" * 1000)
    assert kb.tidy() == 1 and not half.exists()
    assert kb.search("xử phạt").total > 0


# --- 9-11: sessions and logins -------------------------------------------------------------

def test_logging_out_voids_a_saved_cookie(client, app):
    login(client, app, "bientap", "editor")
    saved = client.get_cookie("session").value
    assert client.get("/kien-nghi").status_code == 200
    client.post("/dang-xuat", data={"csrf_token": csrf(client, "/kien-nghi")})
    thief = app.test_client()
    thief.set_cookie("session", saved)
    assert thief.get("/kien-nghi").status_code == 302  # back to the login page


def test_secure_cookies_setting(tmp_path, kb_home, web_library, monkeypatch):
    from conftest import _make_app

    monkeypatch.setenv("PHAPQUY_SECURE_COOKIES", "1")
    app = _make_app(tmp_path / "home", kb_home, web_library)
    client = app.test_client()
    add_user(app, "bientap", "editor")
    response = client.post("/dang-nhap", data={"name": "bientap", "password": PASSWORD,
                                               "csrf_token": csrf(client)})
    assert "Secure" in response.headers["Set-Cookie"]


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, app):
    add_user(app, "bientap", "editor")
    token = csrf(client)
    for _ in range(5):
        wrong = client.post("/dang-nhap", data={"name": "bientap", "password": "sai-sai-sai",
                                                "csrf_token": token})
        assert wrong.status_code == 401
    right = client.post("/dang-nhap", data={"name": "bientap", "password": PASSWORD,
                                            "csrf_token": token})
    assert right.status_code == 429
    assert "thử lại sau" in soup(right).select_one(".flash").get_text()


def test_an_unknown_name_costs_a_password_check_too(app, monkeypatch):
    from web import accounts
    from web.db import connect

    checked = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash",
                        lambda h, p: checked.append(h) or real(h, p))
    conn = connect(app.config["DATABASE"])
    assert accounts.authenticate(conn, "khong-co-ai", "mat-khau-123") is None
    assert checked  # the same work as for a known name: no timing tells names apart


# --- 12-14: exports, JSON, files ---------------------------------------------------------

def test_csv_cells_never_run_as_formulas():
    issue = Issue(id=1, title="=HYPERLINK(\"http://x\")", description="+1", answer="@SUM(A1)",
                  locality="-2")
    text = export_csv([ExportItem(issue, "", [])]).decode("utf-8-sig")
    for cell in ("'=HYPERLINK", "'+1", "'@SUM", "'-2"):
        assert cell in text


def test_csv_download_names_its_charset_once(client, app):
    login(client, app, "bientap", "editor")
    response = client.get("/kien-nghi/xuat", query_string={"dinh_dang": "csv"})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("body", [
    {"title": 12}, {"title": ["a"]}, {"title": "Chợ", "survey_id": 10**30},
    {"title": "Chợ", "description": {"a": 1}}, {"title": "Chợ", "survey_id": [1]},
])
def test_wrong_json_types_are_a_400(client, app, body):
    headers = token_for(app, "bientap", "editor")
    response = client.post("/api/issues", json=body, headers=headers)
    assert response.status_code == 400 and response.json["error"]


def test_deeply_nested_json_is_a_400(client, app):
    headers = {**token_for(app, "bientap", "editor"), "Content-Type": "application/json"}
    body = "[" * 100_000 + "]" * 100_000
    assert client.post("/api/issues", data=body, headers=headers).status_code == 400


@pytest.mark.parametrize("url", ["/api/issues/{}", "/kien-nghi/{}", "/khao-sat/{}"])
def test_ids_beyond_64_bits_are_not_found(client, app, url):
    headers = token_for(app, "bientap", "editor")
    login(client, app, "bientap2", "editor")
    response = client.get(url.format(2**64 + 1), headers=headers)
    assert response.status_code == 404


def test_the_database_is_readable_by_its_owner_only(app):
    mode = stat.S_IMODE(os.stat(app.config["DATABASE"]).st_mode)
    assert mode == 0o600


def test_a_corrupt_doc_names_no_python_internals(tmp_path):
    from ingest.errors import IngestError

    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000))
    with pytest.raises(IngestError) as caught:
        load_path(path)
    assert "Exceeds" not in str(caught.value) and "Traceback" not in str(caught.value)


@pytest.mark.parametrize(("name", "data", "ok"), [
    ("utf16.txt", "\ufeffĐiều 1. Phạm vi\nChợ phiên.\n".encode("utf-16-le"), True),
    ("hinh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><text>x</text></svg>", False),
])
def test_web_and_cli_accept_the_same_files(writable_app, tmp_path, name, data, ok):
    from ingest.errors import IngestError

    client = writable_app.test_client()
    login(client, writable_app, "bientap", "editor")
    page = follow_job(client, _upload(client, name, data))
    assert ("đã nạp" in page.get_data(as_text=True)) is ok
    path = tmp_path / name
    path.write_bytes(data)
    try:
        cli_ok = bool(load_path(path))
    except IngestError:
        cli_ok = False
    assert cli_ok is ok


def test_a_second_heavy_request_is_told_to_retry_at_once(client, app):
    headers = token_for(app, "nguoixem", "viewer")
    slot = app.extensions["phapquy.heavy"]
    assert slot.acquire(blocking=False)  # a heavy request is running
    try:
        busy = client.post("/api/surveys/propose", json={"text": "Đề nghị sửa chợ."},
                           headers=headers)
        assert busy.status_code == 503 and busy.headers["Retry-After"]
        assert "thử lại" in busy.get_json()["error"]
    finally:
        slot.release()
    done = client.post("/api/surveys/propose", json={"text": "Đề nghị sửa chợ."},
                       headers=headers)
    assert done.status_code == 200
