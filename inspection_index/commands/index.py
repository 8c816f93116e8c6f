"""``inspection-index index``"""

from __future__ import annotations

import json

import click

from ..errors import DiskFull
from ..store import disk_is_full
from .common import Progress, config_of, engine_option, with_engine


def build_with_progress(config, rebuild: bool = False) -> dict:
    """``search.build_index`` with a progress line on a terminal; shared with ``up``."""
    import search  # heavy (Whoosh, SciPy): only when a command needs it, so --help is quick

    progress = Progress("Indexing")

    def on_report(done: int, total: int) -> None:
        progress.total = total
        progress.update(step=done - progress.done)

    try:
        return search.build_index(config, rebuild=rebuild, progress=on_report)
    except DiskFull:
        raise
    except Exception as error:
        if disk_is_full(config.data_dir):
            raise DiskFull(
                f"the disk holding {config.data_dir} filled while the index was being built: the index "
                "keeps its last complete state (an update is committed whole or not at all) and goes on "
                "serving; free space and run `inspection-index index` again") from error
        raise
    finally:
        progress.close()


@click.command("index")
@click.option("--rebuild", is_flag=True,
              help="Build a whole new index beside the live one and swap it in when complete.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@engine_option
@click.pass_context
def command(ctx: click.Context, rebuild: bool, as_json: bool, engine: str | None) -> None:
    """Bring the search index up to date with what has been extracted.

    Adds new and changed reports and drops removed ones; readers (the web server) keep
    answering from the previous state until the update is committed.
    """
    summary = build_with_progress(with_engine(config_of(ctx), engine), rebuild=rebuild)
    if as_json:
        click.echo(json.dumps(summary))
        return
    click.echo(f"Indexed {summary['documents']} reports ({summary['passages']} passages): "
               f"{summary['added']} added, {summary['updated']} updated, {summary['removed']} removed "
               f"in {summary['seconds']:.1f}s. Corpus version {summary['corpus_version']}.", err=True)
