"""The Flask app factory (flaskr style): settings, data folder, secret key, blueprints.

This and the CLI are the only places that read settings.  Test code passes `test_config`
(e.g. {"HOME": ..., "KB": a ready KnowledgeBase, "SECRET_KEY": ...}).
"""

from __future__ import annotations

import functools
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from register import schema as register_schema
from register.db import Migration, combine, open_database
from register.localities import Localities, read_mergers, read_resolutions
from search import open_knowledge_base
from web import accounts, auth, codified, db, heavy, jobs, views
from web.knowledge import EXTENSION, Library
from web.register import blueprint as register_blueprint
from web.settings import is_on, load_settings, localities_folder, phapdien_bundle

SECRET_FILE = "secret_key"


def ensure_secret_key(home: Path) -> str:
    """Return the secret kept in HOME/secret_key, generating it (mode 600) on first run."""
    path = home / SECRET_FILE
    if path.is_file():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_hex(32)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key


def base_config(settings: dict[str, str]) -> dict[str, Any]:
    """Return the Flask config derived from phapquy settings."""
    home = Path(settings["HOME"]).resolve()
    return {
        "HOME": home,
        "KB_HOME": None,  # the index and records folder; None: HOME
        "DATABASE": None,  # None: HOME/phapquy.db
        "UPLOAD_FOLDER": None,  # None: HOME/uploads
        "SECRET_KEY": settings["SECRET_KEY"] or None,
        "MAX_CONTENT_LENGTH": int(float(settings["MAX_UPLOAD_MB"]) * 2**20),
        "MAX_FILE_BYTES": int(float(settings["MAX_FILE_MB"]) * 2**20),
        "LOCALITIES_FOLDER": localities_folder(settings["LOCALITIES"]),
        "PHAPDIEN_BUNDLE": phapdien_bundle(settings["PHAPDIEN"]),
        "BUILD_CORES": int(settings["BUILD_CORES"]),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": is_on(settings["SECURE_COOKIES"]),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "CSRF_ENABLED": True,
        "SEND_FILE_MAX_AGE_DEFAULT": 86400,  # static URLs carry a version (views.asset)
    }


def _finish_config(app: Flask) -> None:
    """Fill the paths left None and the secret key; create the folders."""
    cfg = app.config
    home = Path(cfg["HOME"]).resolve()
    home.mkdir(parents=True, exist_ok=True)
    cfg["HOME"] = home
    cfg["KB_HOME"] = Path(cfg["KB_HOME"] or home)
    cfg["DATABASE"] = Path(cfg["DATABASE"] or home / "phapquy.db")
    cfg["UPLOAD_FOLDER"] = Path(cfg["UPLOAD_FOLDER"] or home / "uploads")
    cfg["UPLOAD_FOLDER"].mkdir(parents=True, exist_ok=True)
    if not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = ensure_secret_key(home)


class BoundedInt(IntegerConverter):
    """`<int:…>` in URLs: at most 18 digits, so an id always fits SQLite (else 404)."""

    regex = r"\d{1,18}"


def migrations() -> list[Migration]:
    """Return every migration of the app's database: accounts, then the issues register."""
    return combine(accounts.MIGRATIONS, register_schema.MIGRATIONS)


LOCALITIES = "phapquy.localities"


@functools.lru_cache(maxsize=4)
def _localities(folder: Path | None) -> Localities:
    """Return the table of 2025 units and province mergers read from the resolutions
    (empty when absent); read once per folder (the resolutions do not change)."""
    if not (folder and folder.is_dir()):
        return Localities([])
    return Localities(read_resolutions(folder), read_mergers(folder))


def create_app(test_config: dict | None = None) -> Flask:
    """Return the configured phapquy web app."""
    app = Flask(__name__, instance_relative_config=False)
    app.url_map.converters["int"] = BoundedInt  # before any route is declared
    app.config.update(base_config(load_settings()))
    if test_config:
        app.config.update(test_config)
    _finish_config(app)
    open_database(app.config["DATABASE"], migrations()).close()
    kb = app.config.pop("KB", None) or open_knowledge_base(
        app.config["KB_HOME"], build_cores=app.config["BUILD_CORES"])
    app.extensions[EXTENSION] = kb if isinstance(kb, Library) else Library(kb)
    app.extensions[jobs.EXTENSION] = jobs.JobRunner()
    heavy.install(app)
    app.extensions[LOCALITIES] = _localities(app.config.get("LOCALITIES_FOLDER"))
    app.extensions[codified.EXTENSION] = codified.loader(app.config.get("PHAPDIEN_BUNDLE"))
    app.json.ensure_ascii = False  # Vietnamese as text, keys in the CLI's order
    app.json.sort_keys = False
    app.teardown_appcontext(db.close_db)
    app.before_request(auth.before_request)
    views.install(app)
    app.register_blueprint(register_blueprint())
    return app
