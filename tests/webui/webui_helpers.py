"""Helpers for the web UI tests (a module of its own: test modules cannot import one conftest
by name when several directories have one)."""

from __future__ import annotations

import threading

ORIGIN = "http://localhost"


def cite(client, **form):
    """POST a citation form the way this site's own page does."""
    return client.post("/cite", data=form, headers={"Origin": ORIGIN})


class LiveServer:
    """The app on waitress, on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app, **options):
        from webui import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, threads=8, **options)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.close()
        self.thread.join(timeout=5)
