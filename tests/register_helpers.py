"""Helpers shared by the issues register's tests: accounts, tokens, logins, forms."""

from __future__ import annotations

from bs4 import BeautifulSoup

from web import accounts
from web.db import connect

PASSWORD = "mat-khau-123"
REPORT = ("surveys", "soc-trang-khao-sat-cong-thuong-9-thang-2024.txt")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def add_user(app, name: str, role: str) -> None:
    conn = connect(app.config["DATABASE"])
    accounts.add_user(conn, name, role, PASSWORD)
    conn.close()


def token_for(app, name: str, role: str) -> dict[str, str]:
    """Return the Authorization header of a new account with this role."""
    add_user(app, name, role)
    conn = connect(app.config["DATABASE"])
    token = accounts.create_token(conn, name)
    conn.close()
    return {"Authorization": f"Bearer {token}"}


def csrf(client, url: str = "/dang-nhap") -> str:
    return soup(client.get(url)).select_one("input[name=csrf_token]")["value"]


def login(client, app, name: str, role: str) -> None:
    add_user(app, name, role)
    response = client.post("/dang-nhap", data={"name": name, "password": PASSWORD,
                                                "csrf_token": csrf(client)})
    assert response.status_code == 302


def form_data(form) -> dict[str, str]:
    """Return the values a browser would send for a form (without its submit buttons)."""
    data = {}
    for el in form.select("input[name], textarea[name], select[name]"):
        if el.name == "textarea":
            data[el["name"]] = el.text
        elif el.name == "select":
            chosen = el.select_one("option[selected]") or el.select_one("option")
            data[el["name"]] = chosen.get("value", chosen.text) if chosen else ""
        elif el.get("type") not in ("submit", "checkbox", "file"):
            data[el["name"]] = el.get("value", "")
    return data


def follow_job(client, response, timeout_s: float = 60.0):
    """Return the page a long job ends on: follow its 303 to /viec/<id> and poll until done."""
    import time

    assert response.status_code == 303, response.status_code
    url = response.headers["Location"]
    assert "/viec/" in url
    deadline = time.monotonic() + timeout_s
    while True:
        page = client.get(url)
        if page.status_code != 202:
            return page
        assert "<progress" in page.get_data(as_text=True)  # the progress page while it runs
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)
