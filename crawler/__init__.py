"""The crawler: a Scrapy project collecting Ofsted reports and Cafcass documents into the catalogue.

Public API:

- :func:`crawl` — run one crawl (``site="ofsted"`` or ``"cafcass"``) and return its
  :class:`CrawlSummary`. Safe to call many times in one process: each crawl runs in a child
  process (Twisted's reactor cannot restart), resumable through ``<data dir>/crawl/<site>``.
- :class:`CrawlSummary` — providers expected/seen, files new/known/failed, failures with reasons.
- :class:`CrawlError` (the site changed shape, could not be reached…) and
  :class:`CrawlInterrupted`; both carry the ``summary`` of what was done.

Stopping a crawl: send its process SIGTERM or SIGINT (Ctrl-C) while :func:`crawl` runs in the
main thread, or set the ``stop`` event from another thread. Either way the signal reaches the
crawl process, which saves its place and exits; :func:`crawl` then raises
:class:`CrawlInterrupted` (SIGTERM, ``stop``) or KeyboardInterrupt (SIGINT, raised from a
CrawlInterrupted that carries the summary). A second signal stops the crawl at once, without
saving its place.
- :data:`SITES`, :data:`PROVIDER_TYPES`.

The spiders are also ordinary Scrapy spiders: ``scrapy list`` / ``scrapy crawl ofsted`` work
from the repository root (``scrapy.cfg``).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from inspection_index import Config, InspectionIndexError

from .sites import CAFCASS, OFSTED
from .summary import CrawlSummary

SITES = ("ofsted", "cafcass")
PROVIDER_TYPES = tuple(OFSTED.PROVIDER_TYPES)
_OFSTED_FILTERS = ("since", "until", "regions", "open_only")
_CAFCASS_FILTERS = ("max_depth",)
_REPO = Path(__file__).resolve().parent.parent

__all__ = ["CrawlError", "CrawlInterrupted", "CrawlSummary", "PROVIDER_TYPES", "SITES", "crawl"]


class CrawlError(InspectionIndexError):
    """The crawl could not do its job; ``summary`` says what it did manage."""

    def __init__(self, message: str, summary: CrawlSummary | None = None):
        super().__init__(message)
        self.summary = summary


class CrawlInterrupted(CrawlError):
    """The crawl was stopped (signal) after saving its place; the same call continues it.
    ``signal`` is the signal this process received and passed on (None: the crawl process was
    signalled directly, or ``stop`` was set)."""

    def __init__(self, message: str, summary: CrawlSummary | None = None, signal: int | None = None):
        super().__init__(message, summary)
        self.signal = signal


def _spider_args(site: str, base_url: str | None, provider_type: str, limit: int | None,
                 retry_failed: bool, filters: dict[str, Any]) -> dict[str, Any]:
    allowed = _OFSTED_FILTERS if site == "ofsted" else _CAFCASS_FILTERS
    unknown = sorted(set(filters) - set(allowed))
    if unknown:
        raise InspectionIndexError(f"the {site} crawl has no option {unknown[0]!r} (it has: {', '.join(allowed)})")
    if limit is not None and int(limit) < 1:
        raise InspectionIndexError("--limit must be at least 1")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise InspectionIndexError(f"--base-url must be an http:// or https:// URL, not {base_url!r}")
    args: dict[str, Any] = {"base_url": base_url, "limit": limit, "retry_failed": bool(retry_failed)}
    if site == "ofsted":
        try:
            OFSTED.check_provider_type(provider_type)
        except ValueError as error:
            raise InspectionIndexError(str(error)) from None
        for name in ("since", "until"):
            if filters.get(name):
                try:
                    date.fromisoformat(str(filters[name]))
                except ValueError:
                    raise InspectionIndexError(f"--{name} must be a date as YYYY-MM-DD, not {filters[name]!r}") from None
        args["provider_type"] = provider_type
        args.update({name: filters[name] for name in _OFSTED_FILTERS if filters.get(name)})
        if "regions" in args:
            args["regions"] = list(args["regions"])
    else:
        args["max_depth"] = int(filters.get("max_depth") or CAFCASS.MAX_DEPTH)
    return args


def _exit_with_parent() -> None:
    """In the child: get SIGTERM (a graceful, resumable stop) if the calling process dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextmanager
