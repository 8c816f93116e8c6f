"""The app on waitress, with the security headers also on the answers waitress makes itself.

Waitress answers some requests without calling the app at all — a malformed request line
(400), headers past its limit (431), a body past ``max_request_body_size`` (413) — so the
app's ``after_request`` never sees them. Its error tasks get the same headers here.
"""

from __future__ import annotations

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.server import create_server as waitress_server
from waitress.task import ErrorTask

from .security import HEADERS


class _HeadedErrorTask(ErrorTask):
    def execute(self):
        self.response_headers.extend(HEADERS.items())
        super().execute()


class _HeadedChannel(HTTPChannel):
    error_task_class = _HeadedErrorTask


def create_server(app, **options):
    """A waitress server for ``app`` (not yet running); ``options`` are waitress's own
    (``host``, ``port``, ``sockets``, ``threads``, …)."""
    socket_map: dict = {}
    server = waitress_server(app, map=socket_map, **options)
    for listener in socket_map.values():   # one per listening socket
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = _HeadedChannel
    return server
