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
