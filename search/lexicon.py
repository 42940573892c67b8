"""Small, general word lists for queries: question words, abbreviations, everyday wording.

None of these touch the index (which keeps every syllable).  They shape the query only:

- QUESTION_WORDS: Vietnamese interrogatives and answer frames ("bao nhiêu", "gì", "khi
  nào", "có phải … không", "đúng hay sai") carry no content in a search; their terms get a
  small weight instead of being dropped ("không" is also a legal word: "không quá").
- REQUEST_WORDS: how a report or a letter asks ("đề nghị làm rõ", "còn nhiều khó khăn",
  "vướng mắc", "phản ánh"): in a survey issue they surround the subject and weigh as
  little as question words.
- ABBREVIATIONS: administrative short forms officers type ("ubnd", "ccn", "tthc").
- EVERYDAY: everyday wording -> the wording of legal texts ("vỉa hè" ~ "hè phố",
  "phạt" ~ "xử phạt", "bỏ cấp huyện" ~ "chính quyền địa phương hai cấp"); the legal
  phrases are added to the query with a lower weight, never replacing what was typed.

Phrases are written accented; matching is on folded syllables, so typing without accents
reaches them too.
"""

from __future__ import annotations

QUESTION_WORDS = (
    "bao nhiêu", "bao lâu", "bao giờ", "mấy", "gì", "là gì", "ai", "nào", "khi nào",
    "ở đâu", "đâu", "thế nào", "như thế nào", "ra sao", "sao", "tại sao", "vì sao",
    "có phải", "phải không", "hay không", "có không", "không", "được không", "đúng không",
    "đúng hay sai", "đúng", "sai", "hay", "chăng", "nhỉ", "vậy", "thì", "à", "hả", "ạ",
    "xin hỏi", "cho hỏi", "hỏi",
)

REQUEST_WORDS = (
    "khó khăn", "vướng mắc", "đề nghị", "kiến nghị", "phản ánh", "làm rõ", "cho biết",
    "còn nhiều", "bất cập", "mong", "lúng túng", "chưa rõ",
)

# the codes as lawyers and officers abbreviate them: words of a query, and of a name
# ("Điều 463 BLDS 2015")
CODE_NAMES = {
    "blds": "bộ luật dân sự", "blhs": "bộ luật hình sự", "bllđ": "bộ luật lao động",
    "blttds": "bộ luật tố tụng dân sự", "bltths": "bộ luật tố tụng hình sự",
    "blhh": "bộ luật hàng hải",
}

ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "ccn": "cụm công nghiệp",
    "kcn": "khu công nghiệp", "tthc": "thủ tục hành chính", "bct": "bộ công thương",
    "sct": "sở công thương", "dn": "doanh nghiệp", "htx": "hợp tác xã",
    "vphc": "vi phạm hành chính", "xlvphc": "xử lý vi phạm hành chính",
    "đkkd": "đăng ký kinh doanh", "gcn": "giấy chứng nhận", "gp": "giấy phép",
    "cnnt": "công nghiệp nông thôn", "tiểu thủ cn": "tiểu thủ công nghiệp",
    "cp": "chính phủ", "ttg": "thủ tướng chính phủ", "qh": "quốc hội",
    "nsnn": "ngân sách nhà nước", "tp": "thành phố", "nđ": "nghị định", "tt": "thông tư",
    "qđ": "quyết định", "nq": "nghị quyết",
    **CODE_NAMES,
    # what citizens and officers type for the papers and bodies they deal with
    "bhyt": "bảo hiểm y tế", "bhxh": "bảo hiểm xã hội", "bhtn": "bảo hiểm thất nghiệp",
    "cmnd": "chứng minh nhân dân", "cccd": "căn cước công dân", "gplx": "giấy phép lái xe",
    "sgk": "sách giáo khoa", "thpt": "trung học phổ thông", "thcs": "trung học cơ sở",
    "ptth": "phổ thông trung học", "đh": "đại học", "nld": "người lao động",
    "nsdlđ": "người sử dụng lao động", "hđlđ": "hợp đồng lao động",
    "lđtb&xh": "lao động thương binh và xã hội", "lđtbxh": "lao động thương binh và xã hội",
    "tnhh": "trách nhiệm hữu hạn", "gtvt": "giao thông vận tải", "pccc": "phòng cháy chữa cháy",
    "qsdđ": "quyền sử dụng đất", "csgt": "cảnh sát giao thông",
}

