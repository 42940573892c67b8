"""Can expensive requests stall the server?  Attacks beside normal traffic, on loopback only.

    python bench/bench_load.py [--seconds 8] [--keep DIR]

Starts `phapquy serve` (the real waitress server with the project's settings) on a free
loopback port over ../shared/corpus, then runs each expensive request pattern of the
hardening issue for a bounded time while a second client (from another loopback address,
127.0.0.2) keeps asking `/healthz`, a search and a permalink.  Prints, per pattern, what the
attack got and the normal client's latencies (p50 / p95 / max in ms); the target is every
normal answer within 1 s.  Every loop is bounded in count and time; the server is stopped at
the end.  Nothing leaves 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
PHAPQUY = str(Path(sys.executable).with_name("phapquy"))
PASSWORD = "mat-khau-bench-123"
NORMAL = ("/healthz", "/tim-kiem?" + urlencode({"q": "bán hàng trên vỉa hè"}),
          "/van-ban/32-2024-nd-cp/dieu-8")


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A tiny HTTP client bound to one loopback source address, with a cookie."""

    def __init__(self, port: int, source: str = "127.0.0.1", timeout: float = 30) -> None:
        self.port, self.source, self.timeout, self.cookie = port, source, timeout, ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes, dict]:
        """Return (status, body, headers) of one request (status 0 when the connection died)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                          source_address=(self.source, 0))
        head = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        try:
            conn.request(method, path, body=body, headers=head)
            resp = conn.getresponse()
            data = resp.read()
        except OSError:
            return 0, b"", {}
        finally:
            conn.close()
        cookie = resp.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return resp.status, data, dict(resp.getheaders())

    def csrf(self, path: str) -> str:
        """Return the CSRF token of a form page."""
        _, body, _ = self.request("GET", path)
        found = re.search(rb'name="csrf_token" value="([^"]+)"', body)
        return found.group(1).decode() if found else ""

    def login(self, name: str) -> None:
        """Log in with the bench account's password."""
        form = urlencode({"name": name, "password": PASSWORD,
                          "csrf_token": self.csrf("/dang-nhap")})
        self.request("POST", "/dang-nhap", form.encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """Return (body, content type) of a multipart/form-data form."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    for field, name, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                     f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def cli(home: Path, *args: str, stdin: str = "") -> str:
    """Return the output of a `phapquy` command on the bench's data folder."""
    done = subprocess.run([PHAPQUY, *args, "--home", str(home)], input=stdin, text=True,
                          capture_output=True, timeout=120, check=True)
    return done.stdout


def start_server(home: Path, port: int) -> subprocess.Popen:
    """Start `phapquy serve` over ../shared/corpus and wait for /healthz (at most 300 s)."""
    env = {**os.environ, "PHAPQUY_CORPUS": str(SHARED / "corpus")}
    proc = subprocess.Popen([PHAPQUY, "serve", "--home", str(home), "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if Client(port, timeout=2).request("GET", "/healthz")[0] == 200:
            return proc
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("máy chủ không khởi động được trong 300 s")


def normal_traffic(port: int, stop: threading.Event, out: list[float]) -> None:
    """Ask the normal pages in turn (from 127.0.0.2) until stop; record latencies (s)."""
    client = Client(port, source="127.0.0.2", timeout=30)
    i = 0
    while not stop.is_set() and i < 10_000:
        start = time.perf_counter()
        status, _, _ = client.request("GET", NORMAL[i % len(NORMAL)])
        out.append(time.perf_counter() - start if status == 200 else float("inf"))
        i += 1
        time.sleep(0.05)


def run_pattern(port: int, name: str, attack: Callable[[threading.Event], str],
                seconds: float) -> None:
    """Run an attack beside normal traffic for `seconds`; print both sides."""
    stop, latencies, said = threading.Event(), [], []
    normal = threading.Thread(target=normal_traffic, args=(port, stop, latencies))
    attacker = threading.Thread(target=lambda: said.append(attack(stop)))
    normal.start()
    attacker.start()
    time.sleep(seconds)
    stop.set()
    attacker.join(120)
    normal.join(60)
    ms = sorted(x * 1000 for x in latencies)
    failed = sum(1 for x in ms if x == float("inf"))
    ok = [x for x in ms if x != float("inf")]
    p = (lambda q: ok[min(len(ok) - 1, int(q * len(ok)))]) if ok else (lambda q: float("nan"))
    verdict = "ĐẠT" if ok and not failed and max(ok) < 1000 else "KHÔNG ĐẠT"
    print(f"{name:<38} {said[0] if said else '':<40} bình thường: {len(ms)} yêu cầu, "
          f"p50 {p(0.5):.0f} / p95 {p(0.95):.0f} / max {max(ok) if ok else float('nan'):.0f} ms, "
          f"{failed} lỗi  [{verdict}]", flush=True)


def parallel(n: int, stop: threading.Event, one: Callable[[], int]) -> str:
    """Run `one` in n threads until stop; return the statuses seen."""
    seen: dict[int, int] = {}
    lock = threading.Lock()

    def loop() -> None:
        for _ in range(200):
            if stop.is_set():
                return
            status = one()
            with lock:
                seen[status] = seen.get(status, 0) + 1
    threads = [threading.Thread(target=loop) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return "trạng thái " + ", ".join(f"{k}×{v}" for k, v in sorted(seen.items()))


def patterns(port: int, home: Path, token: str) -> dict[str, Callable[[threading.Event], str]]:
    """Return the attack patterns of the hardening issue, each bounded."""
    api = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    report = (SHARED / "surveys" / "soc-trang-khao-sat-cong-thuong-9-thang-2024.txt").read_text(
        encoding="utf-8")

    def propose(size: int) -> Callable[[], int]:
        body = json.dumps({"text": (report * (size // len(report) + 1))[:size]}).encode()
        return lambda: Client(port).request("POST", "/api/surveys/propose", body, api)[0]

    def long_issue() -> str:
        body = json.dumps({"title": "x" * 500, "description": "chợ " * 5000}).encode()
        _, data, _ = Client(port).request("POST", "/api/issues", body, api)
        return str(json.loads(data or b"{}").get("id", ""))

    issue_id = long_issue()
    big_q = "/api/issues?" + urlencode({"q": "cho " * 8_000})  # 32 KB, within header limits

    def half_sent(stop: threading.Event) -> str:
        socks = []
        for _ in range(120):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        stop.wait(60)
        for s in socks:
            s.close()
        return "120 kết nối gửi dở từ 127.0.0.1"

    def upload_waiting(stop: threading.Event) -> str:
        from search.store import Store

        editor = Client(port)
        editor.login("bench-editor")
        unit = "căn cứ khoản 1 Điều 2 Nghị định số 32/2024/NĐ-CP, "
        data = ("QUYẾT ĐỊNH\nĐiều 1. Phạm vi\n" + unit * (2**20 // len(unit))).encode()
        with Store(home).writing():  # another process is writing: the upload must wait
            body, ctype = multipart({"csrf_token": editor.csrf("/tai-len")},
                                    [("files", "mot-dong.txt", data)])
            status, _, headers = editor.request("POST", "/tai-len", body, {"Content-Type": ctype})
            stop.wait(60)
        return f"tải lên 1 MB một dòng khi CSDL bị khoá: {status} → {headers.get('Location', '')}"

    return {
        "4 × đề xuất khảo sát 80 KB": lambda stop: parallel(4, stop, propose(80_000)),
        "4 × đề xuất khảo sát quá giới hạn": lambda stop: parallel(4, stop, propose(2_000_000)),
        "gợi ý cho kiến nghị 500 ký tự liền": lambda stop: parallel(
            4, stop, lambda: Client(port).request(
                "GET", f"/api/issues/{issue_id}/suggestions", headers=api)[0]),
        "tìm kiến nghị với q 32 KB": lambda stop: parallel(
            4, stop, lambda: Client(port).request("GET", big_q, headers=api)[0]),
        "120 kết nối gửi dở": half_sent,
        "tải lên chờ khoá ghi": upload_waiting,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="thời gian mỗi kiểu tấn công")
    parser.add_argument("--keep", type=Path, help="thư mục dữ liệu (giữ lại sau khi chạy)")
    args = parser.parse_args()
    home = args.keep or Path(tempfile.mkdtemp(prefix="bench-load-"))
    port = free_port()
    cli(home, "user", "add", "bench-viewer", "--role", "viewer", "--password-stdin",
        stdin=PASSWORD + "\n")
    cli(home, "user", "add", "bench-editor", "--role", "editor", "--password-stdin",
        stdin=PASSWORD + "\n")
    token = cli(home, "token", "create", "bench-editor").strip().splitlines()[-1]
    server = start_server(home, port)
    warm = Client(port, source="127.0.0.2")
    for path in NORMAL:  # a serving instance is warm: its index opened, its caches filled
        warm.request("GET", path)
    try:
        for name, attack in patterns(port, home, token).items():
            run_pattern(port, name, attack, args.seconds)
    finally:
        server.terminate()
        server.wait(30)
        if args.keep is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
