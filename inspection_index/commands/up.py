"""``inspection-index up``: the main job — crawl what is new, extract, index, then serve.

Each stage is the stage package's public API. A crawl that fails (no internet, the site down)
is reported in one line and the job goes on with what is already collected.
"""

from __future__ import annotations

import os
import sys

import click

from ..catalogue import Catalogue
from ..config import Config
from ..errors import InspectionIndexError
from .common import config_of, engine_option, warn, with_engine
from .extract import extract_collected_with_progress
from .index import build_with_progress
from .serve import allowed_hosts_option, host_option, port_option, processes_option, run

SITES = ("ofsted", "cafcass")


def say(message: str) -> None:
    """A stage line on stderr when it is a terminal (quiet for scripts)."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


def crawl_new(config: Config) -> None:
    import crawler

    for site in SITES:
        say(f"Crawling {site} for new documents…")
        try:
            summary = crawler.crawl(config, site)
        except InspectionIndexError as error:  # unreachable (offline), or the site changed shape
            warn(f"Could not crawl {site} ({error}); going on with what is already collected.")
            continue
        say(summary.line())


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


@click.command("up")
@click.option("--no-crawl", is_flag=True, help="Do not crawl: extract, index and serve what is collected.")
@click.option("--no-serve", is_flag=True, help="Stop after indexing.")
@click.option("--jobs", type=click.IntRange(1, 64), default=lambda: min(8, os.cpu_count() or 1),
              show_default="the number of CPUs, at most 8", help="Documents extracted at once.")
@host_option
@port_option
@processes_option
@allowed_hosts_option
@engine_option
@click.pass_context
def command(ctx: click.Context, no_crawl: bool, no_serve: bool, jobs: int, host: str, port: int,
            processes: int, allowed_hosts: tuple[str, ...], engine: str | None) -> None:
    """The main job: crawl what is new, extract, index, then serve the web UI.

    Without internet the crawl fails with a one-line message and the rest goes on with what
    is already collected (import PDFs with `inspection-index import`).
    """
    config = with_engine(config_of(ctx), engine).ensure()
    if not no_crawl:
        crawl_new(config)
    extract_new(config, jobs)
    summary = index(config)
    ready = f"{summary['documents']} reports indexed (corpus version {summary['corpus_version']}). "
    if no_serve:
        click.echo(f"{ready}Serve them with `inspection-index serve` at http://localhost:{port}/")
        return
    run(config, host, port, before=ready, processes=processes, extra_hosts=allowed_hosts)
