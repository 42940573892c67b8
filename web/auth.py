"""Login sessions, CSRF tokens and the role checks of pages and of the JSON API.

- Pages: a session cookie holds the user id; every form carries a per-session CSRF token
  (`{{ csrf_field() }}`), checked on every POST/PUT/PATCH/DELETE.
- The JSON API (/api/...) authenticates by `Authorization: Bearer <token>` only and ignores
  the session cookie, so it needs no CSRF token (a third-party page cannot forge a token).
- `login_required(role)`: anonymous -> login page; insufficient role -> 403 page.
- `api_auth(role)`: no or unknown token -> 401 JSON; insufficient role -> 403 JSON.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup, escape

from web import accounts
from web.db import get_db

bp = Blueprint("auth", __name__)
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
API_PREFIX = "/api/"


class CSRFError(Exception):
    """A form arrived without the session's CSRF token."""


def csrf_token() -> str:
    """Return this session's CSRF token, creating it on first use."""
    token = session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def csrf_field() -> Markup:
    """Return the hidden form input that carries the CSRF token."""
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">')


def bearer_token() -> str | None:
    """Return the token of an `Authorization: Bearer` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def is_api() -> bool:
    """Return True for the JSON API, which authenticates by Bearer token only (no cookies)."""
    return request.path.startswith(API_PREFIX)


def check_csrf() -> None:
    """Raise CSRFError when an unsafe form request lacks the session's CSRF token."""
    if request.method not in UNSAFE_METHODS or bearer_token() is not None or is_api():
        return
    if not current_app.config.get("CSRF_ENABLED", True):
        return
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = session.get(CSRF_FIELD) or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CSRFError()


def load_user() -> None:
    """Set g.user from the Bearer token, else (pages only) the session; None if anonymous."""
    g.user = None
    g.via_token = False
    token = bearer_token()
    if token is not None:
        g.user = accounts.user_for_token(get_db(), token)
        g.via_token = True
    elif session.get("uid") is not None and not is_api():
        user = accounts.get_user(get_db(), session["uid"])
        if user is not None and session.get("gen") == user.generation:
            g.user = user
        else:  # logged out elsewhere, or the account is gone: the cookie opens nothing
            session.pop("uid", None)


def before_request() -> None:
    """Load the current user and check the CSRF token (installed by the app factory)."""
    load_user()
    check_csrf()


def _safe_next(target: str | None) -> str:
    """Return a local redirect target (never another site), default the search page."""
    if not target:
        return url_for("search.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("search.index")
    return target


def login_required(role: str = "viewer") -> Callable:
    """Return a view decorator: login page for anonymous users, 403 below `role`."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.get("user") is None:
                flash("Vui lòng đăng nhập để tiếp tục.", "info")
                nxt = request.full_path if request.method == "GET" else request.path
                return redirect(url_for("auth.login", next=nxt.rstrip("?")))
            if not g.user.can(role):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def api_error(status: int, message: str) -> Any:
    """Return a JSON error response {"error", "status"}."""
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    return response


def api_auth(role: str = "viewer") -> Callable:
    """Return an API view decorator: 401 JSON without a valid token, 403 JSON below `role`."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.get("user") is None:
                message = ("mã truy cập không hợp lệ" if bearer_token()
                           else "cần mã truy cập (Authorization: Bearer <token>)")
                response = api_error(401, message)
                response.headers["WWW-Authenticate"] = 'Bearer realm="phapquy"'
                return response
            if not g.user.can(role):
                return api_error(403, f"tài khoản không có quyền này (cần vai trò {role})")
            return view(*args, **kwargs)
        return wrapped
    return decorator


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login() -> Any:
    """Return the login form, or log in and redirect to the requested page."""
    nxt = _safe_next(request.values.get("next"))
    if request.method != "POST":
        return render_template("login.html", next=nxt)
    name = request.form.get("name", "").strip()[:64]
    conn, now = get_db(), time.time()
    keys = {f"name:{name.lower()}": accounts.MAX_FAILURES_PER_NAME,
            f"addr:{request.remote_addr or '-'}": accounts.MAX_FAILURES_PER_ADDRESS}
    wait = accounts.locked_for(conn, keys, now)
    if wait:
        minutes = -(-wait // 60)
        flash(f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.", "error")
        return render_template("login.html", next=nxt), 429
    user = accounts.authenticate(conn, name, request.form.get("password", "")[:1024])
    if user is None:
        accounts.note_failure(conn, list(keys), now)
        flash("Tên tài khoản hoặc mật khẩu không đúng.", "error")
        return render_template("login.html", next=nxt), 401
    accounts.clear_failures(conn, f"name:{name.lower()}")
    session.clear()
    session.update(uid=user.id, gen=user.generation)
    session.permanent = True
    flash(f"Xin chào {user.name}.", "ok")
    return redirect(nxt)


@bp.route("/dang-xuat", methods=["POST"])
def logout() -> Any:
    """Log out (every session of the account) and return to the search page."""
    if g.get("user") is not None and not g.get("via_token"):
        accounts.end_sessions(get_db(), g.user.id)
    session.clear()
    flash("Đã đăng xuất.", "ok")
    return redirect(url_for("search.index"))
