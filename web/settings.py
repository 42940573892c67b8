"""Every setting phapquy reads, declared once with its default and a help line.

Only the app factory and the CLI call `load_settings`; library code takes arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import DEFAULT_MAX_BYTES

PREFIX = "PHAPQUY_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str  # without the prefix
    default: str
    help: str


SETTINGS = (
    Setting("HOME", "instance", "Data folder: index, document records, issues database, "
            "uploads, secret key. Relative paths are taken from the working directory."),
    Setting("CORPUS", "", "Folders or files the `serve` command ingests, separated by "
            "os.pathsep (':'). Empty: the project's corpus/ plus ../shared/corpus if present."),
    Setting("MAX_FILE_MB", str(DEFAULT_MAX_BYTES // 2**20), "Largest file ingest accepts, "
            "in MiB; larger files are reported as oversized."),
    Setting("MAX_UPLOAD_MB", "20", "Largest upload request the web app accepts, in MiB."),
    Setting("LOCALITIES", "", "Folder of the 2025 reorganisation resolutions "
            "(*_NQ-UBTVQH15.md) used to show each locality's unit today. Empty: "
            "../shared/localities if present."),
    Setting("PHAPDIEN", "", "The Code of Law export (BoPhapDienDienTu.zip or its unpacked "
            "folder) whose wording provision pages compare with the consolidated text. Empty: "
            "../shared/phapdien/BoPhapDienDienTu.zip if present; 'off': no comparison."),
    Setting("BUILD_CORES", "1", "Processes a fresh build of a large index (5,000 articles "
            "or more) writes it with. 2 on two cores halves the build's wall time but holds "
            "more memory: about 1.8 GB for the whole Code of Law instead of 1.25 GB."),
    Setting("SECRET_KEY", "", "Flask session secret. Empty: generated on first run and kept "
            "in HOME/secret_key."),
    Setting("HOST", "127.0.0.1", "Address `phapquy serve` listens on."),
    Setting("PORT", "5000", "Port `phapquy serve` listens on."),
    Setting("THREADS", "4", "Worker threads of the waitress server."),
    Setting("CONNECTION_LIMIT", "500", "Most connections the server keeps open at once "
            "(idle and half-sent ones included)."),
    Setting("CLIENT_CONNECTIONS", "50", "Most connections one client address may hold open "
            "at once; more are closed at once."),
    Setting("CHANNEL_TIMEOUT", "20", "Seconds an idle or half-sent connection is kept "
            "before the server closes it."),
    Setting("SECURE_COOKIES", "0", "1 when phapquy is served behind HTTPS: the session "
            "cookie then carries the Secure flag (never sent over plain HTTP)."),
)


def load_settings(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Return every setting's value: the environment's PHAPQUY_* value, else the default."""
    env = os.environ if environ is None else environ
    return {s.name: env.get(PREFIX + s.name, s.default) for s in SETTINGS}


def is_on(value: str) -> bool:
    """Return True for a setting's yes value: 1, true, yes or on (any case)."""
    return value.strip().lower() in ("1", "true", "yes", "on")


def localities_folder(value: str) -> Path | None:
    """Return the folder of the reorganisation resolutions a LOCALITIES setting names."""
    if value.strip():
        return Path(value)
    shared = PROJECT_ROOT.parent / "shared" / "localities"
    return shared if shared.is_dir() else None


def phapdien_bundle(value: str) -> Path | None:
    """Return the Code of Law export a PHAPDIEN setting names (None: no comparison)."""
    if value.strip().lower() == "off":
        return None
    if value.strip():
        return Path(value)
    shared = PROJECT_ROOT.parent / "shared" / "phapdien" / "BoPhapDienDienTu.zip"
    return shared if shared.is_file() else None


def default_corpus() -> list[Path]:
    """Return the default corpus folders: corpus/ and ../shared/corpus when it exists."""
    paths = [PROJECT_ROOT / "corpus"]
    shared = PROJECT_ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        paths.append(shared)
    return paths


def corpus_paths(value: str) -> list[Path]:
    """Return the corpus paths a CORPUS setting names (the default when empty)."""
    if not value.strip():
        return default_corpus()
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]
