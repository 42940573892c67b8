"""CPU-heavy requests one at a time: the others are told to retry, not queued.

Proposing issues from a long report or ranking suggestions for a long issue keeps a worker
thread busy on pure Python; several at once would starve ordinary pages of the interpreter.
`heavy` lets one such request run per app; another arriving meanwhile gets 503 with a
Vietnamese message and Retry-After, and its worker thread is free again at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app

EXTENSION = "phapquy.heavy"
BUSY = "Máy chủ đang xử lý một yêu cầu nặng khác; hãy thử lại sau ít giây."
RETRY_AFTER_S = 2


def install(app) -> None:
    """Give the app its one slot for heavy requests."""
    app.extensions[EXTENSION] = threading.BoundedSemaphore(1)


def heavy(view: Callable) -> Callable:
    """Return the view run only when no other heavy request runs (else 503 at once)."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        slot = current_app.extensions[EXTENSION]
        if not slot.acquire(blocking=False):
            from web.auth import api_error, is_api

            if is_api():
                response = api_error(503, BUSY)
            else:
                response = current_app.response_class(BUSY, status=503,
                                                      mimetype="text/plain")
            response.headers["Retry-After"] = str(RETRY_AFTER_S)
            return response
        try:
            return view(*args, **kwargs)
        finally:
            slot.release()
    return wrapped
