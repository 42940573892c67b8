"""The production server: waitress with bounded connections, idle timeouts and a per-client cap.

waitress buffers a request until it is complete before a worker thread sees it, so a slow or
half-sent request costs a connection, not a thread.  Connections are bounded three ways: in
all (`connection_limit`), per client address (`per_client`, so one client cannot take them
all), and in time (`channel_timeout` closes idle and half-sent ones).
"""

from __future__ import annotations

from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import create_server


def _host(addr: Any) -> str:
    return addr[0] if isinstance(addr, tuple) and addr else str(addr)


def limited_channel(per_client: int) -> type[HTTPChannel]:
    """Return a channel class that closes a client's connection beyond `per_client` open."""
    class LimitedChannel(HTTPChannel):
        def __init__(self, server, sock, addr, adj, map=None) -> None:  # noqa: A002 - waitress
            super().__init__(server, sock, addr, adj, map)
            host = _host(addr)
            same = sum(1 for ch in list((map or {}).values())
                       if isinstance(ch, HTTPChannel) and ch is not self
                       and _host(getattr(ch, "addr", None)) == host)
            if same >= per_client:
                self.handle_close()
    return LimitedChannel


def make_server(app: Any, *, host: str, port: int, threads: int, connection_limit: int,
                channel_timeout: int, per_client: int) -> Any:
    """Return a waitress server for the app, bound and ready to `run()`."""
    server = create_server(app, host=host, port=port, threads=threads, ident="phapquy",
                           connection_limit=connection_limit, channel_timeout=channel_timeout)
    server.channel_class = limited_channel(per_client)
    return server