def _signals_to(child: subprocess.Popen):
    """While the crawl runs, SIGTERM and SIGINT to this process are passed on to the crawl
    process (in its own session, it gets nothing from the terminal or a process group kill)
    instead of ending this one at once and leaving it orphaned. Yields the signals received.
    Only the main thread can hold signal handlers; other threads stop a crawl with ``stop``."""
    received: list[int] = []

    def forward(signum, frame):
        received.append(signum)
        if child.poll() is None:
            child.send_signal(signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            if signal.getsignal(signum) is not signal.SIG_IGN:
                previous[signum] = signal.signal(signum, forward)
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _wait(child: subprocess.Popen, stop: threading.Event | None) -> int:
    """The crawl process's exit status; SIGTERM to it once ``stop`` is set."""
    while stop is not None and not stop.is_set():
        try:
            return child.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
    if stop is not None and child.poll() is None:
        child.send_signal(signal.SIGTERM)
    return child.wait()


def crawl(config: Config, site: str = "ofsted", base_url: str | None = None, provider_type: str = "la",
          limit: int | None = None, *, retry_failed: bool = False, settings: dict[str, Any] | None = None,
          stop: threading.Event | None = None, **filters: Any) -> CrawlSummary:
    """Crawl ``site`` into ``config``'s catalogue; return what was done.

    ``base_url`` points the crawl at a mirror or a test server laid out like the real site
    (default https://reports.ofsted.gov.uk / https://www.cafcass.gov.uk). Ofsted only:
    ``provider_type`` (``la``, ``childrens-homes``, ``social-care`` or a ``level_2_types``
    number) and filters ``since`` / ``until`` (YYYY-MM-DD, latest report date), ``regions``
    (ONS region codes), ``open_only``. Cafcass only: ``max_depth`` (links followed from the
    start pages). ``limit`` stops after that many files downloaded. Links that failed for good
    before (404, "Report not found") are skipped unless ``retry_failed``. ``settings`` overrides
    Scrapy settings (e.g. ``{"DOWNLOAD_DELAY": 0}`` for a local mirror). Setting ``stop`` (from
    another thread) stops the crawl as SIGTERM would.

    Files already in the catalogue (same file id, URL or content) are never downloaded again.
    Progress and each failure go to stderr. Raises :class:`CrawlError` when the site changed
    shape or could not be read, :class:`CrawlInterrupted` when the crawl was stopped by a
    signal or ``stop`` (calling again continues it), and KeyboardInterrupt (from a
    CrawlInterrupted) on SIGINT, each only after the crawl process has saved its place and exited.
    """
    if site not in SITES:
        raise InspectionIndexError(f"unknown site {site!r} (use {' or '.join(SITES)})")
    spider_args = _spider_args(site, base_url, provider_type, limit, retry_failed, filters)
    config.ensure()
    handle, summary_path = tempfile.mkstemp(prefix=f"crawl-{site}-", suffix=".json")
    os.close(handle)
    options = {"site": site, "data_dir": str(config.data_dir), "spider_args": spider_args,
               "settings": settings or {}, "summary_path": summary_path}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(_REPO), os.environ.get("PYTHONPATH")])))
    try:
        # Its own session: a signal reaches the crawl exactly once, passed on by _signals_to, so
        # Scrapy shuts down gracefully (a second signal would make it stop without saving its place).
        # -P: the current directory is not put on sys.path, so a file there named like a module
        # (a stray tty.py or scrapy.py) cannot shadow it inside the crawl.
        child = subprocess.Popen([sys.executable, "-P", "-m", "crawler", json.dumps(options)], env=env,
                                 stdout=subprocess.DEVNULL, start_new_session=True,
                                 preexec_fn=_exit_with_parent if sys.platform.startswith("linux") else None)
        with _signals_to(child) as received:
            returncode = _wait(child, stop)
        text = Path(summary_path).read_text()
    finally:
        Path(summary_path).unlink(missing_ok=True)
    if not text:
        raise CrawlError(f"the {site} crawl stopped unexpectedly (exit status {returncode}); "
                         "run it again to continue")
    summary = CrawlSummary.from_dict(json.loads(text))
    if summary.error:
        raise CrawlError(summary.error, summary)
    if summary.interrupted or received or (stop is not None and stop.is_set()):
        interrupted = CrawlInterrupted(f"the {site} crawl was interrupted; run it again to continue where it "
                                       "stopped", summary, received[0] if received else None)
        if signal.SIGINT in received:
            raise KeyboardInterrupt from interrupted
        raise interrupted
    return summary
