"""``inspection-index serve [--host H] [--port P] [--processes N]``: the web UI and JSON API on waitress."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
from typing import Iterator

import click

from ..config import Config
from ..errors import InspectionIndexError
from .common import config_of, engine_option, with_engine

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
THREADS = 8


def host_option(function):
    return click.option("--host", default=DEFAULT_HOST, show_default=True,
                        help="Address to listen on (0.0.0.0 for every interface).")(function)


def port_option(function):
    return click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
                        help="Port to listen on (0 picks a free one).")(function)


def processes_option(function):
    return click.option(
        "--processes", default=1, show_default=True, type=click.IntRange(1, 64),
        help="Server processes sharing the port, each with its own threads (needs fork: Linux, "
             "macOS). One process runs the Python work of its requests one at a time, so a busy "
             "site wants about one per CPU. The citation rate limit counts per process.")(function)


def allowed_hosts_option(function):
    return click.option(
        "--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
        help="A host name the site answers for, besides localhost and the --host address "
             "(repeatable; '*' answers for any name, which lets DNS-rebinding pages in).")(function)


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The Host names to answer for: localhost, the address listened on (or, on every
    interface, this machine's names), and ``extra``."""
    from webui import LOCAL_HOSTS

    if host in ("", "0.0.0.0", "::"):
        own = (socket.gethostname(), socket.getfqdn())
    else:
        own = (host,)
    return tuple(dict.fromkeys((*LOCAL_HOSTS, *own, *extra)))


def make_server(config: Config, host: str, port: int, sock: socket.socket | None = None,
                hosts: tuple[str, ...] | None = None):
    """A waitress server for the web app over ``config``'s data dir (not yet running); on
    ``sock``, an already listening socket, instead of ``host``:``port`` when given. ``hosts``:
    the Host names it answers for (default: ``allowed_hosts(host)``)."""
    from webui import create_app, create_server, warm_up

    where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    app = create_app({"DATA_DIR": config.data_dir, "ALLOWED_HOSTS": hosts or allowed_hosts(host)})
    warm_up(app)
    return create_server(app, threads=THREADS, ident="inspection-index", clear_untrusted_proxy_headers=True,
                         **where)


def url_of(host: str, port: int) -> str:
    shown = "localhost" if host in ("127.0.0.1", "::1") else ("[%s]" % host if ":" in host else host)
    return f"http://{shown}:{port}/"


def _cannot_listen(host: str, port: int, error: OSError) -> InspectionIndexError:
    return InspectionIndexError(f"cannot listen on {host}:{port}: {error.strerror or error}")


def _listening(config: Config, host: str, port: int, hosts: tuple[str, ...]):
    try:
        return make_server(config, host, port, hosts=hosts)
    except OSError as error:
        raise _cannot_listen(host, port, error) from error


def run(config: Config, host: str, port: int, before: str = "", processes: int = 1,
        extra_hosts: tuple[str, ...] = ()) -> None:
    """Serve until interrupted; the last line printed says where (stdout, always)."""
    hosts = allowed_hosts(host, extra_hosts)
    if processes > 1:
        _run_processes(config, host, port, before, processes, hosts)
        return
    server = _listening(config, host, port, hosts)
    click.echo(f"{before}Inspection Index is at {url_of(server.effective_host, server.effective_port)} (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.close()


@contextlib.contextmanager
def serving(config: Config, host: str, port: int, processes: int = 1,
            extra_hosts: tuple[str, ...] = ()) -> Iterator[str]:
    """The site served in the background while the caller works (``up``); yields its URL.

    One process: a server thread. More: forked server processes, started before the caller
    starts any thread of its own (forking a threaded process is unsafe).
    """
    hosts = allowed_hosts(host, extra_hosts)
    if processes > 1:
        with _forked(config, host, port, processes, hosts) as (url, _):
            yield url
        return
    server = _listening(config, host, port, hosts)
    threading.Thread(target=server.run, name="web-server", daemon=True).start()
    try:
        yield url_of(server.effective_host, server.effective_port)
    finally:
        server.close()


@contextlib.contextmanager
def _forked(config: Config, host: str, port: int, processes: int,
            hosts: tuple[str, ...]) -> Iterator[tuple[str, list[int]]]:
    """Pre-fork: listen, fork the servers (each builds its own app, so no SQLite connection or
    index reader crosses a fork); yield (URL, their pids); stop them all on the way out."""
    if not hasattr(os, "fork"):
        raise InspectionIndexError("--processes above 1 needs fork (Linux or macOS); serve with one process here")
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.create_server((host, port), family=family, backlog=1024)
    except OSError as error:
        raise _cannot_listen(host, port, error) from error
    children: list[int] = []
    try:
        for _ in range(processes):
            pid = os.fork()
            if pid == 0:
                _serve_child(config, sock, hosts)
            children.append(pid)
        yield url_of(host, sock.getsockname()[1]), children
    finally:
        sock.close()
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
                os.waitpid(child, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def _run_processes(config: Config, host: str, port: int, before: str, processes: int,
                   hosts: tuple[str, ...]) -> None:
    """Serve from ``processes`` forked servers until one stops, or Ctrl+C or SIGTERM."""
    signal.signal(signal.SIGTERM, interrupt)
    try:
        with _forked(config, host, port, processes, hosts) as (url, children):
            click.echo(f"{before}Inspection Index is at {url} ({processes} processes; Ctrl+C to stop)")
            pid, status = os.wait()
            children.remove(pid)
            raise InspectionIndexError(f"a server process stopped ({_how(status)}); stopping the others")
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


def _serve_child(config: Config, sock: socket.socket, hosts: tuple[str, ...]) -> None:
    """A forked server process: serve on the shared socket until told to stop; never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent stops us with SIGTERM
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        make_server(config, "", 0, sock=sock, hosts=hosts).run()
    except BaseException as error:  # noqa: BLE001 - a child must never return into the parent's code
        click.echo(f"server process {os.getpid()}: {error}", err=True)
        code = 1
    finally:
        os._exit(code)


def interrupt(signum, frame) -> None:
    """A signal handler: SIGTERM stops like Ctrl+C (shared with ``up``)."""
    raise KeyboardInterrupt


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


@click.command("serve")
@host_option
@port_option
@processes_option
@allowed_hosts_option
@engine_option
@click.pass_context
def command(ctx: click.Context, host: str, port: int, processes: int, allowed_hosts: tuple[str, ...],
            engine: str | None) -> None:
    """Serve the web UI and JSON API (waitress, a production WSGI server).

    With --engine, the index is first brought up to date with that engine (rebuilt if it was
    built with the other one).
    """
    config = config_of(ctx)
    before = ""
    if engine:
        from .index import build_with_progress   # imports the search stack: only when asked

        summary = build_with_progress(with_engine(config, engine))
        before = f"{summary['documents']} reports indexed with {engine}. "
    run(config, host, port, before=before, processes=processes, extra_hosts=allowed_hosts)
