"""``inspection-index sample add`` · ``sample remove``: the embedded sample of real reports."""

from __future__ import annotations

import click

from .. import sample
from .common import config_of, open_catalogue, warn
from .index import build_with_progress


@click.group("sample")
def command() -> None:
    """The embedded sample: 10 real Ofsted reports that `up` shows when it cannot collect."""


@command.command("add")
@click.pass_context
def add_command(ctx: click.Context) -> None:
    """Import the sample (marked as sample everywhere it shows); `up` extracts and indexes it."""
    added = sample.add(open_catalogue(ctx))
    warn(f"Added {added.new} sample reports ({added.known} already held).")


@command.command("remove")
@click.pass_context
def remove_command(ctx: click.Context) -> None:
    """Remove every sample document from the collection and the search index."""
    removed = sample.remove(open_catalogue(ctx))
    if removed:
        build_with_progress(config_of(ctx))
    warn(f"Removed {removed} sample reports.")
