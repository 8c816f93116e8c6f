"""What every page and ``/api/status`` say about background work and sample data: the status
line of a running ``up`` (see :mod:`inspection_index.running`) and the sample banner."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from inspection_index import running, sample


def current() -> dict[str, Any]:
    """``{"running", "status_line", "sample", "sample_banner"}`` for this data dir, now."""
    catalogue = current_app.extensions["inspection_index"].catalogue
    state = running.current(current_app.config["INSPECTION_CONFIG"])
    held = sample.count(catalogue)
    return {"running": state, "status_line": running.status_line(state), "sample": held,
            "sample_banner": sample.BANNER.format(n=held) if held else None}


def register(app: Flask) -> None:
    app.context_processor(lambda: {"site_status": current()})
