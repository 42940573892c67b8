"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) -> Unicode, with detection.

Before Unicode, Vietnamese documents were typed in 8-bit fonts: TCVN3 (ABC, fonts `.VnTime`,
`.VnTimeH` ...) puts each accented letter in one byte; VNI (`VNI-Times` ...) writes a base
letter followed by a byte for the diacritic.  Read through a Western code page, both look like
mojibake ("ViÖt Nam", "Vieät Nam").  The text handled here is that mojibake: one character per
legacy byte (cp1252/Latin-1 view), as .txt decoding and Word files deliver it.

Detection compares how many words are well-formed Vietnamese syllables before and after each
conversion (`vietnamese_ratio`); `repair_legacy` converts only when the evidence is clear and
raises EncodingError when the text is mojibake that no table explains.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import EncodingError

# --- TCVN3 (ABC, TCVN 5712:1993 VN3): one byte per letter; upper case toned letters have no
# code (the `...H` fonts draw the lower-case codes as capitals).
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ "
    "ªê Òề Õế Óể Ôễ Öệ ×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ "
    "¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ \u00adư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ "
    "¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3_TO_UNICODE = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}
UNICODE_TO_TCVN3 = {u: t for t, u in TCVN3_TO_UNICODE.items()}

# --- VNI Windows: base letter + one byte for the modifier/tone (VNI-Times, VNI-Helve ...).
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
_VNI_TONE = "ùøûõï"  # same order as _TONES
_VNI_HAT_TONE = "áàåãä"  # tones after a circumflex (â ê ô)
_VNI_BREVE_TONE = "éèúüë"  # tones after a breve (ă)
_VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_lower_table() -> dict[str, str]:
    """Return lower-case Unicode letter -> VNI spelling."""
    table = {"đ": "ñ"}
    plain = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ơ": "ô", "ư": "ö"}
    for letter, base in plain.items():
        table[letter] = base
        for tone, mark in zip(_TONES, _VNI_TONE, strict=True):
            table[unicodedata.normalize("NFC", letter + tone)] = base + mark
    for letter, base in (("â", "a"), ("ê", "e"), ("ô", "o")):
        table[letter] = base + "â"
        for tone, mark in zip(_TONES, _VNI_HAT_TONE, strict=True):
            table[unicodedata.normalize("NFC", letter + tone)] = base + mark
    table["ă"] = "aê"
    for tone, mark in zip(_TONES, _VNI_BREVE_TONE, strict=True):
        table[unicodedata.normalize("NFC", "ă" + tone)] = "a" + mark
    for tone, code in _VNI_I.items():
        table[unicodedata.normalize("NFC", "i" + tone)] = code
    table["ỵ"] = "î"
    return table


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Return (Unicode -> VNI, VNI sequence -> Unicode) for both cases."""
    encode = {}
    for letter, code in _vni_lower_table().items():
        if letter.isascii():
            continue
        encode[letter] = code
        encode[letter.upper()] = code.upper()
    decode = {code: letter for letter, code in encode.items() if code != letter}
    for letter, code in encode.items():  # "Aù" (capital base, small mark) is common too
        if letter.isupper() and len(code) == 2:
            decode.setdefault(code[0] + code[1].lower(), letter)
    return encode, decode


UNICODE_TO_VNI, VNI_TO_UNICODE = _vni_tables()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))
_TCVN3_RE = re.compile("[" + re.escape("".join(TCVN3_TO_UNICODE)) + "]")


def _byte_view(text: str) -> str:
    """Map Word's private-use symbol-font characters (U+F0xx) back to their byte value."""
    return re.sub("[\uf020-\uf0ff]", lambda m: chr(ord(m.group()) - 0xF000), text)


def decode_tcvn3(text: str, upper: bool = False) -> str:
    """Return Unicode for TCVN3 mojibake; upper=True for the capital fonts (.VnTimeH)."""
    out = _TCVN3_RE.sub(lambda m: TCVN3_TO_UNICODE[m.group()], _byte_view(text))
    return out.upper() if upper else out


def decode_vni(text: str) -> str:
    """Return Unicode for VNI mojibake."""
    return _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group()], _byte_view(text))


