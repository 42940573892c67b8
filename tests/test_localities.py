"""The 2025 reorganisation: which new commune or ward holds an old one, and the register's use."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import need_shared
from register_helpers import login, soup

from register import store
from register.localities import (
    Localities,
    fold,
    parse_resolution,
    read_mergers,
    read_resolutions,
)
from web.db import connect


@pytest.fixture(scope="module")
def table() -> Localities:
    folder = need_shared("localities")
    return Localities(read_resolutions(folder), read_mergers(folder))


def _stated_totals() -> dict[str, int]:
    """Return what each resolution says the province has after it: "Sau khi sắp xếp, tỉnh
    Vĩnh Long có 124 đơn vị hành chính cấp xã"."""
    out = {}
    for path in need_shared("localities").glob("*_NQ-UBTVQH15.md"):
        said = re.search(r"có\s*(\d+)\s*đơn\s+vị\s+hành\s+chính\s+cấp\s+xã", path.read_text())
        out[path.stem.replace("_", "/")] = int(said.group(1))
    return out


def _code_list() -> set[tuple[str, str]]:
    """Return (unit, province) of the Statistics Office's code list of the new units."""
    rows = re.findall(r"(?m)^\|\s*\d+\s*\|\s*\d{5}\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|",
                      (need_shared("localities") / "1027_CTK-CSCL.md").read_text())
    clean = lambda s: fold(re.sub(r"^Tp ", "thành phố ", s.replace("<br>", " ")))  # noqa: E731
    return {(clean(unit), clean(province)) for unit, province in rows}


def test_every_unit_each_resolution_counts_is_in_the_table(table):
    counted = Counter(loc.resolution for loc in table.all)
    assert counted == Counter(_stated_totals())  # 34 resolutions, each its own total
    assert len(table.all) == 3321  # the country's communes, wards and special zones


def test_every_unit_is_named_as_in_the_official_code_list(table):
    codes = _code_list()
    assert [loc.label for loc in table.all
            if (fold(loc.unit.label), fold(loc.province)) not in codes] == []


def test_old_unit_lists_hold_unit_names_only(table):
    wording = re.compile(r"một phần|quy mô|còn lại|khoản|Điều này|sau khi|diện tích|\bcủa\b|[()]")
    assert [loc.label for loc in table.all if not loc.formed_from
            or any(wording.search(u.name) for u in loc.formed_from)] == []


@pytest.mark.parametrize(("old", "today"), [
    ("Kế An", "xã Kế Sách, thành phố Cần Thơ"),
    ("xã Kế Thành", "xã Kế Sách, thành phố Cần Thơ"),
    ("ke an", "xã Kế Sách, thành phố Cần Thơ"),
    ("phường Thới Bình", "phường Ninh Kiều, thành phố Cần Thơ"),
    ("Thới Bình", "xã Thới Bình, tỉnh Cà Mau"),  # the unit carrying the name itself
    ("Trần Đề", "xã Trần Đề, thành phố Cần Thơ"),
    ("Krông Na", "xã Buôn Đôn, tỉnh Đắk Lắk"),  # renamed ("Đổi tên xã Krông Na thành …")
    ("Hồ Thị Kỷ", "xã Hồ Thị Kỷ, tỉnh Cà Mau"),  # kept as it was ("không thực hiện sắp xếp")
    ("phường Dương Đông", "đặc khu Phú Quốc, tỉnh An Giang"),
    ("huyện Kiên Hải", "đặc khu Kiên Hải, tỉnh An Giang"),
    ("Giang Ma", "xã Tả Lèng, tỉnh Lai Châu"),  # "cácxã Giang Ma,Hồ Thầu và Tả Lèngthành"
    ("thị trấn Cần Thạnh", "xã Cần Giờ, thành phố Hồ Chí Minh"),  # "Nhập … thành"
    ("Lộc Phát", "phường 1 Bảo Lộc, tỉnh Lâm Đồng"),  # "… tên gọi là Phường 1 Bảo Lộc"
    ("Bà Gia", "xã Đạ Huoai 3, tỉnh Lâm Đồng"),  # typed with its accents: not xã Ba Gia
])
def test_which_new_unit_holds_an_old_one(table, old, today):
    found = table.today(old)
    assert found is not None and found.label == today


def test_a_name_in_several_provinces_is_not_guessed(table):
    assert len(table.find("Vĩnh Châu")) > 1 and table.today("Vĩnh Châu") is None


def test_a_unit_split_between_new_ones_is_not_guessed(table):
    found = {loc.label for loc in table.find("phường Đội Cấn")}
    assert {"phường Ba Đình, thành phố Hà Nội", "phường Ngọc Hà, thành phố Hà Nội"} <= found
    assert table.today("phường Đội Cấn") is None


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


@pytest.mark.parametrize(("text", "today"), [
    # the Sóc Trăng report's three districts: Vĩnh Châu, a name several provinces use, is
    # taken in the province of the two others
    ("Kế Sách, Vĩnh Châu, Trần Đề", ["xã Kế Sách, thành phố Cần Thơ",
                                     "phường Vĩnh Châu, thành phố Cần Thơ",
                                     "xã Trần Đề, thành phố Cần Thơ"]),
    ("xã Kế An, huyện Kế Sách, tỉnh Sóc Trăng", ["xã Kế Sách, thành phố Cần Thơ"]),
    ("Vĩnh Châu, tỉnh Tây Ninh", ["xã Vĩnh Châu, tỉnh Tây Ninh"]),
    ("Vĩnh Châu, tỉnh Sóc Trăng", ["phường Vĩnh Châu, thành phố Cần Thơ"]),  # merged province
    ("Vĩnh Châu", []),
    ("xã thuộc tỉnh Phú Thọ", []),
])
def test_each_place_a_locality_names_gets_its_unit_today(table, text, today):
    assert [loc.label for loc in table.today_each(text)] == today


def test_an_imported_reports_places_are_shown_with_their_units_today(client, app):
    need_shared("localities")
    conn = connect(app.config["DATABASE"])
    issue = store.create_issue(conn, {"title": "Quản lý chợ còn khó khăn",
                                      "locality": "Kế Sách, Vĩnh Châu, Trần Đề"}, "a")
    conn.close()
    login(client, app, "canbo", "viewer")
    page = client.get(f"/kien-nghi/{issue.id}").get_data(as_text=True)
    assert ("nay: xã Kế Sách, thành phố Cần Thơ; phường Vĩnh Châu, thành phố Cần Thơ; "
            "xã Trần Đề, thành phố Cần Thơ") in page


def test_the_provinces_merged_on_1_7_2025():
    mergers = read_mergers(need_shared("localities"))
    assert len(mergers) == 52 and len(set(mergers.values())) == 23  # 52 provinces became 23
    assert mergers["tỉnh Sóc Trăng"] == mergers["tỉnh Hậu Giang"] == "thành phố Cần Thơ"
    assert mergers["tỉnh Bà Rịa - Vũng Tàu"] == "thành phố Hồ Chí Minh"


def test_a_province_is_known_by_its_old_or_new_name(table):
    assert {loc.province for loc in table.all} == {
        table.province_today(loc.province) for loc in table.all}  # 34, each its own
    assert len({loc.province for loc in table.all}) == 34
    assert table.province_today("Sóc Trăng") == "thành phố Cần Thơ"
    assert table.province_today("tỉnh Ninh Thuận") == "tỉnh Khánh Hòa"  # as the table spells it
    assert table.province_today("Huế") == "thành phố Huế"  # not merged
    assert table.province_today("Kế Sách") is None
    assert table.today_text("tỉnh Sóc Trăng") == "thành phố Cần Thơ"
