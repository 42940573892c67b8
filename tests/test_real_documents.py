"""Real documents as officers receive them: every Word law of ../shared/laws-word, and the
2025 local documents of ../shared/corpus-local-2025 against the portal's metadata.

Held-out files of the same kinds check the same figures; these tests hold the parser to the
ones we have.  Each skips with a message when ../shared is absent.
"""

from __future__ import annotations

import pytest
from conftest import need_shared

from evals.parsing import field_right, score_laws, score_local
from ingest.errors import EmptyDocument
from ingest.pipeline import load_path


@pytest.fixture(scope="module")
def laws():
    return score_laws(need_shared("laws-word"))


@pytest.fixture(scope="module")
def local():
    return score_local(need_shared("corpus-local-2025"))


def test_every_word_law_parses_right(laws):
    assert laws.files >= 70
    assert laws.problems == {}  # articles 1..N, the number, the issue year


def test_local_documents_metadata_agrees_with_the_portal(local):
    assert local.files >= 140
    # fields right over all files, and over the files that hold a document at all
    assert local.share >= 0.94, local.misses
    assert local.share_of_documents >= 0.97, local.misses
    for name, right in local.right.items():
        assert right / local.files >= 0.9, (name, right)


def test_a_page_holding_only_the_portals_notice_is_refused(local):
    folder = need_shared("corpus-local-2025")
    assert 0 < len(local.refused) <= 10
    with pytest.raises(EmptyDocument, match="thông báo của trang web"):
        load_path(folder / local.refused[0])


def test_portal_markup_is_gone_from_the_text():
    folder = need_shared("corpus-local-2025")
    for path in sorted(folder.glob("vb-*.txt"))[:40]:
        try:
            (doc,) = load_path(path)
        except EmptyDocument:
            continue
        text = "\n".join(p.full_text() for p in doc.walk())
        assert "ThuVienPhapLuat" not in text and "Văn bản này chưa cập nhật" not in text
        assert "*Căn cứ" not in text and not any(line.startswith("# ") for line in
                                                  text.splitlines())


@pytest.mark.parametrize(("name", "got", "expected", "right"), [
    ("issuer", "Ủy ban nhân dân tỉnh Hà Tĩnh", "Tỉnh Hà Tĩnh", True),
    ("issuer", "Hội đồng nhân dân thành phố Hà Nội", "Thành phố Hà Nội", True),
    ("issuer", "Sở Giáo dục và Đào tạo thành phố Hồ Chí Minh",
     "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", True),
    ("issuer", "Bộ Tài chính", "Cục Thuế", False),
    ("signer", None, "Trần Báu Hà", False),
    ("issued", "02/12/2025", "02/12/2025", True),
])
def test_how_fields_are_compared(name, got, expected, right):
    assert field_right(name, got, expected) is right
