"""``inspection-index serve [--host H] [--port P]``: the web UI and JSON API on waitress."""

from __future__ import annotations

import click

from ..config import Config
from ..errors import InspectionIndexError
from .common import config_of

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
THREADS = 8


def host_option(function):
    return click.option("--host", default=DEFAULT_HOST, show_default=True,
                        help="Address to listen on (0.0.0.0 for every interface).")(function)


def port_option(function):
    return click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
                        help="Port to listen on (0 picks a free one).")(function)


def make_server(config: Config, host: str, port: int):
    """A waitress server for the web app over ``config``'s data dir (not yet running)."""
    from waitress.server import create_server

    from webui import create_app

    return create_server(create_app(config), host=host, port=port, threads=THREADS,
                         ident="inspection-index", clear_untrusted_proxy_headers=True)


def url_of(server) -> str:
    host = server.effective_host
    shown = "localhost" if host in ("127.0.0.1", "::1") else ("[%s]" % host if ":" in host else host)
    return f"http://{shown}:{server.effective_port}/"


def run(config: Config, host: str, port: int, before: str = "") -> None:
    """Serve until interrupted; the last line printed says where (stdout, always)."""
    try:
        server = make_server(config, host, port)
    except OSError as error:
        raise InspectionIndexError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    click.echo(f"{before}Inspection Index is at {url_of(server)} (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.close()


@click.command("serve")
@host_option
@port_option
@click.pass_context
def command(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web UI and JSON API (waitress, a production WSGI server)."""
    run(config_of(ctx), host, port)
