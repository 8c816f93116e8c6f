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


# What a documented placeholder stands for, to parse the line as someone would type it.
PLACEHOLDERS = {"DIR": "/tmp/inspection-data", "URL": "http://127.0.0.1:9", "N": "2", "FILE": "report.pdf",
                "PATH": "reports", "QUERY": "caseload", "TERM": "caseload", "KEY": "year", "H": "127.0.0.1",
                "P": "5001", "LA": "Blackpool", "S": "5", "INTERVAL": "24h", "SOURCE": "ees:x",
                "NAME=VALUE": "DOWNLOAD_DELAY=0", "TYPE": "la", "DATE": "2020-01-01",
                "YYYY-MM-DD": "2020-01-01", "CODE": "E12000001"}


def _as_typed(line: str) -> list[str]:
    """A documented form as arguments: optional parts taken, the first of alternatives, each
    placeholder replaced by a value of its kind."""
    text = line.replace("\\|", "|").replace("[", " ").replace("]", " ")
    words = []
    for word in shlex.split(text)[1:]:
        word = word.split("|")[0] if "|" in word and not word.startswith(("'", '"')) else word
        bare = word.rstrip("…")
        words.append(PLACEHOLDERS.get(bare, bare))
    return [word for word in words if word]


def _parse(command: click.Command, args: list[str], parent=None, name="inspection-index") -> click.Context:
    """Parse ``args`` the way running them would, down to the command that runs, without running it."""
    context = command.make_context(name, args, parent=parent)
    rest = [*context._protected_args, *context.args] if isinstance(command, click.Group) else []
    if rest:
        sub_name, sub, rest = command.resolve_command(context, rest)
        return _parse(sub, rest, context, sub_name)
    return context


@pytest.mark.parametrize("where, line", documented_invocations())
def test_every_documented_form_parses_as_written(where, line):
    """Each documented `inspection-index …` line, as a person would type it, is accepted (the
    bug this guards: `status --data-dir DIR` was documented but refused)."""
    args = _as_typed(line)
    try:
        _parse(cli, args)
    except click.exceptions.Exit:       # --help, --version: answered and done
        pass
    except click.MissingParameter:
        # A command named in passing (`inspection-index export` in a sentence) is not a form.
        if _resolve(args)[1]:
            raise AssertionError(f"{where}: `{line}` (as {args}) lacks a required argument") from None
    except click.UsageError as error:
        raise AssertionError(f"{where}: `{line}` (as {args}) is refused: {error.format_message()}") from None


@pytest.mark.parametrize("args", [["status", "--data-dir", "DIR"], ["--data-dir", "DIR", "status"],
                                  ["crawl", "--data-dir", "DIR", "ofsted", "--limit", "1"],
                                  ["figures", "show", "Blackpool", "--data-dir", "DIR", "--debug"]])
def test_data_dir_before_or_after_the_command(args, tmp_path):
    _parse(cli, [str(tmp_path) if arg == "DIR" else arg for arg in args])


def test_data_dir_after_the_command_wins(tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "before"), "status", "--json",
                                      "--data-dir", str(tmp_path / "after")])
    assert result.exit_code == 0, result.output
    assert '"data_dir": "%s"' % (tmp_path / "after") in result.stdout


def test_no_arguments_say_what_to_do_first():
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0
    assert "Start here:\n\n  inspection-index up\n" in result.stdout and "Commands:" in result.stdout


def test_help_and_version_import_no_stage():
    """--help and --version stay quick: no Whoosh, SciPy, Scrapy, pdfplumber or Flask at start."""
    import subprocess
    import sys

    probe = ("import sys, runpy; sys.argv = ['inspection-index', '--help']\n"
             "try:\n    runpy.run_module('inspection_index', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in ('whoosh', 'scipy', 'scrapy', 'pdfplumber', 'flask', 'search', 'extract',"
             " 'crawler', 'webui') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().endswith("[]"), done.stdout + done.stderr


def test_a_refresh_that_is_not_a_duration_is_bad_usage(tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["up", "--data-dir", str(tmp_path), "--refresh", "daily"])
    assert result.exit_code == 2
    assert "'daily' is not a duration such as 30m, 24h or 7d, or off" in result.output