EVERYDAY = {
    "vỉa hè": ("hè phố", "lòng đường"),
    "lề đường": ("lòng đường", "hè phố"),
    "phạt": ("xử phạt", "phạt tiền"),
    "lấn chiếm": ("sử dụng trái phép", "chiếm dụng"),
    "hàng rong": ("bán hàng rong", "hàng hóa nhỏ lẻ"),
    "buôn bán": ("kinh doanh", "bán hàng"),
    "bỏ cấp huyện": ("chính quyền địa phương hai cấp", "cấp xã"),
    "bỏ huyện": ("chính quyền địa phương hai cấp", "cấp xã"),
    "sáp nhập": ("sắp xếp", "chính quyền địa phương hai cấp"),
    "2 cấp": ("hai cấp",),
    "héc ta": ("ha",),
    "hecta": ("ha",),
    "xã": ("cấp xã",),
    "tỉnh": ("cấp tỉnh",),
    "huyện": ("cấp huyện",),
    "kiểm tra": ("thanh tra",),
    "thanh tra": ("kiểm tra",),
    "tối đa": ("không vượt quá", "không quá"),
    "tối thiểu": ("không dưới", "ít nhất"),
    "chợ tạm": ("họp chợ",),
    "chợ cóc": ("họp chợ",),
    "cưới": ("kết hôn",),
    "lấy vợ": ("kết hôn",),
    "lấy chồng": ("kết hôn",),
    "bỏ vợ": ("ly hôn",),
    "bỏ chồng": ("ly hôn",),
    "giấy phép kinh doanh": ("đăng ký kinh doanh", "giấy chứng nhận đăng ký"),
    "xin phép": ("cấp phép", "đề nghị cấp"),
    "hết hạn": ("hết hiệu lực", "thời hạn"),
    "ai cấp": ("thẩm quyền cấp",),
    "ai quyết định": ("thẩm quyền quyết định",),
    "ai xử lý": ("thẩm quyền xử phạt",),
    "sổ đỏ": ("giấy chứng nhận quyền sử dụng đất",),
    "sổ hồng": ("giấy chứng nhận quyền sử dụng đất", "quyền sở hữu nhà ở"),
    "bìa đỏ": ("giấy chứng nhận quyền sử dụng đất",),
    "cấp 1": ("tiểu học",),
    "cấp 2": ("trung học cơ sở",),
    "cấp 3": ("trung học phổ thông",),
    "phạt cọc": ("đặt cọc",),
    "mất cọc": ("đặt cọc",),
    "bằng lái": ("giấy phép lái xe",),
    # officers name the post; legal texts name the role ("cấp phó ký thay cấp trưởng")
    "phó chủ tịch": ("cấp phó", "ký thay"),
    "phó giám đốc": ("cấp phó", "ký thay"),
    "phó trưởng": ("cấp phó",),
    "chủ tịch": ("người đứng đầu", "cấp trưởng"),
    "giám đốc": ("người đứng đầu", "cấp trưởng"),
    "thủ trưởng": ("người đứng đầu", "cấp trưởng"),
    "ký thay": ("ký thay", "cấp phó"),
    # buyers and sellers name the thing; commercial and consumer law name the institution
    "khuyến mãi": ("khuyến mại",),
    "bốc thăm": ("khuyến mại", "may rủi"),
    "rút thăm": ("khuyến mại", "may rủi"),
    "quay số": ("khuyến mại", "may rủi"),
    "trúng thưởng": ("khuyến mại", "giải thưởng"),
    "nhãn mác": ("nhãn hàng hóa",),
    "không nhãn": ("nhãn hàng hóa",),
    "cân thiếu": ("đo lường", "quyền lợi người tiêu dùng"),
    "cân điêu": ("đo lường", "quyền lợi người tiêu dùng"),
    "cân gian": ("đo lường", "quyền lợi người tiêu dùng"),
    "đong thiếu": ("đo lường", "quyền lợi người tiêu dùng"),
    "tiệm": ("cửa hàng",),
    "tạp hóa": ("bán lẻ",),
    "xe đẩy": ("bán hàng rong",),
    "chợ chồm hổm": ("họp chợ",),
    "chợ tự phát": ("họp chợ",),
    "chợ lề đường": ("họp chợ",),
    "kẹt xe": ("ùn tắc giao thông", "cản trở giao thông"),
    "ùn tắc": ("ùn tắc giao thông", "cản trở giao thông"),
    # office work: the everyday name of a copy, a seal, a course
    "photo": ("bản sao",),
    "phô tô": ("bản sao",),
    "sao y": ("bản sao",),
    "dấu đỏ": ("con dấu", "đóng dấu"),
    "tập huấn": ("bồi dưỡng", "đào tạo"),
    "người làm": ("nhân lực", "biên chế"),
    # citizens' words for their own affairs; the codes' words for the same institutions
    "ở tù": ("phạm nhân", "chấp hành án phạt tù"),
    "đi tù": ("phạm nhân", "chấp hành án phạt tù"),
    "người tù": ("phạm nhân",),
    "vay nợ": ("hợp đồng vay tài sản", "bên vay"),
    "cho vay": ("hợp đồng vay tài sản", "bên cho vay"),
    "vay tiền": ("hợp đồng vay tài sản", "bên vay"),
    "mượn tiền": ("hợp đồng vay tài sản", "bên vay"),
    "đòi nợ": ("thực hiện nghĩa vụ", "trả nợ"),
    "bán đất": ("chuyển nhượng quyền sử dụng đất",),
    "mua đất": ("chuyển nhượng quyền sử dụng đất",),
    "ly dị": ("ly hôn",),
    "đuổi việc": ("sa thải", "đơn phương chấm dứt hợp đồng lao động"),
    "nghỉ việc": ("chấm dứt hợp đồng lao động", "thôi việc"),
    "tăng ca": ("làm thêm giờ",),
    "nghỉ đẻ": ("thai sản",),
    "nghỉ sinh": ("thai sản",),
    "có bầu": ("mang thai",),
    "về hưu": ("nghỉ hưu", "lương hưu"),
    "say rượu": ("nồng độ cồn",),
    "uống rượu": ("nồng độ cồn",),
    "vượt đèn đỏ": ("tín hiệu đèn giao thông",),
    "nhà nghỉ": ("cơ sở lưu trú", "kinh doanh lưu trú"),
    "khách sạn": ("cơ sở lưu trú", "kinh doanh lưu trú"),
    "thuê phòng": ("lưu trú",),
    "hộ khẩu": ("cư trú", "đăng ký thường trú"),
    "tạm trú": ("đăng ký tạm trú", "cư trú"),
    "chứng minh thư": ("chứng minh nhân dân",),
    "giấy khai sinh": ("đăng ký khai sinh",),
    "làm giấy tờ": ("thủ tục", "hồ sơ"),
    "thi đại học": ("tuyển sinh", "giáo dục đại học"),
    "đá bóng": ("thể dục thể thao",),
    "chơi thể thao": ("thể dục thể thao",),
    "hàng xóm": ("bất động sản liền kề", "chủ sở hữu"),
    "con nuôi": ("nuôi con nuôi",),
    "bỏ trốn": ("trốn khỏi nơi",),
    "ăn trộm": ("trộm cắp tài sản",),
    "lừa đảo": ("lừa đảo chiếm đoạt tài sản",),
    "đánh nhau": ("gây rối trật tự công cộng", "cố ý gây thương tích"),
}
