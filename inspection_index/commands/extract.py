"""``inspection-index extract [FILE…] [--jsonl] [--jobs N]``

With files: one JSON object per file on stdout (the record of docs/architecture.md), in the
order given, touching nothing in the data dir. Without files: extract every collected document
that has no extraction at the current extractor version, and save the records in the catalogue.
Exit 0 even when some files could not be read (their records say why).
"""

from __future__ import annotations

import json
import os

import click

from .common import Progress, open_catalogue, warn


def _default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def extract_collected_with_progress(catalogue, jobs: int, timeout: float = 120) -> dict:
    """``extract.extract_collected`` with a progress line on a terminal; shared with ``up``.
    Closes ``catalogue``."""
    import extract

    try:
        waiting = len(catalogue.documents_needing_extraction(extract.EXTRACTOR_VERSION))
        progress = Progress("Extracting", waiting)
        try:
            return extract.extract_collected(
                catalogue, jobs=jobs, timeout=timeout,
                progress=lambda record: progress.update(detail=record.get("error") or ""))
        finally:
            progress.close()
    finally:
        catalogue.close()


@click.command("extract")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--jsonl", is_flag=True, help="JSON lines on stdout (the default and only format).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents extracted at once (default: the number of CPUs, at most 8).")
@click.option("--timeout", type=click.FloatRange(min=1), default=120, show_default=True,
              help="Seconds allowed per document before it is recorded as timed out.")
@click.pass_context
def command(ctx: click.Context, files: tuple[str, ...], jsonl: bool, jobs: int | None, timeout: float) -> None:
    """Extract text, judgements and resourcing themes from report PDFs.

    With FILE arguments, print one JSON line per file and touch nothing in the data dir.
    Without, extract every collected document not yet extracted (re-running does no work;
    a new extractor version re-extracts).
    """
    import extract

    jobs = jobs or _default_jobs()
    if files:
        for record in extract.extract_files(list(files), jobs=jobs, timeout=timeout):
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    summary = extract_collected_with_progress(open_catalogue(ctx), jobs=jobs, timeout=timeout)
    for failure in summary["errors"]:
        warn(f"{failure['sha256'][:16]}: {failure['error']}")
    click.echo(f"Extracted {summary['extracted']} document(s), {summary['failed']} could not be read, "
               f"{summary['skipped']} already up to date (extractor {extract.EXTRACTOR_VERSION}).", err=True)
