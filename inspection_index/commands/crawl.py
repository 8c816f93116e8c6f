"""``inspection-index crawl ofsted|cafcass`` — a thin layer over :func:`crawler.crawl`."""

from __future__ import annotations

import json

import click

from .common import config_of, warn


def _settings(pairs: tuple[str, ...]) -> dict[str, object]:
    settings: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--set")
        try:
            settings[name] = json.loads(value)
        except json.JSONDecodeError:
            settings[name] = value
    return settings


def _common(function):
    options = [
        click.option("--base-url", metavar="URL",
                     help="Crawl a mirror or test server laid out like the real site."),
        click.option("--limit", type=click.IntRange(min=1), metavar="N",
                     help="Stop after downloading N files (a quick look)."),
        click.option("--retry-failed", is_flag=True,
                     help="Try again links that failed for good before (404, withdrawn)."),
        click.option("--set", "-s", "settings", multiple=True, metavar="NAME=VALUE",
                     help="Override a Scrapy setting, e.g. -s DOWNLOAD_DELAY=0 for a local mirror."),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _run(ctx: click.Context, site: str, as_json: bool, settings: tuple[str, ...], **options) -> None:
    import crawler

    try:
        summary = crawler.crawl(config_of(ctx), site, settings=_settings(settings), **options)
    except crawler.CrawlError as error:
        if error.summary:
            warn(error.summary.line())
        if isinstance(error, crawler.CrawlInterrupted) and error.signal:
            warn(str(error))
            # As if killed by the signal, once the crawl has saved its place. (SystemExit, not
            # ctx.exit: click returns that code instead of exiting when not in standalone mode.)
            raise SystemExit(128 + error.signal) from None
        raise
    except KeyboardInterrupt as stop:  # Ctrl-C: the crawl saved its place; say what it did
        if isinstance(stop.__cause__, crawler.CrawlError) and stop.__cause__.summary:
            warn(stop.__cause__.summary.line())
        raise
    for note in summary.notes:
        warn(f"Note: {note}")
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
    warn(summary.line())


@click.group("crawl")
def command() -> None:
    """Collect reports from Ofsted and documents from Cafcass, politely and incrementally.

    One request at a time per host with a delay, robots.txt obeyed, retries with backoff.
    Files already collected are never downloaded again. An interrupted crawl (Ctrl-C, kill)
    continues where it stopped when run again.
    """


@command.command("ofsted")
@_common
@click.option("--type", "provider_type", default="la", show_default=True, metavar="TYPE",
              help="la, childrens-homes, social-care (every children's social care type), "
                   "or a level_2_types number.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only providers whose latest report is this recent.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only providers whose latest report is no later.")
@click.option("--region", "regions", multiple=True, metavar="CODE", help="ONS region code (repeatable).")
@click.option("--open-only", is_flag=True, help="Only open providers.")
@click.pass_context
def ofsted(ctx: click.Context, **options) -> None:
    """Collect every published children's social care report from reports.ofsted.gov.uk."""
    _run(ctx, "ofsted", **options)


@command.command("cafcass")
@_common
@click.option("--max-depth", type=click.IntRange(min=0), metavar="N",
              help="How many links away from the start pages to follow (default 3).")
@click.pass_context
def cafcass(ctx: click.Context, **options) -> None:
    """Collect Cafcass's published documents: data, annual reports, research, Ofsted results."""
    _run(ctx, "cafcass", **options)
