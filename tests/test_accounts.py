"""Accounts, roles, API tokens, migrations and the account CLI commands."""

from __future__ import annotations

import sqlite3

import pytest

from cli.main import main
from register import db
from web import accounts
from web.accounts import AccountError
from web.app import migrations


@pytest.fixture
def conn(tmp_path):
    connection = db.open_database(tmp_path / "phapquy.db", migrations())
    yield connection
    connection.close()


def test_passwords_are_stored_hashed_and_checked(conn):
    accounts.add_user(conn, "lan", "editor", "mật-khẩu-dài")
    stored = conn.execute("SELECT password_hash FROM users").fetchone()[0]
    assert "mật-khẩu-dài" not in stored
    assert accounts.authenticate(conn, "lan", "mật-khẩu-dài").role == "editor"
    assert accounts.authenticate(conn, "lan", "sai-mat-khau") is None
    assert accounts.authenticate(conn, "khong-co", "mật-khẩu-dài") is None


@pytest.mark.parametrize(("name", "role", "password"), [
    ("lan", "boss", "12345678"),  # unknown role
    ("lan", "viewer", "ngan"),  # password too short
    ("../etc", "viewer", "12345678"),  # not a plain account name
])
def test_invalid_accounts_are_refused(conn, name, role, password):
    with pytest.raises(AccountError):
        accounts.add_user(conn, name, role, password)


def test_duplicate_name_is_refused_case_insensitively(conn):
    accounts.add_user(conn, "Lan", "viewer", "12345678")
    with pytest.raises(AccountError, match="đã tồn tại"):
        accounts.add_user(conn, "lan", "viewer", "12345678")


def test_tokens_are_stored_as_sha256_and_find_their_user(conn):
    accounts.add_user(conn, "api", "viewer", "12345678")
    token = accounts.create_token(conn, "api")
    rows = [r[0] for r in conn.execute("SELECT token_hash FROM api_tokens")]
    assert rows == [accounts.token_hash(token)] and token not in rows
    assert accounts.user_for_token(conn, token).name == "api"
    assert accounts.user_for_token(conn, token + "x") is None
    assert accounts.revoke_tokens(conn, "api") == 1
    assert accounts.user_for_token(conn, token) is None


@pytest.mark.parametrize(("actual", "needed", "ok"), [
    ("viewer", "viewer", True), ("viewer", "editor", False), ("editor", "viewer", True),
    ("editor", "admin", False), ("admin", "editor", True), ("ghost", "viewer", False),
])
def test_roles_are_ordered(actual, needed, ok):
    assert accounts.has_role(actual, needed) is ok


def test_migrations_apply_once_and_later_ones_are_appended(tmp_path, monkeypatch):
    path = tmp_path / "m.db"
    first = db.open_database(path, migrations())
    assert 100 in db.applied_versions(first)
    first.close()
    later = [*migrations(), (999, "CREATE TABLE later (id INTEGER PRIMARY KEY);")]
    again = db.connect(path)
    assert db.migrate(again, later) == [999]
    assert db.migrate(again, later) == []
    again.execute("INSERT INTO later DEFAULT VALUES")
    again.close()


def test_a_version_cannot_be_registered_twice_with_other_sql():
    with pytest.raises(db.MigrationError):
        db.combine(migrations(), [(100, "CREATE TABLE other (id INTEGER);")])


def test_a_failing_migration_leaves_nothing_half_done(tmp_path):
    conn = db.open_database(tmp_path / "f.db", migrations())
    broken = [(998, "CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;")]
    with pytest.raises(sqlite3.Error):
        db.migrate(conn, broken)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables and 998 not in db.applied_versions(conn)


def test_cli_user_add_reads_the_password_from_stdin(runner, app):
    result = runner.invoke(main, ["user", "add", "hoa", "--role", "editor", "--password-stdin"],
                           input="một mật khẩu dài\n")
    assert result.exit_code == 0, result.output
    conn = db.connect(app.config["DATABASE"])
    assert accounts.authenticate(conn, "hoa", "một mật khẩu dài").role == "editor"
    conn.close()


def test_cli_user_add_refuses_a_duplicate_with_one_line(runner):
    args = ["user", "add", "hoa", "--role", "viewer", "--password-stdin"]
    assert runner.invoke(main, args, input="12345678\n").exit_code == 0
    again = runner.invoke(main, args, input="12345678\n")
    assert again.exit_code != 0
    assert "đã tồn tại" in again.output and "Traceback" not in again.output


def test_cli_token_create_prints_the_token_alone_on_its_last_line(runner, app):
    runner.invoke(main, ["user", "add", "bot", "--password-stdin"], input="12345678\n")
    result = runner.invoke(main, ["token", "create", "bot"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith(accounts.TOKEN_PREFIX) and " " not in token
    conn = db.connect(app.config["DATABASE"])
    assert accounts.user_for_token(conn, token).name == "bot"
    conn.close()


def test_cli_token_for_unknown_account_fails(runner):
    result = runner.invoke(main, ["token", "create", "nobody"])
    assert result.exit_code != 0 and "không có tài khoản" in result.output
