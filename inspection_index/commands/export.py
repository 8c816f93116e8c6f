"""``inspection-index export DIR``: the dataset as a Frictionless data package (CSV a table)."""

from __future__ import annotations

import json

import click

from .common import config_of, open_catalogue


@click.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def command(ctx: click.Context, directory: str, as_json: bool) -> None:
    """Write reports.csv, mentions.csv, figures.csv and datapackage.json into DIRECTORY.

    Load it with pandas (pandas.read_csv("DIR/reports.csv")) or frictionless.
    """
    import search   # the analyses' dependencies load only for this command

    catalogue = open_catalogue(ctx)
    written = search.write_package(catalogue, search.document_table(catalogue), directory,
                                   search.index_status(config_of(ctx))["corpus_version"])
    if as_json:
        click.echo(json.dumps(written, indent=2))
        return
    click.echo(f"Wrote {written['reports']} reports and {written['mentions']} mentions to {written['directory']} "
               f"({', '.join(written['files'])}; corpus version {written['corpus_version'] or 'none'}).")
