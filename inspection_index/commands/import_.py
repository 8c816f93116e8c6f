"""``inspection-index import PATH…``"""

from __future__ import annotations

import json

import click

from ..importer import import_paths
from ..validation import printable
from .common import Progress, open_catalogue, warn


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def command(ctx: click.Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Add PDFs already on disk (files or folders, recursively) to the collection.

    A manifest.csv beside the files (columns as in the shared corpus manifest) supplies
    provider URN, local authority, title, publication date, kind and source URL. Files
    are deduplicated by content; files that are not readable PDFs are reported, recorded as
    failures and retried on the next run.
    """
    catalogue = open_catalogue(ctx)
    progress = Progress("Importing")

    def on_file(path, outcome, reason):
        if outcome == "failed":
            warn(printable(f"{path}: {reason}"))
        progress.update(detail=printable(path.name))

    summary = import_paths(catalogue, paths, on_file=on_file)
    progress.close()
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
    else:
        click.echo(f"Imported {summary.new} new, {summary.known} already held, "
                   f"{len(summary.failed)} failed.", err=True)
