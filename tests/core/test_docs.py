"""The docs must not drift from the program: every command and option they show must exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from inspection_index.cli import cli

REPO = Path(__file__).resolve().parents[2]
GLOBAL_OPTIONS = {"--data-dir", "--debug", "--version", "--help", "-h"}


DOC_PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def _command_lines(text: str) -> list[str]:
    """`inspection-index …` lines of fenced blocks, indented blocks and table cells."""
    lines = []
    for block in re.findall(r"```(?:sh|console|bash)?\n(.*?)```", text, flags=re.S):
        lines += block.splitlines()
    lines += [line for line in text.splitlines() if line.startswith("    inspection-index ")]
    found = []
    for line in lines:
        for segment in line.split("&&"):
            segment = segment.split("#")[0].strip()
            if segment.startswith("inspection-index"):
                found.append(segment)
    for cell in re.findall(r"\| `(inspection-index [^`]+)`", text):
        found += cell.split("` · `")
    return found


def documented_invocations() -> list[tuple[str, str]]:
    """(where, command line) for each `inspection-index …` the README and the docs pages show."""
    found = []
    for page in DOC_PAGES:
        where = str(page.relative_to(REPO))
        text = page.read_text()
        for line in _command_lines(text):
            found.append((where, line))
        if page.name == "interfaces.md":
            for cell in re.findall(r"`(inspection-index [^`]+)`", text):
                found += [(where, part) for part in cell.split(" · ")]
    return found


def _resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    command: click.Command = cli
    rest = list(words)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        name = rest.pop(0)
        if name not in command.commands:
            if name.isupper() or name.endswith("…") or "/" in name or "." in name or name.startswith("<"):
                rest.insert(0, name)  # an argument placeholder such as PATH… or FILE
                break
            raise AssertionError(f"no command {name!r}")
        command = command.commands[name]
    return command, rest


def _options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", text))


@pytest.mark.parametrize("where, line", documented_invocations())
def test_documented_command_exists_with_its_options(where, line):
    words = shlex.split(line.replace("[", " ").replace("]", " ").replace("|", " "))[1:]
    # Global options come before the command; drop them and their values.
    while words and words[0] in GLOBAL_OPTIONS:
        words = words[2:] if words[0] == "--data-dir" else words[1:]
    command, rest = _resolve(words)
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    known |= GLOBAL_OPTIONS
    missing = _options(" ".join(rest)) - known
    assert not missing, f"{where}: `{line}` shows options {sorted(missing)} that `{command.name}` lacks"


def test_docs_show_every_top_level_command():
    shown = {words.split()[1] for _, words in documented_invocations() if len(words.split()) > 1}
    assert set(cli.commands) <= shown | {"--help"}, f"undocumented commands: {set(cli.commands) - shown}"
