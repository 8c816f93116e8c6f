"""The app's services and the one way JSON answers are stamped; shared by the views and the
error handlers (it imports neither, so they need not import each other)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, current_app

from inspection_index.catalogue import now_iso

if TYPE_CHECKING:  # services.py raises errors.py's exceptions, and errors.py answers with JSON
    from .services import Services


def services() -> "Services":
    return current_app.extensions["inspection_index"]


def json_answer(data: dict[str, Any], status: int = 200) -> Response:
    """JSON with ``corpus_version`` (what was indexed when it was made) and ``generated_at``."""
    answer = dict(data)
    if "corpus_version" not in answer:
        answer["corpus_version"] = services().corpus_version
    answer["generated_at"] = now_iso()
    response = current_app.json.response(answer)
    response.status_code = status
    return response
