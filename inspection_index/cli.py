"""The ``inspection-index`` command line: a thin layer over the stages' Python APIs.

Exit status 0 on success, 1 on failure, 2 on bad usage. Errors are one sentence on stderr;
``--debug`` shows the traceback. Progress goes to stderr only when it is a terminal.
"""

from __future__ import annotations

import sys
import traceback

import click

from .commands import COMMANDS
from .config import DATA_DIR_ENV, Config
from .errors import InspectionIndexError


DATA_DIR_HELP = f"Data directory (default: ${DATA_DIR_ENV}, else ./inspection-data)."
DEBUG_HELP = "Show tracebacks on errors."
FIRST_STEPS = """Inspection Index: search what Ofsted's children's social care reports say.

Start here:

  inspection-index up

It serves the site at http://localhost:5000/ within seconds and collects every council's
reports in the background (searchable in batches as they arrive). Without internet it shows
a sample of 10 real reports. `inspection-index COMMAND --help` explains each command.
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             invoke_without_command=True)
@click.option("--data-dir", type=click.Path(file_okay=False), envvar=DATA_DIR_ENV, help=DATA_DIR_HELP)
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, help="Show the version and exit.",
              callback=lambda ctx, param, value: _show_version(ctx) if value else None)
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, debug: bool) -> None:
    """Collect, extract, index and search Ofsted children's social care reports.

    Run `inspection-index up` to do everything and open the web UI.
    """
    ctx.obj = {"config": Config.from_env(data_dir), "debug": debug}
    if ctx.invoked_subcommand is None:
        click.echo(FIRST_STEPS)
        click.echo(ctx.get_help())


def _show_version(ctx: click.Context) -> None:
    from . import __version__

    click.echo(f"inspection-index, version {__version__}")
    ctx.exit()


def _data_dir_here(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_root().ensure_object(dict)["config"] = Config.from_env(value)


def _debug_here(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().ensure_object(dict)["debug"] = True


def _shared_options(command: click.Command) -> None:
    """``--data-dir`` and ``--debug`` also after the command's name (``status --data-dir DIR``),
    as well as before it; the later one wins."""
    command.params.append(click.Option(["--data-dir"], type=click.Path(file_okay=False), metavar="DIR",
                                       expose_value=False, callback=_data_dir_here, help=DATA_DIR_HELP))
    command.params.append(click.Option(["--debug"], is_flag=True, expose_value=False, callback=_debug_here,
                                       help=DEBUG_HELP))
    for sub in getattr(command, "commands", {}).values():
        _shared_options(sub)


for command in COMMANDS:
    _shared_options(command)
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="inspection-index", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except click.ClickException as error:  # bad usage: click's own message, exit 2
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except InspectionIndexError as error:
        if debug:
            traceback.print_exc()
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - the last line of defence: one sentence, exit 1
        if debug:
            traceback.print_exc()
        else:
            click.echo(f"Error: {type(error).__name__}: {error} (run with --debug for details)", err=True)
        sys.exit(1)
    sys.exit(0)
