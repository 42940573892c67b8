"""Blueprints of the web app, plus what every page shares: error pages and template helpers."""

from __future__ import annotations

import gzip
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, render_template, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError

from law.citation import cite, vn_date
from web import auth, docview
from web.auth import CSRFError, api_error

ERROR_MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu gửi lên không hợp lệ."),
    401: ("Cần đăng nhập", "Vui lòng đăng nhập để tiếp tục."),
    403: ("Không có quyền truy cập", "Tài khoản của bạn không có quyền thực hiện thao tác này."),
    404: ("Không tìm thấy", "Không tìm thấy trang hoặc văn bản bạn yêu cầu."),
    405: ("Phương thức không được hỗ trợ", "Trang này không nhận loại yêu cầu đó."),
    413: ("Tệp quá lớn", "Tệp tải lên vượt quá giới hạn dung lượng cho phép."),
    500: ("Lỗi hệ thống", "Đã xảy ra lỗi ngoài ý muốn. Vui lòng thử lại sau."),
}
COMPRESSIBLE = ("text/html", "application/json", "text/css", "application/javascript",
                "text/javascript")
MIN_COMPRESS = 2048
CSRF_MESSAGE = ("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                "Vui lòng tải lại trang rồi gửi lại.")


def vn_datetime(value: str | None) -> str:
    """Return an ISO timestamp as '28/11/2026 15:51' (the text itself if it is not ISO)."""
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return value or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # the server's local time
    return f"{vn_date(moment.date())} {moment:%H:%M}"


def vn_date_text(value: str | None) -> str:
    """Return an ISO date text as '18/11/2025' (the text itself if it is not an ISO date)."""
    try:
        return vn_date(date.fromisoformat((value or "")[:10]))
    except ValueError:
        return value or ""


def wants_json() -> bool:
    """Return True when the request is for the JSON API."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None) -> Any:
    """Return the Vietnamese error page, or the JSON error for /api/ paths."""
    title, default = ERROR_MESSAGES.get(status, ERROR_MESSAGES[500])
    text = message or default
    if wants_json():
        return api_error(status, text)
    return render_template("error.html", status=status, title=title, message=text), status


def _http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    # abort(404, "…") carries our own Vietnamese message; werkzeug's defaults are English
    custom = exc.description if exc.description != type(exc).description else None
    if status == 413:
        limit = _app_limit_mb()
        custom = f"Tệp tải lên vượt quá giới hạn {limit} MB. Hãy chia nhỏ hoặc nén tệp."
    return error_response(status, custom)


def _app_limit_mb() -> str:
    from flask import current_app

    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return f"{limit / 2**20:g}"


def _csrf_error(_exc: CSRFError) -> Any:
    return error_response(400, CSRF_MESSAGE)


def _unexpected(exc: Exception) -> Any:
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    from flask import current_app

    current_app.logger.exception("unhandled error on %s", request.path)
    return error_response(500)


def compress(response: Response) -> Response:
    """Return the response gzipped when the client accepts it (pages are large, lines slow)."""
    if (response.direct_passthrough or response.status_code != 200
            or response.mimetype not in COMPRESSIBLE or "Content-Encoding" in response.headers
            or "gzip" not in request.headers.get("Accept-Encoding", "")):
        return response
    data = response.get_data()
    if len(data) < MIN_COMPRESS:
        return response
    response.set_data(gzip.compress(data, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def security_headers(response: Response) -> Response:
    """Return the response with headers that keep other sites from framing or sniffing it."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'")
    return response


def _asset_url(app: Flask) -> Any:
    """Return a function giving a static file's URL with its version (mtime) attached."""
    folder = Path(app.static_folder or "")
    versions = {p.name: int(p.stat().st_mtime) for p in folder.glob("*") if p.is_file()}

    def asset(filename: str) -> str:
        return url_for("static", filename=filename, v=versions.get(filename, 0))
    return asset


def install(app: Flask) -> None:
    """Register the blueprints, error handlers and template helpers on the app."""
    from web.views import (
        about,
        api,
        citecheck,
        documents,
        health,
        jobs,
        phapdien,
        search,
        upload,
    )

    for module in (auth, search, documents, about, upload, api, health, jobs, citecheck,
                   phapdien):
        app.register_blueprint(module.bp)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.jinja_env.globals.update(csrf_field=auth.csrf_field, cite=cite,
                                 asset=_asset_url(app), text_blocks=docview.text_blocks)
    app.jinja_env.filters["vn_date"] = vn_date
    app.jinja_env.filters["vn_datetime"] = vn_datetime
    app.jinja_env.filters["vn_date_text"] = vn_date_text
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(lambda: {"current_user": g.get("user")})
    app.after_request(security_headers)
    app.after_request(compress)
