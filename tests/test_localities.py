"""The 2025 reorganisation: which new commune or ward holds an old one, and the register's use."""

from __future__ import annotations

import pytest
from conftest import need_shared
from register_helpers import login, soup

from register import store
from register.localities import Localities, parse_resolution, read_resolutions
from web.db import connect


@pytest.fixture(scope="module")
def table() -> Localities:
    return Localities(read_resolutions(need_shared("localities")))


def test_every_resolution_is_read(table):
    assert {loc.resolution for loc in table.all} == {
        f"{n}/NQ-UBTVQH15" for n in range(1654, 1688)}
    assert len(table.all) >= 3000


@pytest.mark.parametrize(("old", "today"), [
    ("Kế An", "xã Kế Sách, thành phố Cần Thơ"),
    ("xã Kế Thành", "xã Kế Sách, thành phố Cần Thơ"),
    ("ke an", "xã Kế Sách, thành phố Cần Thơ"),
    ("phường Thới Bình", "phường Ninh Kiều, thành phố Cần Thơ"),
    ("Thới Bình", "xã Thới Bình, tỉnh Cà Mau"),  # the unit carrying the name itself
    ("Trần Đề", "xã Trần Đề, thành phố Cần Thơ"),
])
def test_which_new_unit_holds_an_old_one(table, old, today):
    found = table.today(old)
    assert found is not None and found.label == today


def test_a_name_in_several_provinces_is_not_guessed(table):
    assert len(table.find("Vĩnh Châu")) > 1 and table.today("Vĩnh Châu") is None


def test_a_resolution_item_with_a_part_of_a_unit():
    text = ("CẤP XÃ CỦA THÀNH PHỐ CẦN THƠ NĂM 2025\n\n2\\. Sắp xếp toàn bộ diện tích tự nhiên, "
            "quy mô dân số của phường An Hòa, phường Cái Khế và một phần diện tích tự nhiên, "
            "quy mô dân số của phường Bùi Hữu Nghĩa thành phường mới có tên gọi là\n**phường "
            "Cái Khế**.\n")
    (loc,) = parse_resolution(text, "1668/NQ-UBTVQH15")
    assert loc.label == "phường Cái Khế, thành phố Cần Thơ"
    assert [u.label for u in loc.formed_from] == ["phường An Hòa", "phường Cái Khế",
                                                  "phường Bùi Hữu Nghĩa"]


def test_the_register_shows_todays_unit_and_filters_by_either(client, app):
    need_shared("localities")
    conn = connect(app.config["DATABASE"])
    old = store.create_issue(conn, {"title": "Chợ xã xuống cấp", "locality": "Kế An"}, "a")
    new = store.create_issue(conn, {"title": "Cụm công nghiệp", "locality": "xã Kế Sách"}, "a")
    other = store.create_issue(conn, {"title": "Chợ phiên", "locality": "Ninh Kiều"}, "a")
    conn.close()
    login(client, app, "canbo", "viewer")
    page = client.get(f"/kien-nghi/{old.id}").get_data(as_text=True)
    assert "nay: xã Kế Sách, thành phố Cần Thơ" in page
    for name in ("xã Kế Sách", "Kế An"):
        listed = soup(client.get("/kien-nghi", query_string={"dia_phuong": name}))
        ids = {a["href"].rsplit("/", 1)[-1] for a in listed.select("table.issues a[href]")
               if a["href"].rsplit("/", 1)[-1].isdigit()}
        assert {str(old.id), str(new.id)} <= ids and str(other.id) not in ids, name
