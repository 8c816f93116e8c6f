"""``inspection-index status``"""

from __future__ import annotations

import json

import click

from search import index_status

from ..validation import printable
from .common import config_of, open_catalogue


def collect_status(ctx: click.Context) -> dict:
    catalogue = open_catalogue(ctx)
    by_source = {row["source"]: row["n"] for row in
                 catalogue.query("SELECT source, COUNT(*) AS n FROM documents GROUP BY source")}
    failures = catalogue.failures()
    return {
        "data_dir": str(config_of(ctx).data_dir),
        "documents": catalogue.count_documents(),
        "by_source": by_source,
        "extracted": catalogue.count_extracted(),
        "indexed": index_status(config_of(ctx))["indexed"],
        "failed": [
            {"source": f["location"], "reason": f["reason"], "stage": f["stage"],
             "origin": f["source"], "attempts": f["attempts"], "last_failed_at": f["last_failed_at"]}
            for f in failures
        ],
    }


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """What is collected, extracted and indexed, and what failed and why."""
    status = collect_status(ctx)
    if as_json:
        click.echo(json.dumps(status, indent=2))
        return
    click.echo(f"Data directory: {status['data_dir']}")
    sources = ", ".join(f"{n} {source}" for source, n in sorted(status["by_source"].items()))
    click.echo(f"Documents: {status['documents']}" + (f" ({sources})" if sources else ""))
    click.echo(f"Extracted: {status['extracted']}")
    click.echo(f"Indexed:   {status['indexed']}")
    click.echo(f"Failed:    {len(status['failed'])}")
    for failure in status["failed"]:
        click.echo(printable(f"  [{failure['stage']}] {failure['source']}: {failure['reason']}"))
