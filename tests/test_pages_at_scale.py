"""Pages with many documents: the home page and /gioi-thieu list them page by page, and a
filter shows its top values with the rest behind "Xem thêm"."""

from __future__ import annotations

import re

import pytest

from ingest.bulk import documents_from_bulk
from web.knowledge import EXTENSION


@pytest.fixture
def many(writable_app):
    laws = [{"id": f"Luật số {i}/{2000 + i % 20}/QH{10 + i % 5}",
             "articles": [{"id": "1", "text": f"Phạm vi điều chỉnh\nLuật này quy định về "
                                               f"lĩnh vực số {i}."}]} for i in range(1, 131)]
    writable_app.extensions[EXTENSION].add(documents_from_bulk(laws, None))
    return writable_app.test_client()


def test_home_lists_the_newest_documents_and_links_to_all(many):
    page = many.get("/").get_data(as_text=True)
    listed = re.findall(r'<li><a href="/van-ban/', page)
    assert 0 < len(listed) <= 30
    assert re.search(r"Xem tất cả \d+ văn bản", page)


def test_about_page_is_paginated(many):
    first = many.get("/gioi-thieu").get_data(as_text=True)
    rows = first.count('<tr>\n      <td><a href="/van-ban/')
    assert rows == 100
    assert "Trang 1/2" in first and 'href="?trang=2"' in first
    second = many.get("/gioi-thieu?trang=2").get_data(as_text=True)
    assert 0 < second.count('<tr>\n      <td><a href="/van-ban/') < 100
    assert many.get("/gioi-thieu?trang=99999999").status_code == 200  # clamped, not an error


def test_a_filter_shows_its_top_values_then_more(many):
    page = many.get("/tim-kiem?q=phạm+vi+điều+chỉnh").get_data(as_text=True)
    years = page[page.index("Năm ban hành"):]
    years = years[: years.index("</section>")]
    assert "Xem thêm" in years
    shown = years[: years.index("facet-more")]
    assert len(re.findall(r'<li[^>]*><a href="/tim-kiem', shown)) == 8
