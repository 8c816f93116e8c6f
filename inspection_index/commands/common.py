"""What the command modules share: the config from the context, and terminal progress."""

from __future__ import annotations

import dataclasses
import sys

import click

from ..catalogue import Catalogue
from ..config import SEARCH_ENGINES, Config


def config_of(ctx: click.Context) -> Config:
    return ctx.find_root().obj["config"]


def engine_option(function):
    return click.option(
        "--engine", type=click.Choice(SEARCH_ENGINES), default=None,
        help=f"Search engine to index with ({SEARCH_ENGINES[0]} by default, or the one the index was built "
             "with). Naming another engine than the index's rebuilds it; citations keep working.")(function)


def with_engine(config: Config, engine: str | None) -> Config:
    return dataclasses.replace(config, engine=engine) if engine else config


def open_catalogue(ctx: click.Context) -> Catalogue:
    return Catalogue(config_of(ctx))


class Progress:
    """A one-line progress display on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str, total: int | None = None, stream=None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()

    def update(self, step: int = 1, detail: str = "") -> None:
        self.done += step
        if self.enabled:
            of = f"/{self.total}" if self.total is not None else ""
            self.stream.write(f"\r\033[K{self.label}: {self.done}{of} {detail}"[:200])
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


def say(message: str) -> None:
    """A stage line on stderr when it is a terminal (quiet for scripts)."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


def warn(message: str) -> None:
    """One line on stderr, always (failures are never hidden behind the TTY check)."""
    click.echo(message, err=True)
