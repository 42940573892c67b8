"""Typed ingest errors: each names the file and a reason a user can act on."""

from __future__ import annotations


class IngestError(Exception):
    """A file could not be ingested; str() is one line naming the file and the reason."""

    reason = "không đọc được tệp"

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = str(path)
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """Return '<file>: <reason> (<detail>)'."""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.path}: {self.reason}{extra}"


class UnsupportedFormat(IngestError):
    reason = "định dạng không được hỗ trợ"


class EmptyDocument(IngestError):
    reason = "tệp rỗng hoặc không có văn bản"


class NeedsOCR(IngestError):
    reason = "PDF không có lớp văn bản (bản quét), cần nhận dạng ký tự (OCR)"


class CorruptFile(IngestError):
    reason = "tệp bị hỏng hoặc không đúng định dạng"


class EncryptedFile(IngestError):
    reason = "tệp được mã hoá hoặc có mật khẩu"


DEFAULT_MAX_BYTES = 50 * 2**20  # the one default size limit (the MAX_FILE_MB setting's)


class TooLarge(IngestError):
    reason = "tệp vượt quá giới hạn kích thước"

    @classmethod
    def check(cls, path: object, size: int, max_bytes: int) -> None:
        """Raise TooLarge naming both sizes when size exceeds max_bytes."""
        if size > max_bytes:
            raise cls(str(path), f"{size / 2**20:.1f} MB, giới hạn {max_bytes / 2**20:.0f} MB")


class Unexpected(IngestError):
    reason = "lỗi không mong đợi khi đọc tệp"


class EncodingError(IngestError):
    reason = "không xác định được bảng mã ký tự"


class NotFound(IngestError):
    reason = "không tìm thấy tệp"


_OS_REASONS = (
    (IsADirectoryError, "là thư mục, không phải tệp"),
    (PermissionError, "không có quyền đọc tệp"),
)


def from_os_error(path: object, exc: OSError) -> IngestError:
    """Return the IngestError a file-system error means, worded in Vietnamese."""
    if isinstance(exc, FileNotFoundError):
        return NotFound(str(path))
    for kind, reason in _OS_REASONS:
        if isinstance(exc, kind):
            return IngestError(str(path), reason)
    return IngestError(str(path), f"lỗi hệ thống tệp ({type(exc).__name__})")
