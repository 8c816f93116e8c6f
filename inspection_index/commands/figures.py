"""``inspection-index figures import FILE…`` · ``figures fetch`` · ``figures show LA``"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import click

from .. import lookup
from ..errors import InspectionIndexError
from .common import open_catalogue, warn

if TYPE_CHECKING:
    from ..lookup import LocalAuthority


def _figures():
    """The figures package, imported on first use: it is slow to import, and --help needs none."""
    from .. import figures

    return figures

LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0."


@click.group("figures")
def command() -> None:
    """Official statistics (DfE workforce, Cafcass care applications) by local authority."""


def _report(summary: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    for loaded in summary["files"]:
        click.echo(f"{loaded['path']}: {loaded['rows']} figures ({loaded['not_published']} published "
                   f"as not available) → {loaded['source_table']}")
        for reason in loaded["skipped"]:
            warn(f"  skipped {reason}")
    for passed in summary.get("not_figures", []):
        warn(f"passed over {passed['path']}: {passed['reason']}")
    for skipped in summary.get("skipped_downloads", []):
        warn(f"skipped {skipped['url']}: {skipped['reason']}")
    for measure, years in summary["by_measure"].items():
        click.echo(f"  {measure}: {min(years)}–{max(years)}, {sum(years.values())} figures")


@command.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def import_command(ctx: click.Context, files: tuple[str, ...], as_json: bool) -> None:
    """Load DfE workforce tables and Cafcass care application tables or spreadsheets.

    Each file is recognised by its columns. Re-importing a file replaces its earlier figures;
    a file that cannot be read stops the import before anything is changed.
    """
    _report(_figures().import_files(open_catalogue(ctx), files), as_json)


@command.command("fetch")
@click.option("--url", "urls", multiple=True, metavar="SOURCE",
              help="ees:PUBLICATION-SLUG, page:URL (follow its XLSX/CSV links) or a file URL; "
                   "repeatable (default: DfE's and Cafcass's current releases).")
@click.option("--ees-api", default=lambda: _figures().EES_CONTENT_API,
              show_default="DfE's explore-education-statistics content API",
              help="Explore education statistics content API (for a mirror or test server).")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds per download.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def fetch_command(ctx: click.Context, urls: tuple[str, ...], ees_api: str, timeout: float,
                  as_json: bool) -> None:
    """Download the publishers' current releases and load them (needs internet access)."""
    _report(_figures().fetch(open_catalogue(ctx), list(urls) or None, timeout=timeout, ees_api=ees_api),
            as_json)


def resolve_la(text: str) -> LocalAuthority:
    """A council from a 3-digit code, an E-code, an Ofsted provider URN or a name."""
    from ..figures import councils
    from ..lookup import LocalAuthority

    figures = _figures()
    text = text.strip()
    if re.fullmatch(r"\d{3}|E\d{8}", text):
        council = councils.by_code(text)
        if council:
            return LocalAuthority("", council.la_code, council.new_la_code, council.name, "")
    found = lookup.by_urn(text) if text.isdigit() else figures.la_for_report(None, text)
    if found is None:
        raise InspectionIndexError(f"no local authority called or coded {text!r}")
    return found


def _value(figure: dict) -> str:
    if figure["value"] is None:
        return "—"
    return f"{figure['value']:g}{'%' if figure['unit'] == '%' else ''}"


@command.command("show")
@click.argument("local_authority")
@click.option("--year", type=int, help="Census year (30 September) / Cafcass year ending March.")
@click.option("--inspection-end", metavar="DATE",
              help="Show the figures for an inspection ending on DATE (the year rule of reports).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def show_command(ctx: click.Context, local_authority: str, year: int | None,
                 inspection_end: str | None, as_json: bool) -> None:
    """A council's figures with their citations: one year, or every year loaded.

    LOCAL_AUTHORITY is a name, a DfE 3-digit code, an E-code or an Ofsted provider URN.
    """
    figures = _figures()
    catalogue = open_catalogue(ctx)
    la = resolve_la(local_authority)
    if year is None and inspection_end is None:
        trends = {m: figures.series(catalogue, la.la_code, m) for m in figures.MEASURES}
        trends = {m: points for m, points in trends.items() if points}
        if as_json:
            click.echo(json.dumps({"la_code": la.la_code, "la_name": la.name, "series": trends}, indent=2))
            return
        click.echo(f"{la.name} ({la.la_code})")
        for measure, points in trends.items():
            values = " · ".join(f"{p['year']} {_value({**p, 'unit': figures.MEASURES[measure]['unit']})}"
                                for p in points)
            click.echo(f"  {figures.MEASURES[measure]['label']}: {values}")
            click.echo(f"    latest: {figures.citation(measure, points[-1]['year'], points[-1]['source_table'])}")
        click.echo(LICENCE)
        return
    try:
        years = {m: figures.year_for(m, inspection_end) if inspection_end else year for m in figures.MEASURES}
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--inspection-end") from error
    shown = {m: figures.figure_for(catalogue, la, m, years[m]) for m in figures.MEASURES}
    shown = {m: f for m, f in shown.items() if f["status"] != "not_loaded"}
    if as_json:
        click.echo(json.dumps({"la_code": la.la_code, "la_name": la.name, "figures": shown}, indent=2))
        return
    when = f"inspection ending {inspection_end}" if inspection_end else str(year)
    click.echo(f"{la.name} ({la.la_code}), {when}")
    for figure in shown.values():
        click.echo(f"  {figure['label']}: {_value(figure)} ({figure['year']})"
                   + (f" [{figure['note']}]" if figure["note"] else ""))
        click.echo(f"    {figure['citation'] or figure['missing_reason']}"
                   if figure["value"] is not None else f"    missing: {figure['missing_reason']}")
    click.echo(LICENCE)