def encode_tcvn3(text: str) -> str:
    """Return the TCVN3 spelling (one char per byte) of Unicode text; ValueError if impossible."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in UNICODE_TO_TCVN3:
            out.append(UNICODE_TO_TCVN3[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            raise ValueError(f"TCVN3 has no code for {ch!r}")
    return "".join(out)


def encode_vni(text: str) -> str:
    """Return the VNI spelling (one char per byte) of Unicode text; ValueError if impossible."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in UNICODE_TO_VNI:
            out.append(UNICODE_TO_VNI[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            raise ValueError(f"VNI has no code for {ch!r}")
    return "".join(out)


# --- Detection -----------------------------------------------------------------------------
_ONSET = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx]"
_OPEN_NUCLEUS = "oa|oă|oe|uâ|uê|uy|uyê|iê|yê|uô|ươ|oo|[aăâeêioôơuưy]"
_CLOSED_NUCLEUS = (
    "iêu|yêu|uôi|ươi|ươu|oai|oay|oeo|uây|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|"
    "ưa|ưi|ưu|uơ"
)
_SYLLABLE = re.compile(
    rf"(?:{_ONSET})?(?:(?:{_OPEN_NUCLEUS})(?:ch|nh|ng|[cmnpt])?|(?:{_CLOSED_NUCLEUS}))"
)
_TONE_MARKS = set(_TONES)
_TOKEN = re.compile(r"[^\s0-9.,;:!?()\[\]{}\"'“”‘’/\\|<>=+*&%$#@~`^_–—-]+")
# Characters that never occur in Unicode Vietnamese but fill legacy mojibake.
_LEGACY_MARKS = set("µ¶·¸¹º»¼½¾¨©ª«¬®¡¢£¤¥¦§ÆÇËÎÏÐÑÖ×ØÜÞßäåæçëîïñö÷øûüþÿ")


def is_syllable(word: str) -> bool:
    """Return True if word is a well-formed Vietnamese syllable (case pattern included)."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


def _accented_words(text: str) -> list[str]:
    """Return the words of text with a non-ASCII character and a letter (not lone symbols)."""
    return [w for w in _TOKEN.findall(text)
            if not w.isascii() and any(c.isalpha() for c in w)]


def _mojibake_words(text: str) -> int:
    """Return how many words mix an ASCII letter with a legacy-only character ("ViÖt")."""
    return sum(1 for w in _TOKEN.findall(text)
               if any(c in _LEGACY_MARKS for c in w) and any(c.isascii() and c.isalpha()
                                                            for c in w))


def vietnamese_ratio(text: str) -> tuple[float, int]:
    """Return (share of non-ASCII words that are Vietnamese syllables, number of such words)."""
    words = _accented_words(text)
    if not words:
        return 1.0, 0
    return sum(map(is_syllable, words)) / len(words), len(words)


# Windows-1252 leaves five bytes undefined; keeping them as U+0081... makes decoding lossless.
_C1_TO_CP1252 = {0x80 + i: bytes([0x80 + i]).decode("cp1252", errors="ignore") or None
                 for i in range(32)}
_C1_TO_CP1252 = {k: v for k, v in _C1_TO_CP1252.items() if v}
_CP1252_TO_BYTE = {ch: code for code, ch in _C1_TO_CP1252.items()}


def decode_cp1252(data: bytes) -> str:
    """Return bytes read as Windows-1252, undefined bytes kept as U+0081 ... (lossless)."""
    return data.decode("latin-1").translate(_C1_TO_CP1252)


def decode_utf8_mojibake(text: str) -> str:
    """Return UTF-8 text that was wrongly read as Windows-1252 ("Äiá»u" -> "Điều")."""
    data = bytes(_CP1252_TO_BYTE.get(ch, ord(ch)) for ch in text if ord(ch) < 256
                 or ch in _CP1252_TO_BYTE)
    return data.decode("utf-8", errors="replace")


DECODERS = {"TCVN3": decode_tcvn3, "VNI": decode_vni, "UTF-8 (đọc nhầm cp1252)":
            decode_utf8_mojibake}


def guess_encoding(text: str) -> tuple[str | None, float, float]:
    """Return (best legacy encoding or None, its syllable ratio, the ratio of text as it is)."""
    if not _LEGACY_MARKS.intersection(text) or _mojibake_words(text) == 0:
        return None, 1.0, 1.0  # nothing that looks like mojibake: no need to score
    as_is, _ = vietnamese_ratio(text)
    scores = {name: vietnamese_ratio(fn(text))[0] for name, fn in DECODERS.items()}
    best = max(scores, key=scores.get)
    if scores[best] >= 0.85 and scores[best] - as_is >= 0.25:
        return best, scores[best], as_is
    return None, scores[best], as_is


def repair_legacy(text: str, path: str = "") -> tuple[str, tuple[str, ...]]:
    """Return (Unicode text, warnings): legacy text converted; EncodingError when unsure."""
    name, score, as_is = guess_encoding(text)
    if name:
        return DECODERS[name](text), (f"đã chuyển bảng mã {name} sang Unicode",)
    if _mojibake_words(text) >= 10 and as_is < 0.6:  # mojibake, not merely a foreign text
        raise EncodingError(path, _unsure_detail(as_is, score))
    return _repair_lines(text)


def _unsure_detail(as_is: float, score: float) -> str:
    """Return the Vietnamese explanation of an undecidable encoding."""
    return (
        f"chỉ {as_is:.0%} từ có dấu là tiếng Việt hợp lệ; chuyển từ TCVN3/VNI cũng chỉ đạt "
        f"{score:.0%} — hãy lưu lại tệp dưới dạng Unicode (UTF-8)"
    )


def _repair_lines(text: str) -> tuple[str, tuple[str, ...]]:
    """Return text with lines that are clearly legacy-encoded converted (mixed documents)."""
    if not _LEGACY_MARKS.intersection(text):
        return text, ()
    lines, fixed = text.split("\n"), set()
    for i, line in enumerate(lines):
        if _mojibake_words(line) < 2:
            continue
        name, _, _ = guess_encoding(line)
        if name:
            lines[i] = DECODERS[name](line)
            fixed.add(name)
    warnings = tuple(f"đã chuyển một số dòng từ bảng mã {n} sang Unicode" for n in sorted(fixed))
    return "\n".join(lines), warnings
