"""Shared fixtures: the real documents in ../shared, skipped with a message when absent."""

from __future__ import annotations

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
