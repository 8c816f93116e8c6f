"""Helpers for the web UI tests (a module of its own: test modules cannot import one conftest
by name when several directories have one)."""

from __future__ import annotations

ORIGIN = "http://localhost"


def cite(client, **form):
    """POST a citation form the way this site's own page does."""
    return client.post("/cite", data=form, headers={"Origin": ORIGIN})
