"""Document types, number suffix codes and issuing bodies, with their proper spelling.

Glossary: loại văn bản = document type, số hiệu = document number,
cơ quan ban hành = issuer, trích yếu = title.
"""

from __future__ import annotations

import re

from .patterns import is_upper_text

# Title-line type words (upper case as printed), longest first so "BỘ LUẬT" beats "LUẬT".
TYPES = (
    "Thông tư liên tịch", "Nghị quyết liên tịch", "Bộ luật", "Luật", "Pháp lệnh", "Hiến pháp",
    "Nghị định", "Nghị quyết", "Thông tư", "Quyết định", "Chỉ thị", "Kế hoạch", "Công văn",
    "Thông báo", "Báo cáo", "Hướng dẫn", "Tờ trình", "Công điện", "Lệnh", "Quy chế",
    "Quy định", "Chương trình", "Đề án", "Phương án", "Kết luận", "Văn bản hợp nhất",
)
_TYPES_BY_UPPER = sorted(((t.upper(), t) for t in TYPES), key=lambda p: -len(p[0]))

# Number suffix code -> document type ("NĐ-CP" -> Nghị định).
TYPE_CODES = {
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "QĐ": "Quyết định",
    "NQ": "Nghị quyết", "NQLT": "Nghị quyết liên tịch", "CT": "Chỉ thị", "KH": "Kế hoạch",
    "TB": "Thông báo", "BC": "Báo cáo", "HD": "Hướng dẫn", "TTr": "Tờ trình",
    "CĐ": "Công điện", "CV": "Công văn", "PL": "Pháp lệnh", "L": "Lệnh",
    "QH": "Luật", "UBTVQH": "Pháp lệnh",
}
# Number suffix code -> issuer ("CP" -> Chính phủ, "BCT" -> Bộ Công Thương).
ISSUER_CODES = {
    "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội", "CTN": "Chủ tịch nước",
    "BCT": "Bộ Công Thương", "BTC": "Bộ Tài chính", "BCA": "Bộ Công an",
    "BNV": "Bộ Nội vụ", "BTP": "Bộ Tư pháp", "BXD": "Bộ Xây dựng", "BYT": "Bộ Y tế",
    "BGTVT": "Bộ Giao thông vận tải", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTNMT": "Bộ Tài nguyên và Môi trường", "BQP": "Bộ Quốc phòng",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHCN": "Bộ Khoa học và Công nghệ", "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BNG": "Bộ Ngoại giao",
    "NHNN": "Ngân hàng Nhà nước Việt Nam", "SCT": "Sở Công Thương",
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân",
}
# Proper spelling of names that sentence case would spoil, matched case-insensitively.
PROPER_NAMES = (
    "Chính phủ", "Thủ tướng Chính phủ", "Thủ tướng", "Quốc hội", "Ủy ban Thường vụ Quốc hội",
    "Chủ tịch nước", "Việt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Bộ Công Thương", "Sở Công Thương", "Hà Nội", "Thành phố Hồ Chí Minh", "Đảng",
    "Mặt trận Tổ quốc Việt Nam", "Ngân hàng Nhà nước Việt Nam", "Hiến pháp",
    *(v for v in ISSUER_CODES.values() if v.startswith("Bộ ")),
)
_PROPER_RE = re.compile(
    "|".join(re.escape(n) for n in sorted(set(PROPER_NAMES), key=len, reverse=True)),
    re.IGNORECASE,
)
_PROPER_BY_LOWER = {n.lower(): n for n in PROPER_NAMES}
_ABBREVIATIONS = ("UBND", "HĐND", "MTTQ", "TW", "TTg", "QH")
_ABBR_RE = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b", re.IGNORECASE)
_PLACE_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "THỊ XÃ", "THỊ TRẤN")


def match_type_line(line: str) -> tuple[str, str] | None:
    """Return (document type, rest of line) for a title line 'NGHỊ ĐỊNH' or 'NGHỊ ĐỊNHVề ...'."""
    for upper, name in _TYPES_BY_UPPER:
        if not line.startswith(upper):
            continue
        rest = line[len(upper):]
        # "NGHỊ ĐỊNH", "LUẬT THƯƠNG MẠI", or glued web text "NGHỊ ĐỊNHQuy định ..."
        if not rest or rest[0].isupper() or (rest[0] == " " and is_upper_text(rest)):
            return name, rest.strip()
        return None
    return None


def fix_proper_names(text: str) -> str:
    """Return text with known names respelled: 'bộ công thương' -> 'Bộ Công Thương'."""
    return _PROPER_RE.sub(lambda m: _PROPER_BY_LOWER.get(m.group(0).lower(), m.group(0)), text)


def sentence_case(text: str) -> str:
    """Return an upper-case title in sentence case with known names respelled."""
    if not is_upper_text(text):
        return text
    low = fix_proper_names(text.lower())
    low = _ABBR_RE.sub(lambda m: m.group(0).upper(), low)
    return low[:1].upper() + low[1:]


def issuer_name(text: str) -> str:
    """Return an issuer in its usual spelling: 'BỘ CÔNG THƯƠNG' -> 'Bộ Công Thương'."""
    text = " ".join(text.split())
    if not is_upper_text(text):
        return text
    known = _PROPER_BY_LOWER.get(text.lower())
    if known:
        return known
    for word in _PLACE_WORDS:  # "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG": the place keeps capitals
        idx = text.find(f" {word} ")
        if idx >= 0:
            head = sentence_case(text[: idx + len(word) + 1])
            return f"{head} {text[idx + len(word) + 2:].title()}"
    return sentence_case(text)


def split_number(number: str) -> tuple[str, list[str]]:
    """Return (year or '', suffix codes) of a number: '32/2024/NĐ-CP' -> ('2024', ['NĐ','CP'])."""
    parts = number.split("/")
    year = next((p for p in parts[1:] if re.fullmatch(r"\d{4}", p)), "")
    suffix = parts[-1] if len(parts) > 1 else ""
    return year, [c for c in suffix.split("-") if c]


def _code_base(code: str) -> str:
    """Return a suffix code without its term digits: 'QH11' -> 'QH', 'UBTVQH14' -> 'UBTVQH'."""
    return re.sub(r"\d+$", "", code)


def type_from_number(number: str) -> str | None:
    """Return the document type a number's suffix implies (NĐ-CP -> Nghị định), or None."""
    codes = [_code_base(c) for c in split_number(number)[1]]
    if not codes:
        return None
    if codes[0] in TYPE_CODES:
        return TYPE_CODES[codes[0]]
    return None


def issuer_from_number(number: str) -> str | None:
    """Return the issuer a number's suffix implies (NĐ-CP -> Chính phủ), or None."""
    codes = [_code_base(c) for c in split_number(number)[1]]
    for code in reversed(codes):
        if code in ISSUER_CODES and not (code in TYPE_CODES and len(codes) > 1):
            return ISSUER_CODES[code]
    return None
