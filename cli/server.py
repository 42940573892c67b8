"""The web side's commands of `phapquy`: `serve`, `user add|list`, `token create|revoke`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from cli.options import fail, home_option, open_db, resolve_home
from web.settings import corpus_paths, load_settings

T = TypeVar("T")


def _accounts_call(home: Path | None, action: Callable[..., T], *args: object) -> T:
    """Return action(conn, *args) on the data folder's database; an AccountError is one line."""
    from web.accounts import AccountError

    conn = open_db(home)
    try:
        return action(conn, *args)
    except AccountError as exc:
        fail(str(exc))
    finally:
        conn.close()


@click.command("serve")
@click.option("--host", default=None, help="Địa chỉ lắng nghe (mặc định PHAPQUY_HOST).")
@click.option("--port", type=int, default=None, help="Cổng (mặc định PHAPQUY_PORT).")
@home_option
@click.option("--no-ingest", is_flag=True, help="Không nạp lại corpus trước khi chạy.")
def serve_command(host: str | None, port: int | None, home: Path | None,
                  no_ingest: bool) -> None:
    """Nạp corpus mặc định (khi chưa có chỉ mục hoặc corpus đổi) rồi chạy máy chủ web."""
    from web.app import create_app
    from web.knowledge import EXTENSION
    from web.serving import make_server

    settings = load_settings()
    host, port = host or settings["HOST"], port or int(settings["PORT"])
    try:
        app = create_app({"HOME": resolve_home(home)})
        library = app.extensions[EXTENSION]
        if library.kb.tidy():
            click.echo("Đã xoá chỉ mục dựng dở do một lần ghi bị ngắt.")
        if not no_ingest:
            _sync(app, library.kb, settings)
        if library.kb.refresh_statuses():  # a rule may have come into force since
            click.echo("Đã cập nhật tình trạng hiệu lực theo ngày hôm nay.")
        library.warm()  # relation graph and statuses before the first request
    except Exception as exc:  # noqa: BLE001 - the CLI edge: one line, never a traceback
        fail(f"không khởi động được ({type(exc).__name__}: {exc})")
    click.echo(f"phapquy đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
    make_server(app, host=host, port=port, threads=int(settings["THREADS"]),
                connection_limit=int(settings["CONNECTION_LIMIT"]),
                channel_timeout=int(settings["CHANNEL_TIMEOUT"]),
                per_client=int(settings["CLIENT_CONNECTIONS"])).run()


def _sync(app, kb, settings: dict[str, str]) -> None:
    """Ingest the default corpus into the app's knowledge base, printing progress."""
    from web.corpus import summary, sync_corpus

    paths = corpus_paths(settings["CORPUS"])
    click.echo("Kiểm tra corpus: " + ", ".join(str(p) for p in paths))
    report = sync_corpus(kb, paths, app.config["KB_HOME"], max_bytes=app.config["MAX_FILE_BYTES"],
                         uploads=app.config["UPLOAD_FOLDER"], echo=click.echo)
    click.echo(summary(report))


@click.group("user")
def user_group() -> None:
    """Quản lý tài khoản (viewer, editor, admin)."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default="viewer",
              show_default=True, help="Vai trò của tài khoản.")
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ đầu vào chuẩn.")
@home_option
def user_add(name: str, role: str, password_stdin: bool, home: Path | None) -> None:
    """Tạo tài khoản NAME (mật khẩu lưu dạng băm)."""
    from web.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    user = _accounts_call(home, add_user, name, role, password)
    click.echo(f"Đã tạo tài khoản {user.name} (vai trò {user.role}).")


@user_group.command("list")
@home_option
def user_list(home: Path | None) -> None:
    """Liệt kê các tài khoản."""
    from web.accounts import list_users

    for user in _accounts_call(home, list_users):
        click.echo(f"{user.name}\t{user.role}")


@click.group("token")
def token_group() -> None:
    """Mã truy cập API (Authorization: Bearer <mã>)."""


@token_group.command("create")
@click.argument("name")
@home_option
def token_create(name: str, home: Path | None) -> None:
    """Tạo mã truy cập API mới cho tài khoản NAME; mã nằm riêng ở dòng cuối."""
    from web.accounts import create_token

    token = _accounts_call(home, create_token, name)
    click.echo(f"Mã truy cập mới của {name} (chỉ hiện một lần, hãy lưu lại):")
    click.echo(token)


@token_group.command("revoke")
@click.argument("name")
@home_option
def token_revoke(name: str, home: Path | None) -> None:
    """Thu hồi mọi mã truy cập API của tài khoản NAME."""
    from web.accounts import revoke_tokens

    count = _accounts_call(home, revoke_tokens, name)
    click.echo(f"Đã thu hồi {count} mã truy cập của {name}.")


COMMANDS = (serve_command, user_group, token_group)
