"""Errors as answers: JSON under /api/, a plain page elsewhere; always one sentence saying why.

A query the search package cannot run (``search.QueryError``) is the asker's mistake: 400 with
its message. Anything unexpected is logged and answered 500 without details.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

import search
from inspection_index import InspectionIndexError

from .answers import json_answer

TITLES = {400: "There is a problem with the query", 403: "Not allowed", 404: "Page not found",
          405: "Method not allowed", 413: "Request too large", 429: "Too many requests",
          500: "Sorry, something went wrong", 503: "Busy: please try again"}


class WebError(Exception):
    """An answer other than 200, with a message meant for the person asking."""

    status = 400

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


class BadRequest(WebError):
    status = 400


class Forbidden(WebError):
    status = 403


class NotFound(WebError):
    status = 404


class TooManyRequests(WebError):
    status = 429


class Busy(WebError):
    status = 503

    def __init__(self, message: str):
        super().__init__(message, retry_after=5)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def error_response(status: int, message: str, retry_after: int | None = None, form: dict | None = None):
    if wants_json():
        response = json_answer({"error": message, "status": status}, status=status)
    else:
        response = current_app.make_response(
            (render_template("error.html", status=status, title=TITLES.get(status, "Error"),
                             message=message, form=form or {}), status))
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def register(app: Flask) -> None:
    @app.errorhandler(WebError)
    def web_error(error: WebError):
        return error_response(error.status, error.message, error.retry_after)

    @app.errorhandler(search.QueryError)
    def query_error(error: search.QueryError):
        return error_response(400, str(error))

    @app.errorhandler(search.CitationNotFound)
    def no_citation(error: search.CitationNotFound):
        return error_response(404, str(error))

    @app.errorhandler(search.UnknownCouncil)
    def no_council(error: search.UnknownCouncil):
        return error_response(404, str(error))

    @app.errorhandler(InspectionIndexError)
    def not_ready(error: InspectionIndexError):
        # The library's other refusals mean the data dir is not ready (no index built yet).
        return error_response(503, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {404: "There is nothing at this address. Check the link, or search instead.",
                    405: f"This address does not accept {request.method} requests.",
                    413: "The request is larger than this site accepts."}
        response = error_response(error.code or 500, messages.get(error.code, error.description))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)   # RFC 9110: a 405 says what is allowed
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error answering %s", request.path)
        return error_response(500, "The server could not answer this request. It has been logged; "
                                   "please try again later.")
