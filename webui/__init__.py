"""The web UI and JSON API: search, read, track and cite, on Flask.

Public API::

    create_app(config) -> flask.Flask
    create_server(app, **waitress_options) -> a waitress server (not yet running) whose own
        error answers (400, 413, 431) carry the same security headers as the app's
    warm_up(app) -> the background thread filling what a first visitor would wait for

``config`` is an :class:`inspection_index.Config`, or a mapping with ``DATA_DIR`` and any of
the settings in :data:`DEFAULTS` (limits, the citation rate limit). One blueprint per area:
``search`` (/, /search, /search.csv), ``documents`` (/documents/<doc_id>), ``track`` (/track,
/track.csv), ``cite`` (POST /cite, /cite/<id>), ``api`` (/api/…, /api/openapi.json), ``spiral``
(/spiral), ``council`` (/la/, /la/<slug>), ``model`` (/model), ``data`` (/data/) and ``feeds``
(/search.atom); each analysis view has .json and .csv twins.

The site is read-only except for creating a citation (same-origin, size- and rate-limited).
Every page works without JavaScript; charts are SVG drawn on the server with a table beside
them. Unit tests of the view layer may inject a stand-in for the search index as
``SEARCH_INDEX`` in the mapping; everything else uses the real :class:`search.SearchIndex`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from flask import Flask

from inspection_index import Config

from . import errors, formatting, security, status
from .links import App
from .server import create_server
from .services import Services

# The names a request's Host header may carry (the port is not compared: DNS rebinding changes
# the name a browser sends, not the port). ``serve`` adds the address it listens on; "*" trusts any.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

DEFAULTS: dict[str, Any] = {
    "QUERY_TIMEOUT_SECONDS": 10.0,   # a query still running after this answers 503
    "QUERY_WORKERS": 8,              # queries run at once (as many as waitress has threads)
    "MAX_PAGE": 500,                 # deepest results page served
    "MAX_TRACK_TERMS": 8,
    "EXPORT_MAX_REPORTS": 1000,      # rows in /search.csv
    "CITATIONS_PER_MINUTE": 10,      # per client address
    "MAX_CONTENT_LENGTH": 16 * 1024, # the only request bodies are citation forms
    "SEARCH_INDEX": None,
    "ALLOWED_HOSTS": LOCAL_HOSTS,
}


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """A Flask app over one data directory (see the module docstring for ``config``)."""
    settings = _settings(config)
    app = App(__name__)
    app.config.update(settings)
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions["inspection_index"] = Services(app.config)

    from .views import api, cite, council, data, documents, feeds, model, search, spiral, track

    for module in (search, documents, track, cite, api, spiral, council, model, data, feeds):
        app.register_blueprint(module.blueprint)
    formatting.register(app)
    status.register(app)
    security.register(app)
    errors.register(app)
    return app


def warm_up(app: Flask) -> threading.Thread:
    """Start filling, in the background, the document table, council links and the example
    tracking (``serve`` and ``up`` do; a test of ``create_app`` need not)."""
    from .views.track import EXAMPLE_TERMS

    terms = [term.strip() for term in EXAMPLE_TERMS.split(",")]
    thread = threading.Thread(target=app.extensions["inspection_index"].warm_up, args=(terms,),
                              name="warm-up", daemon=True)
    thread.start()
    return thread


def _settings(config: Config | Mapping[str, Any] | None) -> dict[str, Any]:
    if config is None:
        config = Config.from_env()
    if isinstance(config, Config):
        config = {"DATA_DIR": config.data_dir}
    settings = {**DEFAULTS, **dict(config)}
    if not settings.get("DATA_DIR"):
        raise ValueError("create_app needs DATA_DIR (or an inspection_index.Config)")
    settings["INSPECTION_CONFIG"] = Config(settings["DATA_DIR"])
    return settings


__all__ = ["create_app", "create_server", "warm_up", "DEFAULTS", "LOCAL_HOSTS"]
