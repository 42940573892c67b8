"""Guessing an issue's field (lĩnh vực) from its words: the field with most keyword hits."""

from __future__ import annotations

import re

# Keywords per field, matched as whole words on lower-case text with diacritics (folding would
# make "chợ" match the everyday word "cho").  Longer phrases win over the words inside them
# ("hội chợ" is a trade fair, not a market).
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "cụm công nghiệp": ("cụm công nghiệp", "ccn"),
    "chợ": ("chợ", "ban quản lý chợ", "tiểu thương", "sạp hàng", "chợ truyền thống"),
    "công nghiệp nông thôn": (
        "tiểu thủ công nghiệp", "công nghiệp nông thôn", "làng nghề",
        "cơ sở sản xuất công nghiệp", "cơ sở công nghiệp nông thôn"),
    "khuyến công": ("khuyến công", "đề án khuyến công"),
    "xúc tiến thương mại": ("xúc tiến thương mại", "hội chợ", "triển lãm", "phiên chợ hàng việt"),
    "thương mại": (
        "mua bán", "buôn bán", "kinh doanh", "thương mại", "bán lẻ", "hàng hóa", "hàng hoá",
        "lòng, lề đường", "lòng lề đường", "vỉa hè", "lấn chiếm", "siêu thị", "cửa hàng",
        "xăng dầu", "bán hàng rong"),
    "quản lý thị trường": ("hàng giả", "gian lận thương mại", "buôn lậu", "quản lý thị trường"),
    "tổ chức, cán bộ": (
        "cán bộ", "công chức", "biên chế", "kiêm nhiệm", "chuyên trách", "nhân sự", "bộ máy"),
    "điện": ("điện lực", "lưới điện", "tiết kiệm điện", "sử dụng điện", "cấp điện"),
    "an toàn thực phẩm": ("an toàn thực phẩm", "thực phẩm"),
}


def _matches(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, field) of every keyword occurrence, longest first, no overlaps."""
    found = []
    for field, words in FIELD_WORDS.items():
        for word in words:
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                found.append((m.start(), m.end(), field))
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    kept: list[tuple[int, int, str]] = []
    for start, end, field in found:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, field))
    return kept


def _concepts(matches: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """Return (start, field) of each concept: adjacent hits of one field count once."""
    out: list[tuple[int, str]] = []
    last_end, last_field = -10, ""
    for start, end, field in sorted(matches):
        if not (field == last_field and start - last_end <= 2):
            out.append((start, field))
        last_end, last_field = end, field
    return out


def guess_field(text: str) -> str:
    """Return the field the text most likely belongs to ('' when no keyword is present)."""
    scores: dict[str, list[int]] = {}
    for start, field in _concepts(_matches((text or "").lower())):
        scores.setdefault(field, []).append(start)
    if not scores:
        return ""
    return min(scores, key=lambda f: (-len(scores[f]), min(scores[f])))
