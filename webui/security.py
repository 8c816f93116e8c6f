"""Security headers on every answer, the Host check on every request, and the checks on the one
write (creating a citation)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request

from .errors import BadRequest, Forbidden

# No inline script or style anywhere (charts are SVG with classes, styled from style.css).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def host_name(host: str) -> str:
    """The name part of a Host header: ``[::1]:5000`` → ``::1``, ``Example.org.:80`` → ``example.org``."""
    host = host.strip().lower()
    if host.startswith("["):
        name = host[1:].split("]", 1)[0]
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name.rstrip(".")


def register(app: Flask) -> None:
    allowed = {host_name(name) for name in app.config["ALLOWED_HOSTS"]}

    @app.before_request
    def check_host():
        # Links, redirects, permalinks and the citation origin check are built from Host: a
        # name this site was not set up to answer for (a DNS-rebinding page's) is refused.
        if "*" not in allowed and host_name(request.host) not in allowed:
            raise BadRequest(f"This site does not answer for the host name {host_name(request.host)[:100]!r}; "
                             f"use one of {', '.join(sorted(allowed))} (serve --allowed-host adds names).")

    @app.after_request
    def add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            # Open data: any site may read the JSON (no cookies are ever involved).
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
        return response


def require_same_origin() -> None:
    """Refuse a write that another site's page could have sent (CSRF without tokens or cookies).

    Browsers mark cross-site requests with ``Sec-Fetch-Site`` and send ``Origin`` on every
    POST; a request with neither (and no same-origin ``Referer``) is refused too.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        raise Forbidden("Citations can only be created from this site's own pages.")
    ours = _origin(request.host_url)
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        if origin.rstrip("/") != ours:
            raise Forbidden("Citations can only be created from this site's own pages.")
        return
    referrer = request.headers.get("Referer")
    if referrer and _origin(referrer) == ours:
        return
    raise Forbidden("Citations can only be created from this site's own pages "
                    "(the request said neither where it came from nor which site sent it).")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def client_key() -> str:
    """Who to rate-limit: the connecting address (the server is not behind a trusted proxy)."""
    return request.remote_addr or "unknown"
