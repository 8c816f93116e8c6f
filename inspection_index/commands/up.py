"""``inspection-index up``: the main job — serve at once, and collect, extract and index in the
background (see :mod:`.pipeline`), again every ``--refresh``.

Each stage is the stage package's public API. A crawl that fails (no internet, the site down)
is reported in one line and the rest goes on with what is already collected; with nothing
collected and the site out of reach, the embedded sample of real reports stands in.
"""

from __future__ import annotations

import os
import re
import signal
import time

import click

from ..catalogue import Catalogue
from ..config import Config
from ..running import Claim
from .common import config_of, engine_option, say, warn, with_engine
from .crawl import parse_settings
from .extract import extract_collected_with_progress
from .index import build_with_progress
from .pipeline import BATCH_SECONDS, BATCH_SIZE, Batches, collect
from .serve import allowed_hosts_option, host_option, interrupt, port_option, processes_option, serving

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Interval(click.ParamType):
    """A duration such as 90s, 30m, 24h or 7d; ``off`` is None."""

    name = "interval"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, (int, float)):
            return value
        text = str(value).strip().lower()
        if text in ("off", "never", "no"):
            return None
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhd])", text)
        if not match or float(match.group(1)) <= 0:
            self.fail(f"{value!r} is not a duration such as 30m, 24h or 7d, or off", param, ctx)
        return float(match.group(1)) * UNITS[match.group(2)]


def extract_new(config: Config, jobs: int) -> None:
    summary = extract_collected_with_progress(Catalogue(config), jobs=jobs)
    if summary.get("failed"):
        warn(f"{summary['failed']} document(s) could not be read; `inspection-index status` says why.")
    say(f"Extracted {summary.get('extracted', 0)} new document(s).")


def index(config: Config) -> dict:
    summary = build_with_progress(config)
    say(f"Index: {summary['documents']} reports, {summary['passages']} passages "
        f"({summary['added']} added, {summary['updated']} updated, {summary['removed']} removed) "
        f"in {summary['seconds']:.1f} s; corpus version {summary['corpus_version']}.")
    return summary


def once(config: Config, claim: Claim, crawl: bool, base_urls: dict[str, str | None], settings: dict,
         jobs: int, port: int) -> None:
    """``up --no-serve``: crawl, extract and index, one after the other, then stop."""
    if crawl:
        collect(config, claim, base_urls, settings, refresh=None)
    extract_new(config, jobs)
    summary = index(config)
    click.echo(f"{summary['documents']} reports indexed (corpus version {summary['corpus_version']}). "
               f"Serve them with `inspection-index serve` at http://localhost:{port}/")


def serve_and_collect(config: Config, claim: Claim, crawl: bool, base_urls: dict[str, str | None],
                      settings: dict, refresh: float | None, batches: Batches, host: str, port: int,
                      processes: int, extra_hosts: tuple[str, ...] = ()) -> None:
    """Serve at once; collect, extract and index behind it until Ctrl+C or SIGTERM."""
    signal.signal(signal.SIGTERM, interrupt)
    with serving(config, host, port, processes, extra_hosts) as url:
        claim.publish(url=url)
        doing = "collecting reports in the background" if crawl else "indexing what is collected"
        click.echo(f"Inspection Index is at {url} (Ctrl+C to stop); {doing}.")
        batches.start()
        try:
            if crawl:
                collect(config, claim, base_urls, settings, refresh, batches)
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            warn("Stopping…")
        finally:
            batches.stop()
    warn("Stopped.")


@click.command("up")
@click.option("--no-crawl", is_flag=True, help="Do not crawl: extract, index and serve what is collected.")
@click.option("--no-serve", is_flag=True, help="Crawl, extract and index once, then stop.")
@click.option("--refresh", type=Interval(), default="24h", show_default=True, metavar="INTERVAL|off",
              help="While serving, crawl again this often (30m, 24h, 7d…), incrementally; off: crawl once.")
@click.option("--base-url", metavar="URL", help="Crawl this mirror or test server instead of reports.ofsted.gov.uk.")
@click.option("--cafcass-url", metavar="URL", help="Crawl this mirror or test server instead of www.cafcass.gov.uk.")
@click.option("--set", "-s", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting of the crawls, e.g. -s DOWNLOAD_DELAY=0 for a local mirror.")
@click.option("--jobs", type=click.IntRange(1, 64), default=lambda: min(8, os.cpu_count() or 1),
              show_default="the number of CPUs, at most 8", help="Documents extracted at once.")
@click.option("--batch", "batch_size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              metavar="N", help="While serving, make new documents searchable every N collected…")
@click.option("--batch-seconds", type=click.FloatRange(min=0.1), default=BATCH_SECONDS, show_default=True,
              metavar="S", help="…or every S seconds, whichever comes first.")
@host_option
@port_option
@processes_option
@allowed_hosts_option
@engine_option
@click.pass_context
def command(ctx: click.Context, no_crawl: bool, no_serve: bool, refresh: float | None, base_url: str | None,
            cafcass_url: str | None, settings: tuple[str, ...], jobs: int, batch_size: int,
            batch_seconds: float, host: str, port: int, processes: int, allowed_hosts: tuple[str, ...],
            engine: str | None) -> None:
    """The main job: serve the web UI at once, and collect, extract and index in the background.

    New reports become searchable in batches while the crawl goes on; every page shows what is
    running. Ctrl+C stops cleanly and the next `up` continues the crawl where it stopped.
    Without internet and with nothing collected, a sample of 10 real reports is shown until a
    crawl succeeds (import PDFs you have with `inspection-index import`).
    """
    config = with_engine(config_of(ctx), engine).ensure()
    base_urls = {"ofsted": base_url, "cafcass": cafcass_url}
    crawl_settings = parse_settings(settings)
    claim = Claim(config)
    try:
        if no_serve:
            once(config, claim, not no_crawl, base_urls, crawl_settings, jobs, port)
            return
        batches = Batches(config, claim, jobs=jobs, size=batch_size, seconds=batch_seconds)
        serve_and_collect(config, claim, not no_crawl, base_urls, crawl_settings, refresh, batches,
                          host, port, processes, allowed_hosts)
    finally:
        claim.release()
