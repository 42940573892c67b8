"""Shared fixtures: the real documents in ../shared, skipped with a message when absent."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def need_shared(*parts: str) -> Path:
    """Return ../shared/<parts>, skipping the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared material not found at {path} (place ../shared beside the project)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (skips when absent)."""
    return need_shared()


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The nine real documents in ../shared/corpus (skips when absent)."""
    return need_shared("corpus")


@pytest.fixture(scope="session")
def shared_formats() -> Path:
    """The same documents in several formats, ../shared/formats (skips when absent)."""
    return need_shared("formats")


# --- web app fixtures (flaskr style): one index of ../shared/corpus for the whole session ---


@pytest.fixture(scope="session")
def kb_home(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> Path:
    """A data folder with the nine shared documents ingested once per session (read-only)."""
    from ingest.pipeline import load_paths
    from search import open_knowledge_base

    home = tmp_path_factory.mktemp("kb-home")
    result = load_paths([shared_corpus])
    assert result.documents, "no document could be read from the shared corpus"
    open_knowledge_base(home).rebuild(result.documents)
    return home


@pytest.fixture(scope="session")
def web_library(kb_home: Path):
    """The session's knowledge base wrapped for the web app (relation graph built once)."""
    from search import open_knowledge_base
    from web.knowledge import Library

    return Library(open_knowledge_base(kb_home))


def _make_app(home: Path, kb_home: Path, kb=None, **extra):
    from web.app import create_app

    config = {"TESTING": True, "HOME": home, "KB_HOME": kb_home, "SECRET_KEY": "test-secret",
              **extra}
    if kb is not None:
        config["KB"] = kb
    return create_app(config)


@pytest.fixture
def app(tmp_path: Path, kb_home: Path, web_library):
    """The web app over the shared index, with its own empty database (do not upload here)."""
    return _make_app(tmp_path / "home", kb_home, web_library)


@pytest.fixture
def writable_app(tmp_path: Path, kb_home: Path):
    """The web app over a private copy of the shared index (uploads and edits allowed)."""
    import shutil

    copy = tmp_path / "kb"
    shutil.copytree(kb_home, copy)
    return _make_app(tmp_path / "home", copy)


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A click runner whose `phapquy` commands use the app's data folder (PHAPQUY_HOME)."""
    from click.testing import CliRunner

    return CliRunner(env={"PHAPQUY_HOME": str(app.config["HOME"])})


# --- headless browser (Debian chromium + chromedriver), shared by the browser tests ---

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, kb_home):
    """The app over a private copy of the shared index, served by waitress on a free port."""
    from waitress import create_server

    from web import accounts
    from web.app import create_app
    from web.db import connect

    base = tmp_path_factory.mktemp("live")
    shutil.copytree(kb_home, base / "kb")
    app = create_app({"HOME": base / "home", "KB_HOME": base / "kb", "SECRET_KEY": "live"})
    conn = connect(app.config["DATABASE"])
    accounts.add_user(conn, "bientap", "editor", "mat-khau-bien-tap")
    conn.close()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium driven by Selenium (skips when chromium is not installed)."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        if os.environ.get("CI"):  # .ci/run installs them: missing there is a failure
            pytest.fail("chromium or chromedriver missing on CI (scripts/install.sh --test)")
        pytest.skip("headless browser tests need Debian's chromium and chromium-driver "
                    "(/usr/bin/chromium, /usr/bin/chromedriver): apt-get install chromium "
                    "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1280,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
