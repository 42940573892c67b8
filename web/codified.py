"""The Code of Law export beside the app: each article's codified wording, for comparison.

The export is indexed once per process, on a background thread (about 5 s of CPU for 62,000
articles); until then pages simply show no comparison.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from ingest.phapdien import CodeArticle, CodifiedIndex

EXTENSION = "phapquy.codified"


class CodifiedLoader:
    """A CodifiedIndex being built on a daemon thread; find() answers None until it is."""

    def __init__(self, bundle: Path | None) -> None:
        self.bundle = bundle
        self.error = ""
        self._index: CodifiedIndex | None = None
        self._done = threading.Event()
        if bundle is None:
            self._done.set()
            return
        threading.Thread(target=self._load, name="phapquy-codified", daemon=True).start()

    def _load(self) -> None:
        try:
            self._index = CodifiedIndex(self.bundle)
        except (OSError, ValueError) as exc:  # a broken export: no comparison, said once
            self.error = f"{self.bundle}: không đọc được Bộ Pháp điển ({exc})"
        finally:
            self._done.set()

    def wait(self, seconds: float) -> bool:
        """Wait until the index is built (or failed); return True when it is usable."""
        self._done.wait(seconds)
        return self._index is not None

    @property
    def loading(self) -> bool:
        """Return True while the export is still being read."""
        return not self._done.is_set()

    @property
    def index(self) -> CodifiedIndex | None:
        """Return the built index, None while loading, without an export or after a failure."""
        return self._index

    def find(self, number: str, article: str) -> CodeArticle | None:
        """Return the codified article of Điều `article` of a document, None when unknown."""
        return self._index.find(number, article) if self._index is not None else None


@functools.lru_cache(maxsize=2)
def loader(bundle: Path | None) -> CodifiedLoader:
    """Return the one loader of an export per process."""
    return CodifiedLoader(bundle)
